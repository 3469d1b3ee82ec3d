// Wine LocalAlloc side: kernel32's, so that the application's own LocalFree
// (kernel32's too) releases it.  Imported the winelib way, as host_wine.cpp
// does for the last error.
#include <cstdint>

#include "host_memory.h"

extern "C" __attribute__((ms_abi)) void *LocalAlloc(uint32_t flags, std::size_t bytes);
extern "C" __attribute__((ms_abi)) void *LocalFree(void *mem);

namespace winhttp::host {
void *local_alloc(std::size_t bytes)
{
    constexpr uint32_t lmem_fixed = 0;
    return LocalAlloc(lmem_fixed, bytes ? bytes : 1);
}
void local_free(void *mem) { LocalFree(mem); }
}  // namespace winhttp::host
