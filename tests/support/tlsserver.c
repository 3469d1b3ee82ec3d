#include "tlsserver.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Open at once; a finished connection's thread is joined and its slot
 * reused at the next accept, so a long run (make soak) may make any number
 * over its life. */
#define MAX_CONNECTIONS 1024

struct connection {
    struct tlsserver *server;
    int fd;
    pthread_t thread;
    int done;  /* under server->lock: serve() has returned */
};

struct tlsserver {
    int listen_fd;
    int stop_pipe[2];
    int port;
    int client_cert;
    char priority[256];
    gnutls_certificate_credentials_t cred;
    pthread_t acceptor;
    pthread_mutex_t lock;
    int requests;
    char client_subject[512];
    int stopping;
    int count;
    struct connection *conns[MAX_CONNECTIONS];  /* each its own allocation: its thread holds it */
};

static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nContent-Type: text/plain\r\n\r\n" TLSSERVER_BODY;

/* Reads one request head; 0 at EOF or on error. */
static int read_request(gnutls_session_t s)
{
    char buf[4096];
    size_t have = 0;
    while (have < sizeof(buf)) {
        ssize_t n = gnutls_record_recv(s, buf + have, sizeof(buf) - have);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            continue;
        if (n <= 0)
            return 0;
        have += (size_t)n;
        for (size_t i = 3; i < have; ++i)
            if (memcmp(buf + i - 3, "\r\n\r\n", 4) == 0)
                return 1;
    }
    return 0;
}

static void note_client_subject(struct tlsserver *srv, gnutls_session_t s)
{
    unsigned n = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &n);
    gnutls_x509_crt_t crt;
    gnutls_datum_t dn = {NULL, 0};
    if (!peers || n == 0 || gnutls_x509_crt_init(&crt) < 0)
        return;
    if (gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER) >= 0 && gnutls_x509_crt_get_dn3(crt, &dn, 0) >= 0) {
        pthread_mutex_lock(&srv->lock);
        snprintf(srv->client_subject, sizeof(srv->client_subject), "%.*s", (int)dn.size, (const char *)dn.data);
        pthread_mutex_unlock(&srv->lock);
    }
    gnutls_free(dn.data);
    gnutls_x509_crt_deinit(crt);
}

static void serve(struct connection *c)
{
    struct tlsserver *srv = c->server;
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_SERVER) < 0)
        return;
    const char *err = NULL;
    if (gnutls_priority_set_direct(s, srv->priority, &err) < 0 ||
        gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, srv->cred) < 0) {
        gnutls_deinit(s);
        return;
    }
    if (srv->client_cert == TLSSERVER_CLIENT_CERT_REQUEST)
        gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUEST);
    if (srv->client_cert == TLSSERVER_CLIENT_CERT_REQUIRE) {
        gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUIRE);
        gnutls_session_set_verify_cert(s, NULL, 0); /* chain to client_ca_file, or no handshake */
    }
    gnutls_transport_set_int(s, c->fd);
    /* Generous: a loaded CI machine running Wine can take seconds to answer
     * (tlsserver_stop shuts connections down, so this never delays a test). */
    gnutls_handshake_set_timeout(s, 30000);
    int rc;
    do {
        rc = gnutls_handshake(s);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    if (rc < 0)
        gnutls_alert_send_appropriate(s, rc); /* GnuTLS leaves alerts to the application */
    else
        note_client_subject(srv, s);
    while (rc >= 0 && read_request(s)) {
        pthread_mutex_lock(&srv->lock);
        srv->requests++;
        pthread_mutex_unlock(&srv->lock);
        if (gnutls_record_send(s, response, sizeof(response) - 1) < 0)
            break;
    }
    gnutls_deinit(s);
    shutdown(c->fd, SHUT_RDWR); /* the client sees the end at once; closed by tlsserver_stop */
}

static void *connection_main(void *arg)
{
    struct connection *c = arg;
    serve(c);
    pthread_mutex_lock(&c->server->lock);
    c->done = 1;
    pthread_mutex_unlock(&c->server->lock);
    return NULL;
}

/* Joins and frees the connections whose serve() has returned.  Caller
 * holds srv->lock; the threads it joins have let go of it for good. */
static void reap_finished_locked(struct tlsserver *srv)
{
    for (int i = 0; i < srv->count;) {
        struct connection *c = srv->conns[i];
        if (!c->done) {
            ++i;
            continue;
        }
        pthread_join(c->thread, NULL);
        close(c->fd);
        free(c);
        srv->conns[i] = srv->conns[--srv->count];
    }
}

static void *acceptor_main(void *arg)
{
    struct tlsserver *srv = arg;
    for (;;) {
        struct pollfd p[2] = {{srv->listen_fd, POLLIN, 0}, {srv->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        int fd = accept(srv->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        struct timeval tv = {30, 0};  /* as the handshake timeout */
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        pthread_mutex_lock(&srv->lock);
        reap_finished_locked(srv);
        struct connection *c = srv->stopping || srv->count == MAX_CONNECTIONS ? NULL : calloc(1, sizeof(*c));
        if (!c) {
            pthread_mutex_unlock(&srv->lock);
            close(fd);
            continue;
        }
        c->server = srv;
        c->fd = fd;
        if (pthread_create(&c->thread, NULL, connection_main, c) == 0) {
            srv->conns[srv->count++] = c;
        } else {
            close(fd);
            free(c);
        }
        pthread_mutex_unlock(&srv->lock);
    }
    return NULL;
}

static int listen_loopback(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 16) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

struct tlsserver *tlsserver_start(const struct tlsserver_options *o)
{
    struct tlsserver *srv = calloc(1, sizeof(*srv));
    if (!srv)
        return NULL;
    pthread_mutex_init(&srv->lock, NULL);
    snprintf(srv->priority, sizeof(srv->priority), "%s", o->priority ? o->priority : "NORMAL");
    srv->client_cert = o->client_cert;
    int rc = gnutls_certificate_allocate_credentials(&srv->cred);
    if (rc >= 0)
        rc = gnutls_certificate_set_x509_key_file(srv->cred, o->cert_file, o->key_file, GNUTLS_X509_FMT_PEM);
    if (rc >= 0 && o->client_ca_file)
        rc = gnutls_certificate_set_x509_trust_file(srv->cred, o->client_ca_file, GNUTLS_X509_FMT_PEM);
    if (rc >= 0 && o->ocsp_file) {
        /* Staple whatever the test made: GnuTLS would refuse a "revoked"
         * response or one that is not the issuer's. */
        gnutls_certificate_set_flags(srv->cred, GNUTLS_CERTIFICATE_SKIP_OCSP_RESPONSE_CHECK);
        rc = gnutls_certificate_set_ocsp_status_request_file(srv->cred, o->ocsp_file, 0);
    }
    if (rc < 0) {
        fprintf(stderr, "tlsserver: credentials: %s\n", gnutls_strerror(rc));
        if (srv->cred)
            gnutls_certificate_free_credentials(srv->cred);
        free(srv);
        return NULL;
    }
    srv->listen_fd = listen_loopback(&srv->port);
    if (srv->listen_fd < 0 || pipe(srv->stop_pipe) < 0 ||
        pthread_create(&srv->acceptor, NULL, acceptor_main, srv) != 0) {
        fprintf(stderr, "tlsserver: cannot listen\n");
        gnutls_certificate_free_credentials(srv->cred);
        free(srv);
        return NULL;
    }
    return srv;
}

int tlsserver_port(const struct tlsserver *s) { return s->port; }

int tlsserver_requests(struct tlsserver *s)
{
    pthread_mutex_lock(&s->lock);
    int n = s->requests;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void tlsserver_client_subject(struct tlsserver *s, char *out, size_t size)
{
    pthread_mutex_lock(&s->lock);
    snprintf(out, size, "%s", s->client_subject);
    pthread_mutex_unlock(&s->lock);
}

void tlsserver_stop(struct tlsserver *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_mutex_unlock(&s->lock);
    if (write(s->stop_pipe[1], "x", 1) != 1)
        perror("tlsserver: stop");
    pthread_join(s->acceptor, NULL);
    /* The acceptor is gone, so the connection list no longer changes. */
    for (int i = 0; i < s->count; ++i)
        shutdown(s->conns[i]->fd, SHUT_RDWR);
    for (int i = 0; i < s->count; ++i) {
        pthread_join(s->conns[i]->thread, NULL);
        close(s->conns[i]->fd);
        free(s->conns[i]);
    }
    close(s->listen_fd);
    close(s->stop_pipe[0]);
    close(s->stop_pipe[1]);
    gnutls_certificate_free_credentials(s->cred);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
