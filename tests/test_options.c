/* WinHttpSetOption / WinHttpQueryOption / WinHttpSetTimeouts for the options
 * that need no network: defaults, round trips, handle kinds, sizes. */
#include "cmocka_all.h"
#include "winhttp.h"

struct handles { HINTERNET s, c, r; };

static struct handles open_all(void)
{
    struct handles h;
    h.s = WinHttpOpen(u"agent/1", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    h.c = WinHttpConnect(h.s, u"example.com", 0, 0);
    h.r = WinHttpOpenRequest(h.c, NULL, u"/p", NULL, NULL, NULL, 0);
    return h;
}

static void close_all(struct handles h)
{
    WinHttpCloseHandle(h.r);
    WinHttpCloseHandle(h.c);
    WinHttpCloseHandle(h.s);
}

static DWORD query_dword(HINTERNET h, DWORD option)
{
    DWORD v = 0xdeadbeef, len = sizeof(v);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpQueryOption(h, option, &v, &len));
    assert_int_equal(len, sizeof(DWORD));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    return v;
}

static void set_dword(HINTERNET h, DWORD option, DWORD v)
{
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetOption(h, option, &v, sizeof(v)));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
}

static void expect_set_error(HINTERNET h, DWORD option, DWORD v, DWORD error)
{
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(h, option, &v, sizeof(v)));
    assert_int_equal(GetLastError(), error);
}

static void expect_query_error(HINTERNET h, DWORD option, DWORD error)
{
    DWORD v, len = sizeof(v);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(h, option, &v, &len));
    assert_int_equal(GetLastError(), error);
}

static void test_timeout_defaults_and_inheritance(void **state)
{
    (void)state;
    struct handles h = open_all();
    /* Documented initial values. */
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_RESOLVE_TIMEOUT), 0);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_CONNECT_TIMEOUT), 60000);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_SEND_TIMEOUT), 30000);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_RECEIVE_TIMEOUT), 30000);
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT), 90000);
    /* Set on the session, seen by requests opened afterwards only. */
    assert_true(WinHttpSetTimeouts(h.s, 1, 2, 3, 4));
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_CONNECT_TIMEOUT), 2);
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_CONNECT_TIMEOUT), 60000);
    HINTERNET c2 = WinHttpConnect(h.s, u"x", 80, 0);
    HINTERNET r2 = WinHttpOpenRequest(c2, NULL, NULL, NULL, NULL, NULL, 0);
    assert_int_equal(query_dword(r2, WINHTTP_OPTION_RESOLVE_TIMEOUT), 1);
    assert_int_equal(query_dword(r2, WINHTTP_OPTION_SEND_TIMEOUT), 3);
    assert_int_equal(query_dword(r2, WINHTTP_OPTION_RECEIVE_TIMEOUT), 4);
    set_dword(r2, WINHTTP_OPTION_RECEIVE_TIMEOUT, 777);
    assert_int_equal(query_dword(r2, WINHTTP_OPTION_RECEIVE_TIMEOUT), 777);
    WinHttpCloseHandle(r2);
    WinHttpCloseHandle(c2);
    close_all(h);
}

static void test_set_timeouts_errors(void **state)
{
    (void)state;
    struct handles h = open_all();
    assert_true(WinHttpSetTimeouts(h.r, -1, 0, -1, 0)); /* -1 and 0: infinite */
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_RESOLVE_TIMEOUT), 0xffffffff);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetTimeouts(h.r, -2, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetTimeouts(h.s, 0, 0, 0, -100));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    /* Documented for session and request handles only. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetTimeouts(h.c, 0, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetTimeouts(NULL, 0, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    expect_query_error(h.c, WINHTTP_OPTION_CONNECT_TIMEOUT, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    close_all(h);
}

static void test_context_value(void **state)
{
    (void)state;
    struct handles h = open_all();
    DWORD_PTR v = 0, ctx = (DWORD_PTR)0x1122334455667788ull;
    DWORD len = sizeof(v);
    assert_true(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
    assert_int_equal(v, 0);
    assert_true(WinHttpSetOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)));
    len = sizeof(v);
    assert_true(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
    assert_int_equal(v, ctx);
    assert_int_equal(len, sizeof(DWORD_PTR));
    /* Short buffer: fails and reports the size needed. */
    len = 4;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, sizeof(DWORD_PTR));
    /* NULL buffer: the same, a size probe. */
    len = 0;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, sizeof(DWORD_PTR));
    /* Setting with a short size fails. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, 4));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    /* NULL length pointer. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    close_all(h);
}

static void test_handle_type_and_parent(void **state)
{
    (void)state;
    struct handles h = open_all();
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_HANDLE_TYPE), WINHTTP_HANDLE_TYPE_SESSION);
    assert_int_equal(query_dword(h.c, WINHTTP_OPTION_HANDLE_TYPE), WINHTTP_HANDLE_TYPE_CONNECT);
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_HANDLE_TYPE), WINHTTP_HANDLE_TYPE_REQUEST);
    HINTERNET parent = (HINTERNET)1;
    DWORD len = sizeof(parent);
    assert_true(WinHttpQueryOption(h.r, WINHTTP_OPTION_PARENT_HANDLE, &parent, &len));
    assert_ptr_equal(parent, h.c);
    len = sizeof(parent);
    assert_true(WinHttpQueryOption(h.c, WINHTTP_OPTION_PARENT_HANDLE, &parent, &len));
    assert_ptr_equal(parent, h.s);
    len = sizeof(parent);
    assert_true(WinHttpQueryOption(h.s, WINHTTP_OPTION_PARENT_HANDLE, &parent, &len));
    assert_null(parent);
    /* Query-only options cannot be set. */
    expect_set_error(h.r, WINHTTP_OPTION_HANDLE_TYPE, 1, ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    expect_set_error(h.r, WINHTTP_OPTION_URL, 1, ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    close_all(h);
}

static void test_redirect_policy_and_max(void **state)
{
    (void)state;
    struct handles h = open_all();
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_REDIRECT_POLICY),
                     WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP);
    set_dword(h.r, WINHTTP_OPTION_REDIRECT_POLICY, WINHTTP_OPTION_REDIRECT_POLICY_NEVER);
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_REDIRECT_POLICY), WINHTTP_OPTION_REDIRECT_POLICY_NEVER);
    expect_set_error(h.r, WINHTTP_OPTION_REDIRECT_POLICY, 3, ERROR_INVALID_PARAMETER);
    expect_set_error(h.c, WINHTTP_OPTION_REDIRECT_POLICY, 0, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS), 10);
    set_dword(h.s, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, 3);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS), 3);
    close_all(h);
}

static void test_security_options(void **state)
{
    (void)state;
    struct handles h = open_all();
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_SECURITY_FLAGS), 0);
    set_dword(h.r, WINHTTP_OPTION_SECURITY_FLAGS, SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_CN_INVALID);
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_SECURITY_FLAGS),
                     SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_CN_INVALID);
    /* Only the IGNORE flags can be set; request handles only. */
    expect_set_error(h.r, WINHTTP_OPTION_SECURITY_FLAGS, SECURITY_FLAG_SECURE, ERROR_INVALID_PARAMETER);
    expect_set_error(h.s, WINHTTP_OPTION_SECURITY_FLAGS, 0, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    /* Our default is TLS 1.2 + 1.3 (README: stricter than Windows). */
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_SECURE_PROTOCOLS),
                     WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    set_dword(h.s, WINHTTP_OPTION_SECURE_PROTOCOLS, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_SECURE_PROTOCOLS), WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    expect_set_error(h.s, WINHTTP_OPTION_SECURE_PROTOCOLS, 0x1, ERROR_INVALID_PARAMETER);
    close_all(h);
}

static void test_features(void **state)
{
    (void)state;
    struct handles h = open_all();
    set_dword(h.r, WINHTTP_OPTION_DISABLE_FEATURE, WINHTTP_DISABLE_REDIRECTS | WINHTTP_DISABLE_COOKIES);
    expect_set_error(h.r, WINHTTP_OPTION_DISABLE_FEATURE, 0x100, ERROR_INVALID_PARAMETER);
    expect_set_error(h.s, WINHTTP_OPTION_DISABLE_FEATURE, WINHTTP_DISABLE_COOKIES, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    /* Set-only: a query is refused. */
    expect_query_error(h.r, WINHTTP_OPTION_DISABLE_FEATURE, ERROR_WINHTTP_INVALID_OPTION);
    set_dword(h.r, WINHTTP_OPTION_ENABLE_FEATURE, WINHTTP_ENABLE_SSL_REVOCATION);
    expect_set_error(h.r, WINHTTP_OPTION_ENABLE_FEATURE, 0x4, ERROR_INVALID_PARAMETER);
    expect_query_error(h.r, WINHTTP_OPTION_ENABLE_FEATURE, ERROR_WINHTTP_INVALID_OPTION);
    set_dword(h.s, WINHTTP_OPTION_DECOMPRESSION, WINHTTP_DECOMPRESSION_FLAG_ALL);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_DECOMPRESSION), WINHTTP_DECOMPRESSION_FLAG_ALL);
    expect_set_error(h.s, WINHTTP_OPTION_DECOMPRESSION, 4, ERROR_INVALID_PARAMETER);
    close_all(h);
}

static void test_user_agent_string(void **state)
{
    (void)state;
    struct handles h = open_all();
    WCHAR buf[32];
    DWORD len = sizeof(buf);
    assert_true(WinHttpQueryOption(h.s, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_int_equal(len, 7 * 2); /* bytes, without the NUL */
    assert_memory_equal(buf, u"agent/1", 8 * 2);
    /* Short: needed size in bytes including the NUL. */
    len = 4;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(h.s, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 8 * 2);
    /* Set takes a length in characters. */
    assert_true(WinHttpSetOption(h.s, WINHTTP_OPTION_USER_AGENT, (LPVOID)u"other agent", 5));
    len = sizeof(buf);
    assert_true(WinHttpQueryOption(h.s, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_int_equal(len, 5 * 2);
    assert_memory_equal(buf, u"other", 6 * 2);
    /* The request copied the agent at creation. */
    len = sizeof(buf);
    assert_true(WinHttpQueryOption(h.r, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_memory_equal(buf, u"agent/1", 8 * 2);
    /* And the request's own agent is its own: the session keeps its agent
     * (the two share one text only until either is set). */
    assert_true(WinHttpSetOption(h.r, WINHTTP_OPTION_USER_AGENT, (LPVOID)u"req/3", 5));
    len = sizeof(buf);
    assert_true(WinHttpQueryOption(h.r, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_memory_equal(buf, u"req/3", 6 * 2);
    len = sizeof(buf);
    assert_true(WinHttpQueryOption(h.s, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_memory_equal(buf, u"other", 6 * 2);
    close_all(h);
}

static void test_websocket_buffers_and_worker_threads(void **state)
{
    (void)state;
    struct handles h = open_all();
    set_dword(h.s, WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE, 4096);
    assert_int_equal(query_dword(h.s, WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE), 4096);
    set_dword(h.r, WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE, 2048);
    assert_int_equal(query_dword(h.r, WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE), 2048);
    /* WORKER_THREAD_COUNT lives on the NULL handle. */
    DWORD n = 4;
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetOption(NULL, WINHTTP_OPTION_WORKER_THREAD_COUNT, &n, sizeof(n)));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(NULL, WINHTTP_OPTION_WORKER_THREAD_COUNT, &n, 2));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    /* Other options need a real handle. */
    expect_set_error(NULL, WINHTTP_OPTION_CONNECT_TIMEOUT, 1, ERROR_INVALID_HANDLE);
    close_all(h);
}

static void test_unknown_and_bad_arguments(void **state)
{
    (void)state;
    struct handles h = open_all();
    expect_set_error(h.r, 9999, 1, ERROR_WINHTTP_INVALID_OPTION);
    expect_query_error(h.r, 9999, ERROR_WINHTTP_INVALID_OPTION);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(h.r, WINHTTP_OPTION_CONTEXT_VALUE, NULL, 8));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    expect_query_error(NULL, WINHTTP_OPTION_CONTEXT_VALUE, ERROR_INVALID_HANDLE);
    HINTERNET dead = h.r;
    WinHttpCloseHandle(h.r);
    expect_query_error(dead, WINHTTP_OPTION_CONTEXT_VALUE, ERROR_INVALID_HANDLE);
    expect_set_error(dead, WINHTTP_OPTION_CONTEXT_VALUE, 1, ERROR_INVALID_HANDLE);
    WinHttpCloseHandle(h.c);
    WinHttpCloseHandle(h.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeout_defaults_and_inheritance),
        cmocka_unit_test(test_set_timeouts_errors),
        cmocka_unit_test(test_context_value),
        cmocka_unit_test(test_handle_type_and_parent),
        cmocka_unit_test(test_redirect_policy_and_max),
        cmocka_unit_test(test_security_options),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_user_agent_string),
        cmocka_unit_test(test_websocket_buffers_and_worker_threads),
        cmocka_unit_test(test_unknown_and_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
