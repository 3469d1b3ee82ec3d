// MD5 (RFC 1321) and MD4 (RFC 1320), for checking HTTP Digest (RFC 7616)
// and NTLMv2 authentication.
// Not for anything that needs a secure hash.
#pragma once

#include <string>
#include <string_view>

namespace ts {

// Lower-case hex digest of data (32 characters).
std::string md5_hex(std::string_view data);
// The 16 digest bytes.
std::string md5_raw(std::string_view data);
// HMAC-MD5 (RFC 2104), 16 bytes.
std::string hmac_md5(std::string_view key, std::string_view data);
// MD4 (RFC 1320), 16 bytes: NTLM's password hash.
std::string md4_raw(std::string_view data);

}  // namespace ts
