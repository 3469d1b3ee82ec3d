// Host layer for the native library (libwinhttp.so): last error in a
// thread-local, callback threads as plain pthreads.

#include <thread>

#include "host.h"
#include "winhttp.h"

namespace winhttp::host {
namespace {
thread_local uint32_t last_error = 0;
}

void set_last_error(uint32_t code) { last_error = code; }
uint32_t get_last_error() { return last_error; }

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
