/* Conformance: WinHttpCrackUrl and WinHttpCreateUrl.  A table of
 * well-formed URLs (each row its own case, cracked with pointers into the
 * URL), a table of refused ones with their error codes, and CreateUrl's
 * size query, output and round trip. */
#include "conformance.h"

struct crack_row {
    const WCHAR *url;
    const char *scheme;
    INTERNET_SCHEME nscheme;
    INTERNET_PORT port;
    const char *user;     /* NULL: none in the URL (length 0) */
    const char *password; /* NULL: none in the URL (length 0) */
    const char *host;
    const char *path;
    const char *extra;
};

#define HTTP INTERNET_SCHEME_HTTP
#define HTTPS INTERNET_SCHEME_HTTPS

static const struct crack_row good[] = {
    {W("http://username:password@www.winehq.org/site/about?query"), "http", HTTP, 80,
     "username", "password", "www.winehq.org", "/site/about", "?query"},
    {W("http://www.winehq.org"), "http", HTTP, 80, NULL, NULL, "www.winehq.org", "", ""},
    {W("https://www.winehq.org/post?"), "https", HTTPS, 443, NULL, NULL, "www.winehq.org", "/post", "?"},
    {W("HTTP://Example.COM/Index.HTML"), "HTTP", HTTP, 80, NULL, NULL, "Example.COM", "/Index.HTML", ""},
    {W("http://example.com:8080/"), "http", HTTP, 8080, NULL, NULL, "example.com", "/", ""},
    {W("https://example.com:80/"), "https", HTTPS, 80, NULL, NULL, "example.com", "/", ""},
    {W("http://winehq.org:/"), "http", HTTP, 80, NULL, NULL, "winehq.org", "/", ""},
    {W("http://user@example.com/"), "http", HTTP, 80, "user", NULL, "example.com", "/", ""},
    {W("http://user:@example.com/"), "http", HTTP, 80, "user", "", "example.com", "/", ""},
    {W("http://[::1]:8080/index"), "http", HTTP, 8080, NULL, NULL, "[::1]", "/index", ""},
    {W("http://1.2.3.4:8000/"), "http", HTTP, 8000, NULL, NULL, "1.2.3.4", "/", ""},
    {W("http://example.com/path#frag"), "http", HTTP, 80, NULL, NULL, "example.com", "/path", "#frag"},
    {W("http://example.com?q=1"), "http", HTTP, 80, NULL, NULL, "example.com", "", "?q=1"},
    {W("http://example.com/%41%20?%42"), "http", HTTP, 80, NULL, NULL, "example.com", "/%41%20", "?%42"},
    {W("https://nba2k19-ws.2ksports.com:19133/nba/v4/Accounts/get_account?x=3789526775265663876"),
     "https", HTTPS, 19133, NULL, NULL, "nba2k19-ws.2ksports.com", "/nba/v4/Accounts/get_account",
     "?x=3789526775265663876"},
};

static void check_pointed(const WCHAR *url, const WCHAR *p, DWORD n, const char *want, const char *what)
{
    if (!want) { /* absent: Windows gives length 0 */
        CHECK_INT(n, 0);
        return;
    }
    size_t len = conf_wlen(url);
    if (n > 0 && (p < url || p + n > url + len))
        CHECK_FAIL("%s does not point into the URL", what);
    CHECK_WSTR(p, n, want);
}

static void crack_good(void **conf_state)
{
    const struct crack_row *row = CONF_ARG(struct crack_row);
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = (DWORD)-1;
    uc.dwPasswordLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = (DWORD)-1;
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpCrackUrl(row->url, 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_INT(uc.nScheme, row->nscheme);
    CHECK_INT(uc.nPort, row->port);
    check_pointed(row->url, uc.lpszScheme, uc.dwSchemeLength, row->scheme, "scheme");
    check_pointed(row->url, uc.lpszUserName, uc.dwUserNameLength, row->user, "user name");
    check_pointed(row->url, uc.lpszPassword, uc.dwPasswordLength, row->password, "password");
    check_pointed(row->url, uc.lpszHostName, uc.dwHostNameLength, row->host, "host name");
    check_pointed(row->url, uc.lpszUrlPath, uc.dwUrlPathLength, row->path, "URL path");
    check_pointed(row->url, uc.lpszExtraInfo, uc.dwExtraInfoLength, row->extra, "extra info");
}

struct bad_row {
    const WCHAR *url;
    DWORD error;
};

static const struct bad_row bad[] = {
    {W(""), ERROR_WINHTTP_UNRECOGNIZED_SCHEME},
    {W("www.winehq.org"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME},
    {W("ftp://username:password@www.winehq.org:80/site/about?query"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME},
    {W("ws://example.com/"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME},
    {W("HTTP:www.winehq.org"), ERROR_WINHTTP_INVALID_URL},
    {W("http:/www.winehq.org"), ERROR_WINHTTP_INVALID_URL},
    {W("http://"), ERROR_WINHTTP_INVALID_URL},
    {W("http://:80/"), ERROR_WINHTTP_INVALID_URL},
};

static void crack_bad(void **conf_state)
{
    const struct bad_row *row = CONF_ARG(struct bad_row);
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwHostNameLength = (DWORD)-1;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCrackUrl(row->url, 0, 0, &uc));
    CHECK_INT(GetLastError(), row->error);
}

CONF_TEST(crack_null_arguments)
{
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCrackUrl(NULL, 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCrackUrl(W("http://h/"), 0, 0, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

CONF_TEST(crack_into_buffers)
{
    WCHAR host[64], path[64], extra[64];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 64;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 64;
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = 64;
    CHECK_TRUE(WinHttpCrackUrl(W("http://example.com:8080/path?q=1"), 0, 0, &uc));
    CHECK_WSTR(host, uc.dwHostNameLength, "example.com");
    CHECK_INT(host[uc.dwHostNameLength], 0);
    CHECK_WSTR(path, uc.dwUrlPathLength, "/path");
    CHECK_WSTR(extra, uc.dwExtraInfoLength, "?q=1");
}

CONF_TEST(crack_buffer_too_small)
{
    WCHAR host[4];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 4;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCrackUrl(W("http://example.com/"), 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
}

static void make_components(URL_COMPONENTS *uc)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->nScheme = INTERNET_SCHEME_HTTP;
    uc->lpszHostName = (LPWSTR)W("www.winehq.org");
    uc->nPort = 8080;
    uc->lpszUrlPath = (LPWSTR)W("/site/about");
    uc->lpszExtraInfo = (LPWSTR)W("?query");
}

CONF_TEST(create_size_query)
{
    URL_COMPONENTS uc;
    make_components(&uc);
    DWORD len = 0;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCreateUrl(&uc, 0, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 44); /* "http://www.winehq.org:8080/site/about?query" + NUL */
}

CONF_TEST(create_url)
{
    URL_COMPONENTS uc;
    make_components(&uc);
    WCHAR buf[128];
    DWORD len = 128;
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpCreateUrl(&uc, 0, buf, &len));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_INT(len, 43);
    CHECK_WSTR(buf, conf_wlen(buf), "http://www.winehq.org:8080/site/about?query");
}

CONF_TEST(create_default_port_left_out)
{
    URL_COMPONENTS uc;
    make_components(&uc);
    uc.nPort = 80;
    WCHAR buf[128];
    DWORD len = 128;
    CHECK_TRUE(WinHttpCreateUrl(&uc, 0, buf, &len));
    CHECK_WSTR(buf, len, "http://www.winehq.org/site/about?query");
}

CONF_TEST(create_with_credentials)
{
    URL_COMPONENTS uc;
    make_components(&uc);
    uc.lpszUserName = (LPWSTR)W("user");
    uc.lpszPassword = (LPWSTR)W("pw");
    WCHAR buf[128];
    DWORD len = 128;
    CHECK_TRUE(WinHttpCreateUrl(&uc, 0, buf, &len));
    CHECK_WSTR(buf, len, "http://user:pw@www.winehq.org:8080/site/about?query");
}

CONF_TEST(create_null_arguments)
{
    DWORD len = 0;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCreateUrl(NULL, 0, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    URL_COMPONENTS uc;
    make_components(&uc);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpCreateUrl(&uc, 0, NULL, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

#define GOOD(i) CONF_ROW("crack_good_" #i, crack_good, &good[i])
#define BAD(i) CONF_ROW("crack_bad_" #i, crack_bad, &bad[i])
static const struct conf_case cases[] = {
    GOOD(0), GOOD(1), GOOD(2), GOOD(3), GOOD(4), GOOD(5), GOOD(6), GOOD(7),
    GOOD(8), GOOD(9), GOOD(10), GOOD(11), GOOD(12), GOOD(13), GOOD(14),
    BAD(0), BAD(1), BAD(2), BAD(3), BAD(4), BAD(5), BAD(6), BAD(7),
    CONF_CASE(crack_null_arguments),
    CONF_CASE(crack_into_buffers),
    CONF_CASE(crack_buffer_too_small),
    CONF_CASE(create_size_query),
    CONF_CASE(create_url),
    CONF_CASE(create_default_port_left_out),
    CONF_CASE(create_with_credentials),
    CONF_CASE(create_null_arguments),
};
/* Every row of both tables has its case. */
_Static_assert(sizeof good / sizeof good[0] == 15, "GOOD() rows");
_Static_assert(sizeof bad / sizeof bad[0] == 8, "BAD() rows");
CONF_SUITE(conf_suite_url, "url", cases);
