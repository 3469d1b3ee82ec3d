// The host layer: everything that differs between the native library and the
// Wine builtin (DESIGN.md §6).  host_native.cpp and host_wine.cpp implement it;
// nothing else in the library may call pthread_create for code that can reach
// the application, nor touch the last-error value directly.
#pragma once
#include <cstdint>

namespace winhttp::host {
// Windows' per-thread last-error value.
void set_last_error(uint32_t code);
uint32_t get_last_error();
// Starts a thread that may call application code (a Wine thread under Wine).
// Returns false on failure.
bool start_app_thread(void (*fn)(void *), void *arg);
}  // namespace winhttp::host
