/* A deliberately WRONG provider of a few WinHTTP functions: another
 * library a ported program could have been linked against.  Every answer is
 * one our library never gives, so preload_app can tell who answered. */
#include "winhttp.h"

#define STUB_HANDLE ((HINTERNET)(uintptr_t)0x57ab0000)

BOOL WINAPI WinHttpCheckPlatform(void) { return FALSE; }

HINTERNET WINAPI WinHttpOpen(LPCWSTR agent, DWORD access, LPCWSTR proxy, LPCWSTR bypass, DWORD flags)
{
    (void)agent; (void)access; (void)proxy; (void)bypass; (void)flags;
    return STUB_HANDLE;
}

BOOL WINAPI WinHttpCloseHandle(HINTERNET h) { return h == STUB_HANDLE; }

BOOL WINAPI WinHttpCrackUrl(LPCWSTR url, DWORD len, DWORD flags, LPURL_COMPONENTS uc)
{
    (void)url; (void)len; (void)flags;
    if (uc)
        uc->nPort = 1;
    return TRUE;
}

/* The last-error value is the one thing this provider gets right: a real
 * provider of the WinHTTP API has to export these, and a program linked
 * against it resolves GetLastError/SetLastError here. */
static __thread DWORD stub_last_error;
DWORD WINAPI GetLastError(void) { return stub_last_error; }
void WINAPI SetLastError(DWORD code) { stub_last_error = code; }
