// A parsed request head. All views point into the connection's copy of the
// raw head, which stays untouched until the next request is parsed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace ts {

struct HeaderField {
  std::string_view name;
  std::string_view value;  // without surrounding whitespace
};

struct Request {
  std::string_view raw_head;  // request line + fields + blank line, as received
  std::string_view method;
  std::string_view target;    // as sent (origin-form or absolute-form)
  std::string_view path;      // target without scheme/authority and query
  std::string_view query;     // after '?', empty if none
  int version_minor = 1;      // HTTP/1.<minor>
  std::vector<HeaderField> headers;  // capacity reused across requests

  // Derived from the fields by the parser.
  bool is_head = false;
  bool keep_alive = true;       // after Connection / version rules
  bool expect_continue = false;
  bool chunked = false;         // Transfer-Encoding: chunked
  bool has_length = false;
  uint64_t content_length = 0;

  // First field called `name` (case-insensitive); empty view if absent.
  std::string_view field(std::string_view name) const;
  bool has_field(std::string_view name) const;
  bool has_body() const { return chunked || content_length > 0; }

  void clear();
};

}  // namespace ts
