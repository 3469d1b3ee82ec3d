// RFC 1123 dates ("Sun, 06 Nov 1994 08:49:37 GMT") for Date and friends.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace ts {

// Length of an RFC 1123 date string.
constexpr size_t kHttpDateLen = 29;

// Formats `t` (UTC) into out[0..29). Locale-independent.
void format_http_date(time_t t, char* out);

// The current date, re-formatted at most once a second per thread. The view
// stays valid until the next call on the same thread.
std::string_view http_date_now();

// Makes every Date header carry `fixed` instead of the clock (for byte-exact
// comparisons). Must be called before any server thread starts.
void set_fixed_http_date(std::string fixed);

}  // namespace ts
