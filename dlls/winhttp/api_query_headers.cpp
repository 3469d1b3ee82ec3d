// WinHttpQueryHeaders: response headers once a response has arrived, request
// headers (WINHTTP_QUERY_FLAG_REQUEST_HEADERS) at any time.
#include "api.h"
#include "header_names.h"
#include "header_output.h"
#include "header_query.h"
#include "text.h"

using namespace winhttp;

namespace {

const DWORD format_flags =
    WINHTTP_QUERY_FLAG_NUMBER | WINHTTP_QUERY_FLAG_NUMBER64 | WINHTTP_QUERY_FLAG_SYSTEMTIME;
const DWORD known_modifiers = format_flags | WINHTTP_QUERY_FLAG_REQUEST_HEADERS |
                              WINHTTP_QUERY_FLAG_TRAILERS | WINHTTP_QUERY_FLAG_WIRE_ENCODING;

// The error for modifiers this function does not take, or 0.
DWORD check_modifiers(DWORD modifiers)
{
    if (modifiers & ~known_modifiers)
        return ERROR_INVALID_PARAMETER;
    if (modifiers & WINHTTP_QUERY_FLAG_WIRE_ENCODING)
        return ERROR_INVALID_PARAMETER;  // WinHttpQueryHeadersEx's flag
    if ((modifiers & WINHTTP_QUERY_FLAG_TRAILERS) && (modifiers & WINHTTP_QUERY_FLAG_REQUEST_HEADERS))
        return ERROR_INVALID_PARAMETER;  // requests have no trailers
    DWORD format = modifiers & format_flags;
    if (format & (format - 1))
        return ERROR_WINHTTP_INVALID_QUERY_REQUEST;  // two formats at once
    return 0;
}

// All lines, each ended by CRLF and the whole by an empty line; or each
// ended by a NUL, the terminator write_string adds making the second NUL.
std::u16string raw_headers(const parsed_head &p, bool crlf)
{
    std::u16string all;
    for (const std::string &l : p.lines) {
        all += wire_to_wide(l);
        if (crlf)
            all += u"\r\n";
        else
            all += u'\0';
    }
    if (crlf)
        all += u"\r\n";
    return all;
}

BOOL write_value(const std::string &value, DWORD modifiers, void *buffer, DWORD *length)
{
    if (modifiers & WINHTTP_QUERY_FLAG_SYSTEMTIME)
        return write_systemtime(wire_to_wide(value), buffer, length);
    if (modifiers & (WINHTTP_QUERY_FLAG_NUMBER | WINHTTP_QUERY_FLAG_NUMBER64))
        return write_number(value, (modifiers & WINHTTP_QUERY_FLAG_NUMBER64) != 0, buffer, length);
    return write_string(wire_to_wide(value), buffer, length);
}

// The value of a status-line or request-line attribute; false if this head
// has none.
bool line_value(const parsed_head &p, DWORD attribute, bool request_headers, std::string &value)
{
    switch (attribute) {
    case WINHTTP_QUERY_VERSION: value = p.version; return true;
    case WINHTTP_QUERY_STATUS_CODE: value = p.status_code; return !request_headers;
    case WINHTTP_QUERY_STATUS_TEXT: value = p.status_text; return !request_headers;
    case WINHTTP_QUERY_REQUEST_METHOD: value = p.method; return request_headers;
    default: return false;
    }
}

// The field an attribute asks for: its table name, the application's name
// for WINHTTP_QUERY_CUSTOM, or empty for the first line's parts.
std::string field_name_for(DWORD attribute, LPCWSTR name)
{
    if (attribute == WINHTTP_QUERY_CUSTOM)
        return utf8(wide_string(name));
    const char *field = query_field_name(attribute);
    return field ? field : "";
}

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryHeaders(HINTERNET h, DWORD info_level, LPCWSTR name,
                                           LPVOID buffer, LPDWORD buffer_length, LPDWORD index)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        DWORD attribute = info_level & 0xffff;
        DWORD modifiers = info_level & ~DWORD(0xffff);
        if (!buffer_length || !is_query_attribute(attribute))
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        if (DWORD err = check_modifiers(modifiers))
            return fail(err, FALSE);
        if (attribute == WINHTTP_QUERY_CUSTOM && !name)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        bool request_headers = (modifiers & WINHTTP_QUERY_FLAG_REQUEST_HEADERS) != 0;
        std::shared_ptr<const parsed_head> p = head_for_query(*r, modifiers);
        if (!p)
            return FALSE;

        if (attribute == WINHTTP_QUERY_RAW_HEADERS || attribute == WINHTTP_QUERY_RAW_HEADERS_CRLF) {
            if (modifiers & format_flags)
                return fail(ERROR_WINHTTP_INVALID_QUERY_REQUEST, FALSE);
            return write_string(raw_headers(*p, attribute == WINHTTP_QUERY_RAW_HEADERS_CRLF),
                                buffer, buffer_length);
        }

        DWORD wanted = index ? *index : 0;
        std::string value;
        std::string field_name = field_name_for(attribute, name);
        if (!field_name.empty()) {
            if (!find_field(*p, field_name, wanted, value))
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
        } else if (wanted > 0 || (modifiers & WINHTTP_QUERY_FLAG_TRAILERS) ||
                   !line_value(*p, attribute, request_headers, value)) {
            // The first line's parts exist once (trailers have none); unused
            // attribute numbers (71-74) and an empty custom name name
            // nothing.
            return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
        }
        BOOL ok = write_value(value, modifiers, buffer, buffer_length);
        if (ok && index && !field_name.empty())
            *index = wanted + 1;
        return ok;
    });
}
