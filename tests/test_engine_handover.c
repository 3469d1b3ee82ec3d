/* A sync caller that asks the engine thread for the curl multi and then
 * never takes it must not leave async transfers undriven.
 *
 * The race (found by make soak): an async transfer keeps the engine thread
 * in curl_multi_poll, holding the multi.  A sync WinHttpSendRequest on a
 * kept-alive connection asks for the multi (the engine holds it), and the
 * engine thread's next round sends the request, so the caller returns
 * without ever driving.  The engine thread had let go of the multi for the
 * caller and then waited for a hand-over that never came: the async
 * response, arriving later, was never read.  Here the sync caller makes no
 * further call until the async request has its response, which must come
 * within a few seconds.  Whether the caller meets the engine thread holding
 * the multi depends on timing, so the pattern is repeated; with the fix it
 * always passes, without it it failed in most runs. */
#include <semaphore.h>
#include <time.h>

#include "cmocka_all.h"
#include "testserver.h"
#include "winhttp.h"

enum { attempts = 8 };

static struct testserver *g_server;

struct async_job {
    HINTERNET request;
    DWORD status;
    DWORD error;
    sem_t headers;  /* posted at HEADERS_AVAILABLE or REQUEST_ERROR */
    sem_t sent;     /* posted at SENDREQUEST_COMPLETE */
};

static void CALLBACK on_status(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h, (void)len;
    struct async_job *j = (struct async_job *)ctx;
    if (!j)
        return;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        sem_post(&j->sent);
        if (!WinHttpReceiveResponse(j->request, NULL)) {
            j->error = GetLastError();
            sem_post(&j->headers);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE: {
        DWORD size = sizeof j->status;
        WinHttpQueryHeaders(j->request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                            WINHTTP_HEADER_NAME_BY_INDEX, &j->status, &size, WINHTTP_NO_HEADER_INDEX);
        sem_post(&j->headers);
        break;
    }
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        j->error = ((WINHTTP_ASYNC_RESULT *)info)->dwError;
        sem_post(&j->headers);
        break;
    default:
        break;
    }
}

/* sem_timedwait for up to `seconds`; returns whether it was posted. */
static int wait_for(sem_t *s, int seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    return sem_timedwait(s, &until) == 0;
}

/* A whole sync GET of /hello, so that the connection stays kept alive for
 * the next sync request. */
static void sync_hello(HINTERNET connect)
{
    HINTERNET r = WinHttpOpenRequest(connect, u"GET", u"/hello", NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    char buf[64];
    DWORD got = 0;
    while (WinHttpReadData(r, buf, sizeof buf, &got) && got) {
    }
    WinHttpCloseHandle(r);
}

static void test_async_driven_after_sync_caller_leaves(void **state)
{
    (void)state;
    HINTERNET async_session = WinHttpOpen(u"handover", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    HINTERNET sync_session = WinHttpOpen(u"handover", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    assert_non_null(async_session);
    assert_non_null(sync_session);
    WinHttpSetStatusCallback(async_session, on_status, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    INTERNET_PORT port = (INTERNET_PORT)testserver_port(g_server);
    HINTERNET async_connect = WinHttpConnect(async_session, u"127.0.0.1", port, 0);
    HINTERNET sync_connect = WinHttpConnect(sync_session, u"127.0.0.1", port, 0);
    assert_non_null(async_connect);
    assert_non_null(sync_connect);

    for (int i = 0; i < attempts; i++) {
        sync_hello(sync_connect);  /* a kept-alive connection for the sync send below */

        /* The async request is in flight, waiting for a response 300 ms away:
         * the engine thread sleeps in curl_multi_poll holding the multi. */
        struct async_job j = {0};
        sem_init(&j.headers, 0, 0);
        sem_init(&j.sent, 0, 0);
        j.request = WinHttpOpenRequest(async_connect, u"GET", u"/slow?delay_ms=300", NULL, NULL, NULL, 0);
        assert_non_null(j.request);
        assert_true(WinHttpSendRequest(j.request, NULL, 0, NULL, 0, 0, (DWORD_PTR)&j));
        assert_true(wait_for(&j.sent, 10));

        /* The sync caller's last call for now: its request leaves on the
         * kept-alive connection in the engine thread's round. */
        HINTERNET r = WinHttpOpenRequest(sync_connect, u"GET", u"/hello", NULL, NULL, NULL, 0);
        assert_non_null(r);
        assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));

        /* No call of any kind until the async response is in. */
        int in_time = wait_for(&j.headers, 5);
        assert_true(in_time);
        assert_int_equal(j.error, 0);
        assert_int_equal(j.status, 200);

        WinHttpCloseHandle(r);
        WinHttpCloseHandle(j.request);
        sem_destroy(&j.headers);
        sem_destroy(&j.sent);
    }
    WinHttpCloseHandle(sync_connect);
    WinHttpCloseHandle(async_connect);
    WinHttpCloseHandle(sync_session);
    WinHttpCloseHandle(async_session);
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
        cmocka_unit_test(test_async_driven_after_sync_caller_leaves),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
