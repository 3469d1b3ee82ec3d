/* Revocation by stapled OCSP responses (WINHTTP_ENABLE_SSL_REVOCATION): the
 * GnuTLS test server staples a response made at test time with Debian's
 * `openssl ocsp` (GnuTLS cannot make OCSP responses), for TLS 1.3 and 1.2.
 * The trust store holds the CA and no CRL, so without a usable staple the
 * check ends in CERT_REV_FAILED; a "good" staple lets the request through,
 * a "revoked" one stops it with CERT_REVOKED. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certgen.h"
#include "cmocka_all.h"
#include "recorder.h"
#include "tlsserver.h"

#define SERVER_TLS12 "NORMAL:-VERS-ALL:+VERS-TLS1.2"
#define SERVER_TLS13 "NORMAL:-VERS-ALL:+VERS-TLS1.3"

enum { SERIAL_GOOD = 0x21, SERIAL_REVOKED = 0x22 };

static char g_dir[64];
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

static const char *path(const char *name)
{
    static char buf[8][160];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, sizeof(buf[0]), "%s/%s", g_dir, name);
    return p;
}

static int write_cert(const char *name, const struct cert *c)
{
    char pem[64], key[64];
    snprintf(pem, sizeof(pem), "%s.pem", name);
    snprintf(key, sizeof(key), "%s.key", name);
    FILE *f = fopen(path(pem), "w");
    int rc = !f || cert_write(c, f);
    if (f)
        fclose(f);
    f = fopen(path(key), "w");
    rc |= !f || cert_write_key(c, f);
    if (f)
        fclose(f);
    return rc;
}

/* An openssl index: the good certificate valid, the revoked one revoked
 * (or, with all_revoked, both revoked). */
static int write_index(const char *name, int all_revoked)
{
    FILE *f = fopen(path(name), "w");
    if (!f)
        return -1;
    fprintf(f, "%s\t301231235959Z\t%s\t%02X\tunknown\t/CN=good.test\n", all_revoked ? "R" : "V",
            all_revoked ? "200101000000Z" : "", SERIAL_GOOD);
    fprintf(f, "R\t301231235959Z\t200101000000Z\t%02X\tunknown\t/CN=revoked.test\n", SERIAL_REVOKED);
    return fclose(f) ? -1 : 0;
}

/* Writes out (DER) the response of `signer` (with index `index`) about the
 * certificate `leaf` of the CA "ca". */
static int make_response(const char *leaf, const char *index, const char *signer, const char *out)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && openssl ocsp -issuer ca.pem -cert %s.pem -no_nonce -reqout %s.req >/dev/null 2>&1 && "
             "openssl ocsp -index %s -rsigner %s.pem -rkey %s.key -CA ca.pem -reqin %s.req -respout %s "
             "-ndays 1 >/dev/null 2>&1",
             g_dir, leaf, out, index, signer, signer, out, out);
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "openssl ocsp failed (%d): is Debian's openssl installed (tools/install-deps)?\n", rc);
    return rc;
}

static int make_certificates(void)
{
    const long day = 86400;
    struct cert ca, other, good, revoked;
    struct cert_spec ca_spec = {"OCSP Test CA", NULL, NULL, -day, 30 * day, 1, NULL, 1};
    struct cert_spec other_spec = {"Some Other CA", NULL, NULL, -day, 30 * day, 1, NULL, 2};
    struct cert_spec good_spec = {"good.test", "127.0.0.1", NULL, -day, day, 0, NULL, SERIAL_GOOD};
    struct cert_spec revoked_spec = {"revoked.test", "127.0.0.1", NULL, -day, day, 0, NULL, SERIAL_REVOKED};
    if (cert_make(&ca, &ca_spec, NULL) || cert_make(&other, &other_spec, NULL) ||
        cert_make(&good, &good_spec, &ca) || cert_make(&revoked, &revoked_spec, &ca))
        return -1;
    int rc = write_cert("ca", &ca) || write_cert("other", &other) || write_cert("good", &good) ||
             write_cert("revoked", &revoked);
    cert_free(&ca);
    cert_free(&other);
    cert_free(&good);
    cert_free(&revoked);
    return rc || write_index("index.txt", 0) || write_index("forged.txt", 1) ||
           make_response("good", "index.txt", "ca", "good.ocsp") ||
           make_response("revoked", "index.txt", "ca", "revoked.ocsp") ||
           /* "revoked", about the good certificate, signed by a CA nobody trusts */
           make_response("good", "forged.txt", "other", "forged.ocsp");
}

static int group_setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/winhttp-ocsp-XXXXXX");
    if (!mkdtemp(g_dir) || mkdir(path("empty"), 0700) || make_certificates())
        return -1;
    setenv("SSL_CERT_FILE", path("ca.pem"), 1); /* the CA, and no CRL */
    setenv("SSL_CERT_DIR", path("empty"), 1);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- requests ---- */

struct exchange {
    HINTERNET session, connect, request;
    struct tlsserver *server;
};

/* A server with certificate `name` stapling `staple` (a file in g_dir, or
 * NULL), and a request to it with or without revocation checks. */
static struct exchange open_https(const char *name, const char *staple, const char *priority, int revocation)
{
    char pem[64], key[64];
    snprintf(pem, sizeof(pem), "%s.pem", name);
    snprintf(key, sizeof(key), "%s.key", name);
    struct tlsserver_options o = {path(pem), path(key), priority, 0, NULL, staple ? path(staple) : NULL};
    struct exchange x;
    x.server = tlsserver_start(&o);
    assert_non_null(x.server);
    x.session = WinHttpOpen(u"test-ocsp/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    WinHttpSetStatusCallback(x.session, capture, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    x.connect = WinHttpConnect(x.session, u"127.0.0.1", (INTERNET_PORT)tlsserver_port(x.server), 0);
    x.request = WinHttpOpenRequest(x.connect, u"GET", u"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
    assert_non_null(x.request);
    if (revocation) {
        DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
        assert_true(WinHttpSetOption(x.request, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof(f)));
    }
    recorder_reset();
    pthread_mutex_lock(&g_recorder.lock);
    g_secure_flags = 0;
    g_secure_count = 0;
    pthread_mutex_unlock(&g_recorder.lock);
    return x;
}

static void close_exchange(struct exchange *x)
{
    WinHttpCloseHandle(x->request);
    WinHttpCloseHandle(x->connect);
    WinHttpCloseHandle(x->session);
    tlsserver_stop(x->server);
}

static BOOL send_request(HINTERNET r)
{
    SetLastError(0xdeadbeef);
    return WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
}

static void check_accepted(const char *name, const char *staple, const char *priority, int revocation)
{
    struct exchange x = open_https(name, staple, priority, revocation);
    assert_true(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_true(WinHttpReceiveResponse(x.request, NULL));
    char body[32] = "";
    DWORD got = 0;
    assert_true(WinHttpReadData(x.request, body, sizeof(body) - 1, &got));
    assert_string_equal(body, TLSSERVER_BODY);
    assert_int_equal(g_secure_count, 0);
    close_exchange(&x);
}

static void check_refused(const char *name, const char *staple, const char *priority, DWORD flags)
{
    struct exchange x = open_https(name, staple, priority, 1);
    assert_false(send_request(x.request));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(g_secure_count, 1);
    assert_int_equal(g_secure_flags, flags);
    assert_int_equal(tlsserver_requests(x.server), 0); /* nothing was sent */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpReceiveResponse(x.request, NULL));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    close_exchange(&x);
}

/* ---- the cases ---- */

static void test_good_staple_passes(void **state)
{
    (void)state;
    check_accepted("good", "good.ocsp", SERVER_TLS13, 1);
    check_accepted("good", "good.ocsp", SERVER_TLS12, 1);
}

static void test_revoked_staple_is_cert_revoked(void **state)
{
    (void)state;
    check_refused("revoked", "revoked.ocsp", SERVER_TLS13, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED);
    check_refused("revoked", "revoked.ocsp", SERVER_TLS12, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED);
}

/* Revocation is looked at only when the application turns it on. */
static void test_revoked_staple_ignored_without_revocation_checks(void **state)
{
    (void)state;
    check_accepted("revoked", "revoked.ocsp", SERVER_TLS13, 0);
}

/* Without a staple (and no CRL) the status cannot be learnt: the same
 * certificate that a good staple lets through fails with REV_FAILED. */
static void test_no_staple_is_revocation_failure(void **state)
{
    (void)state;
    check_refused("good", NULL, SERVER_TLS13, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED);
}

/* Decision: a staple that cannot be trusted (here signed by a CA nobody
 * trusts, saying "revoked") is ignored, as if none had come: the result is
 * the CRL check's (no CRL: REV_FAILED), never REVOKED or a pass. */
static void test_untrusted_staple_is_ignored(void **state)
{
    (void)state;
    check_refused("good", "forged.ocsp", SERVER_TLS13, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED);
    check_refused("good", "forged.ocsp", SERVER_TLS12, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* the servers run in this process */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_staple_passes),
        cmocka_unit_test(test_revoked_staple_is_cert_revoked),
        cmocka_unit_test(test_revoked_staple_ignored_without_revocation_checks),
        cmocka_unit_test(test_no_staple_is_revocation_failure),
        cmocka_unit_test(test_untrusted_staple_is_ignored),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
