/* Runs a workload in rounds and reduces the rounds to medians (bench.h says
 * why).  Only the median is taken: no run is dropped as an outlier, so a
 * side that is slow in most rounds still shows as slow. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int run_side(struct side_rounds *s, const void *arg)
{
    if (!s->ran)
        return 1;
    struct bench_result *r = &s->round[s->done++];
    *r = run_in_child(s->fn, arg);
    return r->ok;
}

void run_rounds(struct side_rounds *ours, struct side_rounds *raw, const void *arg,
                unsigned rounds)
{
    if (rounds > BENCH_MAX_ROUNDS)
        rounds = BENCH_MAX_ROUNDS;
    for (unsigned i = 0; i < rounds; i++) {
        /* ours,raw then raw,ours: a slow spell of the machine that starts
         * in the middle of a round then costs each side the same on
         * average, instead of always the side that runs second. */
        struct side_rounds *first = i % 2 == 0 ? ours : raw;
        struct side_rounds *second = i % 2 == 0 ? raw : ours;
        /* Both sides run even if the first failed, so that the round's
         * report says about each side whether it works. */
        int ok = run_side(first, arg);
        ok &= run_side(second, arg);
        if (!ok)
            break;
    }
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v[0..n) in place; n > 0.  With an even n, the mean of the two
 * middle values. */
static double median(double *v, unsigned n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double units_per_second(const struct bench_result *r)
{
    return r->seconds > 0 ? (double)r->units / r->seconds : 0;
}

static double cpu_per_unit(const struct bench_result *r)
{
    return r->units ? r->cpu_seconds / (double)r->units : 0;
}

/* Where the first failed round is, or 0 if none failed. */
static unsigned first_failure(const struct side_rounds *s)
{
    for (unsigned i = 0; i < s->done; i++)
        if (!s->round[i].ok)
            return i + 1;
    return 0;
}

struct side_summary summarise_side(const struct side_rounds *s)
{
    struct side_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.ran = s->ran;
    if (!s->ran)
        return sum;
    for (unsigned i = 0; i < s->done; i++)
        if (s->round[i].max_rss_kib > sum.max_rss_kib)
            sum.max_rss_kib = s->round[i].max_rss_kib;
    sum.failed_round = first_failure(s);
    if (sum.failed_round) {
        sum.message = s->round[sum.failed_round - 1].message;
        return sum;
    }
    sum.ok = s->done > 0;
    if (!sum.ok) {
        sum.message = "no round ran";
        return sum;
    }
    double rates[BENCH_MAX_ROUNDS], cpu[BENCH_MAX_ROUNDS];
    for (unsigned i = 0; i < s->done; i++) {
        rates[i] = units_per_second(&s->round[i]);
        cpu[i] = cpu_per_unit(&s->round[i]);
    }
    sum.rate = median(rates, s->done);
    sum.cpu_per_unit = median(cpu, s->done);
    return sum;
}

struct ratio_summary summarise_ratio(const struct side_rounds *ours,
                                     const struct side_rounds *raw)
{
    struct ratio_summary sum = {0, 0, 0, 0};
    if (!ours->ran || !raw->ran || ours->done != raw->done || ours->done == 0 ||
        first_failure(ours) || first_failure(raw))
        return sum;
    double ratios[BENCH_MAX_ROUNDS];
    for (unsigned i = 0; i < ours->done; i++) {
        double r = units_per_second(&raw->round[i]);
        if (r <= 0)
            return sum;
        ratios[i] = units_per_second(&ours->round[i]) / r;
    }
    sum.valid = 1;
    sum.median = median(ratios, ours->done);
    sum.min = ratios[0];  /* median() sorted them */
    sum.max = ratios[ours->done - 1];
    return sum;
}
