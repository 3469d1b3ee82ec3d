// Host layer for the Wine builtin (winhttp.dll.so).
//
// Under Wine the last-error value lives in the thread's TEB and belongs to
// kernel32, and any thread that may run application (PE) code needs a TEB,
// which only a Wine thread has.  So this file goes to kernel32 for all three
// services.  It is compiled by the host compiler like every other object of
// the library and linked by winegcc, which turns the undefined kernel32
// symbols below into imports of kernel32.dll (winelib import library
// x86_64-unix/libkernel32.a, reached with -lkernel32).
//
// No Wine header is used: the kernel32 prototypes are declared here with the
// Windows x64 calling convention, as winelib does.
//
// Call these ONLY on Wine threads (application threads, and threads made by
// start_app_thread).  Measured under Wine 8: on a raw pthread, CreateThread
// crashes, and SetLastError "works" but writes the TEB of the thread that
// created the pthread (it inherits that thread's %gs base).  So under Wine the
// engine thread should itself be started with start_app_thread if it ever
// needs to start callback threads or set a last-error.

#include "host.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

#if !defined(__x86_64__)
#error "host_wine.cpp: only x86-64 Wine builtins are supported"
#endif

#define HOST_WINAPI __attribute__((ms_abi))

extern "C" {
// kernel32.dll exports (see Microsoft's documentation for the contracts).
HOST_WINAPI void SetLastError(uint32_t code);
HOST_WINAPI uint32_t GetLastError(void);
HOST_WINAPI void *CreateThread(void *security, std::size_t stack_size,
                               uint32_t(HOST_WINAPI *start)(void *),
                               void *param, uint32_t flags, uint32_t *thread_id);
HOST_WINAPI int32_t CloseHandle(void *handle);
HOST_WINAPI int32_t GetModuleHandleExW(uint32_t flags, const char16_t *name, void **module);
}

namespace winhttp::host {

void set_last_error(uint32_t code)
{
    ::SetLastError(code);
}

uint32_t get_last_error()
{
    return ::GetLastError();
}

namespace {

struct app_thread_start {
    void (*fn)(void *);
    void *arg;
};

// Runs on a thread made by kernel32's CreateThread: it has a TEB, so the
// application's callbacks may be called from here.  Returning ends the thread
// (kernel32 calls ExitThread with the return value).
HOST_WINAPI uint32_t app_thread_main(void *param)
{
    app_thread_start start = *static_cast<app_thread_start *>(param);
    delete static_cast<app_thread_start *>(param);
    // A C++ exception cannot unwind through the PE frames of kernel32 that
    // called us; the library must not let one get here, and if it does the
    // thread ends quietly instead of taking the process down.
    try {
        start.fn(start.arg);
    } catch (...) {
    }
    return 0;
}

// Once a thread of ours exists, the DLL must never be unloaded: FreeLibrary
// of a builtin .dll.so dlclose()s it (DllMain, then the ELF destructors, then
// the code is unmapped) while our threads may still be running in it, or not
// even started yet (a new thread first waits for the loader lock).  Pinning
// makes FreeLibrary keep the module, as on Windows for a pinned DLL; the
// threads then simply end with the process.
void pin_module()
{
    static std::atomic<bool> pinned{false};
    if (pinned.exchange(true))
        return;
    const uint32_t pin = 0x1;          // GET_MODULE_HANDLE_EX_FLAG_PIN
    const uint32_t from_address = 0x4; // GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
    void *module = nullptr;
    ::GetModuleHandleExW(pin | from_address,
                         reinterpret_cast<const char16_t *>(&pin_module), &module);
}

} // namespace

bool start_app_thread(void (*fn)(void *), void *arg)
{
    // Keep the caller's last-error: creating a thread is an internal detail
    // that must not leak into what the application reads afterwards.
    const uint32_t saved = ::GetLastError();
    pin_module();
    auto *start = new (std::nothrow) app_thread_start{fn, arg};
    if (!start)
        return false;
    void *thread = ::CreateThread(nullptr, 0, app_thread_main, start, 0, nullptr);
    if (!thread) {
        delete start;
        ::SetLastError(saved);
        return false;
    }
    ::CloseHandle(thread);
    ::SetLastError(saved);
    return true;
}

} // namespace winhttp::host
