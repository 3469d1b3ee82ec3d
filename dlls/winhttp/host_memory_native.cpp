// Native LocalAlloc/GlobalAlloc side: plain malloc, and exported LocalFree
// and GlobalFree so that ported programs release what WinHTTP gave them the
// Windows way.
#include <cstdlib>

#include "host_memory.h"
#include "winhttp.h"

namespace winhttp::host {
void *local_alloc(std::size_t bytes) { return std::malloc(bytes ? bytes : 1); }
void local_free(void *mem) { std::free(mem); }
void *global_alloc(std::size_t bytes) { return std::malloc(bytes ? bytes : 1); }
void global_free(void *mem) { std::free(mem); }
}

// HLOCAL is a plain pointer here; like Windows, NULL means success.
extern "C" HLOCAL WINAPI LocalFree(HLOCAL mem)
{
    std::free(mem);
    return nullptr;
}

// HGLOBAL is a plain pointer here too; NULL means success.
extern "C" HGLOBAL WINAPI GlobalFree(HGLOBAL mem)
{
    std::free(mem);
    return nullptr;
}
