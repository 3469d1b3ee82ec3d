/* The soak's sync side: threads making blocking requests on one sync
 * session at the same time as the async side runs.  Some requests are
 * closed early, after the head or part of the body.  Checked for every
 * request: its notifications arrive on the thread that made the call (sync
 * mode delivers them there), HANDLE_CLOSING comes exactly once and last,
 * and it ends as its scenario says. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "soak.h"

struct sync_req {
    const struct scenario *sc;
    pthread_t owner;
    int closing_seen;
    int notifications_elsewhere;
};

static HINTERNET session, connection;
static pthread_t *threads;
static unsigned thread_count;
static atomic_uint threads_done;
static uint64_t base_seed;

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length)
{
    (void)h, (void)info, (void)length;
    atomic_fetch_add(&soak_stats.notifications, 1);
    struct sync_req *q = (struct sync_req *)context;
    if (!q)
        return;
    if (!pthread_equal(q->owner, pthread_self()))
        q->notifications_elsewhere++;  /* read by the owner after the close; reported there */
    else if (q->closing_seen)
        soak_violation("sync: a notification after HANDLE_CLOSING", q->sc->name, status);
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
        q->closing_seen++;
}

static int set_timeouts(HINTERNET r, const struct scenario *sc)
{
    DWORD ms = (DWORD)sc->receive_timeout_ms;
    return !ms || (WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &ms, sizeof ms) &&
                   WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_TIMEOUT, &ms, sizeof ms));
}

/* Reads the body until its end, an error, or `stop_after` bytes (0: all). */
static void read_body(HINTERNET r, const struct scenario *sc, struct outcome *got, uint64_t stop_after)
{
    unsigned char buf[8192];
    for (;;) {
        DWORD available = 0, n = 0;
        if (!WinHttpQueryDataAvailable(r, &available)) {
            got->error = GetLastError();
            return;
        }
        if (available == 0) {
            got->completed = 1;
            return;
        }
        if (!WinHttpReadData(r, buf, available < sizeof buf ? available : sizeof buf, &n)) {
            got->error = GetLastError();
            return;
        }
        if (!soak_body_matches(sc, got->body_bytes, buf, n))
            got->body_bad = 1;
        got->body_bytes += n;
        if (n == 0) {
            got->completed = 1;
            return;
        }
        if (stop_after && got->body_bytes >= stop_after)
            return;
    }
}

/* One request, start to close.  Returns whether the test closed it early. */
static int run_one(struct sync_req *q, struct outcome *got, uint64_t *rng)
{
    const struct scenario *sc = q->sc;
    uint32_t plan = soak_random(rng) % 10;  /* 0: close after the head, 1: mid-body, else: to the end */
    HINTERNET r = WinHttpOpenRequest(connection, sc->verb, sc->path, NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    DWORD_PTR context = (DWORD_PTR)q;
    if (!r || !WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof context) || !set_timeouts(r, sc)) {
        soak_violation("sync: could not open a request", sc->name, GetLastError());
        if (r)
            WinHttpCloseHandle(r);
        return 0;
    }
    int early = 0;
    if (!WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, (LPVOID)soak_upload_data(sc), sc->upload_length,
                            sc->upload_length, context) ||
        !WinHttpReceiveResponse(r, NULL)) {
        got->error = GetLastError();
    } else {
        DWORD code = 0, size = sizeof code;
        if (WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                                &code, &size, WINHTTP_NO_HEADER_INDEX))
            got->status = code;
        else
            got->error = GetLastError();
        early = plan <= 1;
        if (!got->error && plan != 0)
            read_body(r, sc, got, plan == 1 ? 1 : 0);
        if (got->completed)
            early = 0;
    }
    WinHttpCloseHandle(r);
    return early;
}

static void *sync_main(void *arg)
{
    uint64_t rng = base_seed * 40503u + (uint64_t)(uintptr_t)arg + 7;
    while (!atomic_load(&soak_stopping)) {
        struct sync_req q = {&soak_scenarios[soak_random(&rng) % soak_scenario_count], pthread_self(), 0, 0};
        struct outcome got = {0};
        atomic_fetch_add(&soak_stats.started, 1);
        int early = run_one(&q, &got, &rng);
        if (early)
            atomic_fetch_add(&soak_stats.cancelled, 1);
        if (got.error)
            atomic_fetch_add(&soak_stats.errors_seen, 1);
        const char *why = NULL;
        if (!soak_outcome_ok(q.sc, &got, early, &why))
            soak_violation(why, q.sc->name, got.error);
        if (q.closing_seen != 1)
            soak_violation("sync: HANDLE_CLOSING not exactly once", q.sc->name, (DWORD)q.closing_seen);
        if (q.notifications_elsewhere)
            soak_violation("sync: notifications on another thread", q.sc->name, (DWORD)q.notifications_elsewhere);
        atomic_fetch_add(&soak_stats.finished, 1);
    }
    atomic_fetch_add(&threads_done, 1);
    return NULL;
}

int soak_sync_start(const struct soak_config *cfg)
{
    base_seed = cfg->seed;
    if (!cfg->sync_threads)
        return 1;
    session = WinHttpOpen(u"winhttp-soak", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (!session ||
        WinHttpSetStatusCallback(session, on_status, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) ==
            WINHTTP_INVALID_STATUS_CALLBACK)
        return 0;
    connection = WinHttpConnect(session, u"127.0.0.1", (INTERNET_PORT)cfg->port, 0);
    threads = calloc(cfg->sync_threads, sizeof *threads);
    if (!connection || !threads)
        return 0;
    for (unsigned i = 0; i < cfg->sync_threads; i++) {
        if (pthread_create(&threads[i], NULL, sync_main, (void *)(uintptr_t)i) != 0)
            return 0;
        thread_count++;
    }
    return 1;
}

unsigned soak_sync_finish(int timeout_ms)
{
    for (int waited = 0; atomic_load(&threads_done) < thread_count && waited < timeout_ms; waited += 10) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    unsigned stuck = thread_count - atomic_load(&threads_done);
    if (stuck) {
        fprintf(stderr, "winhttp-soak: %u sync threads did not come back\n", stuck);
        return stuck;  /* stuck inside the library: left alone */
    }
    for (unsigned i = 0; i < thread_count; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    threads = NULL;
    thread_count = 0;
    if (connection)
        WinHttpCloseHandle(connection);
    if (session)
        WinHttpCloseHandle(session);
    return 0;
}
