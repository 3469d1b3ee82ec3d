// Streams bytes of the /bytes pattern, plain or chunked, a slice at a time as
// the output drains, so bodies of any size (1 GiB and more) are never held.
#pragma once

#include <cstdint>

#include "exchange.h"

namespace ts {

class PatternProducer final : public Producer {
 public:
  // `chunk_size` is the chunk length when `chunked`, else the slice length.
  PatternProducer(uint64_t total, bool chunked, uint64_t chunk_size);
  Step produce(Exchange& ex) override;

 private:
  uint64_t total_;
  uint64_t sent_ = 0;
  bool chunked_;
  uint64_t slice_;
};

}  // namespace ts
