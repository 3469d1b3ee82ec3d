/* REQUEST_SENT's byte count is what the server received: the request head
 * plus the optional data given to WinHttpSendRequest, for small requests
 * (whose sending the engine follows through curl's progress hook) and for
 * large ones (a 1 MiB body, 100 KiB of header fields) sent to a peer that
 * reads slowly through a small receive buffer, so that the request cannot
 * leave in one send.  SENDING_REQUEST and REQUEST_SENT come once per
 * exchange, in that order, and WinHttpSendRequest returns once the whole
 * request is out.  See dlls/winhttp/request_sent_watch.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "testserver.h"
#include "winhttp.h"

static struct testserver *g_server;

/* ---- notifications: status and DWORD payload, per request handle ---- */

struct event {
    HINTERNET handle;
    DWORD status;
    DWORD number;
};

enum { max_events = 512 };
static struct event g_events[max_events];
static int g_event_count;
static pthread_mutex_t g_events_lock = PTHREAD_MUTEX_INITIALIZER;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx;
    pthread_mutex_lock(&g_events_lock);
    if (g_event_count < max_events) {
        struct event *e = &g_events[g_event_count++];
        e->handle = h;
        e->status = status;
        e->number = 0;
        if (info && len == sizeof(DWORD) && (status == WINHTTP_CALLBACK_STATUS_REQUEST_SENT ||
                                             status == WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE))
            memcpy(&e->number, info, sizeof(DWORD));
    }
    pthread_mutex_unlock(&g_events_lock);
}

static void reset_events(void)
{
    pthread_mutex_lock(&g_events_lock);
    g_event_count = 0;
    pthread_mutex_unlock(&g_events_lock);
}

/* The statuses of the request-sending part of r's notifications, in order
 * (connection notifications left out): SENDING_REQUEST, REQUEST_SENT,
 * INTERMEDIATE_RESPONSE, RECEIVING_RESPONSE, RESPONSE_RECEIVED, REDIRECT.
 * REQUEST_SENT's byte counts go to sent_bytes. */
static int sending_sequence(HINTERNET r, DWORD *out, int max, DWORD *sent_bytes, int *sent_count)
{
    int n = 0;
    *sent_count = 0;
    pthread_mutex_lock(&g_events_lock);
    for (int i = 0; i < g_event_count && n < max; ++i) {
        const struct event *e = &g_events[i];
        if (e->handle != r)
            continue;
        switch (e->status) {
        case WINHTTP_CALLBACK_STATUS_REQUEST_SENT:
            sent_bytes[(*sent_count)++] = e->number;
            /* fall through */
        case WINHTTP_CALLBACK_STATUS_SENDING_REQUEST:
        case WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE:
        case WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE:
        case WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED:
        case WINHTTP_CALLBACK_STATUS_REDIRECT:
            out[n++] = e->status;
            break;
        default:
            break;
        }
    }
    pthread_mutex_unlock(&g_events_lock);
    return n;
}

static void assert_statuses(const DWORD *got, int n, const DWORD *expected, int count)
{
    int same = n == count;
    for (int i = 0; same && i < n; ++i)
        same = got[i] == expected[i];
    if (same)
        return;
    for (int i = 0; i < n; ++i)
        fprintf(stderr, "  got %d: 0x%x\n", i, (unsigned)got[i]);
    fail_msg("unexpected notification sequence (%d notifications, %d expected)", n, count);
}

/* ---- a peer that counts what it receives ---- */

/* Accepts one connection, waits before reading (so that the client's
 * sends fill its 4 KiB receive buffer and its own send buffer), reads one
 * request (head, then Content-Length body bytes), counts the bytes and
 * answers 200 with no body. */
struct counting_peer {
    int listener;
    int port;
    int delay_ms;
    pthread_t thread;
    size_t received;
    int ok;
};

static size_t content_length_of(const char *head, size_t head_len)
{
    static const char name[] = "\r\ncontent-length:";
    size_t n = sizeof(name) - 1;
    for (size_t i = 0; i + n <= head_len; ++i)
        if (strncasecmp(head + i, name, n) == 0)
            return (size_t)strtoul(head + i + n, NULL, 10);
    return 0;
}

static void *count_one_request(void *arg)
{
    struct counting_peer *p = arg;
    int fd = accept(p->listener, NULL, NULL);
    if (fd < 0)
        return NULL;
    usleep((useconds_t)p->delay_ms * 1000);
    size_t cap = 512 * 1024, have = 0, head_end = 0;
    char *head = malloc(cap);
    char buf[65536];
    /* The head: up to and including the blank line. */
    while (head && !head_end) {
        ssize_t got = recv(fd, buf, sizeof(buf), 0);
        if (got <= 0)
            break;
        if (have + (size_t)got > cap)
            break;
        memcpy(head + have, buf, (size_t)got);
        have += (size_t)got;
        for (size_t i = 3; i < have; ++i)
            if (memcmp(head + i - 3, "\r\n\r\n", 4) == 0) {
                head_end = i + 1;
                break;
            }
    }
    if (head_end) {
        size_t total = head_end + content_length_of(head, head_end);
        while (have < total) {
            ssize_t got = recv(fd, buf, sizeof(buf), 0);
            if (got <= 0)
                break;
            have += (size_t)got;
        }
        p->received = have;
        p->ok = have == total;
        static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        ssize_t sent = send(fd, answer, sizeof(answer) - 1, MSG_NOSIGNAL);
        (void)sent;
    }
    free(head);
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, sizeof(buf), 0) > 0) {
    }
    close(fd);
    return NULL;
}

static void counting_peer_start(struct counting_peer *p, int delay_ms)
{
    memset(p, 0, sizeof(*p));
    p->delay_ms = delay_ms;
    p->listener = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(p->listener >= 0);
    int small = 4096; /* inherited by the accepted socket */
    setsockopt(p->listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    assert_int_equal(bind(p->listener, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(p->listener, 1), 0);
    assert_int_equal(getsockname(p->listener, (struct sockaddr *)&a, &len), 0);
    p->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&p->thread, NULL, count_one_request, p), 0);
}

/* Returns the bytes the peer received in its one request. */
static size_t counting_peer_finish(struct counting_peer *p)
{
    pthread_join(p->thread, NULL);
    close(p->listener);
    assert_true(p->ok);
    return p->received;
}

/* ---- WinHTTP helpers ---- */

static HINTERNET open_session(void)
{
    HINTERNET s = WinHttpOpen(u"test-request-sent/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    assert_non_null(s);
    WinHttpSetStatusCallback(s, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    return s;
}

/* The connect handle of the request opened last (one at a time here). */
static HINTERNET g_connect;

static HINTERNET open_request(HINTERNET s, int port, LPCWSTR verb, LPCWSTR path)
{
    g_connect = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)port, 0);
    assert_non_null(g_connect);
    HINTERNET r = WinHttpOpenRequest(g_connect, verb, path, NULL, WINHTTP_NO_REFERER, NULL, 0);
    assert_non_null(r);
    return r;
}

static void close_request(HINTERNET r)
{
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(g_connect);
    g_connect = NULL;
}

/* Reads the whole body; returns its length. */
static size_t read_all(HINTERNET r, unsigned char *buf, size_t cap)
{
    size_t total = 0;
    for (;;) {
        DWORD got = 0;
        assert_true(total < cap);
        assert_true(WinHttpReadData(r, buf + total, (DWORD)(cap - total), &got));
        if (got == 0)
            return total;
        total += got;
    }
}

/* A body of n bytes, pattern-filled. */
static unsigned char *make_body(size_t n)
{
    unsigned char *b = malloc(n ? n : 1);
    assert_non_null(b);
    for (size_t i = 0; i < n; ++i)
        b[i] = (unsigned char)('a' + i % 26);
    return b;
}

/* Header fields totalling about `bytes`: "X-Fill-N: aaaa...\r\n" lines. */
static WCHAR *make_fields(size_t bytes)
{
    size_t lines = bytes / 1000 + 1;
    WCHAR *w = calloc(lines * 1024 + 1, sizeof(WCHAR));
    assert_non_null(w);
    size_t at = 0;
    for (size_t l = 0; l < lines; ++l) {
        char name[32];
        int n = snprintf(name, sizeof(name), "X-Fill-%zu: ", l);
        for (int i = 0; i < n; ++i)
            w[at++] = (WCHAR)name[i];
        for (int i = 0; i < 980; ++i)
            w[at++] = (WCHAR)('a' + i % 26);
        w[at++] = '\r';
        w[at++] = '\n';
    }
    w[at] = 0;
    return w;
}

/* Sends r (sync) and checks the sending part of the notifications: one
 * SENDING_REQUEST, then one REQUEST_SENT, which is the last notification
 * when WinHttpSendRequest returns.  Returns REQUEST_SENT's byte count. */
static DWORD send_and_check(HINTERNET r, LPCWSTR fields, const void *body, DWORD len)
{
    reset_events();
    assert_true(WinHttpSendRequest(r, fields, fields ? (DWORD)-1L : 0, (LPVOID)body, len, len, 0));
    DWORD got[16], sent[4];
    int sent_count = 0;
    int n = sending_sequence(r, got, 16, sent, &sent_count);
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
    };
    assert_statuses(got, n, expected, 2);
    pthread_mutex_lock(&g_events_lock);
    assert_int_equal(g_events[g_event_count - 1].status, WINHTTP_CALLBACK_STATUS_REQUEST_SENT);
    pthread_mutex_unlock(&g_events_lock);
    assert_int_equal(sent_count, 1);
    return sent[0];
}

/* Sends r to /echo-headers and checks REQUEST_SENT = the echoed head (what
 * the server received of it) + the body. */
static void check_echoed_head(HINTERNET r, LPCWSTR fields, size_t body_len)
{
    unsigned char *body = make_body(body_len);
    DWORD sent = send_and_check(r, fields, body, (DWORD)body_len);
    free(body);
    assert_true(WinHttpReceiveResponse(r, NULL));
    size_t cap = 256 * 1024;
    unsigned char *echo = malloc(cap);
    assert_non_null(echo);
    size_t head = read_all(r, echo, cap);
    assert_true(head > 0);
    assert_memory_equal(echo + head - 4, "\r\n\r\n", 4);
    free(echo);
    assert_int_equal(sent, head + body_len);
}

/* ---- tests ---- */

/* A small GET: the count is the head the server received. */
static void test_small_get(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET r = open_request(s, testserver_port(g_server), u"GET", u"/echo-headers");
    check_echoed_head(r, NULL, 0);
    close_request(r);
    WinHttpCloseHandle(s);
}

/* Small POSTs: the optional data leaves with the head and is counted;
 * 6000 bytes is close to where the engine goes back to curl's debug hook. */
static void test_small_posts(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 100, 6000};
    HINTERNET s = open_session();
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); ++i) {
        HINTERNET r = open_request(s, testserver_port(g_server), u"POST", u"/echo-headers");
        check_echoed_head(r, NULL, sizes[i]);
        close_request(r);
    }
    WinHttpCloseHandle(s);
}

/* The second and third requests go on the first one's connection: each
 * exchange counts its own request only. */
static void test_reused_connection(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    for (int i = 0; i < 3; ++i) {
        HINTERNET r = open_request(s, testserver_port(g_server), i == 1 ? u"POST" : u"GET", u"/echo-headers");
        check_echoed_head(r, i == 2 ? u"X-Extra: third\r\n" : NULL, i == 1 ? 42 : 0);
        close_request(r);
    }
    WinHttpCloseHandle(s);
}

/* A redirect: each exchange has its own SENDING_REQUEST and REQUEST_SENT;
 * the second count is the head the redirect's target received. */
static void test_redirect_counts_each_exchange(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET r = open_request(s, testserver_port(g_server), u"GET", u"/redirect/302?to=/echo-headers");
    reset_events();
    assert_true(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    unsigned char echo[4096];
    size_t head = read_all(r, echo, sizeof(echo));
    DWORD got[16], sent[4];
    int sent_count = 0;
    int n = sending_sequence(r, got, 16, sent, &sent_count);
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_REDIRECT,           WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,
        WINHTTP_CALLBACK_STATUS_REQUEST_SENT,       WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_statuses(got, n, expected, 9);
    assert_int_equal(sent_count, 2);
    assert_memory_equal(echo, "GET /echo-headers HTTP/1.1\r\n", 28);
    assert_int_equal(sent[1], head);
    /* The first request differs from the second only in its target. */
    assert_int_equal(sent[0], head + strlen("/redirect/302?to=/echo-headers") - strlen("/echo-headers"));
    close_request(r);
    WinHttpCloseHandle(s);
}

/* Expect: 100-continue from the application with a small body: curl sends
 * the head alone and the body after the 100.  REQUEST_SENT comes when the
 * interim response shows the head arrived, and counts the head only.
 * Decision: kept as it was when curl's debug hook counted the bytes. */
static void test_expect_continue(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET r = open_request(s, testserver_port(g_server), u"POST", u"/echo-headers");
    unsigned char *body = make_body(50);
    reset_events();
    assert_true(WinHttpSendRequest(r, u"Expect: 100-continue\r\n", (DWORD)-1L, body, 50, 50, 0));
    free(body);
    assert_true(WinHttpReceiveResponse(r, NULL));
    unsigned char echo[1024];
    size_t head = read_all(r, echo, sizeof(echo));
    DWORD got[16], sent[4];
    int sent_count = 0;
    int n = sending_sequence(r, got, 16, sent, &sent_count);
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_statuses(got, n, expected, 5);
    assert_int_equal(sent_count, 1);
    assert_int_equal(sent[0], head);
    close_request(r);
    WinHttpCloseHandle(s);
}

/* A slow reader behind a 4 KiB receive buffer: the request leaves in many
 * sends.  REQUEST_SENT waits for the last byte and counts them all. */
static void check_slow_peer(LPCWSTR verb, LPCWSTR fields, size_t body_len)
{
    struct counting_peer peer;
    counting_peer_start(&peer, 200);
    HINTERNET s = open_session();
    HINTERNET r = open_request(s, peer.port, verb, u"/count-me");
    unsigned char *body = make_body(body_len);
    DWORD sent = send_and_check(r, fields, body, (DWORD)body_len);
    free(body);
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(sent, counting_peer_finish(&peer));
    close_request(r);
    WinHttpCloseHandle(s);
}

static void test_slow_peer_small_get(void **state)
{
    (void)state;
    check_slow_peer(u"GET", NULL, 0);
}

static void test_slow_peer_megabyte_post(void **state)
{
    (void)state;
    check_slow_peer(u"POST", NULL, 1 << 20);
}

static void test_slow_peer_large_head(void **state)
{
    (void)state;
    WCHAR *fields = make_fields(100 * 1024);
    check_slow_peer(u"GET", fields, 0);
    free(fields);
}

static void test_slow_peer_large_head_and_body(void **state)
{
    (void)state;
    WCHAR *fields = make_fields(100 * 1024);
    check_slow_peer(u"POST", fields, 1 << 20);
    free(fields);
}

/* A head of 60 KiB to the test server (which takes up to 64 KiB): the
 * count is the head it echoes. */
static void test_large_head_echoed(void **state)
{
    (void)state;
    WCHAR *fields = make_fields(60 * 1024);
    HINTERNET s = open_session();
    HINTERNET r = open_request(s, testserver_port(g_server), u"GET", u"/echo-headers");
    check_echoed_head(r, fields, 0);
    close_request(r);
    WinHttpCloseHandle(s);
    free(fields);
}

/* ---- async mode ---- */

/* The application's side of one async request: it goes on from each
 * completion (receive after send, read after headers, read until 0). */
struct async_app {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned char *buf;
    size_t cap, have;
    int done;
    DWORD error;
};

static void async_finish(struct async_app *a, DWORD error)
{
    pthread_mutex_lock(&a->lock);
    a->done = 1;
    a->error = error;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
}

static void async_read_next(HINTERNET h, struct async_app *a)
{
    if (a->have >= a->cap || !WinHttpReadData(h, a->buf + a->have, (DWORD)(a->cap - a->have), NULL))
        async_finish(a, a->have >= a->cap ? ERROR_INSUFFICIENT_BUFFER : GetLastError());
}

static void CALLBACK async_capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    capture(h, ctx, status, info, len);
    struct async_app *a = (struct async_app *)ctx;
    if (!a)
        return;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (!WinHttpReceiveResponse(h, NULL))
            async_finish(a, GetLastError());
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        async_read_next(h, a);
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        if (len == 0) {
            async_finish(a, 0);
        } else {
            a->have += len;
            async_read_next(h, a);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        async_finish(a, ((WINHTTP_ASYNC_RESULT *)info)->dwError);
        break;
    default:
        break;
    }
}

/* The index of r's first notification with this status, or -1. */
static int index_of_status(HINTERNET r, DWORD status, int *count)
{
    int at = -1, k = 0;
    *count = 0;
    pthread_mutex_lock(&g_events_lock);
    for (int i = 0; i < g_event_count; ++i) {
        if (g_events[i].handle != r)
            continue;
        if (g_events[i].status == status && (*count)++ == 0)
            at = k;
        ++k;
    }
    pthread_mutex_unlock(&g_events_lock);
    return at;
}

/* One async POST to /echo-headers: SENDING_REQUEST, REQUEST_SENT and then
 * SENDREQUEST_COMPLETE, once each, REQUEST_SENT counting the echoed head
 * and the body. */
static void check_async_echo(size_t body_len)
{
    HINTERNET s = WinHttpOpen(u"test-request-sent/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL,
                              WINHTTP_FLAG_ASYNC);
    assert_non_null(s);
    WinHttpSetStatusCallback(s, async_capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET r = open_request(s, testserver_port(g_server), body_len ? u"POST" : u"GET", u"/echo-headers");
    struct async_app a = {.cap = 64 * 1024};
    pthread_mutex_init(&a.lock, NULL);
    pthread_cond_init(&a.cond, NULL);
    a.buf = malloc(a.cap);
    assert_non_null(a.buf);
    unsigned char *body = make_body(body_len);
    reset_events();
    assert_true(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, body, (DWORD)body_len, (DWORD)body_len,
                                   (DWORD_PTR)&a));
    pthread_mutex_lock(&a.lock);
    while (!a.done)
        pthread_cond_wait(&a.cond, &a.lock);
    pthread_mutex_unlock(&a.lock);
    free(body);
    assert_int_equal(a.error, 0);
    assert_true(a.have > 4);
    assert_memory_equal(a.buf + a.have - 4, "\r\n\r\n", 4);

    int sending_n, sent_n, complete_n;
    int sending = index_of_status(r, WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, &sending_n);
    int sent = index_of_status(r, WINHTTP_CALLBACK_STATUS_REQUEST_SENT, &sent_n);
    int complete = index_of_status(r, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, &complete_n);
    assert_int_equal(sending_n, 1);
    assert_int_equal(sent_n, 1);
    assert_int_equal(complete_n, 1);
    assert_true(sending < sent && sent < complete);
    DWORD got[16], sent_bytes[4];
    int sent_count = 0;
    sending_sequence(r, got, 16, sent_bytes, &sent_count);
    assert_int_equal(sent_bytes[0], a.have + body_len);

    close_request(r);
    WinHttpCloseHandle(s);
    free(a.buf);
    pthread_cond_destroy(&a.cond);
    pthread_mutex_destroy(&a.lock);
}

static void test_async_small_get(void **state)
{
    (void)state;
    check_async_echo(0);
}

static void test_async_small_post(void **state)
{
    (void)state;
    check_async_echo(500);
}

static void test_async_megabyte_post(void **state)
{
    (void)state;
    check_async_echo(1 << 20);
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
        cmocka_unit_test(test_small_get),
        cmocka_unit_test(test_small_posts),
        cmocka_unit_test(test_reused_connection),
        cmocka_unit_test(test_redirect_counts_each_exchange),
        cmocka_unit_test(test_expect_continue),
        cmocka_unit_test(test_slow_peer_small_get),
        cmocka_unit_test(test_slow_peer_megabyte_post),
        cmocka_unit_test(test_slow_peer_large_head),
        cmocka_unit_test(test_slow_peer_large_head_and_body),
        cmocka_unit_test(test_large_head_echoed),
        cmocka_unit_test(test_async_small_get),
        cmocka_unit_test(test_async_small_post),
        cmocka_unit_test(test_async_megabyte_post),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
