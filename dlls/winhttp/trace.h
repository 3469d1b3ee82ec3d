// The trace: with WINEDEBUG asking for the winhttp channel (for example
// WINEDEBUG=+winhttp, natively and under Wine alike), every API call, its
// result and last error, and every notification are written to stderr, one
// line each.  WINEDEBUG is read once, when the library is loaded; when the
// trace is off each hook costs one load of a bool and a branch.
//
// Hooks: guarded() and url::boundary() (api.h, url_common.h) for the API
// calls, object::notify (object.cpp) for notifications, and returned() at
// the few exports that use neither.
#pragma once
#include <cstdint>
#include <type_traits>

#include "host.h"
#include "winhttp.h"

namespace winhttp::trace {

// True when WINEDEBUG selects the channel; set once at load.
extern const bool on;

// Parses a WINEDEBUG value: comma-separated "[class]+channel" or
// "[class]-channel" items, the last one naming "winhttp" or "all" (with no
// class or the "trace" class) decides.  Exposed for the tests.
bool selected(const char *winedebug);

void api_enter(const char *api);
void api_return(const char *api, uintptr_t value, uint32_t last_error);
// delivered: whether the handle's callback and mask let it through.
void notification(HINTERNET h, DWORD_PTR context, DWORD status, const void *info,
                  DWORD length, bool delivered);

template <class R>
uintptr_t as_number(R value)
{
    if constexpr (std::is_pointer_v<R>)
        return reinterpret_cast<uintptr_t>(value);
    else
        return static_cast<uintptr_t>(value);
}

// For exports without guarded(): traces the result on the way out.
template <class R>
R returned(const char *api, R result)
{
    if (on)
        api_return(api, as_number(result), host::get_last_error());
    return result;
}

}  // namespace winhttp::trace
