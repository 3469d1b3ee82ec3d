// Host layer for the native library (libwinhttp.so): last error in a
// thread-local, callback threads as plain pthreads.
//
// The last error defers to another provider's (DESIGN.md §6): when a
// library exporting GetLastError/SetLastError -- a Windows compatibility
// layer, or another WinHTTP provider -- is already loaded and comes before
// us in the global symbol scope, the application's GetLastError calls bind
// to that one.  Our errors must then go into its storage, or the
// application would never see them.  The lookup is made once, when the
// library is loaded; the other provider's functions are assumed to follow
// the Windows calling convention (WINAPI, ms_abi on x86-64), as ours do.
// When we come first (linked first, or LD_PRELOAD), everybody binds to ours
// and nothing is deferred.

#include <dlfcn.h>
#include <thread>

#include "fast_tls.h"
#include "host.h"
#include "winhttp.h"

namespace winhttp::host {
namespace {
WINHTTP_FAST_TLS thread_local uint32_t last_error = 0;

using get_fn = DWORD(WINAPI *)(void);
using set_fn = void(WINAPI *)(DWORD);

struct other_provider {
    get_fn get = nullptr;
    set_fn set = nullptr;
};

// True when fn lies in the shared object that holds this file's code.
bool is_ours(void *fn)
{
    static int anchor;
    Dl_info mine{}, theirs{};
    return dladdr(&anchor, &mine) && dladdr(fn, &theirs) && mine.dli_fbase == theirs.dli_fbase;
}

// The first GetLastError/SetLastError pair in the global scope, if it is
// not ours; both must come from the same other object.
other_provider find_other_provider()
{
    void *get = dlsym(RTLD_DEFAULT, "GetLastError");
    void *set = dlsym(RTLD_DEFAULT, "SetLastError");
    if (!get || !set || is_ours(get) || is_ours(set))
        return {};
    Dl_info get_info{}, set_info{};
    if (!dladdr(get, &get_info) || !dladdr(set, &set_info) || get_info.dli_fbase != set_info.dli_fbase)
        return {};
    return {reinterpret_cast<get_fn>(get), reinterpret_cast<set_fn>(set)};
}

// Resolved at load (before any API call can set an error).
other_provider other;
__attribute__((constructor)) void resolve_other_provider() { other = find_other_provider(); }
}  // namespace

void set_last_error(uint32_t code)
{
    if (other.set)
        other.set(code);
    else
        last_error = code;
}

uint32_t get_last_error() { return other.get ? other.get() : last_error; }

bool start_app_thread(void (*fn)(void *), void *arg)
{
    try {
        std::thread(fn, arg).detach();
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace winhttp::host

// Ported programs read WinHTTP's errors through these, as on Windows.
extern "C" DWORD WINAPI GetLastError(void) { return winhttp::host::get_last_error(); }
extern "C" void WINAPI SetLastError(DWORD code) { winhttp::host::set_last_error(code); }
