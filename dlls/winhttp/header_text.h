// Header text rules shared by the request-header store and the header
// queries: which names are valid, how a line splits into name and value, and
// how the 8-bit wire form becomes the API's UTF-16.
#pragma once
#include <string>

namespace winhttp {

// One header field as it goes on the wire: 8-bit name and value, the value
// without the whitespace around it.
struct header_field {
    std::string name;
    std::string value;
};

// True for a non-empty RFC 9110 token (the characters a field name may use).
bool is_field_name(const std::string &name);

// True if the value can go on the wire as it is: no CR, LF or NUL (a CR or LF
// would start a new field or end the head: header injection).
bool is_safe_field_value(const std::string &value);

// The value with spaces and tabs on both sides removed.
std::string trim_field_value(const std::string &value);

// Splits "Name: value" (or "Name:value") at the first colon.  False when
// there is no colon or the name is not a token.
bool split_field_line(const std::string &line, header_field &out);

// The UTF-16 the API hands out for wire bytes: UTF-8 when the bytes are
// valid UTF-8, otherwise one unit per byte (ISO-8859-1), so that any byte
// sequence gives some text and ASCII is unchanged either way.
std::u16string wire_to_wide(const std::string &bytes);
// ISO-8859-1 only: one unit per byte.
std::u16string latin1_to_wide(const std::string &bytes);

}  // namespace winhttp
