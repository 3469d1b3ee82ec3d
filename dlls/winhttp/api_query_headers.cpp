// WinHttpQueryHeaders on the response head (sync mode).
#include <cstring>

#include "api.h"
#include "request_state.h"
#include "response_head.h"
#include "text.h"
#include "transfer.h"

using namespace winhttp;

namespace {

BOOL copy_string_out(const std::u16string &s, void *buffer, DWORD *length)
{
    DWORD needed = DWORD((s.size() + 1) * sizeof(char16_t));
    if (!buffer || *length < needed) {
        *length = needed;
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    }
    std::memcpy(buffer, s.data(), s.size() * sizeof(char16_t));
    static_cast<char16_t *>(buffer)[s.size()] = 0;
    *length = DWORD(s.size() * sizeof(char16_t));
    return succeed();
}

BOOL copy_number_out(const std::string &text, bool wide, void *buffer, DWORD *length)
{
    DWORD needed = wide ? sizeof(ULONGLONG) : sizeof(DWORD);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return fail(ERROR_WINHTTP_INVALID_QUERY_REQUEST, FALSE);
    if (!buffer || *length < needed) {
        *length = needed;
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    }
    ULONGLONG v = std::stoull(text);
    if (wide) {
        std::memcpy(buffer, &v, sizeof(v));
    } else {
        DWORD d = DWORD(v);
        std::memcpy(buffer, &d, sizeof(d));
    }
    *length = needed;
    return succeed();
}

// The transfer of a request whose response head has arrived, or empty with
// the last error set.
std::shared_ptr<transfer> responded(request &r)
{
    std::shared_ptr<transfer> t = request_state::find(r);
    if (t) {
        std::lock_guard<std::mutex> g(t->lock);
        if (t->phase == api_phase::responded)
            return t;
    }
    return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, std::shared_ptr<transfer>());
}

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryHeaders(HINTERNET h, DWORD info_level, LPCWSTR name,
                                           LPVOID buffer, LPDWORD buffer_length, LPDWORD index)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!buffer_length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        DWORD attribute = info_level & 0xffff;
        DWORD modifiers = info_level & ~DWORD(0xffff);
        const DWORD known = WINHTTP_QUERY_FLAG_NUMBER | WINHTTP_QUERY_FLAG_NUMBER64;
        if (modifiers & ~known)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);  // request headers, SYSTEMTIME: later
        std::shared_ptr<transfer> t = responded(*r);
        if (!t)
            return FALSE;
        std::string raw;
        {
            std::lock_guard<std::mutex> g(t->lock);
            raw = t->final_head;
        }
        parsed_head p = parse_head(raw);
        DWORD wanted = index ? *index : 0;
        std::string value;
        bool by_field = false;
        switch (attribute) {
        case WINHTTP_QUERY_VERSION: value = p.version; break;
        case WINHTTP_QUERY_STATUS_CODE: value = p.status_code; break;
        case WINHTTP_QUERY_STATUS_TEXT: value = p.status_text; break;
        case WINHTTP_QUERY_RAW_HEADERS_CRLF:
        case WINHTTP_QUERY_RAW_HEADERS: {
            if (modifiers)
                return fail(ERROR_WINHTTP_INVALID_QUERY_REQUEST, FALSE);
            std::u16string all;
            for (const std::string &l : p.lines) {
                all += widen(l);
                if (attribute == WINHTTP_QUERY_RAW_HEADERS_CRLF)
                    all += u"\r\n";
                else
                    all += u'\0';
            }
            // CRLF form: an empty line ends it; NUL form: a second NUL, which
            // copy_string_out adds.
            if (attribute == WINHTTP_QUERY_RAW_HEADERS_CRLF)
                all += u"\r\n";
            return copy_string_out(all, buffer, buffer_length);
        }
        case WINHTTP_QUERY_CUSTOM:
            if (!name)
                return fail(ERROR_INVALID_PARAMETER, FALSE);
            by_field = true;
            if (!find_field(p, utf8(wide_string(name)), wanted, value))
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
            break;
        default: {
            const char *field = header_name(attribute);
            if (!field)
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
            by_field = true;
            if (!find_field(p, field, wanted, value))
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
        }
        }
        if (!by_field && wanted > 0)
            return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
        BOOL ok = modifiers ? copy_number_out(value, (modifiers & WINHTTP_QUERY_FLAG_NUMBER64) != 0,
                                              buffer, buffer_length)
                            : copy_string_out(widen(value), buffer, buffer_length);
        if (ok && by_field && index)
            *index = wanted + 1;
        return ok;
    });
}
