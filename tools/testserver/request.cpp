#include "request.h"

#include "strutil.h"

namespace ts {

std::string_view Request::field(std::string_view name) const {
  for (const HeaderField& h : headers)
    if (iequals(h.name, name)) return h.value;
  return {};
}

bool Request::has_field(std::string_view name) const {
  for (const HeaderField& h : headers)
    if (iequals(h.name, name)) return true;
  return false;
}

void Request::clear() {
  raw_head = method = target = path = query = {};
  version_minor = 1;
  headers.clear();  // keeps capacity
  is_head = false;
  keep_alive = true;
  expect_continue = false;
  chunked = false;
  has_length = false;
  content_length = 0;
}

}  // namespace ts
