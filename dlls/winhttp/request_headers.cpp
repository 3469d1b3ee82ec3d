#include "request_headers.h"

#include "text.h"

namespace winhttp {
namespace {

size_t text_length(LPCWSTR text, DWORD length)
{
    if (length != DWORD(-1))
        return length;
    size_t n = 0;
    while (text[n])
        ++n;
    return n;
}

// Splits the block at CRLF; false for a lone CR or LF.
bool split_lines(const std::u16string &block, std::vector<std::u16string> &lines)
{
    size_t start = 0;
    for (size_t i = 0; i < block.size(); ++i) {
        char16_t c = block[i];
        if (c == u'\r' && i + 1 < block.size() && block[i + 1] == u'\n') {
            lines.push_back(block.substr(start, i - start));
            start = i + 2;
            ++i;
        } else if (c == u'\r' || c == u'\n') {
            return false;
        }
    }
    lines.push_back(block.substr(start));
    return true;
}

// The index of the first field called name, or -1.
long find(const std::vector<header_field> &fields, const std::string &name)
{
    for (size_t i = 0; i < fields.size(); ++i)
        if (iequals(fields[i].name, name))
            return long(i);
    return -1;
}

// REPLACE: every field of that name goes; a non-empty value takes the first
// one's place.
DWORD replace(std::vector<header_field> &fields, const header_field &f, DWORD modifiers)
{
    long first = find(fields, f.name);
    if (first < 0) {
        if (!(modifiers & WINHTTP_ADDREQ_FLAG_ADD))
            return ERROR_WINHTTP_HEADER_NOT_FOUND;
        if (!f.value.empty())
            fields.push_back(f);
        return 0;
    }
    std::vector<header_field> kept;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (long(i) == first && !f.value.empty())
            kept.push_back(f);
        else if (!iequals(fields[i].name, f.name))
            kept.push_back(std::move(fields[i]));
    }
    fields = std::move(kept);
    return 0;
}

DWORD apply_one(std::vector<header_field> &fields, const header_field &f, DWORD modifiers)
{
    if (modifiers & WINHTTP_ADDREQ_FLAG_REPLACE)
        return replace(fields, f, modifiers);
    long existing = find(fields, f.name);
    if (existing >= 0 && (modifiers & WINHTTP_ADDREQ_FLAG_ADD_IF_NEW))
        return ERROR_WINHTTP_HEADER_ALREADY_EXISTS;
    const DWORD coalesce = WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA | WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON;
    if (existing >= 0 && (modifiers & coalesce)) {
        // The first field of that name takes the new value after it.
        header_field &into = fields[size_t(existing)];
        into.value += (modifiers & WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA) ? ", " : "; ";
        into.value += f.value;
        return 0;
    }
    fields.push_back(f);
    return 0;
}

}  // namespace

DWORD parse_header_block(LPCWSTR text, DWORD length, std::vector<header_field> &out)
{
    std::u16string block(reinterpret_cast<const char16_t *>(text), text_length(text, length));
    size_t nul = block.find(u'\0');
    if (nul != std::u16string::npos) {
        if (block.find_first_not_of(u'\0', nul) != std::u16string::npos)
            return ERROR_INVALID_PARAMETER;
        block.resize(nul);
    }
    std::vector<std::u16string> lines;
    if (!split_lines(block, lines))
        return ERROR_INVALID_PARAMETER;
    std::vector<header_field> fields;
    for (const std::u16string &line : lines) {
        if (line.empty())
            continue;
        header_field f;
        if (!split_field_line(utf8(line), f))
            return ERROR_INVALID_PARAMETER;
        fields.push_back(std::move(f));
    }
    out = std::move(fields);
    return 0;
}

DWORD request_headers::apply(const std::vector<header_field> &fields, DWORD modifiers)
{
    std::lock_guard<fast_mutex> g(lock_);
    std::vector<header_field> work = fields_;
    for (const header_field &f : fields) {
        if (!is_field_name(f.name) || !is_safe_field_value(f.value))
            return ERROR_INVALID_PARAMETER;
        DWORD err = apply_one(work, f, modifiers);
        if (err)
            return err;
    }
    fields_ = std::move(work);
    return 0;
}

std::vector<header_field> request_headers::fields() const
{
    std::lock_guard<fast_mutex> g(lock_);
    return fields_;
}

}  // namespace winhttp
