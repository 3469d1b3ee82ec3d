// Small string helpers shared by the parser and the routes. Everything works
// on string_views into existing buffers so the hot path does not allocate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ts {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// Strips spaces and horizontal tabs (HTTP "optional whitespace").
std::string_view trim_ows(std::string_view s);

// Strict decimal parse: digits only, no sign, no overflow.
bool parse_u64(std::string_view s, uint64_t& out);

// True if the comma-separated token list `list` contains `token`
// (case-insensitive, whitespace around tokens ignored).
bool list_has_token(std::string_view list, std::string_view token);

// Decodes %XX escapes and '+' (as space, form encoding) into a new string.
std::string url_decode(std::string_view s);

// "tchar" of RFC 9110: the characters allowed in methods and field names.
bool is_tchar(unsigned char c);

}  // namespace ts
