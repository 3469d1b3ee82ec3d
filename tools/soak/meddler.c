/* Calls an application may make on a request from another thread while
 * the request is in flight (a UI thread showing its URL, its connection,
 * its status, or setting a timeout): they must answer or fail with an
 * error that fits, never crash or race (make soak-tsan).  The handle may be closed at any moment, by its
 * notification thread or by the closer. */
#include "soak.h"

static int fits(DWORD error, const DWORD *allowed, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (error == allowed[i])
            return 1;
    return 0;
}

static void expect(BOOL ok, const DWORD *allowed, size_t n, const char *what)
{
    if (ok)
        return;
    DWORD e = GetLastError();
    if (!fits(e, allowed, n))
        soak_violation(what, "meddler", e);
}

void soak_meddle(HINTERNET request, uint32_t which)
{
    atomic_fetch_add(&soak_stats.meddles, 1);
    switch (which % 5) {
    case 0: {
        WCHAR url[512];
        DWORD size = sizeof url;
        static const DWORD allowed[] = {ERROR_INVALID_HANDLE};
        expect(WinHttpQueryOption(request, WINHTTP_OPTION_URL, url, &size), allowed, 1,
               "WinHttpQueryOption(URL) on a live request failed");
        break;
    }
    case 1: {
        WINHTTP_CONNECTION_INFO info;
        DWORD size = sizeof info;
        info.cbSize = sizeof info;
        static const DWORD allowed[] = {ERROR_INVALID_HANDLE, ERROR_WINHTTP_INCORRECT_HANDLE_STATE};
        expect(WinHttpQueryOption(request, WINHTTP_OPTION_CONNECTION_INFO, &info, &size), allowed, 2,
               "WinHttpQueryOption(CONNECTION_INFO) on a live request failed");
        break;
    }
    case 2: {
        /* Sets back the value the request has: nothing it does changes. */
        DWORD timeout = 0, size = sizeof timeout;
        static const DWORD allowed[] = {ERROR_INVALID_HANDLE};
        BOOL ok = WinHttpQueryOption(request, WINHTTP_OPTION_RECEIVE_TIMEOUT, &timeout, &size);
        expect(ok, allowed, 1, "WinHttpQueryOption(RECEIVE_TIMEOUT) on a live request failed");
        if (ok)
            expect(WinHttpSetOption(request, WINHTTP_OPTION_RECEIVE_TIMEOUT, &timeout, sizeof timeout), allowed, 1,
                   "WinHttpSetOption(RECEIVE_TIMEOUT) on a live request failed");
        break;
    }
    case 3: {
        DWORD policy = 0, size = sizeof policy;
        static const DWORD allowed[] = {ERROR_INVALID_HANDLE};
        expect(WinHttpQueryOption(request, WINHTTP_OPTION_REDIRECT_POLICY, &policy, &size), allowed, 1,
               "WinHttpQueryOption(REDIRECT_POLICY) on a live request failed");
        break;
    }
    default: {
        DWORD code = 0, size = sizeof code;
        static const DWORD allowed[] = {ERROR_INVALID_HANDLE, ERROR_WINHTTP_INCORRECT_HANDLE_STATE,
                                        ERROR_WINHTTP_HEADER_NOT_FOUND};
        expect(WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                                   WINHTTP_HEADER_NAME_BY_INDEX, &code, &size, WINHTTP_NO_HEADER_INDEX),
               allowed, 3, "WinHttpQueryHeaders(STATUS_CODE) on a live request failed");
        if (code && (code < 100 || code > 999))
            soak_violation("WinHttpQueryHeaders(STATUS_CODE) gave no status code", "meddler", code);
        break;
    }
    }
}
