/* TLS: server certificate verification against certificates made at test
 * time, served by a GnuTLS server on loopback (tests/support/tlsserver.c).
 * Each failing case asserts the exact SECURE_FAILURE flags, the error
 * ERROR_WINHTTP_SECURE_FAILURE, and that no request went out and no body
 * came back; the SECURITY_FLAG_IGNORE_* flags let exactly their own failure
 * through.  Then protocol versions, the trust store's location
 * (SSL_CERT_FILE / SSL_CERT_DIR), revocation by CRL, client certificate
 * requests, and the TLS options queried after a handshake. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "certgen.h"
#include "connectproxy.h"
#include "wincrypt.h"
#include "cmocka_all.h"
#include "recorder.h"
#include "tlsserver.h"

static char g_dir[64];
static char g_ca_file[128];    /* trusted CAs + the CRL */
static char g_empty_dir[128];  /* SSL_CERT_DIR that adds nothing */
static char g_ca_dir[128];     /* a directory holding the trusted CAs */
static char g_other_file[128]; /* only the untrusted CA */
static time_t g_valid_start, g_valid_end;

/* SECURE_FAILURE payloads seen since the last reset. */
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

static void reset(void)
{
    recorder_reset();
    pthread_mutex_lock(&g_recorder.lock);
    g_secure_flags = 0;
    g_secure_count = 0;
    pthread_mutex_unlock(&g_recorder.lock);
}

/* ---- fixture: the certificates ---- */

enum { SERIAL_REVOKED = 9 };

static void path_of(char *out, size_t size, const char *name, const char *ext)
{
    snprintf(out, size, "%s/%s.%s", g_dir, name, ext);
}

/* Writes name.pem (certificate, then chain) and name.key. */
static int write_server(const char *name, const struct cert *leaf, const struct cert *chain)
{
    char p[160];
    path_of(p, sizeof(p), name, "pem");
    FILE *f = fopen(p, "w");
    int rc = !f || cert_write(leaf, f) || (chain && cert_write(chain, f));
    if (f)
        fclose(f);
    path_of(p, sizeof(p), name, "key");
    f = fopen(p, "w");
    rc |= !f || cert_write_key(leaf, f);
    if (f)
        fclose(f);
    return rc;
}

/* The same certificate with one bit of its signature flipped. */
static int write_tampered(const char *name, const struct cert *leaf)
{
    gnutls_datum_t der, pem;
    if (gnutls_x509_crt_export2(leaf->crt, GNUTLS_X509_FMT_DER, &der) < 0)
        return -1;
    der.data[der.size - 1] ^= 0x01;
    int rc = gnutls_pem_base64_encode2("CERTIFICATE", &der, &pem);
    gnutls_free(der.data);
    if (rc < 0)
        return -1;
    char p[160];
    path_of(p, sizeof(p), name, "pem");
    FILE *f = fopen(p, "w");
    rc = !f || fwrite(pem.data, 1, pem.size, f) != pem.size;
    if (f)
        fclose(f);
    gnutls_free(pem.data);
    path_of(p, sizeof(p), name, "key");
    f = fopen(p, "w");
    rc |= !f || cert_write_key(leaf, f);
    if (f)
        fclose(f);
    return rc;
}

static int make_leaf(const char *name, struct cert_spec spec, const struct cert *issuer)
{
    struct cert leaf;
    if (cert_make(&leaf, &spec, issuer))
        return -1;
    int rc = write_server(name, &leaf, NULL);
    if (!strcmp(name, "valid")) {
        g_valid_start = gnutls_x509_crt_get_activation_time(leaf.crt);
        g_valid_end = gnutls_x509_crt_get_expiration_time(leaf.crt);
    }
    cert_free(&leaf);
    return rc;
}

static int write_trust_files(const struct cert *ca, const struct cert *ca2, const struct cert *other)
{
    static const unsigned revoked[] = {SERIAL_REVOKED};
    char p[160];
    FILE *f = fopen(g_ca_file, "w");
    int rc = !f || cert_write(ca, f) || cert_write(ca2, f) || crl_write(ca, revoked, 1, f);
    if (f)
        fclose(f);
    snprintf(p, sizeof(p), "%s/cas.pem", g_ca_dir);
    f = fopen(p, "w");
    rc |= !f || cert_write(ca, f) || cert_write(ca2, f);
    if (f)
        fclose(f);
    f = fopen(g_other_file, "w");
    rc |= !f || cert_write(other, f);
    if (f)
        fclose(f);
    return rc;
}

static int make_certificates(void)
{
    const long day = 86400;
    struct cert ca, ca2, other;
    struct cert_spec ca_spec = {"Test Root CA", NULL, NULL, -day, 30 * day, 1, NULL, 1};
    struct cert_spec ca2_spec = {"Test Root CA without CRL", NULL, NULL, -day, 30 * day, 1, NULL, 100};
    struct cert_spec other_spec = {"Untrusted CA", NULL, NULL, -day, 30 * day, 1, NULL, 200};
    if (cert_make(&ca, &ca_spec, NULL) || cert_make(&ca2, &ca2_spec, NULL) ||
        cert_make(&other, &other_spec, NULL))
        return -1;
    int rc = write_trust_files(&ca, &ca2, &other);
    struct cert_spec s = {"valid.test", "127.0.0.1", "valid.test", -day, day, 0, NULL, 0x0102};
    rc |= make_leaf("valid", s, &ca);
    s = (struct cert_spec){"expired.test", "127.0.0.1", NULL, -2 * day, -day, 0, NULL, 3};
    rc |= make_leaf("expired", s, &ca);
    s = (struct cert_spec){"future.test", "127.0.0.1", NULL, day, 2 * day, 0, NULL, 4};
    rc |= make_leaf("notyet", s, &ca);
    s = (struct cert_spec){"wrong.test", "127.0.0.2", "wrong.test", -day, day, 0, NULL, 5};
    rc |= make_leaf("wrongname", s, &ca);
    s = (struct cert_spec){"unknown.test", "127.0.0.1", NULL, -day, day, 0, NULL, 6};
    rc |= make_leaf("unknownca", s, &other);
    s = (struct cert_spec){"self.test", "127.0.0.1", NULL, -day, day, 0, NULL, 7};
    rc |= make_leaf("selfsigned", s, NULL);
    s = (struct cert_spec){"client.test", "127.0.0.1", NULL, -day, day, 0, GNUTLS_KP_TLS_WWW_CLIENT, 8};
    rc |= make_leaf("wrongusage", s, &ca);
    s = (struct cert_spec){"revoked.test", "127.0.0.1", NULL, -day, day, 0, NULL, SERIAL_REVOKED};
    rc |= make_leaf("revoked", s, &ca);
    s = (struct cert_spec){"nocrl.test", "127.0.0.1", NULL, -day, day, 0, NULL, 10};
    rc |= make_leaf("nocrl", s, &ca2);
    s = (struct cert_spec){"tampered.test", "127.0.0.1", NULL, -day, day, 0, NULL, 11};
    struct cert tampered;
    rc |= cert_make(&tampered, &s, &ca) || write_tampered("tampered", &tampered);
    cert_free(&tampered);
    cert_free(&ca);
    cert_free(&ca2);
    cert_free(&other);
    return rc;
}

static void use_test_store(void)
{
    setenv("SSL_CERT_FILE", g_ca_file, 1);
    setenv("SSL_CERT_DIR", g_empty_dir, 1);
}

static int group_setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/winhttp-tls-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    snprintf(g_ca_file, sizeof(g_ca_file), "%s/ca.pem", g_dir);
    snprintf(g_other_file, sizeof(g_other_file), "%s/other.pem", g_dir);
    snprintf(g_empty_dir, sizeof(g_empty_dir), "%s/empty", g_dir);
    snprintf(g_ca_dir, sizeof(g_ca_dir), "%s/cadir", g_dir);
    if (mkdir(g_empty_dir, 0700) || mkdir(g_ca_dir, 0700) || make_certificates())
        return -1;
    use_test_store();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- servers and requests ---- */

static struct tlsserver *serve_with(const char *name, const char *priority, int client_cert)
{
    char cert[160], key[160];
    path_of(cert, sizeof(cert), name, "pem");
    path_of(key, sizeof(key), name, "key");
    struct tlsserver_options o = {cert, key, priority, client_cert, NULL, NULL};
    struct tlsserver *s = tlsserver_start(&o);
    assert_non_null(s);
    return s;
}

static struct tlsserver *serve(const char *name) { return serve_with(name, NULL, 0); }

struct request_setup {
    DWORD security_flags;      /* WINHTTP_OPTION_SECURITY_FLAGS, if nonzero */
    int revocation;            /* WINHTTP_ENABLE_SSL_REVOCATION */
    DWORD protocols;           /* WINHTTP_OPTION_SECURE_PROTOCOLS, if nonzero */
};

struct exchange {
    HINTERNET session, connect, request;
};

static struct exchange open_https(struct tlsserver *srv, const struct request_setup *setup)
{
    struct exchange x;
    x.session = WinHttpOpen(u"test-tls/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    assert_non_null(x.session);
    WinHttpSetStatusCallback(x.session, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    if (setup && setup->protocols)
        assert_true(WinHttpSetOption(x.session, WINHTTP_OPTION_SECURE_PROTOCOLS, (LPVOID)&setup->protocols,
                                     sizeof(DWORD)));
    x.connect = WinHttpConnect(x.session, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    assert_non_null(x.connect);
    x.request = WinHttpOpenRequest(x.connect, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    assert_non_null(x.request);
    if (setup && setup->security_flags)
        assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_SECURITY_FLAGS, (LPVOID)&setup->security_flags,
                                     sizeof(DWORD)));
    if (setup && setup->revocation) {
        DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
        assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof(f)));
    }
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
    reset();
    SetLastError(0xdeadbeef);
    return WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
}

/* Receives the response and asserts it is the server's, body included. */
static void assert_response(HINTERNET r)
{
    assert_true(WinHttpReceiveResponse(r, NULL));
    char body[32] = "";
    DWORD got = 0;
    assert_true(WinHttpReadData(r, body, sizeof(body) - 1, &got));
    assert_int_equal(got, strlen(TLSSERVER_BODY));
    assert_string_equal(body, TLSSERVER_BODY);
}

/* Asserts that the last SendRequest on r failed as a secure failure with
 * exactly `flags`, and that nothing of a response can be had. */
static void assert_refused_after(HINTERNET r, struct tlsserver *srv, DWORD flags, int requests_before)
{
    assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(g_secure_count, 1);
    assert_int_equal(g_secure_flags, flags);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    char buf[16];
    DWORD got = 0xdeadbeef;
    assert_false(WinHttpReadData(r, buf, sizeof(buf), &got));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(tlsserver_requests(srv), requests_before); /* the request never left */
}

static void assert_refused(HINTERNET r, struct tlsserver *srv, DWORD flags)
{
    assert_refused_after(r, srv, flags, 0);
}

/* The notifications r got, HANDLE_CREATED left out. */
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

/* A fresh connection refused: the TCP connection is reported, then the
 * secure failure, and nothing of sending. */
static void assert_fresh_refusal_sequence(HINTERNET r)
{
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SECURE_FAILURE,
    };
    DWORD got[RECORDER_MAX];
    int n = statuses_for(r, got, RECORDER_MAX);
    assert_int_equal(n, 5);
    assert_memory_equal(got, expected, sizeof(expected));
}

/* A fresh server with certificate `name`, a request with default settings:
 * refused with exactly `flags`, after the usual connection notifications. */
static void check_refused(const char *name, DWORD flags, const struct request_setup *setup)
{
    struct tlsserver *srv = serve(name);
    struct exchange x = open_https(srv, setup);
    assert_false(send_request(x.request));
    assert_fresh_refusal_sequence(x.request);
    assert_refused(x.request, srv, flags);
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void check_accepted(const char *name, const struct request_setup *setup)
{
    struct tlsserver *srv = serve(name);
    struct exchange x = open_https(srv, setup);
    assert_true(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(g_secure_count, 0);
    assert_response(x.request);
    assert_int_equal(tlsserver_requests(srv), 1);
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* ---- the certificate cases ---- */

static void test_valid_certificate_is_accepted(void **state)
{
    (void)state;
    check_accepted("valid", NULL);
}

static void test_expired(void **state)
{
    (void)state;
    check_refused("expired", WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, NULL);
}

static void test_not_yet_valid(void **state)
{
    (void)state;
    check_refused("notyet", WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, NULL);
}

static void test_wrong_name(void **state)
{
    (void)state;
    check_refused("wrongname", WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID, NULL);
}

static void test_unknown_ca(void **state)
{
    (void)state;
    check_refused("unknownca", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, NULL);
}

static void test_self_signed(void **state)
{
    (void)state;
    /* Windows reports an untrusted root for a self-signed certificate. */
    check_refused("selfsigned", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, NULL);
}

static void test_wrong_usage(void **state)
{
    (void)state;
    /* Extended key usage "TLS client" only: not for a server. */
    check_refused("wrongusage", WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE, NULL);
}

static void test_bad_signature_is_invalid_cert(void **state)
{
    (void)state;
    check_refused("tampered", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT, NULL);
}

static void test_revoked_with_revocation_checks(void **state)
{
    (void)state;
    struct request_setup s = {0, 1, 0};
    check_refused("revoked", WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, &s);
}

static void test_revoked_passes_without_revocation_checks(void **state)
{
    (void)state;
    /* Windows checks revocation only when WINHTTP_ENABLE_SSL_REVOCATION is on. */
    check_accepted("revoked", NULL);
}

static void test_valid_with_revocation_checks(void **state)
{
    (void)state;
    struct request_setup s = {0, 1, 0};
    check_accepted("valid", &s);
}

static void test_no_crl_is_revocation_failure(void **state)
{
    (void)state;
    /* Decision: no usable CRL of the issuer counts as "revocation server
     * offline", Windows' CERT_REV_FAILED. */
    struct request_setup s = {0, 1, 0};
    check_refused("nocrl", WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED, &s);
}

static void test_revoked_cannot_be_ignored(void **state)
{
    (void)state;
    struct request_setup s = {SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS, 1, 0};
    check_refused("revoked", WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, &s);
    check_refused("nocrl", WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED, &s);
}

/* ---- SECURITY_FLAG_IGNORE_*: each lets exactly its own failure through ---- */

static void test_ignore_flags_one_by_one(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        DWORD failure;
        DWORD ignore;
    } cases[] = {
        {"expired", WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID},
        {"notyet", WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID},
        {"wrongname", WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID, SECURITY_FLAG_IGNORE_CERT_CN_INVALID},
        {"unknownca", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, SECURITY_FLAG_IGNORE_UNKNOWN_CA},
        {"selfsigned", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, SECURITY_FLAG_IGNORE_UNKNOWN_CA},
        {"wrongusage", WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE, SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE},
        {"tampered", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT, 0},
    };
    static const DWORD ignores[] = {
        SECURITY_FLAG_IGNORE_UNKNOWN_CA, SECURITY_FLAG_IGNORE_CERT_CN_INVALID,
        SECURITY_FLAG_IGNORE_CERT_DATE_INVALID, SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE,
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); ++c) {
        struct tlsserver *srv = serve(cases[c].name);
        int answered = 0;
        for (size_t i = 0; i < sizeof(ignores) / sizeof(ignores[0]); ++i) {
            struct request_setup s = {ignores[i], 0, 0};
            struct exchange x = open_https(srv, &s);
            BOOL ok = send_request(x.request);
            if (ignores[i] == cases[c].ignore) {
                if (!ok)
                    fail_msg("%s: 0x%x should pass, error %u", cases[c].name, (unsigned)ignores[i],
                             (unsigned)GetLastError());
                assert_int_equal(g_secure_count, 0);
                assert_response(x.request);
                answered++;
            } else {
                if (ok)
                    fail_msg("%s: 0x%x should not pass", cases[c].name, (unsigned)ignores[i]);
                assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
                assert_int_equal(g_secure_flags, cases[c].failure);
            }
            assert_int_equal(tlsserver_requests(srv), answered);
            close_exchange(&x);
        }
        tlsserver_stop(srv);
    }
}

static void test_ignore_all_lets_every_ignorable_failure_through(void **state)
{
    (void)state;
    static const char *names[] = {"expired", "notyet", "wrongname", "unknownca", "selfsigned", "wrongusage"};
    struct request_setup s = {SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS, 0, 0};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i)
        check_accepted(names[i], &s);
    /* A broken signature is not a certificate error one may ignore. */
    check_refused("tampered", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT, &s);
}

static void test_resend_with_the_reported_flags_ignored(void **state)
{
    (void)state;
    /* The usual application pattern: read the flags from SECURE_FAILURE,
     * decide to ignore them, send the same request again. */
    struct tlsserver *srv = serve("selfsigned");
    struct exchange x = open_https(srv, NULL);
    assert_false(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(g_secure_flags, WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA);
    DWORD flags = SECURITY_FLAG_IGNORE_UNKNOWN_CA;
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)));
    assert_true(send_request(x.request));
    assert_int_equal(g_secure_count, 0);
    assert_response(x.request);
    assert_int_equal(tlsserver_requests(srv), 1);
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void test_reused_connection_is_checked_again(void **state)
{
    (void)state;
    /* The first request lets the expired certificate through; the second,
     * without the flag, gets the same kept-alive connection and must still
     * be refused. */
    struct tlsserver *srv = serve("expired");
    struct request_setup lax = {SECURITY_FLAG_IGNORE_CERT_DATE_INVALID, 0, 0};
    struct exchange a = open_https(srv, &lax);
    assert_true(send_request(a.request));
    assert_response(a.request);
    struct exchange b = open_https(srv, NULL);
    assert_false(send_request(b.request));
    DWORD got[RECORDER_MAX];
    int n = statuses_for(b.request, got, RECORDER_MAX);
    assert_int_equal(n, 1); /* reused: no resolve/connect notifications */
    assert_int_equal(got[0], WINHTTP_CALLBACK_STATUS_SECURE_FAILURE);
    assert_refused_after(b.request, srv, WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, 1);
    close_exchange(&b);
    close_exchange(&a);
    tlsserver_stop(srv);
}

/* ---- where trusted CAs come from ---- */

static void test_default_store_does_not_trust_test_ca(void **state)
{
    (void)state;
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    check_refused("valid", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, NULL);
    use_test_store();
}

static void test_ssl_cert_dir_adds_cas(void **state)
{
    (void)state;
    char missing[160];
    snprintf(missing, sizeof(missing), "%s/no-such-file.pem", g_dir);
    setenv("SSL_CERT_FILE", missing, 1);
    setenv("SSL_CERT_DIR", g_ca_dir, 1);
    check_accepted("valid", NULL);
    use_test_store();
}

static void test_ssl_cert_file_replaces_bundle(void **state)
{
    (void)state;
    setenv("SSL_CERT_FILE", g_other_file, 1);
    check_refused("valid", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, NULL);
    check_accepted("unknownca", NULL);
    use_test_store();
}

static void copy_file(const char *from, const char *to)
{
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
}

static void test_changed_store_is_read_again(void **state)
{
    (void)state;
    /* Like update-ca-certificates rewriting the bundle while a program runs. */
    char store[160];
    snprintf(store, sizeof(store), "%s/store.pem", g_dir);
    copy_file(g_ca_file, store);
    setenv("SSL_CERT_FILE", store, 1);
    check_accepted("valid", NULL);
    copy_file(g_other_file, store);
    check_refused("valid", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, NULL);
    use_test_store();
}

/* ---- protocol versions ---- */

#define SERVER_TLS12 "NORMAL:-VERS-ALL:+VERS-TLS1.2"
#define SERVER_TLS13 "NORMAL:-VERS-ALL:+VERS-TLS1.3"

static void check_protocols(const char *server_priority, DWORD protocols, int expect_ok)
{
    struct tlsserver *srv = serve_with("valid", server_priority, 0);
    struct request_setup s = {0, 0, protocols};
    struct exchange x = open_https(srv, &s);
    BOOL ok = send_request(x.request);
    if (expect_ok) {
        assert_true(ok);
        assert_response(x.request);
    } else {
        assert_false(ok);
        assert_fresh_refusal_sequence(x.request);
        assert_refused(x.request, srv, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
    }
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void test_default_protocols_are_tls12_and_tls13(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    DWORD v = 0, len = sizeof(v);
    assert_true(WinHttpQueryOption(s, WINHTTP_OPTION_SECURE_PROTOCOLS, &v, &len));
    /* Decision (project): TLS 1.2 and 1.3 by default. */
    assert_int_equal(v, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    WinHttpCloseHandle(s);
    check_protocols(SERVER_TLS12, 0, 1);
    check_protocols(SERVER_TLS13, 0, 1);
}

static void test_protocol_mismatch_is_channel_error(void **state)
{
    (void)state;
    check_protocols(SERVER_TLS12, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3, 0);
    check_protocols(SERVER_TLS13, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2, 0);
    check_protocols(SERVER_TLS12, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2, 1);
    check_protocols(SERVER_TLS13, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3, 1);
}

static void test_protocol_set_with_a_hole(void **state)
{
    (void)state;
    /* TLS 1.1 and 1.3 but not 1.2: a TLS 1.2-only server is refused even
     * though curl can only be given the range 1.1-1.3. */
    check_protocols(SERVER_TLS12, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3, 0);
}

static void test_ssl3_only_cannot_connect(void **state)
{
    (void)state;
    /* Decision: SSL 2/3 are not available; a set without any TLS version
     * fails at the handshake as a secure channel error. */
    check_protocols(NULL, WINHTTP_FLAG_SECURE_PROTOCOL_SSL3, 0);
}

/* ---- client certificates ---- */

static void test_client_certificate_requested(void **state)
{
    (void)state;
    struct tlsserver *srv = serve_with("valid", NULL, 1);
    struct exchange x = open_https(srv, NULL);
    assert_false(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    assert_int_equal(g_secure_count, 0);
    assert_int_equal(tlsserver_requests(srv), 0);

    /* (Sending a certificate: tests/test_tls_client.c.)  An empty context
     * is no certificate ... */
    CERT_CONTEXT empty;
    memset(&empty, 0, sizeof(empty));
    SetLastError(0xdeadbeef);
    assert_false(WinHttpSetOption(x.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &empty, sizeof(empty)));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    /* ... going on without one works. */
    assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    assert_true(send_request(x.request));
    assert_response(x.request);
    assert_int_equal(tlsserver_requests(srv), 1);
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* ---- options after the handshake ---- */

static void test_security_flags_and_key_bitness(void **state)
{
    (void)state;
    struct tlsserver *srv = serve_with("valid", "NORMAL:-CIPHER-ALL:+AES-128-GCM", 0);
    struct request_setup s = {SECURITY_FLAG_IGNORE_CERT_CN_INVALID, 0, 0};
    struct exchange x = open_https(srv, &s);
    DWORD v = 0, len = sizeof(v);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_FLAGS, &v, &len));
    assert_int_equal(v, SECURITY_FLAG_IGNORE_CERT_CN_INVALID);
    len = sizeof(v);
    assert_false(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &v, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    assert_true(send_request(x.request));
    assert_response(x.request);
    len = sizeof(v);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_FLAGS, &v, &len));
    assert_int_equal(v, SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_STRONG | SECURITY_FLAG_IGNORE_CERT_CN_INVALID);
    len = sizeof(v);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &v, &len));
    assert_int_equal(len, sizeof(DWORD));
    assert_int_equal(v, 128);
    close_exchange(&x);
    tlsserver_stop(srv);

    srv = serve_with("valid", "NORMAL:-CIPHER-ALL:+AES-256-GCM", 0);
    x = open_https(srv, NULL);
    assert_true(send_request(x.request));
    len = sizeof(v);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &v, &len));
    assert_int_equal(v, 256);
    close_exchange(&x);
    tlsserver_stop(srv);
}

static void assert_wide(const WCHAR *w, const char *s)
{
    assert_non_null(w);
    size_t i = 0;
    for (; s[i]; ++i)
        if (w[i] != (WCHAR)(unsigned char)s[i])
            fail_msg("mismatch at %zu in \"%s\"", i, s);
    assert_int_equal(w[i], 0);
}

static void assert_filetime(FILETIME ft, time_t t)
{
    unsigned long long ticks = ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    assert_int_equal(ticks, ((unsigned long long)t + 11644473600ULL) * 10000000ULL);
}

static void test_certificate_struct(void **state)
{
    (void)state;
    struct tlsserver *srv = serve_with("valid", "NORMAL:-CIPHER-ALL:+AES-128-GCM", 0);
    struct exchange x = open_https(srv, NULL);
    WINHTTP_CERTIFICATE_INFO info;
    DWORD len = sizeof(info);
    assert_false(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(send_request(x.request));

    len = 4;
    assert_false(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, sizeof(WINHTTP_CERTIFICATE_INFO));

    memset(&info, 0xcc, sizeof(info));
    len = sizeof(info);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &len));
    assert_int_equal(len, sizeof(info));
    assert_wide(info.lpszSubjectInfo, "XX\r\nWinHTTP Test\r\nvalid.test");
    assert_wide(info.lpszIssuerInfo, "XX\r\nWinHTTP Test\r\nTest Root CA");
    assert_filetime(info.ftStart, g_valid_start);
    assert_filetime(info.ftExpiry, g_valid_end);
    /* Documented as never set. */
    assert_null(info.lpszProtocolName);
    assert_null(info.lpszSignatureAlgName);
    assert_null(info.lpszEncryptionAlgName);
    assert_int_equal(info.dwKeySize, 128);
    LocalFree(info.lpszSubjectInfo);
    LocalFree(info.lpszIssuerInfo);
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* The DER of the certificate in name.pem (the first one). */
static gnutls_datum_t der_of(const char *name)
{
    char p[160];
    path_of(p, sizeof(p), name, "pem");
    gnutls_datum_t pem, der = {NULL, 0};
    assert_int_equal(gnutls_load_file(p, &pem), 0);
    gnutls_x509_crt_t crt;
    assert_int_equal(gnutls_x509_crt_init(&crt), 0);
    assert_int_equal(gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM), 0);
    assert_int_equal(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der), 0);
    gnutls_x509_crt_deinit(crt);
    gnutls_free(pem.data);
    return der;
}

static void test_server_cert_context(void **state)
{
    (void)state;
    struct tlsserver *srv = serve("valid");
    struct exchange x = open_https(srv, NULL);
    PCCERT_CONTEXT ctx = NULL;
    DWORD len = sizeof(ctx);
    assert_false(WinHttpQueryOption(x.request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &ctx, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(send_request(x.request));
    len = 4;
    assert_false(WinHttpQueryOption(x.request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &ctx, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, sizeof(PCCERT_CONTEXT));
    len = sizeof(ctx);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &ctx, &len));
    assert_int_equal(len, sizeof(PCCERT_CONTEXT));
    assert_non_null(ctx);

    /* The encoded certificate is the server's, byte for byte. */
    gnutls_datum_t der = der_of("valid");
    assert_int_equal(ctx->dwCertEncodingType, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING);
    assert_int_equal(ctx->cbCertEncoded, der.size);
    assert_memory_equal(ctx->pbCertEncoded, der.data, der.size);

    /* CERT_INFO as Windows decodes it: v3, little-endian serial, DER names. */
    gnutls_x509_crt_t crt;
    assert_int_equal(gnutls_x509_crt_init(&crt), 0);
    assert_int_equal(gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER), 0);
    const CERT_INFO *ci = ctx->pCertInfo;
    assert_non_null(ci);
    assert_int_equal(ci->dwVersion, CERT_V3);
    static const BYTE serial_le[] = {0x02, 0x01}; /* serial 0x0102 */
    assert_int_equal(ci->SerialNumber.cbData, 2);
    assert_memory_equal(ci->SerialNumber.pbData, serial_le, 2);
    gnutls_datum_t name;
    assert_int_equal(gnutls_x509_crt_get_raw_dn(crt, &name), 0);
    assert_int_equal(ci->Subject.cbData, name.size);
    assert_memory_equal(ci->Subject.pbData, name.data, name.size);
    gnutls_free(name.data);
    assert_int_equal(gnutls_x509_crt_get_raw_issuer_dn(crt, &name), 0);
    assert_int_equal(ci->Issuer.cbData, name.size);
    assert_memory_equal(ci->Issuer.pbData, name.data, name.size);
    gnutls_free(name.data);
    assert_filetime(ci->NotBefore, g_valid_start);
    assert_filetime(ci->NotAfter, g_valid_end);
    assert_string_equal(ci->SignatureAlgorithm.pszObjId, "1.2.840.10045.4.3.2"); /* ecdsa-with-SHA256 */
    assert_string_equal(ci->SubjectPublicKeyInfo.Algorithm.pszObjId, "1.2.840.10045.2.1"); /* EC key */
    /* The curve (P-256) as a DER OID; the key as an uncompressed point. */
    static const BYTE p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    assert_int_equal(ci->SubjectPublicKeyInfo.Algorithm.Parameters.cbData, sizeof(p256));
    assert_memory_equal(ci->SubjectPublicKeyInfo.Algorithm.Parameters.pbData, p256, sizeof(p256));
    assert_int_equal(ci->SubjectPublicKeyInfo.PublicKey.cbData, 65);
    assert_int_equal(ci->SubjectPublicKeyInfo.PublicKey.pbData[0], 0x04);
    assert_int_equal(ci->SubjectPublicKeyInfo.PublicKey.cUnusedBits, 0);
    /* basicConstraints, keyUsage, extKeyUsage, subjectAltName, both key ids. */
    assert_int_equal(ci->cExtension, 6);
    int saw_san = 0;
    for (DWORD i = 0; i < ci->cExtension; ++i)
        saw_san |= !strcmp(ci->rgExtension[i].pszObjId, "2.5.29.17");
    assert_true(saw_san);
    gnutls_x509_crt_deinit(crt);
    gnutls_free(der.data);

    /* Each query hands out a new context; each is freed once. */
    PCCERT_CONTEXT second = NULL;
    len = sizeof(second);
    assert_true(WinHttpQueryOption(x.request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &second, &len));
    assert_ptr_not_equal(second, ctx);
    assert_true(CertFreeCertificateContext(ctx));
    assert_true(CertFreeCertificateContext(second));
    SetLastError(0xdeadbeef);
    assert_false(CertFreeCertificateContext(ctx));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_true(CertFreeCertificateContext(NULL));
    close_exchange(&x);
    tlsserver_stop(srv);
}

/* ---- HTTPS through a named HTTP proxy ---- */

static void to_wide(const char *s, WCHAR *out)
{
    while ((*out++ = (WCHAR)(unsigned char)*s++))
        ;
}

/* A GET of https://127.0.0.1:<srv>/ in a session with the given proxy. */
static BOOL fetch_via(const char *proxy, const char *bypass, struct tlsserver *srv, HINTERNET *out_request,
                      struct exchange *x)
{
    WCHAR wproxy[128], wbypass[128];
    to_wide(proxy, wproxy);
    to_wide(bypass ? bypass : "", wbypass);
    x->session = WinHttpOpen(u"test-tls/1.0", WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy,
                             bypass ? wbypass : WINHTTP_NO_PROXY_BYPASS, 0);
    assert_non_null(x->session);
    WinHttpSetStatusCallback(x->session, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    x->connect = WinHttpConnect(x->session, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    x->request = WinHttpOpenRequest(x->connect, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    assert_non_null(x->request);
    *out_request = x->request;
    return send_request(x->request);
}

static void test_https_through_named_proxy(void **state)
{
    (void)state;
    /* Every case has its own server, all alive until the end: a port freed
     * and handed out again could match a connection still pooled. */
    struct connectproxy *px = connectproxy_start();
    assert_non_null(px);
    struct tlsserver *direct = serve("valid"), *named = serve("valid"), *bypassed = serve("valid"),
                     *expired = serve("expired");
    char proxy[64], target[128], expected[64], list[160];
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", connectproxy_port(px));
    snprintf(expected, sizeof(expected), "127.0.0.1:%d", tlsserver_port(direct));
    HINTERNET r;
    struct exchange x;

    assert_true(fetch_via(proxy, NULL, direct, &r, &x));
    assert_response(r);
    assert_int_equal(connectproxy_tunnels(px, target, sizeof(target)), 1);
    assert_string_equal(target, expected);
    close_exchange(&x);

    /* A scheme-specific entry wins; the "http://" prefix is allowed. */
    snprintf(list, sizeof(list), "http=127.0.0.1:1 https=http://%s", proxy);
    assert_true(fetch_via(list, NULL, named, &r, &x));
    assert_response(r);
    assert_int_equal(connectproxy_tunnels(px, NULL, 0), 2);
    close_exchange(&x);

    /* The bypass list sends the request direct. */
    assert_true(fetch_via(proxy, "*.example;127.0.0.*", bypassed, &r, &x));
    assert_response(r);
    assert_int_equal(connectproxy_tunnels(px, NULL, 0), 2);
    assert_int_equal(tlsserver_requests(bypassed), 1);
    close_exchange(&x);

    /* Through the tunnel the certificate is checked as always. */
    assert_false(fetch_via(proxy, NULL, expired, &r, &x));
    /* The tunnel opened, then the connection was refused: the CONNECT
     * exchange with the proxy is not the request. */
    DWORD got[RECORDER_MAX];
    int n = statuses_for(r, got, RECORDER_MAX);
    for (int i = 0; i < n; ++i)
        assert_true(got[i] != WINHTTP_CALLBACK_STATUS_SENDING_REQUEST && got[i] != WINHTTP_CALLBACK_STATUS_REQUEST_SENT);
    assert_refused(r, expired, WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID);
    assert_int_equal(connectproxy_tunnels(px, NULL, 0), 3);
    close_exchange(&x);

    tlsserver_stop(direct);
    tlsserver_stop(named);
    tlsserver_stop(bypassed);
    tlsserver_stop(expired);
    connectproxy_stop(px);
}

static void test_plain_http_has_no_tls_information(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, 0);
    DWORD v = 0, len = sizeof(v);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_SECURITY_FLAGS, &v, &len));
    assert_int_equal(v, 0);
    len = sizeof(v);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &v, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    void *ctx = NULL;
    len = sizeof(ctx);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &ctx, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WINHTTP_CERTIFICATE_INFO info;
    len = sizeof(info);
    assert_false(WinHttpQueryOption(r, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* Known TLS options not implemented yet: a clear error. */
    static const DWORD not_yet[] = {WINHTTP_OPTION_SECURITY_INFO, WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT,
                                    WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST};
    for (size_t i = 0; i < sizeof(not_yet) / sizeof(not_yet[0]); ++i) {
        char buf[64];
        len = sizeof(buf);
        SetLastError(0xdeadbeef);
        assert_false(WinHttpQueryOption(r, not_yet[i], buf, &len));
        assert_int_equal(GetLastError(), ERROR_CALL_NOT_IMPLEMENTED);
    }
    /* Options that belong to requests only. */
    len = sizeof(v);
    assert_false(WinHttpQueryOption(s, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &v, &len));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
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

/* In async mode the refusal is SECURE_FAILURE (the flags) and then
 * REQUEST_ERROR for WinHttpSendRequest with ERROR_WINHTTP_SECURE_FAILURE. */
static void test_async_refusal_ends_in_request_error(void **state)
{
    (void)state;
    struct tlsserver *srv = serve("expired");
    HINTERNET s = WinHttpOpen(u"test-tls-async/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    WinHttpSetStatusCallback(s, capture_async, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(srv), 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/", NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    reset();
    pthread_mutex_lock(&g_recorder.lock);
    g_async_errors = 0;
    pthread_mutex_unlock(&g_recorder.lock);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
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
    assert_int_equal(got[n - 2], WINHTTP_CALLBACK_STATUS_SECURE_FAILURE);
    assert_int_equal(got[n - 1], WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    assert_int_equal(g_secure_flags, WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID);
    assert_int_equal(g_async_error.dwResult, API_SEND_REQUEST);
    assert_int_equal(g_async_error.dwError, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(tlsserver_requests(srv), 0);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    tlsserver_stop(srv);
}

/* ---- HTTP/2 (nghttpd from Debian's nghttp2-server, if installed) ---- */

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static int can_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static pid_t start_nghttpd(int port)
{
    char cert[160], key[160], port_text[16];
    path_of(cert, sizeof(cert), "valid", "pem");
    path_of(key, sizeof(key), "valid", "key");
    snprintf(port_text, sizeof(port_text), "%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 1);
        dup2(null, 2);
        execlp("nghttpd", "nghttpd", "-a", "127.0.0.1", "-d", g_dir, port_text, key, cert, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500 && pid > 0; ++i) {
        if (can_connect(port))
            return pid;
        usleep(10000);
    }
    if (pid > 0)
        kill(pid, SIGKILL);
    return -1;
}

static void test_http2_when_enabled(void **state)
{
    (void)state;
    if (system("command -v nghttpd >/dev/null 2>&1") != 0)
        skip(); /* tools/install-deps installs nghttp2-server */
    char file[160];
    snprintf(file, sizeof(file), "%s/h2.txt", g_dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("served over HTTP/2\n", f);
    fclose(f);
    int port = free_port();
    pid_t server = start_nghttpd(port);
    assert_true(server > 0);

    HINTERNET s = WinHttpOpen(u"test-h2/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)port, 0);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", u"/h2.txt", NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    DWORD h2 = WINHTTP_PROTOCOL_FLAG_HTTP2;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &h2, sizeof(h2)));
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    DWORD used = 0, size = sizeof(used);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_HTTP_PROTOCOL_USED, &used, &size));
    assert_int_equal(used, WINHTTP_PROTOCOL_FLAG_HTTP2);
    DWORD code = 0;
    size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    assert_int_equal(code, 200);
    char body[64] = {0};
    DWORD got = 0;
    assert_true(WinHttpReadData(r, body, sizeof(body) - 1, &got));
    assert_string_equal(body, "served over HTTP/2\n");
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
}

int main(void)
{
    /* The servers run in this process: a client that hangs up while a
     * server thread writes must not kill the test (GnuTLS sends without
     * MSG_NOSIGNAL). */
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_certificate_is_accepted),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_not_yet_valid),
        cmocka_unit_test(test_wrong_name),
        cmocka_unit_test(test_unknown_ca),
        cmocka_unit_test(test_self_signed),
        cmocka_unit_test(test_wrong_usage),
        cmocka_unit_test(test_bad_signature_is_invalid_cert),
        cmocka_unit_test(test_revoked_with_revocation_checks),
        cmocka_unit_test(test_revoked_passes_without_revocation_checks),
        cmocka_unit_test(test_valid_with_revocation_checks),
        cmocka_unit_test(test_no_crl_is_revocation_failure),
        cmocka_unit_test(test_revoked_cannot_be_ignored),
        cmocka_unit_test(test_ignore_flags_one_by_one),
        cmocka_unit_test(test_ignore_all_lets_every_ignorable_failure_through),
        cmocka_unit_test(test_resend_with_the_reported_flags_ignored),
        cmocka_unit_test(test_reused_connection_is_checked_again),
        cmocka_unit_test(test_default_store_does_not_trust_test_ca),
        cmocka_unit_test(test_ssl_cert_dir_adds_cas),
        cmocka_unit_test(test_ssl_cert_file_replaces_bundle),
        cmocka_unit_test(test_changed_store_is_read_again),
        cmocka_unit_test(test_default_protocols_are_tls12_and_tls13),
        cmocka_unit_test(test_protocol_mismatch_is_channel_error),
        cmocka_unit_test(test_protocol_set_with_a_hole),
        cmocka_unit_test(test_ssl3_only_cannot_connect),
        cmocka_unit_test(test_client_certificate_requested),
        cmocka_unit_test(test_security_flags_and_key_bitness),
        cmocka_unit_test(test_certificate_struct),
        cmocka_unit_test(test_server_cert_context),
        cmocka_unit_test(test_https_through_named_proxy),
        cmocka_unit_test(test_plain_http_has_no_tls_information),
        cmocka_unit_test(test_async_refusal_ends_in_request_error),
        cmocka_unit_test(test_http2_when_enabled),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
