// WinHttpAddRequestHeaders and WinHttpAddRequestHeadersEx: fields added to
// the request's header store (request_headers.h), sent by the next
// WinHttpSendRequest.  Both run synchronously, in async mode too.
#include <cstddef>

#include "api_code.h"
#include "header_text.h"
#include "request_headers.h"
#include "text.h"

using namespace winhttp;

static_assert(sizeof(WINHTTP_EXTENDED_HEADER) == 2 * sizeof(void *),
              "WINHTTP_EXTENDED_HEADER is two pointer unions on Windows");
static_assert(offsetof(WINHTTP_EXTENDED_HEADER, pwszValue) == sizeof(void *) &&
                  offsetof(WINHTTP_EXTENDED_HEADER, pszValue) == sizeof(void *),
              "the value follows the name");
static_assert(sizeof(WINHTTP_HEADER_NAME) == sizeof(void *), "WINHTTP_HEADER_NAME is a pointer union");
// mingw-w64 12's winhttp.h has neither structure, so tests/abi cannot
// compare them; these layouts are the SDK's (two unions of two pointers).

namespace {

// A field from the Ex structure: UTF-16 strings become UTF-8, 8-bit strings
// are taken as wire bytes.  False for a missing or invalid name or an unsafe
// value.  A missing value is an empty one.
bool extended_field(const WINHTTP_EXTENDED_HEADER &h, bool unicode, header_field &out)
{
    if (unicode) {
        if (!h.pwszName)
            return false;
        out.name = utf8(wide_string(h.pwszName));
        out.value = h.pwszValue ? utf8(wide_string(h.pwszValue)) : std::string();
    } else {
        if (!h.pszName)
            return false;
        out.name = h.pszName;
        out.value = h.pszValue ? h.pszValue : "";
    }
    if (!is_field_name(out.name) || !is_safe_field_value(out.value))
        return false;
    out.value = trim_field_value(out.value);
    return true;
}


}  // namespace

extern "C" BOOL WINAPI WinHttpAddRequestHeaders(HINTERNET h, LPCWSTR headers, DWORD length,
                                                DWORD modifiers)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!headers || length == 0)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        std::vector<header_field> fields;
        DWORD err = parse_header_block(headers, length, fields);
        if (!err)
            err = r->headers.outgoing.apply(fields, modifiers);
        return err ? fail(err, FALSE) : succeed();
    });
}

extern "C" DWORD WINAPI WinHttpAddRequestHeadersEx(HINTERNET h, DWORD modifiers, ULONGLONG flags,
                                                   ULONGLONG extra, DWORD count,
                                                   WINHTTP_EXTENDED_HEADER *headers)
{
    return guarded_code([&]() -> DWORD {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return host::get_last_error();
        if ((flags & ~ULONGLONG(WINHTTP_EXTENDED_HEADER_FLAG_UNICODE)) || extra || !count || !headers)
            return fail_code(ERROR_INVALID_PARAMETER);
        bool unicode = (flags & WINHTTP_EXTENDED_HEADER_FLAG_UNICODE) != 0;
        std::vector<header_field> fields(count);
        for (DWORD i = 0; i < count; ++i)
            if (!extended_field(headers[i], unicode, fields[i]))
                return fail_code(ERROR_INVALID_PARAMETER);
        if (DWORD err = r->headers.outgoing.apply(fields, modifiers))
            return fail_code(err);
        return succeed_code();
    });
}
