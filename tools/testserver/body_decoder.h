// Incremental decoder for request bodies: none, Content-Length, or chunked.
// It hands out the body in pieces that point into the caller's input buffer,
// so uploads of any size stream through without being held whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ts {

class BodyDecoder {
 public:
  void start_none() { reset(kDone); }
  void start_length(uint64_t n) {
    reset(n ? kLength : kDone);
    remaining_ = n;
  }
  void start_chunked() { reset(kChunkSize); }

  bool done() const { return state_ == kDone; }
  bool failed() const { return state_ == kError; }
  uint64_t decoded_bytes() const { return decoded_; }

  // Consumes framing and at most one run of body data from [data, data+len).
  // Returns the number of input bytes consumed; `piece` receives the body
  // bytes found (possibly none). Stops at the end of the body.
  size_t decode(const char* data, size_t len, std::string_view& piece);

 private:
  enum State {
    kLength,       // Content-Length body, `remaining_` bytes left
    kChunkSize,    // hex digits of a chunk size
    kChunkExt,     // chunk extension, ignored up to LF
    kChunkData,    // `remaining_` bytes of chunk data
    kChunkDataCr,  // CR (or LF) after chunk data
    kChunkDataLf,  // LF after chunk data's CR
    kTrailerStart, // start of a trailer line, or the final empty line
    kTrailerLine,  // inside a trailer line, ignored up to LF
    kDone,
    kError,
  };

  void reset(State s) {
    state_ = s;
    remaining_ = 0;
    decoded_ = 0;
    size_digits_ = 0;
    trailer_bytes_ = 0;
  }
  size_t take_data(const char* data, size_t len, std::string_view& piece, State next);
  void framing_byte(char c);
  void chunk_size_byte(char c);
  void end_of_size_line();

  State state_ = kDone;
  uint64_t remaining_ = 0;
  uint64_t decoded_ = 0;
  int size_digits_ = 0;
  size_t trailer_bytes_ = 0;
};

}  // namespace ts
