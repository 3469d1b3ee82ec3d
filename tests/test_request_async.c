/* Async mode (WINHTTP_FLAG_ASYNC) against the loopback test server: the
 * whole notification sequence, completions on pool threads, one at a time
 * per request, inline read completion bounded at depth 3, errors as
 * REQUEST_ERROR with the right API_* value, cancellation by closing, and
 * streamed uploads (WinHttpWriteData) in both modes, checked by hash. */
#include <gnutls/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmocka_all.h"
#include "testserver.h"
#include "winhttp.h"

static struct testserver *g_server;

/* ---- an application that drives one request from its callback ---------- */

enum read_style {
    QUERY_THEN_READ, /* DATA_AVAILABLE -> ReadData -> READ_COMPLETE -> Query... */
    READ_LOOP,       /* READ_COMPLETE -> ReadData again, straight away */
};

struct app {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    HINTERNET request;
    enum read_style style;
    DWORD read_size;
    /* body: kept whole when keep_body, else only checked against the
     * /bytes pattern */
    unsigned char *buf;
    size_t cap;
    size_t body_len;
    int keep_body;
    int pattern_ok;
    /* upload: total bytes to stream with WriteData, in pieces of write_size */
    size_t upload_total, upload_done;
    DWORD write_size;
    unsigned char *upload_piece;
    /* what happened */
    DWORD statuses[512];
    pthread_t threads[512];
    DWORD numbers[512]; /* DWORD payloads, or the length */
    int count;
    int finished; /* READ_COMPLETE 0, DATA_AVAILABLE 0, or REQUEST_ERROR */
    int closed;   /* HANDLE_CLOSING seen */
    WINHTTP_ASYNC_RESULT error;
    int inside, max_inside; /* threads in a callback at once for the request */
    int max_nesting;
    int call_failures; /* an API call from the callback returned FALSE */
};

static __thread int t_nesting;

static void app_init(struct app *a, enum read_style style, DWORD read_size, size_t cap)
{
    memset(a, 0, sizeof(*a));
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->cond, NULL);
    a->style = style;
    a->read_size = read_size;
    a->cap = cap;
    a->buf = malloc(cap ? cap : 1);
    a->keep_body = 1;
    a->pattern_ok = 1;
}

static void app_free(struct app *a)
{
    free(a->buf);
    free(a->upload_piece);
}

static unsigned char pattern_byte(size_t i) { return (unsigned char)((i * 31 + 7) % 256); }
static unsigned char upload_byte(size_t i) { return (unsigned char)((i * 7 + 3) % 256); }

static void record(struct app *a, DWORD status, LPVOID info, DWORD len)
{
    pthread_mutex_lock(&a->lock);
    if (a->count < 512) {
        a->statuses[a->count] = status;
        a->threads[a->count] = pthread_self();
        a->numbers[a->count] = (info && len == sizeof(DWORD) && status != WINHTTP_CALLBACK_STATUS_READ_COMPLETE)
                                   ? *(DWORD *)info
                                   : len;
        a->count++;
    }
    pthread_mutex_unlock(&a->lock);
}

static void finish(struct app *a, int closed)
{
    pthread_mutex_lock(&a->lock);
    if (closed)
        a->closed = 1;
    else
        a->finished = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
}

static void check_call(struct app *a, BOOL ok)
{
    if (!ok) {
        pthread_mutex_lock(&a->lock);
        a->call_failures++;
        pthread_mutex_unlock(&a->lock);
        finish(a, 0);
    }
}

static void read_next(struct app *a)
{
    DWORD want = a->read_size;
    unsigned char *dst = a->keep_body ? a->buf + a->body_len : a->buf;
    if (a->keep_body && a->body_len + want > a->cap)
        want = (DWORD)(a->cap - a->body_len);
    check_call(a, WinHttpReadData(a->request, dst, want, NULL));
}

static void write_next(struct app *a)
{
    if (a->upload_done < a->upload_total) {
        size_t left = a->upload_total - a->upload_done;
        DWORD n = left < a->write_size ? (DWORD)left : a->write_size;
        for (DWORD i = 0; i < n; ++i)
            a->upload_piece[i] = upload_byte(a->upload_done + i);
        check_call(a, WinHttpWriteData(a->request, a->upload_piece, n, NULL));
    } else {
        check_call(a, WinHttpReceiveResponse(a->request, NULL));
    }
}

static void on_read_complete(struct app *a, LPVOID info, DWORD len)
{
    if (len == 0) {
        finish(a, 0);
        return;
    }
    const unsigned char *got = info;
    if (a->keep_body) {
        if (got != a->buf + a->body_len)
            a->pattern_ok = 0; /* READ_COMPLETE must carry the caller's buffer */
    } else {
        for (DWORD i = 0; i < len; ++i)
            if (got[i] != pattern_byte(a->body_len + i))
                a->pattern_ok = 0;
    }
    a->body_len += len;
    if (a->style == READ_LOOP)
        read_next(a);
    else
        check_call(a, WinHttpQueryDataAvailable(a->request, NULL));
}

static void CALLBACK app_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    struct app *a = (struct app *)ctx;
    (void)h;
    if (!a)
        return; /* HANDLE_CREATED, before the context is set */
    pthread_mutex_lock(&a->lock);
    /* inside counts threads in a callback for this request (a nested
     * callback on the same thread is not a second one). */
    if (++t_nesting == 1 && ++a->inside > a->max_inside)
        a->max_inside = a->inside;
    if (t_nesting > a->max_nesting)
        a->max_nesting = t_nesting;
    pthread_mutex_unlock(&a->lock);
    record(a, status, info, len);

    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (a->upload_total)
            write_next(a);
        else
            check_call(a, WinHttpReceiveResponse(a->request, NULL));
        break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
        a->upload_done += *(DWORD *)info;
        write_next(a);
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        if (a->style == READ_LOOP)
            read_next(a);
        else
            check_call(a, WinHttpQueryDataAvailable(a->request, NULL));
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
        if (*(DWORD *)info == 0)
            finish(a, 0);
        else
            read_next(a);
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        on_read_complete(a, info, len);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        a->error = *(WINHTTP_ASYNC_RESULT *)info;
        finish(a, 0);
        break;
    }

    pthread_mutex_lock(&a->lock);
    if (--t_nesting == 0)
        a->inside--;
    pthread_mutex_unlock(&a->lock);
    /* Last: once the test sees this, the callback no longer touches *a. */
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
        finish(a, 1);
}

/* Waits until *flag is set; fails the test after 20 s. */
static void wait_for(struct app *a, int *flag)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 20;
    pthread_mutex_lock(&a->lock);
    while (!*flag)
        if (pthread_cond_timedwait(&a->cond, &a->lock, &until) != 0)
            break;
    int ok = *flag;
    pthread_mutex_unlock(&a->lock);
    if (!ok)
        fail_msg("timed out waiting for the request");
}

/* ---- handles ------------------------------------------------------------ */

static HINTERNET open_async_session(void)
{
    HINTERNET s = WinHttpOpen(u"test-async/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    assert_non_null(s);
    assert_null(WinHttpSetStatusCallback(s, app_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0));
    return s;
}

static HINTERNET connect_port(HINTERNET s, int port)
{
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)port, 0);
    assert_non_null(c);
    return c;
}

static HINTERNET open_req(HINTERNET c, LPCWSTR verb, LPCWSTR path, struct app *a)
{
    HINTERNET r = WinHttpOpenRequest(c, verb, path, NULL, WINHTTP_NO_REFERER, NULL, 0);
    assert_non_null(r);
    a->request = r;
    return r;
}

static void close_and_wait(struct app *a)
{
    assert_true(WinHttpCloseHandle(a->request));
    wait_for(a, &a->closed);
}

static void assert_statuses(struct app *a, const DWORD *expected, int count)
{
    pthread_mutex_lock(&a->lock);
    int n = a->count;
    for (int i = 0; i < n && i < count; ++i)
        if (a->statuses[i] != expected[i])
            fail_msg("notification %d: got 0x%x, expected 0x%x", i, (unsigned)a->statuses[i],
                     (unsigned)expected[i]);
    pthread_mutex_unlock(&a->lock);
    assert_int_equal(n, count);
}

static int index_of(struct app *a, DWORD status)
{
    int found = -1;
    pthread_mutex_lock(&a->lock);
    for (int i = 0; i < a->count && found < 0; ++i)
        if (a->statuses[i] == status)
            found = i;
    pthread_mutex_unlock(&a->lock);
    return found;
}

/* One GET of path on c, driven by a's QUERY_THEN_READ callback to the end,
 * then the request closed (HANDLE_CLOSING).  mask: the request's own
 * callback mask, or 0 to keep the one it inherits. */
static void get_and_close(struct app *a, HINTERNET c, const WCHAR *path, DWORD mask)
{
    app_init(a, QUERY_THEN_READ, 4096, 4096);
    HINTERNET r = open_req(c, u"GET", path, a);
    if (mask)
        assert_ptr_equal(WinHttpSetStatusCallback(r, app_callback, mask, 0), app_callback);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)a));
    wait_for(a, &a->finished);
    close_and_wait(a);
}

/* ---- tests -------------------------------------------------------------- */

static void test_hello_sequence_on_fresh_connection(void **state)
{
    (void)state;
    struct testserver *ts = testserver_start(NULL);
    assert_non_null(ts);
    struct app a;
    app_init(&a, QUERY_THEN_READ, 4096, 4096);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(ts));
    HINTERNET r = open_req(c, u"GET", u"/hello", &a);

    SetLastError(0xdeadbeef);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&a));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    wait_for(&a, &a.finished);
    close_and_wait(&a);

    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME,       WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,      WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    assert_statuses(&a, expected, 14);
    /* Payloads: DATA_AVAILABLE carries the byte count (16, then 0 at the
     * end); READ_COMPLETE the caller's buffer and the bytes read. */
    assert_int_equal(a.numbers[10], 16);
    assert_int_equal(a.numbers[11], 16);
    assert_int_equal(a.numbers[12], 0);
    assert_int_equal(a.body_len, 16);
    assert_memory_equal(a.buf, "Hello, WinHTTP!\n", 16);
    assert_true(a.pattern_ok);
    /* Completions come from pool threads, never the caller's, one at a time. */
    assert_false(pthread_equal(a.threads[6], pthread_self()));
    assert_false(pthread_equal(a.threads[9], pthread_self()));
    assert_int_equal(a.max_inside, 1);
    assert_int_equal(a.call_failures, 0);

    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
    testserver_stop(ts);
}

static void test_reused_connection_skips_connect_notifications(void **state)
{
    (void)state;
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    for (int round = 0; round < 2; ++round) {
        struct app a;
        get_and_close(&a, c, u"/keepalive-id", 0);
        if (round == 1) {
            assert_int_equal(a.statuses[0], WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
            assert_int_equal(index_of(&a, WINHTTP_CALLBACK_STATUS_RESOLVING_NAME), -1);
            assert_int_equal(index_of(&a, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER), -1);
        }
        app_free(&a);
    }
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* A request whose callback mask leaves out what the engine records (the
 * connection and send/receive notifications) gets exactly the masked
 * sequence: the completions drive the exchange, the rest never arrives
 * (and costs nothing: request_steps.cpp drops it unseen).  With the
 * receive bits added back, those two come in their place. */
static void test_masked_sequences(void **state)
{
    (void)state;
    static const DWORD completions_only[] = {
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    static const DWORD with_receive[] = {
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,       WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    const DWORD masks[] = {
        WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS | WINHTTP_CALLBACK_FLAG_HANDLES,
        WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS | WINHTTP_CALLBACK_FLAG_HANDLES | WINHTTP_CALLBACK_FLAG_RECEIVE_RESPONSE,
    };
    struct testserver *ts = testserver_start(NULL);  /* a fresh connection: connect events recorded too */
    assert_non_null(ts);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(ts));
    for (int round = 0; round < 2; ++round) {
        struct app a;
        get_and_close(&a, c, u"/hello", masks[round]);
        if (round == 0)
            assert_statuses(&a, completions_only, 6);
        else
            assert_statuses(&a, with_receive, 8);
        assert_int_equal(a.body_len, 16);
        assert_int_equal(a.call_failures, 0);
        app_free(&a);
    }
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    testserver_stop(ts);
}

static void test_cannot_connect_is_a_send_request_error(void **state)
{
    (void)state;
    struct testserver *ts = testserver_start(NULL);
    int port = testserver_port(ts);
    testserver_stop(ts); /* nothing listens there now */
    struct app a;
    app_init(&a, QUERY_THEN_READ, 4096, 4096);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, port);
    HINTERNET r = open_req(c, u"GET", u"/hello", &a);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&a));
    wait_for(&a, &a.finished);
    close_and_wait(&a);
    assert_int_equal(a.error.dwResult, API_SEND_REQUEST);
    assert_int_equal(a.error.dwError, ERROR_WINHTTP_CANNOT_CONNECT);
    int e = index_of(&a, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(a.numbers[e], sizeof(WINHTTP_ASYNC_RESULT));
    assert_int_equal(e, a.count - 2);
    assert_int_equal(a.statuses[a.count - 1], WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    assert_int_equal(index_of(&a, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE), -1);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
}

static void test_close_cancels_pending_receive(void **state)
{
    (void)state;
    struct app a;
    app_init(&a, QUERY_THEN_READ, 4096, 4096);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    HINTERNET r = open_req(c, u"GET", u"/stall", &a);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&a));
    /* Wait until ReceiveResponse is pending (called from the callback). */
    for (int i = 0; i < 2000 && index_of(&a, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE) < 0; ++i) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    assert_true(index_of(&a, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE) >= 0);
    /* A second receive while one is pending is refused. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    close_and_wait(&a);
    assert_int_equal(a.error.dwResult, API_RECEIVE_RESPONSE);
    assert_int_equal(a.error.dwError, ERROR_WINHTTP_OPERATION_CANCELLED);
    assert_int_equal(a.statuses[a.count - 2], WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(a.statuses[a.count - 1], WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
}

/* Sends GET path on a fresh async session with the timeout `option` at
 * 300 ms and waits for the request to end; returns how long that took, in
 * ms.  The request handle is closed (HANDLE_CLOSING last) before it
 * returns; a's record stays for the caller to check. */
static double run_until_timeout(struct app *a, const WCHAR *path, DWORD option)
{
    app_init(a, QUERY_THEN_READ, 4096, 4096);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    HINTERNET r = open_req(c, u"GET", path, a);
    DWORD ms = 300;
    assert_true(WinHttpSetOption(r, option, &ms, sizeof(ms)));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)a));
    wait_for(a, &a->finished);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    close_and_wait(a);
    assert_int_equal(a->statuses[a->count - 1], WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    return (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static void test_receive_response_timeout(void **state)
{
    (void)state;
    struct app a;
    double waited_ms = run_until_timeout(&a, u"/stall", WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT);
    assert_int_equal(a.error.dwResult, API_RECEIVE_RESPONSE);
    assert_int_equal(a.error.dwError, ERROR_WINHTTP_TIMEOUT);
    /* Never early (the deadline's coarse clock gets a tick of margin,
     * step_deadline.cpp), at most about a quarter second late. */
    assert_true(waited_ms >= 300);
    assert_true(waited_ms < 1300);
    app_free(&a);
}

/* The receive timeout bounds a data query or read waiting on a body that
 * stalls.  In async mode the engine checks the step's deadline when it
 * wakes, at least four times a second (step_deadline.h): the error comes
 * after the timeout and well within a second of it. */
static void test_receive_timeout_mid_body(void **state)
{
    (void)state;
    struct app a;
    double waited_ms = run_until_timeout(&a, u"/stall-body?after=100", WINHTTP_OPTION_RECEIVE_TIMEOUT);
    assert_int_equal(a.body_len, 100);  /* what came before the stall was read */
    assert_int_equal(a.error.dwResult, API_QUERY_DATA_AVAILABLE);
    assert_int_equal(a.error.dwError, ERROR_WINHTTP_TIMEOUT);
    assert_true(waited_ms >= 300);
    assert_true(waited_ms < 1300);
    app_free(&a);
}

static void test_wrong_state_calls_fail_at_once(void **state)
{
    (void)state;
    struct app a;
    app_init(&a, QUERY_THEN_READ, 4096, 4096);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    HINTERNET r = open_req(c, u"GET", u"/hello", &a);
    DWORD_PTR ctx = (DWORD_PTR)&a;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)));
    char buf[4];
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReadData(r, buf, sizeof(buf), NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpWriteData(r, buf, sizeof(buf), NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(a.count, 0); /* no notification for a refused call */
    close_and_wait(&a);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
}

/* READ_COMPLETE -> ReadData -> READ_COMPLETE ... with data already buffered
 * completes inline, but never more than 3 deep on one thread. */
static void test_inline_reads_nest_at_most_three_deep(void **state)
{
    (void)state;
    struct app a;
    app_init(&a, READ_LOOP, 100, 0);
    a.keep_body = 0;
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    HINTERNET r = open_req(c, u"GET", u"/bytes/200000", &a);
    free(a.buf);
    a.buf = malloc(100);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&a));
    wait_for(&a, &a.finished);
    close_and_wait(&a);
    assert_int_equal(a.call_failures, 0);
    assert_int_equal(a.body_len, 200000);
    assert_true(a.pattern_ok);
    assert_int_equal(a.max_nesting, 3);
    assert_int_equal(a.max_inside, 1); /* nested on one thread, never two threads */
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
}

static void test_download_64mib_pattern(void **state)
{
    (void)state;
    struct app a;
    app_init(&a, QUERY_THEN_READ, 65536, 65536);
    a.keep_body = 0;
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    HINTERNET r = open_req(c, u"GET", u"/bytes/67108864", &a);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&a));
    wait_for(&a, &a.finished);
    close_and_wait(&a);
    assert_int_equal(a.call_failures, 0);
    assert_int_equal(a.body_len, 67108864);
    assert_true(a.pattern_ok);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
}

/* The hex SHA-256 and length the server's /sha256 route answers for n
 * upload_byte()s. */
static void expected_sha256_reply(size_t n, char *out, size_t size)
{
    gnutls_hash_hd_t h;
    assert_int_equal(gnutls_hash_init(&h, GNUTLS_DIG_SHA256), 0);
    unsigned char chunk[65536];
    for (size_t done = 0; done < n;) {
        size_t k = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
        for (size_t i = 0; i < k; ++i)
            chunk[i] = upload_byte(done + i);
        gnutls_hash(h, chunk, k);
        done += k;
    }
    unsigned char digest[32];
    gnutls_hash_deinit(h, digest);
    for (int i = 0; i < 32; ++i)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    snprintf(out + 64, size - 64, " %zu", n);
}

static void test_async_streamed_upload_by_hash(void **state)
{
    (void)state;
    const size_t total = 8u << 20;
    struct app a;
    app_init(&a, QUERY_THEN_READ, 4096, 4096);
    a.upload_total = total;
    a.write_size = 65536;
    a.upload_piece = malloc(a.write_size);
    HINTERNET s = open_async_session();
    HINTERNET c = connect_port(s, testserver_port(g_server));
    HINTERNET r = open_req(c, u"POST", u"/sha256", &a);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, (DWORD)total, (DWORD_PTR)&a));
    wait_for(&a, &a.finished);
    close_and_wait(&a);
    assert_int_equal(a.call_failures, 0);
    char expected[128];
    expected_sha256_reply(total, expected, sizeof(expected));
    assert_int_equal(a.body_len, strlen(expected));
    assert_memory_equal(a.buf, expected, a.body_len);
    /* WRITE_COMPLETE carries the bytes written, as a DWORD. */
    int w = index_of(&a, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE);
    assert_true(w > index_of(&a, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE));
    assert_int_equal(a.numbers[w], 65536);
    assert_int_equal(a.max_inside, 1);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    app_free(&a);
}

/* Sync mode: 64 MiB through WinHttpWriteData, with part of it as optional
 * data in WinHttpSendRequest. */
static void test_sync_streamed_upload_64mib_by_hash(void **state)
{
    (void)state;
    const size_t total = 64u << 20, first = 1000, piece = 1 << 20;
    HINTERNET s = WinHttpOpen(u"test-sync-upload/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"PUT", u"/sha256", NULL, NULL, NULL, 0);
    unsigned char *buf = malloc(piece);
    for (size_t i = 0; i < first; ++i)
        buf[i] = upload_byte(i);
    assert_true(WinHttpSendRequest(r, NULL, 0, buf, (DWORD)first, (DWORD)total, 0));

    /* The response cannot be asked for before every promised byte is in. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    for (size_t done = first; done < total;) {
        DWORD n = (DWORD)(total - done < piece ? total - done : piece);
        for (DWORD i = 0; i < n; ++i)
            buf[i] = upload_byte(done + i);
        DWORD written = 0;
        assert_true(WinHttpWriteData(r, buf, n, &written));
        assert_int_equal(written, n);
        done += n;
    }
    assert_true(WinHttpReceiveResponse(r, NULL));
    char reply[128] = {0}, expected[128];
    DWORD got = 0;
    assert_true(WinHttpReadData(r, reply, sizeof(reply) - 1, &got));
    expected_sha256_reply(total, expected, sizeof(expected));
    assert_string_equal(reply, expected);
    free(buf);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_write_without_streamed_upload_is_wrong_state(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"POST", u"/sha256", NULL, NULL, NULL, 0);
    assert_true(WinHttpSendRequest(r, NULL, 0, "abc", 3, 3, 0));
    DWORD n = 77;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpWriteData(r, "x", 1, &n));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* A total below the optional length is a bad argument. */
    HINTERNET r2 = WinHttpOpenRequest(c, u"POST", u"/sha256", NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSendRequest(r2, NULL, 0, "abc", 3, 2, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(r2);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH + "Transfer-Encoding: chunked": the
 * application frames the chunks itself, as on Windows. */
static void test_sync_chunked_upload_framed_by_the_application(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"POST", u"/echo", NULL, NULL, NULL, 0);
    assert_true(WinHttpSendRequest(r, u"Transfer-Encoding: chunked\r\n", (DWORD)-1, NULL, 0,
                                   WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0));
    static const char *pieces[] = {"5\r\nhel", "lo\r\n6;ext=1\r\n world\r\n", "0\r\n\r\n"};
    for (int i = 0; i < 3; ++i) {
        DWORD written = 0;
        assert_true(WinHttpWriteData(r, pieces[i], (DWORD)strlen(pieces[i]), &written));
        assert_int_equal(written, strlen(pieces[i]));
    }
    assert_true(WinHttpReceiveResponse(r, NULL));
    char body[64] = {0};
    DWORD got = 0, total = 0;
    do {
        assert_true(WinHttpReadData(r, body + total, sizeof(body) - 1 - total, &got));
        total += got;
    } while (got);
    assert_string_equal(body, "hello world");
    WinHttpCloseHandle(r);

    /* Broken framing is refused before anything more is sent. */
    r = WinHttpOpenRequest(c, u"POST", u"/echo", NULL, NULL, NULL, 0);
    assert_true(WinHttpSendRequest(r, u"Transfer-Encoding: chunked\r\n", (DWORD)-1, NULL, 0,
                                   WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0));
    SetLastError(0xdeadbeef);
    assert_false(WinHttpWriteData(r, "zz\r\n", 4, &got));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static int group_setup(void **state)
{
    (void)state;
    g_server = testserver_start("--threads 2");
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
        cmocka_unit_test(test_hello_sequence_on_fresh_connection),
        cmocka_unit_test(test_reused_connection_skips_connect_notifications),
        cmocka_unit_test(test_masked_sequences),
        cmocka_unit_test(test_cannot_connect_is_a_send_request_error),
        cmocka_unit_test(test_close_cancels_pending_receive),
        cmocka_unit_test(test_receive_response_timeout),
        cmocka_unit_test(test_receive_timeout_mid_body),
        cmocka_unit_test(test_wrong_state_calls_fail_at_once),
        cmocka_unit_test(test_inline_reads_nest_at_most_three_deep),
        cmocka_unit_test(test_download_64mib_pattern),
        cmocka_unit_test(test_async_streamed_upload_by_hash),
        cmocka_unit_test(test_sync_streamed_upload_64mib_by_hash),
        cmocka_unit_test(test_write_without_streamed_upload_is_wrong_state),
        cmocka_unit_test(test_sync_chunked_upload_framed_by_the_application),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
