/* The benchmark's workloads through our WinHTTP API, written the way a
 * Windows application would write them. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "winhttp.h"

static const char hello[] = "Hello, WinHTTP!\n";
enum { HELLO_LENGTH = sizeof hello - 1 };

static void failed(struct bench_result *out, const char *what)
{
    out->ok = 0;
    out->error = GetLastError();
    snprintf(out->message, sizeof out->message, "%s failed, error %u", what, out->error);
}

static int status_is_200(HINTERNET r)
{
    DWORD status = 0, size = sizeof status;
    return WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL,
                               &status, &size, NULL) &&
           status == 200;
}

/* ---- (a) sequential GETs, sync ------------------------------------------ */

/* One GET of /hello on an open connection: Open, Send, Receive,
 * QueryDataAvailable/ReadData to the end, Close.  Returns 1 on success. */
static int get_hello(HINTERNET c, struct bench_result *out)
{
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/hello", NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    if (!r) {
        failed(out, "WinHttpOpenRequest");
        return 0;
    }
    int ok = 0;
    char body[64];
    DWORD have = 0;
    if (!WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0))
        failed(out, "WinHttpSendRequest");
    else if (!WinHttpReceiveResponse(r, NULL))
        failed(out, "WinHttpReceiveResponse");
    else {
        for (;;) {
            DWORD avail = 0, got = 0;
            if (!WinHttpQueryDataAvailable(r, &avail)) {
                failed(out, "WinHttpQueryDataAvailable");
                break;
            }
            if (avail == 0) {
                ok = have == HELLO_LENGTH && memcmp(body, hello, HELLO_LENGTH) == 0;
                if (!ok)
                    snprintf(out->message, sizeof out->message, "wrong /hello body (%u bytes)", have);
                break;
            }
            if (avail > sizeof body - have)
                avail = (DWORD)(sizeof body - have);
            if (!WinHttpReadData(r, body + have, avail, &got)) {
                failed(out, "WinHttpReadData");
                break;
            }
            have += got;
        }
    }
    WinHttpCloseHandle(r);
    return ok;
}

void ours_sequential(const void *arg, struct bench_result *out)
{
    const struct seq_args *a = arg;
    HINTERNET s = WinHttpOpen(u"" BENCH_USER_AGENT, WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                              WINHTTP_NO_PROXY_BYPASS, 0);
    HINTERNET c = s ? WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)a->port, 0) : NULL;
    if (!c) {
        failed(out, "WinHttpOpen/WinHttpConnect");
        return;
    }
    double start = bench_now();
    unsigned long done = 0;
    while (done < a->count && get_hello(c, out))
        done++;
    out->seconds = bench_now() - start;
    out->units = done;
    out->ok = done == a->count;
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* ---- (b) many GETs in flight, async --------------------------------------- */

/* One request in flight.  Its buffer must stay put while a ReadData is
 * pending, so every slot owns one; a slot is reused for the next request
 * only after its previous request has read to the end and been closed. */
struct slot {
    struct async_run *run;
    HINTERNET request;
    DWORD body_bytes;
    char buf[4096];
};

struct async_run {
    HINTERNET connect;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    unsigned long total;     /* requests to start in all */
    unsigned long started;   /* guarded by lock */
    unsigned long finished;  /* guarded by lock: ended, successfully or not */
    unsigned long failures;  /* guarded by lock */
    DWORD first_error;       /* guarded by lock */
    char why[160];           /* guarded by lock */
};

static void note_failure(struct async_run *run, DWORD error, const char *what)
{
    pthread_mutex_lock(&run->lock);
    if (!run->failures++) {
        run->first_error = error;
        snprintf(run->why, sizeof run->why, "%s, error %u", what, error);
    }
    run->total = run->started;  /* start nothing more: the run has failed */
    pthread_mutex_unlock(&run->lock);
}

/* Claims the next request number; 0 when all have been started. */
static int claim_next(struct async_run *run)
{
    pthread_mutex_lock(&run->lock);
    int go = run->started < run->total;
    if (go)
        run->started++;
    pthread_mutex_unlock(&run->lock);
    return go;
}

static int all_finished_locked(const struct async_run *run)
{
    return run->finished >= run->started && run->started >= run->total;
}

/* Only the last request wakes the waiting thread: a wake per request
 * would charge the API side for a thread switch the raw side never has. */
static void finish_one(struct async_run *run)
{
    pthread_mutex_lock(&run->lock);
    run->finished++;
    if (all_finished_locked(run))
        pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
}

/* Opens and sends the slot's next request.  Returns 0 if it could not even
 * be sent (the error is recorded and the request counts as finished). */
static int send_next(struct slot *sl)
{
    struct async_run *run = sl->run;
    sl->body_bytes = 0;
    sl->request = WinHttpOpenRequest(run->connect, u"GET", u"/hello", NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    if (sl->request &&
        WinHttpSendRequest(sl->request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0,
                           0, (DWORD_PTR)sl))
        return 1;
    note_failure(run, GetLastError(), sl->request ? "WinHttpSendRequest" : "WinHttpOpenRequest");
    if (sl->request)
        WinHttpCloseHandle(sl->request);
    sl->request = NULL;
    finish_one(run);
    return 0;
}

/* The request in `sl` has ended: close it and start the next one in its place.
 * The next request is claimed before this one counts as finished: once the
 * last request counts, ours_async() returns and `run` (on its stack) and the
 * slots are gone, so finish_one() must be the callback's last use of them. */
static void request_ended(struct slot *sl, int ok)
{
    struct async_run *run = sl->run;
    WinHttpCloseHandle(sl->request);
    sl->request = NULL;
    if (ok && sl->body_bytes != HELLO_LENGTH)
        note_failure(run, 0, "wrong /hello body length");
    int more = claim_next(run);
    finish_one(run);
    if (more)
        send_next(sl);
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length)
{
    (void)h;
    struct slot *sl = (struct slot *)context;
    if (!sl)
        return;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (!WinHttpReceiveResponse(sl->request, NULL)) {
            note_failure(sl->run, GetLastError(), "WinHttpReceiveResponse");
            request_ended(sl, 0);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        if (!WinHttpQueryDataAvailable(sl->request, NULL)) {
            note_failure(sl->run, GetLastError(), "WinHttpQueryDataAvailable");
            request_ended(sl, 0);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
        if (!WinHttpReadData(sl->request, sl->buf, sizeof sl->buf, NULL)) {
            note_failure(sl->run, GetLastError(), "WinHttpReadData");
            request_ended(sl, 0);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        if (length == 0) {
            request_ended(sl, 1);
        } else {
            sl->body_bytes += length;
            if (!WinHttpQueryDataAvailable(sl->request, NULL)) {
                note_failure(sl->run, GetLastError(), "WinHttpQueryDataAvailable");
                request_ended(sl, 0);
            }
        }
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
        const WINHTTP_ASYNC_RESULT *res = info;
        note_failure(sl->run, res ? res->dwError : 0, "REQUEST_ERROR");
        request_ended(sl, 0);
        break;
    }
    default:
        break;
    }
}

/* Waits until every started request has finished; gives up after 30 s
 * without progress (a stalled engine must not hang the benchmark). */
static int wait_all_finished(struct async_run *run)
{
    pthread_mutex_lock(&run->lock);
    unsigned long seen = run->finished;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 30;
    int ok = 1;
    while (!all_finished_locked(run)) {
        if (pthread_cond_timedwait(&run->changed, &run->lock, &deadline) != 0) {
            if (run->finished == seen) {
                ok = 0;
                break;
            }
            seen = run->finished;
            clock_gettime(CLOCK_REALTIME, &deadline);
            deadline.tv_sec += 30;
        }
    }
    pthread_mutex_unlock(&run->lock);
    return ok;
}

void ours_async(const void *arg, struct bench_result *out)
{
    const struct multi_args *a = arg;
    HINTERNET s = WinHttpOpen(u"" BENCH_USER_AGENT, WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                              WINHTTP_NO_PROXY_BYPASS, WINHTTP_FLAG_ASYNC);
    if (!s) {
        failed(out, "WinHttpOpen");
        return;
    }
    /* Set before WinHttpConnect: children copy the callback when created. */
    WinHttpSetStatusCallback(s, on_status, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    struct async_run run = {0};
    run.connect = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)a->port, 0);
    if (!run.connect) {
        failed(out, "WinHttpConnect");
        WinHttpCloseHandle(s);
        return;
    }
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.changed, NULL);
    run.total = a->count;
    unsigned n = a->inflight < a->count ? a->inflight : (unsigned)a->count;
    struct slot *slots = calloc(n, sizeof *slots);
    double start = bench_now();
    for (unsigned i = 0; slots && i < n; i++) {
        slots[i].run = &run;
        if (!claim_next(&run) || !send_next(&slots[i]))
            break;
    }
    int progressed = slots && wait_all_finished(&run);
    out->seconds = bench_now() - start;
    pthread_mutex_lock(&run.lock);
    out->units = run.finished - run.failures;
    if (run.failures) {
        out->error = run.first_error;
        snprintf(out->message, sizeof out->message, "%lu failed; first: %s", run.failures, run.why);
    } else if (!progressed) {
        snprintf(out->message, sizeof out->message, "stalled after %lu of %lu requests",
                 run.finished, run.total);
    } else {
        out->ok = 1;
    }
    pthread_mutex_unlock(&run.lock);
    if (progressed) {
        WinHttpCloseHandle(run.connect);
        WinHttpCloseHandle(s);
        free(slots);  /* when stalled, callbacks may still come: leak rather than crash */
    }
}

/* ---- (c) one large download, sync ---------------------------------------- */

void ours_download(const void *arg, struct bench_result *out)
{
    const struct download_args *a = arg;
    WCHAR path[64];
    char narrow[64];
    snprintf(narrow, sizeof narrow, "/bytes/%llu", (unsigned long long)a->bytes);
    for (size_t i = 0; i < sizeof narrow; i++)
        path[i] = (unsigned char)narrow[i];
    char *buf = malloc(a->read_size);
    HINTERNET s = WinHttpOpen(u"" BENCH_USER_AGENT, WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                              WINHTTP_NO_PROXY_BYPASS, 0);
    HINTERNET c = s ? WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)a->port, 0) : NULL;
    HINTERNET r = c ? WinHttpOpenRequest(c, u"GET", path, NULL, WINHTTP_NO_REFERER,
                                         WINHTTP_DEFAULT_ACCEPT_TYPES, 0)
                    : NULL;
    double start = bench_now();
    uint64_t total = 0;
    if (!buf || !r)
        failed(out, "setting up the request");
    else if (!WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0))
        failed(out, "WinHttpSendRequest");
    else if (!WinHttpReceiveResponse(r, NULL))
        failed(out, "WinHttpReceiveResponse");
    else if (!status_is_200(r))
        snprintf(out->message, sizeof out->message, "status is not 200");
    else {
        for (;;) {
            DWORD got = 0;
            if (!WinHttpReadData(r, buf, (DWORD)a->read_size, &got)) {
                failed(out, "WinHttpReadData");
                break;
            }
            if (got == 0) {
                out->ok = total == a->bytes;
                if (!out->ok)
                    snprintf(out->message, sizeof out->message, "body ended after %llu bytes",
                             (unsigned long long)total);
                break;
            }
            if (!pattern_matches(total, buf, got)) {
                snprintf(out->message, sizeof out->message, "wrong byte near offset %llu",
                         (unsigned long long)total);
                break;
            }
            total += got;
        }
    }
    out->seconds = bench_now() - start;
    out->units = total;
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    free(buf);
}
