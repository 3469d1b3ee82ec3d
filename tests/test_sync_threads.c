/* Sync calls on several threads share the one engine: whoever waits drives
 * the curl multi, a sync transfer whose caller is between calls is left
 * alone (nobody drives it until the caller is back), and a caller that
 * waits while another drives is served when that one stops.  A stall would
 * show as ERROR_WINHTTP_TIMEOUT (every request here has a 10 s bound)
 * rather than as a hung test. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

/* One whole GET of path on g_fx.connect, with no CMocka assertion (this
 * runs on other threads too).  Returns 0 and the body in buf, or the
 * failing call's GetLastError. */
static DWORD fetch(LPCWSTR path, char *buf, size_t cap)
{
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", path, NULL, NULL, NULL, 0);
    if (!r)
        return GetLastError();
    DWORD err = 0, got = 0;
    size_t total = 0;
    if (!WinHttpSetTimeouts(r, 10000, 10000, 10000, 10000) || !WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) ||
        !WinHttpReceiveResponse(r, NULL))
        err = GetLastError();
    while (!err) {
        if (!WinHttpReadData(r, buf + total, (DWORD)(cap - 1 - total), &got))
            err = GetLastError();
        else if (!got || (total += got) == cap - 1)
            break;
    }
    buf[total] = 0;
    WinHttpCloseHandle(r);
    return err;
}

struct fetch_job {
    LPCWSTR path;
    int repeat;
    DWORD error;   /* the first failure, or 0 */
    int bad_body;  /* bodies that were not "Hello, WinHTTP!\n" */
};

static void *fetch_thread(void *arg)
{
    struct fetch_job *job = arg;
    char body[64];
    for (int i = 0; i < job->repeat && !job->error; i++) {
        job->error = fetch(job->path, body, sizeof(body));
        if (!job->error && strcmp(body, "Hello, WinHTTP!\n") != 0)
            job->bad_body++;
    }
    return NULL;
}

/* A request is sent and its caller goes away for a while; meanwhile
 * another thread runs whole requests on the same engine.  The first one's
 * response is then received and read as if nothing had happened. */
static void test_caller_between_calls(void **state)
{
    (void)state;
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", u"/hello", NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSetTimeouts(r, 10000, 10000, 10000, 10000));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));

    struct fetch_job other = {u"/hello", 20, 0, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fetch_thread, &other), 0);
    pthread_join(t, NULL);
    assert_int_equal(other.error, 0);
    assert_int_equal(other.bad_body, 0);
    usleep(100 * 1000);  /* nobody drives the engine now */

    assert_true(WinHttpReceiveResponse(r, NULL));
    char body[64];
    assert_int_equal(http_read_all(r, body, sizeof(body)), 16);
    assert_string_equal(body, "Hello, WinHTTP!\n");
    WinHttpCloseHandle(r);
}

/* Two callers wait at once: one for a slow response, one for a slower
 * one.  Whichever drives first stops when its own response is in; the
 * other is still served. */
static void test_waiter_served_after_driver_stops(void **state)
{
    (void)state;
    struct fetch_job slow = {u"/slow?delay_ms=400", 1, 0, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fetch_thread, &slow), 0);
    char body[64];
    DWORD err = fetch(u"/slow?delay_ms=100", body, sizeof(body));
    pthread_join(t, NULL);  /* before any assertion: slow lives on this stack */
    assert_int_equal(err, 0);
    assert_string_equal(body, "Hello, WinHTTP!\n");
    assert_int_equal(slow.error, 0);
    assert_int_equal(slow.bad_body, 0);
}

/* Four threads, 50 requests each, all through the one engine. */
static void test_many_threads(void **state)
{
    (void)state;
    enum { threads = 4 };
    struct fetch_job jobs[threads];
    pthread_t t[threads];
    for (int i = 0; i < threads; i++) {
        jobs[i] = (struct fetch_job){i % 2 ? u"/hello" : u"/slow?delay_ms=5", 50, 0, 0};
        assert_int_equal(pthread_create(&t[i], NULL, fetch_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < threads; i++) {
        assert_int_equal(jobs[i].error, 0);
        assert_int_equal(jobs[i].bad_body, 0);
    }
}

static int setup(void **state)
{
    (void)state;
    return http_fixture_open(u"sync-threads-test", NULL);
}

static int teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caller_between_calls),
        cmocka_unit_test(test_waiter_served_after_driver_stops),
        cmocka_unit_test(test_many_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
