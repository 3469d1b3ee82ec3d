// Wine LocalAlloc/GlobalAlloc side: kernel32's, so that the application's
// own LocalFree and GlobalFree (kernel32's too) release it.  Imported the winelib way, as host_wine.cpp
// does for the last error.
#include <cstdint>

#include "host_memory.h"

extern "C" __attribute__((ms_abi)) void *LocalAlloc(uint32_t flags, std::size_t bytes);
extern "C" __attribute__((ms_abi)) void *LocalFree(void *mem);
extern "C" __attribute__((ms_abi)) void *GlobalAlloc(uint32_t flags, std::size_t bytes);
extern "C" __attribute__((ms_abi)) void *GlobalFree(void *mem);

namespace winhttp::host {
void *local_alloc(std::size_t bytes)
{
    constexpr uint32_t lmem_fixed = 0;
    return LocalAlloc(lmem_fixed, bytes ? bytes : 1);
}
void local_free(void *mem) { LocalFree(mem); }
void *global_alloc(std::size_t bytes)
{
    constexpr uint32_t gmem_fixed = 0;
    return GlobalAlloc(gmem_fixed, bytes ? bytes : 1);
}
void global_free(void *mem) { GlobalFree(mem); }
}  // namespace winhttp::host
