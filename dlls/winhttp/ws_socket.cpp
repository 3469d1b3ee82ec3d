#include "ws_socket.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace winhttp::ws {

socket::socket(CURL *easy, curl_socket_t fd, std::shared_ptr<void> keep)
    : easy_(easy), fd_(fd), wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)), keep_(std::move(keep))
{
}

socket::~socket()
{
    curl_easy_cleanup(easy_);  // closes the connection (no close frame: the caller sends that)
    if (wake_fd_ >= 0)
        close(wake_fd_);
}

void socket::cancel_all()
{
    cancelled_ = true;
    uint64_t one = 1;
    if (wake_fd_ >= 0 && write(wake_fd_, &one, sizeof(one)) < 0) {
        // The counter is already non-zero: the wake is pending anyway.
    }
}

void socket::interrupt()
{
    interrupted_ = true;
    uint64_t one = 1;
    if (wake_fd_ >= 0 && write(wake_fd_, &one, sizeof(one)) < 0) {
    }
}

void socket::clear_interrupt()
{
    interrupted_ = false;
    uint64_t count;
    if (!cancelled_ && wake_fd_ >= 0 && read(wake_fd_, &count, sizeof(count)) < 0) {
        // Nothing was pending.
    }
}

socket::wait_result socket::wait_for(short events, int timeout_ms)
{
    using clock = std::chrono::steady_clock;
    clock::time_point deadline = clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        if (cancelled_ || interrupted_)
            return wait_result::cancelled;
        int wait_ms = -1;
        if (timeout_ms >= 0) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
            if (left <= 0)
                return wait_result::timed_out;
            wait_ms = int(left);
        }
        pollfd fds[2] = {{fd_, events, 0}, {wake_fd_, POLLIN, 0}};
        int n = poll(fds, wake_fd_ >= 0 ? 2 : 1, wait_ms);
        if (n < 0 && errno != EINTR)
            return wait_result::ready;  // let the curl call report the error
        if (cancelled_ || interrupted_)
            return wait_result::cancelled;
        if (n > 0 && fds[0].revents)
            return wait_result::ready;
    }
}

DWORD socket::write_all(const char *data, size_t size, int timeout_ms)
{
    while (size > 0) {
        size_t sent = 0;
        CURLcode rc;
        {
            std::lock_guard<std::mutex> g(io_lock_);
            rc = curl_easy_send(easy_, data, size, &sent);
        }
        if (rc == CURLE_OK) {
            data += sent;
            size -= sent;
            continue;
        }
        if (rc != CURLE_AGAIN)
            return ERROR_WINHTTP_CONNECTION_ERROR;
        // Sending has its own cancellation only through cancel_all: an
        // interrupt is meant for a pending receive.
        if (cancelled_)
            return ERROR_WINHTTP_OPERATION_CANCELLED;
        pollfd fds[2] = {{fd_, POLLOUT, 0}, {wake_fd_, POLLIN, 0}};
        int n = poll(fds, 1, timeout_ms);
        if (n == 0)
            return ERROR_WINHTTP_TIMEOUT;
    }
    return 0;
}

DWORD socket::read_some(std::string &into, int timeout_ms)
{
    char buf[64 * 1024];
    for (;;) {
        size_t got_total = 0;
        bool closed = false, failed = false;
        {
            std::lock_guard<std::mutex> g(io_lock_);
            // Drain until curl has nothing more: TLS may hold decrypted
            // bytes that poll() cannot see.
            for (;;) {
                size_t n = 0;
                CURLcode rc = curl_easy_recv(easy_, buf, sizeof(buf), &n);
                if (rc == CURLE_AGAIN)
                    break;
                if (rc != CURLE_OK) {
                    failed = true;
                    break;
                }
                if (n == 0) {
                    closed = true;
                    break;
                }
                into.append(buf, n);
                got_total += n;
            }
        }
        if (got_total > 0)
            return 0;
        if (closed || failed)
            return ERROR_WINHTTP_CONNECTION_ERROR;
        switch (wait_for(POLLIN, timeout_ms)) {
        case wait_result::ready:
            break;
        case wait_result::cancelled:
            return ERROR_WINHTTP_OPERATION_CANCELLED;
        case wait_result::timed_out:
            return ERROR_WINHTTP_TIMEOUT;
        }
    }
}

}  // namespace winhttp::ws
