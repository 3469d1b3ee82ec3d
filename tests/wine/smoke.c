/*
 * smoke.exe: a tiny Windows program (built with mingw-w64 against mingw's
 * winhttp.h and import library) that checks a few WinHTTP behaviours that
 * Microsoft documents.  Run it under Wine with tools/wine-run; add --verify
 * there to prove which winhttp.dll implementation answered.
 *
 * Exit status: 0 when every check passes, 1 otherwise.
 */
#include <windows.h>
#include <winhttp.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

static void check_part(const wchar_t *got, DWORD got_len, const wchar_t *want, const char *what)
{
    size_t n = wcslen(want);
    int ok = got && got_len == n && wcsncmp(got, want, n) == 0;
    char line[200];
    snprintf(line, sizeof line, "%s = \"%.*ls\" (%lu chars)", what,
             got ? (int)got_len : 6, got ? got : L"(null)", (unsigned long)got_len);
    check(ok, line);
}

/* ---- WinHttpCrackUrl ---------------------------------------------------- */

static const wchar_t url[] = L"http://user:pw@example.com:8080/path?q=1";

static void crack_pointers(void)
{
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    /* NULL pointer + non-zero length: point into the URL. */
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = (DWORD)-1;
    uc.dwPasswordLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = (DWORD)-1;
    BOOL ok = WinHttpCrackUrl(url, 0, 0, &uc);
    check(ok, "WinHttpCrackUrl (pointers into the URL) succeeds");
    if (!ok) {
        printf("      GetLastError() = %lu\n", GetLastError());
        return;
    }
    check(uc.nScheme == INTERNET_SCHEME_HTTP, "nScheme == INTERNET_SCHEME_HTTP");
    check(uc.nPort == 8080, "nPort == 8080");
    check_part(uc.lpszScheme, uc.dwSchemeLength, L"http", "scheme");
    check_part(uc.lpszUserName, uc.dwUserNameLength, L"user", "user name");
    check_part(uc.lpszPassword, uc.dwPasswordLength, L"pw", "password");
    check_part(uc.lpszHostName, uc.dwHostNameLength, L"example.com", "host name");
    check_part(uc.lpszUrlPath, uc.dwUrlPathLength, L"/path", "URL path");
    check_part(uc.lpszExtraInfo, uc.dwExtraInfoLength, L"?q=1", "extra info");
    check(uc.lpszHostName >= url && uc.lpszHostName < url + wcslen(url),
          "host name points into the caller's URL");
}

static void crack_buffers(void)
{
    wchar_t host[64], path[64], extra[64];
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszHostName = host;
    uc.dwHostNameLength = ARRAYSIZE(host);
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = ARRAYSIZE(path);
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = ARRAYSIZE(extra);
    BOOL ok = WinHttpCrackUrl(url, 0, 0, &uc);
    check(ok, "WinHttpCrackUrl (caller's buffers) succeeds");
    if (!ok) {
        printf("      GetLastError() = %lu\n", GetLastError());
        return;
    }
    check_part(uc.lpszHostName, uc.dwHostNameLength, L"example.com", "host name copy");
    check(uc.lpszHostName == host && host[uc.dwHostNameLength] == 0,
          "host name copied into the buffer, NUL-terminated");
    check_part(uc.lpszUrlPath, uc.dwUrlPathLength, L"/path", "URL path copy");
    check_part(uc.lpszExtraInfo, uc.dwExtraInfoLength, L"?q=1", "extra info copy");
    check(uc.nPort == 8080, "nPort == 8080 (buffers)");
}

static void crack_errors(void)
{
    URL_COMPONENTS uc;
    BOOL ok;

    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwHostNameLength = (DWORD)-1;
    SetLastError(0xdeadbeef);
    ok = WinHttpCrackUrl(url, 0, ICU_REJECT_USERPWD, &uc);
    check(!ok && GetLastError() == ERROR_WINHTTP_INVALID_URL,
          "ICU_REJECT_USERPWD on a URL with credentials: FALSE, ERROR_WINHTTP_INVALID_URL");

    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwHostNameLength = (DWORD)-1;
    SetLastError(0xdeadbeef);
    ok = WinHttpCrackUrl(L"ftp://example.com/file", 0, 0, &uc);
    check(!ok && GetLastError() == ERROR_WINHTTP_UNRECOGNIZED_SCHEME,
          "ftp:// URL: FALSE, ERROR_WINHTTP_UNRECOGNIZED_SCHEME");
}

/* ---- WinHttpSetStatusCallback -------------------------------------------- */

static volatile LONG closing_seen, cb1_calls;
static HINTERNET volatile closing_handle;
static volatile DWORD closing_thread;

static void CALLBACK status_cb1(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)status; (void)info; (void)len;
    InterlockedIncrement(&cb1_calls);
}

static void CALLBACK status_cb2(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx; (void)info; (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
        closing_handle = h;
        closing_thread = GetCurrentThreadId();
        InterlockedIncrement(&closing_seen);
    }
}

static void status_callback(void)
{
    WINHTTP_STATUS_CALLBACK prev;
    HINTERNET session = WinHttpOpen(L"winhttp-smoke/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY,
                                    WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    check(session != NULL, "WinHttpOpen returns a session");
    if (!session) {
        printf("      GetLastError() = %lu\n", GetLastError());
        return;
    }

    prev = WinHttpSetStatusCallback(session, status_cb1, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    check(prev == NULL, "first WinHttpSetStatusCallback returns NULL (no previous callback)");
    prev = WinHttpSetStatusCallback(session, status_cb2, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    check(prev == status_cb1, "second WinHttpSetStatusCallback returns the first callback");

    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(NULL, status_cb1, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    check(prev == WINHTTP_INVALID_STATUS_CALLBACK && GetLastError() == ERROR_INVALID_HANDLE,
          "WinHttpSetStatusCallback(NULL handle): WINHTTP_INVALID_STATUS_CALLBACK, ERROR_INVALID_HANDLE");

    check(WinHttpCloseHandle(session), "WinHttpCloseHandle(session) succeeds");
    /* HANDLE_CLOSING may come on this thread or on a worker: wait a little. */
    for (int i = 0; i < 500 && !closing_seen; i++)
        Sleep(10);
    Sleep(50);
    check(closing_seen == 1 && closing_handle == session,
          "callback got WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING once, for the session");
    printf("      HANDLE_CLOSING delivered on %s thread\n",
           closing_thread == GetCurrentThreadId() ? "the calling" : "another");
    check(cb1_calls == 0, "the replaced callback was never called");

    SetLastError(0xdeadbeef);
    check(!WinHttpCloseHandle(NULL) && GetLastError() == ERROR_INVALID_HANDLE,
          "WinHttpCloseHandle(NULL): FALSE, ERROR_INVALID_HANDLE");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    check(WinHttpCheckPlatform(), "WinHttpCheckPlatform returns TRUE");
    crack_pointers();
    crack_buffers();
    crack_errors();
    status_callback();

    HMODULE mod = GetModuleHandleW(L"winhttp.dll");
    wchar_t path[MAX_PATH] = L"?";
    if (mod)
        GetModuleFileNameW(mod, path, MAX_PATH);
    printf("winhttp module: %ls at %p\n", path, (void *)mod);

    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
