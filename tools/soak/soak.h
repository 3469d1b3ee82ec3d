/* winhttp-soak: mixed loopback traffic through our WinHTTP API for a while,
 * async and sync at once, with requests closed at random points, checking
 * the invariants a WinHTTP application relies on (see README, "Soak").
 * Shared declarations. */
#ifndef WINHTTP_TOOLS_SOAK_SOAK_H
#define WINHTTP_TOOLS_SOAK_SOAK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "winhttp.h"

/* ---- scenarios (scenarios.c) ------------------------------------------------ */

enum body_kind {
    BODY_NONE,     /* not checked (an error is expected before the body) */
    BODY_HELLO,    /* "Hello, WinHTTP!\n" */
    BODY_PATTERN,  /* the test server's /bytes pattern, `length` bytes */
    BODY_TEXT,     /* exactly `text` */
};

struct scenario {
    const char *name;
    LPCWSTR verb;
    LPCWSTR path;
    DWORD upload_length;       /* >0: a body of that many pattern bytes
                                  (/echo sends it back: BODY_PATTERN) */
    int receive_timeout_ms;    /* >0: RECEIVE_RESPONSE and RECEIVE timeouts */
    DWORD status;              /* expected status when it succeeds */
    enum body_kind body;
    uint64_t length;           /* BODY_PATTERN: its length */
    const char *text;          /* BODY_TEXT */
    DWORD error;               /* 0: must succeed; else the one error expected */
    uint64_t bytes_before_error;  /* with error: body bytes read before it */
    int streamed;              /* the upload goes through WinHttpWriteData,
                                  upload_piece bytes a call */
    enum tls_mode {
        TLS_NONE,       /* plain HTTP to the test server */
        TLS_TRUST_CA,   /* HTTPS to the soak's TLS server (tls_server.c), its
                           CA let through by SECURITY_FLAG_IGNORE_UNKNOWN_CA */
        TLS_VERIFY,     /* HTTPS there with full verification: it must fail */
    } tls;
};

enum { upload_piece = 1000 };

extern const struct scenario soak_scenarios[];
extern const size_t soak_scenario_count;

/* What one request saw, compared against its scenario. */
struct outcome {
    DWORD status;        /* 0: never known */
    uint64_t body_bytes;
    int body_bad;        /* a byte differed from what the scenario expects */
    int completed;       /* the body was read to its end */
    DWORD error;         /* how the request failed: the first REQUEST_ERROR
                            (async) or failed call (sync); 0 if it did not */
    DWORD call_error;    /* async only: the first call that failed at once */
};

/* Checks `got` for a body chunk: the bytes at offset `at` of the expected body. */
int soak_body_matches(const struct scenario *sc, uint64_t at, const unsigned char *data, size_t n);

/* Opens the scenario's request on `connection` (plain or TLS, as the
 * scenario says) with its context value, timeouts and security flags set;
 * NULL (with the error in GetLastError) if any of it failed. */
HINTERNET soak_open_request(HINTERNET connection, const struct scenario *sc, DWORD_PTR context);

/* The request body of a scenario with an upload (pattern bytes), or NULL. */
const void *soak_upload_data(const struct scenario *sc);

/* Whether `got` is an acceptable end for the scenario.  cancelled: the test
 * closed the request itself at some point, so OPERATION_CANCELLED (or no
 * error and an unfinished body) is acceptable too.  Sets *why otherwise. */
int soak_outcome_ok(const struct scenario *sc, const struct outcome *got, int cancelled, const char **why);

/* ---- shared state (main.c) ----------------------------------------------- */

struct soak_stats {
    atomic_ulong started, finished;      /* requests, async and sync */
    atomic_ulong cancelled, errors_seen;
    atomic_ulong notifications;
    atomic_ulong callback_swaps;
    atomic_ulong meddles;                /* calls from the meddler (meddler.c) */
    atomic_ulong own_connections;        /* async requests on a connect handle of their own */
    atomic_ulong violations;             /* broken invariants and wrong outcomes */
};

extern struct soak_stats soak_stats;
extern atomic_int soak_stopping;         /* set: start no more requests */

/* Reports a broken invariant (printed, counted; the run fails). */
void soak_violation(const char *what, const char *scenario, DWORD detail);

/* Monotonic seconds, and a sleep of some milliseconds. */
double soak_now(void);
void soak_pause_ms(double ms);

/* A small per-thread random generator (xorshift), seeded per thread. */
uint32_t soak_random(uint64_t *state);

/* meddler.c: one call another thread may make on an in-flight request
 * (which: picks the call), its result checked. */
void soak_meddle(HINTERNET request, uint32_t which);

/* tls_server.c: the HTTPS server; its port, or 0 if it could not start. */
int soak_tls_start(void);
void soak_tls_stop(void);

/* ---- the two sides ---------------------------------------------------------- */

struct soak_config {
    int port;
    int tls_port;
    unsigned inflight;       /* async requests kept in flight */
    unsigned sync_threads;   /* threads making sync requests */
    uint64_t seed;
};

/* async_side.c: starts the async slots and the closer thread.  Returns 0 on
 * failure to set up. */
int soak_async_start(const struct soak_config *cfg);
/* Waits (at most timeout_ms) until every async slot has stopped; returns
 * the number still busy, after printing what they were doing. */
unsigned soak_async_finish(int timeout_ms);

/* sync_side.c: starts the sync threads; the finish waits (at most
 * timeout_ms) for them to stop and returns how many did not. */
int soak_sync_start(const struct soak_config *cfg);
unsigned soak_sync_finish(int timeout_ms);

#endif /* WINHTTP_TOOLS_SOAK_SOAK_H */
