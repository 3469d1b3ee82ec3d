/* The soak's async side: `inflight` slots, each running one request at a
 * time on one WINHTTP_FLAG_ASYNC session, the next started from the last
 * one's HANDLE_CLOSING.  Some requests are closed on purpose: right after
 * WinHttpSendRequest returns, from a completion callback, or by a closer
 * thread at a random moment.  Checked for every request:
 *   - its notifications never run two at once (nested on one thread is
 *     allowed: an inline read completion, a close from a callback);
 *   - HANDLE_CLOSING comes exactly once, and nothing after it;
 *   - every notification names the request's own handle, and READ_COMPLETE
 *     the buffer it was given;
 *   - it ends as its scenario says (scenarios.c), or, when closed early,
 *     with OPERATION_CANCELLED or no error.
 * Requests are never freed before the end, so a notification that comes
 * too late is reported instead of touching freed memory. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak.h"

enum cancel_point {
    CANCEL_NONE,
    CANCEL_AFTER_SEND_CALL,   /* the sending thread, as soon as the call returns */
    CANCEL_AT_SEND_COMPLETE,  /* in SENDREQUEST_COMPLETE */
    CANCEL_AT_HEADERS,        /* in HEADERS_AVAILABLE */
    CANCEL_AT_READ,           /* in the first READ_COMPLETE with data */
    CANCEL_BY_CLOSER,         /* the closer thread, 0-20 ms after the start */
    CANCEL_POINTS
};

struct slot;

struct req {
    struct slot *slot;
    const struct scenario *sc;
    enum cancel_point cancel_at;
    int use_query_data;       /* QueryDataAvailable before each read */
    double started_at, close_after;
    HINTERNET h;
    atomic_int close_claimed; /* someone has called, or is calling, WinHttpCloseHandle */
    atomic_int cancelled;     /* the test closed it before its natural end */
    atomic_int closing_seen;
    atomic_ulong runner;      /* the thread in a notification for it, 0: none */
    struct outcome got;       /* written only inside its serialized notifications */
    DWORD written;            /* a streamed upload: bytes WinHttpWriteData took */
    uint64_t rng;             /* for choices inside its notifications */
    int own_connection;       /* opened on a connect handle of its own, closed at once */
    atomic_int connection_closing_seen;  /* that handle's HANDLE_CLOSING */
    struct req *next_made;    /* every request made, freed at the end */
    unsigned char buf[8192];
};

struct slot {
    _Atomic(struct req *) cur;
    uint64_t rng;             /* used only by whoever starts the slot's next request */
};

static HINTERNET session, connection, tls_connection;
static atomic_ulong own_connections_closed;
static INTERNET_PORT port, tls_port;
static struct slot *slots;
static unsigned slot_count;
static atomic_uint active_slots;
static pthread_t closer;
static int closer_started;
static atomic_int closer_stop;

static pthread_mutex_t made_lock = PTHREAD_MUTEX_INITIALIZER;
static struct req *made;

static void close_once(struct req *r, int cancel)
{
    if (atomic_exchange(&r->close_claimed, 1))
        return;
    if (cancel) {
        atomic_store(&r->cancelled, 1);
        atomic_fetch_add(&soak_stats.cancelled, 1);
    }
    WinHttpCloseHandle(r->h);
}

static void call_failed(struct req *r)
{
    DWORD e = GetLastError();
    if (!r->got.call_error)
        r->got.call_error = e;
    close_once(r, 0);
}

static void read_next(struct req *r, DWORD available)
{
    BOOL ok;
    if (r->use_query_data && !available) {
        ok = WinHttpQueryDataAvailable(r->h, NULL);
    } else {
        DWORD want = available && available < sizeof r->buf ? available : (DWORD)sizeof r->buf;
        ok = WinHttpReadData(r->h, r->buf, want, NULL);
    }
    if (!ok)
        call_failed(r);
}

static void body_arrived(struct req *r, const void *data, DWORD n)
{
    if (data != r->buf && n)
        soak_violation("READ_COMPLETE names another buffer", r->sc->name, n);
    if (!soak_body_matches(r->sc, r->got.body_bytes, r->buf, n))
        r->got.body_bad = 1;
    r->got.body_bytes += n;
}

static void headers_arrived(struct req *r)
{
    DWORD code = 0, size = sizeof code;
    if (!WinHttpQueryHeaders(r->h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                             &code, &size, WINHTTP_NO_HEADER_INDEX)) {
        call_failed(r);
        return;
    }
    r->got.status = code;
    if (r->cancel_at == CANCEL_AT_HEADERS)
        close_once(r, 1);
    else
        read_next(r, 0);
}

/* The next piece of a streamed upload, or, once it is all written, the
 * response. */
static void send_more(struct req *r)
{
    const struct scenario *sc = r->sc;
    BOOL ok;
    if (sc->streamed && r->written < sc->upload_length) {
        DWORD n = sc->upload_length - r->written < upload_piece ? sc->upload_length - r->written : upload_piece;
        ok = WinHttpWriteData(r->h, (const char *)soak_upload_data(sc) + r->written, n, NULL);
    } else {
        ok = WinHttpReceiveResponse(r->h, NULL);
    }
    if (!ok)
        call_failed(r);
}

/* Now and then a callback takes its time, as applications' do: the engine
 * thread's rescue must keep the other requests going meanwhile. */
static void maybe_dawdle(struct req *r)
{
    if (soak_random(&r->rng) % 4000 == 0) {
        soak_pause_ms(50);
    }
}

/* One notification for r (not HANDLE_CLOSING), inside its runner section. */
static void step(struct req *r, DWORD status, void *info, DWORD length)
{
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (r->cancel_at == CANCEL_AT_SEND_COMPLETE)
            close_once(r, 1);
        else
            send_more(r);
        break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
        if (length != sizeof(DWORD) || !info) {
            soak_violation("WRITE_COMPLETE without its count", r->sc->name, length);
            close_once(r, 0);
        } else {
            r->written += *(DWORD *)info;
            send_more(r);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        headers_arrived(r);
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
        if (length != sizeof(DWORD) || !info) {
            soak_violation("DATA_AVAILABLE without its count", r->sc->name, length);
            close_once(r, 0);
        } else if (*(DWORD *)info == 0) {
            r->got.completed = 1;
            close_once(r, 0);
        } else {
            read_next(r, *(DWORD *)info);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        body_arrived(r, info, length);
        if (length == 0) {
            r->got.completed = 1;
            close_once(r, 0);
        } else if (r->cancel_at == CANCEL_AT_READ) {
            close_once(r, 1);
        } else {
            read_next(r, 0);
        }
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
        const WINHTTP_ASYNC_RESULT *res = info;
        if (length != sizeof *res || !res) {
            soak_violation("REQUEST_ERROR without its result", r->sc->name, length);
        } else {
            atomic_fetch_add(&soak_stats.errors_seen, 1);
            if (!r->got.error)
                r->got.error = res->dwError;
        }
        close_once(r, 0);
        break;
    }
    default:
        break;  /* the progress notifications: counted only */
    }
}

static void start_next(struct slot *s);

static void request_closed(struct req *r)
{
    const char *why = NULL;
    if (!soak_outcome_ok(r->sc, &r->got, atomic_load(&r->cancelled), &why)) {
        char what[200];
        snprintf(what, sizeof what, "async: %s (cancel point %d, status %u, %llu body bytes, call error %u)", why,
                 (int)r->cancel_at, (unsigned)r->got.status, (unsigned long long)r->got.body_bytes,
                 (unsigned)r->got.call_error);
        soak_violation(what, r->sc->name, r->got.error);
    }
    atomic_fetch_add(&soak_stats.finished, 1);
    start_next(r->slot);
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length);

/* A notification for the connect handle of a request that has its own: a
 * parent's HANDLE_CLOSING must come after its child's.  (Its other
 * notifications, and its request's HANDLE_CREATED, which inherits its
 * context, need nothing.) */
static void connection_notified(struct req *r, DWORD status)
{
    if (status != WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
        return;
    if (!atomic_load(&r->closing_seen))
        soak_violation("a connection's HANDLE_CLOSING before its request's", r->sc->name, 0);
    if (atomic_fetch_add(&r->connection_closing_seen, 1))
        soak_violation("a connection's HANDLE_CLOSING twice", r->sc->name, 0);
    atomic_fetch_add(&own_connections_closed, 1);
}

/* The same checks under another function pointer: requests switch between
 * the two while notifications for them may be running (the replacement is
 * not synchronized with them, by design). */
static void CALLBACK on_status_other(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length)
{
    on_status(h, context, status, info, length);
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length)
{
    atomic_fetch_add(&soak_stats.notifications, 1);
    if (context & 1) {
        connection_notified((struct req *)(context & ~(DWORD_PTR)1), status);
        return;
    }
    struct req *r = (struct req *)context;
    if (!r)
        return;  /* the shared session's and connection's own, and HANDLE_CREATED */
    if (h != r->h)
        soak_violation("a notification names another handle", r->sc->name, status);
    unsigned long me = (unsigned long)pthread_self(), was = 0;
    int outer = atomic_compare_exchange_strong(&r->runner, &was, me);
    if (!outer && was != me)
        soak_violation("two notifications at once for one request", r->sc->name, status);
    if (atomic_load(&r->closing_seen))
        soak_violation("a notification after HANDLE_CLOSING", r->sc->name, status);
    int closing = status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING;
    if (closing) {
        atomic_store(&r->closing_seen, 1);
    } else {
        maybe_dawdle(r);
        step(r, status, info, length);
    }
    if (outer)
        atomic_store(&r->runner, 0);
    if (closing)
        request_closed(r);
}

static struct req *make_request(struct slot *s)
{
    struct req *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->slot = s;
    r->sc = &soak_scenarios[soak_random(&s->rng) % soak_scenario_count];
    uint32_t c = soak_random(&s->rng) % 20;
    r->cancel_at = c < 10 ? CANCEL_NONE : (enum cancel_point)(1 + c % (CANCEL_POINTS - 1));
    r->use_query_data = soak_random(&s->rng) % 2;
    r->close_after = (soak_random(&s->rng) % 21) / 1000.0;
    r->rng = ((uint64_t)soak_random(&s->rng) << 32) | soak_random(&s->rng) | 1;
    r->started_at = soak_now();
    pthread_mutex_lock(&made_lock);
    r->next_made = made;
    made = r;
    pthread_mutex_unlock(&made_lock);
    return r;
}

static void slot_stopped(struct slot *s)
{
    atomic_store(&s->cur, NULL);
    atomic_fetch_sub(&active_slots, 1);
}

/* A connect handle for r alone, which the caller closes as soon as the
 * request is open (requests hold their parent). */
static HINTERNET open_own_connection(struct req *r)
{
    HINTERNET c = WinHttpConnect(session, u"127.0.0.1", r->sc->tls ? tls_port : port, 0);
    if (!c)
        return NULL;
    DWORD_PTR tagged = (DWORD_PTR)r | 1;
    if (!WinHttpSetOption(c, WINHTTP_OPTION_CONTEXT_VALUE, &tagged, sizeof tagged)) {
        WinHttpCloseHandle(c);
        return NULL;
    }
    r->own_connection = 1;
    atomic_fetch_add(&soak_stats.own_connections, 1);
    return c;
}

/* Opens and sends the slot's next request.  Everything random is drawn
 * before the request exists: once sent, its notifications may run on
 * another thread while this one is still here. */
static void start_next(struct slot *s)
{
    if (atomic_load(&soak_stopping)) {
        slot_stopped(s);
        return;
    }
    int swap_callback = soak_random(&s->rng) % 8 == 0;
    int own_connection = soak_random(&s->rng) % 8 == 0;
    struct req *r = make_request(s);
    if (!r) {
        soak_violation("out of memory", "-", 0);
        slot_stopped(s);
        return;
    }
    const struct scenario *sc = r->sc;
    DWORD_PTR context = (DWORD_PTR)r;
    HINTERNET parent = own_connection ? open_own_connection(r) : sc->tls ? tls_connection : connection;
    r->h = parent ? soak_open_request(parent, sc, context) : NULL;
    if (own_connection && parent)
        WinHttpCloseHandle(parent);  /* the request keeps it alive */
    if (!r->h) {
        soak_violation("could not open a request", sc->name, GetLastError());
        slot_stopped(s);
        return;
    }
    if (swap_callback) {
        WinHttpSetStatusCallback(r->h, on_status_other, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
        atomic_fetch_add(&soak_stats.callback_swaps, 1);
    }
    atomic_store(&s->cur, r);
    atomic_fetch_add(&soak_stats.started, 1);
    enum cancel_point cancel_at = r->cancel_at;
    DWORD optional = sc->streamed ? 0 : sc->upload_length;
    if (!WinHttpSendRequest(r->h, WINHTTP_NO_ADDITIONAL_HEADERS, 0, optional ? (LPVOID)soak_upload_data(sc) : NULL,
                            optional, sc->upload_length, context)) {
        call_failed(r);
        return;
    }
    if (cancel_at == CANCEL_AFTER_SEND_CALL)
        close_once(r, 1);
}

/* Closes the requests whose turn has come, and meddles with one other. */
static void *closer_main(void *arg)
{
    uint64_t rng = (uint64_t)(uintptr_t)arg | 1;
    while (!atomic_load(&closer_stop)) {
        double now = soak_now();
        for (unsigned i = 0; i < slot_count; i++) {
            struct req *r = atomic_load(&slots[i].cur);
            if (r && r->cancel_at == CANCEL_BY_CLOSER && now - r->started_at >= r->close_after)
                close_once(r, 1);
        }
        struct req *other = slot_count ? atomic_load(&slots[soak_random(&rng) % slot_count].cur) : NULL;
        if (other)
            soak_meddle(other->h, soak_random(&rng));
        soak_pause_ms(0.5);
    }
    return NULL;
}

int soak_async_start(const struct soak_config *cfg)
{
    session = WinHttpOpen(u"winhttp-soak", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                          WINHTTP_FLAG_ASYNC);
    if (!session)
        return 0;
    /* Set before WinHttpConnect: children copy the callback when created. */
    if (WinHttpSetStatusCallback(session, on_status, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) ==
        WINHTTP_INVALID_STATUS_CALLBACK)
        return 0;
    port = (INTERNET_PORT)cfg->port;
    tls_port = (INTERNET_PORT)cfg->tls_port;
    connection = WinHttpConnect(session, u"127.0.0.1", port, 0);
    tls_connection = WinHttpConnect(session, u"127.0.0.1", tls_port, 0);
    slots = calloc(cfg->inflight ? cfg->inflight : 1, sizeof *slots);
    if (!connection || !tls_connection || !slots)
        return 0;
    slot_count = cfg->inflight;
    for (unsigned i = 0; i < slot_count; i++)
        slots[i].rng = cfg->seed * 2654435761u + i + 1;
    closer_started = pthread_create(&closer, NULL, closer_main, (void *)(uintptr_t)(cfg->seed + 99)) == 0;
    if (!closer_started)
        return 0;
    atomic_store(&active_slots, slot_count);
    for (unsigned i = 0; i < slot_count; i++)
        start_next(&slots[i]);
    return 1;
}

static void print_stuck(void)
{
    for (unsigned i = 0; i < slot_count; i++) {
        struct req *r = atomic_load(&slots[i].cur);
        if (!r)
            continue;
        fprintf(stderr,
                "  slot %u: %s, cancel point %d, close claimed %d, status %u, %llu body bytes, error %u, "
                "call error %u, %.1f s old\n",
                i, r->sc->name, (int)r->cancel_at, atomic_load(&r->close_claimed), (unsigned)r->got.status,
                (unsigned long long)r->got.body_bytes, (unsigned)r->got.error, (unsigned)r->got.call_error,
                soak_now() - r->started_at);
    }
}

unsigned soak_async_finish(int timeout_ms)
{
    double give_up = soak_now() + timeout_ms / 1000.0;
    while (atomic_load(&active_slots) && soak_now() < give_up) {
        soak_pause_ms(10);
    }
    unsigned left = atomic_load(&active_slots);
    if (left) {
        fprintf(stderr, "winhttp-soak: %u async requests did not end:\n", left);
        print_stuck();
        return left;  /* their memory stays: a notification may still come */
    }
    for (int i = 0; i < 500 && atomic_load(&own_connections_closed) < atomic_load(&soak_stats.own_connections); i++)
        soak_pause_ms(10);  /* a parent's HANDLE_CLOSING follows its child's */
    if (atomic_load(&own_connections_closed) != atomic_load(&soak_stats.own_connections))
        soak_violation("a connection never got HANDLE_CLOSING", "-",
                       (DWORD)(atomic_load(&soak_stats.own_connections) - atomic_load(&own_connections_closed)));
    atomic_store(&closer_stop, 1);
    if (closer_started)
        pthread_join(closer, NULL);
    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(tls_connection);
    WinHttpCloseHandle(session);
    free(slots);
    slots = NULL;
    while (made) {
        struct req *next = made->next_made;
        free(made);
        made = next;
    }
    return 0;
}
