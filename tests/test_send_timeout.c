/* The send timeout bounds sending the request itself: against a peer that
 * accepts the connection and never reads, a large request body stops
 * moving, and WinHttpSendRequest fails with ERROR_WINHTTP_TIMEOUT (sync)
 * or ends with REQUEST_ERROR(API_SEND_REQUEST, ERROR_WINHTTP_TIMEOUT)
 * (async).  An upload that keeps moving is not cut short by it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

/* More than loopback's socket buffers hold (a few MiB). */
enum { big_body = 16 << 20, send_timeout_ms = 500 };

/* A real peer that never reads: a loopback listener whose accepted
 * connections are kept open, unread, until the test closes it. */
struct deaf_peer {
    int listener;
    int port;
    pthread_t acceptor;
    int accepted[4];
    int count;
};

static void *accept_all(void *arg)
{
    struct deaf_peer *p = arg;
    while (p->count < 4) {
        int fd = accept(p->listener, NULL, NULL);
        if (fd < 0)
            break;
        p->accepted[p->count++] = fd;
    }
    return NULL;
}

static int deaf_peer_start(struct deaf_peer *p)
{
    memset(p, 0, sizeof(*p));
    p->listener = socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    setsockopt(p->listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    if (p->listener < 0 || bind(p->listener, (struct sockaddr *)&a, sizeof(a)) || listen(p->listener, 4) ||
        getsockname(p->listener, (struct sockaddr *)&a, &len))
        return -1;
    p->port = ntohs(a.sin_port);
    return pthread_create(&p->acceptor, NULL, accept_all, p);
}

static void deaf_peer_stop(struct deaf_peer *p)
{
    shutdown(p->listener, SHUT_RDWR);  /* ends accept() */
    pthread_join(p->acceptor, NULL);
    close(p->listener);
    for (int i = 0; i < p->count; i++)
        close(p->accepted[i]);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static HINTERNET open_post(HINTERNET session, int port)
{
    HINTERNET c = WinHttpConnect(session, u"127.0.0.1", (INTERNET_PORT)port, 0);
    assert_non_null(c);
    HINTERNET r = WinHttpOpenRequest(c, u"POST", u"/upload", NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSetTimeouts(r, 5000, 5000, send_timeout_ms, 5000));
    WinHttpCloseHandle(c);  /* the request keeps what it needs */
    return r;
}

static void test_sync_send_stalls(void **state)
{
    (void)state;
    struct deaf_peer peer;
    assert_int_equal(deaf_peer_start(&peer), 0);
    char *body = calloc(1, big_body);
    HINTERNET r = open_post(g_fx.session, peer.port);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    SetLastError(0xdeadbeef);
    BOOL ok = WinHttpSendRequest(r, NULL, 0, body, big_body, big_body, 0);
    DWORD err = GetLastError();
    double took = seconds_since(&start);
    WinHttpCloseHandle(r);
    deaf_peer_stop(&peer);
    free(body);
    assert_false(ok);
    assert_int_equal(err, ERROR_WINHTTP_TIMEOUT);
    /* Not before the timeout; within about a second after it. */
    assert_true(took >= send_timeout_ms / 1000.0 - 0.05);
    assert_true(took < 5.0);
}

struct async_outcome {
    sem_t done;
    DWORD status;
    WINHTTP_ASYNC_RESULT result;
};

static void CALLBACK on_async(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)len;
    struct async_outcome *o = (struct async_outcome *)ctx;
    if (!o || (status != WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE &&
               status != WINHTTP_CALLBACK_STATUS_REQUEST_ERROR))
        return;
    o->status = status;
    if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
        o->result = *(WINHTTP_ASYNC_RESULT *)info;
    sem_post(&o->done);
}

static void test_async_send_stalls(void **state)
{
    (void)state;
    struct deaf_peer peer;
    assert_int_equal(deaf_peer_start(&peer), 0);
    HINTERNET s = WinHttpOpen(u"send-timeout-async", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    assert_non_null(s);
    WinHttpSetStatusCallback(s, on_async, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    char *body = calloc(1, big_body);
    struct async_outcome o = {0};
    sem_init(&o.done, 0, 0);
    HINTERNET r = open_post(s, peer.port);
    assert_true(WinHttpSendRequest(r, NULL, 0, body, big_body, big_body, (DWORD_PTR)&o));
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    int waited = sem_timedwait(&o.done, &deadline);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(s);
    deaf_peer_stop(&peer);
    free(body);
    assert_int_equal(waited, 0);
    assert_int_equal(o.status, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(o.result.dwResult, API_SEND_REQUEST);
    assert_int_equal(o.result.dwError, ERROR_WINHTTP_TIMEOUT);
    sem_destroy(&o.done);
}

/* The test server reads the whole body: 8 MiB moves all along, so a send
 * timeout far shorter than the whole upload does not fire. */
static void test_moving_upload_is_not_cut(void **state)
{
    (void)state;
    enum { size = 8 << 20 };
    char *body = malloc(size);
    memset(body, 'x', size);
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"POST", u"/sha256", NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSetTimeouts(r, 5000, 5000, 200, 5000));
    assert_true(WinHttpSendRequest(r, NULL, 0, body, size, size, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    DWORD code = 0, len = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &len, NULL));
    assert_int_equal(code, 200);
    WinHttpCloseHandle(r);
    free(body);
}

static int setup(void **state)
{
    (void)state;
    return http_fixture_open(u"send-timeout-test", NULL);
}

static int teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sync_send_stalls),
        cmocka_unit_test(test_async_send_stalls),
        cmocka_unit_test(test_moving_upload_is_not_cut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
