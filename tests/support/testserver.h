/* Test fixture: runs tools/testserver/winhttp-testserver as a child process
 * for loopback tests.
 *
 *   struct testserver *ts = testserver_start(NULL);
 *   ... connect to 127.0.0.1:testserver_port(ts) ...
 *   testserver_stop(ts);
 *
 * The binary is $WINHTTP_TESTSERVER if set, else the path compiled in by
 * tools/testserver/local.mk (the build tree's copy).
 *
 * The server never outlives the test: it gets SIGKILL when the thread that
 * started it exits (PR_SET_PDEATHSIG; so start it from a thread that lives at
 * least as long as the server, e.g. the main thread) and it exits by itself
 * when its standard input, a pipe held only by this process, reaches EOF. */
#ifndef WINHTTP_TESTS_SUPPORT_TESTSERVER_H
#define WINHTTP_TESTS_SUPPORT_TESTSERVER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct testserver;

/* Starts the server and waits (at most 10 s) until it listens.
 * extra_args: further command-line options, separated by spaces, with '...'
 * or "..." grouping (e.g. "--threads 2 --date 'Sun, 06 Nov 1994 08:49:37 GMT'");
 * NULL or "" for none. The server binds 127.0.0.1 on an ephemeral port unless
 * the arguments say otherwise.
 * Returns NULL (with a message on stderr) on failure. */
struct testserver *testserver_start(const char *extra_args);

/* The TCP port the server listens on. */
int testserver_port(const struct testserver *ts);

/* Formats "http://127.0.0.1:<port><path>" into buf (path should start with
 * '/'); returns buf. */
char *testserver_url(const struct testserver *ts, const char *path, char *buf, size_t size);

/* Stops the server (SIGTERM, then SIGKILL after 5 s) and reaps it. Accepts
 * NULL. */
void testserver_stop(struct testserver *ts);

#ifdef __cplusplus
}
#endif

#endif /* WINHTTP_TESTS_SUPPORT_TESTSERVER_H */
