// The threads that deliver async-mode completions (DESIGN.md §5).  They call
// application code, so they are started with host::start_app_thread (Wine
// threads under Wine).  Started lazily on first use; never torn down.
//
// The pool gives no ordering between jobs: a request's completions are kept
// in order by its async driver (async_request.h), which never has more than
// one job running.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>

namespace winhttp::worker_pool {

// Runs fn on a pool thread, soon.  Returns false if no thread could be
// started (fn then never runs).
bool post(std::function<void()> fn);

using timer_id = unsigned long long;

// Runs fn once delay has passed, on the pool's timer thread (an app thread
// too; fn should be short, as later timers wait for it).  Returns an id
// for cancel(), or 0 if no thread could be started.
timer_id post_after(std::chrono::milliseconds delay, std::function<void()> fn);

// Drops a timer that has not run yet.  Harmless for 0, or a timer that has
// run or is running.
void cancel(timer_id id);

}  // namespace winhttp::worker_pool
