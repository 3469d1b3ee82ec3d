#include "query.h"

#include "strutil.h"

namespace ts {

bool Query::get(std::string_view name, std::string_view& value) const {
  bool found = false;
  for_each(name, [&](std::string_view v) {
    if (!found) {
      value = v;
      found = true;
    }
  });
  return found;
}

std::string Query::get_decoded(std::string_view name, std::string_view fallback) const {
  std::string_view v;
  if (!get(name, v)) return std::string(fallback);
  return url_decode(v);
}

uint64_t Query::get_u64(std::string_view name, uint64_t fallback) const {
  std::string_view v;
  uint64_t n;
  if (get(name, v) && parse_u64(v, n)) return n;
  return fallback;
}

bool Query::flag(std::string_view name) const {
  std::string_view v;
  if (!get(name, v)) return false;
  return v != "0" && v != "false";
}

}  // namespace ts
