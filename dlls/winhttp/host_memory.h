// Memory handed to the application that it frees with LocalFree, as
// Windows' rules say for the strings of WINHTTP_CERTIFICATE_INFO.  Natively
// the library exports LocalFree itself (host_memory_native.cpp); under Wine
// it is kernel32's (host_memory_wine.cpp).
#pragma once
#include <cstddef>

namespace winhttp::host {
// nullptr on failure.
void *local_alloc(std::size_t bytes);
// Releases what local_alloc gave (accepts nullptr).
void local_free(void *mem);
// The same pair for memory the application frees with GlobalFree, as
// Windows' rules say for the strings of WINHTTP_PROXY_INFO and
// WINHTTP_CURRENT_USER_IE_PROXY_CONFIG.
void *global_alloc(std::size_t bytes);
void global_free(void *mem);
}
