// Access to the query string of a request target ("a=1&b=2").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ts {

class Query {
 public:
  explicit Query(std::string_view raw) : raw_(raw) {}

  // Raw (still percent-encoded) value of the first parameter called `name`;
  // false if absent. A parameter without '=' has an empty value.
  bool get(std::string_view name, std::string_view& value) const;
  // Decoded value, or `fallback` when absent.
  std::string get_decoded(std::string_view name, std::string_view fallback = {}) const;
  // Numeric value, or `fallback` when absent or not a number.
  uint64_t get_u64(std::string_view name, uint64_t fallback) const;
  // True when the parameter is present with a value other than "0"/"false".
  bool flag(std::string_view name) const;

  // Calls fn(raw_value) for every parameter called `name`, in order.
  template <typename Fn>
  void for_each(std::string_view name, Fn&& fn) const {
    std::string_view rest = raw_;
    while (!rest.empty()) {
      size_t amp = rest.find('&');
      std::string_view item = rest.substr(0, amp);
      size_t eq = item.find('=');
      std::string_view key = item.substr(0, eq);
      if (key == name) fn(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }

 private:
  std::string_view raw_;
};

}  // namespace ts
