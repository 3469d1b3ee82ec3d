// For exports that return their error code instead of BOOL (the *Ex
// functions): the code is also the last error, as for the BOOL exports.
#pragma once
#include "api.h"

namespace winhttp {

inline DWORD fail_code(DWORD err) { return fail<DWORD>(err, err); }

inline DWORD succeed_code()
{
    succeed();
    return ERROR_SUCCESS;
}

// guarded() for these functions: an escaping exception returns the error it
// set as the last error.
template <class F>
DWORD guarded_code(F &&body) noexcept
{
    const DWORD escaped = 0xffffffffu;
    DWORD result = guarded<DWORD>(escaped, body);
    return result == escaped ? host::get_last_error() : result;
}

}  // namespace winhttp
