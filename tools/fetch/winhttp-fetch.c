/* winhttp-fetch: fetches a URL through our WinHTTP API and prints every
 * notification WinHTTP delivers, one line each.  With no URL it starts the
 * project's local test server and fetches from it.
 *
 * usage: winhttp-fetch [--async] [URL]
 *
 * Sync mode works; async mode is not implemented yet (issue 3), and the tool
 * then says so plainly: WinHttpSendRequest fails with
 * ERROR_CALL_NOT_IMPLEMENTED and nothing is sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testserver.h"
#include "winhttp.h"

static const char *status_name(DWORD status)
{
    switch (status) {
#define NAME(s) case WINHTTP_CALLBACK_STATUS_##s: return #s
    NAME(RESOLVING_NAME); NAME(NAME_RESOLVED); NAME(CONNECTING_TO_SERVER);
    NAME(CONNECTED_TO_SERVER); NAME(SENDING_REQUEST); NAME(REQUEST_SENT);
    NAME(RECEIVING_RESPONSE); NAME(RESPONSE_RECEIVED); NAME(CLOSING_CONNECTION);
    NAME(CONNECTION_CLOSED); NAME(HANDLE_CREATED); NAME(HANDLE_CLOSING);
    NAME(DETECTING_PROXY); NAME(REDIRECT); NAME(INTERMEDIATE_RESPONSE);
    NAME(SECURE_FAILURE); NAME(HEADERS_AVAILABLE); NAME(DATA_AVAILABLE);
    NAME(READ_COMPLETE); NAME(WRITE_COMPLETE); NAME(REQUEST_ERROR);
    NAME(SENDREQUEST_COMPLETE);
#undef NAME
    default: return "?";
    }
}

static void CALLBACK trace(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx; (void)info;
    printf("  notification %-22s handle=%p length=%u\n", status_name(status), h, len);
}

/* ASCII/UTF-8 command-line URL to UTF-16 (URLs on the command line are ASCII). */
static WCHAR *to_wide(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = calloc(n + 1, sizeof(WCHAR));
    for (size_t i = 0; w && i < n; i++)
        w[i] = (unsigned char)s[i];
    return w;
}

static int fail(const char *what)
{
    fprintf(stderr, "winhttp-fetch: %s failed, error %u\n", what, GetLastError());
    return 1;
}

/* Receives the response of a sent request: status line and body size. */
static int receive(HINTERNET r)
{
    if (!WinHttpReceiveResponse(r, NULL))
        return fail("WinHttpReceiveResponse");
    DWORD status = 0, size = sizeof(status);
    if (!WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL,
                             &status, &size, NULL))
        return fail("WinHttpQueryHeaders");
    printf("status %u\n", status);
    unsigned long long total = 0;
    char buf[65536];
    for (;;) {
        DWORD got = 0;
        if (!WinHttpReadData(r, buf, sizeof(buf), &got))
            return fail("WinHttpReadData");
        if (got == 0)
            break;
        total += got;
    }
    printf("body %llu bytes\n", total);
    return 0;
}

static int fetch(const char *url, int async)
{
    WCHAR *wurl = to_wide(url);
    URL_COMPONENTS uc = {0};
    uc.dwStructSize = sizeof(uc);
    uc.dwHostNameLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = (DWORD)-1;
    if (!WinHttpCrackUrl(wurl, 0, 0, &uc))
        return fail("WinHttpCrackUrl");
    WCHAR *host = calloc(uc.dwHostNameLength + 1, sizeof(WCHAR));
    memcpy(host, uc.lpszHostName, uc.dwHostNameLength * sizeof(WCHAR));
    printf("fetching %s (%s mode)\n", url, async ? "async" : "sync");

    HINTERNET s = WinHttpOpen(u"winhttp-fetch/0.1", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL,
                              async ? WINHTTP_FLAG_ASYNC : 0);
    if (!s)
        return fail("WinHttpOpen");
    WinHttpSetStatusCallback(s, trace, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET c = WinHttpConnect(s, host, uc.nPort, 0);
    HINTERNET r = c ? WinHttpOpenRequest(c, NULL, uc.lpszUrlPath, NULL, NULL, NULL,
                                          uc.nScheme == INTERNET_SCHEME_HTTPS ? WINHTTP_FLAG_SECURE : 0)
                    : NULL;
    int rc = 0;
    if (!r) {
        rc = fail("opening the request");
    } else if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0)) {
        if (GetLastError() == ERROR_CALL_NOT_IMPLEMENTED)
            printf("request not sent: async mode is not implemented yet "
                   "(ERROR_CALL_NOT_IMPLEMENTED; issue 3)\n");
        else
            rc = fail("WinHttpSendRequest");
    } else {
        rc = receive(r);
    }
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    free(host);
    free(wurl);
    return rc;
}

int main(int argc, char **argv)
{
    int async = 0;
    const char *url = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--async"))
            async = 1;
        else
            url = argv[i];
    }
    struct testserver *server = NULL;
    char buf[128];
    if (!url) {
        server = testserver_start(NULL);
        if (!server) {
            fprintf(stderr, "winhttp-fetch: cannot start the local test server\n");
            return 1;
        }
        url = testserver_url(server, "/hello", buf, sizeof(buf));
        printf("local test server on port %d\n", testserver_port(server));
    }
    int rc = fetch(url, async);
    if (server)
        testserver_stop(server);
    return rc;
}
