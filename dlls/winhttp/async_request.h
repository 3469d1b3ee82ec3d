// Async mode (WINHTTP_FLAG_ASYNC): each API step is queued on the request's
// driver and finished later (usually on the engine thread right after the
// curl round that made it ready, else on a pool thread), with its completion
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
// A step's timeout is a deadline on the transfer that the engine checks in
// curl's progress hook (step_deadline.h), not a timer of its own.
#pragma once
#include <memory>

#include "function_ref.h"
#include "objects.h"
#include "request_steps.h"
#include "transfer.h"

namespace winhttp::async_request {

// A driver for a request of an async session, made with the request and
// kept in request::async_driver.
std::shared_ptr<void> make_driver();

// Makes r's driver the listener of t, a transfer of r about to start.
void listen_to(request &r, transfer &t);

// What setting up a step found: the error to fail the call with (0: none)
// and whether the step may have work already (step_has_work_locked), read
// under the transfer lock the set-up holds anyway.
struct prepared {
    DWORD error = 0;
    bool has_work = false;
};

// Starts step `kind` on r in async mode, on t (r's present transfer, or
// for a send the one it is about to start).  Once the step's slot is
// reserved (no other step pending), prepare runs, with no driver lock
// held; an error from it fails the call.  Returns 0, or the error to fail
// the call with.  timeout_ms > 0 ends the step with ERROR_WINHTTP_TIMEOUT
// after that long.
DWORD begin(request &r, const std::shared_ptr<transfer> &t, step_kind kind, void *buffer, DWORD size,
            int timeout_ms, function_ref<prepared()> prepare);

}  // namespace winhttp::async_request
