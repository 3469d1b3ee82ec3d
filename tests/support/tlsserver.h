/* Test fixture: a small HTTPS server (GnuTLS) on 127.0.0.1, run on threads
 * of the test process.  Every request on a connection gets
 *
 *     HTTP/1.1 200 OK, Content-Length: 8, body "tls body"
 *
 * and the connection is kept alive.  Handshake failures just close it. */
#ifndef WINHTTP_TESTS_SUPPORT_TLSSERVER_H
#define WINHTTP_TESTS_SUPPORT_TLSSERVER_H

#include <stddef.h>

#define TLSSERVER_BODY "tls body"

struct tlsserver_options {
    const char *cert_file; /* PEM: the server's certificate, then any chain */
    const char *key_file;  /* PEM private key */
    const char *priority;  /* GnuTLS priority string; NULL: "NORMAL" */
    int client_cert;       /* TLSSERVER_CLIENT_CERT_* */
    const char *client_ca_file; /* PEM: CAs that client certificates must chain to
                                   (with TLSSERVER_CLIENT_CERT_REQUIRE); NULL: none */
    const char *ocsp_file; /* DER OCSP response stapled for the certificate; NULL: none */
};

enum {
    TLSSERVER_CLIENT_CERT_NONE = 0,
    TLSSERVER_CLIENT_CERT_REQUEST = 1, /* asked for, optional, not checked */
    TLSSERVER_CLIENT_CERT_REQUIRE = 2, /* required and verified against client_ca_file */
};

struct tlsserver;

/* NULL (with a message on stderr) on failure. */
struct tlsserver *tlsserver_start(const struct tlsserver_options *options);
int tlsserver_port(const struct tlsserver *s);
/* Requests answered so far (whole request heads read). */
int tlsserver_requests(struct tlsserver *s);
/* The subject DN (RFC 4514 text) of the last client certificate a handshake
 * accepted, or "" if none was.  Copied into out. */
void tlsserver_client_subject(struct tlsserver *s, char *out, size_t size);
/* Stops accepting, closes every connection, joins all threads.  Accepts NULL. */
void tlsserver_stop(struct tlsserver *s);

#endif
