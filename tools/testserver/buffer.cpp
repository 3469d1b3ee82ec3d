#include "buffer.h"

#include <algorithm>

namespace ts {

ByteBuffer::ByteBuffer(size_t initial_capacity) {
  if (initial_capacity) {
    buf_.reset(new char[initial_capacity]);
    cap_ = initial_capacity;
  }
}

char* ByteBuffer::prepare(size_t n) {
  if (cap_ - tail_ >= n) return buf_.get() + tail_;
  size_t used = size();
  if (used + n <= cap_) {
    // Enough room overall: slide the live bytes to the front.
    std::memmove(buf_.get(), buf_.get() + head_, used);
  } else {
    size_t new_cap = std::max({cap_ * 2, used + n, size_t(4096)});
    std::unique_ptr<char[]> grown(new char[new_cap]);
    if (used) std::memcpy(grown.get(), buf_.get() + head_, used);
    buf_ = std::move(grown);
    cap_ = new_cap;
  }
  head_ = 0;
  tail_ = used;
  return buf_.get() + tail_;
}

void ByteBuffer::consume(size_t n) {
  head_ += n;
  if (head_ >= tail_) head_ = tail_ = 0;  // cheap reset keeps appends at the front
}

void ByteBuffer::append_decimal(uint64_t v) {
  char tmp[20];
  size_t i = sizeof tmp;
  do {
    tmp[--i] = char('0' + v % 10);
    v /= 10;
  } while (v);
  append(tmp + i, sizeof tmp - i);
}

void ByteBuffer::append_hex(uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  char tmp[16];
  size_t i = sizeof tmp;
  do {
    tmp[--i] = digits[v & 15];
    v >>= 4;
  } while (v);
  append(tmp + i, sizeof tmp - i);
}

void ByteBuffer::shrink_if_empty(size_t keep) {
  if (empty() && cap_ > keep) {
    buf_.reset();
    cap_ = head_ = tail_ = 0;
  }
}

}  // namespace ts
