/* Proxy configuration outside sessions: WinHttpGet/SetDefaultProxyConfiguration
 * (process-wide here; sessions opened with WINHTTP_ACCESS_TYPE_DEFAULT_PROXY
 * use it, checked against the test server playing the proxy),
 * WinHttpGetIEProxyConfigForCurrentUser (the environment's http_proxy,
 * https_proxy and no_proxy), and WinHttpIsHostInProxyBypassList. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static int wide_equals(LPCWSTR w, const char *s)
{
    if (!w)
        return 0;
    size_t i = 0;
    for (; s[i]; ++i)
        if (w[i] != (WCHAR)(unsigned char)s[i])
            return 0;
    return w[i] == 0;
}

static void wide(const char *s, WCHAR *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; ++i)
        out[i] = (WCHAR)s[i];
    out[i] = 0;
}

static void set_default(DWORD type, LPWSTR proxy, LPWSTR bypass)
{
    WINHTTP_PROXY_INFO info = {type, proxy, bypass};
    assert_true(WinHttpSetDefaultProxyConfiguration(&info));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
}

static void test_default_starts_direct(void **state)
{
    (void)state;
    WINHTTP_PROXY_INFO info;
    memset(&info, 0xcc, sizeof(info));
    assert_true(WinHttpGetDefaultProxyConfiguration(&info));
    assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_null(info.lpszProxy);
    assert_null(info.lpszProxyBypass);
}

static void test_default_round_trip(void **state)
{
    (void)state;
    set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"proxy.example:8080", u"<local>;*.corp");
    WINHTTP_PROXY_INFO info;
    assert_true(WinHttpGetDefaultProxyConfiguration(&info));
    assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    assert_true(wide_equals(info.lpszProxy, "proxy.example:8080"));
    assert_true(wide_equals(info.lpszProxyBypass, "<local>;*.corp"));
    assert_null(GlobalFree(info.lpszProxy));
    assert_null(GlobalFree(info.lpszProxyBypass));

    /* DEFAULT_PROXY means "no proxy" when setting (Microsoft's page). */
    set_default(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL);
    assert_true(WinHttpGetDefaultProxyConfiguration(&info));
    assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_null(info.lpszProxy);
}

static void test_default_bad_input(void **state)
{
    (void)state;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpGetDefaultProxyConfiguration(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetDefaultProxyConfiguration(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    WINHTTP_PROXY_INFO no_name = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, NULL};
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetDefaultProxyConfiguration(&no_name));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    WINHTTP_PROXY_INFO empty_name = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"", NULL};
    assert_false(WinHttpSetDefaultProxyConfiguration(&empty_name));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    WINHTTP_PROXY_INFO unknown = {99, u"p:1", NULL};
    assert_false(WinHttpSetDefaultProxyConfiguration(&unknown));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    /* A refused change leaves the default as it was. */
    WINHTTP_PROXY_INFO info;
    assert_true(WinHttpGetDefaultProxyConfiguration(&info));
    assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NO_PROXY);
}

static size_t fetch_echo_headers(HINTERNET s, char *head, size_t cap)
{
    HINTERNET c = WinHttpConnect(s, u"origin.invalid", 8080, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/echo-headers", NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    size_t n = http_read_all(r, head, cap);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    return n;
}

/* Sessions opened with DEFAULT_PROXY after the change use the default
 * proxy; a session opened before it keeps what it had. */
static void test_default_proxy_sessions_use_it(void **state)
{
    (void)state;
    HINTERNET before = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
    assert_non_null(before);

    char proxy[64], head[4096];
    WCHAR wproxy[64];
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", testserver_port(g_fx.server));
    wide(proxy, wproxy, 64);
    set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, NULL);

    HINTERNET after = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
    assert_non_null(after);
    fetch_echo_headers(after, head, sizeof(head));
    assert_non_null(strstr(head, "GET http://origin.invalid:8080/echo-headers HTTP/1.1\r\n"));
    WinHttpCloseHandle(after);

    /* The earlier session goes direct: origin.invalid does not resolve. */
    HINTERNET c = WinHttpConnect(before, u"origin.invalid", 8080, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_NAME_NOT_RESOLVED);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(before);
    set_default(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL);
}

static void clear_proxy_environment(void)
{
    const char *names[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        unsetenv(names[i]);
}

static void test_user_config_from_environment(void **state)
{
    (void)state;
    clear_proxy_environment();
    setenv("http_proxy", "http://user:secret@proxy.local:3128/", 1);
    setenv("HTTPS_PROXY", "secure.local:3129", 1);
    setenv("no_proxy", "localhost, .corp.example,*", 1);
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG cfg;
    memset(&cfg, 0xcc, sizeof(cfg));
    SetLastError(0xdeadbeef);
    assert_true(WinHttpGetIEProxyConfigForCurrentUser(&cfg));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_false(cfg.fAutoDetect);
    assert_null(cfg.lpszAutoConfigUrl);
    /* The credentials stay out of the list. */
    assert_true(wide_equals(cfg.lpszProxy, "http=proxy.local:3128;https=secure.local:3129"));
    assert_true(wide_equals(cfg.lpszProxyBypass, "localhost;*.localhost;*.corp.example;*"));
    GlobalFree(cfg.lpszProxy);
    GlobalFree(cfg.lpszProxyBypass);

    clear_proxy_environment();
    assert_true(WinHttpGetIEProxyConfigForCurrentUser(&cfg));
    assert_false(cfg.fAutoDetect);
    assert_null(cfg.lpszAutoConfigUrl);
    assert_null(cfg.lpszProxy);
    assert_null(cfg.lpszProxyBypass);

    SetLastError(0xdeadbeef);
    assert_false(WinHttpGetIEProxyConfigForCurrentUser(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

static BOOL in_list(LPWSTR list, LPCWSTR host)
{
    WINHTTP_PROXY_INFO info = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"p:1", list};
    BOOL in = 2;
    assert_int_equal(WinHttpIsHostInProxyBypassList(&info, host, INTERNET_SCHEME_HTTP, 80, &in), ERROR_SUCCESS);
    return in;
}

static void test_bypass_list(void **state)
{
    (void)state;
    LPWSTR list = u"<local>; *.example.com 10.*";
    assert_int_equal(in_list(list, u"intranet"), TRUE);
    assert_int_equal(in_list(list, u"www.EXAMPLE.com"), TRUE);
    assert_int_equal(in_list(list, u"example.com"), FALSE);
    assert_int_equal(in_list(list, u"example.org"), FALSE);
    assert_int_equal(in_list(list, u"10.1.2.3"), TRUE);
    assert_int_equal(in_list(list, u"110.1.2.3"), FALSE);
    assert_int_equal(in_list(NULL, u"intranet"), FALSE);

    /* A pattern built to make a naive matcher take exponential time. */
    WCHAR host[200], pattern[100];
    for (int i = 0; i < 199; i++)
        host[i] = u'a';
    host[199] = 0;
    for (int i = 0; i < 98; i += 2) {
        pattern[i] = u'*';
        pattern[i + 1] = u'a';
    }
    pattern[98] = u'b';
    pattern[99] = 0;
    clock_t start = clock();
    assert_int_equal(in_list(pattern, host), FALSE);
    assert_true(clock() - start < CLOCKS_PER_SEC);

    WINHTTP_PROXY_INFO info = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"p:1", list};
    BOOL in;
    assert_int_equal(WinHttpIsHostInProxyBypassList(NULL, u"h", INTERNET_SCHEME_HTTP, 80, &in),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpIsHostInProxyBypassList(&info, NULL, INTERNET_SCHEME_HTTP, 80, &in),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpIsHostInProxyBypassList(&info, u"h", INTERNET_SCHEME_HTTP, 80, NULL),
                     ERROR_INVALID_PARAMETER);
}

static int setup(void **state)
{
    (void)state;
    return http_fixture_open(u"proxy-config-test", NULL);
}

static int teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_starts_direct),
        cmocka_unit_test(test_default_round_trip),
        cmocka_unit_test(test_default_bad_input),
        cmocka_unit_test(test_default_proxy_sessions_use_it),
        cmocka_unit_test(test_user_config_from_environment),
        cmocka_unit_test(test_bypass_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
