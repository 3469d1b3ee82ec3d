/*
 * WinHttpCreateUrl against Windows' behaviour: Microsoft's documentation of
 * WinHttpCreateUrl and URL_COMPONENTS, plus results observed on Windows (the
 * "Windows:" notes).  Where neither says, the test pins this project's
 * decision and says so ("Decision:").  Round trips through WinHttpCrackUrl
 * close the file.
 *
 * The table cases give every string NUL-terminated (length 0, which
 * Microsoft documents as "zero-terminated string"); explicit lengths have
 * their own test.  Each table row is its own CMocka test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "winhttp.h"
#include "wide.h"

/* ---- helpers ------------------------------------------------------------ */

/* URL_COMPONENTS members are LPWSTR; the strings here are never written. */
#define W(s) ((WCHAR *)(s))


static void check_wstr(const WCHAR *got, const WCHAR *want)
{
    assert_string_equal(show(got, wlen(got)), show(want, wlen(want)));
}

#define CANARY 0xcccc
#define BUF 300

/* Builds the URL twice: first a size query (NULL buffer, size 0), which
 * Windows fails with ERROR_INSUFFICIENT_BUFFER and the size including the
 * NUL; then into a buffer, which succeeds with the length excluding it and
 * writes nothing past the NUL. */
static void check_create(URL_COMPONENTS *uc, DWORD flags, const WCHAR *want)
{
    DWORD len = 0;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(uc, flags, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, wlen(want) + 1);

    WCHAR buf[BUF];
    for (size_t i = 0; i < BUF; i++)
        buf[i] = CANARY;
    len = BUF;
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCreateUrl(uc, flags, buf, &len));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(len, wlen(want));
    check_wstr(buf, want);
    assert_int_equal(buf[len + 1], CANARY);
}

/* A rejected call: the size and the buffer are left alone. */
static void check_create_fails(URL_COMPONENTS *uc, DWORD flags, DWORD error)
{
    WCHAR buf[BUF];
    buf[0] = CANARY;
    DWORD len = BUF;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(uc, flags, buf, &len));
    assert_int_equal(GetLastError(), error);
    assert_int_equal(len, BUF);
    assert_int_equal(buf[0], CANARY);
}

/* The components of url1 below, with explicit lengths. */
static void fill_components(URL_COMPONENTS *uc)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->lpszScheme = W(u"http");
    uc->dwSchemeLength = 4;
    uc->nScheme = INTERNET_SCHEME_HTTP;
    uc->lpszHostName = W(u"www.winehq.org");
    uc->dwHostNameLength = 14;
    uc->nPort = 80;
    uc->lpszUserName = W(u"username");
    uc->dwUserNameLength = 8;
    uc->lpszPassword = W(u"password");
    uc->dwPasswordLength = 8;
    uc->lpszUrlPath = W(u"/site/about");
    uc->dwUrlPathLength = 11;
    uc->lpszExtraInfo = W(u"?query");
    uc->dwExtraInfoLength = 6;
}

static const WCHAR url1[] = u"http://username:password@www.winehq.org/site/about?query";

/* ---- table ------------------------------------------------------------------ */

struct create_case {
    const char *name;
    const WCHAR *scheme; /* NULL: absent */
    INTERNET_SCHEME nscheme;
    const WCHAR *host;
    INTERNET_PORT port;
    const WCHAR *user;
    const WCHAR *password;
    const WCHAR *path;
    const WCHAR *extra;
    DWORD flags;
    const WCHAR *want; /* NULL: the call fails with `error` */
    DWORD error;
};

#define HTTP INTERNET_SCHEME_HTTP
#define HTTPS INTERNET_SCHEME_HTTPS
#define WHQ u"www.winehq.org"
#define USER u"username"
#define PASS u"password"
#define PATH u"/site/about"
#define QUERY u"?query"
#define ESCAPE_ALL u" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
#define CONTROLS u"\r\x1f \n\x7f\r\n"

static const struct create_case cases[] = {
    /* Windows: the conformance cases. */
    {"all components", u"http", HTTP, WHQ, 80, USER, PASS, PATH, QUERY, 0, url1, 0},
    {"NULL lpszScheme uses nScheme", NULL, HTTP, WHQ, 80, USER, PASS, PATH, QUERY, 0, url1, 0},
    {"nScheme 0 with lpszScheme", u"http", 0, WHQ, 80, USER, PASS, PATH, QUERY, 0, url1, 0},
    {"no scheme at all is http, port 0 written", NULL, 0, WHQ, 0, USER, PASS, PATH, QUERY, 0,
     u"http://username:password@www.winehq.org:0/site/about?query", 0},
    {"lpszScheme wins over nScheme; ftp has no default port", u"ftp", HTTP, WHQ, 80, USER, PASS,
     PATH, QUERY, 0, u"ftp://username:password@www.winehq.org:80/site/about?query", 0},
    {"non-default port", u"http", HTTP, WHQ, 42, USER, PASS, PATH, QUERY, 0,
     u"http://username:password@www.winehq.org:42/site/about?query", 0},
    {"user name without password", u"http", HTTP, WHQ, 80, USER, NULL, PATH, QUERY, 0,
     u"http://username@www.winehq.org/site/about?query", 0},
    {"empty password keeps the colon", u"http", HTTP, WHQ, 80, USER, u"", PATH, QUERY, 0,
     u"http://username:@www.winehq.org/site/about?query", 0},
    {"password without user name", u"http", HTTP, WHQ, 80, NULL, PASS, PATH, QUERY, 0, NULL,
     ERROR_INVALID_PARAMETER},
    {"empty user name with password", u"http", HTTP, WHQ, 80, u"", PASS, PATH, QUERY, 0,
     u"http://:password@www.winehq.org/site/about?query", 0},
    {"no credentials", u"http", HTTP, WHQ, 80, NULL, NULL, PATH, QUERY, 0,
     u"http://www.winehq.org/site/about?query", 0},
    {"empty user name and password", u"http", HTTP, WHQ, 80, u"", u"", PATH, QUERY, 0,
     u"http://:@www.winehq.org/site/about?query", 0},
    {"ICU_ESCAPE on every printable character", u"http", HTTP, WHQ, 80, USER, PASS, PATH,
     ESCAPE_ALL, ICU_ESCAPE,
     u"http://username:password@www.winehq.org/site/about%20!%22%23$%25&'()*+,-./:;%3C=%3E?@%5B%5C"
     u"%5D%5E_%60%7B%7C%7D%7E", 0},
    {"ICU_ESCAPE on controls in extra info, no host", NULL, 0, NULL, 0, NULL, NULL, NULL, CONTROLS,
     ICU_ESCAPE, u"http://%0D%1F%20%0A%7F%0D%0A", 0},
    {"ICU_ESCAPE on controls in the path, no host", NULL, 0, NULL, 0, NULL, NULL, CONTROLS, NULL,
     ICU_ESCAPE, u"http://%0D%1F%20%0A%7F%0D%0A", 0},
    {"non-ASCII extra info without ICU_ESCAPE", NULL, 0, NULL, 0, NULL, NULL, NULL,
     u"?text=\xfb00", 0, u"http://?text=\xfb00", 0},
    {"non-ASCII path without ICU_ESCAPE", NULL, 0, NULL, 0, NULL, NULL, u"/text=\xfb00", NULL, 0,
     u"http:///text=\xfb00", 0},
    /* Default ports: only the scheme's own. */
    {"https default port omitted", NULL, HTTPS, WHQ, 443, USER, PASS, PATH, QUERY, 0,
     u"https://username:password@www.winehq.org/site/about?query", 0},
    {"https with port 80", NULL, HTTPS, u"h", 80, NULL, NULL, u"/", NULL, 0, u"https://h:80/", 0},
    {"http with port 443", NULL, HTTP, u"h", 443, NULL, NULL, u"/", NULL, 0, u"http://h:443/", 0},
    {"https with port 0", u"https", 0, u"h", 0, NULL, NULL, NULL, NULL, 0, u"https://h:0", 0},
    {"port 65535", u"http", 0, u"h", 65535, NULL, NULL, u"/x", NULL, 0, u"http://h:65535/x", 0},
    {"port 8080 over https", u"https", HTTPS, u"api.example.org", 8080, NULL, NULL, u"/v1",
     u"?a=1", 0, u"https://api.example.org:8080/v1?a=1", 0},
    /* Decision: the scheme name is written as given and its default port
     * found case-insensitively. */
    {"scheme case kept", u"HTTPS", 0, u"example.com", 443, NULL, NULL, u"/", NULL, 0,
     u"HTTPS://example.com/", 0},
    {"mixed-case http", u"hTTp", HTTPS, u"h", 80, NULL, NULL, NULL, NULL, 0, u"hTTp://h", 0},
    /* Decision: an empty lpszScheme counts as absent. */
    {"empty lpszScheme falls back to nScheme", u"", HTTPS, u"h", 443, NULL, NULL, NULL, NULL, 0,
     u"https://h", 0},
    /* Decision: other names are written with the port always shown; the
     * header's FTP and SOCKS values are named; other nScheme values are
     * invalid. */
    {"unknown scheme name", u"foo", HTTP, u"h", 0, NULL, NULL, NULL, NULL, 0, u"foo://h:0", 0},
    {"nScheme FTP", NULL, INTERNET_SCHEME_FTP, u"h", 21, NULL, NULL, u"/f", NULL, 0,
     u"ftp://h:21/f", 0},
    {"nScheme SOCKS", NULL, INTERNET_SCHEME_SOCKS, u"h", 1080, NULL, NULL, NULL, NULL, 0,
     u"socks://h:1080", 0},
    {"nScheme 99", NULL, 99, u"h", 80, NULL, NULL, NULL, NULL, 0, NULL, ERROR_INVALID_PARAMETER},
    {"nScheme -1", NULL, -1, u"h", 80, NULL, NULL, NULL, NULL, 0, NULL, ERROR_INVALID_PARAMETER},
    /* Windows: the host is optional; decision: without one no port either. */
    {"no host: port not written", NULL, HTTP, NULL, 8080, NULL, NULL, u"/x", NULL, 0,
     u"http:///x", 0},
    {"nothing but the scheme", u"https", 0, NULL, 443, NULL, NULL, NULL, NULL, 0, u"https://", 0},
    {"no path, no extra info", NULL, HTTP, u"example.com", 80, NULL, NULL, NULL, NULL, 0,
     u"http://example.com", 0},
    {"extra info without path", NULL, HTTP, u"example.com", 80, NULL, NULL, NULL, u"?q", 0,
     u"http://example.com?q", 0},
    {"fragment", NULL, HTTP, u"example.com", 80, NULL, NULL, u"/a", u"#top", 0,
     u"http://example.com/a#top", 0},
    /* Decision: components are written as given: no '/' is inserted, no
     * brackets added around IPv6 addresses (WinHttpCrackUrl returns them
     * with brackets). */
    {"path without leading slash", NULL, HTTP, u"h", 80, NULL, NULL, u"p", NULL, 0, u"http://hp", 0},
    {"IPv6 host with port", NULL, HTTP, u"[::1]", 8080, NULL, NULL, u"/", NULL, 0,
     u"http://[::1]:8080/", 0},
    {"IPv6 host, default port", NULL, HTTPS, u"[2001:db8::7]", 443, u"u", u"p", u"/p", u"?q", 0,
     u"https://u:p@[2001:db8::7]/p?q", 0},
    /* Microsoft: ICU_REJECT_USERPWD rejects credentials as an invalid URL.
     * Decision: an empty user name counts. */
    {"ICU_REJECT_USERPWD with credentials", u"http", HTTP, WHQ, 80, USER, PASS, PATH, QUERY,
     ICU_REJECT_USERPWD, NULL, ERROR_WINHTTP_INVALID_URL},
    {"ICU_REJECT_USERPWD with user name only", u"http", HTTP, WHQ, 80, USER, NULL, PATH, QUERY,
     ICU_REJECT_USERPWD, NULL, ERROR_WINHTTP_INVALID_URL},
    {"ICU_REJECT_USERPWD with empty user name", u"http", HTTP, WHQ, 80, u"", NULL, PATH, QUERY,
     ICU_REJECT_USERPWD, NULL, ERROR_WINHTTP_INVALID_URL},
    {"ICU_REJECT_USERPWD without credentials", u"http", HTTP, WHQ, 80, NULL, NULL, PATH, QUERY,
     ICU_REJECT_USERPWD, u"http://www.winehq.org/site/about?query", 0},
    /* ICU_ESCAPE touches path and extra info only. */
    {"ICU_ESCAPE leaves host and user alone", NULL, HTTP, u"a b", 80, u"u v", u"p w", u"/p q",
     u"?x y", ICU_ESCAPE, u"http://u v:p w@a b/p%20q?x%20y", 0},
    {"ICU_ESCAPE escapes '%'", NULL, HTTP, u"h", 80, NULL, NULL, u"/100%", u"?a=%41", ICU_ESCAPE,
     u"http://h/100%25?a=%2541", 0},
    /* Decision: non-ASCII escapes as UTF-8 (Windows converts through the
     * ANSI code page; we act as Windows set to UTF-8, where this succeeds). */
    {"ICU_ESCAPE non-ASCII extra info", NULL, 0, NULL, 0, NULL, NULL, NULL, u"?text=\xfb00",
     ICU_ESCAPE, u"http://?text=%EF%AC%80", 0},
    {"ICU_ESCAPE non-ASCII path", NULL, 0, NULL, 0, NULL, NULL, u"/text=\xfb00", NULL, ICU_ESCAPE,
     u"http:///text=%EF%AC%80", 0},
    {"ICU_ESCAPE Latin-1 and a surrogate pair", NULL, HTTP, u"h", 80, NULL, NULL,
     u"/\u00e9\U0001F600", NULL, ICU_ESCAPE, u"http://h/%C3%A9%F0%9F%98%80", 0},
    {"ICU_ESCAPE lone surrogate", NULL, HTTP, u"h", 80, NULL, NULL, u"/\xd83d", NULL, ICU_ESCAPE,
     NULL, ERROR_INVALID_PARAMETER},
    {"lone surrogate without ICU_ESCAPE", NULL, HTTP, u"h", 80, NULL, NULL, u"/\xd83d", NULL, 0,
     u"http://h/\xd83d", 0},
    /* Decision: flags WinHttpCreateUrl does not use are ignored. */
    {"ICU_DECODE ignored", NULL, HTTP, u"h", 80, NULL, NULL, u"/a%20b", NULL, ICU_DECODE | 0x1,
     u"http://h/a%20b", 0},
};

#define CASE_COUNT (sizeof cases / sizeof cases[0])

static void run_case(void **state)
{
    const struct create_case *c = *state;
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = W(c->scheme);
    uc.nScheme = c->nscheme;
    uc.lpszHostName = W(c->host);
    uc.nPort = c->port;
    uc.lpszUserName = W(c->user);
    uc.lpszPassword = W(c->password);
    uc.lpszUrlPath = W(c->path);
    uc.lpszExtraInfo = W(c->extra);
    if (c->want)
        check_create(&uc, c->flags, c->want);
    else
        check_create_fails(&uc, c->flags, c->error);
}

/* ---- parameters and sizes -------------------------------------------------- */

static void null_and_bad_parameters(void **state)
{
    (void)state;
    URL_COMPONENTS uc;
    WCHAR buf[BUF];
    DWORD len = ~0u;

    /* Windows: NULL components; the size is left alone. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(NULL, 0, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(len, ~0u);

    /* Windows: an all-zero structure (dwStructSize 0). */
    memset(&uc, 0, sizeof uc);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(len, ~0u);

    /* Windows: NULL size pointer, with or without a buffer. */
    fill_components(&uc);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, buf, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    /* Other wrong structure sizes. */
    const DWORD sizes[] = {sizeof uc - 1, sizeof uc + 1, 2 * sizeof uc};
    for (size_t i = 0; i < 3; i++) {
        fill_components(&uc);
        uc.dwStructSize = sizes[i];
        len = BUF;
        SetLastError(0xdeadbeef);
        assert_false(WinHttpCreateUrl(&uc, 0, buf, &len));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_int_equal(len, BUF);
    }
}

static void sizes(void **state)
{
    (void)state;
    URL_COMPONENTS uc;
    WCHAR buf[BUF];
    DWORD len;
    fill_components(&uc);

    /* Windows: size query with NULL buffer: 56 characters + NUL. */
    len = 0;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 57);

    /* Windows (7 and later): NULL buffer with a large enough size is an
     * invalid parameter, the size stays. */
    len = 256;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(len, 256);
    len = 57;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(len, 57);

    /* Windows: a buffer that is too short: nothing written. */
    buf[0] = CANARY;
    len = 2;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, buf, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 57);
    assert_int_equal(buf[0], CANARY);

    /* Decision: room for the characters but not the NUL is too short. */
    len = 56;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCreateUrl(&uc, 0, buf, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 57);
    assert_int_equal(buf[0], CANARY);

    /* Exactly the size reported. */
    for (size_t i = 0; i < BUF; i++)
        buf[i] = CANARY;
    len = 57;
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCreateUrl(&uc, 0, buf, &len));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(len, 56);
    check_wstr(buf, url1);
    assert_int_equal(buf[56], 0);
    assert_int_equal(buf[57], CANARY);

    /* Windows: the escaped conformance URL is 113 characters. */
    uc.lpszExtraInfo = W(ESCAPE_ALL);
    uc.dwExtraInfoLength = 0;
    len = 0;
    assert_false(WinHttpCreateUrl(&uc, ICU_ESCAPE, NULL, &len));
    assert_int_equal(len, 114);
}

/* Microsoft: a non-zero length is the string's length, a zero length means
 * NUL-terminated.  Windows: a NULL pointer is an absent component whatever
 * its length says. */
static void explicit_lengths(void **state)
{
    (void)state;
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = W(u"https");
    uc.dwSchemeLength = 4;
    uc.lpszHostName = W(u"www.winehq.org.invalid");
    uc.dwHostNameLength = 14;
    uc.nPort = 80;
    uc.lpszUserName = W(u"username!");
    uc.dwUserNameLength = 8;
    uc.lpszPassword = W(u"password!");
    uc.dwPasswordLength = 8;
    uc.lpszUrlPath = W(u"/site/about/more");
    uc.dwUrlPathLength = 11;
    uc.lpszExtraInfo = W(u"?query&more");
    uc.dwExtraInfoLength = 6;
    check_create(&uc, 0, url1);

    /* Lengths mixed with NUL-terminated strings. */
    uc.dwHostNameLength = 0;
    uc.lpszHostName = W(u"www.winehq.org");
    uc.dwUrlPathLength = 0;
    uc.lpszUrlPath = W(u"/site/about");
    check_create(&uc, 0, url1);

    /* Windows: a NULL password with a length is absent. */
    fill_components(&uc);
    uc.lpszPassword = NULL;
    check_create(&uc, 0, u"http://username@www.winehq.org/site/about?query");
    /* Windows: a NULL user name with a length, and a password: invalid. */
    fill_components(&uc);
    uc.lpszUserName = NULL;
    check_create_fails(&uc, 0, ERROR_INVALID_PARAMETER);
    /* A NULL path and extra info with lengths are absent too. */
    fill_components(&uc);
    uc.lpszUrlPath = NULL;
    uc.lpszExtraInfo = NULL;
    check_create(&uc, 0, u"http://username:password@www.winehq.org");
    /* ICU_ESCAPE looks only at the given length. */
    fill_components(&uc);
    uc.lpszUrlPath = W(u"/a b c");
    uc.dwUrlPathLength = 4;
    check_create(&uc, ICU_ESCAPE, u"http://username:password@www.winehq.org/a%20b?query");
}

/* Microsoft's documented example: crack, change the extra info, measure,
 * create. */
static void documented_example(void **state)
{
    (void)state;
    static const WCHAR old_url[] = u"http://search.msn.com/results.asp?RS=CHECKED&FORM=MSNH&v=1&q=wininet";
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = ~0u;
    assert_true(WinHttpCrackUrl(old_url, wlen(old_url), 0, &uc));
    uc.lpszExtraInfo = W(u"?RS=CHECKED&FORM=MSNH&v=1&q=winhttp");

    DWORD len = 0;
    assert_false(WinHttpCreateUrl(&uc, 0, NULL, &len));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, wlen(old_url) + 1);
    WCHAR buf[BUF];
    assert_true(WinHttpCreateUrl(&uc, 0, buf, &len));
    check_wstr(buf, u"http://search.msn.com/results.asp?RS=CHECKED&FORM=MSNH&v=1&q=winhttp");
    assert_int_equal(len, wlen(old_url));
}

/* ---- round trips --------------------------------------------------------- */

struct round_trip {
    const WCHAR *url;
    const WCHAR *rebuilt; /* what WinHttpCreateUrl makes of the cracked parts */
};

static const struct round_trip trips[] = {
    {url1, url1},
    {u"https://example.com/", u"https://example.com/"},
    {u"http://[::1]:8080/x?y#z", u"http://[::1]:8080/x?y#z"},
    {u"http://user@host:81/p", u"http://user@host:81/p"},
    {u"http://:@www.winehq.org/site/about?query", u"http://:@www.winehq.org/site/about?query"},
    {u"https://h:8443", u"https://h:8443"},
    {u"http://h:0/", u"http://h:0/"},
    {u"http://winehq/post;a", u"http://winehq/post;a"},
    {u"HTTPS://Example.COM/A", u"HTTPS://Example.COM/A"},
    {u"http://user:p@ss@host/", u"http://user:p@ss@host/"},
    /* Empty components survive: WinHttpCrackUrl points them at the end of
     * the URL, where a zero length reads as an empty string. */
    {u"http://user:@host/", u"http://user:@host/"},
    {u"http://example.com?q=1", u"http://example.com?q=1"},
    {u"http://example.com#f", u"http://example.com#f"},
    /* Default ports disappear, an empty port too. */
    {u"http://example.com:80/x", u"http://example.com/x"},
    {u"https://example.com:443", u"https://example.com"},
    {u"http://winehq.org:/", u"http://winehq.org/"},
    {u"https://example.com:80/", u"https://example.com:80/"},
};

#define TRIP_COUNT (sizeof trips / sizeof trips[0])

/* Crack in pointer mode, hand the structure straight back. */
static void run_round_trip(void **state)
{
    const struct round_trip *t = *state;
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = ~0u;
    uc.dwPasswordLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = ~0u;
    assert_true(WinHttpCrackUrl(t->url, 0, 0, &uc));
    check_create(&uc, 0, t->rebuilt);
}

/* Through the caller's buffers: decoded by WinHttpCrackUrl, escaped again
 * by WinHttpCreateUrl. */
static void round_trip_decode_escape(void **state)
{
    (void)state;
    WCHAR scheme[16], host[32], user[16], pass[16], path[64], extra[64];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 16;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 32;
    uc.lpszUserName = user;
    uc.dwUserNameLength = 16;
    uc.lpszPassword = pass;
    uc.dwPasswordLength = 16;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 64;
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = 64;
    assert_true(WinHttpCrackUrl(u"https://h:8443/a%20b%7Cc?q=%3Cx%3E", 0, ICU_DECODE, &uc));
    check_wstr(path, u"/a b|c");
    check_wstr(extra, u"?q=<x>");
    /* Cracked buffers with their lengths: an empty user name and password
     * are present (not NULL), so make them absent as a caller would. */
    uc.lpszUserName = NULL;
    uc.lpszPassword = NULL;
    check_create(&uc, ICU_ESCAPE, u"https://h:8443/a%20b%7Cc?q=%3Cx%3E");
}

/* ---- main ---------------------------------------------------------------- */

int main(void)
{
    static struct CMUnitTest tests[CASE_COUNT + TRIP_COUNT + 16];
    static char names[TRIP_COUNT][200];
    size_t n = 0;

    for (size_t i = 0; i < CASE_COUNT; i++) {
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(run_case, (void *)&cases[i]);
        tests[n++].name = cases[i].name;
    }
    for (size_t i = 0; i < TRIP_COUNT; i++) {
        snprintf(names[i], sizeof names[i], "round trip %s", show(trips[i].url, wlen(trips[i].url)));
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(run_round_trip, (void *)&trips[i]);
        tests[n++].name = names[i];
    }
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(null_and_bad_parameters),
        cmocka_unit_test(sizes),
        cmocka_unit_test(explicit_lengths),
        cmocka_unit_test(documented_example),
        cmocka_unit_test(round_trip_decode_escape),
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        tests[n++] = fixed[i];
    return _cmocka_run_group_tests("WinHttpCreateUrl", tests, n, NULL, NULL);
}
