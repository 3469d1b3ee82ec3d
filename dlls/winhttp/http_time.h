// HTTP dates: formatting as RFC 1123 and the lenient parser behind
// WinHttpTimeFromSystemTime / WinHttpTimeToSystemTime (time.cpp).  Exposed
// so that other parts of the library (headers, cookies) format and read
// dates exactly as the exported functions do.
//
// Named http_time.h, not time.h: dlls/winhttp is on the include path, and a
// time.h here would shadow the C library's <time.h>.
#pragma once
#include <cstddef>

#include "winhttp.h"

namespace winhttp::http_time {

// Characters in "Sun, 06 Nov 1994 08:49:37 GMT" plus its terminator; fits
// in WINHTTP_TIME_FORMAT_BUFSIZE bytes.
constexpr std::size_t formatted_chars = 30;
static_assert(formatted_chars * sizeof(WCHAR) <= WINHTTP_TIME_FORMAT_BUFSIZE,
              "an RFC 1123 date must fit the documented buffer");

// Writes st as RFC 1123 with its terminator (exactly formatted_chars
// characters, nothing past them).  The day name is wDayOfWeek's, not
// recomputed from the date; wMilliseconds is ignored.  Returns false, and
// writes nothing, when a field is out of range: wDayOfWeek > 6, wMonth not
// 1-12, wDay not 1-31, wHour > 23, wMinute > 59, wSecond > 59,
// wYear > 9999.
bool format(const SYSTEMTIME &st, WCHAR *out) noexcept;

// Reads an HTTP date the way Windows does, never failing: see time.cpp for
// the accepted forms.  now is the current UTC time; fields the text does
// not give come from it.
void parse(const WCHAR *text, const SYSTEMTIME &now, SYSTEMTIME &out) noexcept;

// The current UTC time, as Windows' GetSystemTime gives it.
SYSTEMTIME current_utc() noexcept;

// Day of the week (0 = Sunday) of a proleptic Gregorian date; month 1-12,
// any day (days past the month's end count on into the next months).
unsigned day_of_week(unsigned year, unsigned month, unsigned day) noexcept;

}  // namespace winhttp::http_time
