// The steps of a request's exchange, shared by sync and async mode.
//
// Each API call (send, receive the response, query or read data, write
// data) is one step: a precondition checked when the call is made, a
// readiness predicate on the transfer, and a finishing action that records
// the outcome.  Sync mode waits for readiness on the calling thread; async
// mode finishes the step on a library thread when the engine signals a change
// (async_request.h).  All *_locked functions need transfer::lock held.
#pragma once
#include <mutex>

#include "objects.h"
#include "transfer.h"

namespace winhttp {

// read fills the buffer (or reaches the end), as WinHttpReadData does;
// read_partial returns what has arrived (WinHttpReadDataEx without
// WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER).
enum class step_kind { send, receive, query_data, read, read_partial, write };

// The API_* value a failed step reports in WINHTTP_ASYNC_RESULT.
DWORD api_id_of(step_kind kind);

// The error for calling the step in the transfer's present phase, or 0.
DWORD step_precondition_locked(step_kind kind, const transfer &t);

// Whether the step can finish now.  `size` is the read's buffer size.
bool step_ready_locked(step_kind kind, const transfer &t, DWORD size);

// Whether a waiting step has something to do now: finish, deliver recorded
// notifications, or see that its transfer was taken away (async mode).
bool step_has_work_locked(step_kind kind, const transfer &t, DWORD size);

// What a finished step reports: an error, or a byte count.
struct step_outcome {
    DWORD error = 0;
    DWORD bytes = 0;
};

// Finishes a ready step: moves the phase on and, for reads, copies body
// bytes into buffer; for writes, nothing is copied (the data was queued
// when the step began).
step_outcome finish_step_locked(step_kind kind, transfer &t, void *buffer, DWORD size);

// Delivers, on this thread, the notifications the engine recorded: only the
// sending step's unless `all`.  lk (on t.lock) is released meanwhile.
void deliver_recorded(request &r, transfer &t, std::unique_lock<fast_mutex> &lk, bool all);

}  // namespace winhttp
