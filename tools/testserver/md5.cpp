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


// Pads data the MD4/MD5 way (0x80, zeros, 64-bit little-endian bit count)
// and feeds every 64-byte block to `block`.
template <typename Block>
void md_blocks(std::string_view data, uint32_t h[4], Block block) {
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
}

std::string le_bytes(const uint32_t h[4]) {
  std::string out;
  for (int w = 0; w < 4; ++w)
    for (int i = 0; i < 4; ++i) out += char((h[w] >> (8 * i)) & 0xff);
  return out;
}

// One MD4 block: three rounds of 16 steps (RFC 1320 §3.4).
void md4_block(uint32_t h[4], const unsigned char* p) {
  uint32_t x[16];
  for (int i = 0; i < 16; ++i)
    x[i] = uint32_t(p[i * 4]) | uint32_t(p[i * 4 + 1]) << 8 | uint32_t(p[i * 4 + 2]) << 16 |
           uint32_t(p[i * 4 + 3]) << 24;
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
  static const int r1[4] = {3, 7, 11, 19}, r2[4] = {3, 5, 9, 13}, r3[4] = {3, 9, 11, 15};
  static const int k3[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
  for (int i = 0; i < 48; ++i) {
    uint32_t f, add;
    int k, s;
    if (i < 16) {
      f = (b & c) | (~b & d); k = i; add = 0; s = r1[i % 4];
    } else if (i < 32) {
      f = (b & c) | (b & d) | (c & d); k = (i % 4) * 4 + (i - 16) / 4; add = 0x5a827999u; s = r2[i % 4];
    } else {
      f = b ^ c ^ d; k = k3[i - 32]; add = 0x6ed9eba1u; s = r3[i % 4];
    }
    uint32_t t = rotl(a + f + x[k] + add, s);
    a = d;
    d = c;
    c = b;
    b = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
}

}  // namespace

std::string md5_raw(std::string_view data) {
  uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  md_blocks(data, h, block);
  return le_bytes(h);
}

std::string md4_raw(std::string_view data) {
  uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  md_blocks(data, h, md4_block);
  return le_bytes(h);
}

std::string md5_hex(std::string_view data) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : md5_raw(data)) {
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

std::string hmac_md5(std::string_view key, std::string_view data) {
  std::string k(key.size() > 64 ? md5_raw(key) : std::string(key));
  k.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = char(k[i] ^ 0x36);
    outer[i] = char(k[i] ^ 0x5c);
  }
  return md5_raw(outer + md5_raw(inner + std::string(data)));
}

}  // namespace ts
