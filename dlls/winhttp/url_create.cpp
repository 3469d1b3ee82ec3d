// WinHttpCreateUrl: builds scheme://[user[:password]@]host[:port]path extra
// from URL_COMPONENTS.
//
// Behaviour pinned by tests/test_url_create.c, from Microsoft's documentation
// and Windows' observed results:
//  - a component is absent when its pointer is NULL, whatever its length; a
//    zero length with a non-NULL pointer means a NUL-terminated string;
//  - lpszScheme wins over nScheme; with neither, the scheme is http;
//  - the port is written unless it is the scheme's default (80 for http, 443
//    for https), and only when there is a host to attach it to;
//  - the host is optional: Windows builds "http://" followed by the path;
//  - the result is sized first: a buffer shorter than the URL plus its NUL
//    fails with ERROR_INSUFFICIENT_BUFFER and the size needed (NUL counted);
//    on success the length excludes the NUL.
#include "url_common.h"
#include "url_escape.h"

namespace winhttp::url {
namespace {

struct input {
    bool present = false;
    wview text;
};

input input_of(LPCWSTR p, DWORD len)
{
    if (!p)
        return {};
    return {true, len ? wview(p, len) : wview(p)};
}

// The scheme name to write and its default port (0: none, the port is always
// written).  An empty lpszScheme counts as not given.  An nScheme this
// implementation cannot name is an invalid parameter.
DWORD resolve_scheme(const URL_COMPONENTS &uc, wview &name, INTERNET_PORT &default_port)
{
    const input given = input_of(uc.lpszScheme, uc.dwSchemeLength);
    if (given.present && !given.text.empty()) {
        // Written as the caller spelled it; the default port comes from
        // the name, so "ftp" with port 80 keeps ":80".
        const scheme_info *known = scheme_by_name(given.text);
        name = given.text;
        default_port = known ? known->default_port : 0;
        return ERROR_SUCCESS;
    }
    const scheme_info *known = scheme_by_id(uc.nScheme ? uc.nScheme : INTERNET_SCHEME_HTTP);
    if (!known)
        return ERROR_INVALID_PARAMETER;
    name = known->name;
    default_port = known->default_port;
    return ERROR_SUCCESS;
}

DWORD append_part(wstring &out, const input &part, bool escape)
{
    if (!part.present)
        return ERROR_SUCCESS;
    if (!escape) {
        out += part.text;
        return ERROR_SUCCESS;
    }
    // A lone surrogate has no escaped form.  Windows fails escaping
    // characters its code page cannot hold with this error too.
    return append_escaped(out, part.text) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

void append_port(wstring &out, INTERNET_PORT port)
{
    char digits[8];
    int n = 0;
    do {
        digits[n++] = char('0' + port % 10);
        port /= 10;
    } while (port);
    out += u':';
    while (n)
        out += char16_t(digits[--n]);
}

DWORD build(const URL_COMPONENTS &uc, DWORD flags, wstring &out)
{
    const input user = input_of(uc.lpszUserName, uc.dwUserNameLength);
    const input password = input_of(uc.lpszPassword, uc.dwPasswordLength);
    const input host = input_of(uc.lpszHostName, uc.dwHostNameLength);
    // A password needs a user name to precede it (an empty one will do).
    if (password.present && !user.present)
        return ERROR_INVALID_PARAMETER;
    if ((flags & ICU_REJECT_USERPWD) && user.present)
        return ERROR_WINHTTP_INVALID_URL;

    wview scheme;
    INTERNET_PORT default_port = 0;
    if (DWORD err = resolve_scheme(uc, scheme, default_port))
        return err;

    out.assign(scheme);
    out += u"://";
    // Any user name, even an empty one, brings the '@'; any password, even
    // an empty one, brings the ':' ("http://username:@host", "http://:@host").
    if (user.present) {
        out += user.text;
        if (password.present) {
            out += u':';
            out += password.text;
        }
        out += u'@';
    }
    if (host.present) {
        out += host.text;
        if (!default_port || uc.nPort != default_port)
            append_port(out, uc.nPort);
    }
    const bool escape = (flags & ICU_ESCAPE) != 0;
    if (DWORD err = append_part(out, input_of(uc.lpszUrlPath, uc.dwUrlPathLength), escape))
        return err;
    return append_part(out, input_of(uc.lpszExtraInfo, uc.dwExtraInfoLength), escape);
}

BOOL create(LPURL_COMPONENTS uc, DWORD flags, LPWSTR url, LPDWORD url_len)
{
    if (!uc || !url_len || uc->dwStructSize != sizeof(URL_COMPONENTS))
        return fail(ERROR_INVALID_PARAMETER);
    wstring built;
    if (DWORD err = build(*uc, flags, built))
        return fail(err);
    if (built.size() >= 0xffffffffu)
        return fail(ERROR_NOT_ENOUGH_MEMORY);

    const DWORD needed = static_cast<DWORD>(built.size() + 1);
    if (*url_len < needed) {
        *url_len = needed;
        return fail(ERROR_INSUFFICIENT_BUFFER);
    }
    // Windows (7 and later) checks the buffer only once the size is known
    // to suffice: a NULL buffer with a large enough size is an invalid
    // parameter, and the size is left as the caller set it.
    if (!url)
        return fail(ERROR_INVALID_PARAMETER);
    built.copy(url, built.size());
    url[built.size()] = 0;
    *url_len = static_cast<DWORD>(built.size());
    return succeed();
}

}  // namespace
}  // namespace winhttp::url

extern "C" BOOL WINAPI WinHttpCreateUrl(LPURL_COMPONENTS lpUrlComponents, DWORD dwFlags,
                                        LPWSTR pwszUrl, LPDWORD pdwUrlLength)
{
    return winhttp::url::boundary(
        [&] { return winhttp::url::create(lpUrlComponents, dwFlags, pwszUrl, pdwUrlLength); });
}
