/* The benchmark's workloads through raw libcurl, written the idiomatic way:
 * what a C programmer using libcurl directly would write.  This is the
 * yardstick our WinHTTP layer is measured against. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static const char hello[] = "Hello, WinHTTP!\n";
enum { HELLO_LENGTH = sizeof hello - 1 };

static void curl_failed(struct bench_result *out, const char *what, unsigned code)
{
    out->ok = 0;
    out->error = code;
    snprintf(out->message, sizeof out->message, "%s failed: %s", what,
             curl_easy_strerror((CURLcode)code));
}

/* ---- small bodies: kept for checking ---------------------------------------- */

struct small_body {
    size_t length;
    char bytes[64];
};

static size_t keep_small_body(char *data, size_t size, size_t count, void *userp)
{
    struct small_body *b = userp;
    size_t n = size * count;
    if (n > sizeof b->bytes - b->length)
        return 0;  /* far more than /hello: fail the transfer */
    memcpy(b->bytes + b->length, data, n);
    b->length += n;
    return n;
}

static int is_hello(const struct small_body *b)
{
    return b->length == HELLO_LENGTH && memcmp(b->bytes, hello, HELLO_LENGTH) == 0;
}

/* ---- (a) sequential GETs on one reused easy handle ------------------------ */

void raw_sequential(const void *arg, struct bench_result *out)
{
    const struct seq_args *a = arg;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/hello", a->port);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *e = curl_easy_init();
    struct small_body body;
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_USERAGENT, BENCH_USER_AGENT);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, keep_small_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
    double start = bench_now();
    unsigned long done = 0;
    for (; done < a->count; done++) {
        body.length = 0;
        CURLcode rc = curl_easy_perform(e);
        if (rc != CURLE_OK) {
            curl_failed(out, "curl_easy_perform", rc);
            break;
        }
        if (!is_hello(&body)) {
            snprintf(out->message, sizeof out->message, "wrong /hello body");
            break;
        }
    }
    out->seconds = bench_now() - start;
    out->units = done;
    out->ok = done == a->count;
    curl_easy_cleanup(e);
}

/* ---- (b) many GETs in flight on one multi handle -------------------------- */

struct multi_slot {
    CURL *easy;
    struct small_body body;
};

void raw_multi(const void *arg, struct bench_result *out)
{
    const struct multi_args *a = arg;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/hello", a->port);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *m = curl_multi_init();
    unsigned n = a->inflight < a->count ? a->inflight : (unsigned)a->count;
    struct multi_slot *slots = calloc(n, sizeof *slots);
    unsigned long started = 0, finished = 0;
    double start = bench_now();
    for (unsigned i = 0; i < n; i++, started++) {
        CURL *e = slots[i].easy = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url);
        curl_easy_setopt(e, CURLOPT_USERAGENT, BENCH_USER_AGENT);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, keep_small_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &slots[i].body);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &slots[i]);
        curl_multi_add_handle(m, e);
    }
    while (finished < started && !out->message[0]) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(m, &running);
        if (mc != CURLM_OK) {
            snprintf(out->message, sizeof out->message, "curl_multi_perform: %s", curl_multi_strerror(mc));
            break;
        }
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL *e = msg->easy_handle;
            CURLcode rc = msg->data.result;
            struct multi_slot *sl = NULL;
            curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&sl);
            curl_multi_remove_handle(m, e);
            finished++;
            if (rc != CURLE_OK) {
                curl_failed(out, "a transfer", rc);
                break;
            }
            if (!is_hello(&sl->body)) {
                snprintf(out->message, sizeof out->message, "wrong /hello body");
                break;
            }
            if (started < a->count) {
                sl->body.length = 0;
                curl_multi_add_handle(m, e);  /* reuse the easy handle for the next GET */
                started++;
            }
        }
        if (finished < started)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    out->seconds = bench_now() - start;
    out->units = finished;
    out->ok = !out->message[0] && finished == a->count;
    for (unsigned i = 0; i < n; i++) {
        curl_multi_remove_handle(m, slots[i].easy);
        curl_easy_cleanup(slots[i].easy);
    }
    curl_multi_cleanup(m);
    free(slots);
}

/* ---- (c) one large download, checked as it streams ------------------------ */

struct checked_body {
    uint64_t received;
    int bad;
};

static size_t check_pattern(char *data, size_t size, size_t count, void *userp)
{
    struct checked_body *b = userp;
    size_t n = size * count;
    if (!pattern_matches(b->received, data, n)) {
        b->bad = 1;
        return 0;
    }
    b->received += n;
    return n;
}

void raw_download(const void *arg, struct bench_result *out)
{
    const struct download_args *a = arg;
    char url[96];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/bytes/%llu", a->port, (unsigned long long)a->bytes);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *e = curl_easy_init();
    struct checked_body body = {0, 0};
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_USERAGENT, BENCH_USER_AGENT);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, check_pattern);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
    double start = bench_now();
    CURLcode rc = curl_easy_perform(e);
    out->seconds = bench_now() - start;
    out->units = body.received;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (body.bad)
        snprintf(out->message, sizeof out->message, "wrong byte near offset %llu",
                 (unsigned long long)body.received);
    else if (rc != CURLE_OK)
        curl_failed(out, "curl_easy_perform", rc);
    else if (status != 200)
        snprintf(out->message, sizeof out->message, "status %ld", status);
    else if (body.received != a->bytes)
        snprintf(out->message, sizeof out->message, "body ended after %llu bytes",
                 (unsigned long long)body.received);
    else
        out->ok = 1;
    curl_easy_cleanup(e);
}
