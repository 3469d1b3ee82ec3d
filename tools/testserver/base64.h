// Standard base64 (RFC 4648 §4, with padding), for Basic authentication.
#pragma once

#include <string>
#include <string_view>

namespace ts {

std::string base64_encode(std::string_view data);

}  // namespace ts
