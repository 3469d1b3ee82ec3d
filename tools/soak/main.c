/* winhttp-soak: runs mixed async and sync traffic through our WinHTTP API
 * against the project's test server for a while, closing requests at
 * random points, and fails if any invariant breaks (async_side.c,
 * sync_side.c), if a request ends other than its scenario says
 * (scenarios.c), or if requests stop finishing (a hang).  Built to be run
 * under the sanitizers too (make soak-asan, soak-tsan).
 *
 *   winhttp-soak [--seconds N] [--inflight N] [--sync-threads N] [--seed N]
 *
 * Exit status: 0 clean, 1 invariant broken, 2 bad arguments or set-up,
 * 3 hang. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"
#include "testserver.h"

struct soak_stats soak_stats;
atomic_int soak_stopping;

/* A request that makes no progress for this long means a hang: every
 * scenario ends within a second or two (the slowest is /stall, bounded by
 * its 150 ms receive timeouts). */
enum { hang_seconds = 20 };

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

void soak_violation(const char *what, const char *scenario, DWORD detail)
{
    unsigned long n = atomic_fetch_add(&soak_stats.violations, 1) + 1;
    if (n > 50)
        return;  /* counted; the first ones say enough */
    pthread_mutex_lock(&report_lock);
    fprintf(stderr, "winhttp-soak: VIOLATION %s [scenario %s, detail %u]\n", what, scenario, (unsigned)detail);
    pthread_mutex_unlock(&report_lock);
}

uint32_t soak_random(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9e3779b97f4a7c15u;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (uint32_t)(x >> 32);
}

static void usage(void)
{
    fprintf(stderr, "usage: winhttp-soak [--seconds N] [--inflight N] [--sync-threads N] [--seed N]\n"
                    "defaults: --seconds 30 --inflight 48 --sync-threads 3 --seed (from the clock)\n");
}

static int parse(int argc, char **argv, struct soak_config *cfg, int *seconds)
{
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (i + 1 >= argc) {
            usage();
            return 0;
        }
        unsigned long long v = strtoull(argv[++i], NULL, 10);
        if (!strcmp(opt, "--seconds"))
            *seconds = (int)v;
        else if (!strcmp(opt, "--inflight"))
            cfg->inflight = (unsigned)v;
        else if (!strcmp(opt, "--sync-threads"))
            cfg->sync_threads = (unsigned)v;
        else if (!strcmp(opt, "--seed"))
            cfg->seed = v;
        else {
            usage();
            return 0;
        }
    }
    return cfg->inflight <= 4096 && cfg->sync_threads <= 64;
}

double soak_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void soak_pause_ms(double ms)
{
    struct timespec pause = {(time_t)(ms / 1000), (long)((ms - 1000.0 * (time_t)(ms / 1000)) * 1e6)};
    nanosleep(&pause, NULL);
}

/* Sleeps until the run is over; returns 0 if requests stopped finishing. */
static int watch(int seconds)
{
    double end = soak_now() + seconds, last_progress = soak_now();
    unsigned long seen = atomic_load(&soak_stats.finished);
    while (soak_now() < end) {
        soak_pause_ms(100);
        unsigned long finished = atomic_load(&soak_stats.finished);
        if (finished != seen) {
            seen = finished;
            last_progress = soak_now();
        } else if (soak_now() - last_progress > hang_seconds) {
            return 0;
        }
    }
    return 1;
}

int main(int argc, char **argv)
{
    struct soak_config cfg = {.inflight = 48, .sync_threads = 3, .seed = (uint64_t)time(NULL)};
    int seconds = 30;
    if (!parse(argc, argv, &cfg, &seconds))
        return 2;
    /* The HTTPS server runs in this process and writes to connections the
     * client may have dropped (a request closed early). */
    signal(SIGPIPE, SIG_IGN);
    struct testserver *ts = testserver_start("--threads 2");
    if (!ts)
        return 2;
    cfg.port = testserver_port(ts);
    cfg.tls_port = soak_tls_start();
    if (!cfg.tls_port) {
        fprintf(stderr, "winhttp-soak: the HTTPS server did not start\n");
        return 2;
    }
    printf("winhttp-soak: %d s, %u async in flight, %u sync threads, seed %llu, server on port %d\n", seconds,
           cfg.inflight, cfg.sync_threads, (unsigned long long)cfg.seed, cfg.port);
    fflush(stdout);
    if (!soak_async_start(&cfg) || !soak_sync_start(&cfg)) {
        fprintf(stderr, "winhttp-soak: set-up failed, error %u\n", (unsigned)GetLastError());
        return 2;
    }
    int progressed = watch(seconds);
    atomic_store(&soak_stopping, 1);
    unsigned stuck = progressed ? soak_async_finish(hang_seconds * 1000) : 0;
    if (!progressed || stuck) {
        if (!progressed) {
            fprintf(stderr, "winhttp-soak: no request finished for %d s: a hang\n", (int)hang_seconds);
            soak_async_finish(0);  /* prints what the async requests were doing */
        }
        fflush(stderr);
        if (getenv("SOAK_HOLD_ON_HANG")) {
            fprintf(stderr, "winhttp-soak: pid %d held for a debugger\n", (int)getpid());
            pause();
        }
        _exit(3);  /* threads may be stuck inside the library: do not wait for them */
    }
    if (soak_sync_finish(hang_seconds * 1000)) {
        fflush(stderr);
        _exit(3);
    }
    testserver_stop(ts);
    soak_tls_stop();
    printf("winhttp-soak: %lu requests started, %lu finished, %lu closed early by the test, %lu ended in errors, "
           "%lu notifications, %lu callback swaps, %lu calls from the meddler, %lu own connections, %lu violations\n",
           atomic_load(&soak_stats.started), atomic_load(&soak_stats.finished), atomic_load(&soak_stats.cancelled),
           atomic_load(&soak_stats.errors_seen), atomic_load(&soak_stats.notifications),
           atomic_load(&soak_stats.callback_swaps), atomic_load(&soak_stats.meddles),
           atomic_load(&soak_stats.own_connections), atomic_load(&soak_stats.violations));
    if (atomic_load(&soak_stats.finished) != atomic_load(&soak_stats.started)) {
        fprintf(stderr, "winhttp-soak: not every request finished\n");
        return 1;
    }
    return atomic_load(&soak_stats.violations) ? 1 : 0;
}
