/* INTERMEDIATE_RESPONSE (1xx heads, 100-continue), CLOSING_CONNECTION /
 * CONNECTION_CLOSED, and the response head size limit, in sync mode against
 * the loopback test server. */
#include <string.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static DWORD g_statuses[128], g_numbers[128];
static int g_count;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED || status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING ||
        g_count >= 128)
        return;
    g_numbers[g_count] = info && len == sizeof(DWORD) ? *(DWORD *)info : 0;
    g_statuses[g_count++] = status;
}

static int index_of(DWORD status, int from)
{
    for (int i = from; i < g_count; ++i)
        if (g_statuses[i] == status)
            return i;
    return -1;
}

static HINTERNET send_and_receive(LPCWSTR verb, LPCWSTR path, LPCWSTR headers, const char *body)
{
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, verb, path, NULL, NULL, NULL, 0);
    assert_non_null(r);
    DWORD n = body ? (DWORD)strlen(body) : 0;
    g_count = 0;
    assert_true(WinHttpSendRequest(r, headers, headers ? (DWORD)-1 : 0, (LPVOID)body, n, n, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    return r;
}

static void test_interim_head_gives_intermediate_response(void **state)
{
    (void)state;
    HINTERNET r = send_and_receive(u"GET", u"/status/102", NULL, NULL);
    int receiving = index_of(WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, 0);
    int interim = index_of(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE, 0);
    int received = index_of(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, 0);
    assert_true(receiving >= 0 && receiving < interim && interim < received);
    assert_int_equal(g_numbers[interim], 102); /* the interim status code, as a DWORD */
    assert_int_equal(index_of(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE, interim + 1), -1);
    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    assert_int_equal(code, 200);
    char body[128];
    http_read_all(r, body, sizeof(body));
    assert_string_equal(body, "Final response after 102\n");
    WinHttpCloseHandle(r);
}

static void test_100_continue_when_the_application_asks_for_it(void **state)
{
    (void)state;
    HINTERNET r = send_and_receive(u"POST", u"/continue", u"Expect: 100-continue\r\n", "body-after-100");
    int interim = index_of(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE, 0);
    assert_true(interim >= 0);
    assert_int_equal(g_numbers[interim], 100);
    char body[128];
    http_read_all(r, body, sizeof(body));
    assert_string_equal(body, "body-after-100");
    WinHttpCloseHandle(r);

    /* Without the header, WinHTTP sends no Expect and gets no 100. */
    r = send_and_receive(u"POST", u"/continue", NULL, "plain");
    assert_int_equal(index_of(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE, 0), -1);
    http_read_all(r, body, sizeof(body));
    assert_string_equal(body, "plain");
    WinHttpCloseHandle(r);
}

static void test_server_close_gives_closing_and_closed(void **state)
{
    (void)state;
    HINTERNET r = send_and_receive(u"GET", u"/bytes/10?close=1", NULL, NULL);
    char body[64];
    assert_int_equal(http_read_all(r, body, sizeof(body)), 10);
    /* Both come before the read that reports the end returns. */
    int closing = index_of(WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION, 0);
    int closed = index_of(WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED, 0);
    assert_true(closing > index_of(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, 0));
    assert_int_equal(closed, closing + 1);
    assert_int_equal(closed, g_count - 1);
    WinHttpCloseHandle(r);
}

static void test_kept_alive_connection_sends_no_close_notifications(void **state)
{
    (void)state;
    HINTERNET r = send_and_receive(u"GET", u"/hello", NULL, NULL);
    char body[64];
    http_read_all(r, body, sizeof(body));
    assert_int_equal(index_of(WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION, 0), -1);
    assert_int_equal(index_of(WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED, 0), -1);
    WinHttpCloseHandle(r);
}

/* A head longer than WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE (64 KiB by
 * default) fails the response with HEADER_SIZE_OVERFLOW. */
static void test_oversized_head_overflows(void **state)
{
    (void)state;
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/bigheader?size=70000", NULL, NULL, NULL, 0);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    WinHttpCloseHandle(r);

    /* Raised limit: the same head is fine. */
    r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/bigheader?size=70000", NULL, NULL, NULL, 0);
    DWORD limit = 128 * 1024;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, &limit, sizeof(limit)));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    WinHttpCloseHandle(r);
}

static int group_setup(void **state)
{
    (void)state;
    return http_fixture_open(u"test-events/1.0", capture);
}

static int group_teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interim_head_gives_intermediate_response),
        cmocka_unit_test(test_100_continue_when_the_application_asks_for_it),
        cmocka_unit_test(test_server_close_gives_closing_and_closed),
        cmocka_unit_test(test_kept_alive_connection_sends_no_close_notifications),
        cmocka_unit_test(test_oversized_head_overflows),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
