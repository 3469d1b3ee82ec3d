/* The conformance program's main(): runs every suite, natively through
 * CMocka and as a PE program through the small runner below, plus the
 * platform services conformance.h declares. */
#ifndef _WIN32
#define _GNU_SOURCE
#endif
#include "conformance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef CONF_NATIVE
#include <pthread.h>
#include <time.h>
#include "testserver.h"
#else
#include <setjmp.h>
#endif

extern const struct conf_suite conf_suite_handles, conf_suite_callbacks, conf_suite_options,
    conf_suite_url, conf_suite_time, conf_suite_request, conf_suite_proxy, conf_suite_websocket;

static const struct conf_suite *const suites[] = {
    &conf_suite_handles, &conf_suite_callbacks, &conf_suite_options,
    &conf_suite_url, &conf_suite_time, &conf_suite_request, &conf_suite_proxy,
    &conf_suite_websocket,
};
enum { SUITE_COUNT = sizeof(suites) / sizeof(suites[0]) };

size_t conf_wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s && s[n])
        n++;
    return n;
}

/* ASCII rendering of UTF-16 text for failure messages. */
static const char *show(const WCHAR *s, size_t n)
{
    static char out[4][512];
    static unsigned next;
    char *o = out[next++ % 4];
    size_t k = 0;
    if (!s)
        return "(null)";
    for (size_t i = 0; i < n && k + 8 < sizeof out[0]; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f)
            o[k++] = (char)s[i];
        else
            k += (size_t)snprintf(o + k, sizeof out[0] - k, "\\u%04x", (unsigned)s[i]);
    }
    o[k] = 0;
    return o;
}

static int wstr_equals(const WCHAR *got, size_t got_len, const char *want)
{
    size_t n = strlen(want);
    if (!got || got_len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (got[i] != (WCHAR)(unsigned char)want[i])
            return 0;
    return 1;
}

#ifdef CONF_NATIVE
/* ======================= native: CMocka ================================= */
void conf_check_wstr(const char *file, int line, const char *what,
                     const WCHAR *got, size_t got_len, const char *want)
{
    if (wstr_equals(got, got_len, want))
        return;
    print_error("%s = \"%s\" (%zu chars), want \"%s\"\n", what, show(got, got_len), got_len, want);
    _fail(file, line);
}

static pthread_mutex_t conf_mutex = PTHREAD_MUTEX_INITIALIZER;
void conf_lock(void) { pthread_mutex_lock(&conf_mutex); }
void conf_unlock(void) { pthread_mutex_unlock(&conf_mutex); }
uintptr_t conf_thread_id(void) { return (uintptr_t)pthread_self(); }

struct conf_thread {
    pthread_t id;
    void (*fn)(void *);
    void *arg;
};
static void *thread_main(void *p)
{
    struct conf_thread *t = p;
    t->fn(t->arg);
    return NULL;
}
conf_thread_t conf_thread_start(void (*fn)(void *), void *arg)
{
    struct conf_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->id, NULL, thread_main, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}
void conf_thread_join(conf_thread_t t)
{
    if (!t)
        return;
    pthread_join(t->id, NULL);
    free(t);
}
void conf_sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static struct testserver *server;
static void stop_server(void) { testserver_stop(server); }

INTERNET_PORT conf_server_port(void)
{
    const char *env = getenv("WINHTTP_TEST_PORT");
    if (env && *env)
        return (INTERNET_PORT)atoi(env);
    if (!server) {
        /* Started from the main thread (CMocka runs cases there), so the
         * server's parent-death signal does not fire early. */
        server = testserver_start(NULL);
        if (!server)
            fail_msg("cannot start the test server");
        atexit(stop_server);
    }
    return (INTERNET_PORT)testserver_port(server);
}

int main(void)
{
    int failed = 0;
    for (int s = 0; s < SUITE_COUNT; s++) {
        const struct conf_suite *suite = suites[s];
        struct CMUnitTest *tests = calloc(suite->count, sizeof *tests);
        if (!tests)
            return 1;
        for (size_t i = 0; i < suite->count; i++) {
            tests[i].name = suite->cases[i].name;
            tests[i].test_func = suite->cases[i].fn;
            tests[i].initial_state = (void *)suite->cases[i].arg;
        }
        failed += _cmocka_run_group_tests(suite->name, tests, suite->count, NULL, NULL);
        free(tests);
    }
    return failed ? 1 : 0;
}

#else
/* ======================= PE: our own runner ============================== */
static jmp_buf case_exit;
static const char *current_case;

void conf_check_failed(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    const char *base = strrchr(file, '/');
    printf("FAIL %s: %s:%d: ", current_case, base ? base + 1 : file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    longjmp(case_exit, 1);
}

void conf_check_wstr(const char *file, int line, const char *what,
                     const WCHAR *got, size_t got_len, const char *want)
{
    if (!wstr_equals(got, got_len, want))
        conf_check_failed(file, line, "%s = \"%s\" (%u chars), want \"%s\"", what,
                          show(got, got_len), (unsigned)got_len, want);
}

static CRITICAL_SECTION conf_cs;
void conf_lock(void) { EnterCriticalSection(&conf_cs); }
void conf_unlock(void) { LeaveCriticalSection(&conf_cs); }
uintptr_t conf_thread_id(void) { return (uintptr_t)GetCurrentThreadId(); }

struct conf_thread {
    HANDLE handle;
    void (*fn)(void *);
    void *arg;
};
static DWORD WINAPI thread_main(void *p)
{
    struct conf_thread *t = p;
    t->fn(t->arg);
    return 0;
}
conf_thread_t conf_thread_start(void (*fn)(void *), void *arg)
{
    struct conf_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
    if (!t->handle) {
        free(t);
        return NULL;
    }
    return t;
}
void conf_thread_join(conf_thread_t t)
{
    if (!t)
        return;
    WaitForSingleObject(t->handle, INFINITE);
    CloseHandle(t->handle);
    free(t);
}
void conf_sleep_ms(unsigned ms) { Sleep(ms); }

INTERNET_PORT conf_server_port(void)
{
    const char *env = getenv("WINHTTP_TEST_PORT");
    int port = env ? atoi(env) : 0;
    if (port <= 0 || port > 65535)
        CHECK_FAIL("no test server: WINHTTP_TEST_PORT is not set (use tests/conformance/run-wine.sh)");
    return (INTERNET_PORT)port;
}

/* Runs one case; returns 1 when it passed. */
static int run_case(const struct conf_suite *suite, const struct conf_case *c)
{
    static char name[256];
    snprintf(name, sizeof name, "%s.%s", suite->name, c->name);
    current_case = name;
    void *state = (void *)c->arg;
    if (setjmp(case_exit) != 0)
        return 0;
    c->fn(&state);
    printf("ok   %s\n", name);
    fflush(stdout);
    return 1;
}

/* Arguments, if any, select cases whose "suite.case" name contains one. */
static int selected(const struct conf_suite *suite, const struct conf_case *c, int argc, char **argv)
{
    char name[256];
    if (argc < 2)
        return 1;
    snprintf(name, sizeof name, "%s.%s", suite->name, c->name);
    for (int i = 1; i < argc; i++)
        if (strstr(name, argv[i]))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    InitializeCriticalSection(&conf_cs);
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int s = 0; s < SUITE_COUNT; s++)
        for (size_t i = 0; i < suites[s]->count; i++)
            if (selected(suites[s], &suites[s]->cases[i], argc, argv)) {
                if (run_case(suites[s], &suites[s]->cases[i]))
                    passed++;
                else
                    failed++;
            }
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}
#endif
