/* Conformance: handles.  NULL, closed (stale) and forged handles, the wrong
 * kind of handle, the last-error value after success, argument checks of
 * WinHttpOpen/WinHttpConnect/WinHttpOpenRequest. */
#include "conformance.h"

static HINTERNET open_session(void)
{
    HINTERNET s = WinHttpOpen(W("conformance/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY,
                              WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    CHECK_NOT_NULL(s);
    return s;
}

CONF_TEST(check_platform)
{
    CHECK_TRUE(WinHttpCheckPlatform());
}

CONF_TEST(open_sets_success)
{
    SetLastError(0xdeadbeef);
    HINTERNET s = open_session();
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_TRUE(WinHttpCloseHandle(s));
}

CONF_TEST(open_bad_access_type)
{
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpOpen(W("a"), 2, NULL, NULL, 0)); /* 2 is no access type */
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

CONF_TEST(open_named_proxy_without_name)
{
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpOpen(W("a"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

CONF_TEST(close_null)
{
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCloseHandle(NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

CONF_TEST(close_twice)
{
    HINTERNET s = open_session();
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpCloseHandle(s));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCloseHandle(s));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

CONF_TEST(stale_session_refused)
{
    HINTERNET s = open_session();
    CHECK_TRUE(WinHttpCloseHandle(s));
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpConnect(s, W("localhost"), 80, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

CONF_TEST(forged_handles_refused)
{
    /* Values no implementation hands out (Wine's handles are small
     * integers, ours carry a generation, Windows' are pointers). */
    static const uintptr_t forged[] = {0x1234, 0xdead0000, (uintptr_t)-1};
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        DWORD_PTR v;
        DWORD len = sizeof v;
        SetLastError(0xdeadbeef);
        CHECK_FALSE(WinHttpQueryOption((HINTERNET)forged[i], WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
        CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    }
}

CONF_TEST(connect_on_null_session)
{
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpConnect(NULL, W("localhost"), 80, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

CONF_TEST(connect_bad_arguments)
{
    HINTERNET s = open_session();
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpConnect(s, NULL, 80, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpConnect(s, W(""), 80, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(s);
}

CONF_TEST(connect_on_connect_handle)
{
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    CHECK_NOT_NULL(c);
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpConnect(c, W("localhost"), 80, 0));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(open_request_on_session_handle)
{
    HINTERNET s = open_session();
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpOpenRequest(s, NULL, W("/"), NULL, NULL, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(s);
}

CONF_TEST(send_request_on_connect_handle)
{
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSendRequest(c, NULL, 0, NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(open_request_sets_success)
{
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    SetLastError(0xdeadbeef);
    HINTERNET r = WinHttpOpenRequest(c, W("GET"), W("/x"), NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    CHECK_NOT_NULL(r);
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(child_outlives_closed_parent)
{
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    CHECK_TRUE(WinHttpCloseHandle(s));
    /* Decision (ours: a child holds its parent): the connect handle stays
     * usable after its session was closed. */
    HINTERNET r = WinHttpOpenRequest(c, NULL, W("/"), NULL, NULL, NULL, 0);
    CHECK_NOT_NULL(r);
    CHECK_TRUE(WinHttpCloseHandle(r));
    CHECK_TRUE(WinHttpCloseHandle(c));
}

CONF_TEST(handle_types)
{
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
    CHECK_NOT_NULL(r);
    const HINTERNET h[3] = {s, c, r};
    const DWORD want[3] = {WINHTTP_HANDLE_TYPE_SESSION, WINHTTP_HANDLE_TYPE_CONNECT,
                           WINHTTP_HANDLE_TYPE_REQUEST};
    for (int i = 0; i < 3; i++) {
        DWORD v = 0, len = sizeof v;
        CHECK_TRUE(WinHttpQueryOption(h[i], WINHTTP_OPTION_HANDLE_TYPE, &v, &len));
        CHECK_INT(v, want[i]);
        CHECK_INT(len, sizeof(DWORD));
    }
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static const struct conf_case cases[] = {
    CONF_CASE(check_platform),
    CONF_CASE(open_sets_success),
    CONF_CASE(open_bad_access_type),
    CONF_CASE(open_named_proxy_without_name),
    CONF_CASE(close_null),
    CONF_CASE(close_twice),
    CONF_CASE(stale_session_refused),
    CONF_CASE(forged_handles_refused),
    CONF_CASE(connect_on_null_session),
    CONF_CASE(connect_bad_arguments),
    CONF_CASE(connect_on_connect_handle),
    CONF_CASE(open_request_on_session_handle),
    CONF_CASE(send_request_on_connect_handle),
    CONF_CASE(open_request_sets_success),
    CONF_CASE(child_outlives_closed_parent),
    CONF_CASE(handle_types),
};
CONF_SUITE(conf_suite_handles, "handles", cases);
