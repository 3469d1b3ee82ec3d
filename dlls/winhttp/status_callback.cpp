#include "status_callback.h"

namespace winhttp {

callback_setting status_callback_slot::get() const
{
    for (;;) {
        unsigned before = sequence_.load(std::memory_order_acquire);
        if (before & 1)
            continue;  // a replacement is being written
        callback_setting s;
        s.fn = fn_.load(std::memory_order_relaxed);
        s.mask = mask_.load(std::memory_order_relaxed);
        // Orders the two reads before the second look at the counter.
        std::atomic_thread_fence(std::memory_order_acquire);
        if (sequence_.load(std::memory_order_relaxed) == before)
            return s;
    }
}

WINHTTP_STATUS_CALLBACK status_callback_slot::replace(callback_setting s)
{
    std::lock_guard<fast_mutex> g(writers_);
    WINHTTP_STATUS_CALLBACK previous = fn_.load(std::memory_order_relaxed);
    unsigned seq = sequence_.load(std::memory_order_relaxed);
    sequence_.store(seq + 1, std::memory_order_relaxed);
    // The odd counter is visible before either field changes.
    std::atomic_thread_fence(std::memory_order_release);
    fn_.store(s.fn, std::memory_order_relaxed);
    mask_.store(s.mask, std::memory_order_relaxed);
    sequence_.store(seq + 2, std::memory_order_release);
    return previous;
}

}  // namespace winhttp
