// The connection under a WebSocket: a libcurl easy handle that made the
// connection only (CURLOPT_CONNECT_ONLY: proxy tunnel and TLS included),
// then moves bytes with curl_easy_send / curl_easy_recv.
//
// Why not the engine's multi handle: Debian 12's libcurl 7.88 has no
// WebSocket support, and without it curl reads a 101 answer as an interim
// response and waits for another head, so a request on the engine can never
// hand its connection over.  A connect-only handle that we perform ourselves
// and then talk through does, and it keeps curl's proxy and TLS handling.
// It never joins the engine's multi: only the thread of the API call that
// uses it touches it, one call at a time (io_lock_).
//
// One thread may read while another writes: curl calls are serialized, and
// waiting for the socket (poll) happens outside the lock.  A wait ends early
// when the handle is closed (cancel_all) or an operation is interrupted
// (interrupt, for WinHttpWebSocketClose taking over from a pending receive).
#pragma once
#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "winhttp.h"

namespace winhttp::ws {

class socket {
public:
    // Takes over `easy` (performed, connect-only); `keep` is kept alive as
    // long as the handle (its callbacks' data).
    socket(CURL *easy, curl_socket_t fd, std::shared_ptr<void> keep);
    ~socket();
    socket(const socket &) = delete;
    socket &operator=(const socket &) = delete;

    // Sends every byte.  0, ERROR_WINHTTP_CONNECTION_ERROR,
    // ERROR_WINHTTP_OPERATION_CANCELLED or ERROR_WINHTTP_TIMEOUT.
    DWORD write_all(const char *data, size_t size, int timeout_ms = -1);
    // Appends whatever has arrived to `into`, waiting up to timeout_ms (< 0:
    // no limit) for at least one byte.  The peer's orderly close and errors
    // are ERROR_WINHTTP_CONNECTION_ERROR.
    DWORD read_some(std::string &into, int timeout_ms = -1);

    // Ends every wait, now and later (the handle is being closed).
    void cancel_all();
    // Ends the present read wait; clear_interrupt() makes waits normal again.
    void interrupt();
    void clear_interrupt();

private:
    enum class wait_result { ready, cancelled, timed_out };
    wait_result wait_for(short events, int timeout_ms);

    std::mutex io_lock_;
    CURL *easy_;
    curl_socket_t fd_;
    int wake_fd_;  // eventfd: readable while a wait must end
    std::shared_ptr<void> keep_;
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> interrupted_{false};
};

}  // namespace winhttp::ws
