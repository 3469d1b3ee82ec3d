/* winhttp-bench: the same loopback workloads through our WinHTTP API and
 * through raw libcurl, side by side (issue 3, "Benchmark").  Shared types. */
#ifndef WINHTTP_TOOLS_BENCH_BENCH_H
#define WINHTTP_TOOLS_BENCH_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* What one side of one workload reports back from its child process. */
struct bench_result {
    int ok;              /* 1: the workload ran to the end and every check passed */
    unsigned error;      /* Windows error or CURLcode when !ok */
    double seconds;      /* wall time of the measured part */
    uint64_t units;      /* requests completed, or body bytes received */
    long max_rss_kib;    /* filled in by the parent from wait4() */
    double cpu_seconds;  /* the child's user+system time, from wait4() too */
    char message[200];   /* why it failed, for the report */
};

/* The workloads, against the test server on 127.0.0.1:port.  Each function
 * runs in a child process of its own and fills `out`. */
struct seq_args { int port; unsigned long count; };
struct multi_args { int port; unsigned long count; unsigned inflight; };
struct download_args { int port; uint64_t bytes; size_t read_size; };

/* winhttp_side.c: through our API.  arg: seq_args, multi_args, download_args. */
void ours_sequential(const void *arg, struct bench_result *out);
void ours_async(const void *arg, struct bench_result *out);
void ours_download(const void *arg, struct bench_result *out);

/* curl_side.c: the idiomatic raw-libcurl equivalents, same arguments. */
void raw_sequential(const void *arg, struct bench_result *out);
void raw_multi(const void *arg, struct bench_result *out);
void raw_download(const void *arg, struct bench_result *out);

/* child.c: runs fn(arg, &result) in a forked child and returns its result
 * with the child's peak resident set size.  The parent never starts a
 * thread, so each child starts from a clean, single-threaded process. */
typedef void (*bench_fn)(const void *arg, struct bench_result *out);
struct bench_result run_in_child(bench_fn fn, const void *arg);

/* pattern.c: the test server's /bytes body, byte i = (i*31+7) mod 256. */
void pattern_init(void);
/* 1 if data[0..n) is the pattern starting at body offset `offset`. */
int pattern_matches(uint64_t offset, const void *data, size_t n);

/* Monotonic clock in seconds. */
double bench_now(void);

#endif
