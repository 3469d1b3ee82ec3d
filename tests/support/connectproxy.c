#include "connectproxy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_TUNNELS 32

struct tunnel {
    struct connectproxy *proxy;
    int client;
    pthread_t thread;
};

struct connectproxy {
    int listen_fd;
    int stop_pipe[2];
    int port;
    pthread_t acceptor;
    pthread_mutex_t lock;
    int tunnels;
    char last_target[128];
    char required_auth[256]; /* "" : none */
    int refused;
    int count;
    struct tunnel conns[MAX_TUNNELS];
};

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Reads the request head; returns its length or -1. */
static int read_head(int fd, char *buf, int cap)
{
    int have = 0;
    while (have < cap - 1) {
        ssize_t n = recv(fd, buf + have, 1, 0); /* byte by byte: nothing past the head */
        if (n <= 0)
            return -1;
        have++;
        buf[have] = 0;
        if (have >= 4 && !memcmp(buf + have - 4, "\r\n\r\n", 4))
            return have;
    }
    return -1;
}

static int connect_target(const char *target)
{
    char host[100];
    int port;
    if (sscanf(target, "%99[^:]:%d", host, &port) != 2)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void relay(int a, int b)
{
    char buf[16384];
    struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    for (;;) {
        if (poll(p, 2, 10000) <= 0)
            return;
        for (int i = 0; i < 2; ++i) {
            if (!p[i].revents)
                continue;
            ssize_t n = recv(p[i].fd, buf, sizeof(buf), 0);
            if (n <= 0 || send_all(p[1 - i].fd, buf, (size_t)n) < 0)
                return;
        }
    }
}

/* Whether head carries the Proxy-Authorization the proxy requires; counts
 * a refusal otherwise. */
static int authorized(struct connectproxy *p, const char *head)
{
    char want[300];
    pthread_mutex_lock(&p->lock);
    int ok = !p->required_auth[0];
    snprintf(want, sizeof(want), "\r\nProxy-Authorization: %s\r\n", p->required_auth);
    if (!ok)
        ok = strstr(head, want) != NULL;
    if (!ok)
        p->refused++;
    pthread_mutex_unlock(&p->lock);
    return ok;
}

static void *tunnel_main(void *arg)
{
    struct tunnel *t = arg;
    char head[2048], target[128];
    for (;;) {
        if (read_head(t->client, head, sizeof(head)) < 0)
            return NULL;
        if (!strncmp(head, "CONNECT ", 8) && !authorized(t->proxy, head)) {
            static const char auth[] = "HTTP/1.1 407 Proxy Authentication Required\r\n"
                                       "Proxy-Authenticate: Basic realm=\"tunnel\"\r\nContent-Length: 0\r\n\r\n";
            if (send_all(t->client, auth, sizeof(auth) - 1) < 0)
                return NULL;
            continue; /* the client may try again on this connection */
        }
        break;
    }
    if (sscanf(head, "CONNECT %127s HTTP/1.", target) != 1) {
        static const char no[] = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send_all(t->client, no, sizeof(no) - 1);
        shutdown(t->client, SHUT_RDWR);
        return NULL;
    }
    int server = connect_target(target);
    if (server < 0) {
        static const char bad[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send_all(t->client, bad, sizeof(bad) - 1);
        shutdown(t->client, SHUT_RDWR);
        return NULL;
    }
    pthread_mutex_lock(&t->proxy->lock);
    t->proxy->tunnels++;
    snprintf(t->proxy->last_target, sizeof(t->proxy->last_target), "%s", target);
    pthread_mutex_unlock(&t->proxy->lock);
    static const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
    if (send_all(t->client, ok, sizeof(ok) - 1) == 0)
        relay(t->client, server);
    close(server);
    shutdown(t->client, SHUT_RDWR);
    return NULL;
}

static void *acceptor_main(void *arg)
{
    struct connectproxy *p = arg;
    for (;;) {
        struct pollfd f[2] = {{p->listen_fd, POLLIN, 0}, {p->stop_pipe[0], POLLIN, 0}};
        if (poll(f, 2, -1) < 0 && errno != EINTR)
            break;
        if (f[1].revents)
            break;
        if (!(f[0].revents & POLLIN))
            continue;
        int fd = accept(p->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        pthread_mutex_lock(&p->lock);
        struct tunnel *t = p->count < MAX_TUNNELS ? &p->conns[p->count] : NULL;
        if (t) {
            t->proxy = p;
            t->client = fd;
        }
        if (t && pthread_create(&t->thread, NULL, tunnel_main, t) == 0)
            p->count++;
        else
            close(fd);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

struct connectproxy *connectproxy_start(void)
{
    struct connectproxy *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    p->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(p->listen_fd, 16) < 0 || getsockname(p->listen_fd, (struct sockaddr *)&a, &len) < 0 ||
        pipe(p->stop_pipe) < 0 || pthread_create(&p->acceptor, NULL, acceptor_main, p) != 0) {
        fprintf(stderr, "connectproxy: cannot start\n");
        free(p);
        return NULL;
    }
    p->port = ntohs(a.sin_port);
    return p;
}

int connectproxy_port(const struct connectproxy *p) { return p->port; }

int connectproxy_tunnels(struct connectproxy *p, char *last_target, int size)
{
    pthread_mutex_lock(&p->lock);
    int n = p->tunnels;
    if (last_target)
        snprintf(last_target, (size_t)size, "%s", p->last_target);
    pthread_mutex_unlock(&p->lock);
    return n;
}

void connectproxy_require_auth(struct connectproxy *p, const char *value)
{
    pthread_mutex_lock(&p->lock);
    snprintf(p->required_auth, sizeof(p->required_auth), "%s", value ? value : "");
    pthread_mutex_unlock(&p->lock);
}

int connectproxy_refused(struct connectproxy *p)
{
    pthread_mutex_lock(&p->lock);
    int n = p->refused;
    pthread_mutex_unlock(&p->lock);
    return n;
}

void connectproxy_stop(struct connectproxy *p)
{
    if (!p)
        return;
    if (write(p->stop_pipe[1], "x", 1) != 1)
        perror("connectproxy: stop");
    pthread_join(p->acceptor, NULL);
    for (int i = 0; i < p->count; ++i)
        shutdown(p->conns[i].client, SHUT_RDWR);
    for (int i = 0; i < p->count; ++i) {
        pthread_join(p->conns[i].thread, NULL);
        close(p->conns[i].client);
    }
    close(p->listen_fd);
    close(p->stop_pipe[0]);
    close(p->stop_pipe[1]);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
