/* Conformance: WebSocket in sync and async mode against the loopback test server's
 * /ws/ routes (tools/testserver/README.md).  The upgrade, a message each
 * way of each kind, the closing handshake started by either side, and the
 * close status as WinHttpWebSocketQueryCloseStatus's page documents it
 * (ERROR_INVALID_OPERATION before a close frame has come; the reason's
 * size with a NULL buffer, and ERROR_INSUFFICIENT_BUFFER when it does not
 * fit). */
#include "conformance.h"

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof code;
    CHECK_TRUE(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                                   WINHTTP_HEADER_NAME_BY_INDEX, &code, &size, WINHTTP_NO_HEADER_INDEX));
    return code;
}

struct websocket {
    HINTERNET session, connect, ws;
};

/* Upgrades a GET of path; the request handle is closed once the WebSocket
 * handle exists (the WebSocket does not need it). */
static struct websocket open_websocket(const WCHAR *path)
{
    struct websocket w;
    w.session = WinHttpOpen(W("conformance/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    CHECK_NOT_NULL(w.session);
    w.connect = WinHttpConnect(w.session, W("127.0.0.1"), conf_server_port(), 0);
    CHECK_NOT_NULL(w.connect);
    HINTERNET r = WinHttpOpenRequest(w.connect, W("GET"), path, NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    CHECK_NOT_NULL(r);
    CHECK_TRUE(WinHttpSetOption(r, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0));
    CHECK_TRUE(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    CHECK_TRUE(WinHttpReceiveResponse(r, NULL));
    CHECK_INT(status_code(r), 101);
    w.ws = WinHttpWebSocketCompleteUpgrade(r, 0);
    CHECK_NOT_NULL(w.ws);
    CHECK_TRUE(WinHttpCloseHandle(r));
    return w;
}

static void close_all(struct websocket *w)
{
    CHECK_TRUE(WinHttpCloseHandle(w->ws));
    CHECK_TRUE(WinHttpCloseHandle(w->connect));
    CHECK_TRUE(WinHttpCloseHandle(w->session));
}

/* Receives one whole message of the given type into buf; returns its size. */
static DWORD receive(HINTERNET ws, void *buf, DWORD cap, WINHTTP_WEB_SOCKET_BUFFER_TYPE want)
{
    DWORD got = 0xdead;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE type = (WINHTTP_WEB_SOCKET_BUFFER_TYPE)99;
    CHECK_INT(WinHttpWebSocketReceive(ws, buf, cap, &got, &type), NO_ERROR);
    CHECK_INT(type, want);
    return got;
}

CONF_TEST(echo_utf8_and_binary_messages)
{
    struct websocket w = open_websocket(W("/ws/echo"));
    char text[] = "hello, websocket", buf[64];
    CHECK_INT(WinHttpWebSocketSend(w.ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, text, 16), NO_ERROR);
    CHECK_INT(receive(w.ws, buf, sizeof buf, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE), 16);
    CHECK_MEM(buf, text, 16);
    unsigned char bytes[5] = {0, 1, 0xfe, 0xff, 7};
    CHECK_INT(WinHttpWebSocketSend(w.ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, bytes, 5), NO_ERROR);
    CHECK_INT(receive(w.ws, buf, sizeof buf, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE), 5);
    CHECK_MEM(buf, bytes, 5);
    CHECK_INT(WinHttpWebSocketClose(w.ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0), NO_ERROR);
    close_all(&w);
}

/* The client closes; the echo server answers with the same status and
 * reason, which WinHttpWebSocketQueryCloseStatus then reports. */
CONF_TEST(client_close_then_close_status)
{
    struct websocket w = open_websocket(W("/ws/echo"));
    USHORT status = 0;
    char reason[32];
    DWORD used = 0;
    CHECK_INT(WinHttpWebSocketQueryCloseStatus(w.ws, &status, reason, sizeof reason, &used), ERROR_INVALID_OPERATION);
    char bye[] = "bye";
    CHECK_INT(WinHttpWebSocketClose(w.ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, bye, 3), NO_ERROR);
    CHECK_INT(WinHttpWebSocketQueryCloseStatus(w.ws, &status, reason, sizeof reason, &used), NO_ERROR);
    CHECK_INT(status, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS);
    CHECK_INT(used, 3);
    CHECK_MEM(reason, "bye", 3);
    close_all(&w);
}

/* The server closes first: Receive reports a close buffer; the status and
 * reason are then available, the reason's size with a NULL buffer. */
CONF_TEST(server_close_reported_by_receive)
{
    struct websocket w = open_websocket(W("/ws/close?status=4001&reason=gone"));
    char buf[64];
    CHECK_INT(receive(w.ws, buf, sizeof buf, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE), 0);
    USHORT status = 0;
    DWORD used = 0;
    /* Decision: the page says a NULL buffer of length 0 gets the size
     * needed, and names no return value for it; like Windows' other size
     * queries it fails with ERROR_INSUFFICIENT_BUFFER (the reason does not
     * fit), the size written. */
    CHECK_INT(WinHttpWebSocketQueryCloseStatus(w.ws, &status, NULL, 0, &used), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(used, 4);
    char small[2];
    CHECK_INT(WinHttpWebSocketQueryCloseStatus(w.ws, &status, small, sizeof small, &used),
              ERROR_INSUFFICIENT_BUFFER);
    char reason[16];
    CHECK_INT(WinHttpWebSocketQueryCloseStatus(w.ws, &status, reason, sizeof reason, &used), NO_ERROR);
    CHECK_INT(status, 4001);
    CHECK_INT(used, 4);
    CHECK_MEM(reason, "gone", 4);
    CHECK_INT(WinHttpWebSocketClose(w.ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0), NO_ERROR);
    close_all(&w);
}

/* ---- async mode --------------------------------------------------------- */

/* What the status callback saw, under conf_lock: the last completion of
 * each kind and its payload. */
struct async_ws {
    DWORD seen;  /* bit per completion below */
    DWORD write_bytes;
    WINHTTP_WEB_SOCKET_STATUS read;
    DWORD errors;
};
enum { SENT = 1, HEADERS = 2, WRITTEN = 4, READ = 8, CLOSED = 16 };

static void CALLBACK ws_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    struct async_ws *a = (struct async_ws *)ctx;
    if (!a)
        return;
    conf_lock();
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        a->seen |= SENT;
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        a->seen |= HEADERS;
        break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
        if (info && len == sizeof(WINHTTP_WEB_SOCKET_STATUS))
            a->write_bytes = ((WINHTTP_WEB_SOCKET_STATUS *)info)->dwBytesTransferred;
        a->seen |= WRITTEN;
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        if (info && len == sizeof(WINHTTP_WEB_SOCKET_STATUS))
            a->read = *(WINHTTP_WEB_SOCKET_STATUS *)info;
        a->seen |= READ;
        break;
    case WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE:
        a->seen |= CLOSED;
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        a->errors++;
        break;
    }
    conf_unlock();
}

static int ws_wait(struct async_ws *a, DWORD bit)
{
    for (int i = 0; i < 2000; i++) {
        conf_lock();
        int set = (a->seen & bit) != 0 || a->errors;
        conf_unlock();
        if (set)
            return 1;
        conf_sleep_ms(5);
    }
    return 0;
}

/* WINHTTP_FLAG_ASYNC: the upgrade's steps complete through the callback,
 * then Send and Receive return NO_ERROR at once and complete with
 * WRITE_COMPLETE and READ_COMPLETE (a WINHTTP_WEB_SOCKET_STATUS each),
 * and Close with CLOSE_COMPLETE. */
CONF_TEST(async_echo_and_close)
{
    static struct async_ws a;
    memset(&a, 0, sizeof a);
    HINTERNET s = WinHttpOpen(W("conformance-async/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    CHECK_NOT_NULL(s);
    /* ALL_COMPLETIONS leaves CLOSE_COMPLETE out (winhttp.h): ask for everything. */
    CHECK_NULL(WinHttpSetStatusCallback(s, ws_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0));
    HINTERNET c = WinHttpConnect(s, W("127.0.0.1"), conf_server_port(), 0);
    CHECK_NOT_NULL(c);
    HINTERNET r = WinHttpOpenRequest(c, W("GET"), W("/ws/echo"), NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    CHECK_NOT_NULL(r);
    CHECK_TRUE(WinHttpSetOption(r, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0));
    CHECK_TRUE(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, (DWORD_PTR)&a));
    CHECK_TRUE(ws_wait(&a, SENT));
    CHECK_TRUE(WinHttpReceiveResponse(r, NULL));
    CHECK_TRUE(ws_wait(&a, HEADERS));
    CHECK_INT(a.errors, 0);
    CHECK_INT(status_code(r), 101);
    HINTERNET ws = WinHttpWebSocketCompleteUpgrade(r, (DWORD_PTR)&a);
    CHECK_NOT_NULL(ws);
    CHECK_TRUE(WinHttpCloseHandle(r));

    static char text[] = "async hello";
    CHECK_INT(WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, text, 11), NO_ERROR);
    CHECK_TRUE(ws_wait(&a, WRITTEN));
    CHECK_INT(a.write_bytes, 11);
    static char buf[64];  /* must outlive the pending receive */
    DWORD got = 0xdead;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE type;
    CHECK_INT(WinHttpWebSocketReceive(ws, buf, sizeof buf, &got, &type), NO_ERROR);
    CHECK_TRUE(ws_wait(&a, READ));
    CHECK_INT(a.read.dwBytesTransferred, 11);
    CHECK_INT(a.read.eBufferType, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
    CHECK_MEM(buf, text, 11);
    CHECK_INT(WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0), NO_ERROR);
    CHECK_TRUE(ws_wait(&a, CLOSED));
    CHECK_INT(a.errors, 0);
    USHORT status = 0;
    DWORD used = 0;
    CHECK_INT(WinHttpWebSocketQueryCloseStatus(ws, &status, NULL, 0, &used), NO_ERROR);
    CHECK_INT(status, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS);
    CHECK_INT(used, 0);
    CHECK_TRUE(WinHttpCloseHandle(ws));
    CHECK_TRUE(WinHttpCloseHandle(c));
    CHECK_TRUE(WinHttpCloseHandle(s));
}

static const struct conf_case cases[] = {
    CONF_CASE(echo_utf8_and_binary_messages),
    CONF_CASE(client_close_then_close_status),
    CONF_CASE(server_close_reported_by_receive),
    CONF_CASE(async_echo_and_close),
};
CONF_SUITE(conf_suite_websocket, "websocket", cases);
