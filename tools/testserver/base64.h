// Standard base64 (RFC 4648 §4, with padding), for Basic and NTLM authentication.
#pragma once

#include <string>
#include <string_view>

namespace ts {

std::string base64_encode(std::string_view data);
// Decodes padded or unpadded base64; false on a character outside the
// alphabet (whitespace included).
bool base64_decode(std::string_view text, std::string& out);

}  // namespace ts
