/* WebSocket in sync mode against the loopback test server's /ws/ routes
 * (tools/testserver/README.md): the upgrade handshake, messages byte for
 * byte (up to 1 MiB), fragments and buffer types, automatic pongs, the
 * closing handshake and close status, invalid frames, dropped connections,
 * and the error codes of every WinHttpWebSocket* function. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static struct {
    DWORD statuses[64];
    int count;
    HINTERNET created;
    DWORD_PTR created_context;
} g;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED) {
        g.created = *(HINTERNET *)info;
        g.created_context = ctx;
        (void)h;
        return;
    }
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
        return;
    if (g.count < 64)
        g.statuses[g.count++] = status;
}

static HINTERNET open_upgrade_request(const char *path, BOOL mark)
{
    WCHAR wpath[256];
    size_t i = 0;
    for (; path[i] && i < 255; ++i)
        wpath[i] = (WCHAR)path[i];
    wpath[i] = 0;
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", wpath, NULL, NULL, NULL, 0);
    assert_non_null(r);
    if (mark)
        assert_true(WinHttpSetOption(r, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0));
    return r;
}

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    return code;
}

/* Upgrades on `path`, closes the request handle, returns the WebSocket. */
static HINTERNET open_websocket(const char *path)
{
    HINTERNET r = open_upgrade_request(path, TRUE);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 101);
    SetLastError(0xdeadbeef);
    HINTERNET ws = WinHttpWebSocketCompleteUpgrade(r, 0x77);
    assert_non_null(ws);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_true(WinHttpCloseHandle(r));  /* the WebSocket lives on without it */
    return ws;
}

/* A DWORD-returning call: the code is also the last error. */
#define EXPECT_CODE(expected, call)                         \
    do {                                                    \
        SetLastError(0xdeadbeef);                           \
        assert_int_equal((call), (expected));               \
        assert_int_equal(GetLastError(), (expected));       \
    } while (0)

static void receive_exact(HINTERNET ws, const void *expected, DWORD size, WINHTTP_WEB_SOCKET_BUFFER_TYPE type,
                          DWORD buffer_size)
{
    char *buf = malloc(buffer_size ? buffer_size : 1);
    DWORD got = 0xdead;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE t = (WINHTTP_WEB_SOCKET_BUFFER_TYPE)99;
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketReceive(ws, buf, buffer_size, &got, &t));
    assert_int_equal(t, type);
    assert_int_equal(got, size);
    if (size)
        assert_memory_equal(buf, expected, size);
    free(buf);
}

static void test_handshake_notifications_and_handle(void **state)
{
    (void)state;
    HINTERNET r = open_upgrade_request("/ws/echo", TRUE);
    g.count = 0;
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME,     WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_int_equal(g.count, sizeof(expected) / sizeof(expected[0]));
    assert_memory_equal(g.statuses, expected, sizeof(expected));
    assert_int_equal(status_code(r), 101);
    WCHAR upgrade[32];
    DWORD size = sizeof(upgrade);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_UPGRADE, NULL, upgrade, &size, NULL));
    assert_memory_equal(upgrade, u"websocket", 10 * sizeof(WCHAR));

    g.created = NULL;
    HINTERNET ws = WinHttpWebSocketCompleteUpgrade(r, 0x1234);
    assert_non_null(ws);
    /* The new handle inherits the request's callback and has its own context. */
    assert_ptr_equal(g.created, ws);
    assert_int_equal(g.created_context, 0x1234);
    DWORD type = 0;
    size = sizeof(type);
    assert_true(WinHttpQueryOption(ws, WINHTTP_OPTION_HANDLE_TYPE, &type, &size));
    assert_int_equal(type, WINHTTP_HANDLE_TYPE_WEBSOCKET);
    DWORD_PTR ctx = 0;
    size = sizeof(ctx);
    assert_true(WinHttpQueryOption(ws, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size));
    assert_int_equal(ctx, 0x1234);
    /* The same response cannot be upgraded twice. */
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(r, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpCloseHandle(r));
    assert_true(WinHttpCloseHandle(ws));
}

static void test_echo_binary_and_utf8_messages(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/echo");
    static const char bin[] = {'h', 0, 1, (char)0xff, 'x', (char)0x80};
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, (PVOID)bin, sizeof(bin)));
    receive_exact(ws, bin, sizeof(bin), WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 64);
    static const char text[] = "h\xc3\xa9llo, w\xc3\xb6rld";
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, (PVOID)text, sizeof(text) - 1));
    receive_exact(ws, text, sizeof(text) - 1, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, 64);
    /* An empty message is a message too; 126 and 65536 bytes use the
     * longer length forms. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, NULL, 0));
    receive_exact(ws, NULL, 0, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 64);
    static char mid[65536];
    for (size_t i = 0; i < sizeof(mid); ++i)
        mid[i] = (char)(i * 7 + 3);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, mid, 126));
    receive_exact(ws, mid, 126, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 200);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, mid, sizeof(mid)));
    receive_exact(ws, mid, sizeof(mid), WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, sizeof(mid));
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    assert_true(WinHttpCloseHandle(ws));
}

/* A message larger than the buffer comes in FRAGMENT pieces, the last one
 * as MESSAGE. */
static void test_one_mib_message_in_pieces(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/echo");
    const DWORD total = 1024 * 1024, piece = 64 * 1024;
    unsigned char *msg = malloc(total), *back = malloc(total);
    for (DWORD i = 0; i < total; ++i)
        msg[i] = (unsigned char)((i * 2654435761u) >> 24);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, msg, total));
    DWORD at = 0;
    while (at < total) {
        DWORD got = 0;
        WINHTTP_WEB_SOCKET_BUFFER_TYPE t;
        EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketReceive(ws, back + at, piece, &got, &t));
        assert_int_equal(got, piece);
        at += got;
        assert_int_equal(t, at < total ? WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE
                                       : WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE);
    }
    assert_memory_equal(back, msg, total);
    /* And whole, into one buffer. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, msg, total));
    memset(back, 0, total);
    receive_exact(ws, msg, total, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, total);
    free(msg);
    free(back);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    assert_true(WinHttpCloseHandle(ws));
}

/* Fragments sent are frames of one message; the echo keeps the framing, so
 * they come back as FRAGMENT, FRAGMENT, MESSAGE. */
static void test_fragments_both_ways(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/echo");
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE, "Hel", 3));
    /* Decision: switching kind inside a fragmented message is refused. */
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, "x", 1));
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE, "lo, ", 4));
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, "world", 5));
    receive_exact(ws, "Hel", 3, WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE, 64);
    receive_exact(ws, "lo, ", 4, WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE, 64);
    receive_exact(ws, "world", 5, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, 64);
    /* A small buffer splits a frame further. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE, "abcde", 5));
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, "fg", 2));
    receive_exact(ws, "abc", 3, WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE, 3);
    receive_exact(ws, "de", 2, WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE, 3);
    receive_exact(ws, "fg", 2, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 3);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    assert_true(WinHttpCloseHandle(ws));
}

/* /ws/ping pings first and answers our pong with "pong:<its payload>". */
static void test_ping_is_answered_with_pong(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/ping");
    receive_exact(ws, "pong:are you there", 18, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, 64);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    assert_true(WinHttpCloseHandle(ws));
}

static void test_server_closes_first(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/close?status=4001&reason=going%20away");
    USHORT status = 0;
    DWORD used = 0;
    char reason[123];
    EXPECT_CODE(ERROR_INVALID_OPERATION, WinHttpWebSocketQueryCloseStatus(ws, &status, reason, sizeof(reason), &used));
    receive_exact(ws, NULL, 0, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE, 64);
    EXPECT_CODE(ERROR_INSUFFICIENT_BUFFER, WinHttpWebSocketQueryCloseStatus(ws, &status, reason, 3, &used));
    assert_int_equal(used, 10);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketQueryCloseStatus(ws, &status, reason, sizeof(reason), &used));
    assert_int_equal(status, 4001);
    assert_int_equal(used, 10);
    assert_memory_equal(reason, "going away", 10);
    /* The receive channel is closed now. */
    char buf[8];
    DWORD got;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE t;
    EXPECT_CODE(ERROR_INVALID_OPERATION, WinHttpWebSocketReceive(ws, buf, sizeof(buf), &got, &t));
    /* Our answer completes the closing handshake. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    assert_true(WinHttpCloseHandle(ws));
}

static void test_client_close_and_shutdown(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/echo");
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, "done", 4));
    USHORT status = 0;
    DWORD used = 0;
    char reason[16];
    /* The echo server answers with our own status and reason. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketQueryCloseStatus(ws, &status, reason, sizeof(reason), &used));
    assert_int_equal(status, 1000);
    assert_int_equal(used, 4);
    assert_memory_equal(reason, "done", 4);
    EXPECT_CODE(ERROR_INVALID_OPERATION, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, "x", 1));
    assert_true(WinHttpCloseHandle(ws));

    /* Shutdown sends the close frame and returns; receiving goes on. */
    ws = open_websocket("/ws/echo");
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, "last", 4));
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_ENDPOINT_TERMINATED_CLOSE_STATUS, NULL, 0));
    EXPECT_CODE(ERROR_INVALID_OPERATION, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, "x", 1));
    EXPECT_CODE(ERROR_INVALID_OPERATION, WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    receive_exact(ws, "last", 4, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, 64);
    receive_exact(ws, NULL, 0, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE, 64);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketQueryCloseStatus(ws, &status, reason, sizeof(reason), &used));
    assert_int_equal(status, 1001);
    assert_int_equal(used, 0);
    assert_true(WinHttpCloseHandle(ws));
}

static void test_parameter_errors(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/echo");
    char reason[124];
    memset(reason, 'r', sizeof(reason));
    char buf[8];
    DWORD got;
    USHORT status;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE t;
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE, buf, 1));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketSend(ws, (WINHTTP_WEB_SOCKET_BUFFER_TYPE)7, buf, 1));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, NULL, 1));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketReceive(ws, NULL, 8, &got, &t));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketReceive(ws, buf, sizeof(buf), NULL, &t));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketReceive(ws, buf, sizeof(buf), &got, NULL));
    /* The reason is at most 123 bytes. */
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketClose(ws, 1000, reason, 124));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketShutdown(ws, 1000, reason, 124));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketClose(ws, 1000, NULL, 3));
    /* Decision: statuses that must not be sent (RFC 6455 §7.4) are refused,
     * and EMPTY (1005) carries no reason. */
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_ABORTED_CLOSE_STATUS, NULL, 0));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketClose(ws, 999, NULL, 0));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketClose(ws, 5000, NULL, 0));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS, "x", 1));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketQueryCloseStatus(ws, NULL, buf, sizeof(buf), &got));
    EXPECT_CODE(ERROR_INVALID_PARAMETER, WinHttpWebSocketQueryCloseStatus(ws, &status, buf, sizeof(buf), NULL));
    /* Nothing was sent by the calls above: the connection still echoes. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, "ok", 2));
    receive_exact(ws, "ok", 2, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 8);
    /* 123 bytes is the limit, and EMPTY closes without a status. */
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, 4999, reason, 123));
    DWORD used = 0;
    char back[123];
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketQueryCloseStatus(ws, &status, back, sizeof(back), &used));
    assert_int_equal(status, 4999);
    assert_int_equal(used, 123);
    assert_memory_equal(back, reason, 123);
    assert_true(WinHttpCloseHandle(ws));

    ws = open_websocket("/ws/echo");
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS, NULL, 0));
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketQueryCloseStatus(ws, &status, back, sizeof(back), &used));
    assert_int_equal(status, WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS);
    assert_int_equal(used, 0);
    assert_true(WinHttpCloseHandle(ws));
}

static void test_handle_errors(void **state)
{
    (void)state;
    HINTERNET r = open_upgrade_request("/ws/echo", TRUE);
    char buf[8];
    DWORD got;
    USHORT status;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE t;
    /* Before the response, and on the wrong kinds of handle. */
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(r, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    EXPECT_CODE(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, WinHttpWebSocketSend(r, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, 1));
    EXPECT_CODE(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, WinHttpWebSocketReceive(r, buf, sizeof(buf), &got, &t));
    EXPECT_CODE(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, WinHttpWebSocketClose(g_fx.connect, 1000, NULL, 0));
    EXPECT_CODE(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, WinHttpWebSocketShutdown(g_fx.session, 1000, NULL, 0));
    EXPECT_CODE(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, WinHttpWebSocketQueryCloseStatus(r, &status, buf, sizeof(buf), &got));
    EXPECT_CODE(ERROR_INVALID_HANDLE, WinHttpWebSocketSend(NULL, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, 1));
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(g_fx.connect, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    assert_true(WinHttpCloseHandle(r));

    /* A closed WebSocket handle is an invalid handle. */
    HINTERNET ws = open_websocket("/ws/echo");
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(ws, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    assert_true(WinHttpCloseHandle(ws));
    EXPECT_CODE(ERROR_INVALID_HANDLE, WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, 1));
}

/* Decision (the page says only "failure"): CompleteUpgrade after an answer
 * other than 101 fails with ERROR_WINHTTP_INCORRECT_HANDLE_STATE, as it
 * does on a request never marked for the upgrade; a 101 with a wrong
 * Sec-WebSocket-Accept fails with ERROR_WINHTTP_INVALID_SERVER_RESPONSE. */
static void test_upgrade_refused(void **state)
{
    (void)state;
    HINTERNET r = open_upgrade_request("/hello", TRUE);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 200);
    char body[64];
    assert_int_equal(http_read_all(r, body, sizeof(body)), 16);
    assert_string_equal(body, "Hello, WinHTTP!\n");
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(r, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpCloseHandle(r));

    r = open_upgrade_request("/ws/echo", FALSE);  /* a plain GET: the server wants the handshake */
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 400);
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(r, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpCloseHandle(r));

    r = open_upgrade_request("/ws/bad-accept", TRUE);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 101);
    SetLastError(0xdeadbeef);
    assert_null(WinHttpWebSocketCompleteUpgrade(r, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_true(WinHttpCloseHandle(r));
}

/* The handshake request as the server received it (/echo-headers answers
 * 200 with the raw head, which stays readable after a refused upgrade). */
static void test_handshake_request_on_the_wire(void **state)
{
    (void)state;
    HINTERNET r = open_upgrade_request("/echo-headers", TRUE);
    assert_true(WinHttpSendRequest(r, u"X-App: 1", (DWORD)-1, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 200);
    char head[2048];
    size_t n = http_read_all(r, head, sizeof(head));
    assert_true(n > 0);
    assert_true(strncmp(head, "GET /echo-headers HTTP/1.1\r\n", 28) == 0);
    assert_non_null(strstr(head, "\r\nHost: 127.0.0.1:"));
    assert_non_null(strstr(head, "\r\nUser-Agent: ws-test\r\n"));
    assert_non_null(strstr(head, "\r\nX-App: 1\r\n"));
    assert_non_null(strstr(head, "\r\nUpgrade: websocket\r\n"));
    assert_non_null(strstr(head, "\r\nConnection: Upgrade\r\n"));
    assert_non_null(strstr(head, "\r\nSec-WebSocket-Version: 13\r\n"));
    /* 16 random bytes in base64: 22 characters and "==". */
    const char *key = strstr(head, "\r\nSec-WebSocket-Key: ");
    assert_non_null(key);
    key += 21;
    assert_true(strncmp(key + 22, "==\r\n", 4) == 0);
    assert_true(strcmp(head + n - 4, "\r\n\r\n") == 0);
    assert_true(WinHttpCloseHandle(r));

    /* The option is a request option. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(g_fx.session, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
}

/* Frames a client must refuse end the connection with
 * ERROR_WINHTTP_INVALID_SERVER_RESPONSE, and keep failing so. */
static void test_invalid_frames_fail_the_connection(void **state)
{
    (void)state;
    static const char *const kinds[] = {"opcode", "masked", "control-size", "reserved", "continuation"};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); ++i) {
        char path[64];
        snprintf(path, sizeof(path), "/ws/bad-frame?kind=%s", kinds[i]);
        HINTERNET ws = open_websocket(path);
        char buf[256];
        DWORD got = 0xdead;
        WINHTTP_WEB_SOCKET_BUFFER_TYPE t = (WINHTTP_WEB_SOCKET_BUFFER_TYPE)99;
        EXPECT_CODE(ERROR_WINHTTP_INVALID_SERVER_RESPONSE, WinHttpWebSocketReceive(ws, buf, sizeof(buf), &got, &t));
        assert_int_equal(got, 0xdead);  /* not written on failure */
        assert_int_equal(t, 99);
        EXPECT_CODE(ERROR_WINHTTP_INVALID_SERVER_RESPONSE, WinHttpWebSocketReceive(ws, buf, sizeof(buf), &got, &t));
        assert_true(WinHttpCloseHandle(ws));
    }
}

/* Decision: a connection that ends without a close frame fails the receive
 * with ERROR_WINHTTP_CONNECTION_ERROR, and the close status then reads
 * WINHTTP_WEB_SOCKET_ABORTED_CLOSE_STATUS with no reason. */
static void test_dropped_connection(void **state)
{
    (void)state;
    HINTERNET ws = open_websocket("/ws/drop");
    char buf[16];
    DWORD got;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE t;
    EXPECT_CODE(ERROR_WINHTTP_CONNECTION_ERROR, WinHttpWebSocketReceive(ws, buf, sizeof(buf), &got, &t));
    USHORT status = 0;
    DWORD used = 99;
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketQueryCloseStatus(ws, &status, buf, sizeof(buf), &used));
    assert_int_equal(status, WINHTTP_WEB_SOCKET_ABORTED_CLOSE_STATUS);
    assert_int_equal(used, 0);
    assert_true(WinHttpCloseHandle(ws));
}

struct pending_receive {
    HINTERNET ws;
    DWORD result;
    DWORD last_error;
    pthread_mutex_t lock;
    pthread_cond_t started;
    int receiving;
};

static void *receive_thread(void *arg)
{
    struct pending_receive *p = arg;
    char buf[16];
    DWORD got;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE t;
    pthread_mutex_lock(&p->lock);
    p->receiving = 1;
    pthread_cond_signal(&p->started);
    pthread_mutex_unlock(&p->lock);
    p->result = WinHttpWebSocketReceive(p->ws, buf, sizeof(buf), &got, &t);
    p->last_error = GetLastError();
    return NULL;
}

/* Starts the receiving thread and gives it time to block in the call. */
static void start_receive(struct pending_receive *p, pthread_t *th)
{
    p->receiving = 0;
    assert_int_equal(pthread_create(th, NULL, receive_thread, p), 0);
    pthread_mutex_lock(&p->lock);
    while (!p->receiving)
        pthread_cond_wait(&p->started, &p->lock);
    pthread_mutex_unlock(&p->lock);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

/* A receive waiting on another thread ends as cancelled when the handle is
 * closed, and when WinHttpWebSocketClose takes over (its documented
 * ERROR_WINHTTP_OPERATION_CANCELLED).  (A second receive meanwhile is
 * ERROR_INVALID_OPERATION: tests/test_websocket_async.c, where it cannot
 * block the test.) */
static void test_pending_receive_is_cancelled(void **state)
{
    (void)state;
    struct pending_receive p = {open_websocket("/ws/echo"), 0, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
    pthread_t th;
    start_receive(&p, &th);
    assert_true(WinHttpCloseHandle(p.ws));
    pthread_join(th, NULL);
    assert_int_equal(p.result, ERROR_WINHTTP_OPERATION_CANCELLED);
    assert_int_equal(p.last_error, ERROR_WINHTTP_OPERATION_CANCELLED);

    p.ws = open_websocket("/ws/echo");
    start_receive(&p, &th);
    EXPECT_CODE(ERROR_SUCCESS, WinHttpWebSocketClose(p.ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0));
    pthread_join(th, NULL);
    assert_int_equal(p.result, ERROR_WINHTTP_OPERATION_CANCELLED);
    assert_true(WinHttpCloseHandle(p.ws));
}

static int setup(void **state)
{
    (void)state;
    return http_fixture_open(u"ws-test", capture);
}

static int teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handshake_notifications_and_handle),
        cmocka_unit_test(test_echo_binary_and_utf8_messages),
        cmocka_unit_test(test_one_mib_message_in_pieces),
        cmocka_unit_test(test_fragments_both_ways),
        cmocka_unit_test(test_ping_is_answered_with_pong),
        cmocka_unit_test(test_server_closes_first),
        cmocka_unit_test(test_client_close_and_shutdown),
        cmocka_unit_test(test_parameter_errors),
        cmocka_unit_test(test_handle_errors),
        cmocka_unit_test(test_upgrade_refused),
        cmocka_unit_test(test_handshake_request_on_the_wire),
        cmocka_unit_test(test_invalid_frames_fail_the_connection),
        cmocka_unit_test(test_dropped_connection),
        cmocka_unit_test(test_pending_receive_is_cancelled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
