// Reading and writing WinHttpSetOption/WinHttpQueryOption buffers with
// Windows' size rules: a query whose buffer is missing or short fails with
// ERROR_INSUFFICIENT_BUFFER and reports the size needed, in bytes; a set
// whose buffer is shorter than the option's type fails the same way.
// String options are set with a length in characters and queried with a
// length in bytes that, on success, excludes the terminating NUL.
#pragma once
#include <cstring>
#include <string>

#include "api.h"

namespace winhttp::option_buffer {

template <class T>
bool write(LPVOID buffer, LPDWORD length, T value)
{
    if (!buffer || *length < sizeof(T)) {
        *length = sizeof(T);
        return fail(ERROR_INSUFFICIENT_BUFFER, false);
    }
    std::memcpy(buffer, &value, sizeof(T));
    *length = sizeof(T);
    return true;
}

inline bool write_string(LPVOID buffer, LPDWORD length, const std::u16string &s)
{
    DWORD needed = DWORD((s.size() + 1) * sizeof(char16_t));
    if (!buffer || *length < needed) {
        *length = needed;
        return fail(ERROR_INSUFFICIENT_BUFFER, false);
    }
    std::memcpy(buffer, s.c_str(), needed);
    *length = needed - sizeof(char16_t);
    return true;
}

template <class T>
bool read(LPVOID buffer, DWORD length, T *out)
{
    if (length < sizeof(T))
        return fail(ERROR_INSUFFICIENT_BUFFER, false);
    std::memcpy(out, buffer, sizeof(T));
    return true;
}

inline bool read_string(LPVOID buffer, DWORD chars, std::u16string *out)
{
    const char16_t *p = static_cast<const char16_t *>(buffer);
    size_t n = 0;
    while (n < chars && p[n]) ++n;  // stop at an embedded NUL, as C strings do
    out->assign(p, n);
    return true;
}

}  // namespace winhttp::option_buffer
