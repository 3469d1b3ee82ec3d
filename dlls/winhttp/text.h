// Conversions between the API's UTF-16 and the wire's 8-bit text.
#pragma once
#include <string>
#include <string_view>

namespace winhttp {

std::string utf8(const std::u16string &s);
std::u16string widen(const std::string &s);
// ASCII case-insensitive equality (header names).
bool iequals(std::string_view a, std::string_view b);

}  // namespace winhttp
