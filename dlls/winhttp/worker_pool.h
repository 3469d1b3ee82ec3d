// The threads that deliver async-mode completions (DESIGN.md §5).  They call
// application code, so they are started with host::start_app_thread (Wine
// threads under Wine).  Started lazily on first use; never torn down.
//
// The pool gives no ordering between jobs: a request's completions are kept
// in order by its async driver (async_request.h), which never has more than
// one job running.  (Async steps' timeouts are not pool timers: see
// step_deadline.h.)
#pragma once
#include <functional>

namespace winhttp::worker_pool {

// Runs fn on a pool thread, soon.  Returns false if no thread could be
// started (fn then never runs).
bool post(std::function<void()> fn);

}  // namespace winhttp::worker_pool
