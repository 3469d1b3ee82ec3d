/* The soak's sync side: threads making blocking requests on one sync
 * session at the same time as the async side runs.  Some requests are
 * closed early by their own thread, after the head or part of the body;
 * some by a closer thread while their thread may be blocked in a call
 * (which must then fail with OPERATION_CANCELLED, or INVALID_HANDLE once
 * the handle is gone).  Checked for every request: its notifications
 * arrive on the thread that made the call (sync mode delivers them there;
 * HANDLE_CLOSING of a request closed by the closer may come on the
 * closer's), HANDLE_CLOSING comes exactly once and last, and it ends as its
 * scenario says.  Requests live until the end, as on the async side, since
 * the closer may look at one that has just ended. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "soak.h"

struct sync_req {
    const struct scenario *sc;
    pthread_t owner;
    HINTERNET h;
    double started_at, close_after;  /* close_after < 0: the closer leaves it alone */
    atomic_int close_claimed;
    atomic_int cancelled_by_closer;
    atomic_int closing_seen;
    atomic_int notifications_elsewhere;
    atomic_int after_closing;
    struct sync_req *next_made;
};

struct sync_thread {
    pthread_t thread;
    _Atomic(struct sync_req *) cur;
    uint64_t rng;
};

static HINTERNET session, connection, tls_connection;
static struct sync_thread *threads;
static unsigned thread_count;
static atomic_uint threads_done;
static pthread_t closer;
static int closer_started;
static atomic_int closer_stop;
static pthread_mutex_t made_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sync_req *made;

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length)
{
    (void)h, (void)info, (void)length;
    atomic_fetch_add(&soak_stats.notifications, 1);
    struct sync_req *q = (struct sync_req *)context;
    if (!q)
        return;
    int closing = status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING;
    if (!pthread_equal(q->owner, pthread_self()) && !(closing && atomic_load(&q->cancelled_by_closer)))
        atomic_fetch_add(&q->notifications_elsewhere, 1);
    if (atomic_load(&q->closing_seen))
        atomic_fetch_add(&q->after_closing, 1);
    if (closing)
        atomic_fetch_add(&q->closing_seen, 1);
}

static void close_once(struct sync_req *q, int by_closer)
{
    if (atomic_exchange(&q->close_claimed, 1))
        return;
    if (by_closer) {
        atomic_store(&q->cancelled_by_closer, 1);
        atomic_fetch_add(&soak_stats.cancelled, 1);
    }
    WinHttpCloseHandle(q->h);
}

/* Sends the request, its body, and waits for the response head. */
static BOOL send_and_receive(HINTERNET r, const struct scenario *sc, DWORD_PTR context)
{
    DWORD optional = sc->streamed ? 0 : sc->upload_length;
    const char *body = soak_upload_data(sc);
    if (!WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, optional ? (LPVOID)body : NULL, optional,
                            sc->upload_length, context))
        return FALSE;
    for (DWORD sent = optional; sent < sc->upload_length;) {
        DWORD n = sc->upload_length - sent < upload_piece ? sc->upload_length - sent : upload_piece, took = 0;
        if (!WinHttpWriteData(r, body + sent, n, &took))
            return FALSE;
        sent += took;
    }
    return WinHttpReceiveResponse(r, NULL);
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

static struct sync_req *make_request(struct sync_thread *me)
{
    struct sync_req *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->sc = &soak_scenarios[soak_random(&me->rng) % soak_scenario_count];
    q->owner = pthread_self();
    q->started_at = soak_now();
    q->close_after = soak_random(&me->rng) % 10 == 0 ? (soak_random(&me->rng) % 21) / 1000.0 : -1;
    pthread_mutex_lock(&made_lock);
    q->next_made = made;
    made = q;
    pthread_mutex_unlock(&made_lock);
    return q;
}

/* One request, open to close.  Returns whether its own thread closed it
 * early (the closer's doing is in q). */
static int run_one(struct sync_thread *me, struct sync_req *q, struct outcome *got)
{
    const struct scenario *sc = q->sc;
    uint32_t plan = soak_random(&me->rng) % 10;  /* 0: close after the head, 1: mid-body, else: to the end */
    DWORD_PTR context = (DWORD_PTR)q;
    q->h = soak_open_request(sc->tls ? tls_connection : connection, sc, context);
    if (!q->h) {
        soak_violation("sync: could not open a request", sc->name, GetLastError());
        atomic_store(&q->closing_seen, 1);  /* reported above; nothing more to check */
        return 0;
    }
    atomic_store(&me->cur, q);  /* the closer may close it from now on */
    int early = 0;
    if (!send_and_receive(q->h, sc, context)) {
        got->error = GetLastError();
    } else {
        DWORD code = 0, size = sizeof code;
        if (WinHttpQueryHeaders(q->h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                                WINHTTP_HEADER_NAME_BY_INDEX, &code, &size, WINHTTP_NO_HEADER_INDEX))
            got->status = code;
        else
            got->error = GetLastError();
        early = plan <= 1;
        if (!got->error && plan != 0)
            read_body(q->h, sc, got, plan == 1 ? 1 : 0);
        if (got->completed)
            early = 0;
    }
    atomic_store(&me->cur, NULL);
    close_once(q, 0);
    return early;
}

/* HANDLE_CLOSING of a request the closer closed may come a little after
 * the owner's blocked call returned. */
static void wait_for_closing(struct sync_req *q)
{
    for (int i = 0; i < 500 && !atomic_load(&q->closing_seen); i++) {
        soak_pause_ms(10);
    }
}

static void check(struct sync_req *q, const struct outcome *got, int early)
{
    int cancelled = early || atomic_load(&q->cancelled_by_closer);
    const char *why = NULL;
    if (!soak_outcome_ok(q->sc, got, cancelled, &why)) {
        char what[200];
        snprintf(what, sizeof what, "sync: %s (closer %d, status %u, %llu body bytes)", why,
                 atomic_load(&q->cancelled_by_closer), (unsigned)got->status, (unsigned long long)got->body_bytes);
        soak_violation(what, q->sc->name, got->error);
    }
    wait_for_closing(q);
    if (atomic_load(&q->closing_seen) != 1)
        soak_violation("sync: HANDLE_CLOSING not exactly once", q->sc->name, (DWORD)atomic_load(&q->closing_seen));
    if (atomic_load(&q->after_closing))
        soak_violation("sync: a notification after HANDLE_CLOSING", q->sc->name, (DWORD)atomic_load(&q->after_closing));
    if (atomic_load(&q->notifications_elsewhere))
        soak_violation("sync: notifications on another thread", q->sc->name,
                       (DWORD)atomic_load(&q->notifications_elsewhere));
}

static void *sync_main(void *arg)
{
    struct sync_thread *me = arg;
    while (!atomic_load(&soak_stopping)) {
        struct sync_req *q = make_request(me);
        if (!q) {
            soak_violation("out of memory", "-", 0);
            break;
        }
        struct outcome got = {0};
        atomic_fetch_add(&soak_stats.started, 1);
        int early = run_one(me, q, &got);
        if (early)
            atomic_fetch_add(&soak_stats.cancelled, 1);
        if (got.error)
            atomic_fetch_add(&soak_stats.errors_seen, 1);
        check(q, &got, early);
        atomic_fetch_add(&soak_stats.finished, 1);
    }
    atomic_fetch_add(&threads_done, 1);
    return NULL;
}

static void *closer_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&closer_stop)) {
        double now = soak_now();
        for (unsigned i = 0; i < thread_count; i++) {
            struct sync_req *q = atomic_load(&threads[i].cur);
            if (q && q->close_after >= 0 && now - q->started_at >= q->close_after)
                close_once(q, 1);
        }
        soak_pause_ms(0.5);
    }
    return NULL;
}

int soak_sync_start(const struct soak_config *cfg)
{
    if (!cfg->sync_threads)
        return 1;
    session = WinHttpOpen(u"winhttp-soak", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (!session ||
        WinHttpSetStatusCallback(session, on_status, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) ==
            WINHTTP_INVALID_STATUS_CALLBACK)
        return 0;
    connection = WinHttpConnect(session, u"127.0.0.1", (INTERNET_PORT)cfg->port, 0);
    tls_connection = WinHttpConnect(session, u"127.0.0.1", (INTERNET_PORT)cfg->tls_port, 0);
    threads = calloc(cfg->sync_threads, sizeof *threads);
    if (!connection || !tls_connection || !threads)
        return 0;
    for (unsigned i = 0; i < cfg->sync_threads; i++)
        threads[i].rng = cfg->seed * 40503u + i + 7;
    /* Every thread's slot exists before the closer looks at them. */
    thread_count = cfg->sync_threads;
    closer_started = pthread_create(&closer, NULL, closer_main, NULL) == 0;
    if (!closer_started)
        return 0;
    for (unsigned i = 0; i < cfg->sync_threads; i++)
        if (pthread_create(&threads[i].thread, NULL, sync_main, &threads[i]) != 0)
            return 0;
    return 1;
}

unsigned soak_sync_finish(int timeout_ms)
{
    for (int waited = 0; atomic_load(&threads_done) < thread_count && waited < timeout_ms; waited += 10) {
        soak_pause_ms(10);
    }
    unsigned stuck = thread_count - atomic_load(&threads_done);
    if (stuck) {
        fprintf(stderr, "winhttp-soak: %u sync threads did not come back\n", stuck);
        return stuck;  /* stuck inside the library: left alone */
    }
    atomic_store(&closer_stop, 1);
    if (closer_started)
        pthread_join(closer, NULL);
    for (unsigned i = 0; i < thread_count; i++)
        pthread_join(threads[i].thread, NULL);
    free(threads);
    threads = NULL;
    thread_count = 0;
    if (connection)
        WinHttpCloseHandle(connection);
    if (tls_connection)
        WinHttpCloseHandle(tls_connection);
    if (session)
        WinHttpCloseHandle(session);
    while (made) {
        struct sync_req *next = made->next_made;
        free(made);
        made = next;
    }
    return 0;
}
