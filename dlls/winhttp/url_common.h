// Shared pieces of WinHttpCrackUrl (url_crack.cpp) and WinHttpCreateUrl
// (url_create.cpp): the scheme table and the exception boundary.
//
// Kept free of the handle/object headers on purpose: URL handling needs no
// session state, and this way the two files build and test on their own.
#pragma once
#include <new>
#include <string>
#include <string_view>

#include "host.h"
#include "trace.h"
#include "winhttp.h"

namespace winhttp::url {

using wview = std::u16string_view;
using wstring = std::u16string;

// A scheme WinHTTP can name.  default_port 0 means "none": WinHTTP only
// knows default ports for the schemes it can actually speak.
struct scheme_info {
    INTERNET_SCHEME id;
    wview name;
    INTERNET_PORT default_port;
    bool crackable;  // WinHttpCrackUrl accepts only HTTP and HTTPS URLs
};

inline constexpr scheme_info known_schemes[] = {
    {INTERNET_SCHEME_HTTP, u"http", INTERNET_DEFAULT_HTTP_PORT, true},
    {INTERNET_SCHEME_HTTPS, u"https", INTERNET_DEFAULT_HTTPS_PORT, true},
    {INTERNET_SCHEME_FTP, u"ftp", 0, false},
    {INTERNET_SCHEME_SOCKS, u"socks", 0, false},
};

inline char16_t ascii_lower(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c - u'A' + u'a') : c;
}

// Scheme names compare case-insensitively ("HTTP:" is http), ASCII only.
inline bool same_name(wview a, wview b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

inline const scheme_info *scheme_by_name(wview name)
{
    for (const auto &s : known_schemes)
        if (same_name(s.name, name))
            return &s;
    return nullptr;
}

inline const scheme_info *scheme_by_id(INTERNET_SCHEME id)
{
    for (const auto &s : known_schemes)
        if (s.id == id)
            return &s;
    return nullptr;
}

// The exported URL functions return BOOL and report through the last error.
// They set it to ERROR_SUCCESS on success, as modern Windows does.
inline BOOL fail(DWORD error)
{
    host::set_last_error(error);
    return FALSE;
}

inline BOOL succeed()
{
    host::set_last_error(ERROR_SUCCESS);
    return TRUE;
}

// Runs an API body; no C++ exception may cross the exported function.
template <class F>
BOOL boundary(F &&body, const char *api = __builtin_FUNCTION()) noexcept
{
    if (trace::on)
        trace::api_enter(api);
    BOOL result;
    try {
        result = body();
    } catch (const std::bad_alloc &) {
        result = fail(ERROR_NOT_ENOUGH_MEMORY);
    } catch (...) {
        result = fail(ERROR_WINHTTP_INTERNAL_ERROR);
    }
    return trace::returned(api, result);  // api: the calling export's name
}

}  // namespace winhttp::url
