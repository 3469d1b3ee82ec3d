/* Options that come from the exchange: WINHTTP_OPTION_DECOMPRESSION applied
 * through curl, CONNECTION_INFO and HTTP_PROTOCOL_USED. */
#include <arpa/inet.h>
#include <string.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static const char expected_text[] = "Hello, WinHTTP! This body was compressed by the test server.\n";

static HINTERNET get(LPCWSTR path, DWORD decompression)
{
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", path, NULL, NULL, NULL, 0);
    assert_non_null(r);
    if (decompression)
        assert_true(WinHttpSetOption(r, WINHTTP_OPTION_DECOMPRESSION, &decompression, sizeof(decompression)));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    return r;
}

static void assert_decompressed(LPCWSTR path, DWORD flags)
{
    unsigned char body[1024];
    HINTERNET r = get(path, flags);
    assert_int_equal(http_read_all(r, body, sizeof(body)), 4 * strlen(expected_text));
    for (int i = 0; i < 4; ++i)
        assert_memory_equal(body + i * strlen(expected_text), expected_text, strlen(expected_text));
    WinHttpCloseHandle(r);
}

static void test_decompression(void **state)
{
    (void)state;
    assert_decompressed(u"/gzip", WINHTTP_DECOMPRESSION_FLAG_GZIP);
    assert_decompressed(u"/gzip", WINHTTP_DECOMPRESSION_FLAG_ALL);
    assert_decompressed(u"/deflate", WINHTTP_DECOMPRESSION_FLAG_DEFLATE);
    assert_decompressed(u"/deflate?raw=1", WINHTTP_DECOMPRESSION_FLAG_ALL);

    /* Off (the default): the body is the compressed bytes as sent. */
    unsigned char body[1024];
    HINTERNET r = get(u"/gzip", 0);
    assert_int_equal(http_read_all(r, body, sizeof(body)), 84);
    assert_int_equal(body[0], 0x1f);
    assert_int_equal(body[1], 0x8b);
    WinHttpCloseHandle(r);
}

static void test_accept_encoding_only_when_asked(void **state)
{
    (void)state;
    unsigned char head[4096];
    HINTERNET r = get(u"/echo-headers", 0);
    http_read_all(r, head, sizeof(head));
    assert_null(strstr((char *)head, "Accept-Encoding"));
    WinHttpCloseHandle(r);
    r = get(u"/echo-headers", WINHTTP_DECOMPRESSION_FLAG_ALL);
    http_read_all(r, head, sizeof(head));
    assert_non_null(strstr((char *)head, "\r\nAccept-Encoding: gzip, deflate\r\n"));
    WinHttpCloseHandle(r);
}

static void test_connection_info(void **state)
{
    (void)state;
    WINHTTP_CONNECTION_INFO info;
    DWORD size = sizeof(info);
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/hello", NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_CONNECTION_INFO, &info, &size));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(r);

    r = get(u"/hello", 0);
    size = 4;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_CONNECTION_INFO, &info, &size));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, sizeof(WINHTTP_CONNECTION_INFO));
    memset(&info, 0xcc, sizeof(info));
    size = sizeof(info);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_CONNECTION_INFO, &info, &size));
    assert_int_equal(size, sizeof(info));
    assert_int_equal(info.cbSize, sizeof(info));
    /* sockaddr_in layout with Windows' AF_INET (2): port, then address. */
    const unsigned char *remote = (const unsigned char *)&info.RemoteAddress;
    const unsigned char *local = (const unsigned char *)&info.LocalAddress;
    assert_int_equal(info.RemoteAddress.ss_family, 2);
    assert_int_equal(info.LocalAddress.ss_family, 2);
    unsigned short port;
    memcpy(&port, remote + 2, 2);
    assert_int_equal(ntohs(port), testserver_port(g_fx.server));
    static const unsigned char loopback[4] = {127, 0, 0, 1};
    assert_memory_equal(remote + 4, loopback, 4);
    assert_memory_equal(local + 4, loopback, 4);
    memcpy(&port, local + 2, 2);
    assert_true(ntohs(port) != 0);
    WinHttpCloseHandle(r);
}

static void test_http_protocol_used(void **state)
{
    (void)state;
    DWORD used = 77, size = sizeof(used);
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/hello", NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_HTTP_PROTOCOL_USED, &used, &size));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(r);

    /* Asking for HTTP/2 over plain HTTP still speaks HTTP/1.1 (no h2c). */
    r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/hello", NULL, NULL, NULL, 0);
    DWORD h2 = WINHTTP_PROTOCOL_FLAG_HTTP2;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &h2, sizeof(h2)));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    size = sizeof(used);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_HTTP_PROTOCOL_USED, &used, &size));
    assert_int_equal(used, 0);
    assert_int_equal(size, sizeof(DWORD));
    WinHttpCloseHandle(r);
}

static int group_setup(void **state)
{
    (void)state;
    return http_fixture_open(u"test-exchange-options/1.0", NULL);
}

static int group_teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decompression),
        cmocka_unit_test(test_accept_encoding_only_when_asked),
        cmocka_unit_test(test_connection_info),
        cmocka_unit_test(test_http_protocol_used),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
