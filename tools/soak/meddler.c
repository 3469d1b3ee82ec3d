/* Calls an application may make on a request from another thread while
 * the request is in flight (a UI thread showing its URL, its connection,
 * its status): they must answer or fail with an error that fits, never
 * crash or race.  The handle may be closed at any moment, by its
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
    switch (which % 3) {
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
