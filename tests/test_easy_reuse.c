/* Recycled curl handles (dlls/winhttp/easy_pool.h): a handle whose last
 * exchange ended cleanly keeps its options for the next transfer with the
 * same profile, and is reset for any other.  Requests of every shape, one
 * after another on one connection, must each behave as on a fresh handle:
 * nothing of the previous request (method, HEAD's missing body, upload,
 * decompression, extra headers, HTTP version, redirect target) may leak
 * into the next. */
#include <string.h>

#include "cmocka_all.h"
#include "http_fixture.h"

struct step {
    const WCHAR *verb;
    const WCHAR *path;
    const WCHAR *version;     /* NULL: HTTP/1.1 */
    const WCHAR *headers;     /* NULL: none */
    const char *upload;       /* NULL: no body */
    DWORD decompression;      /* WINHTTP_OPTION_DECOMPRESSION, 0: off */
    DWORD status;
    const char *body;         /* exact body, or NULL to check body_prefix */
    const char *body_prefix;  /* the body starts with this */
    const char *not_in_body;  /* must not appear in the body (NULL: none) */
};

static void run_step(const struct step *s)
{
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, s->verb, s->path, s->version, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    assert_non_null(r);
    if (s->decompression)
        assert_true(WinHttpSetOption(r, WINHTTP_OPTION_DECOMPRESSION, (void *)&s->decompression,
                                     sizeof(s->decompression)));
    DWORD upload_length = s->upload ? (DWORD)strlen(s->upload) : 0;
    assert_true(WinHttpSendRequest(r, s->headers ? s->headers : WINHTTP_NO_ADDITIONAL_HEADERS,
                                   s->headers ? (DWORD)-1 : 0, (void *)s->upload, upload_length,
                                   upload_length, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    DWORD status = 0, size = sizeof(status);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL,
                                    &status, &size, NULL));
    assert_int_equal(status, s->status);
    char body[4096];
    http_read_all(r, body, sizeof(body));
    if (s->body)
        assert_string_equal(body, s->body);
    if (s->body_prefix)
        assert_memory_equal(body, s->body_prefix, strlen(s->body_prefix));
    if (s->not_in_body)
        assert_null(strstr(body, s->not_in_body));
    assert_true(WinHttpCloseHandle(r));
}

static void test_each_request_as_on_a_fresh_handle(void **state)
{
    (void)state;
    static const struct step steps[] = {
        {u"GET", u"/hello", NULL, NULL, NULL, 0, 200, "Hello, WinHTTP!\n", NULL, NULL},
        {u"GET", u"/hello", NULL, NULL, NULL, 0, 200, "Hello, WinHTTP!\n", NULL, NULL},
        /* HEAD: no body; the GET after it must get its body again. */
        {u"HEAD", u"/hello", NULL, NULL, NULL, 0, 200, "", NULL, NULL},
        {u"GET", u"/hello", NULL, NULL, NULL, 0, 200, "Hello, WinHTTP!\n", NULL, NULL},
        /* A custom verb, then GET: the request line says each. */
        {u"DELETE", u"/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "DELETE /echo-headers HTTP/1.1\r\n", NULL},
        {u"GET", u"/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "GET /echo-headers HTTP/1.1\r\n", NULL},
        /* An upload, then a GET that must send no body. */
        {u"POST", u"/echo", NULL, NULL, "posted body", 0, 200, "posted body", NULL, NULL},
        {u"GET", u"/echo", NULL, NULL, NULL, 0, 200, "", NULL, NULL},
        {u"GET", u"/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "GET /echo-headers HTTP/1.1\r\n",
         "Content-Length"},
        /* An extra header goes with its own request only. */
        {u"GET", u"/echo-headers", NULL, u"X-Once: 1\r\n", NULL, 0, 200, NULL, "GET /echo-headers", NULL},
        {u"GET", u"/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "GET /echo-headers", "X-Once"},
        /* Decompression on, then off: the second gets the gzip bytes. */
        {u"GET", u"/gzip", NULL, NULL, NULL, WINHTTP_DECOMPRESSION_FLAG_ALL, 200, NULL, NULL, NULL},
        {u"GET", u"/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "GET /echo-headers", "Accept-Encoding"},
        /* HTTP/1.0, then 1.1 again. */
        {u"GET", u"/echo-headers", u"HTTP/1.0", NULL, NULL, 0, 200, NULL, "GET /echo-headers HTTP/1.0\r\n", NULL},
        {u"GET", u"/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "GET /echo-headers HTTP/1.1\r\n", NULL},
        /* A followed redirect changes the handle's URL: the next request
         * must go to its own. */
        {u"GET", u"/redirect/302?to=/echo-headers", NULL, NULL, NULL, 0, 200, NULL, "GET /echo-headers", NULL},
        {u"GET", u"/hello", NULL, NULL, NULL, 0, 200, "Hello, WinHTTP!\n", NULL, NULL},
        /* A POST redirected with 303 becomes a GET; the next POST posts. */
        {u"POST", u"/redirect/303?to=/echo-headers", NULL, NULL, "x", 0, 200, NULL, "GET /echo-headers", NULL},
        {u"POST", u"/echo", NULL, NULL, "again", 0, 200, "again", NULL, NULL},
        {u"GET", u"/hello", NULL, NULL, NULL, 0, 200, "Hello, WinHTTP!\n", NULL, NULL},
    };
    /* Twice through, so every shape also follows every other. */
    for (int round = 0; round < 2; ++round)
        for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); ++i)
            run_step(&steps[i]);
}

/* A request closed before its body was read is aborted: its handle goes
 * back reset, and the next request must not inherit anything from it. */
static void test_after_an_aborted_request(void **state)
{
    (void)state;
    for (int i = 0; i < 3; ++i) {
        HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"HEAD", u"/bytes/1048576", NULL, WINHTTP_NO_REFERER,
                                         WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
        assert_non_null(r);
        assert_true(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0));
        assert_true(WinHttpReceiveResponse(r, NULL));
        assert_true(WinHttpCloseHandle(r));
        r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/bytes/1048576", NULL, WINHTTP_NO_REFERER,
                               WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
        assert_non_null(r);
        assert_true(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0));
        assert_true(WinHttpReceiveResponse(r, NULL));
        char first[8];
        DWORD got = 0;
        assert_true(WinHttpReadData(r, first, sizeof(first), &got));
        assert_int_equal(got, sizeof(first));
        assert_int_equal((unsigned char)first[0], 7);  /* the /bytes pattern */
        assert_true(WinHttpCloseHandle(r));             /* aborted mid-body */
        run_step(&(struct step){u"GET", u"/hello", NULL, NULL, NULL, 0, 200, "Hello, WinHTTP!\n", NULL, NULL});
    }
}

static int group_setup(void **state)
{
    (void)state;
    return http_fixture_open(u"easy-reuse-test", NULL);
}

static int group_teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_request_as_on_a_fresh_handle),
        cmocka_unit_test(test_after_an_aborted_request),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
