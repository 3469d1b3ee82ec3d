// The byte stream under a connection. Plain TCP today; a GnuTLS transport
// can be added later in its own file (tls_transport.cpp) implementing the
// same interface, with its handshake driven inside read()/write() (reporting
// kWouldBlock, plus wants_write() for the direction it waits on).
#pragma once

#include <cstddef>
#include <memory>

namespace ts {

enum class IoStatus { kOk, kWouldBlock, kEof, kError };

struct IoResult {
  IoStatus status;
  size_t bytes;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual IoResult read(char* buf, size_t len) = 0;
  virtual IoResult write(const char* buf, size_t len) = 0;
  // Sends the end-of-stream signal (TCP FIN / TLS close_notify + FIN).
  virtual void shutdown_write() = 0;
  // True when the transport needs socket writability before it can make
  // progress on a read (a TLS renegotiation or handshake); never for TCP.
  virtual bool wants_write() const { return false; }
  virtual int fd() const = 0;
};

// Plain TCP over a non-blocking socket. Does not own the descriptor.
class PlainTransport final : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}
  IoResult read(char* buf, size_t len) override;
  IoResult write(const char* buf, size_t len) override;
  void shutdown_write() override;
  int fd() const override { return fd_; }

 private:
  int fd_;
};

}  // namespace ts
