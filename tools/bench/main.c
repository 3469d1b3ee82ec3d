/* winhttp-bench: runs the same loopback workloads through our WinHTTP API
 * and through raw libcurl, and prints both figures and their ratio
 * (issue 3, "Benchmark").  Run it with `make bench` (BENCH_ARGS="...").
 *
 *   (a) sequential small GETs on one keep-alive connection (sync API)
 *   (b) small GETs with many requests in flight (async API; raw: one CURLM)
 *   (c) large downloads, pattern-checked, with each side's peak memory
 *
 * It starts the project's test server (tools/testserver) with several
 * threads, then runs every side of every workload in a forked child of its
 * own (child.c).  Exit status: 0 when every workload ran correctly, 1
 * otherwise.  Falling
 * short of a target is reported, not an error: this is a measurement. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "testserver.h"

struct options {
    unsigned long sequential;  /* (a) request count */
    unsigned long requests;    /* (b) request count per in-flight level */
    unsigned inflight[8];      /* (b) in-flight levels */
    unsigned inflight_count;
    uint64_t download;         /* (c) large body */
    uint64_t small_download;   /* (c) small body, to show memory is flat */
    size_t read_size;          /* (c) WinHttpReadData buffer */
    unsigned server_threads;
    int run_a, run_b, run_c;
    int ours, raw;             /* which sides to run (profiling one side) */
};

static void usage(FILE *to)
{
    fprintf(to,
            "usage: winhttp-bench [--quick] [--sequential N] [--requests N] [--inflight N,N,...]\n"
            "                     [--download BYTES] [--small-download BYTES] [--read-size BYTES]\n"
            "                     [--server-threads N] [--only a,b,c] [--side ours|raw|both]\n"
            "defaults: --sequential 20000 --requests 50000 --inflight 32,256\n"
            "          --download 1073741824 --small-download 67108864 --read-size 65536\n"
            "          --server-threads 2\n"
            "--quick:  --sequential 2000 --requests 5000 --download 268435456\n");
}

static int parse_count(const char *s, unsigned long long *v)
{
    char *end;
    *v = strtoull(s, &end, 10);
    return *s && !*end && *v > 0;
}

static int parse_inflight(const char *s, struct options *o)
{
    o->inflight_count = 0;
    char copy[128];
    snprintf(copy, sizeof copy, "%s", s);
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        unsigned long long v;
        if (o->inflight_count == 8 || !parse_count(tok, &v) || v > 100000)
            return 0;
        o->inflight[o->inflight_count++] = (unsigned)v;
    }
    return o->inflight_count > 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    *o = (struct options){20000, 50000, {32, 256}, 2, 1ull << 30, 64ull << 20, 65536, 2, 1, 1, 1, 1, 1};
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long v = 0;
        if (!strcmp(opt, "--quick")) {
            o->sequential = 2000;
            o->requests = 5000;
            o->download = 256ull << 20;
            continue;
        }
        if (!strcmp(opt, "--help")) {
            usage(stdout);
            exit(0);
        }
        if (!val)
            return 0;
        i++;
        if (!strcmp(opt, "--inflight")) {
            if (!parse_inflight(val, o))
                return 0;
        } else if (!strcmp(opt, "--only")) {
            o->run_a = strchr(val, 'a') != NULL;
            o->run_b = strchr(val, 'b') != NULL;
            o->run_c = strchr(val, 'c') != NULL;
        } else if (!strcmp(opt, "--side")) {
            o->ours = !strcmp(val, "ours") || !strcmp(val, "both");
            o->raw = !strcmp(val, "raw") || !strcmp(val, "both");
            if (!o->ours && !o->raw)
                return 0;
        } else if (!parse_count(val, &v)) {
            return 0;
        } else if (!strcmp(opt, "--sequential")) {
            o->sequential = v;
        } else if (!strcmp(opt, "--requests")) {
            o->requests = v;
        } else if (!strcmp(opt, "--download")) {
            o->download = v;
        } else if (!strcmp(opt, "--small-download")) {
            o->small_download = v;
        } else if (!strcmp(opt, "--read-size") && v <= (1u << 30)) {
            o->read_size = v;
        } else if (!strcmp(opt, "--server-threads") && v <= 64) {
            o->server_threads = (unsigned)v;
        } else {
            return 0;
        }
    }
    return 1;
}

/* ---- report ------------------------------------------------------------------ */

static int all_ok = 1;

static double rate(const struct bench_result *r, double divisor)
{
    return r->seconds > 0 ? (double)r->units / r->seconds / divisor : 0;
}

/* "12345 req/s", or why there is no figure. */
static void figure(char *buf, size_t size, int ran, const struct bench_result *r, double divisor,
                   const char *unit)
{
    if (!ran)
        snprintf(buf, size, "(not run)");
    else if (r->ok)
        snprintf(buf, size, "%.0f %s", rate(r, divisor), unit);
    else
        snprintf(buf, size, "FAILED");
}

static void report(const char *name, int ran_ours, const struct bench_result *ours, int ran_raw,
                   const struct bench_result *raw, double divisor, const char *unit, double target)
{
    char a[64], b[64], ratio[48] = "";
    figure(a, sizeof a, ran_ours, ours, divisor, unit);
    figure(b, sizeof b, ran_raw, raw, divisor, unit);
    if (ran_ours && ran_raw && ours->ok && raw->ok && rate(raw, 1) > 0) {
        double q = rate(ours, 1) / rate(raw, 1);
        snprintf(ratio, sizeof ratio, "%.2fx (target >= %.2fx%s)", q, target,
                 q >= target ? "" : ", BELOW");
    }
    printf("%-42s %-33s %-16s %s\n", name, a, b, ratio);
    const struct bench_result *sides[2] = {ran_ours ? ours : NULL, ran_raw ? raw : NULL};
    for (int i = 0; i < 2; i++) {
        if (sides[i] && !sides[i]->ok) {
            printf("    %s: %s\n", i ? "raw libcurl" : "ours", sides[i]->message);
            all_ok = 0;
        }
    }
    fflush(stdout);
}

/* The client's CPU time per unit (whole child process, set-up included):
 * cpu_seconds * scale / units. */
static void report_cpu(int ran_ours, const struct bench_result *ours, int ran_raw,
                       const struct bench_result *raw, double scale, const char *unit)
{
    char a[48] = "", b[48] = "";
    if (ran_ours && ours->ok)
        snprintf(a, sizeof a, "%.2f %s", ours->cpu_seconds * scale / (double)ours->units, unit);
    if (ran_raw && raw->ok)
        snprintf(b, sizeof b, "%.2f %s", raw->cpu_seconds * scale / (double)raw->units, unit);
    if (a[0] || b[0])
        printf("%-42s %-33s %-16s\n", "    client CPU time (user+sys)", a, b);
    fflush(stdout);
}

static void report_memory(int ran_ours, const struct bench_result *ours, int ran_raw,
                          const struct bench_result *raw)
{
    char a[48] = "", b[48] = "";
    if (ran_ours)
        snprintf(a, sizeof a, "%.1f MiB", ours->max_rss_kib / 1024.0);
    if (ran_raw)
        snprintf(b, sizeof b, "%.1f MiB", raw->max_rss_kib / 1024.0);
    printf("%-42s %-33s %-16s\n", "    peak memory (ru_maxrss)", a, b);
    fflush(stdout);
}

/* ---- workloads ----------------------------------------------------------------- */

static const struct bench_result none;

static struct bench_result side(int run, bench_fn fn, const void *arg)
{
    return run ? run_in_child(fn, arg) : none;
}

static void bench_sequential(const struct options *o, int port)
{
    struct seq_args args = {port, o->sequential};
    struct bench_result ours = side(o->ours, ours_sequential, &args);
    struct bench_result raw = side(o->raw, raw_sequential, &args);
    char name[96];
    snprintf(name, sizeof name, "(a) %lu sequential GETs, 1 connection", o->sequential);
    report(name, o->ours, &ours, o->raw, &raw, 1, "req/s", 0.9);
    report_cpu(o->ours, &ours, o->raw, &raw, 1e6, "us/req");
}

static void bench_inflight(const struct options *o, int port, unsigned inflight)
{
    struct multi_args args = {port, o->requests, inflight};
    struct bench_result ours = side(o->ours, ours_async, &args);
    struct bench_result raw = side(o->raw, raw_multi, &args);
    char name[96];
    snprintf(name, sizeof name, "(b) %lu GETs, %u in flight (async)", o->requests, inflight);
    report(name, o->ours, &ours, o->raw, &raw, 1, "req/s", 0.9);
    report_cpu(o->ours, &ours, o->raw, &raw, 1e6, "us/req");
}

static void bench_download(const struct options *o, int port, uint64_t bytes)
{
    struct download_args args = {port, bytes, o->read_size};
    struct bench_result ours = side(o->ours, ours_download, &args);
    struct bench_result raw = side(o->raw, raw_download, &args);
    char name[96];
    snprintf(name, sizeof name, "(c) %llu MiB download, %zu KiB reads",
             (unsigned long long)(bytes >> 20), o->read_size >> 10);
    report(name, o->ours, &ours, o->raw, &raw, 1e6, "MB/s", 0.95);
    report_cpu(o->ours, &ours, o->raw, &raw, (double)(1 << 30), "s/GiB");
    report_memory(o->ours, &ours, o->raw, &raw);
}

int main(int argc, char **argv)
{
    struct options o;
    if (!parse_options(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    pattern_init();
    char server_args[64];
    snprintf(server_args, sizeof server_args, "--threads %u", o.server_threads);
    struct testserver *ts = testserver_start(server_args);
    if (!ts) {
        fprintf(stderr, "winhttp-bench: cannot start the test server\n");
        return 1;
    }
    int port = testserver_port(ts);
    /* curl_version() starts nothing: the parent stays single-threaded. */
    printf("winhttp-bench: test server on 127.0.0.1:%d (%u threads); %s\n", port, o.server_threads,
           curl_version());
    printf("%-42s %-33s %-16s %s\n", "workload", "ours (WinHTTP API)", "raw libcurl", "ours/raw");
    if (o.run_a)
        bench_sequential(&o, port);
    for (unsigned i = 0; o.run_b && i < o.inflight_count; i++)
        bench_inflight(&o, port, o.inflight[i]);
    if (o.run_c) {
        bench_download(&o, port, o.download);
        if (o.small_download != o.download)
            bench_download(&o, port, o.small_download);
    }
    testserver_stop(ts);
    return all_ok ? 0 : 1;
}
