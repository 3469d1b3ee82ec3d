// Written from RFC 1321: 64 steps in four rounds over 512-bit blocks,
// little-endian words, length in bits appended after a 0x80 pad byte.
#include "md5.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace ts {
namespace {

// Per-step left rotations, by round (RFC 1321 §3.4).
constexpr int kShift[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// T[i] = floor(2^32 * |sin(i + 1)|), computed once.
struct SineTable {
  uint32_t t[64];
  SineTable() {
    for (int i = 0; i < 64; ++i) t[i] = uint32_t(std::floor(std::fabs(std::sin(double(i + 1))) * 4294967296.0));
  }
};

void block(uint32_t h[4], const unsigned char* p) {
  static const SineTable sine;
  uint32_t x[16];
  for (int i = 0; i < 16; ++i)
    x[i] = uint32_t(p[i * 4]) | uint32_t(p[i * 4 + 1]) << 8 | uint32_t(p[i * 4 + 2]) << 16 |
           uint32_t(p[i * 4 + 3]) << 24;
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
  for (int i = 0; i < 64; ++i) {
    int round = i / 16;
    uint32_t f;
    int k;
    switch (round) {
      case 0: f = (b & c) | (~b & d); k = i; break;
      case 1: f = (b & d) | (c & ~d); k = (5 * i + 1) % 16; break;
      case 2: f = b ^ c ^ d; k = (3 * i + 5) % 16; break;
      default: f = c ^ (b | ~d); k = (7 * i) % 16; break;
    }
    uint32_t next = b + rotl(a + f + sine.t[i] + x[k], kShift[round][i % 4]);
    a = d;
    d = c;
    c = b;
    b = next;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
}

}  // namespace

std::string md5_hex(std::string_view data) {
  uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  size_t full = data.size() / 64;
  for (size_t i = 0; i < full; ++i) block(h, reinterpret_cast<const unsigned char*>(data.data()) + i * 64);
  unsigned char tail[128] = {};
  size_t rest = data.size() - full * 64;
  std::memcpy(tail, data.data() + full * 64, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = uint64_t(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 8 + i] = (unsigned char)(bits >> (8 * i));
  for (size_t off = 0; off < tail_len; off += 64) block(h, tail + off);
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (uint32_t w : h)
    for (int i = 0; i < 4; ++i) {
      unsigned char byte = (unsigned char)(w >> (8 * i));
      out += digits[byte >> 4];
      out += digits[byte & 15];
    }
  return out;
}

}  // namespace ts
