/* Every export that is not implemented yet fails the Windows way with
 * ERROR_CALL_NOT_IMPLEMENTED (README status table), never a fake success. */
#include "cmocka_all.h"
#include "winhttp.h"

#define EXPECT_BOOL_FAILS(call)                                     \
    do {                                                            \
        SetLastError(0xdeadbeef);                                   \
        assert_false(call);                                         \
        assert_int_equal(GetLastError(), ERROR_CALL_NOT_IMPLEMENTED); \
    } while (0)
#define EXPECT_CODE(call)                                           \
    do {                                                            \
        SetLastError(0xdeadbeef);                                   \
        assert_int_equal((call), ERROR_CALL_NOT_IMPLEMENTED);       \
        assert_int_equal(GetLastError(), ERROR_CALL_NOT_IMPLEMENTED); \
    } while (0)

static void test_request_functions(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"h", 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
    /* Authentication works (tests/test_auth.c) but for Negotiate and
     * Passport. */
    EXPECT_BOOL_FAILS(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NEGOTIATE, u"u", u"p", NULL));
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_proxy_functions(void **state)
{
    (void)state;
    LPWSTR url = NULL;
    HINTERNET resolver = NULL;
    EXPECT_BOOL_FAILS(WinHttpDetectAutoProxyConfigUrl(WINHTTP_AUTO_DETECT_TYPE_DHCP, &url));
    EXPECT_CODE(WinHttpCreateProxyResolver(NULL, &resolver));
    EXPECT_CODE(WinHttpResetAutoProxy(NULL, 0));
    EXPECT_CODE(WinHttpSetProxySettingsPerUser(FALSE));
    assert_null(url);
    assert_null(resolver);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_functions),
        cmocka_unit_test(test_proxy_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
