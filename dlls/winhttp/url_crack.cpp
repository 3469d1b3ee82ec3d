// WinHttpCrackUrl: splits an http:// or https:// URL into URL_COMPONENTS.
//
// The URL is parsed completely before anything is written to the caller's
// structure, so a URL error leaves the structure untouched.  Windows behaves
// the same for the parameter checks (a request it rejects leaves every
// member as it was).
#include <array>

#include "url_common.h"
#include "url_escape.h"

namespace winhttp::url {
namespace {

// Where a component lies in the caller's URL.
struct span {
    size_t pos = 0;
    size_t len = 0;
};

struct parsed_url {
    const scheme_info *scheme = nullptr;
    span scheme_text, user, password, host, path, extra;
    // User name and password may be absent, which is not the same as empty
    // ("http://user:@host" has an empty password, "http://user@host" none).
    bool has_user = false;
    bool has_password = false;
    INTERNET_PORT port = 0;
};

bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }

// The port after the host's ':'.  An empty port means the scheme's default,
// as on Windows ("http://host:" and "http://host:/" give 80).  Leading zeros
// are accepted; anything but digits, or a value above 65535, is an invalid URL.
DWORD parse_port(wview text, INTERNET_PORT default_port, INTERNET_PORT &port)
{
    if (text.empty()) {
        port = default_port;
        return ERROR_SUCCESS;
    }
    unsigned long value = 0;
    for (char16_t c : text) {
        if (!is_digit(c))
            return ERROR_WINHTTP_INVALID_URL;
        value = value * 10 + (c - u'0');
        if (value > 65535)
            return ERROR_WINHTTP_INVALID_URL;
    }
    port = static_cast<INTERNET_PORT>(value);
    return ERROR_SUCCESS;
}

// Host and port: "host", "host:port", "[v6]" or "[v6]:port".  The brackets of
// an IPv6 literal stay part of the host name, so that the name can be handed
// to WinHttpConnect or WinHttpCreateUrl unchanged.
DWORD parse_host_port(wview url, size_t begin, size_t end, parsed_url &out)
{
    size_t host_end = end;
    if (begin < end && url[begin] == u'[') {
        const size_t close = url.find(u']', begin);
        if (close == wview::npos || close >= end || close == begin + 1)
            return ERROR_WINHTTP_INVALID_URL;
        host_end = close + 1;
        if (host_end < end && url[host_end] != u':')
            return ERROR_WINHTTP_INVALID_URL;
    } else {
        const size_t colon = url.find(u':', begin);
        if (colon < end)
            host_end = colon;
    }
    if (host_end == begin)
        return ERROR_WINHTTP_INVALID_URL;
    out.host = {begin, host_end - begin};
    out.port = out.scheme->default_port;
    if (host_end == end)
        return ERROR_SUCCESS;
    return parse_port(url.substr(host_end + 1, end - host_end - 1), out.scheme->default_port,
                      out.port);
}

// The authority: [user[:password]@]host[:port].  The user information ends
// at the LAST '@', so that an unescaped '@' in a password still works.
DWORD parse_authority(wview url, size_t begin, size_t end, DWORD flags, parsed_url &out)
{
    const size_t at = url.substr(0, end).rfind(u'@');
    if (at != wview::npos && at >= begin) {
        // Any user information at all counts as credentials for
        // ICU_REJECT_USERPWD, even "@" or ":@" with both parts empty.
        if (flags & ICU_REJECT_USERPWD)
            return ERROR_WINHTTP_INVALID_URL;
        const size_t colon = url.find(u':', begin);
        out.has_user = true;
        if (colon < at) {
            out.user = {begin, colon - begin};
            out.has_password = true;
            out.password = {colon + 1, at - colon - 1};
        } else {
            out.user = {begin, at - begin};
        }
        begin = at + 1;
    }
    return parse_host_port(url, begin, end, out);
}

// Path and extra information.  The extra information starts at the first '?'
// or '#' and keeps that character.
void parse_path(wview url, size_t begin, parsed_url &out)
{
    size_t split = url.find_first_of(u"?#", begin);
    if (split == wview::npos)
        split = url.size();
    // A lone '?' straight after the host ("http://host?") is dropped: current
    // Windows returns an empty path and empty extra information, both
    // pointing at the end of the URL (Windows 8 still returned "?").
    if (split == begin && url.substr(begin) == u"?")
        begin = split = url.size();
    out.path = {begin, split - begin};
    out.extra = {split, url.size() - split};
}

// Error order follows Windows: no ':' at all, or a scheme other than http and
// https, is an unrecognized scheme ("www.winehq.org", "ftp://..."); a known
// scheme without "//" after it is an invalid URL ("http:/host", "HTTP:host").
DWORD parse(wview url, DWORD flags, parsed_url &out)
{
    const size_t colon = url.find(u':');
    if (colon == wview::npos)
        return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
    out.scheme = scheme_by_name(url.substr(0, colon));
    if (!out.scheme || !out.scheme->crackable)
        return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
    out.scheme_text = {0, colon};
    if (url.substr(colon + 1, 2) != u"//")
        return ERROR_WINHTTP_INVALID_URL;

    const size_t authority = colon + 3;
    size_t authority_end = url.find_first_of(u"/?#", authority);
    if (authority_end == wview::npos)
        authority_end = url.size();
    if (DWORD err = parse_authority(url, authority, authority_end, flags, out))
        return err;
    parse_path(url, authority_end, out);
    return ERROR_SUCCESS;
}

// One string member of URL_COMPONENTS and how the caller asked for it.
enum class mode { skip, point, copy };

struct field {
    LPWSTR *ptr;
    DWORD *len;

    mode how() const
    {
        if (!*len)
            return mode::skip;
        return *ptr ? mode::copy : mode::point;
    }
};

enum field_index { f_scheme, f_host, f_user, f_password, f_path, f_extra, field_count };

std::array<field, field_count> fields_of(URL_COMPONENTS &uc)
{
    return {{{&uc.lpszScheme, &uc.dwSchemeLength},
             {&uc.lpszHostName, &uc.dwHostNameLength},
             {&uc.lpszUserName, &uc.dwUserNameLength},
             {&uc.lpszPassword, &uc.dwPasswordLength},
             {&uc.lpszUrlPath, &uc.dwUrlPathLength},
             {&uc.lpszExtraInfo, &uc.dwExtraInfoLength}}};
}

// Requests Windows refuses before looking at the URL.  A buffer with a zero
// length is not "component not wanted" (that needs a NULL pointer too) but an
// invalid parameter.  ICU_DECODE and ICU_ESCAPE change the text, so they need
// buffers to write it to: Microsoft documents them as usable only with
// caller's buffers, and Windows rejects pointer-mode requests with
// ERROR_INVALID_PARAMETER.
DWORD check_request(const std::array<field, field_count> &fields, DWORD flags)
{
    for (const field &f : fields) {
        if (*f.ptr && !*f.len)
            return ERROR_INVALID_PARAMETER;
        if ((flags & (ICU_DECODE | ICU_ESCAPE)) && f.how() == mode::point)
            return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

struct component {
    span where;
    bool present = true;
};

// What each field reports.  A caller who asks for the path but not the extra
// information gets both in the path, as Windows does: the path then runs to
// the end of the URL.
std::array<component, field_count> components_of(const parsed_url &p,
                                                 const std::array<field, field_count> &fields)
{
    std::array<component, field_count> c;
    c[f_scheme].where = p.scheme_text;
    c[f_host].where = p.host;
    c[f_user] = {p.user, p.has_user};
    c[f_password] = {p.password, p.has_password};
    c[f_path].where = p.path;
    c[f_extra].where = p.extra;
    if (fields[f_extra].how() == mode::skip)
        c[f_path].where.len += p.extra.len;
    return c;
}

// The text copied into a caller's buffer, after ICU_DECODE (any component)
// and then ICU_ESCAPE (path and extra information only: Windows leaves the
// host alone, "winehq.o g" stays as it is).  Decoding first means a URL that
// is already escaped is not escaped twice.
DWORD copy_text(wview url, const component &c, size_t index, DWORD flags, wstring &out)
{
    if (!c.present) {
        out.clear();
        return ERROR_SUCCESS;
    }
    const wview raw = url.substr(c.where.pos, c.where.len);
    out = (flags & ICU_DECODE) ? decode_escapes(raw) : wstring(raw);
    if ((flags & ICU_ESCAPE) && (index == f_path || index == f_extra)) {
        wstring escaped;
        if (!append_escaped(escaped, out))
            return ERROR_INVALID_PARAMETER;
        out.swap(escaped);
    }
    return ERROR_SUCCESS;
}

// Pointer mode.  An absent user name or password is NULL (length 0), as on
// Windows.  A present but empty component points at the end of the URL:
// Windows does so for the empty path and extra information it returns
// ("http://host", "http://host?"), and we extend it to every empty component
// ("http://user:@host", "http://host?q").  The reason: WinHttpCreateUrl reads
// a zero length as "NUL-terminated", so a structure cracked this way can be
// handed back to it and the empty component stays empty.
LPWSTR point_at(LPCWSTR url_ptr, wview url, const component &c)
{
    if (!c.present)
        return nullptr;
    const size_t pos = c.where.len ? c.where.pos : url.size();
    return const_cast<LPWSTR>(url_ptr + pos);
}

// Copy mode: the text and its NUL into the caller's buffer, or, when the
// buffer is too small, the size it needs (NUL counted) and false.
bool copy_out(const field &f, const wstring &text)
{
    if (text.size() >= *f.len) {
        *f.len = static_cast<DWORD>(text.size() + 1);
        return false;
    }
    text.copy(*f.ptr, text.size());
    (*f.ptr)[text.size()] = 0;
    *f.len = static_cast<DWORD>(text.size());
    return true;
}

// Writes every requested field.  A buffer that is too small gets the length
// it needs, counting the terminating NUL; the other fields are still filled,
// as on Windows, and the call then fails with ERROR_INSUFFICIENT_BUFFER.
DWORD write_fields(LPCWSTR url_ptr, wview url, const parsed_url &p, DWORD flags,
                   const std::array<field, field_count> &fields)
{
    const auto comps = components_of(p, fields);
    std::array<wstring, field_count> texts;
    for (size_t i = 0; i < field_count; ++i)
        if (fields[i].how() == mode::copy)
            if (DWORD err = copy_text(url, comps[i], i, flags, texts[i]))
                return err;

    DWORD result = ERROR_SUCCESS;
    for (size_t i = 0; i < field_count; ++i) {
        const field &f = fields[i];
        const component &c = comps[i];
        switch (f.how()) {
        case mode::skip:
            break;
        case mode::point:
            *f.ptr = point_at(url_ptr, url, c);
            *f.len = c.present ? static_cast<DWORD>(c.where.len) : 0;
            break;
        case mode::copy:
            if (!copy_out(f, texts[i]))
                result = ERROR_INSUFFICIENT_BUFFER;
            break;
        }
    }
    return result;
}

BOOL crack(LPCWSTR pwszUrl, DWORD dwUrlLength, DWORD dwFlags, LPURL_COMPONENTS uc)
{
    if (!pwszUrl || !uc || uc->dwStructSize != sizeof(URL_COMPONENTS))
        return fail(ERROR_INVALID_PARAMETER);
    const auto fields = fields_of(*uc);
    if (DWORD err = check_request(fields, dwFlags))
        return fail(err);

    const wview url = dwUrlLength ? wview(pwszUrl, dwUrlLength) : wview(pwszUrl);
    parsed_url parsed;
    if (DWORD err = parse(url, dwFlags, parsed))
        return fail(err);

    const DWORD err = write_fields(pwszUrl, url, parsed, dwFlags, fields);
    // Scheme and port are reported whenever the URL parsed, even when a
    // buffer was too small (Windows documents both as returned on success;
    // on a short buffer it fills what it can, and so do we).
    uc->nScheme = parsed.scheme->id;
    uc->nPort = parsed.port;
    return err ? fail(err) : succeed();
}

}  // namespace
}  // namespace winhttp::url

extern "C" BOOL WINAPI WinHttpCrackUrl(LPCWSTR pwszUrl, DWORD dwUrlLength, DWORD dwFlags,
                                       LPURL_COMPONENTS lpUrlComponents)
{
    return winhttp::url::boundary(
        [&] { return winhttp::url::crack(pwszUrl, dwUrlLength, dwFlags, lpUrlComponents); });
}
