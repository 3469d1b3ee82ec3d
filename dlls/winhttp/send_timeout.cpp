#include "send_timeout.h"

#include "transfer.h"

namespace winhttp::send_timeout {
namespace {

using clock = std::chrono::steady_clock;

// Whether sending has stalled past the timeout; notes progress otherwise.
// Caller holds t.lock.
bool stalled_locked(transfer &t, curl_off_t sent_body_bytes)
{
    if (!t.sending_sent || t.request_sent)
        return false;  // not sending the request now
    clock::time_point now = clock::now();
    if (!t.send_watch_started || sent_body_bytes != t.send_watch_bytes) {
        t.send_watch_started = true;
        t.send_watch_bytes = sent_body_bytes;
        t.send_watch_since = now;
        return false;
    }
    return now - t.send_watch_since >= std::chrono::milliseconds(t.send_timeout_ms);
}

}  // namespace

bool expired(transfer &t, curl_off_t ulnow)
{
    if (t.send_timeout_ms <= 0 || t.send_watch_over)
        return false;  // no timeout, or the request is out (and no lock taken)
    // Not sending yet (curl runs the hook a few times before it sends): no
    // lock either.  Set under lock on this thread or read late, the flag
    // only makes the watch start at the next call.
    if (!t.sending_sent.load(std::memory_order_relaxed))
        return false;
    std::lock_guard<fast_mutex> g(t.lock);
    t.send_watch_over = t.request_sent;
    return stalled_locked(t, ulnow);
}

}  // namespace winhttp::send_timeout
