// SHA-1 (FIPS 180-4 §6.1), only for the WebSocket handshake's
// Sec-WebSocket-Accept value (RFC 6455 §4.2.2): no security rests on it.
#pragma once

#include <string>
#include <string_view>

namespace ts {

// The 20-byte digest of data, as raw bytes.
std::string sha1_digest(std::string_view data);

}  // namespace ts
