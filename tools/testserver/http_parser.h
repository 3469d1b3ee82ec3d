// Request-head parsing, in two steps so that the connection can copy the head
// out of its input buffer before the views into it are created:
//   1. find_request_head() locates a complete head in the input;
//   2. parse_request_head() parses a complete head into a Request.
// Bare LF line endings are accepted (robustness); obsolete line folding,
// malformed fields and conflicting framing are rejected.
#pragma once

#include <cstddef>
#include <string_view>

#include "request.h"

namespace ts {

struct HeadScan {
  enum Status { kIncomplete, kComplete, kTooLarge } status;
  size_t skip;  // empty lines before the request line, to be discarded
  size_t len;   // head length after `skip`, including the blank line
};

HeadScan find_request_head(const char* data, size_t len);

// Returns 0 on success or the HTTP status to answer with (400, 431, 501, 505).
int parse_request_head(std::string_view head, Request& req);

}  // namespace ts
