/* Async callbacks that block.  Completions may be delivered on the engine
 * thread itself (engine.h, run_after_round); an application callback that
 * blocks there must not stall the other requests: the engine's rescue
 * thread drives the multi meanwhile.  Each wait here is bounded (10 s), so
 * a stall fails the test instead of hanging it. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "testserver.h"
#include "winhttp.h"

static struct testserver *g_server;
static HINTERNET g_session, g_connect;

/* One async GET, driven from the status callback. */
struct job {
    HINTERNET request;
    char body[256];
    size_t length;
    DWORD error;        /* from REQUEST_ERROR, or a failed call */
    sem_t done;         /* posted once, at the end */
    void (*on_headers)(struct job *);  /* runs inside HEADERS_AVAILABLE */
    int hook_result;    /* what on_headers found */
};

static void job_end(struct job *j, DWORD error)
{
    j->error = error;
    sem_post(&j->done);
}

static void query_next(struct job *j)
{
    if (!WinHttpQueryDataAvailable(j->request, NULL))
        job_end(j, GetLastError());
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    struct job *j = (struct job *)ctx;
    if (!j)
        return;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (!WinHttpReceiveResponse(j->request, NULL))
            job_end(j, GetLastError());
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        if (j->on_headers)
            j->on_headers(j);
        query_next(j);
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: {
        DWORD n = *(DWORD *)info, room = (DWORD)(sizeof(j->body) - 1 - j->length);
        if (n == 0 || room == 0)
            job_end(j, 0);
        else if (!WinHttpReadData(j->request, j->body + j->length, n < room ? n : room, NULL))
            job_end(j, GetLastError());
        break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        j->length += len;
        j->body[j->length] = 0;
        if (len == 0)
            job_end(j, 0);
        else
            query_next(j);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        job_end(j, ((WINHTTP_ASYNC_RESULT *)info)->dwError);
        break;
    }
}

static void job_start(struct job *j, LPCWSTR path, void (*on_headers)(struct job *))
{
    memset(j, 0, sizeof(*j));
    sem_init(&j->done, 0, 0);
    j->on_headers = on_headers;
    j->request = WinHttpOpenRequest(g_connect, u"GET", path, NULL, NULL, NULL, 0);
    if (!j->request || !WinHttpSendRequest(j->request, NULL, 0, NULL, 0, 0, (DWORD_PTR)j))
        job_end(j, GetLastError());
}

/* Waits up to 10 s for j; 0 when it ended, ETIMEDOUT otherwise. */
static int job_wait(struct job *j)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 10;
    while (sem_timedwait(&j->done, &deadline) != 0)
        if (errno != EINTR)
            return errno;
    return 0;
}

static void job_close(struct job *j)
{
    WinHttpCloseHandle(j->request);
    sem_destroy(&j->done);
}

/* Runs async GET path as request A, with hook inside its HEADERS_AVAILABLE
 * callback, and checks that A and the hook both came through and that A's
 * body is want. */
static void run_a_with_hook(LPCWSTR path, void (*hook)(struct job *), const char *want)
{
    static struct job a;  /* static: a late callback after a failed wait must not hit a dead frame */
    job_start(&a, path, hook);
    assert_int_equal(job_wait(&a), 0);
    assert_int_equal(a.error, 0);
    assert_true(a.hook_result);
    assert_string_equal(a.body, want);
    job_close(&a);
}

/* Inside A's callback: starts async request B and blocks until B ends. */
static void wait_for_another_request(struct job *a)
{
    static struct job b;
    job_start(&b, u"/hello", NULL);
    a->hook_result = job_wait(&b) == 0 && b.error == 0 && strcmp(b.body, "Hello, WinHTTP!\n") == 0;
    job_close(&b);
}

static void test_callback_blocks_on_another_async_request(void **state)
{
    (void)state;
    run_a_with_hook(u"/hello", wait_for_another_request, "Hello, WinHTTP!\n");
}

/* Inside A's callback: a whole sync request on a sync session. */
static void run_sync_request(struct job *a)
{
    HINTERNET s = WinHttpOpen(u"blocking-test-sync", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/slow?delay_ms=50", NULL, NULL, NULL, 0);
    char body[64] = {0};
    DWORD got = 0;
    a->hook_result = r && WinHttpSetTimeouts(r, 10000, 10000, 10000, 10000) &&
                     WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL) &&
                     WinHttpReadData(r, body, sizeof(body) - 1, &got) && strcmp(body, "Hello, WinHTTP!\n") == 0;
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_callback_runs_a_sync_request(void **state)
{
    (void)state;
    run_a_with_hook(u"/hello", run_sync_request, "Hello, WinHTTP!\n");
}

/* While A's callback sleeps, eight other requests start and finish. */
static void sleep_while_others_run(struct job *a)
{
    static struct job others[8];
    for (int i = 0; i < 8; i++)
        job_start(&others[i], u"/hello", NULL);
    int ok = 1;
    for (int i = 0; i < 8; i++) {
        ok = ok && job_wait(&others[i]) == 0 && others[i].error == 0 && others[i].length == 16;
        job_close(&others[i]);
    }
    a->hook_result = ok;
}

static void test_callback_waits_for_many(void **state)
{
    (void)state;
    run_a_with_hook(u"/hello", sleep_while_others_run, "Hello, WinHTTP!\n");
}

/* A's callback sleeps long enough for the rescue thread to take over;
 * the rest of A's body, still on its way, must then arrive as usual. */
static void sleep_300ms(struct job *a)
{
    usleep(300 * 1000);
    a->hook_result = 1;
}

static void test_body_continues_after_a_long_callback(void **state)
{
    (void)state;
    run_a_with_hook(u"/slowbody?delay_ms=100&chunks=3", sleep_300ms, "chunk 1\nchunk 2\nchunk 3\n");
    /* And the engine is still there for the next one. */
    static struct job b;
    job_start(&b, u"/slowbody?delay_ms=50&chunks=2", NULL);
    assert_int_equal(job_wait(&b), 0);
    assert_string_equal(b.body, "chunk 1\nchunk 2\n");
    job_close(&b);
}

static int setup(void **state)
{
    (void)state;
    g_server = testserver_start(NULL);
    if (!g_server)
        return -1;
    g_session = WinHttpOpen(u"blocking-test", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    if (!g_session)
        return -1;
    WinHttpSetStatusCallback(g_session, on_status, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
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
        cmocka_unit_test(test_callback_blocks_on_another_async_request),
        cmocka_unit_test(test_callback_runs_a_sync_request),
        cmocka_unit_test(test_callback_waits_for_many),
        cmocka_unit_test(test_body_continues_after_a_long_callback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
