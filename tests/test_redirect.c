/* Redirects against the loopback test server: the REDIRECT notification
 * and its place in the sequence, method rules, limits, policy, and that an
 * Authorization header does not follow a redirect to another host. */
#include <stdio.h>
#include <string.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static struct {
    DWORD statuses[128];
    int count;
} g;
static char g_redirects[8][256];
static int g_redirect_count;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED || status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
        return;
    if (g.count < 128)
        g.statuses[g.count++] = status;
    if (status == WINHTTP_CALLBACK_STATUS_REDIRECT && g_redirect_count < 8) {
        /* The new URL, as a WCHAR string whose length counts the NUL. */
        const WCHAR *w = info;
        char *out = g_redirects[g_redirect_count++];
        DWORD i = 0;
        for (; i + 1 < len && i < 255; ++i)
            out[i] = (char)w[i];
        out[i] = 0;
        assert_int_equal(w[len - 1], 0);
    }
}

static void reset(void)
{
    g.count = 0;
    g_redirect_count = 0;
}

static HINTERNET open_req(LPCWSTR verb, const char *path)
{
    WCHAR wpath[512];
    size_t i = 0;
    for (; path[i] && i < 511; ++i)
        wpath[i] = (WCHAR)path[i];
    wpath[i] = 0;
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, verb, wpath, NULL, NULL, NULL, 0);
    assert_non_null(r);
    return r;
}

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    return code;
}

/* Sends and receives; returns FALSE with GetLastError from the failing call. */
static BOOL exchange(HINTERNET r, LPCWSTR headers, const char *body)
{
    DWORD n = body ? (DWORD)strlen(body) : 0;
    if (!WinHttpSendRequest(r, headers, headers ? (DWORD)-1 : 0, (LPVOID)body, n, n, 0))
        return FALSE;
    return WinHttpReceiveResponse(r, NULL);
}

static void test_302_is_followed_with_redirect_notification(void **state)
{
    (void)state;
    HINTERNET r = open_req(u"GET", "/redirect/302?to=/hello");
    reset();
    assert_true(exchange(r, NULL, NULL));
    assert_int_equal(status_code(r), 200);
    char body[64];
    assert_int_equal(http_read_all(r, body, sizeof(body)), 16);
    assert_string_equal(body, "Hello, WinHTTP!\n");

    /* The redirect's response is received, REDIRECT names the new URL, and
     * the next request follows on the kept-alive connection. */
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,   WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_REDIRECT,          WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,
        WINHTTP_CALLBACK_STATUS_REQUEST_SENT,      WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    int first = 0;
    while (first < g.count && g.statuses[first] != WINHTTP_CALLBACK_STATUS_SENDING_REQUEST)
        ++first; /* a fresh connection's resolve/connect come first */
    assert_int_equal(g.count - first, 9);
    assert_memory_equal(g.statuses + first, expected, sizeof(expected));
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hello", testserver_port(g_fx.server));
    assert_int_equal(g_redirect_count, 1);
    assert_string_equal(g_redirects[0], url);

    /* WINHTTP_OPTION_URL reports where the request ended up. */
    WCHAR wurl[128];
    DWORD size = sizeof(wurl);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_URL, wurl, &size));
    for (size_t i = 0; i <= strlen(url); ++i)
        assert_int_equal(wurl[i], (WCHAR)url[i]);
    WinHttpCloseHandle(r);
}

/* The method and body each status code sends on: read back from
 * /echo-headers, which returns the request head it got. */
static void expect_method_after(const char *code, LPCWSTR verb, const char *body, const char *want_line)
{
    char path[128];
    snprintf(path, sizeof(path), "/redirect/%s?to=/echo-headers", code);
    HINTERNET r = open_req(verb, path);
    assert_true(exchange(r, NULL, body));
    assert_int_equal(status_code(r), 200);
    char head[4096];
    http_read_all(r, head, sizeof(head));
    if (strncmp(head, want_line, strlen(want_line)) != 0)
        fail_msg("after %s: request line \"%.40s\", expected \"%s\"", code, head, want_line);
    WinHttpCloseHandle(r);
}

static void test_method_rules(void **state)
{
    (void)state;
    expect_method_after("301", u"POST", "a=b", "GET /echo-headers ");
    expect_method_after("302", u"POST", "a=b", "GET /echo-headers ");
    expect_method_after("303", u"POST", "a=b", "GET /echo-headers ");
    expect_method_after("303", u"PUT", "a=b", "GET /echo-headers ");
    expect_method_after("307", u"POST", "a=b", "POST /echo-headers ");
    expect_method_after("308", u"PUT", "a=b", "PUT /echo-headers ");
    /* Decision: 301/302 keep a method other than POST, as Windows does. */
    expect_method_after("302", u"PUT", "a=b", "PUT /echo-headers ");
}

static void test_307_resends_the_body(void **state)
{
    (void)state;
    HINTERNET r = open_req(u"POST", "/redirect/307?to=/echo");
    assert_true(exchange(r, NULL, "payload-307"));
    char body[64];
    http_read_all(r, body, sizeof(body));
    assert_string_equal(body, "payload-307");
    WinHttpCloseHandle(r);
}

static void test_chain_and_limit(void **state)
{
    (void)state;
    HINTERNET r = open_req(u"GET", "/redirect-chain/3");
    reset();
    assert_true(exchange(r, NULL, NULL));
    assert_int_equal(status_code(r), 200);
    assert_int_equal(g_redirect_count, 3);
    WinHttpCloseHandle(r);

    r = open_req(u"GET", "/redirect-chain/3");
    DWORD max = 2;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, &max, sizeof(max)));
    SetLastError(0xdeadbeef);
    assert_false(exchange(r, NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_REDIRECT_FAILED);
    WinHttpCloseHandle(r);
}

static void test_policy_never_and_disable_feature_return_the_3xx(void **state)
{
    (void)state;
    HINTERNET r = open_req(u"GET", "/redirect/302?to=/hello");
    DWORD policy = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_REDIRECT_POLICY, &policy, sizeof(policy)));
    reset();
    assert_true(exchange(r, NULL, NULL));
    assert_int_equal(status_code(r), 302);
    assert_int_equal(g_redirect_count, 0);
    WinHttpCloseHandle(r);

    r = open_req(u"GET", "/redirect/301?to=/hello");
    DWORD off = WINHTTP_DISABLE_REDIRECTS;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_DISABLE_FEATURE, &off, sizeof(off)));
    assert_true(exchange(r, NULL, NULL));
    assert_int_equal(status_code(r), 301);
    char body[64];
    http_read_all(r, body, sizeof(body));
    assert_string_equal(body, "Redirecting\n");
    WinHttpCloseHandle(r);
}

static int has_authorization(const char *head)
{
    return strstr(head, "\r\nAuthorization: Basic dXNlcjpwYXNz\r\n") != NULL;
}

static void test_authorization_stays_with_its_host(void **state)
{
    (void)state;
    char path[256], head[4096];
    /* Same host: the header is sent again. */
    HINTERNET r = open_req(u"GET", "/redirect/302?to=/echo-headers");
    assert_true(exchange(r, u"Authorization: Basic dXNlcjpwYXNz\r\n", NULL));
    http_read_all(r, head, sizeof(head));
    assert_true(has_authorization(head));
    WinHttpCloseHandle(r);

    /* Another host name (localhost, same server): it is not. */
    snprintf(path, sizeof(path), "/redirect/302?to=http://localhost:%d/echo-headers", testserver_port(g_fx.server));
    r = open_req(u"GET", path);
    assert_true(exchange(r, u"Authorization: Basic dXNlcjpwYXNz\r\n", NULL));
    assert_int_equal(status_code(r), 200);
    http_read_all(r, head, sizeof(head));
    assert_non_null(strstr(head, "GET /echo-headers "));
    assert_false(has_authorization(head));
    WinHttpCloseHandle(r);
}

static void test_unsupported_location_scheme_is_not_followed(void **state)
{
    (void)state;
    HINTERNET r = open_req(u"GET", "/redirect/302?to=ftp://127.0.0.1/file");
    assert_true(exchange(r, NULL, NULL));
    assert_int_equal(status_code(r), 302);
    WinHttpCloseHandle(r);
}

static int group_setup(void **state)
{
    (void)state;
    return http_fixture_open(u"test-redirect/1.0", capture);
}

static int group_teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_302_is_followed_with_redirect_notification),
        cmocka_unit_test(test_method_rules),
        cmocka_unit_test(test_307_resends_the_body),
        cmocka_unit_test(test_chain_and_limit),
        cmocka_unit_test(test_policy_never_and_disable_feature_return_the_3xx),
        cmocka_unit_test(test_authorization_stays_with_its_host),
        cmocka_unit_test(test_unsupported_location_scheme_is_not_followed),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
