/* The sync request lifecycle against the loopback test server: notification
 * sequences (order, payload, thread), bodies byte for byte, header queries,
 * wrong-state calls, connection errors, connection reuse, closing mid-body. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "recorder.h"
#include "testserver.h"

static struct testserver *g_server;

/* Extra payload capture on top of the recorder: the strings and DWORDs. */
struct payload {
    DWORD status;
    WCHAR text[64];
    DWORD number;
};
static struct payload g_payloads[RECORDER_MAX];
static int g_payload_count;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    recorder_callback(h, ctx, status, info, len);
    pthread_mutex_lock(&g_recorder.lock);
    if (g_payload_count < RECORDER_MAX) {
        struct payload *p = &g_payloads[g_payload_count++];
        memset(p, 0, sizeof(*p));
        p->status = status;
        switch (status) {
        case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
        case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
        case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
        case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
            if (info && len <= 64)
                memcpy(p->text, info, len * sizeof(WCHAR));
            break;
        case WINHTTP_CALLBACK_STATUS_REQUEST_SENT:
        case WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED:
            if (info && len == sizeof(DWORD))
                memcpy(&p->number, info, sizeof(DWORD));
            break;
        }
    }
    pthread_mutex_unlock(&g_recorder.lock);
}

static void reset(void)
{
    recorder_reset();
    pthread_mutex_lock(&g_recorder.lock);
    g_payload_count = 0;
    pthread_mutex_unlock(&g_recorder.lock);
}

static int wide_equals(const WCHAR *w, const char *s)
{
    for (; *s; ++s, ++w)
        if (*w != (WCHAR)(unsigned char)*s)
            return 0;
    return *w == 0;
}

/* The statuses recorded for handle h (HANDLE_CREATED left out), in order;
 * asserts every one came on this thread. */
static int statuses_for(HINTERNET h, DWORD *out, int max)
{
    int n = 0;
    pthread_mutex_lock(&g_recorder.lock);
    for (int i = 0; i < g_recorder.count && n < max; ++i) {
        struct notification *it = &g_recorder.items[i];
        if (it->handle != h || it->status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
            continue;
        assert_true(pthread_equal(it->thread, pthread_self()));
        out[n++] = it->status;
    }
    pthread_mutex_unlock(&g_recorder.lock);
    return n;
}

static void assert_sequence(HINTERNET h, const DWORD *expected, int count)
{
    DWORD got[RECORDER_MAX];
    int n = statuses_for(h, got, RECORDER_MAX);
    for (int i = 0; i < n && i < count; ++i)
        if (got[i] != expected[i])
            fail_msg("notification %d: got 0x%x, expected 0x%x", i, (unsigned)got[i], (unsigned)expected[i]);
    assert_int_equal(n, count);
}

static const struct payload *find_payload(DWORD status)
{
    for (int i = 0; i < g_payload_count; ++i)
        if (g_payloads[i].status == status)
            return &g_payloads[i];
    return NULL;
}

static HINTERNET open_session(void)
{
    HINTERNET s = WinHttpOpen(u"test-sync/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    assert_non_null(s);
    WinHttpSetStatusCallback(s, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    return s;
}

static HINTERNET connect_to(HINTERNET s, struct testserver *ts)
{
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(ts), 0);
    assert_non_null(c);
    return c;
}

static HINTERNET open_get(HINTERNET c, LPCWSTR path)
{
    HINTERNET r = WinHttpOpenRequest(c, u"GET", path, NULL, WINHTTP_NO_REFERER, NULL, 0);
    assert_non_null(r);
    return r;
}

/* Reads the whole body through QueryDataAvailable + ReadData. */
static size_t read_body(HINTERNET r, unsigned char *buf, size_t cap, DWORD chunk)
{
    size_t total = 0;
    for (;;) {
        DWORD avail = 0;
        assert_true(WinHttpQueryDataAvailable(r, &avail));
        DWORD want = avail < chunk ? avail : chunk;
        if (want == 0)
            want = chunk; /* at the end: ReadData must say 0 */
        assert_true(total + want <= cap + chunk);
        unsigned char *dst = total + want <= cap ? buf + total : NULL;
        unsigned char scratch[1];
        DWORD got = 0;
        assert_true(WinHttpReadData(r, dst ? dst : scratch, dst ? want : 1, &got));
        if (got == 0)
            return total;
        total += got;
    }
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

static void test_hello_fresh_connection_sequence(void **state)
{
    (void)state;
    struct testserver *ts = testserver_start(NULL); /* nothing pooled for it yet */
    assert_non_null(ts);
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, ts);
    HINTERNET r = open_get(c, u"/hello");
    reset();

    SetLastError(0xdeadbeef);
    assert_true(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0x1234));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    static const DWORD sent[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
    };
    assert_sequence(r, sent, 6);
    /* The context passed to WinHttpSendRequest comes with the notifications. */
    assert_int_equal(g_recorder.items[0].context, 0x1234);

    /* Payloads: the server name, then the IP address, as WCHAR strings whose
     * length counts the NUL; REQUEST_SENT carries the bytes sent. */
    const struct payload *p = find_payload(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME);
    assert_true(wide_equals(p->text, "127.0.0.1"));
    for (int i = 0; i < g_recorder.count; ++i) {
        struct notification *n = &g_recorder.items[i];
        if (n->status >= WINHTTP_CALLBACK_STATUS_RESOLVING_NAME &&
            n->status <= WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER)
            assert_int_equal(n->length, 10);
        if (n->status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST)
            assert_int_equal(n->length, 0);
        if (n->status == WINHTTP_CALLBACK_STATUS_REQUEST_SENT)
            assert_int_equal(n->length, sizeof(DWORD));
    }
    assert_true(wide_equals(find_payload(WINHTTP_CALLBACK_STATUS_NAME_RESOLVED)->text, "127.0.0.1"));
    assert_true(wide_equals(find_payload(WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER)->text, "127.0.0.1"));
    assert_true(wide_equals(find_payload(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER)->text, "127.0.0.1"));
    DWORD request_bytes = find_payload(WINHTTP_CALLBACK_STATUS_REQUEST_SENT)->number;
    assert_true(request_bytes > 20 && request_bytes < 400);

    reset();
    assert_true(WinHttpReceiveResponse(r, NULL));
    static const DWORD received[] = {
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_sequence(r, received, 2);
    DWORD head_bytes = find_payload(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED)->number;
    assert_true(head_bytes > 40);

    unsigned char body[64];
    size_t n = read_body(r, body, sizeof(body), sizeof(body));
    assert_int_equal(n, 16);
    assert_memory_equal(body, "Hello, WinHTTP!\n", 16);

    reset();
    assert_true(WinHttpCloseHandle(r));
    static const DWORD closing[] = {WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING};
    assert_sequence(r, closing, 1);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    testserver_stop(ts);
}

static void test_megabyte_body(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = open_get(c, u"/bytes/1048576");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    DWORD len = 0, size = sizeof(len);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, NULL, &len, &size, NULL));
    assert_int_equal(len, 1048576);
    unsigned char *body = malloc(1048576);
    /* An odd chunk size, so reads straddle curl's buffers. */
    size_t n = read_body(r, body, 1048576, 9973);
    assert_int_equal(n, 1048576);
    for (size_t i = 0; i < n; ++i)
        if (body[i] != (unsigned char)((i * 31 + 7) & 0xff))
            fail_msg("byte %zu differs", i);
    free(body);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_query_headers(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = open_get(c, u"/status/404");
    assert_true(WinHttpSendRequest(r, u"X-Test: 1\r\n", (DWORD)-1, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));

    WCHAR text[256];
    DWORD size = 0;
    /* Too small: the bytes needed, NUL included. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE, NULL, NULL, &size, NULL));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, 4 * sizeof(WCHAR));
    size = 3 * sizeof(WCHAR);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, &size, NULL));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, 4 * sizeof(WCHAR));

    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, &size, NULL));
    assert_int_equal(size, 3 * sizeof(WCHAR));
    assert_true(wide_equals(text, "404"));

    DWORD code = 0;
    size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    assert_int_equal(code, 404);
    assert_int_equal(size, sizeof(DWORD));

    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_TEXT, NULL, text, &size, NULL));
    assert_true(wide_equals(text, "Not Found"));
    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_VERSION, NULL, text, &size, NULL));
    assert_true(wide_equals(text, "HTTP/1.1"));
    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH, NULL, text, &size, NULL));
    assert_true(wide_equals(text, "11")); /* "Status 404\n" */
    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, text, &size, NULL));
    assert_true(wide_equals(text, "text/plain"));

    /* CUSTOM, by name, case-insensitive, with the index moving on. */
    DWORD index = 0;
    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM, u"x-connection-id", text, &size, &index));
    assert_int_equal(index, 1);
    size = sizeof(text);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM, u"x-connection-id", text, &size, &index));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_HEADER_NOT_FOUND);
    size = sizeof(text);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM, u"X-Absent", text, &size, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_HEADER_NOT_FOUND);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_LOCATION, NULL, text, &size, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_HEADER_NOT_FOUND);

    /* RAW_HEADERS_CRLF: the whole head, ending with an empty line. */
    WCHAR raw[1024];
    size = sizeof(raw);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_RAW_HEADERS_CRLF, NULL, raw, &size, NULL));
    size_t chars = size / sizeof(WCHAR);
    assert_int_equal(raw[chars], 0);
    static const char start[] = "HTTP/1.1 404 Not Found\r\nDate: ";
    for (size_t i = 0; i < sizeof(start) - 1; ++i)
        assert_int_equal(raw[i], (WCHAR)start[i]);
    assert_true(chars > 4 && raw[chars - 4] == '\r' && raw[chars - 3] == '\n' &&
                raw[chars - 2] == '\r' && raw[chars - 1] == '\n');

    unsigned char body[64];
    assert_int_equal(read_body(r, body, sizeof(body), sizeof(body)), 11);
    assert_memory_equal(body, "Status 404\n", 11);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_wrong_state(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = open_get(c, u"/hello");
    WCHAR text[32];
    DWORD size = sizeof(text), n = 0;
    char buf[8];

    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, &size, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryDataAvailable(r, &n));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReadData(r, buf, sizeof(buf), &n));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    /* Sent but no response yet. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReadData(r, buf, sizeof(buf), &n));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, &size, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpReceiveResponse(r, NULL));
    /* Only once. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    /* Request calls on a connect handle. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSendRequest(c, NULL, 0, NULL, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(r);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReadData(r, buf, sizeof(buf), &n));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* A port nobody listens on: bound, then closed. */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(fd, 1), 0);
    socklen_t len = sizeof(a);
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

static void test_connection_refused(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)closed_port(), 0);
    HINTERNET r = open_get(c, u"/hello");
    reset();
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CANNOT_CONNECT);
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER,
    };
    assert_sequence(r, expected, 3);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void keepalive_id(HINTERNET c, char *out, size_t cap, int *fresh)
{
    HINTERNET r = open_get(c, u"/keepalive-id");
    reset();
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    DWORD got[RECORDER_MAX];
    int n = statuses_for(r, got, RECORDER_MAX);
    *fresh = n > 0 && got[0] == WINHTTP_CALLBACK_STATUS_RESOLVING_NAME;
    if (!*fresh) {
        static const DWORD reused[] = {
            WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        };
        assert_sequence(r, reused, 2);
    }
    assert_true(WinHttpReceiveResponse(r, NULL));
    size_t len = read_body(r, (unsigned char *)out, cap - 1, (DWORD)(cap - 1));
    out[len] = 0;
    WinHttpCloseHandle(r);
}

static void test_connection_reuse(void **state)
{
    (void)state;
    struct testserver *ts = testserver_start(NULL);
    assert_non_null(ts);
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, ts);
    char first[32], second[32], third[32];
    int fresh;
    keepalive_id(c, first, sizeof(first), &fresh);
    assert_true(fresh);
    keepalive_id(c, second, sizeof(second), &fresh);
    assert_false(fresh);
    assert_string_equal(first, second);

    /* The pool is process-wide: another session reuses it too. */
    HINTERNET s2 = open_session();
    HINTERNET c2 = connect_to(s2, ts);
    keepalive_id(c2, third, sizeof(third), &fresh);
    assert_false(fresh);
    assert_string_equal(first, third);
    WinHttpCloseHandle(c2);
    WinHttpCloseHandle(s2);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    testserver_stop(ts);
}

static void test_post_echo(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = WinHttpOpenRequest(c, u"POST", u"/echo", NULL, NULL, NULL, 0);
    static const char data[] = "posted body bytes";
    assert_true(WinHttpSendRequest(r, u"Content-Type: text/x-test", (DWORD)-1, (void *)data,
                                   sizeof(data) - 1, sizeof(data) - 1, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    WCHAR text[64];
    DWORD size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, text, &size, NULL));
    assert_true(wide_equals(text, "text/x-test"));
    unsigned char body[64];
    assert_int_equal(read_body(r, body, sizeof(body), sizeof(body)), sizeof(data) - 1);
    assert_memory_equal(body, data, sizeof(data) - 1);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_receive_timeout(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = open_get(c, u"/slow?delay_ms=3000");
    DWORD ms = 200;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &ms, sizeof(ms)));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_TIMEOUT);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_close_mid_body(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = open_get(c, u"/bytes/67108864");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    unsigned char buf[4096];
    DWORD got = 0;
    assert_true(WinHttpReadData(r, buf, sizeof(buf), &got));
    assert_true(got > 0);
    for (DWORD i = 0; i < got; ++i)
        assert_int_equal(buf[i], (unsigned char)((i * 31 + 7) & 0xff));

    reset();
    assert_true(WinHttpCloseHandle(r));
    assert_true(WinHttpCloseHandle(c));
    assert_true(WinHttpCloseHandle(s));
    /* HANDLE_CLOSING, last and in order: request, connect, session. */
    pthread_mutex_lock(&g_recorder.lock);
    assert_int_equal(g_recorder.count, 3);
    assert_int_equal(g_recorder.items[0].status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    assert_ptr_equal(g_recorder.items[0].handle, r);
    assert_ptr_equal(g_recorder.items[1].handle, c);
    assert_ptr_equal(g_recorder.items[2].handle, s);
    pthread_mutex_unlock(&g_recorder.lock);

    /* The engine reclaims the abandoned transfer and carries on. */
    usleep(500 * 1000);
    s = open_session();
    c = connect_to(s, g_server);
    r = open_get(c, u"/hello");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    unsigned char body[64];
    assert_int_equal(read_body(r, body, sizeof(body), sizeof(body)), 16);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_server_errors(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);

    /* A reset after 1000 body bytes: the bytes, then CONNECTION_ERROR. */
    HINTERNET r = open_get(c, u"/reset?after=1000");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    unsigned char buf[4096];
    size_t total = 0;
    DWORD got = 0;
    BOOL ok;
    while ((ok = WinHttpReadData(r, buf, sizeof(buf), &got)) && got)
        total += got;
    assert_false(ok);
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CONNECTION_ERROR);
    assert_int_equal(total, 1000);
    WinHttpCloseHandle(r);

    /* A status line that is not HTTP. */
    r = open_get(c, u"/malformed?kind=status");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    WinHttpCloseHandle(r);

    /* The server hangs up without an answer. */
    r = open_get(c, u"/hangup");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CONNECTION_ERROR);
    WinHttpCloseHandle(r);

    /* HEAD and 204: no body at all. */
    r = WinHttpOpenRequest(c, u"HEAD", u"/bytes/5000", NULL, NULL, NULL, 0);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(read_body(r, buf, sizeof(buf), sizeof(buf)), 0);
    WinHttpCloseHandle(r);
    r = open_get(c, u"/nobody");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    assert_int_equal(code, 204);
    assert_int_equal(read_body(r, buf, sizeof(buf), sizeof(buf)), 0);
    WinHttpCloseHandle(r);

    /* With redirects switched off, the 302 itself is the response
     * (following them is tested in test_redirect.c). */
    r = open_get(c, u"/redirect/302?to=/hello");
    DWORD never = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_REDIRECT_POLICY, &never, sizeof(never)));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    assert_int_equal(code, 302);
    WCHAR text[64];
    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_LOCATION, NULL, text, &size, NULL));
    assert_true(wide_equals(text, "/hello"));
    WinHttpCloseHandle(r);

    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void *close_later(void *arg)
{
    usleep(300 * 1000);
    WinHttpCloseHandle((HINTERNET)arg);
    return NULL;
}

/* Closing a request while another thread is blocked in it cancels the call;
 * HANDLE_CLOSING follows, after the blocked call has returned. */
static void test_close_while_blocked(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = connect_to(s, g_server);
    HINTERNET r = open_get(c, u"/slow?delay_ms=5000");
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    reset();
    pthread_t closer;
    assert_int_equal(pthread_create(&closer, NULL, close_later, r), 0);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_OPERATION_CANCELLED);
    pthread_join(closer, NULL);
    pthread_mutex_lock(&g_recorder.lock);
    assert_int_equal(g_recorder.count, 1);
    assert_int_equal(g_recorder.items[0].status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    assert_ptr_equal(g_recorder.items[0].handle, r);
    pthread_mutex_unlock(&g_recorder.lock);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_fresh_connection_sequence),
        cmocka_unit_test(test_megabyte_body),
        cmocka_unit_test(test_query_headers),
        cmocka_unit_test(test_wrong_state),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_connection_reuse),
        cmocka_unit_test(test_post_echo),
        cmocka_unit_test(test_receive_timeout),
        cmocka_unit_test(test_server_errors),
        cmocka_unit_test(test_close_mid_body),
        cmocka_unit_test(test_close_while_blocked),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
