/* Conformance: proxy configuration that needs no network.  The bypass-list
 * test's basic rules, and the current user's configuration coming back as
 * strings the caller frees with GlobalFree (which one is the machine's
 * business, so only the shape is checked). */
#include "conformance.h"

typedef DWORD(WINAPI *bypass_test_fn)(const WINHTTP_PROXY_INFO *, PCWSTR, INTERNET_SCHEME, INTERNET_PORT, BOOL *);

/* mingw's import library predates WinHttpIsHostInProxyBypassList: the PE
 * build looks it up in winhttp.dll at run time. */
static bypass_test_fn bypass_test(void)
{
#ifdef _WIN32
    HMODULE dll = GetModuleHandleW(L"winhttp.dll");
    return dll ? (bypass_test_fn)(void (*)(void))GetProcAddress(dll, "WinHttpIsHostInProxyBypassList") : NULL;
#else
    return WinHttpIsHostInProxyBypassList;
#endif
}

static BOOL in_list(const WCHAR *list, const WCHAR *host)
{
    bypass_test_fn fn = bypass_test();
    CHECK_NOT_NULL(fn);
    WINHTTP_PROXY_INFO info = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, (LPWSTR)W("proxy:8080"), (LPWSTR)list};
    BOOL in = 2;
    CHECK_INT(fn(&info, host, INTERNET_SCHEME_HTTP, 80, &in), ERROR_SUCCESS);
    return in;
}

CONF_TEST(bypass_list_local_and_wildcards)
{
    const WCHAR *list = W("<local>;*.example.com");
    CHECK_INT(in_list(list, W("intranet")), TRUE);
    CHECK_INT(in_list(list, W("www.example.com")), TRUE);
    CHECK_INT(in_list(list, W("example.org")), FALSE);
}

CONF_TEST(user_config_strings_free_with_globalfree)
{
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG cfg;
    memset(&cfg, 0, sizeof(cfg));
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpGetIEProxyConfigForCurrentUser(&cfg));
    if (cfg.lpszAutoConfigUrl)
        CHECK_NULL(GlobalFree(cfg.lpszAutoConfigUrl));
    if (cfg.lpszProxy)
        CHECK_NULL(GlobalFree(cfg.lpszProxy));
    if (cfg.lpszProxyBypass)
        CHECK_NULL(GlobalFree(cfg.lpszProxyBypass));
}

static const struct conf_case cases[] = {
    CONF_CASE(bypass_list_local_and_wildcards),
    CONF_CASE(user_config_strings_free_with_globalfree),
};
CONF_SUITE(conf_suite_proxy, "proxy", cases);
