/* The conformance tests' thin portability layer: the same test sources build
 *
 *   natively (CONF_NATIVE): CMocka, our include/winhttp.h, libwinhttp.so;
 *   as a PE program (_WIN32): x86_64-w64-mingw32-gcc, mingw's <winhttp.h> and
 *     -lwinhttp, run under Wine; a small runner of our own (conf_runner.c)
 *     prints one line per case and a closing "N passed, N failed".
 *
 * Test code uses only what is below, the WinHTTP API and the C library.
 * A CHECK_* that fails ends the current case at once (CMocka's behaviour;
 * the PE runner does the same with longjmp).  Strings are written W("...")
 * (UTF-16 literals on both sides: WCHAR is 16-bit in both headers). */
#ifndef TESTS_CONFORMANCE_H
#define TESTS_CONFORMANCE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#include <winhttp.h>
#else
#define CONF_NATIVE 1
#include "winhttp.h"
#endif

#define W(s) u##s

/* ---- one test case and one suite (a file's table) ---------------------- */
typedef void (*conf_fn)(void **state);
struct conf_case {
    const char *name;
    conf_fn fn;
    const void *arg; /* a table row for data-driven cases; CONF_ARG() reads it */
};
struct conf_suite {
    const char *name;
    const struct conf_case *cases;
    size_t count;
};
#define CONF_TEST(name) static void name(void **conf_state __attribute__((unused)))
#define CONF_CASE(fn) { #fn, fn, NULL }
#define CONF_ROW(name, fn, row) { name, fn, row }
#define CONF_ARG(type) ((const type *)*conf_state)
#define CONF_SUITE(var, title, table) \
    const struct conf_suite var = { title, table, sizeof(table) / sizeof((table)[0]) }

/* ---- checks -------------------------------------------------------------- */
#ifdef CONF_NATIVE
#include "cmocka_all.h"
#define CHECK_TRUE(x) assert_true(x)
#define CHECK_FALSE(x) assert_false(x)
#define CHECK_INT(got, want) assert_int_equal((uintmax_t)(got), (uintmax_t)(want))
#define CHECK_PTR(got, want) assert_ptr_equal((got), (want))
#define CHECK_NULL(x) assert_null(x)
#define CHECK_NOT_NULL(x) assert_non_null(x)
#define CHECK_MEM(got, want, n) assert_memory_equal((got), (want), (n))
#define CHECK_FAIL(...) fail_msg(__VA_ARGS__)
#else
void conf_check_failed(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(gnu_printf, 3, 4)));
#define CHECK_TRUE(x) \
    do { if (!(x)) conf_check_failed(__FILE__, __LINE__, "%s is false", #x); } while (0)
#define CHECK_FALSE(x) \
    do { if (x) conf_check_failed(__FILE__, __LINE__, "%s is true", #x); } while (0)
#define CHECK_INT(got, want) \
    do { uintmax_t g_ = (uintmax_t)(got), w_ = (uintmax_t)(want); \
         if (g_ != w_) conf_check_failed(__FILE__, __LINE__, "%s = %ju (0x%jx), want %ju (0x%jx)", \
                                          #got, g_, g_, w_, w_); } while (0)
#define CHECK_PTR(got, want) \
    do { const void *g_ = (const void *)(got), *w_ = (const void *)(want); \
         if (g_ != w_) conf_check_failed(__FILE__, __LINE__, "%s = %p, want %p", #got, g_, w_); } while (0)
#define CHECK_NULL(x) CHECK_PTR(x, NULL)
#define CHECK_NOT_NULL(x) \
    do { if ((x) == NULL) conf_check_failed(__FILE__, __LINE__, "%s is NULL", #x); } while (0)
#define CHECK_MEM(got, want, n) \
    do { if (memcmp((got), (want), (n)) != 0) \
         conf_check_failed(__FILE__, __LINE__, "%s differs from %s", #got, #want); } while (0)
#define CHECK_FAIL(...) conf_check_failed(__FILE__, __LINE__, __VA_ARGS__)
#endif

/* Compares a UTF-16 string of known length with an ASCII one, showing both. */
#define CHECK_WSTR(got, got_len, want) conf_check_wstr(__FILE__, __LINE__, #got, (got), (got_len), (want))
void conf_check_wstr(const char *file, int line, const char *what,
                     const WCHAR *got, size_t got_len, const char *want);
size_t conf_wlen(const WCHAR *s);

/* ---- what differs between Linux and Windows ------------------------------ */
/* One process-wide lock (for recorders touched from several threads). */
void conf_lock(void);
void conf_unlock(void);
/* An id of the calling thread, comparable with ==. */
uintptr_t conf_thread_id(void);
/* Runs fn(arg) on a new thread; conf_thread_join waits for it. */
typedef struct conf_thread *conf_thread_t;
conf_thread_t conf_thread_start(void (*fn)(void *), void *arg);
void conf_thread_join(conf_thread_t t);
void conf_sleep_ms(unsigned ms);

/* The loopback test server (tools/testserver) on 127.0.0.1.  Natively it is
 * started on first use (or taken from $WINHTTP_TEST_PORT); under Wine the
 * wrapper script starts the Linux server and passes its port in
 * $WINHTTP_TEST_PORT.  Fails the current case when there is none. */
INTERNET_PORT conf_server_port(void);

#endif
