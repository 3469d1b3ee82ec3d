#include "header_text.h"

#include <cstdint>
#include <cstring>

#include "text.h"

namespace winhttp {

bool is_field_name(const std::string &name)
{
    if (name.empty())
        return false;
    for (unsigned char c : name) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c != 0 && c < 0x80 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
        if (!ok)
            return false;
    }
    return true;
}

bool is_safe_field_value(const std::string &value)
{
    return value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos;
}

std::string trim_field_value(const std::string &value)
{
    size_t b = value.find_first_not_of(" \t");
    if (b == std::string::npos)
        return std::string();
    size_t e = value.find_last_not_of(" \t");
    return value.substr(b, e - b + 1);
}

bool split_field_line(const std::string &line, header_field &out)
{
    size_t colon = line.find(':');
    if (colon == std::string::npos)
        return false;
    out.name = line.substr(0, colon);
    out.value = trim_field_value(line.substr(colon + 1));
    return is_field_name(out.name);
}

namespace {

// Decodes UTF-8 strictly (no overlongs, no surrogates, at most U+10FFFF).
bool decode_utf8(const std::string &s, std::u16string &out)
{
    out.clear();
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = s[i];
        uint32_t cp;
        size_t extra;
        if (c < 0x80) {
            cp = c;
            extra = 0;
        } else if (c >= 0xc2 && c < 0xe0) {
            cp = c & 0x1f;
            extra = 1;
        } else if (c >= 0xe0 && c < 0xf0) {
            cp = c & 0x0f;
            extra = 2;
        } else if (c >= 0xf0 && c < 0xf5) {
            cp = c & 0x07;
            extra = 3;
        } else {
            return false;
        }
        for (size_t k = 1; k <= extra; ++k) {
            if (i + k >= s.size())
                return false;
            unsigned char d = s[i + k];
            if ((d & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (d & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp < 0xe000))
            return false;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out += char16_t(0xd800 + (cp >> 10));
            out += char16_t(0xdc00 + (cp & 0x3ff));
        } else {
            out += char16_t(cp);
        }
        i += extra + 1;
    }
    return true;
}

}  // namespace

std::u16string latin1_to_wide(const std::string &bytes) { return widen(bytes); }

std::u16string wire_to_wide(const std::string &bytes)
{
    std::u16string out;
    if (decode_utf8(bytes, out))
        return out;
    return latin1_to_wide(bytes);
}

}  // namespace winhttp
