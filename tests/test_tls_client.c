/* TLS client certificates: a GnuTLS server on loopback (tests/support/
 * tlsserver.c) that asks for, or requires and verifies, a client
 * certificate, with TLS 1.2 and TLS 1.3 (the two ask differently: TLS 1.2
 * inside the handshake, where a missing certificate ends it, TLS 1.3 in a
 * message the client answers after it).  The certificate is given as PEM
 * (WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, include/winhttp_linux.h) or as a
 * CERT_CONTEXT (WINHTTP_OPTION_CLIENT_CERT_CONTEXT), which natively carries
 * no private key.  Certificates are made at test time (certgen.c). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certgen.h"
#include "cmocka_all.h"
#include "connectproxy.h"
#include "recorder.h"
#include "tlsserver.h"
#include "wincrypt.h"
#include "winhttp_linux.h"

#define SERVER_TLS12 "NORMAL:-VERS-ALL:+VERS-TLS1.2"
#define SERVER_TLS13 "NORMAL:-VERS-ALL:+VERS-TLS1.3"
/* The subject the server sees, as GnuTLS prints it (RFC 4514). */
#define CLIENT_SUBJECT "CN=client.test,O=WinHTTP Test,C=XX"

static char g_dir[64];
enum { SERVER_PEM, SERVER_KEY, TRUST, CLIENT_CA, CLIENT_PEM, CLIENT_KEY, STRANGER_PEM, STRANGER_KEY,
       CHAINED_PEM, CHAINED_KEY, INTERMEDIATE_PEM, FILE_COUNT };
static char g_path[FILE_COUNT][160];
static char *g_client_pem;     /* certificate then key, as one text */
static size_t g_client_pem_size;
static gnutls_datum_t g_client_der;

static DWORD g_secure_flags;
static int g_secure_count;

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    recorder_callback(h, ctx, status, info, len);
    if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE) {
        pthread_mutex_lock(&g_recorder.lock);
        g_secure_count++;
        if (info && len == sizeof(DWORD))
            memcpy(&g_secure_flags, info, sizeof(DWORD));
        pthread_mutex_unlock(&g_recorder.lock);
    }
}

/* ---- fixture ---- */

static int write_file(int which, const struct cert *c, int key)
{
    FILE *f = fopen(g_path[which], "w");
    int rc = !f || (key ? cert_write_key(c, f) : cert_write(c, f));
    if (f)
        fclose(f);
    return rc;
}

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(65536);
    *size = buf ? fread(buf, 1, 65536, f) : 0;
    fclose(f);
    return buf;
}

static int make_certificates(void)
{
    const long day = 86400;
    struct cert ca, client_ca, server, client, stranger, intermediate, chained;
    struct cert_spec ca_spec = {"Server CA", NULL, NULL, -day, 30 * day, 1, NULL, 1};
    struct cert_spec client_ca_spec = {"Client CA", NULL, NULL, -day, 30 * day, 1, NULL, 2};
    struct cert_spec server_spec = {"server.test", "127.0.0.1", NULL, -day, day, 0, NULL, 3};
    struct cert_spec client_spec = {"client.test", NULL, NULL, -day, day, 0, GNUTLS_KP_TLS_WWW_CLIENT, 4};
    struct cert_spec stranger_spec = {"stranger.test", NULL, NULL, -day, day, 0, GNUTLS_KP_TLS_WWW_CLIENT, 5};
    struct cert_spec intermediate_spec = {"Client Intermediate CA", NULL, NULL, -day, 30 * day, 1, NULL, 6};
    struct cert_spec chained_spec = {"chained.test", NULL, NULL, -day, day, 0, GNUTLS_KP_TLS_WWW_CLIENT, 7};
    if (cert_make(&ca, &ca_spec, NULL) || cert_make(&client_ca, &client_ca_spec, NULL) ||
        cert_make(&server, &server_spec, &ca) || cert_make(&client, &client_spec, &client_ca) ||
        cert_make(&stranger, &stranger_spec, NULL) || cert_make(&intermediate, &intermediate_spec, &client_ca) ||
        cert_make(&chained, &chained_spec, &intermediate))
        return -1;
    int rc = write_file(SERVER_PEM, &server, 0) || write_file(SERVER_KEY, &server, 1) ||
             write_file(TRUST, &ca, 0) || write_file(CLIENT_CA, &client_ca, 0) ||
             write_file(CLIENT_PEM, &client, 0) || write_file(CLIENT_KEY, &client, 1) ||
             write_file(STRANGER_PEM, &stranger, 0) || write_file(STRANGER_KEY, &stranger, 1) ||
             write_file(CHAINED_PEM, &chained, 0) || write_file(CHAINED_KEY, &chained, 1) ||
             write_file(INTERMEDIATE_PEM, &intermediate, 0);
    rc |= gnutls_x509_crt_export2(client.crt, GNUTLS_X509_FMT_DER, &g_client_der) < 0;
    cert_free(&ca);
    cert_free(&client_ca);
    cert_free(&server);
    cert_free(&client);
    cert_free(&stranger);
    cert_free(&intermediate);
    cert_free(&chained);
    return rc;
}

/* The text of files a and b, one after the other. */
static char *pem_of(int a, int b, size_t *size)
{
    size_t na = 0, nb = 0;
    char *ta = read_file(g_path[a], &na), *tb = read_file(g_path[b], &nb);
    char *out = ta && tb ? malloc(na + nb) : NULL;
    if (out) {
        memcpy(out, ta, na);
        memcpy(out + na, tb, nb);
        *size = na + nb;
    }
    free(ta);
    free(tb);
    return out;
}

static int group_setup(void **state)
{
    (void)state;
    static const char *names[FILE_COUNT] = {"server.pem",   "server.key",  "trust.pem",       "client-ca.pem",
                                            "client.pem",   "client.key",  "stranger.pem",    "stranger.key",
                                            "chained.pem",  "chained.key", "intermediate.pem"};
    strcpy(g_dir, "/tmp/winhttp-tlsclient-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    for (int i = 0; i < FILE_COUNT; ++i)
        snprintf(g_path[i], sizeof(g_path[i]), "%s/%s", g_dir, names[i]);
    if (make_certificates())
        return -1;
    g_client_pem = pem_of(CLIENT_PEM, CLIENT_KEY, &g_client_pem_size);
    setenv("SSL_CERT_FILE", g_path[TRUST], 1);
    char empty[128];
    snprintf(empty, sizeof(empty), "%s/empty", g_dir);
    if (mkdir(empty, 0700))
        return -1;
    setenv("SSL_CERT_DIR", empty, 1); /* nothing else trusted */
    return g_client_pem ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(g_client_pem);
    gnutls_free(g_client_der.data);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- servers and requests ---- */

static struct tlsserver *serve(const char *priority, int client_cert)
{
    struct tlsserver_options o = {g_path[SERVER_PEM], g_path[SERVER_KEY], priority, client_cert,
                                  g_path[CLIENT_CA], NULL};
    struct tlsserver *s = tlsserver_start(&o);
    assert_non_null(s);
    return s;
}

struct exchange {
    HINTERNET session, connect, request;
};

static struct exchange open_https(struct tlsserver *srv)
{
    struct exchange x;
    x.session = WinHttpOpen(u"test-tls-client/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    assert_non_null(x.session);
    WinHttpSetStatusCallback(x.session, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    x.connect = WinHttpConnect(x.session, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    assert_non_null(x.connect);
    x.request = WinHttpOpenRequest(x.connect, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    assert_non_null(x.request);
    return x;
}

static void close_exchange(struct exchange *x)
{
    WinHttpCloseHandle(x->request);
    WinHttpCloseHandle(x->connect);
    WinHttpCloseHandle(x->session);
}

static BOOL send_request(HINTERNET r)
{
    recorder_reset();
    pthread_mutex_lock(&g_recorder.lock);
    g_secure_flags = 0;
    g_secure_count = 0;
    pthread_mutex_unlock(&g_recorder.lock);
    SetLastError(0xdeadbeef);
    return WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
}

static void assert_response(HINTERNET r)
{
    assert_true(WinHttpReceiveResponse(r, NULL));
    char body[32] = "";
    DWORD got = 0;
    assert_true(WinHttpReadData(r, body, sizeof(body) - 1, &got));
    assert_string_equal(body, TLSSERVER_BODY);
}

static void assert_client_seen(struct tlsserver *srv, const char *subject)
{
    char seen[512];
    tlsserver_client_subject(srv, seen, sizeof(seen));
    assert_string_equal(seen, subject);
}

static void set_client_pem(HINTERNET h, const char *pem, size_t size)
{
    assert_true(WinHttpSetOption(h, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, (LPVOID)pem, (DWORD)size));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
}

/* The notifications of r, HANDLE_CREATED left out. */
static int statuses_for(HINTERNET h, DWORD *out, int max)
{
    int n = 0;
    pthread_mutex_lock(&g_recorder.lock);
    for (int i = 0; i < g_recorder.count && n < max; ++i)
        if (g_recorder.items[i].handle == h && g_recorder.items[i].status != WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
            out[n++] = g_recorder.items[i].status;
    pthread_mutex_unlock(&g_recorder.lock);
    return n;
}

/* A request stopped at the connection because the server asked for a
 * certificate: connected, no SECURE_FAILURE, nothing sent, `error`. */
static void assert_stopped_for_certificate(struct exchange *x, struct tlsserver *srv, DWORD error)
{
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
    };
    assert_int_equal(GetLastError(), error);
    DWORD got[RECORDER_MAX];
    int n = statuses_for(x->request, got, RECORDER_MAX);
    assert_int_equal(n, 4);
    assert_memory_equal(got, expected, sizeof(expected));
    assert_int_equal(g_secure_count, 0);
    assert_int_equal(tlsserver_requests(srv), 0);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(x->request, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}

/* ---- sending a certificate ---- */

static void check_pem_certificate_sent(const char *priority)
{
    struct tlsserver *srv = serve(priority, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    set_client_pem(x.request, g_client_pem, g_client_pem_size);
    assert_true(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_response(x.request);
    assert_int_equal(tlsserver_requests(srv), 1);
    assert_client_seen(srv, CLIENT_SUBJECT);
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void test_pem_certificate_sent_tls13(void **state)
{
    (void)state;
    check_pem_certificate_sent(SERVER_TLS13);
}

static void test_pem_certificate_sent_tls12(void **state)
{
    (void)state;
    check_pem_certificate_sent(SERVER_TLS12);
}

/* Set on the session, it applies to the session's requests; the key may
 * come before the certificate; a terminating NUL counted in the length is
 * accepted. */
static void test_pem_certificate_on_session(void **state)
{
    (void)state;
    size_t size = 0;
    char *key_first = pem_of(CLIENT_KEY, CLIENT_PEM, &size);
    assert_non_null(key_first);
    key_first = realloc(key_first, size + 1);
    key_first[size] = '\0';
    struct tlsserver *srv = serve(SERVER_TLS13, TLSSERVER_CLIENT_CERT_REQUIRE);
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    set_client_pem(s, key_first, size + 1);
    free(key_first);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    assert_true(send_request(r));
    assert_response(r);
    assert_client_seen(srv, CLIENT_SUBJECT);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    tlsserver_stop(srv);
}

/* A certificate issued by an intermediate CA the server does not know: the
 * intermediate given after it in the PEM text goes along, and the server
 * can chain the certificate to the root it trusts. */
static void test_pem_chain_sent(void **state)
{
    (void)state;
    size_t a = 0, b = 0;
    char *leaf_key = pem_of(CHAINED_PEM, CHAINED_KEY, &a);
    char *inter = read_file(g_path[INTERMEDIATE_PEM], &b);
    assert_non_null(leaf_key);
    assert_non_null(inter);
    char *pem = malloc(a + b);
    memcpy(pem, leaf_key, a);
    memcpy(pem + a, inter, b);
    struct tlsserver *srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    set_client_pem(x.request, pem, a + b);
    assert_true(send_request(x.request));
    assert_response(x.request);
    assert_client_seen(srv, "CN=chained.test,O=WinHTTP Test,C=XX");
    close_exchange(&x);
    tlsserver_stop(srv);
    /* Without the intermediate the server cannot verify it. */
    srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    x = open_https(srv);
    set_client_pem(x.request, leaf_key, a);
    assert_false(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
    assert_client_seen(srv, "");
    close_exchange(&x);
    tlsserver_stop(srv);
    free(pem);
    free(leaf_key);
    free(inter);
}

/* The certificate goes only to a server that asks: one that does not gets
 * none, and the request succeeds. */
static void test_certificate_not_sent_unasked(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(NULL, TLSSERVER_CLIENT_CERT_NONE);
    struct exchange x = open_https(srv);
    set_client_pem(x.request, g_client_pem, g_client_pem_size);
    assert_true(send_request(x.request));
    assert_response(x.request);
    assert_client_seen(srv, "");
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* Decision: a connection that authenticated with a certificate is kept for
 * requests with that same certificate.  A request of the same session
 * without one, or with another, gets a connection of its own, where the
 * server asks again. */
static void test_authenticated_connection_not_shared(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(SERVER_TLS13, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    set_client_pem(x.request, g_client_pem, g_client_pem_size);
    assert_true(send_request(x.request));
    assert_response(x.request);
    /* The same certificate again (a fresh copy of the text): same connection. */
    HINTERNET again = WinHttpOpenRequest(x.connect, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    char *copy = malloc(g_client_pem_size);
    memcpy(copy, g_client_pem, g_client_pem_size);
    set_client_pem(again, copy, g_client_pem_size);
    free(copy);
    assert_true(send_request(again));
    DWORD got[RECORDER_MAX];
    int n = statuses_for(again, got, RECORDER_MAX);
    assert_true(n > 0);
    assert_int_equal(got[0], WINHTTP_CALLBACK_STATUS_SENDING_REQUEST); /* no new connection */
    assert_response(again);
    WinHttpCloseHandle(again);
    /* Without a certificate: a new connection, and the server asks. */
    HINTERNET anonymous = WinHttpOpenRequest(x.connect, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL,
                                             WINHTTP_FLAG_SECURE);
    assert_false(send_request(anonymous));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    WinHttpCloseHandle(anonymous);
    assert_int_equal(tlsserver_requests(srv), 2);
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* ---- no certificate ---- */

/* Windows' flow: the server asks, the request fails with
 * CLIENT_AUTH_CERT_NEEDED, the application sets a certificate and sends
 * again.  With TLS 1.2 and a server that requires the certificate the
 * handshake itself fails without one; the error must be the same. */
static void check_needed_then_sent(const char *priority)
{
    struct tlsserver *srv = serve(priority, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    assert_false(send_request(x.request));
    assert_stopped_for_certificate(&x, srv, ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    set_client_pem(x.request, g_client_pem, g_client_pem_size);
    assert_true(send_request(x.request));
    assert_response(x.request);
    assert_int_equal(tlsserver_requests(srv), 1);
    assert_client_seen(srv, CLIENT_SUBJECT);
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void test_required_certificate_needed_tls13(void **state)
{
    (void)state;
    check_needed_then_sent(SERVER_TLS13);
}

static void test_required_certificate_needed_tls12(void **state)
{
    (void)state;
    check_needed_then_sent(SERVER_TLS12);
}

static void test_optional_certificate_needed_tls12(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUEST);
    struct exchange x = open_https(srv);
    assert_false(send_request(x.request));
    assert_stopped_for_certificate(&x, srv, ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    /* Going on without one: the server lets the client in anonymously. */
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    assert_true(send_request(x.request));
    assert_response(x.request);
    assert_client_seen(srv, "");
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* WINHTTP_NO_CLIENT_CERT_CONTEXT towards a server that requires one: the
 * server refuses.  Decision: with TLS 1.2 the refusal ends the handshake,
 * which is reported as Windows reports a failed handshake (SECURE_FAILURE
 * with SECURITY_CHANNEL_ERROR); with TLS 1.3 the client's side of the
 * handshake is over before the server refuses, so the request may be gone and
 * the server's alert ends the connection: ERROR_WINHTTP_CONNECTION_ERROR,
 * as Windows reports the reset connection it sees there. */
static void test_no_certificate_refused_tls12(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    assert_false(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(g_secure_count, 1);
    assert_int_equal(g_secure_flags, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
    assert_int_equal(tlsserver_requests(srv), 0);
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void test_no_certificate_refused_tls13(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(SERVER_TLS13, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    /* Which call meets the alert depends on when it arrives (measured: both
     * happen), the error does not. */
    if (send_request(x.request)) {
        SetLastError(0xdeadbeef);
        assert_false(WinHttpReceiveResponse(x.request, NULL));
    }
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CONNECTION_ERROR);
    assert_int_equal(g_secure_count, 0);
    assert_int_equal(tlsserver_requests(srv), 0);
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* A certificate the server does not trust: refused like a missing one. */
static void test_untrusted_certificate_refused_tls12(void **state)
{
    (void)state;
    size_t size = 0;
    char *pem = pem_of(STRANGER_PEM, STRANGER_KEY, &size);
    struct tlsserver *srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    set_client_pem(x.request, pem, size);
    free(pem);
    assert_false(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(g_secure_flags, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
    assert_int_equal(tlsserver_requests(srv), 0);
    assert_client_seen(srv, "");
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* Through a CONNECT proxy the handshake runs inside the tunnel: the same
 * request for a certificate, the same answers. */
static void test_through_proxy_tls12(void **state)
{
    (void)state;
    struct connectproxy *px = connectproxy_start();
    assert_non_null(px);
    struct tlsserver *srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    char proxy[64];
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", connectproxy_port(px));
    WCHAR wproxy[64];
    for (size_t i = 0; i <= strlen(proxy); ++i)
        wproxy[i] = (WCHAR)proxy[i];
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, WINHTTP_NO_PROXY_BYPASS, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    assert_false(send_request(r));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    set_client_pem(r, g_client_pem, g_client_pem_size);
    assert_true(send_request(r));
    assert_response(r);
    assert_client_seen(srv, CLIENT_SUBJECT);
    assert_int_equal(connectproxy_tunnels(px, NULL, 0), 2);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    tlsserver_stop(srv);
    connectproxy_stop(px);
}

/* ---- async mode ---- */

static WINHTTP_ASYNC_RESULT g_async_error;
static int g_async_errors;

static void CALLBACK capture_async(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    capture(h, ctx, status, info, len);
    if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
        pthread_mutex_lock(&g_recorder.lock);
        memcpy(&g_async_error, info, sizeof(g_async_error));
        g_async_errors++;
        pthread_mutex_unlock(&g_recorder.lock);
    }
}

/* The TLS 1.2 handshake that fails for want of a certificate, in async
 * mode: REQUEST_ERROR for WinHttpSendRequest with CLIENT_AUTH_CERT_NEEDED,
 * and no SECURE_FAILURE before it. */
static void test_async_certificate_needed_tls12(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    WinHttpSetStatusCallback(s, capture_async, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    pthread_mutex_lock(&g_recorder.lock);
    g_async_errors = 0;
    pthread_mutex_unlock(&g_recorder.lock);
    assert_true(send_request(r));
    int done = 0;
    for (int i = 0; i < 1000 && !done; ++i) {
        pthread_mutex_lock(&g_recorder.lock);
        done = g_async_errors;
        pthread_mutex_unlock(&g_recorder.lock);
        if (!done)
            usleep(10000);
    }
    assert_int_equal(done, 1);
    DWORD got[RECORDER_MAX];
    int n = statuses_for(r, got, RECORDER_MAX);
    assert_true(n >= 2);
    assert_int_equal(got[n - 2], WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER);
    assert_int_equal(got[n - 1], WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(g_secure_count, 0);
    assert_int_equal(g_async_error.dwResult, API_SEND_REQUEST);
    assert_int_equal(g_async_error.dwError, ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    tlsserver_stop(srv);
}

/* ---- CERT_CONTEXT ---- */

/* Natively a CERT_CONTEXT holds only the certificate: setting it works (as
 * on Windows, where the key is looked up only when a server asks), a server
 * that asks makes the request fail with CLIENT_CERT_NO_PRIVATE_KEY, and one
 * that does not ask is not affected. */
static void check_cert_context_without_key(const char *priority, int client_cert)
{
    CERT_CONTEXT ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.dwCertEncodingType = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
    ctx.pbCertEncoded = g_client_der.data;
    ctx.cbCertEncoded = g_client_der.size;
    struct tlsserver *srv = serve(priority, client_cert);
    struct exchange x = open_https(srv);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &ctx, sizeof(ctx)));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    if (client_cert == TLSSERVER_CLIENT_CERT_NONE) {
        assert_true(send_request(x.request));
        assert_response(x.request);
    } else {
        assert_false(send_request(x.request));
        assert_stopped_for_certificate(&x, srv, ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY);
    }
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void test_cert_context_without_key(void **state)
{
    (void)state;
    check_cert_context_without_key(SERVER_TLS13, TLSSERVER_CLIENT_CERT_REQUIRE);
    check_cert_context_without_key(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUIRE);
    check_cert_context_without_key(SERVER_TLS12, TLSSERVER_CLIENT_CERT_REQUEST);
    check_cert_context_without_key(NULL, TLSSERVER_CLIENT_CERT_NONE);
}

/* ---- bad input ---- */

static void expect_set_fails(HINTERNET h, DWORD option, const void *buf, DWORD len, DWORD error)
{
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(h, option, (LPVOID)buf, len));
    assert_int_equal(GetLastError(), error);
}

static void test_bad_certificates_refused(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", 443, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    static const char garbage[] = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
    expect_set_fails(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, garbage, sizeof(garbage) - 1, ERROR_INVALID_PARAMETER);
    expect_set_fails(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, "hello", 5, ERROR_INVALID_PARAMETER);
    /* A certificate without its key. */
    size_t size = 0;
    char *cert_only = read_file(g_path[CLIENT_PEM], &size);
    expect_set_fails(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, cert_only, (DWORD)size,
                     ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY);
    free(cert_only);
    /* Another certificate's key. */
    char *mismatch = pem_of(CLIENT_PEM, STRANGER_KEY, &size);
    expect_set_fails(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, mismatch, (DWORD)size, ERROR_INVALID_PARAMETER);
    free(mismatch);
    /* A key alone. */
    char *key_only = read_file(g_path[CLIENT_KEY], &size);
    expect_set_fails(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, key_only, (DWORD)size, ERROR_INVALID_PARAMETER);
    free(key_only);
    /* NULL with a length; the connect handle; Windows' own numbers. */
    expect_set_fails(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, NULL, 10, ERROR_INVALID_PARAMETER);
    expect_set_fails(c, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, g_client_pem, (DWORD)g_client_pem_size,
                     ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    /* Set only. */
    char buf[16];
    DWORD len = sizeof(buf);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, buf, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INVALID_OPTION);

    /* CERT_CONTEXT: too short, no encoding, not a certificate. */
    CERT_CONTEXT ctx;
    memset(&ctx, 0, sizeof(ctx));
    expect_set_fails(r, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &ctx, sizeof(ctx), ERROR_INVALID_PARAMETER);
    ctx.pbCertEncoded = g_client_der.data;
    ctx.cbCertEncoded = g_client_der.size;
    expect_set_fails(r, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &ctx, sizeof(ctx) - 1, ERROR_INVALID_PARAMETER);
    ctx.cbCertEncoded = 10;
    expect_set_fails(r, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &ctx, sizeof(ctx), ERROR_INVALID_PARAMETER);
    /* Windows allows CLIENT_CERT_CONTEXT on requests only. */
    ctx.cbCertEncoded = g_client_der.size;
    expect_set_fails(s, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &ctx, sizeof(ctx), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* A length of 0 takes the certificate back off: the server's request then
 * fails the request again. */
static void test_pem_cleared_with_zero_length(void **state)
{
    (void)state;
    struct tlsserver *srv = serve(SERVER_TLS13, TLSSERVER_CLIENT_CERT_REQUIRE);
    struct exchange x = open_https(srv);
    set_client_pem(x.request, g_client_pem, g_client_pem_size);
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, g_client_pem, 0));
    assert_false(send_request(x.request));
    assert_stopped_for_certificate(&x, srv, ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    close_exchange(&x);
    tlsserver_stop(srv);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* the servers run in this process */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pem_certificate_sent_tls13),
        cmocka_unit_test(test_pem_certificate_sent_tls12),
        cmocka_unit_test(test_pem_certificate_on_session),
        cmocka_unit_test(test_pem_chain_sent),
        cmocka_unit_test(test_certificate_not_sent_unasked),
        cmocka_unit_test(test_authenticated_connection_not_shared),
        cmocka_unit_test(test_required_certificate_needed_tls13),
        cmocka_unit_test(test_required_certificate_needed_tls12),
        cmocka_unit_test(test_optional_certificate_needed_tls12),
        cmocka_unit_test(test_no_certificate_refused_tls12),
        cmocka_unit_test(test_no_certificate_refused_tls13),
        cmocka_unit_test(test_untrusted_certificate_refused_tls12),
        cmocka_unit_test(test_through_proxy_tls12),
        cmocka_unit_test(test_async_certificate_needed_tls12),
        cmocka_unit_test(test_cert_context_without_key),
        cmocka_unit_test(test_bad_certificates_refused),
        cmocka_unit_test(test_pem_cleared_with_zero_length),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
