/*
 * WinHttpCrackUrl against Windows' behaviour: Microsoft's documentation of
 * WinHttpCrackUrl and URL_COMPONENTS, plus results observed on Windows (the
 * "Windows:" notes).  Where neither says, the test pins this project's
 * decision and says so ("Decision:").
 *
 * Two table-driven groups run every well-formed URL twice, once with NULL
 * pointers (components point into the caller's URL) and once with the
 * caller's buffers (components copied); a third table holds malformed URLs.
 * Each table row is its own CMocka test, named after its URL.
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


/* The n characters at s are exactly `want`. */
static void check_part(const WCHAR *s, DWORD n, const WCHAR *want)
{
    assert_non_null(s);
    assert_string_equal(show(s, n), show(want, wlen(want)));
    assert_int_equal(n, wlen(want));
}

/* A component returned in pointer mode: it lies inside the caller's URL
 * and holds `want`. */
static void check_pointed(const WCHAR *url, const WCHAR *p, DWORD n, const WCHAR *want)
{
    check_part(p, n, want);
    assert_true(p >= url && p + n <= url + wlen(url));
}

/* A component returned in copy mode: in the caller's buffer, NUL-terminated. */
static void check_copied(const WCHAR *p, DWORD n, const WCHAR *buffer, const WCHAR *want)
{
    assert_ptr_equal(p, buffer);
    check_part(p, n, want);
    assert_int_equal(p[n], 0);
}

#define SCHEME_UNSET ((INTERNET_SCHEME)0x5a5a)
#define PORT_UNSET ((INTERNET_PORT)0xbeef)

/* Every component requested in pointer mode: NULL pointer, non-zero length.
 * nScheme and nPort hold values the function must overwrite. */
static void want_pointers(URL_COMPONENTS *uc)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->dwSchemeLength = uc->dwHostNameLength = uc->dwUserNameLength = ~0u;
    uc->dwPasswordLength = uc->dwUrlPathLength = uc->dwExtraInfoLength = ~0u;
    uc->nScheme = SCHEME_UNSET;
    uc->nPort = PORT_UNSET;
}

struct buffers {
    WCHAR scheme[16], host[64], user[32], pass[32], path[128], extra[96];
};

/* Every component requested in copy mode, buffers full of garbage. */
static void want_copies(URL_COMPONENTS *uc, struct buffers *b)
{
    memset(b, 0xcc, sizeof *b);
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->lpszScheme = b->scheme;
    uc->dwSchemeLength = sizeof b->scheme / sizeof(WCHAR);
    uc->lpszHostName = b->host;
    uc->dwHostNameLength = sizeof b->host / sizeof(WCHAR);
    uc->lpszUserName = b->user;
    uc->dwUserNameLength = sizeof b->user / sizeof(WCHAR);
    uc->lpszPassword = b->pass;
    uc->dwPasswordLength = sizeof b->pass / sizeof(WCHAR);
    uc->lpszUrlPath = b->path;
    uc->dwUrlPathLength = sizeof b->path / sizeof(WCHAR);
    uc->lpszExtraInfo = b->extra;
    uc->dwExtraInfoLength = sizeof b->extra / sizeof(WCHAR);
    uc->nScheme = SCHEME_UNSET;
    uc->nPort = PORT_UNSET;
}

/* A failed call must leave the structure as it was. */
static void check_untouched_pointers(const URL_COMPONENTS *uc)
{
    assert_int_equal(uc->nScheme, SCHEME_UNSET);
    assert_int_equal(uc->nPort, PORT_UNSET);
    assert_null(uc->lpszHostName);
    assert_int_equal(uc->dwHostNameLength, ~0u);
    assert_null(uc->lpszUrlPath);
    assert_int_equal(uc->dwUrlPathLength, ~0u);
}

/* ---- table: well-formed URLs --------------------------------------------- */

struct crack_case {
    const WCHAR *url;
    const WCHAR *scheme;     /* as spelled in the URL */
    INTERNET_SCHEME nscheme;
    INTERNET_PORT port;
    const WCHAR *user;       /* NULL: no user name in the URL */
    const WCHAR *password;   /* NULL: no password in the URL */
    const WCHAR *host;
    const WCHAR *path;
    const WCHAR *extra;
};

#define HTTP INTERNET_SCHEME_HTTP
#define HTTPS INTERNET_SCHEME_HTTPS

static const struct crack_case good_urls[] = {
    /* Windows: the conformance URL, every component present. */
    {u"http://username:password@www.winehq.org/site/about?query", u"http", HTTP, 80,
     u"username", u"password", u"www.winehq.org", u"/site/about", u"?query"},
    /* Windows: no path: empty path and extra information. */
    {u"http://www.winehq.org", u"http", HTTP, 80, NULL, NULL, u"www.winehq.org", u"", u""},
    /* Windows: a trailing '?' after a path is kept as extra information. */
    {u"https://www.winehq.org/post?", u"https", HTTPS, 443, NULL, NULL, u"www.winehq.org",
     u"/post", u"?"},
    /* Windows: a lone '?' right after the host is dropped. */
    {u"http://winehq?", u"http", HTTP, 80, NULL, NULL, u"winehq", u"", u""},
    /* Windows: ';' does not start the extra information. */
    {u"http://winehq/post;a", u"http", HTTP, 80, NULL, NULL, u"winehq", u"/post;a", u""},
    /* Windows: an '@' after the path is not user information. */
    {u"http://example.net/path?var1=example@example.com&var2=x&var3=y", u"http", HTTP, 80, NULL,
     NULL, u"example.net", u"/path", u"?var1=example@example.com&var2=x&var3=y"},
    {u"http://example.com/a@b", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/a@b", u""},
    /* Scheme names are case-insensitive and reported as written. */
    {u"HTTP://Example.COM/Index.HTML", u"HTTP", HTTP, 80, NULL, NULL, u"Example.COM",
     u"/Index.HTML", u""},
    {u"hTtPs://example.com", u"hTtPs", HTTPS, 443, NULL, NULL, u"example.com", u"", u""},
    /* Ports: explicit, 0, 1, the maximum, the other scheme's default. */
    {u"http://example.com:8080/", u"http", HTTP, 8080, NULL, NULL, u"example.com", u"/", u""},
    {u"http://example.com:0/", u"http", HTTP, 0, NULL, NULL, u"example.com", u"/", u""},
    {u"http://example.com:1", u"http", HTTP, 1, NULL, NULL, u"example.com", u"", u""},
    {u"http://example.com:65535/x", u"http", HTTP, 65535, NULL, NULL, u"example.com", u"/x", u""},
    {u"https://example.com:80/", u"https", HTTPS, 80, NULL, NULL, u"example.com", u"/", u""},
    {u"http://example.com:443/", u"http", HTTP, 443, NULL, NULL, u"example.com", u"/", u""},
    {u"https://www.winehq.org:443/site/about?query", u"https", HTTPS, 443, NULL, NULL,
     u"www.winehq.org", u"/site/about", u"?query"},
    /* Windows: an empty port is the scheme's default. */
    {u"http://winehq.org:", u"http", HTTP, 80, NULL, NULL, u"winehq.org", u"", u""},
    {u"http://winehq.org:/", u"http", HTTP, 80, NULL, NULL, u"winehq.org", u"/", u""},
    {u"https://example.com:", u"https", HTTPS, 443, NULL, NULL, u"example.com", u"", u""},
    /* Decision: leading zeros are part of a valid decimal port. */
    {u"http://example.com:00080/", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/", u""},
    {u"http://example.com:8080?x", u"http", HTTP, 8080, NULL, NULL, u"example.com", u"", u"?x"},
    {u"http://example.com:8080#x", u"http", HTTP, 8080, NULL, NULL, u"example.com", u"", u"#x"},
    /* User information. Decision: an empty user name or password that the
     * URL spells out ("user:@", ":pw@", "@") is present and empty, not
     * absent. */
    {u"http://user@example.com/", u"http", HTTP, 80, u"user", NULL, u"example.com", u"/", u""},
    {u"http://user:@example.com/", u"http", HTTP, 80, u"user", u"", u"example.com", u"/", u""},
    {u"http://:pw@example.com/", u"http", HTTP, 80, u"", u"pw", u"example.com", u"/", u""},
    {u"http://:@www.winehq.org/site/about?query", u"http", HTTP, 80, u"", u"", u"www.winehq.org",
     u"/site/about", u"?query"},
    {u"http://@example.com/", u"http", HTTP, 80, u"", NULL, u"example.com", u"/", u""},
    /* Decision: the user information ends at the last '@' and the user name
     * at the first ':', so unescaped '@' and ':' work in passwords. */
    {u"http://user:p@ss@example.com/", u"http", HTTP, 80, u"user", u"p@ss", u"example.com", u"/",
     u""},
    {u"http://user:pa:ss@example.com/", u"http", HTTP, 80, u"user", u"pa:ss", u"example.com", u"/",
     u""},
    {u"http://u:p@example.com:81", u"http", HTTP, 81, u"u", u"p", u"example.com", u"", u""},
    /* IPv6 literals keep their brackets in the host name. */
    {u"http://[::1]/", u"http", HTTP, 80, NULL, NULL, u"[::1]", u"/", u""},
    {u"http://[::1]:8080/index", u"http", HTTP, 8080, NULL, NULL, u"[::1]", u"/index", u""},
    {u"http://[::1]:", u"http", HTTP, 80, NULL, NULL, u"[::1]", u"", u""},
    {u"https://user:pw@[2001:db8::7]:8443/p?q", u"https", HTTPS, 8443, u"user", u"pw",
     u"[2001:db8::7]", u"/p", u"?q"},
    {u"http://1.2.3.4:8000/", u"http", HTTP, 8000, NULL, NULL, u"1.2.3.4", u"/", u""},
    /* Path and extra information split at the first '?' or '#'. */
    {u"http://example.com/path#frag", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/path",
     u"#frag"},
    {u"http://example.com/p?q#f", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/p", u"?q#f"},
    {u"http://example.com/p#f?q", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/p", u"#f?q"},
    {u"http://example.com?q=1", u"http", HTTP, 80, NULL, NULL, u"example.com", u"", u"?q=1"},
    {u"http://example.com#top", u"http", HTTP, 80, NULL, NULL, u"example.com", u"", u"#top"},
    {u"http://example.com/?", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/", u"?"},
    {u"http://example.com//double//slash", u"http", HTTP, 80, NULL, NULL, u"example.com",
     u"//double//slash", u""},
    /* Windows does not validate: spaces stay, in the host too. */
    {u"http://winehq.o g/path with spaces", u"http", HTTP, 80, NULL, NULL, u"winehq.o g",
     u"/path with spaces", u""},
    /* Without ICU_DECODE escapes are returned as written. */
    {u"http://example.com/%41%20?%42", u"http", HTTP, 80, NULL, NULL, u"example.com", u"/%41%20",
     u"?%42"},
    {u"http://example.com/p\u00e4th", u"http", HTTP, 80, NULL, NULL, u"example.com",
     u"/p\u00e4th", u""},
    {u"http://h", u"http", HTTP, 80, NULL, NULL, u"h", u"", u""},
    /* Microsoft's documented example, and a long query from the field. */
    {u"http://search.msn.com/results.asp?RS=CHECKED&FORM=MSNH&v=1&q=wininet", u"http", HTTP, 80,
     NULL, NULL, u"search.msn.com", u"/results.asp", u"?RS=CHECKED&FORM=MSNH&v=1&q=wininet"},
    {u"https://nba2k19-ws.2ksports.com:19133/nba/v4/Accounts/get_account?x=3789526775265663876",
     u"https", HTTPS, 19133, NULL, NULL, u"nba2k19-ws.2ksports.com", u"/nba/v4/Accounts/get_account",
     u"?x=3789526775265663876"},
};

#define GOOD_COUNT (sizeof good_urls / sizeof good_urls[0])

static void crack_good_pointers(void **state)
{
    const struct crack_case *c = *state;
    URL_COMPONENTS uc;
    want_pointers(&uc);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCrackUrl(c->url, 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(uc.nScheme, c->nscheme);
    assert_int_equal(uc.nPort, c->port);
    assert_ptr_equal(uc.lpszScheme, c->url);
    check_pointed(c->url, uc.lpszScheme, uc.dwSchemeLength, c->scheme);
    check_pointed(c->url, uc.lpszHostName, uc.dwHostNameLength, c->host);
    /* Windows: an absent user name or password is NULL with length 0. */
    if (c->user) {
        check_pointed(c->url, uc.lpszUserName, uc.dwUserNameLength, c->user);
    } else {
        assert_null(uc.lpszUserName);
        assert_int_equal(uc.dwUserNameLength, 0);
    }
    if (c->password) {
        check_pointed(c->url, uc.lpszPassword, uc.dwPasswordLength, c->password);
    } else {
        assert_null(uc.lpszPassword);
        assert_int_equal(uc.dwPasswordLength, 0);
    }
    /* Windows: path and extra information always point somewhere in the
     * URL, with length 0 when empty. */
    check_pointed(c->url, uc.lpszUrlPath, uc.dwUrlPathLength, c->path);
    check_pointed(c->url, uc.lpszExtraInfo, uc.dwExtraInfoLength, c->extra);
}

static void crack_good_copies(void **state)
{
    const struct crack_case *c = *state;
    URL_COMPONENTS uc;
    struct buffers b;
    want_copies(&uc, &b);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCrackUrl(c->url, 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(uc.nScheme, c->nscheme);
    assert_int_equal(uc.nPort, c->port);
    check_copied(uc.lpszScheme, uc.dwSchemeLength, b.scheme, c->scheme);
    check_copied(uc.lpszHostName, uc.dwHostNameLength, b.host, c->host);
    /* In copy mode an absent component is an empty string. */
    check_copied(uc.lpszUserName, uc.dwUserNameLength, b.user, c->user ? c->user : u"");
    check_copied(uc.lpszPassword, uc.dwPasswordLength, b.pass, c->password ? c->password : u"");
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, c->path);
    check_copied(uc.lpszExtraInfo, uc.dwExtraInfoLength, b.extra, c->extra);
}

/* ---- table: malformed URLs ----------------------------------------------- */

struct bad_case {
    const WCHAR *url;
    DWORD error;
};

#define BAD_SCHEME ERROR_WINHTTP_UNRECOGNIZED_SCHEME
#define BAD_URL ERROR_WINHTTP_INVALID_URL

static const struct bad_case bad_urls[] = {
    /* Windows: no ':' at all, or a scheme other than http(s), is an
     * unrecognized scheme. */
    {u"", BAD_SCHEME},
    {u"http", BAD_SCHEME},
    {u"www", BAD_SCHEME},
    {u"www.winehq.org", BAD_SCHEME},
    {u"ftp://username:password@www.winehq.org:80/site/about?query", BAD_SCHEME},
    {u"file:///etc/hosts", BAD_SCHEME},
    {u"mailto:user@example.com", BAD_SCHEME},
    {u"httpx://example.com/", BAD_SCHEME},
    {u"ws://example.com/", BAD_SCHEME},
    {u"socks://example.com/", BAD_SCHEME},
    /* Decision: an empty scheme, and blanks around the scheme, are not
     * http(s): the URL is not trimmed. */
    {u":", BAD_SCHEME},
    {u"://example.com/", BAD_SCHEME},
    {u" http://example.com/", BAD_SCHEME},
    /* Windows: a known scheme without "//" is an invalid URL. */
    {u"HTTP:www.winehq.org", BAD_URL},
    {u"http:/www.winehq.org", BAD_URL},
    {u"https:example.com", BAD_URL},
    {u"http:", BAD_URL},
    /* Windows: "http://" alone; empty host names in general. */
    {u"http://", BAD_URL},
    {u"https://", BAD_URL},
    {u"http:///path", BAD_URL},
    {u"http://?q", BAD_URL},
    {u"http://#f", BAD_URL},
    {u"http://:80/", BAD_URL},
    {u"http://user:pw@/", BAD_URL},
    {u"http://user@", BAD_URL},
    /* Windows: a port above 65535. */
    {u"http://winehq.org:65536", BAD_URL},
    {u"http://winehq.org:99999/", BAD_URL},
    /* Decision: ports that would wrap around in 32 bits are still too big,
     * and anything but decimal digits is invalid. */
    {u"http://winehq.org:4294967376/", BAD_URL},
    {u"http://winehq.org:8a/", BAD_URL},
    {u"http://winehq.org:-1/", BAD_URL},
    {u"http://winehq.org:+80/", BAD_URL},
    {u"http://winehq.org: 80/", BAD_URL},
    {u"http://winehq.org:80:90/", BAD_URL},
    /* Decision: a malformed IPv6 literal is an invalid URL. */
    {u"http://[::1/", BAD_URL},
    {u"http://[::1]x/", BAD_URL},
    {u"http://[]/", BAD_URL},
    {u"http://[::1]:65536/", BAD_URL},
};

#define BAD_COUNT (sizeof bad_urls / sizeof bad_urls[0])

static void crack_bad(void **state)
{
    const struct bad_case *c = *state;
    URL_COMPONENTS uc;
    want_pointers(&uc);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(c->url, 0, 0, &uc));
    assert_int_equal(GetLastError(), c->error);
    check_untouched_pointers(&uc);
}

/* ---- parameters ----------------------------------------------------------- */

static const WCHAR url1[] = u"http://username:password@www.winehq.org/site/about?query";

static void null_parameters(void **state)
{
    (void)state;
    URL_COMPONENTS uc;
    want_pointers(&uc);
    /* Windows: NULL URL or NULL structure. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(url1, 0, 0, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(NULL, 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(NULL, 10, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    check_untouched_pointers(&uc);
}

static void bad_struct_size(void **state)
{
    (void)state;
    const DWORD sizes[] = {0, sizeof(URL_COMPONENTS) - 1, sizeof(URL_COMPONENTS) + 1,
                           2 * sizeof(URL_COMPONENTS), 60};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        URL_COMPONENTS uc;
        want_pointers(&uc);
        uc.dwStructSize = sizes[i];
        SetLastError(0xdeadbeef);
        assert_false(WinHttpCrackUrl(url1, 0, 0, &uc));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        check_untouched_pointers(&uc);
    }
}

/* Windows: a buffer with length 0 is an invalid parameter, not "component
 * not wanted", and nothing at all is written. */
static void buffer_with_zero_length(void **state)
{
    (void)state;
    WCHAR scheme[20] = u"keep";
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 0;
    uc.dwUserNameLength = ~0u;
    uc.dwPasswordLength = ~0u;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(u"http://www.winehq.org/test", 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_ptr_equal(uc.lpszScheme, scheme);
    assert_string_equal(show(scheme, wlen(scheme)), "keep");
    assert_int_equal(uc.dwSchemeLength, 0);
    assert_int_equal(uc.nScheme, 0);
    assert_int_equal(uc.nPort, 0);
    assert_null(uc.lpszUserName);
    assert_int_equal(uc.dwUserNameLength, ~0u);
    assert_null(uc.lpszPassword);
    assert_int_equal(uc.dwPasswordLength, ~0u);
    assert_null(uc.lpszHostName);
    assert_int_equal(uc.dwHostNameLength, 0);

    /* The same for the last member. */
    WCHAR extra[8];
    want_pointers(&uc);
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = 0;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(url1, 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    check_untouched_pointers(&uc);
}

/* Windows: modern WinHTTP sets ERROR_SUCCESS on success. */
static void success_clears_last_error(void **state)
{
    (void)state;
    URL_COMPONENTS uc;
    want_pointers(&uc);
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    assert_true(WinHttpCrackUrl(url1, 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
}

/* ---- pointer mode: exact positions ---------------------------------------- */

/* Windows: the offsets its conformance tests observe. */
static void pointer_offsets(void **state)
{
    (void)state;
    static const WCHAR k1[] = u"http://username:password@www.winehq.org/site/about";
    URL_COMPONENTS uc;
    want_pointers(&uc);
    uc.dwHostNameLength = 1; /* any non-zero length asks for the pointer */
    assert_true(WinHttpCrackUrl(k1, 0, 0, &uc));
    assert_ptr_equal(uc.lpszScheme, k1);
    assert_int_equal(uc.dwSchemeLength, 4);
    assert_ptr_equal(uc.lpszUserName, k1 + 7);
    assert_int_equal(uc.dwUserNameLength, 8);
    assert_ptr_equal(uc.lpszPassword, k1 + 16);
    assert_int_equal(uc.dwPasswordLength, 8);
    assert_ptr_equal(uc.lpszHostName, k1 + 25);
    assert_int_equal(uc.dwHostNameLength, 14);
    assert_ptr_equal(uc.lpszUrlPath, k1 + 39);
    assert_int_equal(uc.dwUrlPathLength, 11);
    assert_ptr_equal(uc.lpszExtraInfo, k1 + 50);
    assert_int_equal(uc.dwExtraInfoLength, 0);

    static const WCHAR k2[] = u"http://www.winehq.org";
    want_pointers(&uc);
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = 1;
    uc.dwPasswordLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = 1;
    assert_true(WinHttpCrackUrl(k2, 0, 0, &uc));
    assert_ptr_equal(uc.lpszHostName, k2 + 7);
    assert_ptr_equal(uc.lpszUrlPath, k2 + 21);
    assert_int_equal(uc.dwUrlPathLength, 0);
    assert_ptr_equal(uc.lpszExtraInfo, k2 + 21);
    assert_int_equal(uc.dwExtraInfoLength, 0);

    static const WCHAR k3[] = u"https://www.winehq.org/post?";
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(k3, 0, 0, &uc));
    assert_ptr_equal(uc.lpszHostName, k3 + 8);
    assert_ptr_equal(uc.lpszUrlPath, k3 + 22);
    assert_ptr_equal(uc.lpszExtraInfo, k3 + 27);

    /* Windows: "http://winehq?" points both at the end of the URL. */
    static const WCHAR k9[] = u"http://winehq?";
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(k9, 0, 0, &uc));
    assert_ptr_equal(uc.lpszUrlPath, k9 + 14);
    assert_ptr_equal(uc.lpszExtraInfo, k9 + 14);

    static const WCHAR k10[] = u"http://winehq/post;a";
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(k10, 0, 0, &uc));
    assert_ptr_equal(uc.lpszUrlPath, k10 + 13);
    assert_ptr_equal(uc.lpszExtraInfo, k10 + 20);

    /* Decision: every empty component points at the end of the URL, as
     * Windows' empty path and extra information above do, so that the
     * structure can go back to WinHttpCreateUrl (a zero length there means
     * NUL-terminated). */
    static const WCHAR q[] = u"http://example.com?q=1";
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(q, 0, 0, &uc));
    assert_ptr_equal(uc.lpszUrlPath, q + 22);
    assert_int_equal(uc.dwUrlPathLength, 0);
    assert_ptr_equal(uc.lpszExtraInfo, q + 18);
    static const WCHAR p[] = u"http://:@example.com/";
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(p, 0, 0, &uc));
    assert_ptr_equal(uc.lpszUserName, p + 21);
    assert_int_equal(uc.dwUserNameLength, 0);
    assert_ptr_equal(uc.lpszPassword, p + 21);
    assert_int_equal(uc.dwPasswordLength, 0);
    assert_ptr_equal(uc.lpszHostName, p + 9);
}

/* Windows: components not asked for (NULL pointer, length 0) stay so, and
 * nScheme and nPort are always returned. */
static void components_not_requested(void **state)
{
    (void)state;
    static const WCHAR url[] = u"http://www.winehq.org/test";
    URL_COMPONENTS uc;
    want_pointers(&uc);
    uc.dwSchemeLength = 0;
    uc.dwUserNameLength = 0;
    uc.dwPasswordLength = 0;
    assert_true(WinHttpCrackUrl(url, 0, 0, &uc));
    assert_null(uc.lpszScheme);
    assert_int_equal(uc.dwSchemeLength, 0);
    assert_int_equal(uc.nScheme, INTERNET_SCHEME_HTTP);
    assert_int_equal(uc.nPort, 80);
    assert_null(uc.lpszUserName);
    assert_null(uc.lpszPassword);
    check_pointed(url, uc.lpszHostName, uc.dwHostNameLength, u"www.winehq.org");
    check_pointed(url, uc.lpszUrlPath, uc.dwUrlPathLength, u"/test");
    assert_int_equal(uc.lpszExtraInfo[0], 0);
    assert_int_equal(uc.dwExtraInfoLength, 0);

    /* Nothing asked for at all still cracks and reports scheme and port. */
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    assert_true(WinHttpCrackUrl(u"https://h:8443/x", 0, 0, &uc));
    assert_int_equal(uc.nScheme, INTERNET_SCHEME_HTTPS);
    assert_int_equal(uc.nPort, 8443);
    assert_null(uc.lpszHostName);
    assert_null(uc.lpszUrlPath);
}

/* Windows: asking for the path without the extra information returns both
 * in the path (its conformance test sees a 50-character path for url21). */
static void path_absorbs_unrequested_extra(void **state)
{
    (void)state;
    static const WCHAR url[] =
        u"https://nba2k19-ws.2ksports.com:19133/nba/v4/Accounts/get_account?x=3789526775265663876";
    WCHAR scheme[20], host[40], path[80];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 20;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 40;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 80;
    assert_true(WinHttpCrackUrl(url, 0, 0, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, path,
                 u"/nba/v4/Accounts/get_account?x=3789526775265663876");
    assert_int_equal(uc.dwUrlPathLength, 50);
    assert_null(uc.lpszExtraInfo);
    assert_int_equal(uc.dwExtraInfoLength, 0);

    /* The same in pointer mode, and with '#'. */
    static const WCHAR frag[] = u"http://example.com/a?b#c";
    want_pointers(&uc);
    uc.dwExtraInfoLength = 0;
    assert_true(WinHttpCrackUrl(frag, 0, 0, &uc));
    check_pointed(frag, uc.lpszUrlPath, uc.dwUrlPathLength, u"/a?b#c");
    assert_null(uc.lpszExtraInfo);

    /* The extra information alone, without the path. */
    want_pointers(&uc);
    uc.dwUrlPathLength = 0;
    assert_true(WinHttpCrackUrl(frag, 0, 0, &uc));
    assert_null(uc.lpszUrlPath);
    check_pointed(frag, uc.lpszExtraInfo, uc.dwExtraInfoLength, u"?b#c");
}

/* dwUrlLength: 0 means NUL-terminated, otherwise only that many characters. */
static void url_length(void **state)
{
    (void)state;
    static const WCHAR url[] = u"http://host/pathXYZ";
    URL_COMPONENTS uc;
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(url, 16, 0, &uc));
    check_pointed(url, uc.lpszUrlPath, uc.dwUrlPathLength, u"/path");
    check_pointed(url, uc.lpszHostName, uc.dwHostNameLength, u"host");

    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(url, 9, 0, &uc));
    check_pointed(url, uc.lpszHostName, uc.dwHostNameLength, u"ho");
    assert_int_equal(uc.dwUrlPathLength, 0);

    /* Cut inside the scheme: no ':' left. */
    want_pointers(&uc);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(url, 3, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    /* Cut right after "http://". */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(url, 7, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INVALID_URL);

    /* A URL with no terminator at all. */
    const WCHAR raw[] = {'h', 't', 't', 'p', ':', '/', '/', 'a', ':', '9'};
    want_pointers(&uc);
    assert_true(WinHttpCrackUrl(raw, 10, 0, &uc));
    assert_int_equal(uc.nPort, 9);
    assert_ptr_equal(uc.lpszHostName, raw + 7);
    assert_int_equal(uc.dwHostNameLength, 1);
}

/* ---- copy mode: short buffers ----------------------------------------------- */

/* Windows: its conformance case: two short buffers report the size they
 * need (NUL included), a sufficient one is still filled. */
static void short_buffers_windows_case(void **state)
{
    (void)state;
    WCHAR scheme[20], user[20], pass[20], host[40], path[40], extra[20];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 1;
    uc.lpszUserName = user;
    uc.dwUserNameLength = 20;
    uc.lpszPassword = pass;
    uc.dwPasswordLength = 20;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 1;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 40;
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = 20;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(url1, 0, 0, &uc));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(uc.dwSchemeLength, 5);
    assert_int_equal(uc.dwHostNameLength, 15);
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, path, u"/site/about");
    check_copied(uc.lpszUserName, uc.dwUserNameLength, user, u"username");
    /* Decision: scheme and port are reported even then. */
    assert_int_equal(uc.nScheme, INTERNET_SCHEME_HTTP);
    assert_int_equal(uc.nPort, 80);
}

/* Each component in turn gets a buffer exactly as long as its text, which
 * leaves no room for the NUL: that one fails with length+1, the others are
 * copied; one more character and the call succeeds. */
static void short_buffer_each_component(void **state)
{
    (void)state;
    static const WCHAR url[] = u"https://alice:s3cret@api.example.org:8443/v1/items?id=7";
    static const WCHAR *const want[] = {u"https", u"api.example.org", u"alice",
                                        u"s3cret", u"/v1/items", u"?id=7"};
    for (int which = 0; which < 6; which++) {
        struct buffers b;
        URL_COMPONENTS uc;
        want_copies(&uc, &b);
        DWORD *lens[] = {&uc.dwSchemeLength, &uc.dwHostNameLength, &uc.dwUserNameLength,
                         &uc.dwPasswordLength, &uc.dwUrlPathLength, &uc.dwExtraInfoLength};
        WCHAR **ptrs[] = {&uc.lpszScheme, &uc.lpszHostName, &uc.lpszUserName,
                          &uc.lpszPassword, &uc.lpszUrlPath, &uc.lpszExtraInfo};
        WCHAR *bufs[] = {b.scheme, b.host, b.user, b.pass, b.path, b.extra};
        *lens[which] = wlen(want[which]);
        SetLastError(0xdeadbeef);
        assert_false(WinHttpCrackUrl(url, 0, 0, &uc));
        assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
        assert_int_equal(*lens[which], wlen(want[which]) + 1);
        assert_ptr_equal(*ptrs[which], bufs[which]);
        for (int other = 0; other < 6; other++)
            if (other != which)
                check_copied(*ptrs[other], *lens[other], bufs[other], want[other]);
        assert_int_equal(uc.nPort, 8443);

        /* Retry with the size reported (the other lengths now hold the
         * copied lengths, so give them their full buffers again). */
        const DWORD needed = *lens[which];
        want_copies(&uc, &b);
        *lens[which] = needed;
        assert_true(WinHttpCrackUrl(url, 0, 0, &uc));
        check_copied(*ptrs[which], *lens[which], bufs[which], want[which]);
    }
}

/* Copy mode with components the URL lacks: empty strings, as Windows. */
static void copy_absent_components(void **state)
{
    (void)state;
    struct buffers b;
    URL_COMPONENTS uc;
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"https://example.com", 0, 0, &uc));
    check_copied(uc.lpszUserName, uc.dwUserNameLength, b.user, u"");
    check_copied(uc.lpszPassword, uc.dwPasswordLength, b.pass, u"");
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"");
    check_copied(uc.lpszExtraInfo, uc.dwExtraInfoLength, b.extra, u"");

    /* A one-character buffer is enough for an empty component. */
    WCHAR one[1] = {0x5555};
    want_copies(&uc, &b);
    uc.lpszUserName = one;
    uc.dwUserNameLength = 1;
    assert_true(WinHttpCrackUrl(u"https://example.com", 0, 0, &uc));
    assert_int_equal(one[0], 0);
    assert_int_equal(uc.dwUserNameLength, 0);
}

/* ---- flags ----------------------------------------------------------------- */

/* Windows: ICU_DECODE and ICU_ESCAPE need buffers; with pointer mode the
 * call fails with ERROR_INVALID_PARAMETER and writes nothing. */
static void flags_need_buffers(void **state)
{
    (void)state;
    const DWORD flags[] = {ICU_DECODE, ICU_ESCAPE, ICU_DECODE | ICU_ESCAPE};
    for (size_t i = 0; i < 3; i++) {
        URL_COMPONENTS uc;
        want_pointers(&uc);
        SetLastError(0xdeadbeef);
        assert_false(WinHttpCrackUrl(url1, 0, flags[i], &uc));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        check_untouched_pointers(&uc);
    }
    /* Decision: one pointer-mode component among buffers is enough to fail. */
    struct buffers b;
    URL_COMPONENTS uc;
    want_copies(&uc, &b);
    uc.lpszPassword = NULL;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(url1, 0, ICU_DECODE, &uc));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(uc.nPort, PORT_UNSET);
}

/* Windows: the decoded conformance URL.  Splitting happens before decoding,
 * so a decoded '#' stays in the path. */
static void decode_windows_case(void **state)
{
    (void)state;
    static const WCHAR url7[] =
        u"http://username:password@www.winehq.org/site/about%20!%22%23$%25&'()"
        u"*+,-./:;%3C=%3E?@%5B%5C%5D%5E_%60%7B%7C%7D%7E";
    struct buffers b;
    URL_COMPONENTS uc;
    want_copies(&uc, &b);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCrackUrl(url7, 0, ICU_DECODE, &uc));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path,
                 u"/site/about !\"#$%&'()*+,-./:;<=>");
    assert_int_equal(uc.dwUrlPathLength, 32);
    check_copied(uc.lpszExtraInfo, uc.dwExtraInfoLength, b.extra, u"?@[\\]^_`{|}~");
    assert_int_equal(uc.dwExtraInfoLength, 12);
    check_copied(uc.lpszHostName, uc.dwHostNameLength, b.host, u"www.winehq.org");
}

static void decode_details(void **state)
{
    (void)state;
    struct buffers b;
    URL_COMPONENTS uc;

    /* Decision: every string component is decoded, user information and
     * host included; lower-case hex digits work. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://us%65r:p%40ss@ex%61mple.com/%3c%3E", 0, ICU_DECODE, &uc));
    check_copied(uc.lpszUserName, uc.dwUserNameLength, b.user, u"user");
    check_copied(uc.lpszPassword, uc.dwPasswordLength, b.pass, u"p@ss");
    check_copied(uc.lpszHostName, uc.dwHostNameLength, b.host, u"example.com");
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/<>");

    /* Decision: malformed escapes stay as written; %00 too, because a
     * decoded NUL would cut the C string short. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://h/%zz%4%00%", 0, ICU_DECODE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/%zz%4%00%");

    /* Microsoft: UTF-8 is not decoded: each %XX is one character. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://h/caf%C3%A9", 0, ICU_DECODE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/caf\u00c3\u00a9");

    /* A decoded '?' does not split path from extra information. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://h/a%3Fb?c%3Fd", 0, ICU_DECODE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/a?b");
    check_copied(uc.lpszExtraInfo, uc.dwExtraInfoLength, b.extra, u"?c?d");

    /* A short buffer reports the decoded length plus one. */
    want_copies(&uc, &b);
    uc.dwUrlPathLength = 4;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(u"http://h/%41%42%43", 0, ICU_DECODE, &uc));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(uc.dwUrlPathLength, 5);
    want_copies(&uc, &b);
    uc.dwUrlPathLength = 5;
    assert_true(WinHttpCrackUrl(u"http://h/%41%42%43", 0, ICU_DECODE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/ABC");
}

/* Windows: with ICU_ESCAPE|ICU_DECODE the host is left alone and the path
 * escaped.  Buffers only for scheme, host and path. */
static void escape_windows_case(void **state)
{
    (void)state;
    WCHAR scheme[20], host[20], path[40];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 20;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 20;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 40;
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCrackUrl(u"http://winehq.o g/path with spaces", 0, ICU_ESCAPE | ICU_DECODE,
                                &uc));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    check_copied(uc.lpszHostName, uc.dwHostNameLength, host, u"winehq.o g");
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, path, u"/path%20with%20spaces");
}

static void escape_details(void **state)
{
    (void)state;
    struct buffers b;
    URL_COMPONENTS uc;

    /* Path and extra information are escaped; user information is not. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://a b:c d@h/x\"<>|y?q r#f{}", 0, ICU_ESCAPE, &uc));
    check_copied(uc.lpszUserName, uc.dwUserNameLength, b.user, u"a b");
    check_copied(uc.lpszPassword, uc.dwPasswordLength, b.pass, u"c d");
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/x%22%3C%3E%7Cy");
    check_copied(uc.lpszExtraInfo, uc.dwExtraInfoLength, b.extra, u"?q%20r%23f%7B%7D");

    /* Without ICU_DECODE a '%' is escaped too. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://h/100%", 0, ICU_ESCAPE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/100%25");
    /* With ICU_DECODE, decoding comes first: no double escaping. */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://h/a%20b", 0, ICU_ESCAPE | ICU_DECODE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/a%20b");

    /* Decision: non-ASCII is escaped as UTF-8 octets (Windows uses the ANSI
     * code page; we behave as Windows set to UTF-8). */
    want_copies(&uc, &b);
    assert_true(WinHttpCrackUrl(u"http://h/\u00e4?\ufb00\U0001F600", 0, ICU_ESCAPE, &uc));
    check_copied(uc.lpszUrlPath, uc.dwUrlPathLength, b.path, u"/%C3%A4");
    check_copied(uc.lpszExtraInfo, uc.dwExtraInfoLength, b.extra, u"?%EF%AC%80%F0%9F%98%80");

    /* Decision: an unpaired surrogate cannot be escaped. */
    const WCHAR lone[] = {'h', 't', 't', 'p', ':', '/', '/', 'h', '/', 0xd800, 0};
    want_copies(&uc, &b);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(lone, 0, ICU_ESCAPE, &uc));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    /* The required length counts the escaped text. */
    want_copies(&uc, &b);
    uc.dwUrlPathLength = 4;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCrackUrl(u"http://h/ ", 0, ICU_ESCAPE, &uc));
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(uc.dwUrlPathLength, 5);
}

/* Microsoft: ICU_REJECT_USERPWD fails URLs carrying credentials with
 * ERROR_WINHTTP_INVALID_URL. */
static void reject_userpwd(void **state)
{
    (void)state;
    /* Decision: any user information counts, even empty ("@", ":@"). */
    const WCHAR *const rejected[] = {url1, u"http://user@h/", u"http://:pw@h/", u"http://@h/",
                                     u"http://:@h/", u"https://u:p@[::1]:8/"};
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        URL_COMPONENTS uc;
        want_pointers(&uc);
        SetLastError(0xdeadbeef);
        assert_false(WinHttpCrackUrl(rejected[i], 0, ICU_REJECT_USERPWD, &uc));
        assert_int_equal(GetLastError(), ERROR_WINHTTP_INVALID_URL);
        check_untouched_pointers(&uc);
    }
    /* No credentials: accepted, even with '@' after the host. */
    static const WCHAR fine[] = u"http://example.net/path?mail=a@b.c";
    URL_COMPONENTS uc;
    want_pointers(&uc);
    SetLastError(0xdeadbeef);
    assert_true(WinHttpCrackUrl(fine, 0, ICU_REJECT_USERPWD, &uc));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_null(uc.lpszUserName);
    check_pointed(fine, uc.lpszExtraInfo, uc.dwExtraInfoLength, u"?mail=a@b.c");
}

/* Decision: flags this function does not use are ignored, as unused ICU_*
 * bits are elsewhere in WinHTTP. */
static void unknown_flags_ignored(void **state)
{
    (void)state;
    const DWORD flags[] = {0x1, ICU_NO_ENCODE, ICU_BROWSER_MODE | ICU_NO_META, 0x00ff0000};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        URL_COMPONENTS uc;
        want_pointers(&uc);
        SetLastError(0xdeadbeef);
        assert_true(WinHttpCrackUrl(url1, 0, flags[i], &uc));
        assert_int_equal(GetLastError(), ERROR_SUCCESS);
        check_pointed(url1, uc.lpszUrlPath, uc.dwUrlPathLength, u"/site/about");
    }
}

/* ---- main ---------------------------------------------------------------- */

int main(void)
{
    static struct CMUnitTest tests[2 * GOOD_COUNT + BAD_COUNT + 32];
    static char names[2 * GOOD_COUNT + BAD_COUNT][200];
    size_t n = 0;

    for (size_t i = 0; i < GOOD_COUNT; i++) {
        snprintf(names[n], sizeof names[n], "pointers %s", show(good_urls[i].url, wlen(good_urls[i].url)));
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(crack_good_pointers, (void *)&good_urls[i]);
        tests[n].name = names[n];
        n++;
        snprintf(names[n], sizeof names[n], "copies %s", show(good_urls[i].url, wlen(good_urls[i].url)));
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(crack_good_copies, (void *)&good_urls[i]);
        tests[n].name = names[n];
        n++;
    }
    for (size_t i = 0; i < BAD_COUNT; i++) {
        snprintf(names[n], sizeof names[n], "malformed \"%s\"", show(bad_urls[i].url, wlen(bad_urls[i].url)));
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(crack_bad, (void *)&bad_urls[i]);
        tests[n].name = names[n];
        n++;
    }
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(null_parameters),
        cmocka_unit_test(bad_struct_size),
        cmocka_unit_test(buffer_with_zero_length),
        cmocka_unit_test(success_clears_last_error),
        cmocka_unit_test(pointer_offsets),
        cmocka_unit_test(components_not_requested),
        cmocka_unit_test(path_absorbs_unrequested_extra),
        cmocka_unit_test(url_length),
        cmocka_unit_test(short_buffers_windows_case),
        cmocka_unit_test(short_buffer_each_component),
        cmocka_unit_test(copy_absent_components),
        cmocka_unit_test(flags_need_buffers),
        cmocka_unit_test(decode_windows_case),
        cmocka_unit_test(decode_details),
        cmocka_unit_test(escape_windows_case),
        cmocka_unit_test(escape_details),
        cmocka_unit_test(reject_userpwd),
        cmocka_unit_test(unknown_flags_ignored),
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        tests[n++] = fixed[i];
    return _cmocka_run_group_tests("WinHttpCrackUrl", tests, n, NULL, NULL);
}
