/* WinHttpQueryHeaders, WinHttpAddRequestHeaders and their Ex forms against
 * the loopback test server: every attribute's field name, the modifiers,
 * buffer sizes, index enumeration, request headers, and what actually goes
 * on the wire (the server's /echo-headers route returns the request head). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "testserver.h"
#include "wide.h"
#include "winhttp.h"

#define FIXED_DATE "Sun, 06 Nov 1994 08:49:37 GMT"

static struct testserver *g_server;
static HINTERNET g_session, g_connect;

/* ---- helpers ---- */

static void to_wide(const char *s, WCHAR *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; ++i)
        out[i] = (WCHAR)(unsigned char)s[i];
    out[i] = 0;
}

static int wide_is(const WCHAR *w, const char *s)
{
    for (; *s; ++s, ++w)
        if (*w != (WCHAR)(unsigned char)*s)
            return 0;
    return *w == 0;
}

#define assert_wide(w, s)                                                             \
    do {                                                                              \
        if (!wide_is((w), (s)))                                                       \
            fail_msg("got \"%s\", expected \"%s\"", show((w), wlen(w)), (s));         \
    } while (0)

#define assert_fails(call, error)                                                     \
    do {                                                                              \
        SetLastError(0xdeadbeef);                                                     \
        assert_false(call);                                                           \
        assert_int_equal(GetLastError(), (error));                                    \
    } while (0)

static HINTERNET open_path(HINTERNET c, const char *path)
{
    WCHAR wpath[8192];
    to_wide(path, wpath, 8192);
    HINTERNET r = WinHttpOpenRequest(c, u"GET", wpath, NULL, WINHTTP_NO_REFERER, NULL, 0);
    assert_non_null(r);
    return r;
}

static HINTERNET open_ok(const char *path) { return open_path(g_connect, path); }

static void send_receive(HINTERNET r)
{
    assert_true(WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
}

/* The whole body as a NUL-terminated string. */
static void read_text(HINTERNET r, char *out, size_t cap)
{
    size_t n = 0;
    for (;;) {
        DWORD got = 0;
        assert_true(n + 1 < cap);
        assert_true(WinHttpReadData(r, out + n, (DWORD)(cap - 1 - n), &got));
        if (!got)
            break;
        n += got;
    }
    out[n] = 0;
}

/* Sends r to /echo-headers (it must have been opened there) and returns the
 * request head the server received. */
static void wire_head(HINTERNET r, char *out, size_t cap)
{
    send_receive(r);
    read_text(r, out, cap);
}

static int count_lines_starting(const char *head, const char *prefix)
{
    int n = 0;
    size_t len = strlen(prefix);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n"))
        if (strncmp(p + 2, prefix, len) == 0)
            ++n;
    return n;
}

/* True if head has exactly the line `line` (between CRLFs). */
static int has_line(const char *head, const char *line)
{
    char needle[512];
    snprintf(needle, sizeof needle, "\r\n%s\r\n", line);
    return strstr(head, needle) != NULL;
}

static BOOL query(HINTERNET r, DWORD level, LPCWSTR name, WCHAR *out, DWORD cap_bytes, DWORD *index)
{
    DWORD size = cap_bytes;
    out[0] = 0;
    return WinHttpQueryHeaders(r, level, name, out, &size, index);
}

static void assert_query(HINTERNET r, DWORD level, LPCWSTR name, const char *expected)
{
    WCHAR text[512];
    DWORD size = sizeof(text);
    SetLastError(0xdeadbeef);
    if (!WinHttpQueryHeaders(r, level, name, text, &size, NULL))
        fail_msg("query 0x%x failed with %u", (unsigned)level, (unsigned)GetLastError());
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_wide(text, expected);
    assert_int_equal(size, strlen(expected) * sizeof(WCHAR));
}

static int group_setup(void **state)
{
    (void)state;
    g_server = testserver_start("--date '" FIXED_DATE "'");
    if (!g_server)
        return -1;
    g_session = WinHttpOpen(u"headers-test/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    g_connect = WinHttpConnect(g_session, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    return g_session && g_connect ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    WinHttpCloseHandle(g_connect);
    WinHttpCloseHandle(g_session);
    testserver_stop(g_server);
    return 0;
}

/* ---- WinHttpQueryHeaders: the status line ---- */

static void test_status_line_forms(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/hello");
    send_receive(r);
    assert_query(r, WINHTTP_QUERY_STATUS_CODE, NULL, "200");
    assert_query(r, WINHTTP_QUERY_STATUS_TEXT, NULL, "OK");
    assert_query(r, WINHTTP_QUERY_VERSION, NULL, "HTTP/1.1");

    DWORD code = 0, size = sizeof(code);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL));
    assert_int_equal(code, 200);
    assert_int_equal(size, sizeof(DWORD));
    ULONGLONG code64 = 0;
    size = sizeof(code64);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER64, NULL, &code64, &size, NULL));
    assert_int_equal(code64, 200);
    assert_int_equal(size, sizeof(ULONGLONG));

    /* The status line's parts exist once: index 0 works and is not
     * advanced (Decision: only fields advance the index), index 1 is past
     * the end. */
    WCHAR text[64];
    DWORD index = 0;
    assert_true(query(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, sizeof(text), &index));
    assert_int_equal(index, 0);
    index = 1;
    assert_fails(query(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, sizeof(text), &index),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_int_equal(index, 1);
    /* REQUEST_METHOD is the request's, not the response's. */
    assert_fails(query(r, WINHTTP_QUERY_REQUEST_METHOD, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    WinHttpCloseHandle(r);
}

/* ---- buffer sizes ---- */

static void test_buffer_sizes(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/hello");
    send_receive(r);
    /* "text/plain": 10 characters. */
    DWORD size = 0;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, NULL, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, 22); /* bytes, with the terminator */
    WCHAR text[32];
    for (int i = 0; i < 32; ++i)
        text[i] = 0x7777;
    size = 21;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, text, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, 22);
    assert_int_equal(text[0], 0x7777); /* nothing written */
    size = 22;
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, text, &size, NULL));
    assert_int_equal(size, 20); /* without the terminator */
    assert_wide(text, "text/plain");
    assert_int_equal(text[11], 0x7777); /* nothing past the terminator */

    /* No length pointer at all. */
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, text, NULL, NULL),
                 ERROR_INVALID_PARAMETER);

    /* Numbers and dates have fixed sizes. */
    DWORD n = 0;
    size = 3;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, NULL, &n, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, 4);
    size = 0;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER64, NULL, NULL, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, 8);
    size = 15;
    SYSTEMTIME st;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME, NULL, &st, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, sizeof(SYSTEMTIME));
    size = sizeof(n);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, NULL, &n, &size, NULL));
    assert_int_equal(n, 16);
    WinHttpCloseHandle(r);
}

/* ---- every attribute's field name ---- */

/* The Query Info Flags page's attributes and the fields they stand for,
 * written out here independently of the library's table. */
static const struct {
    DWORD attribute;
    const char *name;
} g_names[] = {
    {WINHTTP_QUERY_MIME_VERSION, "Mime-Version"},
    {WINHTTP_QUERY_CONTENT_TRANSFER_ENCODING, "Content-Transfer-Encoding"},
    {WINHTTP_QUERY_CONTENT_ID, "Content-ID"},
    {WINHTTP_QUERY_CONTENT_DESCRIPTION, "Content-Description"},
    {WINHTTP_QUERY_CONTENT_LANGUAGE, "Content-Language"},
    {WINHTTP_QUERY_ALLOW, "Allow"},
    {WINHTTP_QUERY_PUBLIC, "Public"},
    {WINHTTP_QUERY_EXPIRES, "Expires"},
    {WINHTTP_QUERY_LAST_MODIFIED, "Last-Modified"},
    {WINHTTP_QUERY_MESSAGE_ID, "Message-ID"},
    {WINHTTP_QUERY_URI, "URI"},
    {WINHTTP_QUERY_DERIVED_FROM, "Derived-From"},
    {WINHTTP_QUERY_COST, "Cost"},
    {WINHTTP_QUERY_LINK, "Link"},
    {WINHTTP_QUERY_PRAGMA, "Pragma"},
    {WINHTTP_QUERY_ACCEPT, "Accept"},
    {WINHTTP_QUERY_ACCEPT_CHARSET, "Accept-Charset"},
    {WINHTTP_QUERY_ACCEPT_ENCODING, "Accept-Encoding"},
    {WINHTTP_QUERY_ACCEPT_LANGUAGE, "Accept-Language"},
    {WINHTTP_QUERY_AUTHORIZATION, "Authorization"},
    {WINHTTP_QUERY_CONTENT_ENCODING, "Content-Encoding"},
    {WINHTTP_QUERY_FORWARDED, "Forwarded"},
    {WINHTTP_QUERY_FROM, "From"},
    {WINHTTP_QUERY_IF_MODIFIED_SINCE, "If-Modified-Since"},
    {WINHTTP_QUERY_LOCATION, "Location"},
    {WINHTTP_QUERY_ORIG_URI, "Orig-Uri"},
    {WINHTTP_QUERY_REFERER, "Referer"},
    {WINHTTP_QUERY_RETRY_AFTER, "Retry-After"},
    {WINHTTP_QUERY_SERVER, "Server"},
    {WINHTTP_QUERY_TITLE, "Title"},
    {WINHTTP_QUERY_USER_AGENT, "User-Agent"},
    {WINHTTP_QUERY_WWW_AUTHENTICATE, "WWW-Authenticate"},
    {WINHTTP_QUERY_PROXY_AUTHENTICATE, "Proxy-Authenticate"},
    {WINHTTP_QUERY_ACCEPT_RANGES, "Accept-Ranges"},
    {WINHTTP_QUERY_SET_COOKIE, "Set-Cookie"},
    {WINHTTP_QUERY_COOKIE, "Cookie"},
    {WINHTTP_QUERY_REFRESH, "Refresh"},
    {WINHTTP_QUERY_CONTENT_DISPOSITION, "Content-Disposition"},
    {WINHTTP_QUERY_AGE, "Age"},
    {WINHTTP_QUERY_CACHE_CONTROL, "Cache-Control"},
    {WINHTTP_QUERY_CONTENT_BASE, "Content-Base"},
    {WINHTTP_QUERY_CONTENT_LOCATION, "Content-Location"},
    {WINHTTP_QUERY_CONTENT_MD5, "Content-MD5"},
    {WINHTTP_QUERY_CONTENT_RANGE, "Content-Range"},
    {WINHTTP_QUERY_ETAG, "ETag"},
    {WINHTTP_QUERY_HOST, "Host"},
    {WINHTTP_QUERY_IF_MATCH, "If-Match"},
    {WINHTTP_QUERY_IF_NONE_MATCH, "If-None-Match"},
    {WINHTTP_QUERY_IF_RANGE, "If-Range"},
    {WINHTTP_QUERY_IF_UNMODIFIED_SINCE, "If-Unmodified-Since"},
    {WINHTTP_QUERY_MAX_FORWARDS, "Max-Forwards"},
    {WINHTTP_QUERY_PROXY_AUTHORIZATION, "Proxy-Authorization"},
    {WINHTTP_QUERY_RANGE, "Range"},
    {WINHTTP_QUERY_UPGRADE, "Upgrade"},
    {WINHTTP_QUERY_VARY, "Vary"},
    {WINHTTP_QUERY_VIA, "Via"},
    {WINHTTP_QUERY_WARNING, "Warning"},
    {WINHTTP_QUERY_EXPECT, "Expect"},
    {WINHTTP_QUERY_PROXY_CONNECTION, "Proxy-Connection"},
    {WINHTTP_QUERY_UNLESS_MODIFIED_SINCE, "Unless-Modified-Since"},
    {WINHTTP_QUERY_PROXY_SUPPORT, "Proxy-Support"},
    {WINHTTP_QUERY_AUTHENTICATION_INFO, "Authentication-Info"},
    {WINHTTP_QUERY_PASSPORT_URLS, "PassportURLs"},
    {WINHTTP_QUERY_PASSPORT_CONFIG, "PassportConfig"},
};

static void test_every_attribute_names_its_field(void **state)
{
    (void)state;
    /* The server sends each field with the value "v<attribute>", its name
     * in lower case (names match without regard to case).  The fields the
     * server writes itself (Date, Content-Type, Content-Length, Connection,
     * Transfer-Encoding) are checked on ordinary responses below. */
    char path[4096] = "/headers?";
    size_t n_names = sizeof(g_names) / sizeof(g_names[0]);
    for (size_t i = 0; i < n_names; ++i) {
        char lower[64];
        size_t k = 0;
        for (; g_names[i].name[k]; ++k)
            lower[k] = (char)((g_names[i].name[k] >= 'A' && g_names[i].name[k] <= 'Z')
                                  ? g_names[i].name[k] + 32 : g_names[i].name[k]);
        lower[k] = 0;
        char part[96];
        snprintf(part, sizeof part, "%sh=%s:v%u", i ? "&" : "", lower, (unsigned)g_names[i].attribute);
        strcat(path, part);
    }
    HINTERNET r = open_ok(path);
    send_receive(r);
    for (size_t i = 0; i < n_names; ++i) {
        char expected[16];
        snprintf(expected, sizeof expected, "v%u", (unsigned)g_names[i].attribute);
        WCHAR text[64];
        DWORD size = sizeof(text);
        if (!WinHttpQueryHeaders(r, g_names[i].attribute, WINHTTP_HEADER_NAME_BY_INDEX, text, &size, NULL))
            fail_msg("%s: error %u", g_names[i].name, (unsigned)GetLastError());
        assert_wide(text, expected);
    }
    /* The server's own fields. */
    assert_query(r, WINHTTP_QUERY_DATE, NULL, FIXED_DATE);
    assert_query(r, WINHTTP_QUERY_CONTENT_LENGTH, NULL, "3");
    WCHAR text[64];
    DWORD index = 0;
    assert_true(query(r, WINHTTP_QUERY_CONTENT_TYPE, NULL, text, sizeof(text), &index));
    assert_wide(text, "text/plain");
    /* Attribute numbers WinHTTP leaves unused name nothing; numbers past
     * WINHTTP_QUERY_MAX other than CUSTOM are refused (Decision). */
    for (DWORD a = 71; a <= 74; ++a)
        assert_fails(query(r, a, NULL, text, sizeof(text), NULL), ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_fails(query(r, WINHTTP_QUERY_MAX + 1, NULL, text, sizeof(text), NULL), ERROR_INVALID_PARAMETER);
    assert_fails(query(r, 0xfffe, NULL, text, sizeof(text), NULL), ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(r);

    r = open_ok("/headers?h=Connection:close");
    send_receive(r);
    assert_query(r, WINHTTP_QUERY_CONNECTION, NULL, "close");
    WinHttpCloseHandle(r);
    r = open_ok("/chunked");
    send_receive(r);
    assert_query(r, WINHTTP_QUERY_TRANSFER_ENCODING, NULL, "chunked");
    WinHttpCloseHandle(r);
}

/* ---- index enumeration, CUSTOM ---- */

static void test_index_enumerates_fields(void **state)
{
    (void)state;
    static const char *cookies[] = {
        "session=abc123; Path=/",
        "theme=dark; Path=/; HttpOnly",
        "lang=en; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/",
    };
    HINTERNET r = open_ok("/setcookie");
    send_receive(r);
    WCHAR text[128];
    DWORD index = 0;
    for (int i = 0; i < 3; ++i) {
        assert_true(query(r, WINHTTP_QUERY_SET_COOKIE, NULL, text, sizeof(text), &index));
        assert_wide(text, cookies[i]);
        assert_int_equal(index, i + 1); /* advanced on success */
    }
    assert_fails(query(r, WINHTTP_QUERY_SET_COOKIE, NULL, text, sizeof(text), &index),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_int_equal(index, 3); /* left alone on failure */

    /* CUSTOM: the same, by name, in any case. */
    index = 1;
    assert_true(query(r, WINHTTP_QUERY_CUSTOM, u"SET-cookie", text, sizeof(text), &index));
    assert_wide(text, cookies[1]);
    assert_int_equal(index, 2);
    /* No index pointer: the first. */
    assert_query(r, WINHTTP_QUERY_CUSTOM, u"set-cookie", cookies[0]);
    /* A short buffer does not advance the index. */
    DWORD size = 4;
    index = 0;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_SET_COOKIE, NULL, text, &size, &index),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, (strlen(cookies[0]) + 1) * sizeof(WCHAR));
    assert_int_equal(index, 0);

    assert_fails(query(r, WINHTTP_QUERY_CUSTOM, NULL, text, sizeof(text), NULL), ERROR_INVALID_PARAMETER);
    assert_fails(query(r, WINHTTP_QUERY_CUSTOM, u"X-Absent", text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_fails(query(r, WINHTTP_QUERY_CUSTOM, u"", text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    WinHttpCloseHandle(r);
}

/* ---- RAW_HEADERS and RAW_HEADERS_CRLF ---- */

static void test_raw_headers(void **state)
{
    (void)state;
    /* A server of its own, so the connection id is 1. */
    struct testserver *ts = testserver_start("--date '" FIXED_DATE "'");
    assert_non_null(ts);
    HINTERNET c = WinHttpConnect(g_session, u"127.0.0.1", (INTERNET_PORT)testserver_port(ts), 0);
    HINTERNET r = open_path(c, "/hello");
    send_receive(r);
    static const char head[] = "HTTP/1.1 200 OK\r\nDate: " FIXED_DATE "\r\nX-Connection-Id: 1\r\n"
                               "Content-Type: text/plain\r\nContent-Length: 16\r\n\r\n";
    WCHAR text[256];
    DWORD size = 0;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_RAW_HEADERS_CRLF, NULL, NULL, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, (strlen(head) + 1) * sizeof(WCHAR));
    assert_query(r, WINHTTP_QUERY_RAW_HEADERS_CRLF, NULL, head);

    /* NUL after each line and one more at the end; the length counts the
     * last line's NUL, not the final one. */
    char expected[256];
    size_t n = 0;
    for (const char *p = head; *p; ++p) {
        if (p[0] == '\r' && p[1] == '\n') {
            expected[n++] = 0;
            if (p[2] == '\r')
                break;
            ++p;
        } else {
            expected[n++] = *p;
        }
    }
    size = 0;
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_RAW_HEADERS, NULL, NULL, &size, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, (n + 1) * sizeof(WCHAR));
    size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_RAW_HEADERS, NULL, text, &size, NULL));
    assert_int_equal(size, n * sizeof(WCHAR));
    for (size_t i = 0; i < n; ++i)
        if (text[i] != (WCHAR)(unsigned char)expected[i])
            fail_msg("character %zu: 0x%x, expected 0x%x", i, text[i], (unsigned char)expected[i]);
    assert_int_equal(text[n], 0);

    /* Formats do not apply to the whole head. */
    assert_fails(query(r, WINHTTP_QUERY_RAW_HEADERS | WINHTTP_QUERY_FLAG_NUMBER, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_INVALID_QUERY_REQUEST);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    testserver_stop(ts);
}

/* ---- SYSTEMTIME and numbers ---- */

static void assert_time(const SYSTEMTIME *st, int y, int mo, int dow, int d, int h, int mi, int s)
{
    assert_int_equal(st->wYear, y);
    assert_int_equal(st->wMonth, mo);
    assert_int_equal(st->wDayOfWeek, dow);
    assert_int_equal(st->wDay, d);
    assert_int_equal(st->wHour, h);
    assert_int_equal(st->wMinute, mi);
    assert_int_equal(st->wSecond, s);
    assert_int_equal(st->wMilliseconds, 0);
}

static void test_systemtime(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/date");
    send_receive(r);
    SYSTEMTIME st;
    DWORD size = sizeof(st);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_LAST_MODIFIED | WINHTTP_QUERY_FLAG_SYSTEMTIME, NULL, &st, &size, NULL));
    assert_int_equal(size, sizeof(SYSTEMTIME));
    assert_time(&st, 1994, 11, 2, 15, 12, 45, 26);
    size = sizeof(st);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_EXPIRES | WINHTTP_QUERY_FLAG_SYSTEMTIME, NULL, &st, &size, NULL));
    assert_time(&st, 1994, 12, 4, 1, 16, 0, 0);
    size = sizeof(st);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME, NULL, &st, &size, NULL));
    assert_time(&st, 1994, 11, 0, 6, 8, 49, 37);
    size = sizeof(st);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_SYSTEMTIME, u"expires", &st, &size, NULL));
    assert_time(&st, 1994, 12, 4, 1, 16, 0, 0);
    /* Decision: only one of NUMBER, NUMBER64, SYSTEMTIME at a time. */
    size = sizeof(st);
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME | WINHTTP_QUERY_FLAG_NUMBER,
                                     NULL, &st, &size, NULL),
                 ERROR_WINHTTP_INVALID_QUERY_REQUEST);
    WinHttpCloseHandle(r);
}

static void test_numbers(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/headers?h=X-Big:4294967296&h=X-Max:4294967295&h=X-Text:12abc&h=X-Huge:18446744073709551616");
    send_receive(r);
    DWORD n = 0, size = sizeof(n);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER, u"X-Max", &n, &size, NULL));
    assert_int_equal(n, 0xffffffffu);
    /* Decision: a value that is not all digits, or does not fit, is
     * ERROR_WINHTTP_INVALID_QUERY_REQUEST rather than a silently wrong
     * number. */
    size = sizeof(n);
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER, u"X-Big", &n, &size, NULL),
                 ERROR_WINHTTP_INVALID_QUERY_REQUEST);
    ULONGLONG big = 0;
    size = sizeof(big);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER64, u"X-Big", &big, &size, NULL));
    assert_true(big == 4294967296ull);
    size = sizeof(big);
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER64, u"X-Huge", &big, &size, NULL),
                 ERROR_WINHTTP_INVALID_QUERY_REQUEST);
    size = sizeof(n);
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER, u"X-Text", &n, &size, NULL),
                 ERROR_WINHTTP_INVALID_QUERY_REQUEST);
    size = sizeof(n);
    assert_fails(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_TYPE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &n, &size, NULL),
                 ERROR_WINHTTP_INVALID_QUERY_REQUEST);
    WinHttpCloseHandle(r);
}

/* ---- wrong state, wrong arguments ---- */

static void test_wrong_state_and_arguments(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/hello");
    WCHAR text[64];
    /* No response yet: before sending, and after sending but before
     * WinHttpReceiveResponse. */
    assert_fails(query(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_fails(query(r, WINHTTP_QUERY_RAW_HEADERS_CRLF, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_fails(query(r, WINHTTP_QUERY_CONTENT_LENGTH, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* Request headers can be read at any time. */
    assert_query(r, WINHTTP_QUERY_USER_AGENT | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, NULL, "headers-test/1.0");
    assert_true(WinHttpReceiveResponse(r, NULL));
    assert_query(r, WINHTTP_QUERY_STATUS_CODE, NULL, "200");

    /* The wire-encoding flag is the Ex function's (Decision: refused
     * here); unknown modifier bits are refused (Decision); so are trailers
     * of a request (Decision). */
    assert_fails(query(r, WINHTTP_QUERY_CONTENT_TYPE | WINHTTP_QUERY_FLAG_TRAILERS | WINHTTP_QUERY_FLAG_REQUEST_HEADERS,
                       NULL, text, sizeof(text), NULL),
                 ERROR_INVALID_PARAMETER);
    assert_fails(query(r, WINHTTP_QUERY_CONTENT_TYPE | WINHTTP_QUERY_FLAG_WIRE_ENCODING, NULL, text, sizeof(text), NULL),
                 ERROR_INVALID_PARAMETER);
    assert_fails(query(r, WINHTTP_QUERY_CONTENT_TYPE | 0x00010000, NULL, text, sizeof(text), NULL),
                 ERROR_INVALID_PARAMETER);

    assert_fails(query(g_connect, WINHTTP_QUERY_STATUS_CODE, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(r);
    assert_fails(query(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, sizeof(text), NULL), ERROR_INVALID_HANDLE);
}

/* ---- trailers ---- */

static void test_trailers(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/chunked");
    send_receive(r);
    WCHAR text[128];
    const DWORD tr = WINHTTP_QUERY_FLAG_TRAILERS;
    /* Not before the body has been read to its end. */
    assert_fails(query(r, WINHTTP_QUERY_CUSTOM | tr, u"X-Trailer", text, sizeof(text), NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    char body[128];
    read_text(r, body, sizeof body);
    assert_string_equal(body, "This is a chunked response.\n");
    assert_query(r, WINHTTP_QUERY_CUSTOM | tr, u"x-trailer", "trailer-value");
    assert_query(r, WINHTTP_QUERY_RAW_HEADERS_CRLF | tr, NULL, "X-Trailer: trailer-value\r\n\r\n");
    /* Trailers are fields only: no status line, and the head's fields are
     * not among them. */
    assert_fails(query(r, WINHTTP_QUERY_STATUS_CODE | tr, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_fails(query(r, WINHTTP_QUERY_CONTENT_TYPE | tr, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    /* And the head is still there, without the trailer. */
    assert_query(r, WINHTTP_QUERY_STATUS_CODE, NULL, "200");
    assert_fails(query(r, WINHTTP_QUERY_CUSTOM, u"X-Trailer", text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);

    unsigned char buffer[256];
    WINHTTP_EXTENDED_HEADER *headers = NULL;
    DWORD count = 0, size = sizeof(buffer);
    assert_int_equal(WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS | tr, 0, 0, NULL, NULL, buffer, &size,
                                           &headers, &count),
                     ERROR_SUCCESS);
    assert_int_equal(count, 1);
    assert_wide(headers[0].pwszName, "X-Trailer");
    assert_wide(headers[0].pwszValue, "trailer-value");
    WinHttpCloseHandle(r);

    /* A body without trailers has none (Decision: the raw form is then
     * just the empty line). */
    r = open_ok("/hello");
    send_receive(r);
    read_text(r, body, sizeof body);
    assert_query(r, WINHTTP_QUERY_RAW_HEADERS_CRLF | tr, NULL, "\r\n");
    assert_fails(query(r, WINHTTP_QUERY_CUSTOM | tr, u"X-Trailer", text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    WinHttpCloseHandle(r);
}

/* ---- WinHttpAddRequestHeaders, proved on the wire ---- */

static void test_add_flags_on_the_wire(void **state)
{
    (void)state;
    char head[4096];
    HINTERNET r = open_ok("/echo-headers");
    /* Decision: modifiers 0 adds like ADD; both append, duplicates included. */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Dup: 1", (DWORD)-1, 0));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_true(WinHttpAddRequestHeaders(r, u"X-Dup: 2", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    /* ADD_IF_NEW. */
    assert_true(WinHttpAddRequestHeaders(r, u"X-New: first", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW));
    assert_fails(WinHttpAddRequestHeaders(r, u"x-new: second", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW),
                 ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    /* COALESCE is COALESCE_WITH_COMMA; the first field of the name takes
     * the value. */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Comma: a", (DWORD)-1, WINHTTP_ADDREQ_FLAG_COALESCE));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Comma: b", (DWORD)-1, WINHTTP_ADDREQ_FLAG_COALESCE));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Comma: c", (DWORD)-1, WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Semi: a", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Semi: b", (DWORD)-1, WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON));
    /* REPLACE (Decision: it acts on every field of the name). */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Rep: old", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Rep: new", (DWORD)-1, WINHTTP_ADDREQ_FLAG_REPLACE));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Gone: soon", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    assert_true(WinHttpAddRequestHeaders(r, u"X-Gone:", (DWORD)-1, WINHTTP_ADDREQ_FLAG_REPLACE));
    /* Decision: REPLACE without ADD on a field that is not there fails
     * with ERROR_WINHTTP_HEADER_NOT_FOUND; with ADD it adds. */
    assert_fails(WinHttpAddRequestHeaders(r, u"X-Absent: v", (DWORD)-1, WINHTTP_ADDREQ_FLAG_REPLACE),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_true(WinHttpAddRequestHeaders(r, u"X-Added: v", (DWORD)-1,
                                         WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD));
    /* Several lines in one call, with an explicit length that stops
     * before the last line; whitespace around values goes. */
    const WCHAR *block = u"X-One: 1\r\nX-Two:\t 2 \r\nX-Three: 3";
    assert_true(WinHttpAddRequestHeaders(r, block, 22, WINHTTP_ADDREQ_FLAG_ADD));
    /* Decision: the application's User-Agent replaces WinHTTP's own. */
    assert_true(WinHttpAddRequestHeaders(r, u"User-Agent: mine/2.0\r\n", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));

    wire_head(r, head, sizeof head);
    assert_int_equal(count_lines_starting(head, "X-Dup:"), 2);
    assert_true(has_line(head, "X-Dup: 1"));
    assert_true(has_line(head, "X-Dup: 2"));
    assert_true(has_line(head, "X-New: first"));
    assert_int_equal(count_lines_starting(head, "X-New:") + count_lines_starting(head, "x-new:"), 1);
    assert_true(has_line(head, "X-Comma: a, b, c"));
    assert_true(has_line(head, "X-Semi: a; b"));
    assert_true(has_line(head, "X-Rep: new"));
    assert_int_equal(count_lines_starting(head, "X-Rep:"), 1);
    assert_int_equal(count_lines_starting(head, "X-Gone:"), 0);
    assert_int_equal(count_lines_starting(head, "X-Absent:"), 0);
    assert_true(has_line(head, "X-Added: v"));
    assert_true(has_line(head, "X-One: 1"));
    assert_true(has_line(head, "X-Two: 2"));
    assert_int_equal(count_lines_starting(head, "X-Three:"), 0);
    assert_int_equal(count_lines_starting(head, "User-Agent:"), 1);
    assert_true(has_line(head, "User-Agent: mine/2.0"));
    WinHttpCloseHandle(r);
}

static void test_add_refuses_injection_and_malformed_lines(void **state)
{
    (void)state;
    char head[4096];
    HINTERNET r = open_ok("/echo-headers");
    /* A CR or LF that is not part of a CRLF would start a field the
     * application did not mean to send (Decision: refused, not split). */
    assert_fails(WinHttpAddRequestHeaders(r, u"X-A: a\nX-Evil: 1", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD),
                 ERROR_INVALID_PARAMETER);
    assert_fails(WinHttpAddRequestHeaders(r, u"X-A: a\rX-Evil: 1", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD),
                 ERROR_INVALID_PARAMETER);
    /* A NUL inside the counted text, with text after it. */
    static const WCHAR with_nul[] = {'X', '-', 'A', ':', ' ', 'a', 0, 'X', '-', 'E', 'v', 'i', 'l', ':', '1'};
    assert_fails(WinHttpAddRequestHeaders(r, with_nul, 15, WINHTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    /* Decision: malformed lines (no colon, empty name, a name that is not a
     * token) are ERROR_INVALID_PARAMETER, and a block is all or nothing. */
    assert_fails(WinHttpAddRequestHeaders(r, u"X-Good: 1\r\nno colon here", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD),
                 ERROR_INVALID_PARAMETER);
    assert_fails(WinHttpAddRequestHeaders(r, u": value", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    assert_fails(WinHttpAddRequestHeaders(r, u"Bad Name: v", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    assert_fails(WinHttpAddRequestHeaders(r, u" X-Folded: v", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    /* ADD_IF_NEW failing on the second line keeps the first out too. */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Once: 1", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    assert_fails(WinHttpAddRequestHeaders(r, u"X-Before: 1\r\nX-Once: 2", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW),
                 ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    /* No text: ERROR_INVALID_PARAMETER (Decision, also for length 0). */
    assert_fails(WinHttpAddRequestHeaders(r, NULL, 0, WINHTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    assert_fails(WinHttpAddRequestHeaders(r, u"X-A: 1", 0, WINHTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    /* A NUL that only NULs follow ends the text (a length that counts the
     * terminator). */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Counted: yes", 15, WINHTTP_ADDREQ_FLAG_ADD));
    /* Empty lines are skipped. */
    assert_true(WinHttpAddRequestHeaders(r, u"\r\nX-Spaced: 1\r\n\r\n", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    /* An empty value is sent as an empty field. */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Empty:", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));

    assert_fails(WinHttpAddRequestHeaders(g_connect, u"X-A: 1", (DWORD)-1, 0), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    assert_fails(WinHttpAddRequestHeaders(NULL, u"X-A: 1", (DWORD)-1, 0), ERROR_INVALID_HANDLE);

    wire_head(r, head, sizeof head);
    assert_null(strstr(head, "Evil"));
    assert_null(strstr(head, "X-Good"));
    assert_null(strstr(head, "X-Before"));
    assert_null(strstr(head, "X-Folded"));
    assert_true(has_line(head, "X-Once: 1"));
    assert_true(has_line(head, "X-Counted: yes"));
    assert_true(has_line(head, "X-Spaced: 1"));
    assert_true(has_line(head, "X-Empty:"));
    /* The head ends where it should: no stray blank line inside. */
    assert_non_null(strstr(head, "\r\n\r\n"));
    assert_true(strstr(head, "\r\n\r\n") == head + strlen(head) - 4);
    WinHttpCloseHandle(r);
}

static void test_send_request_headers_join_the_store(void **state)
{
    (void)state;
    char head[4096];
    HINTERNET r = open_ok("/echo-headers");
    assert_true(WinHttpAddRequestHeaders(r, u"X-S: from-add\r\nX-Keep: k", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    /* Decision: WinHttpSendRequest's block joins the store as ADD|REPLACE,
     * replacing fields of the same name and adding the others; a malformed
     * block fails before anything is sent. */
    assert_fails(WinHttpSendRequest(r, u"X-S: x\nEvil: 1", (DWORD)-1, NULL, 0, 0, 0), ERROR_INVALID_PARAMETER);
    WCHAR text[64];
    assert_fails(query(r, WINHTTP_QUERY_STATUS_CODE, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_true(WinHttpSendRequest(r, u"X-S: from-send\r\nX-Only-Send: o\r\n", (DWORD)-1, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    read_text(r, head, sizeof head);
    assert_true(has_line(head, "X-S: from-send"));
    assert_int_equal(count_lines_starting(head, "X-S:"), 1);
    assert_true(has_line(head, "X-Keep: k"));
    assert_true(has_line(head, "X-Only-Send: o"));
    /* They stay with the request. */
    assert_query(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"X-Only-Send", "o");
    WinHttpCloseHandle(r);
}

/* The head on the wire for requests without a body, byte for byte: the
 * request line, Host, WinHTTP's User-Agent, nothing of curl's own (no
 * Accept, no Expect). */
static void test_wire_head_without_body(void **state)
{
    (void)state;
    static const WCHAR *const verbs[] = {u"GET", u"DELETE", u"OPTIONS"};
    static const char *const names[] = {"GET", "DELETE", "OPTIONS"};
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); ++i) {
        HINTERNET r = WinHttpOpenRequest(g_connect, verbs[i], u"/echo-headers", NULL, WINHTTP_NO_REFERER, NULL, 0);
        assert_non_null(r);
        send_receive(r);
        char body[1024], expected[512];
        read_text(r, body, sizeof body);
        snprintf(expected, sizeof expected, "%s /echo-headers HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: headers-test/1.0\r\n\r\n",
                 names[i], testserver_port(g_server));
        assert_string_equal(body, expected);
        WinHttpCloseHandle(r);
    }
}

static void test_request_headers_query(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/echo-headers");
    assert_true(WinHttpAddRequestHeaders(r, u"X-A: 1\r\nX-A: 2\r\nX-Date: Tue, 15 Nov 1994 12:45:26 GMT\r\nX-N: 42",
                                         (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    const DWORD req = WINHTTP_QUERY_FLAG_REQUEST_HEADERS;
    char expected[512];
    snprintf(expected, sizeof expected,
             "GET /echo-headers HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: headers-test/1.0\r\n"
             "X-A: 1\r\nX-A: 2\r\nX-Date: Tue, 15 Nov 1994 12:45:26 GMT\r\nX-N: 42\r\n\r\n",
             testserver_port(g_server));
    assert_query(r, WINHTTP_QUERY_RAW_HEADERS_CRLF | req, NULL, expected);
    assert_query(r, WINHTTP_QUERY_REQUEST_METHOD | req, NULL, "GET");
    assert_query(r, WINHTTP_QUERY_VERSION | req, NULL, "HTTP/1.1");
    assert_query(r, WINHTTP_QUERY_USER_AGENT | req, NULL, "headers-test/1.0");
    WCHAR text[64];
    DWORD index = 1;
    assert_true(query(r, WINHTTP_QUERY_CUSTOM | req, u"x-a", text, sizeof(text), &index));
    assert_wide(text, "2");
    assert_int_equal(index, 2);
    assert_fails(query(r, WINHTTP_QUERY_CUSTOM | req, u"x-a", text, sizeof(text), &index),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    DWORD n = 0, size = sizeof(n);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | req | WINHTTP_QUERY_FLAG_NUMBER, u"X-N", &n, &size, NULL));
    assert_int_equal(n, 42);
    SYSTEMTIME st;
    size = sizeof(st);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | req | WINHTTP_QUERY_FLAG_SYSTEMTIME, u"X-Date", &st, &size, NULL));
    assert_time(&st, 1994, 11, 2, 15, 12, 45, 26);
    /* A request has no status line. */
    assert_fails(query(r, WINHTTP_QUERY_STATUS_CODE | req, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);

    /* What the view shows is what goes on the wire. */
    char head[4096];
    wire_head(r, head, sizeof head);
    assert_true(has_line(head, "User-Agent: headers-test/1.0"));
    char host[64];
    snprintf(host, sizeof host, "Host: 127.0.0.1:%d", testserver_port(g_server));
    assert_true(has_line(head, host));
    assert_true(has_line(head, "X-A: 1"));
    assert_true(has_line(head, "X-A: 2"));
    WinHttpCloseHandle(r);
}

static void test_non_ascii_values(void **state)
{
    (void)state;
    char head[4096];
    HINTERNET r = open_ok("/echo-headers");
    /* UTF-16 text goes on the wire as UTF-8 and reads back unchanged. */
    assert_true(WinHttpAddRequestHeaders(r, u"X-Name: caf\u00e9 \u20ac", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    WCHAR text[64];
    DWORD size = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"X-Name", text, &size, NULL));
    assert_int_equal(size, 6 * sizeof(WCHAR));
    assert_int_equal(text[3], 0xe9);
    assert_int_equal(text[5], 0x20ac);
    wire_head(r, head, sizeof head);
    assert_true(has_line(head, "X-Name: caf\xc3\xa9 \xe2\x82\xac"));
    WinHttpCloseHandle(r);
}

/* The head is parsed once per response; sending again gives the new
 * response's head, not the cached one. */
static void test_resend_sees_new_head(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/hello");
    assert_true(WinHttpAddRequestHeaders(r, u"Connection: close", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    send_receive(r);
    assert_query(r, WINHTTP_QUERY_CONNECTION, NULL, "close");
    char body[64];
    read_text(r, body, sizeof body);
    assert_true(WinHttpAddRequestHeaders(r, u"Connection:", (DWORD)-1, WINHTTP_ADDREQ_FLAG_REPLACE));
    send_receive(r);
    WCHAR text[64];
    assert_fails(query(r, WINHTTP_QUERY_CONNECTION, NULL, text, sizeof(text), NULL),
                 ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_query(r, WINHTTP_QUERY_STATUS_CODE, NULL, "200");
    WinHttpCloseHandle(r);
}

/* ---- WinHttpAddRequestHeadersEx ---- */

static void test_add_headers_ex(void **state)
{
    (void)state;
    char head[4096];
    HINTERNET r = open_ok("/echo-headers");
    WINHTTP_EXTENDED_HEADER wide[2];
    wide[0].pwszName = u"X-Wide";
    wide[0].pwszValue = u"w\u00e9";
    wide[1].pwszName = u"X-Both";
    wide[1].pwszValue = u"1";
    SetLastError(0xdeadbeef);
    assert_int_equal(WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 2, wide),
                     ERROR_SUCCESS);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    /* 8-bit strings are wire bytes. */
    WINHTTP_EXTENDED_HEADER narrow[1];
    narrow[0].pszName = "X-Both";
    narrow[0].pszValue = "2";
    assert_int_equal(WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON, 0, 0, 1, narrow),
                     ERROR_SUCCESS);
    narrow[0].pszName = "X-Bytes";
    narrow[0].pszValue = "caf\xc3\xa9";
    assert_int_equal(WinHttpAddRequestHeadersEx(r, 0, 0, 0, 1, narrow), ERROR_SUCCESS);
    /* Injection through a value or a name is refused, and nothing of the
     * call is applied. */
    WINHTTP_EXTENDED_HEADER bad[2];
    bad[0].pszName = "X-Fine";
    bad[0].pszValue = "ok";
    bad[1].pszName = "X-Bad";
    bad[1].pszValue = "a\r\nX-Evil: 1";
    SetLastError(0xdeadbeef);
    assert_int_equal(WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, 0, 0, 2, bad), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    bad[1].pszName = "X-Bad\r\nX-Evil";
    bad[1].pszValue = "1";
    assert_int_equal(WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, 0, 0, 2, bad), ERROR_INVALID_PARAMETER);
    bad[1].pszName = NULL;
    assert_int_equal(WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, 0, 0, 2, bad), ERROR_INVALID_PARAMETER);
    /* Reserved arguments, no headers (Decision: ERROR_INVALID_PARAMETER). */
    assert_int_equal(WinHttpAddRequestHeadersEx(r, 0, 0, 1, 1, narrow), ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpAddRequestHeadersEx(r, 0, 0x2, 0, 1, narrow), ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpAddRequestHeadersEx(r, 0, 0, 0, 0, narrow), ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpAddRequestHeadersEx(r, 0, 0, 0, 1, NULL), ERROR_INVALID_PARAMETER);
    /* The flags work as in WinHttpAddRequestHeaders. */
    narrow[0].pszName = "X-Both";
    narrow[0].pszValue = "3";
    assert_int_equal(WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW, 0, 0, 1, narrow),
                     ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    assert_int_equal(WinHttpAddRequestHeadersEx(g_connect, 0, 0, 0, 1, narrow), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    wire_head(r, head, sizeof head);
    assert_true(has_line(head, "X-Wide: w\xc3\xa9"));
    assert_true(has_line(head, "X-Both: 1; 2"));
    assert_true(has_line(head, "X-Bytes: caf\xc3\xa9"));
    assert_null(strstr(head, "X-Fine"));
    assert_null(strstr(head, "Evil"));
    WinHttpCloseHandle(r);
}

/* Adding and reading request headers runs synchronously in async mode too
 * (WinHttpAddRequestHeaders' page); nothing is sent. */
static void test_add_in_async_mode(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"async/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    assert_non_null(s);
    HINTERNET c = WinHttpConnect(s, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_server), 0);
    HINTERNET r = open_path(c, "/echo-headers");
    assert_true(WinHttpAddRequestHeaders(r, u"X-Async: yes", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    assert_query(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"x-async", "yes");
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* ---- WinHttpQueryHeadersEx ---- */

static DWORD query_ex(HINTERNET r, DWORD level, UINT code_page, DWORD *index, WINHTTP_HEADER_NAME *name,
                      void *buffer, DWORD *size, WINHTTP_EXTENDED_HEADER **headers, DWORD *count)
{
    SetLastError(0xdeadbeef);
    DWORD err = WinHttpQueryHeadersEx(r, level, 0, code_page, index, name, buffer, size, headers, count);
    assert_int_equal(GetLastError(), err);
    return err;
}

static void test_query_headers_ex_all(void **state)
{
    (void)state;
    static const char *expected[][2] = {
        {"Date", FIXED_DATE},
        {"X-Connection-Id", NULL}, /* any */
        {"Set-Cookie", "session=abc123; Path=/"},
        {"Set-Cookie", "theme=dark; Path=/; HttpOnly"},
        {"Set-Cookie", "lang=en; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/"},
        {"Content-Type", "text/plain"},
        {"Content-Length", "8"},
    };
    HINTERNET r = open_ok("/setcookie");
    WINHTTP_EXTENDED_HEADER *headers = NULL;
    DWORD count = 99, size = 0;
    /* No response yet. */
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, NULL, NULL, NULL, &size, &headers, &count),
                     ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    send_receive(r);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, NULL, NULL, NULL, &size, &headers, &count),
                     ERROR_INSUFFICIENT_BUFFER);
    DWORD strings = 0;
    for (int i = 0; i < 7; ++i)
        if (expected[i][1])
            strings += (DWORD)(strlen(expected[i][0]) + 1 + strlen(expected[i][1]) + 1);
    strings += (DWORD)(strlen("X-Connection-Id") + 1);
    /* The array, then the UTF-16 strings; the connection id is 1+ digits. */
    assert_true(size >= 7 * sizeof(WINHTTP_EXTENDED_HEADER) + (strings + 2) * sizeof(WCHAR));
    assert_true(size <= 7 * sizeof(WINHTTP_EXTENDED_HEADER) + (strings + 11) * sizeof(WCHAR));
    assert_int_equal(count, 99); /* Decision: untouched on failure */
    DWORD needed = size;
    unsigned char *buffer = malloc(needed);
    size = needed - 1;
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, NULL, NULL, buffer, &size, &headers, &count),
                     ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(size, needed);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, NULL, NULL, buffer, &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_int_equal(size, needed); /* Decision: on success, the bytes used */
    assert_int_equal(count, 7);
    assert_ptr_equal(headers, buffer);
    for (int i = 0; i < 7; ++i) {
        assert_true((const unsigned char *)headers[i].pwszName >= buffer &&
                    (const unsigned char *)headers[i].pwszName < buffer + needed);
        assert_wide(headers[i].pwszName, expected[i][0]);
        if (expected[i][1])
            assert_wide(headers[i].pwszValue, expected[i][1]);
    }
    free(buffer);

    /* The wire form: 8-bit strings. */
    size = 0;
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_WIRE_ENCODING, 0, NULL, NULL,
                              NULL, &size, &headers, &count),
                     ERROR_INSUFFICIENT_BUFFER);
    buffer = malloc(size);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_WIRE_ENCODING, 0, NULL, NULL,
                              buffer, &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_int_equal(count, 7);
    assert_string_equal(headers[4].pszName, "Set-Cookie");
    assert_string_equal(headers[4].pszValue, expected[4][1]);
    assert_string_equal(headers[6].pszValue, "8");
    free(buffer);
    WinHttpCloseHandle(r);
}

static void test_query_headers_ex_by_name(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/setcookie");
    send_receive(r);
    unsigned char buffer[1024];
    WINHTTP_EXTENDED_HEADER *headers = NULL;
    DWORD count = 0, size, index = 0;
    static const char *cookies[] = {"session=abc123; Path=/", "theme=dark; Path=/; HttpOnly"};
    /* A known attribute, enumerated with the index. */
    for (DWORD i = 0; i < 2; ++i) {
        size = sizeof(buffer);
        assert_int_equal(query_ex(r, WINHTTP_QUERY_SET_COOKIE, 0, &index, NULL, buffer, &size, &headers, &count),
                         ERROR_SUCCESS);
        assert_int_equal(count, 1);
        assert_int_equal(index, i + 1);
        assert_wide(headers[0].pwszName, "Set-Cookie");
        assert_wide(headers[0].pwszValue, cookies[i]);
        assert_int_equal(size, sizeof(WINHTTP_EXTENDED_HEADER) + (11 + strlen(cookies[i]) + 1) * sizeof(WCHAR));
    }
    index = 3;
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_SET_COOKIE, 0, &index, NULL, buffer, &size, &headers, &count),
                     ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_int_equal(index, 3);
    /* CUSTOM, UTF-16 name and 8-bit name (wire form). */
    WINHTTP_HEADER_NAME name;
    name.pwszName = u"content-TYPE";
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_CUSTOM, 0, NULL, &name, buffer, &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_wide(headers[0].pwszValue, "text/plain");
    name.pszName = "x-connection-id";
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_WIRE_ENCODING, 0, NULL, &name, buffer,
                              &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_string_equal(headers[0].pszName, "X-Connection-Id");
    name.pwszName = u"X-Absent";
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_CUSTOM, 0, NULL, &name, buffer, &size, &headers, &count),
                     ERROR_WINHTTP_HEADER_NOT_FOUND);
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_CUSTOM, 0, NULL, NULL, buffer, &size, &headers, &count),
                     ERROR_INVALID_PARAMETER);
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_LOCATION, 0, NULL, NULL, buffer, &size, &headers, &count),
                     ERROR_WINHTTP_HEADER_NOT_FOUND);

    /* What the Ex page refuses. */
    static const DWORD refused[] = {
        WINHTTP_QUERY_VERSION, WINHTTP_QUERY_STATUS_CODE, WINHTTP_QUERY_STATUS_TEXT, WINHTTP_QUERY_RAW_HEADERS_CRLF,
        WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER,
        WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER64,
        WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME,
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); ++i) {
        size = sizeof(buffer);
        assert_int_equal(query_ex(r, refused[i], 0, NULL, NULL, buffer, &size, &headers, &count),
                         ERROR_INVALID_PARAMETER);
    }
    size = sizeof(buffer);
    SetLastError(0xdeadbeef);
    assert_int_equal(WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS, 1, 0, NULL, NULL, buffer, &size, &headers, &count),
                     ERROR_INVALID_PARAMETER); /* ullFlags is reserved */
    assert_int_equal(WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, buffer, NULL, &headers, &count),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, buffer, &size, &headers, NULL),
                     ERROR_INVALID_PARAMETER);
    /* Trailers: only once the body has been read to its end. */
    assert_int_equal(WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_TRAILERS, 0, 0, NULL,
                                           NULL, buffer, &size, &headers, &count),
                     ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(WinHttpQueryHeadersEx(g_connect, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, buffer, &size,
                                           &headers, &count),
                     ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(r);
}

static void test_query_headers_ex_request_and_code_page(void **state)
{
    (void)state;
    HINTERNET r = open_ok("/headers?h=X-U:caf%C3%A9");
    assert_true(WinHttpAddRequestHeaders(r, u"X-Mine: 1", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD));
    unsigned char buffer[1024];
    WINHTTP_EXTENDED_HEADER *headers = NULL;
    DWORD count = 0, size = sizeof(buffer);
    /* Request headers, before anything is sent. */
    assert_int_equal(query_ex(r, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, 0, NULL, NULL,
                              buffer, &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_int_equal(count, 3);
    assert_wide(headers[0].pwszName, "Host");
    assert_wide(headers[1].pwszName, "User-Agent");
    assert_wide(headers[1].pwszValue, "headers-test/1.0");
    assert_wide(headers[2].pwszName, "X-Mine");
    assert_wide(headers[2].pwszValue, "1");

    /* Decision: by default (CP_ACP, and also CP_UTF8) bytes that are valid
     * UTF-8 are read as UTF-8, others as ISO-8859-1; code page 28591 reads
     * every byte as ISO-8859-1.  WinHttpQueryHeaders uses the default. */
    send_receive(r);
    WINHTTP_HEADER_NAME name;
    name.pwszName = u"X-U";
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_CUSTOM, 0, NULL, &name, buffer, &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_int_equal(wlen(headers[0].pwszValue), 4);
    assert_int_equal(headers[0].pwszValue[3], 0xe9);
    size = sizeof(buffer);
    assert_int_equal(query_ex(r, WINHTTP_QUERY_CUSTOM, 28591, NULL, &name, buffer, &size, &headers, &count),
                     ERROR_SUCCESS);
    assert_int_equal(wlen(headers[0].pwszValue), 5);
    assert_int_equal(headers[0].pwszValue[3], 0xc3);
    assert_int_equal(headers[0].pwszValue[4], 0xa9);
    WCHAR text[16];
    DWORD tsize = sizeof(text);
    assert_true(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM, u"X-U", text, &tsize, NULL));
    assert_int_equal(tsize, 4 * sizeof(WCHAR));
    assert_int_equal(text[3], 0xe9);
    WinHttpCloseHandle(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_line_forms),
        cmocka_unit_test(test_buffer_sizes),
        cmocka_unit_test(test_every_attribute_names_its_field),
        cmocka_unit_test(test_index_enumerates_fields),
        cmocka_unit_test(test_raw_headers),
        cmocka_unit_test(test_systemtime),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_wrong_state_and_arguments),
        cmocka_unit_test(test_trailers),
        cmocka_unit_test(test_add_flags_on_the_wire),
        cmocka_unit_test(test_add_refuses_injection_and_malformed_lines),
        cmocka_unit_test(test_send_request_headers_join_the_store),
        cmocka_unit_test(test_request_headers_query),
        cmocka_unit_test(test_non_ascii_values),
        cmocka_unit_test(test_resend_sees_new_head),
        cmocka_unit_test(test_add_headers_ex),
        cmocka_unit_test(test_add_in_async_mode),
        cmocka_unit_test(test_wire_head_without_body),
        cmocka_unit_test(test_query_headers_ex_all),
        cmocka_unit_test(test_query_headers_ex_by_name),
        cmocka_unit_test(test_query_headers_ex_request_and_code_page),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
