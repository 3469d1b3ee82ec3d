/* Conformance: the sync request lifecycle against the loopback test server
 * (tools/testserver).  The exact notification sequence of a GET /hello on a
 * fresh and on a reused connection, payloads, status code, body, header
 * queries, wrong-state calls, connection failure, timeout, a close from
 * another thread cancelling a blocked call, and an async GET driven from
 * the status callback.
 *
 * Order matters: hello_fresh_connection must be the first request to the
 * server in the process (the connection pool is process-wide). */
#include <string.h>

#include "conf_recorder.h"

static HINTERNET open_session(void)
{
    HINTERNET s = WinHttpOpen(W("conformance/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    CHECK_NOT_NULL(s);
    CHECK_NULL(WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0));
    return s;
}

static HINTERNET connect_server(HINTERNET s)
{
    HINTERNET c = WinHttpConnect(s, W("127.0.0.1"), conf_server_port(), 0);
    CHECK_NOT_NULL(c);
    return c;
}

static HINTERNET open_get(HINTERNET c, const WCHAR *path)
{
    HINTERNET r = WinHttpOpenRequest(c, W("GET"), path, NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    CHECK_NOT_NULL(r);
    return r;
}

/* Reads the whole body with QueryDataAvailable + ReadData. */
static size_t read_body(HINTERNET r, char *buf, size_t cap)
{
    size_t total = 0;
    for (;;) {
        DWORD avail = 0, got = 0;
        CHECK_TRUE(WinHttpQueryDataAvailable(r, &avail));
        DWORD want = avail ? avail : 1;
        if (total + want > cap)
            CHECK_FAIL("body longer than %u bytes", (unsigned)cap);
        CHECK_TRUE(WinHttpReadData(r, buf + total, want, &got));
        if (got == 0)
            return total;
        total += got;
    }
}

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof code;
    CHECK_TRUE(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                                   WINHTTP_HEADER_NAME_BY_INDEX, &code, &size, WINHTTP_NO_HEADER_INDEX));
    CHECK_INT(size, sizeof(DWORD));
    return code;
}

/* Every notification recorded since the last reset came on this thread. */
static void check_all_on_this_thread(void)
{
    for (int i = 0; i < conf_recorder_count(); i++)
        CHECK_INT(conf_recorder_get(i).thread, conf_thread_id());
}

CONF_TEST(hello_fresh_connection)
{
    HINTERNET s = open_session();
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/hello"));
    conf_recorder_reset();

    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0x1234));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    static const DWORD sent[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
    };
    CHECK_SEQUENCE(NULL, 0, sent);
    check_all_on_this_thread();
    /* The context given to WinHttpSendRequest comes with them. */
    CHECK_INT(conf_recorder_get(0).context, 0x1234);
    CHECK_PTR(conf_recorder_get(0).handle, r);
    /* Name and addresses are strings; their length counts the NUL. */
    for (int i = 0; i < 4; i++) {
        struct conf_note n = conf_recorder_get(i);
        CHECK_WSTR(n.text, conf_wlen(n.text), "127.0.0.1");
        CHECK_INT(n.length, 10);
    }
    struct conf_note sent_note = conf_recorder_get(5);
    CHECK_INT(sent_note.length, sizeof(DWORD));
    CHECK_TRUE(sent_note.number > 20 && sent_note.number < 400);

    conf_recorder_reset();
    CHECK_TRUE(WinHttpReceiveResponse(r, NULL));
    static const DWORD received[] = {
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    CHECK_SEQUENCE(NULL, 0, received);
    check_all_on_this_thread();
    struct conf_note head = conf_recorder_get(1);
    CHECK_INT(head.length, sizeof(DWORD));
    CHECK_TRUE(head.number > 40);
    CHECK_INT(status_code(r), 200);

    /* Decision (matches our reading of Microsoft's pages: DATA_AVAILABLE and
     * READ_COMPLETE are completions of async calls): sync reads send nothing. */
    conf_recorder_reset();
    char body[64];
    size_t n = read_body(r, body, sizeof body);
    CHECK_INT(n, 16);
    CHECK_MEM(body, "Hello, WinHTTP!\n", 16);
    CHECK_INT(conf_recorder_count(), 0);

    conf_recorder_reset();
    CHECK_TRUE(WinHttpCloseHandle(r));
    CHECK_TRUE(WinHttpCloseHandle(c));
    CHECK_TRUE(WinHttpCloseHandle(s));
    static const DWORD closing[] = {
        WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
        WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    CHECK_SEQUENCE(NULL, 0, closing);
    CHECK_PTR(conf_recorder_get(0).handle, r);
    CHECK_PTR(conf_recorder_get(2).handle, s);
}

/* A kept-alive connection is reused, by a new session too: no resolve or
 * connect notifications then. */
CONF_TEST(hello_reused_connection)
{
    HINTERNET s = open_session();
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/hello"));
    conf_recorder_reset();
    CHECK_TRUE(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    CHECK_TRUE(WinHttpReceiveResponse(r, NULL));
    static const DWORD want[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    CHECK_SEQUENCE(r, 0, want);
    char body[64];
    CHECK_INT(read_body(r, body, sizeof body), 16);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(status_404_and_headers)
{
    HINTERNET s = open_session();
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/status/404"));
    CHECK_TRUE(WinHttpSendRequest(r, W("X-Test: 1\r\n"), (DWORD)-1, NULL, 0, 0, 0));
    CHECK_TRUE(WinHttpReceiveResponse(r, NULL));
    CHECK_INT(status_code(r), 404);

    WCHAR text[64];
    DWORD size = 0;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE, NULL, NULL, &size, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(size, 4 * sizeof(WCHAR));
    size = sizeof text;
    CHECK_TRUE(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_TEXT, NULL, text, &size, NULL));
    CHECK_WSTR(text, size / sizeof(WCHAR), "Not Found");
    size = sizeof text;
    CHECK_TRUE(WinHttpQueryHeaders(r, WINHTTP_QUERY_VERSION, NULL, text, &size, NULL));
    CHECK_WSTR(text, size / sizeof(WCHAR), "HTTP/1.1");
    DWORD length = 0;
    size = sizeof length;
    CHECK_TRUE(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER,
                                   NULL, &length, &size, NULL));
    CHECK_INT(length, 11);
    size = sizeof text;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM, W("X-Absent"), text, &size, NULL));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_HEADER_NOT_FOUND);

    char body[64];
    CHECK_INT(read_body(r, body, sizeof body), 11);
    CHECK_MEM(body, "Status 404\n", 11);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(wrong_state_calls)
{
    HINTERNET s = open_session();
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/hello"));
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpReceiveResponse(r, NULL));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    DWORD avail = 0;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryDataAvailable(r, &avail));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    DWORD code = 0, size = sizeof code;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                                    NULL, &code, &size, NULL));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* Port 1 on loopback: nothing listens there. */
CONF_TEST(cannot_connect)
{
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, W("127.0.0.1"), 1, 0);
    HINTERNET r = open_get(c, W("/"));
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_CANNOT_CONNECT);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(receive_timeout)
{
    HINTERNET s = open_session();
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/stall"));
    CHECK_TRUE(WinHttpSetTimeouts(r, 5000, 5000, 5000, 300));
    DWORD ms = 300;
    CHECK_TRUE(WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &ms, sizeof ms));
    CHECK_TRUE(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpReceiveResponse(r, NULL));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_TIMEOUT);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

struct blocked_call {
    HINTERNET request;
    BOOL result;
    DWORD error;
    int calling; /* under conf_lock() */
};

static int worker_calling(struct blocked_call *b)
{
    conf_lock();
    int calling = b->calling;
    conf_unlock();
    return calling;
}

static void receive_on_thread(void *arg)
{
    struct blocked_call *b = arg;
    conf_lock();
    b->calling = 1;
    conf_unlock();
    b->result = WinHttpReceiveResponse(b->request, NULL);
    b->error = GetLastError();
}

/* Closing a request while another thread is blocked in it ends that call
 * with OPERATION_CANCELLED; HANDLE_CLOSING is still the last notification.
 * (A 3 s receive timeout bounds the case if the close does not cancel.) */
CONF_TEST(close_cancels_blocked_call)
{
    HINTERNET s = open_session();
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/stall"));
    DWORD ms = 3000;
    CHECK_TRUE(WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_TIMEOUT, &ms, sizeof ms));
    CHECK_TRUE(WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &ms, sizeof ms));
    CHECK_TRUE(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    struct blocked_call b = {r, TRUE, 0, 0};
    conf_thread_t t = conf_thread_start(receive_on_thread, &b);
    CHECK_NOT_NULL(t);
    /* No notification marks "waiting for the response" (ours sends
     * RECEIVING_RESPONSE only when the response starts), so: wait until the
     * worker is about to call, then give it time to get into the call. */
    for (int waited = 0; !worker_calling(&b) && waited < 5000; waited += 10)
        conf_sleep_ms(10);
    CHECK_TRUE(worker_calling(&b));
    conf_sleep_ms(300);
    conf_recorder_reset();
    CHECK_TRUE(WinHttpCloseHandle(r));
    conf_thread_join(t);
    CHECK_FALSE(b.result);
    CHECK_INT(b.error, ERROR_WINHTTP_OPERATION_CANCELLED);
    int n = conf_recorder_count();
    CHECK_TRUE(n >= 1);
    struct conf_note last = conf_recorder_get(n - 1);
    CHECK_INT(last.status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    CHECK_PTR(last.handle, r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* ---- async mode: an application driven by its status callback ---- */

struct async_app {
    HINTERNET request;
    char body[64];
    DWORD body_len;
    DWORD available[4];
    int available_count;
    int done, closed, calls_failed;
};

static void async_mark(struct async_app *a, int *flag)
{
    conf_lock();
    *flag = 1;
    conf_unlock();
}

static void CALLBACK async_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    struct async_app *a = (struct async_app *)ctx;
    conf_recorder_callback(h, ctx, status, info, len);
    if (!a)
        return;
    BOOL ok = TRUE;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        ok = WinHttpReceiveResponse(a->request, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        ok = WinHttpQueryDataAvailable(a->request, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: {
        DWORD n = *(DWORD *)info;
        if (a->available_count < 4)
            a->available[a->available_count++] = n;
        if (n == 0 || a->body_len + n > sizeof(a->body))
            async_mark(a, &a->done);
        else
            ok = WinHttpReadData(a->request, a->body + a->body_len, n, NULL);
        break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        a->body_len += len;
        ok = WinHttpQueryDataAvailable(a->request, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        async_mark(a, &a->done);
        break;
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        async_mark(a, &a->closed);
        break;
    }
    if (!ok) {
        conf_lock();
        a->calls_failed++;
        conf_unlock();
        async_mark(a, &a->done);
    }
}

static int async_wait(struct async_app *a, int *flag)
{
    for (int i = 0; i < 2000; i++) {
        conf_lock();
        int set = *flag;
        conf_unlock();
        if (set)
            return 1;
        conf_sleep_ms(5);
    }
    return 0;
}

/* WINHTTP_FLAG_ASYNC: completions in order, not on the caller's thread;
 * DATA_AVAILABLE carries the count, READ_COMPLETE the bytes, DATA_AVAILABLE
 * 0 the end; HANDLE_CLOSING last.  Resolve/connect notifications are left
 * out: whether the connection is new depends on the pool. */
CONF_TEST(async_hello)
{
    static struct async_app a;
    memset(&a, 0, sizeof(a));
    HINTERNET s = WinHttpOpen(W("conformance-async/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    CHECK_NOT_NULL(s);
    CHECK_NULL(WinHttpSetStatusCallback(s, async_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0));
    HINTERNET c = connect_server(s);
    HINTERNET r = open_get(c, W("/hello"));
    a.request = r;
    conf_recorder_reset();
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, (DWORD_PTR)&a));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_TRUE(async_wait(&a, &a.done));
    CHECK_TRUE(WinHttpCloseHandle(r));
    CHECK_TRUE(async_wait(&a, &a.closed));

    static const DWORD want[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,      WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    const DWORD connection_steps = WINHTTP_CALLBACK_STATUS_RESOLVING_NAME | WINHTTP_CALLBACK_STATUS_NAME_RESOLVED |
                                   WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER |
                                   WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER | WINHTTP_CALLBACK_STATUS_HANDLE_CREATED;
    CHECK_SEQUENCE(r, connection_steps, want);
    CHECK_INT(a.calls_failed, 0);
    CHECK_INT(a.available_count, 2);
    CHECK_INT(a.available[0], 16);
    CHECK_INT(a.available[1], 0);
    CHECK_INT(a.body_len, 16);
    CHECK_MEM(a.body, "Hello, WinHTTP!\n", 16);
    for (int i = 0; i < conf_recorder_count(); i++) {
        struct conf_note n = conf_recorder_get(i);
        if (n.status == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE ||
            n.status == WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE)
            CHECK_TRUE(n.thread != conf_thread_id());
    }
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static const struct conf_case cases[] = {
    CONF_CASE(hello_fresh_connection),
    CONF_CASE(hello_reused_connection),
    CONF_CASE(status_404_and_headers),
    CONF_CASE(wrong_state_calls),
    CONF_CASE(cannot_connect),
    CONF_CASE(receive_timeout),
    CONF_CASE(close_cancels_blocked_call),
    CONF_CASE(async_hello),
};
CONF_SUITE(conf_suite_request, "request", cases);
