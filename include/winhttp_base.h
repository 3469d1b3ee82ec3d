/*
 * The minimal set of Windows base types that winhttp.h needs, for hosts that
 * have no windows.h.  Windows is LLP64: DWORD, LONG and BOOL are 32-bit, and
 * WCHAR is UTF-16, never the host's 32-bit wchar_t.
 *
 * When a real Windows header set is already included (mingw, Wine), these
 * definitions step aside and the ones from windows.h are used.
 */
#ifndef WINHTTP_BASE_H
#define WINHTTP_BASE_H

#if defined(_WIN32) || defined(_WINDEF_) || defined(__WINE_WINDEF_H)
#include <windows.h>
#else

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && !defined(WINAPI)
/* Windows' x64 calling convention, as winelib uses: the same objects then
 * serve the native library and the Wine builtin. */
#define WINAPI __attribute__((ms_abi))
#elif !defined(WINAPI)
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK WINAPI
#endif

#ifdef __cplusplus
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif

typedef int32_t BOOL;
typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef uint16_t USHORT;
typedef uint32_t DWORD;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t UINT;
typedef int32_t INT;
typedef uint64_t ULONGLONG;
typedef int64_t LONGLONG;
typedef uintptr_t DWORD_PTR;
typedef uintptr_t ULONG_PTR;
typedef intptr_t LONG_PTR;
typedef char CHAR;
typedef void VOID;
typedef void *PVOID;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef void *HANDLE;
typedef DWORD *LPDWORD;
typedef DWORD *PDWORD;
typedef WORD *LPWORD;
typedef BOOL *LPBOOL;
typedef BYTE *LPBYTE;
typedef WCHAR *LPWSTR;
typedef WCHAR *PWSTR;
typedef const WCHAR *LPCWSTR;
typedef const WCHAR *PCWSTR;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;
typedef const CHAR *PCSTR;
typedef USHORT *PUSHORT;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;

/* Windows' SOCKADDR_STORAGE: 128 bytes, 8-byte aligned, family first. */
typedef struct _WINHTTP_SOCKADDR_STORAGE {
    USHORT ss_family;
    CHAR __ss_pad1[6];
    LONGLONG __ss_align;
    CHAR __ss_pad2[112];
} SOCKADDR_STORAGE, *PSOCKADDR_STORAGE;

/* Windows error codes used by WinHTTP (winerror.h values). */
#define ERROR_SUCCESS 0
#define NO_ERROR 0
#define ERROR_INVALID_FUNCTION 1
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_DATA 13
#define ERROR_OUTOFMEMORY 14
#define ERROR_NOT_SUPPORTED 50
#define ERROR_INVALID_PARAMETER 87
#define ERROR_CALL_NOT_IMPLEMENTED 120
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_NAME 123
#define ERROR_MORE_DATA 234
#define ERROR_NO_MORE_ITEMS 259
#define ERROR_INVALID_OPERATION 4317
#define ERROR_IO_PENDING 997
#define ERROR_NO_UNICODE_TRANSLATION 1113
#define ERROR_NOT_FOUND 1168

#ifdef __cplusplus
extern "C" {
#endif
/* Natively, libwinhttp.so exports these so that ported programs can read the
 * error of the last call as on Windows. */
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD code);
/* And these, to release the strings of WINHTTP_CERTIFICATE_INFO (TLS:
 * LocalFree) and of WINHTTP_PROXY_INFO and
 * WINHTTP_CURRENT_USER_IE_PROXY_CONFIG (GlobalFree). */
typedef HANDLE HLOCAL;
HLOCAL WINAPI LocalFree(HLOCAL hMem);
typedef HANDLE HGLOBAL;
HGLOBAL WINAPI GlobalFree(HGLOBAL hMem);
#ifdef __cplusplus
}
#endif

#endif /* no windows.h */
#endif /* WINHTTP_BASE_H */
