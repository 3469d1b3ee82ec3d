#include "pattern_producer.h"

#include "pattern.h"
#include "response.h"
#include "tuning.h"

namespace ts {

PatternProducer::PatternProducer(uint64_t total, bool chunked, uint64_t chunk_size)
    : total_(total), chunked_(chunked), slice_(chunk_size ? chunk_size : kStreamSlice) {}

Step PatternProducer::produce(Exchange& ex) {
  ByteBuffer& out = ex.out();
  while (sent_ < total_ && out.size() < kOutputHighWater) {
    size_t n = size_t(total_ - sent_ < slice_ ? total_ - sent_ : slice_);
    if (chunked_) write_chunk_header(out, n);
    fill_pattern(out.prepare(n), sent_, n);
    out.commit(n);
    if (chunked_) out.append("\r\n");
    sent_ += n;
  }
  if (sent_ < total_) return Step::kMore;
  if (chunked_) write_last_chunk(out);
  return Step::kDone;
}

}  // namespace ts
