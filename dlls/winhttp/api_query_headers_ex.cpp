// WinHttpQueryHeadersEx: parsed header names and values, written into the
// application's buffer as an array of WINHTTP_EXTENDED_HEADER followed by
// the strings the array points at.
#include <cstring>

#include "api_code.h"
#include "header_names.h"
#include "header_query.h"
#include "text.h"

using namespace winhttp;

namespace {

constexpr UINT code_page_latin1 = 28591;


// The error for an info level the Ex function does not take, or 0.  Its
// page lists the first-line attributes, RAW_HEADERS_CRLF and the number and
// date formats as ERROR_INVALID_PARAMETER.
DWORD check_info_level(DWORD attribute, DWORD modifiers)
{
    const DWORD known = WINHTTP_QUERY_FLAG_REQUEST_HEADERS | WINHTTP_QUERY_FLAG_WIRE_ENCODING |
                        WINHTTP_QUERY_FLAG_TRAILERS;
    if (!is_query_attribute(attribute) || (modifiers & ~known))
        return ERROR_INVALID_PARAMETER;
    switch (attribute) {
    case WINHTTP_QUERY_VERSION:
    case WINHTTP_QUERY_STATUS_CODE:
    case WINHTTP_QUERY_STATUS_TEXT:
    case WINHTTP_QUERY_RAW_HEADERS_CRLF:
    case WINHTTP_QUERY_REQUEST_METHOD:  // also a first-line part, not a field
        return ERROR_INVALID_PARAMETER;
    }
    if ((modifiers & WINHTTP_QUERY_FLAG_TRAILERS) && (modifiers & WINHTTP_QUERY_FLAG_REQUEST_HEADERS))
        return ERROR_INVALID_PARAMETER;  // requests have no trailers
    return 0;
}

// The strings of one answer, in the form asked for.
struct answer {
    bool wire = false;
    std::vector<std::string> bytes;     // wire form: name, value, name, value...
    std::vector<std::u16string> wide;  // UTF-16 form, same order

    void add(const std::string &s, UINT code_page)
    {
        if (wire)
            bytes.push_back(s);
        else
            wide.push_back(code_page == code_page_latin1 ? latin1_to_wide(s) : wire_to_wide(s));
    }
    size_t strings() const { return wire ? bytes.size() : wide.size(); }
    size_t size_needed() const
    {
        size_t n = strings() / 2 * sizeof(WINHTTP_EXTENDED_HEADER);
        for (const std::string &s : bytes)
            n += s.size() + 1;
        for (const std::u16string &s : wide)
            n += (s.size() + 1) * sizeof(char16_t);
        return n;
    }
    // Lays the array and the strings out in buffer (size_needed() bytes).
    void write(unsigned char *buffer) const
    {
        size_t count = strings() / 2;
        unsigned char *text = buffer + count * sizeof(WINHTTP_EXTENDED_HEADER);
        for (size_t i = 0; i < count; ++i) {
            WINHTTP_EXTENDED_HEADER h;
            const void *name = place(text, 2 * i);
            const void *value = place(text, 2 * i + 1);
            h.pwszName = static_cast<PCWSTR>(name);
            h.pwszValue = static_cast<PCWSTR>(value);
            std::memcpy(buffer + i * sizeof(h), &h, sizeof(h));
        }
    }

private:
    // Copies string k with its terminator to text; returns where it went.
    const void *place(unsigned char *&text, size_t k) const
    {
        unsigned char *at = text;
        if (wire) {
            std::memcpy(at, bytes[k].c_str(), bytes[k].size() + 1);
            text += bytes[k].size() + 1;
        } else {
            std::memcpy(at, wide[k].c_str(), (wide[k].size() + 1) * sizeof(char16_t));
            text += (wide[k].size() + 1) * sizeof(char16_t);
        }
        return at;
    }
};

// The name asked for: the attribute's field, or the application's name for
// WINHTTP_QUERY_CUSTOM; empty for all headers.  False for a missing name.
bool wanted_name(DWORD attribute, bool wire, const WINHTTP_HEADER_NAME *name, std::string &out)
{
    if (attribute == WINHTTP_QUERY_RAW_HEADERS)
        return true;
    if (attribute != WINHTTP_QUERY_CUSTOM) {
        const char *field = query_field_name(attribute);
        out = field ? field : "";
        return true;
    }
    if (!name || (wire ? !name->pszName : !name->pwszName))
        return false;
    out = wire ? std::string(name->pszName) : utf8(wide_string(name->pwszName));
    return true;
}

}  // namespace

extern "C" DWORD WINAPI WinHttpQueryHeadersEx(HINTERNET h, DWORD info_level, ULONGLONG flags,
                                              UINT code_page, PDWORD index,
                                              PWINHTTP_HEADER_NAME header_name, PVOID buffer,
                                              PDWORD buffer_length,
                                              PWINHTTP_EXTENDED_HEADER *headers, PDWORD count)
{
    return guarded_code([&]() -> DWORD {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return host::get_last_error();
        DWORD attribute = info_level & 0xffff;
        DWORD modifiers = info_level & ~DWORD(0xffff);
        if (flags || !buffer_length || !count || (buffer && !headers))
            return fail_code(ERROR_INVALID_PARAMETER);
        if (DWORD err = check_info_level(attribute, modifiers))
            return fail_code(err);
        answer a;
        a.wire = (modifiers & WINHTTP_QUERY_FLAG_WIRE_ENCODING) != 0;
        std::string name;
        if (!wanted_name(attribute, a.wire, header_name, name))
            return fail_code(ERROR_INVALID_PARAMETER);
        std::shared_ptr<const parsed_head> p = head_for_query(*r, modifiers);
        if (!p)
            return host::get_last_error();

        DWORD wanted = index ? *index : 0;
        bool all = attribute == WINHTTP_QUERY_RAW_HEADERS;
        DWORD seen = 0;
        for (const header_field &f : p->fields) {
            if (!all && (name.empty() || !iequals(f.name, name) || seen++ != wanted))
                continue;
            a.add(f.name, code_page);
            a.add(f.value, code_page);
        }
        if (!all && a.strings() == 0)
            return fail_code(ERROR_WINHTTP_HEADER_NOT_FOUND);

        size_t needed = a.size_needed();
        if (needed > 0xffffffffu)
            return fail_code(ERROR_NOT_ENOUGH_MEMORY);
        if (!buffer || *buffer_length < needed) {
            *buffer_length = DWORD(needed);
            return fail_code(ERROR_INSUFFICIENT_BUFFER);
        }
        a.write(static_cast<unsigned char *>(buffer));
        *headers = static_cast<PWINHTTP_EXTENDED_HEADER>(buffer);
        *count = DWORD(a.strings() / 2);
        *buffer_length = DWORD(needed);
        if (!all && index)
            *index = wanted + 1;
        return succeed_code();
    });
}
