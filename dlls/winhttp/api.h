// Shared plumbing of the exported functions: Windows-style failure, handle
// lookup by kind, and the exception boundary (no C++ exception may cross an
// exported function).
#pragma once
#include <new>
#include <string>

#include "handle_table.h"
#include "host.h"
#include "objects.h"
#include "trace.h"

namespace winhttp {

// Sets the last error and yields the value the API returns on failure.
template <class R = BOOL>
inline R fail(DWORD error, R result = R())
{
    host::set_last_error(error);
    return result;
}

inline BOOL succeed()
{
    host::set_last_error(ERROR_SUCCESS);
    return TRUE;
}

template <class T> constexpr handle_kind kind_of();
template <> constexpr handle_kind kind_of<session>() { return handle_kind::session; }
template <> constexpr handle_kind kind_of<connection>() { return handle_kind::connect; }
template <> constexpr handle_kind kind_of<request>() { return handle_kind::request; }

// The object of kind T behind h, or empty with the last error set:
// ERROR_INVALID_HANDLE for a dead handle, INCORRECT_HANDLE_TYPE otherwise.
template <class T>
ref<T> lookup_as(HINTERNET h)
{
    ref<object> obj = handles::lookup(h);
    if (!obj)
        return fail(ERROR_INVALID_HANDLE, ref<T>());
    if (obj->kind() != kind_of<T>())
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, ref<T>());
    return ref<T>::adopt(static_cast<T *>(obj.release_to_raw()));
}

// Runs an API body, turning any escaping exception into a Windows error.
// `api` defaults to the name of the exported function that calls this; the
// trace (trace.h) shows the call and its result.
template <class R, class F>
R guarded(R failure, F &&body, const char *api = __builtin_FUNCTION()) noexcept
{
    if (trace::on)
        trace::api_enter(api);
    R result = failure;
    try {
        result = body();
    } catch (const std::bad_alloc &) {
        result = fail(ERROR_NOT_ENOUGH_MEMORY, failure);
    } catch (...) {
        result = fail(ERROR_WINHTTP_INTERNAL_ERROR, failure);
    }
    return trace::returned(api, result);
}

// UTF-16 string helpers for WCHAR arguments.
inline size_t wide_length(LPCWSTR s)
{
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

inline std::u16string wide_string(LPCWSTR s)
{
    return s ? std::u16string(reinterpret_cast<const char16_t *>(s), wide_length(s))
             : std::u16string();
}

}  // namespace winhttp
