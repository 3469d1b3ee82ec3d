/* winhttp-fetch: fetches a URL through our WinHTTP API and prints every
 * notification WinHTTP delivers, one line each, with its payload.  With no
 * URL it starts the project's local test server and fetches from it.
 *
 * usage: winhttp-fetch [--async] [URL]
 *
 * Sync mode blocks in each call; --async drives the request from the status
 * callback (SENDREQUEST_COMPLETE -> WinHttpReceiveResponse,
 * HEADERS_AVAILABLE -> WinHttpQueryDataAvailable, DATA_AVAILABLE ->
 * WinHttpReadData, ...) as an asynchronous WinHTTP application does. */
#include <pthread.h>
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

/* The payload, as the notification defines it. */
static void print_payload(DWORD status, LPVOID info, DWORD len)
{
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
    case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
    case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_REDIRECT: {
        const WCHAR *w = info;
        printf(" \"");
        for (DWORD i = 0; w && i < len && w[i]; i++)
            putchar(w[i] < 128 ? (char)w[i] : '?');
        printf("\"");
        break;
    }
    case WINHTTP_CALLBACK_STATUS_REQUEST_SENT:
    case WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED:
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
    case WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE:
    case WINHTTP_CALLBACK_STATUS_SECURE_FAILURE:
        if (info && len == sizeof(DWORD))
            printf(" %u", *(DWORD *)info);
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        printf(" %u bytes", len);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
        WINHTTP_ASYNC_RESULT *r = info;
        printf(" api=%u error=%u", (unsigned)r->dwResult, r->dwError);
        break;
    }
    }
}

/* ---- the async application ---------------------------------------------- */

struct async_state {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    HINTERNET request;
    int done, closed, failed;
    unsigned long long body;
    char buf[65536];
};

static void async_done(struct async_state *a, int failed, int closed)
{
    pthread_mutex_lock(&a->lock);
    a->failed |= failed;
    if (closed)
        a->closed = 1;
    else
        a->done = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
}

static void print_status_code(HINTERNET r)
{
    DWORD code = 0, size = sizeof(code);
    if (WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL))
        printf("status %u\n", code);
}

/* Each completion starts the next step; a refused call ends the run. */
static void drive(struct async_state *a, DWORD status, LPVOID info, DWORD len)
{
    BOOL ok = TRUE;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        ok = WinHttpReceiveResponse(a->request, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        print_status_code(a->request);
        ok = WinHttpQueryDataAvailable(a->request, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
        if (*(DWORD *)info == 0)
            async_done(a, 0, 0);
        else
            ok = WinHttpReadData(a->request, a->buf, sizeof(a->buf), NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        a->body += len;
        if (len == 0)
            async_done(a, 0, 0);
        else
            ok = WinHttpQueryDataAvailable(a->request, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        async_done(a, 1, 0);
        break;
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        if (a->request && *(HINTERNET *)info == a->request)
            async_done(a, 0, 1);
        break;
    }
    if (!ok) {
        fprintf(stderr, "winhttp-fetch: a call from the callback failed, error %u\n", GetLastError());
        async_done(a, 1, 0);
    }
}

static void CALLBACK trace(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    printf("  notification %-22s handle=%p length=%u", status_name(status), h, len);
    print_payload(status, info, len);
    printf("\n");
    fflush(stdout);
    if (ctx)
        drive((struct async_state *)ctx, status, info, len);
}

static void wait_flag(struct async_state *a, int *flag)
{
    pthread_mutex_lock(&a->lock);
    while (!*flag)
        pthread_cond_wait(&a->cond, &a->lock);
    pthread_mutex_unlock(&a->lock);
}

/* ---- sync --------------------------------------------------------------- */

static int fail(const char *what)
{
    fprintf(stderr, "winhttp-fetch: %s failed, error %u\n", what, GetLastError());
    return 1;
}

static int receive_sync(HINTERNET r)
{
    if (!WinHttpReceiveResponse(r, NULL))
        return fail("WinHttpReceiveResponse");
    print_status_code(r);
    unsigned long long total = 0;
    static char buf[65536];
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

/* ASCII/UTF-8 command-line URL to UTF-16 (URLs on the command line are ASCII). */
static WCHAR *to_wide(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = calloc(n + 1, sizeof(WCHAR));
    for (size_t i = 0; w && i < n; i++)
        w[i] = (unsigned char)s[i];
    return w;
}

static int run_request(HINTERNET r, int async)
{
    if (!async) {
        if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0))
            return fail("WinHttpSendRequest");
        int rc = receive_sync(r);
        WinHttpCloseHandle(r);
        return rc;
    }
    static struct async_state a;
    pthread_mutex_init(&a.lock, NULL);
    pthread_cond_init(&a.cond, NULL);
    a.request = r;
    if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&a))
        return fail("WinHttpSendRequest");
    wait_flag(&a, &a.done);
    if (!a.failed)
        printf("body %llu bytes\n", a.body);
    WinHttpCloseHandle(r);
    wait_flag(&a, &a.closed); /* HANDLE_CLOSING may come from a pool thread */
    return a.failed;
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
    /* lpszUrlPath runs on to the end of the URL, so the query goes too. */
    HINTERNET r = c ? WinHttpOpenRequest(c, NULL, uc.lpszUrlPath, NULL, NULL, NULL,
                                          uc.nScheme == INTERNET_SCHEME_HTTPS ? WINHTTP_FLAG_SECURE : 0)
                    : NULL;
    int rc = r ? run_request(r, async) : fail("opening the request");
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
