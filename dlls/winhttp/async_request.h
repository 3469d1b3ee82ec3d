// Async mode (WINHTTP_FLAG_ASYNC): each API step is queued on the request's
// driver and finished later, on a pool thread, with its completion
// notification (SENDREQUEST_COMPLETE, HEADERS_AVAILABLE, DATA_AVAILABLE,
// READ_COMPLETE, WRITE_COMPLETE) or REQUEST_ERROR.
//
// One driver per request.  It runs at most one delivery at a time, so a
// request's notifications arrive in order and never two at once.  The
// engine wakes it through transfer::on_change.  A read or data query that
// can be answered at once completes inline, inside the API call, up to a
// nesting depth of 3 per thread (as Windows does); deeper calls go to the
// pool.  While a step is pending the driver holds a reference on the
// request, so HANDLE_CLOSING comes after the step's completion or error.
#pragma once
#include <memory>

#include "objects.h"
#include "request_steps.h"
#include "transfer.h"

namespace winhttp::async_request {

// The on_change hook for a transfer of r: wakes r's driver.
std::function<void()> wake_hook(request &r);

// Starts step `kind` on r in async mode.  Once the step's slot is reserved
// (no other step pending), prepare runs, with no driver lock held; an error
// from it fails the call.  Returns 0, or the error to fail the call with.
// timeout_ms > 0 ends the step with ERROR_WINHTTP_TIMEOUT after that long.
DWORD begin(request &r, step_kind kind, void *buffer, DWORD size, int timeout_ms,
            const std::function<DWORD()> &prepare);

}  // namespace winhttp::async_request
