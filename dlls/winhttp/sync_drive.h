// How a sync call waits for its transfer: it drives the engine on its own
// thread when nobody else does (engine.h), and otherwise waits for the
// transfer's signal.  Shared by the API steps (api_request.cpp) and by a
// resend waiting for the previous response (request_state.cpp).
#pragma once
#include <algorithm>
#include <chrono>
#include <mutex>

#include "engine.h"
#include "transfer.h"

namespace winhttp {

// Waits under lk (held on t.lock) until pred holds or deadline passes
// (time_point::max(): never).  Returns whether pred holds.
template <class Pred>
bool drive_until(transfer &t, std::unique_lock<fast_mutex> &lk, std::chrono::steady_clock::time_point deadline,
                 Pred pred)
{
    using clock = std::chrono::steady_clock;
    if (pred())
        return true;  // ready at once (a buffered read): no wait to count
    bool timed = deadline != clock::time_point::max();
    engine::sync_wait waiting;
    while (!pred()) {
        if (timed && clock::now() >= deadline)
            return false;
        lk.unlock();
        engine::drive_result how = engine::drive_while(
            [&] {
                std::lock_guard<fast_mutex> g(t.lock);
                return !pred();
            },
            deadline);
        lk.lock();
        if (how != engine::drive_result::drove) {
            // Another thread drives and will signal.  Look again soon if the
            // engine thread is letting go, now and then otherwise.
            auto slice = std::chrono::milliseconds(how == engine::drive_result::engine_yielding ? 1 : 50);
            if (timed)
                slice = std::min(slice, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()) +
                                            std::chrono::milliseconds(1));
            t.wait_changed_until(lk, clock::now() + slice, pred);
        }
    }
    return true;
}

}  // namespace winhttp
