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

/* The User-Agent both sides send: a WinHTTP application names its agent in
 * WinHttpOpen and WinHTTP sends it, so the libcurl side sets
 * CURLOPT_USERAGENT to match.  (curl formats header text a byte at a time;
 * leaving the field out of one side only would make that side's requests
 * cheaper than the workload.)  The heads still differ by curl's default
 * Accept line (any media type), which the libcurl side keeps, as a
 * libcurl program would, and WinHTTP does not send. */
#define BENCH_USER_AGENT "winhttp-bench"

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

/* rounds.c: a workload runs in rounds; each round runs both sides back to
 * back, each in a child of its own, and the side that goes first alternates
 * from round to round.  Wall-clock figures on a shared machine swing with
 * its load; pairing the sides within a round and taking medians over the
 * rounds makes the ratio steadier without dropping any run. */
#define BENCH_MAX_ROUNDS 100

/* Every round of one side of one workload. */
struct side_rounds {
    bench_fn fn;
    int ran;             /* this side was asked for (--side) */
    unsigned done;       /* rounds run so far (failed ones included) */
    struct bench_result round[BENCH_MAX_ROUNDS];
};

/* Runs `rounds` rounds of both sides (a side with !ran is skipped), and
 * stops after the first round in which a side failed: the run is then an
 * error, and more rounds would not change that. */
void run_rounds(struct side_rounds *ours, struct side_rounds *raw, const void *arg,
                unsigned rounds);

/* One side reduced over its rounds. */
struct side_summary {
    int ran;
    int ok;                /* every round ran correctly */
    unsigned failed_round; /* 1-based round of the first failure, when !ok */
    const char *message;   /* that round's message, when !ok */
    double rate;           /* median units per second (valid when ok) */
    double cpu_per_unit;   /* median CPU seconds per unit (valid when ok) */
    long max_rss_kib;      /* the largest peak over the rounds that ran */
};
struct side_summary summarise_side(const struct side_rounds *s);

/* ours/raw of the same round, over the rounds: median, lowest, highest.
 * valid only when both sides ran and every round of both was correct. */
struct ratio_summary {
    int valid;
    double median, min, max;
};
struct ratio_summary summarise_ratio(const struct side_rounds *ours,
                                     const struct side_rounds *raw);

/* pattern.c: the test server's /bytes body, byte i = (i*31+7) mod 256. */
void pattern_init(void);
/* 1 if data[0..n) is the pattern starting at body offset `offset`. */
int pattern_matches(uint64_t offset, const void *data, size_t n);

/* Monotonic clock in seconds. */
double bench_now(void);

#endif
