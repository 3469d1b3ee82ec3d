/* Plain HTTP and proxies: a named proxy (WINHTTP_ACCESS_TYPE_NAMED_PROXY)
 * gets the request in absolute form; without one, http_proxy in the
 * environment is ignored, as WinHTTP does not read it.  The test server
 * routes absolute-form targets by path, so it can play the proxy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static struct testserver *g_server;

static void wide(const char *s, WCHAR *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; ++i)
        out[i] = (WCHAR)s[i];
    out[i] = 0;
}

static size_t fetch(HINTERNET s, LPCWSTR host, INTERNET_PORT port, LPCWSTR path, char *body, size_t cap)
{
    HINTERNET c = WinHttpConnect(s, host, port, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", path, NULL, NULL, NULL, 0);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    size_t total = http_read_all(r, body, cap);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    return total;
}

static void test_named_proxy_gets_absolute_form(void **state)
{
    (void)state;
    char proxy[64], head[4096];
    WCHAR wproxy[64];
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", testserver_port(g_server));
    wide(proxy, wproxy, 64);
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, WINHTTP_NO_PROXY_BYPASS, 0);
    assert_non_null(s);
    fetch(s, u"origin.invalid", 8080, u"/echo-headers", head, sizeof(head));
    assert_non_null(strstr(head, "GET http://origin.invalid:8080/echo-headers HTTP/1.1\r\n"));
    WinHttpCloseHandle(s);

    /* A bypassed name goes direct (here: to the server itself). */
    s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"127.0.0.1:1", u"127.0.0.1", 0);
    fetch(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), u"/echo-headers", head, sizeof(head));
    assert_non_null(strstr(head, "GET /echo-headers HTTP/1.1\r\n"));
    WinHttpCloseHandle(s);
}

static void test_environment_proxy_is_ignored(void **state)
{
    (void)state;
    char body[64];
    setenv("http_proxy", "http://127.0.0.1:1", 1);
    setenv("HTTP_PROXY", "http://127.0.0.1:1", 1);
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    fetch(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), u"/hello", body, sizeof(body));
    assert_string_equal(body, "Hello, WinHTTP!\n");
    WinHttpCloseHandle(s);
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
}

/* no_proxy in the environment is no more WinHTTP's business than
 * http_proxy: a named proxy still gets every request its own bypass list
 * does not exempt.  (curl reads no_proxy unless told otherwise.) */
static void test_environment_no_proxy_is_ignored(void **state)
{
    (void)state;
    char proxy[64], head[4096];
    WCHAR wproxy[64];
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", testserver_port(g_server));
    wide(proxy, wproxy, 64);
    setenv("no_proxy", "*", 1);
    setenv("NO_PROXY", "*", 1);
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, WINHTTP_NO_PROXY_BYPASS, 0);
    assert_non_null(s);
    fetch(s, u"origin.invalid", 8080, u"/echo-headers", head, sizeof(head));
    assert_non_null(strstr(head, "GET http://origin.invalid:8080/echo-headers HTTP/1.1\r\n"));
    WinHttpCloseHandle(s);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
}

static int group_setup(void **state)
{
    (void)state;
    g_server = testserver_start(NULL);
    return g_server ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    testserver_stop(g_server);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_proxy_gets_absolute_form),
        cmocka_unit_test(test_environment_proxy_is_ignored),
        cmocka_unit_test(test_environment_no_proxy_is_ignored),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
