// %XX escaping shared by WinHttpCrackUrl and WinHttpCreateUrl.
#include "url_escape.h"

namespace winhttp::url {
namespace {

constexpr char16_t upper_hex[] = u"0123456789ABCDEF";

// Windows escapes in upper case ("%3C", never "%3c").
void append_octet(wstring &out, unsigned octet)
{
    out += u'%';
    out += upper_hex[(octet >> 4) & 0xf];
    out += upper_hex[octet & 0xf];
}

int hex_value(char16_t c)
{
    if (c >= u'0' && c <= u'9') return c - u'0';
    if (c >= u'a' && c <= u'f') return c - u'a' + 10;
    if (c >= u'A' && c <= u'F') return c - u'A' + 10;
    return -1;
}

bool is_high_surrogate(char16_t c) { return c >= 0xd800 && c <= 0xdbff; }
bool is_low_surrogate(char16_t c) { return c >= 0xdc00 && c <= 0xdfff; }

void append_utf8_escaped(wstring &out, char32_t cp)
{
    if (cp < 0x800) {
        append_octet(out, 0xc0 | (cp >> 6));
    } else if (cp < 0x10000) {
        append_octet(out, 0xe0 | (cp >> 12));
        append_octet(out, 0x80 | ((cp >> 6) & 0x3f));
    } else {
        append_octet(out, 0xf0 | (cp >> 18));
        append_octet(out, 0x80 | ((cp >> 12) & 0x3f));
        append_octet(out, 0x80 | ((cp >> 6) & 0x3f));
    }
    append_octet(out, 0x80 | (cp & 0x3f));
}

}  // namespace

bool must_escape(char16_t c)
{
    if (c <= 0x20 || c >= 0x7f)
        return true;
    switch (c) {
    case u'"': case u'#': case u'%': case u'<': case u'>': case u'[': case u'\\':
    case u']': case u'^': case u'`': case u'{': case u'|': case u'}': case u'~':
        return true;
    default:
        return false;
    }
}

// Windows turns non-ASCII characters into octets of the process's ANSI code
// page before escaping them; with a non-UTF-8 code page a character outside
// it makes the call fail with ERROR_INVALID_PARAMETER.  A Linux process has
// no ANSI code page, so we behave like Windows set to UTF-8 (the "Beta: Use
// Unicode UTF-8" setting, or an activeCodePage manifest): every character
// converts, and only an unpaired surrogate cannot.
bool append_escaped(wstring &out, wview in)
{
    for (size_t i = 0; i < in.size(); ++i) {
        const char16_t c = in[i];
        if (!must_escape(c)) {
            out += c;
        } else if (c < 0x80) {
            append_octet(out, c);
        } else if (is_high_surrogate(c) && i + 1 < in.size() && is_low_surrogate(in[i + 1])) {
            const char32_t cp = 0x10000 + ((char32_t(c) - 0xd800) << 10) + (in[i + 1] - 0xdc00);
            append_utf8_escaped(out, cp);
            ++i;
        } else if (is_high_surrogate(c) || is_low_surrogate(c)) {
            return false;
        } else {
            append_utf8_escaped(out, c);
        }
    }
    return true;
}

wstring decode_escapes(wview in)
{
    wstring out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == u'%' && i + 2 < in.size()) {
            const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            // %00 stays literal: a decoded NUL would silently cut the copied
            // component short for every caller that treats it as a C string.
            if (hi >= 0 && lo >= 0 && (hi | lo) != 0) {
                out += char16_t(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += in[i];
    }
    return out;
}

}  // namespace winhttp::url
