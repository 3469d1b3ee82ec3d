/* The loopback set-up most request tests share: the test server, one
 * sync session (with an optional status callback) and one connect handle
 * to the server, for a CMocka group; and reading a whole body. */
#ifndef TESTS_HTTP_FIXTURE_H
#define TESTS_HTTP_FIXTURE_H
#include <stddef.h>

#include "testserver.h"
#include "winhttp.h"

struct http_fixture {
    struct testserver *server;
    HINTERNET session;
    HINTERNET connect;
};
extern struct http_fixture g_fx;

/* Group set-up: starts the server and opens g_fx's handles.  0, or -1. */
int http_fixture_open(LPCWSTR agent, WINHTTP_STATUS_CALLBACK callback);
/* Group teardown: closes the handles and stops the server.  Returns 0. */
int http_fixture_close(void);

/* Reads r's body with WinHttpReadData until it ends or cap - 1 bytes are
 * in, NUL-terminates it, and returns its length.  Asserts every read. */
size_t http_read_all(HINTERNET r, void *buf, size_t cap);
#endif
