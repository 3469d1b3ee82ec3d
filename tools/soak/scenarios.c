/* The soak's request kinds, what each must end in, and the checks of what a
 * request saw.  The paths are the test server's routes
 * (tools/testserver/README.md); the errors are the ones the engine's own
 * tests pin for them. */
#include <pthread.h>
#include <string.h>

#include "soak.h"

static const char hello[] = "Hello, WinHTTP!\n";

const struct scenario soak_scenarios[] = {
    {"hello", u"GET", u"/hello", 0, 0, 200, BODY_HELLO, 0, NULL, 0, 0, 0, 0},
    {"bytes", u"GET", u"/bytes/70000", 0, 0, 200, BODY_PATTERN, 70000, NULL, 0, 0, 0, 0},
    {"chunked", u"GET", u"/bytes/30000?chunked=1&chunk_size=1000", 0, 0, 200, BODY_PATTERN, 30000, NULL, 0, 0, 0, 0},
    {"redirect", u"GET", u"/redirect/302?to=/hello", 0, 0, 200, BODY_HELLO, 0, NULL, 0, 0, 0, 0},
    {"redirects", u"GET", u"/redirect-chain/3?code=307", 0, 0, 200, BODY_HELLO, 0, NULL, 0, 0, 0, 0},
    {"not-found", u"GET", u"/status/404", 0, 0, 404, BODY_TEXT, 0, "Status 404\n", 0, 0, 0, 0},
    {"slow", u"GET", u"/slow?delay_ms=30", 0, 0, 200, BODY_HELLO, 0, NULL, 0, 0, 0, 0},
    {"slow-body", u"GET", u"/slowbody?delay_ms=10&chunks=3", 0, 0, 200, BODY_TEXT, 0,
     "chunk 1\nchunk 2\nchunk 3\n", 0, 0, 0, 0},
    {"echo", u"POST", u"/echo", 5000, 0, 200, BODY_PATTERN, 5000, NULL, 0, 0, 0, 0},
    {"upload", u"POST", u"/echo", 20000, 0, 200, BODY_PATTERN, 20000, NULL, 0, 0, 1, 0},
    {"hangup", u"GET", u"/hangup", 0, 0, 0, BODY_NONE, 0, NULL, ERROR_WINHTTP_CONNECTION_ERROR, 0, 0, 0},
    {"reset", u"GET", u"/reset?after=2000", 0, 0, 200, BODY_PATTERN, 3024, NULL, ERROR_WINHTTP_CONNECTION_ERROR, 2000, 0, 0},
    {"stall", u"GET", u"/stall", 0, 150, 0, BODY_NONE, 0, NULL, ERROR_WINHTTP_TIMEOUT, 0, 0, 0},
    {"malformed", u"GET", u"/malformed?kind=status", 0, 0, 0, BODY_NONE, 0, NULL,
     ERROR_WINHTTP_INVALID_SERVER_RESPONSE, 0, 0, 0},
    {"https", u"GET", u"/", 0, 0, 200, BODY_TEXT, 0, "tls body", 0, 0, 0, TLS_TRUST_CA},
    {"https-untrusted", u"GET", u"/", 0, 0, 0, BODY_NONE, 0, NULL, ERROR_WINHTTP_SECURE_FAILURE, 0, 0,
     TLS_VERIFY},
};
const size_t soak_scenario_count = sizeof soak_scenarios / sizeof soak_scenarios[0];

static unsigned char pattern_byte(uint64_t i) { return (unsigned char)((i * 31 + 7) % 256); }

int soak_body_matches(const struct scenario *sc, uint64_t at, const unsigned char *data, size_t n)
{
    switch (sc->body) {
    case BODY_NONE:
        return 1;
    case BODY_HELLO:
        return at + n <= sizeof hello - 1 && memcmp(hello + at, data, n) == 0;
    case BODY_TEXT:
        return at + n <= strlen(sc->text) && memcmp(sc->text + at, data, n) == 0;
    case BODY_PATTERN:
        if (at + n > sc->length)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (data[i] != pattern_byte(at + i))
                return 0;
        return 1;
    }
    return 0;
}

static unsigned char upload_body[65536];
static pthread_once_t upload_once = PTHREAD_ONCE_INIT;

static void fill_upload_body(void)
{
    for (size_t i = 0; i < sizeof upload_body; i++)
        upload_body[i] = pattern_byte(i);
}

const void *soak_upload_data(const struct scenario *sc)
{
    if (!sc->upload_length || sc->upload_length > sizeof upload_body)
        return NULL;
    pthread_once(&upload_once, fill_upload_body);
    return upload_body;
}

HINTERNET soak_open_request(HINTERNET connection, const struct scenario *sc, DWORD_PTR context)
{
    HINTERNET r = WinHttpOpenRequest(connection, sc->verb, sc->path, NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, sc->tls ? WINHTTP_FLAG_SECURE : 0);
    if (!r)
        return NULL;
    DWORD ms = (DWORD)sc->receive_timeout_ms;
    DWORD flags = sc->tls == TLS_TRUST_CA ? SECURITY_FLAG_IGNORE_UNKNOWN_CA : 0;
    if (WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof context) &&
        (!ms || (WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &ms, sizeof ms) &&
                 WinHttpSetOption(r, WINHTTP_OPTION_RECEIVE_TIMEOUT, &ms, sizeof ms))) &&
        (!flags || WinHttpSetOption(r, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof flags)))
        return r;
    DWORD error = GetLastError();
    DWORD_PTR none = 0;  /* its HANDLE_CLOSING is nobody's */
    WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, &none, sizeof none);
    WinHttpCloseHandle(r);
    SetLastError(error);
    return NULL;
}

static uint64_t expected_length(const struct scenario *sc)
{
    switch (sc->body) {
    case BODY_HELLO:
        return sizeof hello - 1;
    case BODY_TEXT:
        return strlen(sc->text);
    case BODY_PATTERN:
        return sc->length;
    case BODY_NONE:
        break;
    }
    return 0;
}

int soak_outcome_ok(const struct scenario *sc, const struct outcome *got, int cancelled, const char **why)
{
    if (got->body_bad) {
        *why = "wrong body bytes";
        return 0;
    }
    if (cancelled) {
        /* Closed by the test: it may have ended any way the scenario can,
         * or been cut short.  A call racing the close (from a callback)
         * may find the handle closed or closing. */
        if (got->error && got->error != ERROR_WINHTTP_OPERATION_CANCELLED && got->error != sc->error &&
            got->error != ERROR_INVALID_HANDLE) {
            *why = "a cancelled request ended with an unexpected error";
            return 0;
        }
        if (got->call_error && got->call_error != ERROR_INVALID_HANDLE &&
            got->call_error != ERROR_WINHTTP_OPERATION_CANCELLED &&
            got->call_error != ERROR_WINHTTP_INCORRECT_HANDLE_STATE) {
            *why = "a call on a cancelled request failed with an unexpected error";
            return 0;
        }
        if (got->completed && !sc->error && got->body_bytes != expected_length(sc)) {
            *why = "a cancelled request completed with a wrong body length";
            return 0;
        }
        return 1;
    }
    if (got->call_error) {
        *why = "a call failed at once";
        return 0;
    }
    if (sc->error) {
        if (got->error != sc->error) {
            *why = got->error ? "a different error than expected" : "no error where one was expected";
            return 0;
        }
        if (got->body_bytes != sc->bytes_before_error) {
            *why = "wrong number of body bytes before the error";
            return 0;
        }
        return 1;
    }
    if (got->error) {
        *why = "an error where success was expected";
        return 0;
    }
    if (!got->completed || got->status != sc->status) {
        *why = got->completed ? "wrong status" : "the body never ended";
        return 0;
    }
    if (got->body_bytes != expected_length(sc)) {
        *why = "wrong body length";
        return 0;
    }
    return 1;
}
