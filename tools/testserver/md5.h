// MD5 (RFC 1321), for checking HTTP Digest authentication (RFC 7616).
// Not for anything that needs a secure hash.
#pragma once

#include <string>
#include <string_view>

namespace ts {

// Lower-case hex digest of data (32 characters).
std::string md5_hex(std::string_view data);

}  // namespace ts
