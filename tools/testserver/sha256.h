// SHA-256 (FIPS 180-4), written for /sha256 so that the server needs no
// crypto library. Streaming interface: update() any number of times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ts {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t len);
  // Lower-case hex of the digest. Finishes the computation.
  std::string hex_digest();

 private:
  void compress(const uint8_t* block);
  uint32_t state_[8];
  uint8_t block_[64];
  size_t block_len_ = 0;
  uint64_t total_len_ = 0;
};

}  // namespace ts
