/* The error an API call reports stays its own when notifications run inside
 * it.  A notification can come from inside any call: sync mode delivers
 * them on the calling thread, and HANDLE_CLOSING comes when the last
 * reference to a closed handle goes, which may be a call still holding it.
 * If the application's callback makes API calls of its own (which set the
 * thread's last error), the outer call must still return with its error
 * (found by make soak: a WinHttpQueryHeaders that failed with a last error
 * of 0, a HANDLE_CLOSING callback having started the next request). */
#include "cmocka_all.h"
#include "testserver.h"
#include "winhttp.h"

static struct testserver *g_server;
static HINTERNET g_session, g_request;
static int g_closing_seen, g_closing_inside_call;
static int g_in_receive;

static void CALLBACK on_status(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx, (void)info, (void)len;
    if (h != g_request)
        return;
    if (status == WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE) {
        /* The application gives up on the request from its callback. */
        assert_true(WinHttpCloseHandle(h));
    } else if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
        g_closing_seen++;
        g_closing_inside_call = g_in_receive;
        /* Clean-up that calls the API: this call succeeds, and a failing
         * one sets another error still. */
        DWORD timeout = 0, size = sizeof timeout;
        assert_true(WinHttpQueryOption(g_session, WINHTTP_OPTION_CONNECT_TIMEOUT, &timeout, &size));
        assert_false(WinHttpQueryOption(NULL, WINHTTP_OPTION_CONNECT_TIMEOUT, &timeout, &size));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    }
}

/* Closed from a notification inside WinHttpReceiveResponse: HANDLE_CLOSING,
 * whose callback calls the API (last a call that fails with
 * INVALID_HANDLE), comes as the call lets go of the request.  The head is
 * in by then, so the call succeeds (it would fail as cancelled had the
 * close come before it finished; either way) and GetLastError afterwards
 * is the call's own: ERROR_SUCCESS, which every call sets on success
 * (README, Deliberate departures and decisions). */
static void test_error_survives_callback_api_calls(void **state)
{
    (void)state;
    g_session = WinHttpOpen(u"last-error", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    assert_non_null(g_session);
    WinHttpSetStatusCallback(g_session, on_status, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET c = WinHttpConnect(g_session, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    assert_non_null(c);
    g_request = WinHttpOpenRequest(c, u"GET", u"/hello", NULL, NULL, NULL, 0);
    assert_non_null(g_request);
    assert_true(WinHttpSendRequest(g_request, NULL, 0, NULL, 0, 0, 0));

    g_in_receive = 1;
    SetLastError(0xdeadbeef);
    BOOL ok = WinHttpReceiveResponse(g_request, NULL);
    DWORD error = GetLastError();
    g_in_receive = 0;

    assert_int_equal(g_closing_seen, 1);
    assert_true(g_closing_inside_call);  /* the case this test is about */
    assert_int_equal(error, ok ? ERROR_SUCCESS : ERROR_WINHTTP_OPERATION_CANCELLED);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(g_session);
}

static int setup(void **state)
{
    (void)state;
    g_server = testserver_start(NULL);
    return g_server ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    testserver_stop(g_server);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_survives_callback_api_calls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
