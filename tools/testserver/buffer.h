// A growable byte buffer with a consumed prefix, used for both the input
// (unparsed request bytes) and the output (response bytes not yet written) of
// a connection. It keeps its storage between requests so that steady-state
// keep-alive traffic allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace ts {

class ByteBuffer {
 public:
  explicit ByteBuffer(size_t initial_capacity = 0);

  char* data() { return buf_.get() + head_; }
  const char* data() const { return buf_.get() + head_; }
  size_t size() const { return tail_ - head_; }
  bool empty() const { return head_ == tail_; }
  size_t capacity() const { return cap_; }
  std::string_view view() const { return {data(), size()}; }

  // Returns space for at least n more bytes; commit() makes them part of the
  // contents. Compacts or grows as needed.
  char* prepare(size_t n);
  void commit(size_t n) { tail_ += n; }
  size_t writable() const { return cap_ - tail_; }

  // Drops n bytes from the front.
  void consume(size_t n);
  void clear() { head_ = tail_ = 0; }

  void append(const char* p, size_t n) {
    if (n == 0) return;
    std::memcpy(prepare(n), p, n);
    commit(n);
  }
  void append(std::string_view s) { append(s.data(), s.size()); }
  void append_char(char c) {
    *prepare(1) = c;
    commit(1);
  }
  void append_decimal(uint64_t v);
  void append_hex(uint64_t v);

  // Frees the storage of an empty buffer that grew beyond `keep` bytes.
  void shrink_if_empty(size_t keep);

 private:
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t head_ = 0;
  size_t tail_ = 0;
};

}  // namespace ts
