// The deterministic byte pattern of /bytes and the partial bodies of
// /stall-body and /reset: byte i of a body is (i * 31 + 7) & 0xff.
// The pattern repeats every 256 bytes, so it is copied from a table.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

inline uint8_t pattern_byte(uint64_t i) { return uint8_t((i * 31 + 7) & 0xff); }

// Writes bytes [offset, offset + n) of the pattern to dst.
void fill_pattern(char* dst, uint64_t offset, size_t n);

}  // namespace ts
