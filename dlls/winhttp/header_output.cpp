#include "header_output.h"

#include <cstring>

#include "api.h"
#include "http_time.h"

namespace winhttp {
namespace {

// Room for `needed` bytes, or FALSE with the needed size reported.
bool has_room(void *buffer, DWORD *length, DWORD needed)
{
    if (buffer && *length >= needed)
        return true;
    *length = needed;
    return false;
}

bool parse_decimal(const std::string &text, ULONGLONG limit, ULONGLONG &out)
{
    if (text.empty())
        return false;
    ULONGLONG v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        unsigned d = unsigned(c - '0');
        if (v > (limit - d) / 10)
            return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

}  // namespace

BOOL write_string(const std::u16string &s, void *buffer, DWORD *length)
{
    if (s.size() >= 0x7ffffffe)
        return fail(ERROR_NOT_ENOUGH_MEMORY, FALSE);
    if (!has_room(buffer, length, DWORD((s.size() + 1) * sizeof(char16_t))))
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    std::memcpy(buffer, s.data(), s.size() * sizeof(char16_t));
    static_cast<char16_t *>(buffer)[s.size()] = 0;
    *length = DWORD(s.size() * sizeof(char16_t));
    return succeed();
}

BOOL write_number(const std::string &text, bool wide, void *buffer, DWORD *length)
{
    ULONGLONG v = 0;
    if (!parse_decimal(text, wide ? ~ULONGLONG(0) : ULONGLONG(0xffffffffu), v))
        return fail(ERROR_WINHTTP_INVALID_QUERY_REQUEST, FALSE);
    DWORD needed = wide ? sizeof(ULONGLONG) : sizeof(DWORD);
    if (!has_room(buffer, length, needed))
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    if (wide) {
        std::memcpy(buffer, &v, sizeof(v));
    } else {
        DWORD d = DWORD(v);
        std::memcpy(buffer, &d, sizeof(d));
    }
    *length = needed;
    return succeed();
}

BOOL write_systemtime(const std::u16string &text, void *buffer, DWORD *length)
{
    if (!has_room(buffer, length, sizeof(SYSTEMTIME)))
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    SYSTEMTIME st;
    http_time::parse(reinterpret_cast<const WCHAR *>(text.c_str()), http_time::current_utc(), st);
    std::memcpy(buffer, &st, sizeof(st));
    *length = sizeof(SYSTEMTIME);
    return succeed();
}

}  // namespace winhttp
