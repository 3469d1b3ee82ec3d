#include "transport.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace ts {

IoResult PlainTransport::read(char* buf, size_t len) {
  for (;;) {
    ssize_t n = ::recv(fd_, buf, len, 0);
    if (n > 0) return {IoStatus::kOk, size_t(n)};
    if (n == 0) return {IoStatus::kEof, 0};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {IoStatus::kWouldBlock, 0};
    return {IoStatus::kError, 0};
  }
}

IoResult PlainTransport::write(const char* buf, size_t len) {
  for (;;) {
    // MSG_NOSIGNAL: a client that went away must not kill us with SIGPIPE.
    ssize_t n = ::send(fd_, buf, len, MSG_NOSIGNAL);
    if (n >= 0) return {IoStatus::kOk, size_t(n)};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {IoStatus::kWouldBlock, 0};
    return {IoStatus::kError, 0};
  }
}

void PlainTransport::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

}  // namespace ts
