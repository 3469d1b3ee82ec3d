// The header compiles as C++ (the C tests cover C), with Windows' ABI.
#include <cstddef>
#include <cstdio>
#include "winhttp.h"

static_assert(sizeof(WCHAR) == 2, "WCHAR is UTF-16");
static_assert(sizeof(DWORD) == 4 && sizeof(BOOL) == 4 && sizeof(LONG) == 4, "LLP64");
static_assert(sizeof(DWORD_PTR) == sizeof(void *), "pointer-sized");
static_assert(sizeof(URL_COMPONENTS) == 104, "URL_COMPONENTS as on Win64");
static_assert(offsetof(URL_COMPONENTS, nPort) == 36, "URL_COMPONENTS.nPort");
static_assert(sizeof(WINHTTP_ASYNC_RESULT) == 16, "WINHTTP_ASYNC_RESULT");
static_assert(sizeof(SYSTEMTIME) == 16, "SYSTEMTIME");

int main()
{
    // Calls through the ms_abi prototypes from C++.
    HINTERNET s = WinHttpOpen(u"c++", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
    if (!s || !WinHttpCloseHandle(s) || GetLastError() != ERROR_SUCCESS) {
        std::puts("FAIL");
        return 1;
    }
    std::puts("PASS: winhttp.h works from C++");
    return 0;
}
