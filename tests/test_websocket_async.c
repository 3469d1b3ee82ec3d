/* WebSocket in async mode (WINHTTP_FLAG_ASYNC) against the test server's
 * /ws/ routes: the upgrade's SENDREQUEST_COMPLETE / HEADERS_AVAILABLE, and
 * each operation's completion (WRITE_COMPLETE, READ_COMPLETE with
 * WINHTTP_WEB_SOCKET_STATUS, CLOSE_COMPLETE, SHUTDOWN_COMPLETE) or its
 * REQUEST_ERROR with WINHTTP_WEB_SOCKET_ASYNC_RESULT. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "cmocka_all.h"
#include "testserver.h"
#include "winhttp.h"

struct event {
    HINTERNET handle;
    DWORD status;
    DWORD length;
    unsigned char info[32];
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct event events[256];
    int count;
} g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {{0}}, 0};

static struct testserver *g_server;
static HINTERNET g_session, g_connect;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
        return;
    pthread_mutex_lock(&g.lock);
    if (g.count < 256) {
        struct event *e = &g.events[g.count++];
        e->handle = h;
        e->status = status;
        e->length = len;
        if (info)
            memcpy(e->info, info, len < sizeof(e->info) ? len : sizeof(e->info));
    }
    pthread_cond_broadcast(&g.changed);
    pthread_mutex_unlock(&g.lock);
}

/* Waits (5 s at most) for the next notification on h with one of the
 * statuses the caller cares about (a, or b if non-zero), skipping others. */
static struct event wait_for(HINTERNET h, DWORD a, DWORD b)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    pthread_mutex_lock(&g.lock);
    for (;;) {
        for (int i = 0; i < g.count; ++i) {
            if (g.events[i].handle == h && (g.events[i].status == a || (b && g.events[i].status == b))) {
                struct event e = g.events[i];
                g.events[i].handle = NULL;  /* consumed */
                pthread_mutex_unlock(&g.lock);
                return e;
            }
        }
        if (pthread_cond_timedwait(&g.changed, &g.lock, &deadline) != 0) {
            pthread_mutex_unlock(&g.lock);
            fail_msg("no notification 0x%x on %p", (unsigned)a, (void *)h);
        }
    }
}

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    return code;
}

static HINTERNET open_websocket(const WCHAR *path)
{
    HINTERNET r = WinHttpOpenRequest(g_connect, u"GET", path, NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    wait_for(r, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, 0);
    assert_true(WinHttpReceiveResponse(r, NULL));
    /* A second receive while the first is under way is the wrong state. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    wait_for(r, WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, 0);
    assert_int_equal(status_code(r), 101);
    HINTERNET ws = WinHttpWebSocketCompleteUpgrade(r, 0);
    assert_non_null(ws);
    assert_true(WinHttpCloseHandle(r));
    return ws;
}

static WINHTTP_WEB_SOCKET_STATUS status_of(const struct event *e)
{
    WINHTTP_WEB_SOCKET_STATUS st;
    assert_int_equal(e->length, sizeof(st));
    memcpy(&st, e->info, sizeof(st));
    return st;
}

static WINHTTP_WEB_SOCKET_ASYNC_RESULT error_of(const struct event *e)
{
    WINHTTP_WEB_SOCKET_ASYNC_RESULT r;
    assert_int_equal(e->status, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(e->length, sizeof(r));
    memcpy(&r, e->info, sizeof(r));
    return r;
}

static void test_async_send_receive_close(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket(u"/ws/echo");
    static char msg[100000];
    for (size_t i = 0; i < sizeof(msg); ++i)
        msg[i] = (char)(i % 251);
    assert_int_equal(WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, msg, sizeof(msg)), ERROR_SUCCESS);
    struct event e = wait_for(ws, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(e.status, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE);
    WINHTTP_WEB_SOCKET_STATUS st = status_of(&e);
    assert_int_equal(st.dwBytesTransferred, sizeof(msg));
    assert_int_equal(st.eBufferType, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE);

    static char back[100000];
    assert_int_equal(WinHttpWebSocketReceive(ws, back, 60000, NULL, NULL), ERROR_SUCCESS);
    e = wait_for(ws, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    st = status_of(&e);
    assert_int_equal(st.dwBytesTransferred, 60000);
    assert_int_equal(st.eBufferType, WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE);
    assert_int_equal(WinHttpWebSocketReceive(ws, back + 60000, 60000, NULL, NULL), ERROR_SUCCESS);
    e = wait_for(ws, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    st = status_of(&e);
    assert_int_equal(st.dwBytesTransferred, 40000);
    assert_int_equal(st.eBufferType, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE);
    assert_memory_equal(back, msg, sizeof(msg));

    /* A receive waits; a second one is refused at once; Close cancels the
     * first (REQUEST_ERROR naming the receive) and completes itself. */
    assert_int_equal(WinHttpWebSocketReceive(ws, back, 16, NULL, NULL), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    assert_int_equal(WinHttpWebSocketReceive(ws, back, 16, NULL, NULL), ERROR_INVALID_OPERATION);
    assert_int_equal(GetLastError(), ERROR_INVALID_OPERATION);
    assert_int_equal(WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, "bye", 3), ERROR_SUCCESS);
    e = wait_for(ws, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    WINHTTP_WEB_SOCKET_ASYNC_RESULT r = error_of(&e);
    /* Decision: dwResult is 0 (no API_* value exists for WebSocket operations). */
    assert_int_equal(r.AsyncResult.dwResult, 0);
    assert_int_equal(r.AsyncResult.dwError, ERROR_WINHTTP_OPERATION_CANCELLED);
    assert_int_equal(r.Operation, WINHTTP_WEB_SOCKET_RECEIVE_OPERATION);
    e = wait_for(ws, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(e.status, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE);
    USHORT status = 0;
    DWORD used = 0;
    char reason[8];
    assert_int_equal(WinHttpWebSocketQueryCloseStatus(ws, &status, reason, sizeof(reason), &used), ERROR_SUCCESS);
    assert_int_equal(status, 1000);
    assert_int_equal(used, 3);
    assert_memory_equal(reason, "bye", 3);
    assert_true(WinHttpCloseHandle(ws));
    wait_for(ws, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, 0);
}

static void test_async_shutdown_and_errors(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket(u"/ws/echo");
    char buf[16];
    /* Argument errors come back at once, as in sync mode. */
    SetLastError(0xdeadbeef);
    assert_int_equal(WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE, buf, 1), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpWebSocketClose(ws, 1000, NULL, 5), ERROR_INVALID_PARAMETER);
    /* Decision: Shutdown goes pending with ERROR_IO_PENDING (its page). */
    assert_int_equal(WinHttpWebSocketShutdown(ws, 4000, "later", 5), ERROR_IO_PENDING);
    struct event e = wait_for(ws, WINHTTP_CALLBACK_STATUS_SHUTDOWN_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(e.status, WINHTTP_CALLBACK_STATUS_SHUTDOWN_COMPLETE);
    assert_int_equal(WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, 1), ERROR_INVALID_OPERATION);
    assert_int_equal(WinHttpWebSocketReceive(ws, buf, sizeof(buf), NULL, NULL), ERROR_SUCCESS);
    e = wait_for(ws, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    WINHTTP_WEB_SOCKET_STATUS st = status_of(&e);
    assert_int_equal(st.dwBytesTransferred, 0);
    assert_int_equal(st.eBufferType, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
    assert_true(WinHttpCloseHandle(ws));

    ws = open_websocket(u"/ws/bad-frame?kind=masked");
    assert_int_equal(WinHttpWebSocketReceive(ws, buf, sizeof(buf), NULL, NULL), ERROR_SUCCESS);
    e = wait_for(ws, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    WINHTTP_WEB_SOCKET_ASYNC_RESULT r = error_of(&e);
    assert_int_equal(r.AsyncResult.dwError, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_int_equal(r.Operation, WINHTTP_WEB_SOCKET_RECEIVE_OPERATION);
    assert_true(WinHttpCloseHandle(ws));
}

/* A handshake that cannot connect ends in REQUEST_ERROR for the send. */
static void test_async_upgrade_cannot_connect(void **state)
{
    (void)state;
    HINTERNET c = WinHttpConnect(g_session, u"127.0.0.1", 1, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/ws/echo", NULL, NULL, NULL, 0);
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    struct event e = wait_for(r, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(e.status, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    WINHTTP_ASYNC_RESULT res;
    memcpy(&res, e.info, sizeof(res));
    assert_int_equal(res.dwResult, API_SEND_REQUEST);
    assert_int_equal(res.dwError, ERROR_WINHTTP_CANNOT_CONNECT);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
}

static int setup(void **state)
{
    (void)state;
    g_server = testserver_start(NULL);
    if (!g_server)
        return -1;
    g_session = WinHttpOpen(u"ws-async", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    WinHttpSetStatusCallback(g_session, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    g_connect = WinHttpConnect(g_session, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    return g_connect ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    WinHttpCloseHandle(g_connect);
    WinHttpCloseHandle(g_session);
    testserver_stop(g_server);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_async_send_receive_close),
        cmocka_unit_test(test_async_shutdown_and_errors),
        cmocka_unit_test(test_async_upgrade_cannot_connect),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
