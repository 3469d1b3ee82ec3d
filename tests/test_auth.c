/* Authentication against the loopback test server's /auth routes:
 * WinHttpQueryAuthSchemes on 401/407 challenges, WinHttpSetCredentials
 * and a resend on the same request handle (Basic, Digest), the credential
 * options (answered by the library itself), proxy credentials through a
 * named proxy, credentials never following a redirect to another host,
 * and the Windows errors for bad calls.  Sync and async. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

/* ---- notifications of request handles (sync fixture) -------------------- */

static struct {
    pthread_mutex_t lock;
    DWORD statuses[256];
    int count;
} g_seen = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};

static void CALLBACK capture(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    (void)info;
    (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED || status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
        return;
    pthread_mutex_lock(&g_seen.lock);
    if (g_seen.count < 256)
        g_seen.statuses[g_seen.count++] = status;
    pthread_mutex_unlock(&g_seen.lock);
}

static void seen_reset(void)
{
    pthread_mutex_lock(&g_seen.lock);
    g_seen.count = 0;
    pthread_mutex_unlock(&g_seen.lock);
}

static void assert_seen(const DWORD *expected, int count)
{
    pthread_mutex_lock(&g_seen.lock);
    int n = g_seen.count;
    DWORD got[256];
    memcpy(got, g_seen.statuses, sizeof(got));
    pthread_mutex_unlock(&g_seen.lock);
    for (int i = 0; i < n && i < count; ++i)
        if (got[i] != expected[i])
            fail_msg("notification %d: got 0x%x, expected 0x%x", i, (unsigned)got[i], (unsigned)expected[i]);
    assert_int_equal(n, count);
}

/* ---- helpers ------------------------------------------------------------ */

static void widen(const char *s, WCHAR *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; ++i)
        out[i] = (WCHAR)s[i];
    out[i] = 0;
}

static HINTERNET open_on(HINTERNET c, LPCWSTR verb, const char *path)
{
    WCHAR wpath[512];
    widen(path, wpath, 512);
    HINTERNET r = WinHttpOpenRequest(c, verb, wpath, NULL, NULL, NULL, 0);
    assert_non_null(r);
    return r;
}

static HINTERNET open_get(const char *path) { return open_on(g_fx.connect, u"GET", path); }

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    return code;
}

/* Sends (again) and receives; returns the status code. */
static DWORD send_and_receive(HINTERNET r)
{
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_true(WinHttpReceiveResponse(r, NULL));
    return status_code(r);
}

static void assert_body(HINTERNET r, const char *expected)
{
    char body[4096];
    http_read_all(r, body, sizeof(body));
    assert_string_equal(body, expected);
}

/* Calls WinHttpQueryAuthSchemes, expecting success. */
static void query_schemes(HINTERNET r, DWORD *supported, DWORD *first, DWORD *target)
{
    *supported = *first = *target = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    assert_true(WinHttpQueryAuthSchemes(r, supported, first, target));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
}

static void expect_error(BOOL ok, DWORD error)
{
    assert_false(ok);
    assert_int_equal(GetLastError(), error);
}

/* A URL-encoded /auth/challenge path with the given challenge fields. */
static void challenge_path(char *out, size_t cap, int status, const char *const *values, int n)
{
    size_t o = (size_t)snprintf(out, cap, "/auth/challenge?status=%d", status);
    for (int i = 0; i < n; ++i) {
        o += (size_t)snprintf(out + o, cap - o, "&h=");
        for (const char *p = values[i]; *p && o + 4 < cap; ++p) {
            unsigned char c = (unsigned char)*p;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
                out[o++] = (char)c;
            else
                o += (size_t)snprintf(out + o, cap - o, "%%%02X", c);
        }
        out[o] = 0;
    }
}

/* ---- WinHttpQueryAuthSchemes -------------------------------------------- */

static void test_query_auth_schemes_bad_calls(void **state)
{
    (void)state;
    DWORD supported = 0xdeadbeef, first = 0xdeadbeef, target = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    expect_error(WinHttpQueryAuthSchemes(NULL, &supported, &first, &target), ERROR_INVALID_HANDLE);
    expect_error(WinHttpQueryAuthSchemes(g_fx.session, &supported, &first, &target),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    expect_error(WinHttpQueryAuthSchemes(g_fx.connect, &supported, &first, &target),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    HINTERNET r = open_get("/hello");
    expect_error(WinHttpQueryAuthSchemes(r, NULL, &first, &target), ERROR_INVALID_PARAMETER);
    expect_error(WinHttpQueryAuthSchemes(r, &supported, NULL, &target), ERROR_INVALID_PARAMETER);
    expect_error(WinHttpQueryAuthSchemes(r, &supported, &first, NULL), ERROR_INVALID_PARAMETER);

    /* Decision: before any response, and after a response without a
     * challenge, ERROR_INVALID_OPERATION; the outputs are left alone. */
    expect_error(WinHttpQueryAuthSchemes(r, &supported, &first, &target), ERROR_INVALID_OPERATION);
    assert_int_equal(send_and_receive(r), 200);
    expect_error(WinHttpQueryAuthSchemes(r, &supported, &first, &target), ERROR_INVALID_OPERATION);
    assert_int_equal(supported, 0xdeadbeef);
    assert_int_equal(first, 0xdeadbeef);
    assert_int_equal(target, 0xdeadbeef);
    WinHttpCloseHandle(r);
    expect_error(WinHttpQueryAuthSchemes(r, &supported, &first, &target), ERROR_INVALID_HANDLE);
}

static void test_query_auth_schemes_basic_401(void **state)
{
    (void)state;
    HINTERNET r = open_get("/auth/basic");
    assert_int_equal(send_and_receive(r), 401);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_SERVER);
    WinHttpCloseHandle(r);
}

/* Every field, several challenges a field, parameters with commas inside
 * quotes, token68 values with '=' padding, unknown schemes skipped. */
static void test_query_auth_schemes_reads_every_challenge(void **state)
{
    (void)state;
    static const char *const values[] = {
        "Bearer realm=\"api\", error=\"invalid_token\"",
        "NTLM TlRMTVNTUAACAAAA==, Digest realm=\"a, b\", nonce=\"n=1\", qop=\"auth,auth-int\"",
        "Basic realm=\"x\"",
        "Negotiate",
        "Passport1.4 da-status=failed",
    };
    char path[1024];
    challenge_path(path, sizeof(path), 401, values, 5);
    HINTERNET r = open_get(path);
    assert_int_equal(send_and_receive(r), 401);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_NTLM | WINHTTP_AUTH_SCHEME_DIGEST | WINHTTP_AUTH_SCHEME_BASIC |
                                    WINHTTP_AUTH_SCHEME_NEGOTIATE | WINHTTP_AUTH_SCHEME_PASSPORT);
    /* The first scheme WinHTTP knows, in the server's order. */
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_NTLM);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_SERVER);
    WinHttpCloseHandle(r);

    static const char *const only_unknown[] = {"Bearer realm=\"api\"", "Mutual realm=\"m\""};
    challenge_path(path, sizeof(path), 401, only_unknown, 2);
    r = open_get(path);
    assert_int_equal(send_and_receive(r), 401);
    DWORD untouched = 0xdeadbeef;
    supported = first = target = untouched;
    expect_error(WinHttpQueryAuthSchemes(r, &supported, &first, &target), ERROR_INVALID_OPERATION);
    assert_int_equal(supported, untouched);
    WinHttpCloseHandle(r);

    static const char *const lower_case[] = {"negotiate, basic realm=\"x\", digest realm=\"y\", nonce=\"z\""};
    challenge_path(path, sizeof(path), 401, lower_case, 1);
    r = open_get(path);
    assert_int_equal(send_and_receive(r), 401);
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_NEGOTIATE | WINHTTP_AUTH_SCHEME_BASIC | WINHTTP_AUTH_SCHEME_DIGEST);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_NEGOTIATE);
    WinHttpCloseHandle(r);
}

static void test_query_auth_schemes_proxy_407(void **state)
{
    (void)state;
    static const char *const values[] = {"Digest realm=\"p\", nonce=\"q\"", "Basic realm=\"p\""};
    char path[512];
    challenge_path(path, sizeof(path), 407, values, 2);
    HINTERNET r = open_get(path);
    assert_int_equal(send_and_receive(r), 407);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_DIGEST | WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_DIGEST);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_PROXY);
    WinHttpCloseHandle(r);
}

/* ---- WinHttpSetCredentials: bad calls ----------------------------------- */

static void test_set_credentials_bad_calls(void **state)
{
    (void)state;
    SetLastError(0xdeadbeef);
    expect_error(WinHttpSetCredentials(NULL, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"u", u"p", NULL),
                 ERROR_INVALID_HANDLE);
    expect_error(WinHttpSetCredentials(g_fx.connect, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"u",
                                       u"p", NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    expect_error(WinHttpSetCredentials(g_fx.session, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"u",
                                       u"p", NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    HINTERNET r = open_get("/auth/basic");
    expect_error(WinHttpSetCredentials(r, 2, WINHTTP_AUTH_SCHEME_BASIC, u"u", u"p", NULL), ERROR_INVALID_PARAMETER);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, 0, u"u", u"p", NULL), ERROR_INVALID_PARAMETER);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, 0x20, u"u", u"p", NULL), ERROR_INVALID_PARAMETER);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER,
                                       WINHTTP_AUTH_SCHEME_BASIC | WINHTTP_AUTH_SCHEME_DIGEST, u"u", u"p", NULL),
                 ERROR_INVALID_PARAMETER);
    int reserved = 0;
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"u", u"p", &reserved),
                 ERROR_INVALID_PARAMETER);
    /* Decision: Basic and Digest need a user and a password (empty is fine). */
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, NULL, u"p", NULL),
                 ERROR_INVALID_PARAMETER);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, u"u", NULL, NULL),
                 ERROR_INVALID_PARAMETER);
    /* Not implemented: Negotiate, Passport, NTLM to a proxy, NTLM with the
     * logged-on user's credentials (no user). */
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NEGOTIATE, u"u", u"p", NULL),
                 ERROR_CALL_NOT_IMPLEMENTED);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NEGOTIATE, NULL, NULL, NULL),
                 ERROR_CALL_NOT_IMPLEMENTED);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_NTLM, u"u", u"p", NULL),
                 ERROR_CALL_NOT_IMPLEMENTED);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NTLM, NULL, NULL, NULL),
                 ERROR_CALL_NOT_IMPLEMENTED);
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_PASSPORT, u"u", u"p", NULL),
                 ERROR_CALL_NOT_IMPLEMENTED);

    /* Before the first send: accepted (and sent preemptively). */
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"", NULL));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);

    /* Decision: between sending and receiving the response the handle is in
     * the wrong state. */
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    expect_error(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"u", u"p", NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 401); /* the empty password was wrong */
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"pass", NULL));
    WinHttpCloseHandle(r);
}

/* ---- the 401 -> WinHttpSetCredentials -> resend flow (sync) -------------- */

static void test_basic_flow_sync_notifications(void **state)
{
    (void)state;
    HINTERNET r = open_get("/auth/basic?user=alice&pass=s3cret");
    /* Warm the pooled connection first, so that both exchanges below run
     * on a kept-alive connection and the sequences are exact. */
    assert_int_equal(send_and_receive(r), 401);
    assert_body(r, "Unauthorized\n");

    seen_reset();
    assert_int_equal(send_and_receive(r), 401);
    static const DWORD exchange[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_seen(exchange, 4);

    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_BASIC);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetCredentials(r, target, first, u"alice", u"s3cret", NULL));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);

    /* The resend on the same handle: one exchange, the credentials sent at
     * once (the 401's unread body is dropped; no new connection). */
    seen_reset();
    assert_int_equal(send_and_receive(r), 200);
    assert_seen(exchange, 4);
    assert_body(r, "Authenticated as alice\n");

    /* Once answered there is no challenge left to query. */
    expect_error(WinHttpQueryAuthSchemes(r, &supported, &first, &target), ERROR_INVALID_OPERATION);

    /* The credentials stay with the handle: a third send is accepted too. */
    assert_int_equal(send_and_receive(r), 200);
    WinHttpCloseHandle(r);

    /* ... but not with another request (Microsoft: not cached). */
    r = open_get("/auth/basic?user=alice&pass=s3cret");
    assert_int_equal(send_and_receive(r), 401);
    WinHttpCloseHandle(r);
}

/* Sending again while a big response is still unread: the old exchange is
 * cancelled (its connection too) and the new one runs in full. */
static void test_resend_over_an_unread_big_body(void **state)
{
    (void)state;
    HINTERNET r = open_get("/bytes/4000000");
    assert_int_equal(send_and_receive(r), 200);
    char first[16];
    DWORD got = 0;
    assert_true(WinHttpReadData(r, first, sizeof(first), &got));
    assert_int_equal(got, sizeof(first));
    assert_int_equal(send_and_receive(r), 200);
    static char body[4000001];
    size_t n = 0;
    do {
        got = 0;
        assert_true(WinHttpReadData(r, body + n, (DWORD)(sizeof(body) - 1 - n), &got));
        n += got;
    } while (got);
    assert_int_equal(n, 4000000);
    for (size_t i = 0; i < n; i += 4099)
        assert_int_equal((unsigned char)body[i], (unsigned char)((i * 31 + 7) % 256));
    WinHttpCloseHandle(r);
}

static void test_wrong_password_is_the_applications_401(void **state)
{
    (void)state;
    HINTERNET r = open_get("/auth/basic");
    assert_int_equal(send_and_receive(r), 401);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"wrong", NULL));
    seen_reset();
    assert_int_equal(send_and_receive(r), 401); /* no retry loop inside the library */
    static const DWORD once[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_seen(once, 4);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"pass", NULL));
    assert_int_equal(send_and_receive(r), 200);
    assert_body(r, "Authenticated as user\n");
    WinHttpCloseHandle(r);
}

/* Digest: the resend answers the challenge the application saw, in one
 * exchange; MD5, MD5-sess and the RFC 2069 form without qop. */
static void digest_flow(const char *path)
{
    HINTERNET r = open_get(path);
    assert_int_equal(send_and_receive(r), 401);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_DIGEST);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_DIGEST);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_SERVER);
    assert_true(WinHttpSetCredentials(r, target, WINHTTP_AUTH_SCHEME_DIGEST, u"bob", u"pw", NULL));
    seen_reset();
    assert_int_equal(send_and_receive(r), 200);
    static const DWORD once[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_seen(once, 4);
    assert_body(r, "Authenticated as bob with Digest\n");
    /* A second resend counts the nonce's use on (nc=00000002). */
    assert_int_equal(send_and_receive(r), 200);
    WinHttpCloseHandle(r);
}

static void test_digest_flow_sync(void **state)
{
    (void)state;
    digest_flow("/auth/digest?user=bob&pass=pw");
    digest_flow("/auth/digest?user=bob&pass=pw&algorithm=MD5-sess");
    digest_flow("/auth/digest?user=bob&pass=pw&qop=none");

    /* Both offered: the application picks Basic, and Basic is sent. */
    HINTERNET r = open_get("/auth/digest?user=bob&pass=pw&basic=1");
    assert_int_equal(send_and_receive(r), 401);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_DIGEST | WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_BASIC);
    assert_true(WinHttpSetCredentials(r, target, WINHTTP_AUTH_SCHEME_BASIC, u"bob", u"pw", NULL));
    assert_int_equal(send_and_receive(r), 200);
    assert_body(r, "Authenticated as bob with Basic\n");
    WinHttpCloseHandle(r);
}

/* Digest chosen before the challenge was seen: the library answers the
 * 401 itself (a second exchange within the same send). */
static void test_digest_set_before_the_challenge(void **state)
{
    (void)state;
    HINTERNET r = open_get("/auth/digest?user=bob&pass=pw");
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, u"bob", u"pw", NULL));
    assert_int_equal(send_and_receive(r), 200);
    assert_body(r, "Authenticated as bob with Digest\n");
    WinHttpCloseHandle(r);
}

/* A Digest answer to a nonce the server has since replaced: the 401 says
 * stale=true and the library answers the new nonce itself, once. */
static void test_digest_stale_nonce_is_answered_again(void **state)
{
    (void)state;
    HINTERNET r = open_get("/auth/digest?user=bob&pass=pw&stale=1");
    assert_int_equal(send_and_receive(r), 401);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, u"bob", u"pw", NULL));
    seen_reset();
    assert_int_equal(send_and_receive(r), 200);
    static const DWORD twice[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_seen(twice, 8);
    assert_body(r, "Authenticated as bob with Digest\n");
    WinHttpCloseHandle(r);

    /* A wrong password is not stale: one exchange, the 401 to the application. */
    r = open_get("/auth/digest?user=bob&pass=pw&stale=1");
    assert_int_equal(send_and_receive(r), 401);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, u"bob", u"no", NULL));
    seen_reset();
    assert_int_equal(send_and_receive(r), 401);
    assert_seen(twice, 4);
    WinHttpCloseHandle(r);
}

/* NTLM (v2, curl's): the resend runs the three legs on one connection (the
 * test server binds its challenge to the connection); the application
 * sees one exchange. */
static void ntlm_flow(LPCWSTR user, LPCWSTR password, DWORD expected_status)
{
    HINTERNET r = open_get("/auth/ntlm?user=alice&pass=pw");
    assert_int_equal(send_and_receive(r), 401);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_NTLM);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_NTLM);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_SERVER);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetCredentials(r, target, first, user, password, NULL));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    seen_reset();
    assert_int_equal(send_and_receive(r), expected_status);
    static const DWORD once[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_seen(once, 4);
    assert_body(r, expected_status == 200 ? "Authenticated as alice with NTLM\n" : "Unauthorized\n");
    if (expected_status == 200) {
        /* Sent again: a new handshake, accepted again. */
        assert_int_equal(send_and_receive(r), 200);
    } else {
        /* The final 401 carries the bare challenge again. */
        query_schemes(r, &supported, &first, &target);
        assert_int_equal(supported, WINHTTP_AUTH_SCHEME_NTLM);
    }
    WinHttpCloseHandle(r);
}

static void test_ntlm_flow_sync(void **state)
{
    (void)state;
    ntlm_flow(u"alice", u"pw", 200);
    ntlm_flow(u"CORP\\alice", u"pw", 200); /* DOMAIN\user */
    ntlm_flow(u"alice", u"wrong", 401);
}

/* ---- credentials and redirects ------------------------------------------ */

static void redirect_target(char *out, size_t cap, const char *host, const char *path)
{
    snprintf(out, cap, "http%%3A%%2F%%2F%s%%3A%d%s", host, testserver_port(g_fx.server), path);
}

static void test_credentials_do_not_follow_a_redirect_to_another_host(void **state)
{
    (void)state;
    char to[256], path[512], body[4096];
    /* Same host: the credentials go along. */
    HINTERNET r = open_get("/auth/basic?then=%2Fecho-headers");
    assert_int_equal(send_and_receive(r), 401);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"pass", NULL));
    assert_int_equal(send_and_receive(r), 200);
    http_read_all(r, body, sizeof(body));
    assert_non_null(strstr(body, "GET /echo-headers HTTP/1.1\r\n"));
    assert_non_null(strstr(body, "Authorization: Basic dXNlcjpwYXNz\r\n"));
    WinHttpCloseHandle(r);

    /* Another host (localhost is not 127.0.0.1 by name): they stay behind. */
    redirect_target(to, sizeof(to), "localhost", "/echo-headers");
    snprintf(path, sizeof(path), "/auth/basic?then=%s", to);
    r = open_get(path);
    assert_int_equal(send_and_receive(r), 401);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"pass", NULL));
    assert_int_equal(send_and_receive(r), 200);
    http_read_all(r, body, sizeof(body));
    assert_non_null(strstr(body, "GET /echo-headers HTTP/1.1\r\n"));
    assert_null(strstr(body, "Authorization"));
    WinHttpCloseHandle(r);

    /* NTLM (curl's): the same. */
    redirect_target(to, sizeof(to), "localhost", "/echo-headers");
    snprintf(path, sizeof(path), "/auth/ntlm?user=alice&pass=pw&then=%s", to);
    r = open_get(path);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NTLM, u"alice", u"pw", NULL));
    assert_int_equal(send_and_receive(r), 200);
    http_read_all(r, body, sizeof(body));
    assert_non_null(strstr(body, "GET /echo-headers HTTP/1.1\r\n"));
    assert_null(strstr(body, "Authorization"));
    WinHttpCloseHandle(r);

    /* Nor does the library answer the other host's challenge with them. */
    redirect_target(to, sizeof(to), "localhost", "/auth/basic");
    snprintf(path, sizeof(path), "/redirect/302?to=%s", to);
    r = open_get(path);
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"user", 4));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"pass", 4));
    assert_int_equal(send_and_receive(r), 401);
    WinHttpCloseHandle(r);
    /* Control: the same redirect within the host is answered. */
    r = open_get("/redirect/302?to=%2Fauth%2Fbasic");
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"user", 4));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"pass", 4));
    assert_int_equal(send_and_receive(r), 200);
    WinHttpCloseHandle(r);
}

/* ---- the credential options --------------------------------------------- */

/* One sync GET /hello, so that a kept-alive connection waits in the pool
 * and the next exchange shows no resolve/connect notifications. */
static void warm_up_pool(void)
{
    HINTERNET warm = open_get("/hello");
    assert_int_equal(send_and_receive(warm), 200);
    assert_body(warm, "Hello, WinHTTP!\n");
    WinHttpCloseHandle(warm);
}

static void test_option_credentials_answer_the_challenge(void **state)
{
    (void)state;
    HINTERNET r = open_get("/auth/basic?user=carol&pass=pw");
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"carol", 5));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"pw", 2));
    /* Warm the connection so the sequence below has no connect events. */
    warm_up_pool();

    seen_reset();
    assert_int_equal(send_and_receive(r), 200);
    /* The 401 is answered inside the one send: two exchanges. */
    static const DWORD twice[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    assert_seen(twice, 8);
    assert_body(r, "Authenticated as carol\n");

    /* The options read back; the query length excludes the NUL. */
    WCHAR buf[16];
    DWORD len = sizeof(buf);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_USERNAME, buf, &len));
    assert_int_equal(len, 5 * sizeof(WCHAR));
    assert_memory_equal(buf, u"carol", 6 * sizeof(WCHAR));
    len = 2;
    expect_error(WinHttpQueryOption(r, WINHTTP_OPTION_PASSWORD, buf, &len), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 3 * sizeof(WCHAR));
    WinHttpCloseHandle(r);

    /* Digest preferred to Basic when both are offered; a POST body is sent
     * again with the answer. */
    r = open_on(g_fx.connect, u"POST", "/auth/digest?user=carol&pass=pw&basic=1");
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"carol", 5));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"pw", 2));
    assert_true(WinHttpSendRequest(r, NULL, 0, "body", 4, 4, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_int_equal(status_code(r), 200);
    assert_body(r, "Authenticated as carol with Digest\n");
    WinHttpCloseHandle(r);

    /* Wrong ones: the second 401 is the application's. */
    r = open_get("/auth/basic");
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"user", 4));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"nope", 4));
    assert_int_equal(send_and_receive(r), 401);
    WinHttpCloseHandle(r);

    /* WINHTTP_DISABLE_AUTHENTICATION: the library answers nothing itself. */
    r = open_get("/auth/basic");
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"user", 4));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"pass", 4));
    DWORD off = WINHTTP_DISABLE_AUTHENTICATION;
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_DISABLE_FEATURE, &off, sizeof(off)));
    assert_int_equal(send_and_receive(r), 401);
    WinHttpCloseHandle(r);
}

static void test_credential_options_bad_calls(void **state)
{
    (void)state;
    /* Decision: request-handle options (ERROR_WINHTTP_INCORRECT_HANDLE_TYPE elsewhere). */
    expect_error(WinHttpSetOption(g_fx.session, WINHTTP_OPTION_USERNAME, u"u", 1), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    expect_error(WinHttpSetOption(g_fx.connect, WINHTTP_OPTION_PROXY_PASSWORD, u"p", 1),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    HINTERNET r = open_get("/hello");
    WCHAR buf[8];
    DWORD len = sizeof(buf);
    /* Unset: an empty string. */
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_PROXY_USERNAME, buf, &len));
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], 0);

    DWORD policy = WINHTTP_AUTOLOGON_SECURITY_LEVEL_HIGH;
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_AUTOLOGON_POLICY, &policy, sizeof(policy)));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    policy = 3;
    expect_error(WinHttpSetOption(r, WINHTTP_OPTION_AUTOLOGON_POLICY, &policy, sizeof(policy)), ERROR_INVALID_PARAMETER);
    expect_error(WinHttpSetOption(r, WINHTTP_OPTION_AUTOLOGON_POLICY, &policy, 2), ERROR_INSUFFICIENT_BUFFER);
    expect_error(WinHttpSetOption(g_fx.session, WINHTTP_OPTION_AUTOLOGON_POLICY, &policy, sizeof(policy)),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    /* Set only (Microsoft's option reference). */
    len = sizeof(policy);
    expect_error(WinHttpQueryOption(r, WINHTTP_OPTION_AUTOLOGON_POLICY, &policy, &len), ERROR_WINHTTP_INVALID_OPTION);
    WinHttpCloseHandle(r);
}

/* ---- proxy credentials (the test server plays the named proxy) ---------- */

static HINTERNET proxy_session(void)
{
    char proxy[64];
    WCHAR wproxy[64];
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", testserver_port(g_fx.server));
    widen(proxy, wproxy, 64);
    HINTERNET s = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, WINHTTP_NO_PROXY_BYPASS, 0);
    assert_non_null(s);
    return s;
}

static void test_proxy_407_set_credentials_resend(void **state)
{
    (void)state;
    HINTERNET s = proxy_session();
    HINTERNET c = WinHttpConnect(s, u"origin.invalid", 8080, 0);
    HINTERNET r = open_on(c, u"GET", "/auth/proxy?user=pu&pass=pp");
    assert_int_equal(send_and_receive(r), 407);
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(first, WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_PROXY);
    /* Server credentials are not the proxy's. */
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"pu", u"pp", NULL));
    assert_int_equal(send_and_receive(r), 407);
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, u"pu", u"pp", NULL));
    assert_int_equal(send_and_receive(r), 200);
    assert_body(r, "Authenticated as pu with Basic\n");
    WinHttpCloseHandle(r);

    /* The proxy options are answered by the library. */
    r = open_on(c, u"GET", "/auth/proxy?user=pu&pass=pp");
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PROXY_USERNAME, u"pu", 2));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PROXY_PASSWORD, u"pp", 2));
    assert_int_equal(send_and_receive(r), 200);
    WinHttpCloseHandle(r);

    /* Without a proxy, proxy credentials go nowhere. */
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    r = open_get("/echo-headers");
    assert_true(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, u"pu", u"pp", NULL));
    assert_int_equal(send_and_receive(r), 200);
    char body[4096];
    http_read_all(r, body, sizeof(body));
    assert_null(strstr(body, "Proxy-Authorization"));
    WinHttpCloseHandle(r);
}

/* ---- async --------------------------------------------------------------- */

struct async_app {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    DWORD statuses[128];
    int count;
    int headers;   /* HEADERS_AVAILABLE seen */
    int read_done; /* READ_COMPLETE seen */
    int closed;
    int failed;
    char body[256];
};

static void CALLBACK async_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    struct async_app *a = (struct async_app *)ctx;
    if (!a || status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
        return;
    pthread_mutex_lock(&a->lock);
    if (status != WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && a->count < 128)
        a->statuses[a->count++] = status;
    pthread_mutex_unlock(&a->lock);
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (!WinHttpReceiveResponse(h, NULL))
            a->failed = 1;
        return;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        (void)info;
        (void)len;
        pthread_mutex_lock(&a->lock);
        a->read_done = 1;
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
        return;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        pthread_mutex_lock(&a->lock);
        a->headers = 1;
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
        return;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        pthread_mutex_lock(&a->lock);
        if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
            a->failed = 1;
        else
            a->closed = 1;
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
        return;
    default:
        return;
    }
}

static void async_wait(struct async_app *a, int *flag)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 20;
    pthread_mutex_lock(&a->lock);
    while (!*flag && !a->failed)
        if (pthread_cond_timedwait(&a->cond, &a->lock, &until) != 0)
            break;
    int ok = *flag && !a->failed;
    *flag = 0;
    pthread_mutex_unlock(&a->lock);
    if (!ok)
        fail_msg("async request failed or timed out");
}

static void async_send(HINTERNET r, struct async_app *a)
{
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)a));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    async_wait(a, &a->headers);
}

/* An async session with async_callback on it and a connect handle to the
 * test server; a is ready for async_send/async_wait. */
static HINTERNET async_app_open(struct async_app *a, HINTERNET *session)
{
    memset(a, 0, sizeof(*a));
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->cond, NULL);
    *session = WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    assert_non_null(*session);
    WinHttpSetStatusCallback(*session, async_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET c = WinHttpConnect(*session, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_fx.server), 0);
    assert_non_null(c);
    return c;
}

static void async_app_close(struct async_app *a, HINTERNET c, HINTERNET s)
{
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->lock);
}

/* The recorded notification statuses are exactly expected[0..n). */
static void assert_statuses(const struct async_app *a, const DWORD *expected, int n)
{
    for (int i = 0; i < a->count && i < n; ++i)
        if (a->statuses[i] != expected[i])
            fail_msg("notification %d: got 0x%x, expected 0x%x", i, (unsigned)a->statuses[i], (unsigned)expected[i]);
    assert_int_equal(a->count, n);
}

static void test_basic_flow_async(void **state)
{
    (void)state;
    struct async_app a;
    HINTERNET s;
    HINTERNET c = async_app_open(&a, &s);
    HINTERNET r = open_on(c, u"GET", "/auth/digest?user=dave&pass=pw");
    warm_up_pool();

    async_send(r, &a);
    assert_int_equal(status_code(r), 401);
    /* Synchronous even in async mode. */
    DWORD supported, first, target;
    query_schemes(r, &supported, &first, &target);
    assert_int_equal(supported, WINHTTP_AUTH_SCHEME_DIGEST);
    assert_int_equal(target, WINHTTP_AUTH_TARGET_SERVER);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpSetCredentials(r, target, first, u"dave", u"pw", NULL));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);

    async_send(r, &a);
    assert_int_equal(status_code(r), 200);
    assert_true(WinHttpReadData(r, a.body, sizeof(a.body) - 1, NULL));
    async_wait(&a, &a.read_done);
    assert_string_equal(a.body, "Authenticated as dave with Digest\n");

    WinHttpCloseHandle(r);
    async_wait(&a, &a.closed);
    /* The whole sequence, on the pooled connection the warm-up left: the
     * 401, then the resend on the same handle. */
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,      WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,      WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
    };
    assert_statuses(&a, expected, (int)(sizeof(expected) / sizeof(expected[0])));
    async_app_close(&a, c, s);
}

/* The library answering the 401 itself, in async mode: both exchanges'
 * notifications, then one SENDREQUEST_COMPLETE/HEADERS_AVAILABLE pair. */
static void test_option_credentials_async(void **state)
{
    (void)state;
    struct async_app a;
    HINTERNET s;
    HINTERNET c = async_app_open(&a, &s);
    HINTERNET r = open_on(c, u"GET", "/auth/basic?user=erin&pass=pw");
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, u"erin", 4));
    assert_true(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, u"pw", 2));
    warm_up_pool();

    async_send(r, &a);
    assert_int_equal(status_code(r), 200);
    assert_true(WinHttpReadData(r, a.body, sizeof(a.body) - 1, NULL));
    async_wait(&a, &a.read_done);
    assert_string_equal(a.body, "Authenticated as erin\n");
    WinHttpCloseHandle(r);
    async_wait(&a, &a.closed);
    static const DWORD expected[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,      WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,
        WINHTTP_CALLBACK_STATUS_REQUEST_SENT,         WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,    WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
    };
    assert_statuses(&a, expected, (int)(sizeof(expected) / sizeof(expected[0])));
    async_app_close(&a, c, s);
}

/* ---- group --------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    return http_fixture_open(u"test-auth/1.0", capture);
}

static int group_teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_auth_schemes_bad_calls),
        cmocka_unit_test(test_query_auth_schemes_basic_401),
        cmocka_unit_test(test_query_auth_schemes_reads_every_challenge),
        cmocka_unit_test(test_query_auth_schemes_proxy_407),
        cmocka_unit_test(test_set_credentials_bad_calls),
        cmocka_unit_test(test_basic_flow_sync_notifications),
        cmocka_unit_test(test_resend_over_an_unread_big_body),
        cmocka_unit_test(test_wrong_password_is_the_applications_401),
        cmocka_unit_test(test_digest_flow_sync),
        cmocka_unit_test(test_digest_set_before_the_challenge),
        cmocka_unit_test(test_digest_stale_nonce_is_answered_again),
        cmocka_unit_test(test_ntlm_flow_sync),
        cmocka_unit_test(test_credentials_do_not_follow_a_redirect_to_another_host),
        cmocka_unit_test(test_option_credentials_answer_the_challenge),
        cmocka_unit_test(test_credential_options_bad_calls),
        cmocka_unit_test(test_proxy_407_set_credentials_resend),
        cmocka_unit_test(test_basic_flow_async),
        cmocka_unit_test(test_option_credentials_async),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
