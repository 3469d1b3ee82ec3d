// Writing a header query's answer into the application's buffer, the way
// WinHttpQueryHeaders documents it: sizes in bytes; with no buffer or a
// short one, ERROR_INSUFFICIENT_BUFFER and the size needed (for strings,
// including the terminator); on success, for strings, the length written
// without the terminator.
#pragma once
#include <string>

#include "winhttp.h"

namespace winhttp {

// A UTF-16 string and its terminator.
BOOL write_string(const std::u16string &s, void *buffer, DWORD *length);

// A decimal field value as a DWORD (wide: ULONGLONG).  A value that is not
// all digits, or does not fit, is ERROR_WINHTTP_INVALID_QUERY_REQUEST.
BOOL write_number(const std::string &text, bool wide, void *buffer, DWORD *length);

// An HTTP date as a SYSTEMTIME, read by the parser behind
// WinHttpTimeToSystemTime (it never fails).
BOOL write_systemtime(const std::u16string &text, void *buffer, DWORD *length);

}  // namespace winhttp
