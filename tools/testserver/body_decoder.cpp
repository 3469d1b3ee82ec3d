#include "body_decoder.h"

#include "tuning.h"

namespace ts {

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

size_t BodyDecoder::decode(const char* data, size_t len, std::string_view& piece) {
  piece = {};
  size_t used = 0;
  while (used < len && state_ != kDone && state_ != kError) {
    if (state_ == kLength) return used + take_data(data + used, len - used, piece, kDone);
    if (state_ == kChunkData)
      return used + take_data(data + used, len - used, piece, kChunkDataCr);
    framing_byte(data[used++]);
  }
  return used;
}

size_t BodyDecoder::take_data(const char* data, size_t len, std::string_view& piece, State next) {
  size_t n = remaining_ < len ? size_t(remaining_) : len;
  piece = std::string_view(data, n);
  remaining_ -= n;
  decoded_ += n;
  if (remaining_ == 0) state_ = next;
  return n;
}

// One byte of chunked framing (everything that is not chunk data).
void BodyDecoder::framing_byte(char c) {
  switch (state_) {
    case kChunkSize:
      chunk_size_byte(c);
      break;
    case kChunkExt:
      if (c == '\n') end_of_size_line();
      break;
    case kChunkDataCr:
      // Accept CRLF or a bare LF after the data.
      state_ = c == '\r' ? kChunkDataLf : c == '\n' ? kChunkSize : kError;
      break;
    case kChunkDataLf:
      state_ = c == '\n' ? kChunkSize : kError;
      break;
    case kTrailerStart:
      if (c == '\n') state_ = kDone;
      else if (c != '\r') state_ = kTrailerLine;
      break;
    case kTrailerLine:
      if (++trailer_bytes_ > kMaxHeadBytes) state_ = kError;
      else if (c == '\n') state_ = kTrailerStart;
      break;
    default:
      state_ = kError;
      break;
  }
}

void BodyDecoder::chunk_size_byte(char c) {
  int d = hex_digit(c);
  if (d >= 0) {
    // 15 hex digits cap a chunk at 2^60 bytes and rule out overflow.
    if (++size_digits_ > 15) {
      state_ = kError;
      return;
    }
    remaining_ = remaining_ * 16 + uint64_t(d);
    return;
  }
  if (size_digits_ == 0) {
    state_ = kError;
  } else if (c == '\n') {
    end_of_size_line();
  } else if (c == ';' || c == ' ' || c == '\t' || c == '\r') {
    state_ = kChunkExt;  // extension (or CR): skip to the end of the line
  } else {
    state_ = kError;
  }
}

void BodyDecoder::end_of_size_line() {
  size_digits_ = 0;
  state_ = remaining_ ? kChunkData : kTrailerStart;  // size 0 = last chunk
}

}  // namespace ts
