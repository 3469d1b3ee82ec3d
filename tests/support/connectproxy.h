/* Test fixture: an HTTP proxy on 127.0.0.1 that only tunnels (CONNECT), on
 * threads of the test process.  Anything but CONNECT gets 405 and a close. */
#ifndef WINHTTP_TESTS_SUPPORT_CONNECTPROXY_H
#define WINHTTP_TESTS_SUPPORT_CONNECTPROXY_H

struct connectproxy;

struct connectproxy *connectproxy_start(void);
int connectproxy_port(const struct connectproxy *p);
/* CONNECT requests tunnelled so far; the last target ("host:port") into buf. */
int connectproxy_tunnels(struct connectproxy *p, char *last_target, int size);
/* From now on a CONNECT needs "Proxy-Authorization: <value>" (e.g.
 * "Basic dXNlcjpwYXNz"); others get 407 with "Proxy-Authenticate: Basic
 * realm=\"tunnel\"" on a connection kept open for the next CONNECT. */
void connectproxy_require_auth(struct connectproxy *p, const char *value);
/* CONNECT requests refused with 407 so far. */
int connectproxy_refused(struct connectproxy *p);
void connectproxy_stop(struct connectproxy *p);

#endif
