#include "pattern.h"

#include <cstring>

namespace ts {

namespace {
// 64 KiB plus one period, so that any 64 KiB run starting anywhere in a
// period is a single contiguous copy.
constexpr size_t kTableSpan = 64 * 1024;

struct PatternTable {
  char bytes[kTableSpan + 256];
  PatternTable() {
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = char(pattern_byte(i));
  }
};

const PatternTable& table() {
  static const PatternTable t;  // thread-safe lazy init
  return t;
}
}  // namespace

void fill_pattern(char* dst, uint64_t offset, size_t n) {
  const char* src = table().bytes + (offset & 255);
  while (n) {
    size_t k = n < kTableSpan ? n : kTableSpan;  // kTableSpan keeps the phase
    std::memcpy(dst, src, k);
    dst += k;
    n -= k;
  }
}

}  // namespace ts
