#include "proxy_bypass.h"

#include <cctype>

namespace winhttp::proxy_bypass {
namespace {

bool same_letter(char a, char b)
{
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool is_separator(char c) { return c == ';' || std::isspace(static_cast<unsigned char>(c)); }

bool is_local_marker(const std::string &entry)
{
    static const std::string marker = "<local>";
    if (entry.size() != marker.size())
        return false;
    for (size_t i = 0; i < entry.size(); ++i)
        if (!same_letter(entry[i], marker[i]))
            return false;
    return true;
}

}  // namespace

bool wildcard_match(const std::string &pattern, const std::string &host)
{
    // Greedy matching with one back-track point (the last '*'): enough for
    // '*' patterns, and never worse than pattern length times host length.
    size_t p = 0, h = 0, star = std::string::npos, resume = 0;
    while (h < host.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = h;
        } else if (p < pattern.size() && same_letter(pattern[p], host[h])) {
            ++p;
            ++h;
        } else if (star != std::string::npos) {
            p = star + 1;
            h = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool matches(const std::string &list, const std::string &host)
{
    size_t i = 0;
    while (i < list.size()) {
        while (i < list.size() && is_separator(list[i]))
            ++i;
        size_t end = i;
        while (end < list.size() && !is_separator(list[end]))
            ++end;
        if (end > i) {
            std::string entry = list.substr(i, end - i);
            if (is_local_marker(entry) ? host.find('.') == std::string::npos : wildcard_match(entry, host))
                return true;
        }
        i = end;
    }
    return false;
}

}  // namespace winhttp::proxy_bypass
