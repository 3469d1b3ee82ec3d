// The timeout of an async step that waits for the server (receive-response
// and receive timeouts).  Instead of a timer per step (two allocations, a
// locked timer queue and a cancel for every step that completes, which is
// nearly all of them), the step's deadline is stored on its transfer and
// the engine looks at it from curl's progress hook (progress_hook.h), which
// curl runs for every transfer on every curl_multi_perform: at least four
// times a second while a transfer waits (engine.cpp's max_poll_ms), so a
// timeout fires at most about a quarter second late.  A waiting step always
// has a live transfer in the multi: a finished or failed one makes every
// step ready at once.  Sync calls keep their own deadline (api_request.cpp).
#pragma once

namespace winhttp {

class transfer;

namespace step_deadline {

// The driver: t's present step times out timeout_ms from now.
void arm(transfer &t, int timeout_ms);
// The driver: no step of t waits with a timeout.
void clear(transfer &t);
// The engine: whether t's step deadline has passed.
bool passed(const transfer &t);

}  // namespace step_deadline
}  // namespace winhttp
