// A request's current transfer: set when a request is sent, cancelled when
// the handle is closed (WinHttpCloseHandle calls forget), so the easy handle
// leaves the multi as soon as the application lets go of the request.  A
// transfer never refers back to its request object.
#pragma once
#include <memory>

#include "objects.h"
#include "transfer.h"

namespace winhttp::request_state {

// The transfer of r, or empty.
std::shared_ptr<transfer> find(request &r);

// Makes t r's transfer; a previous one is cancelled, after letting a
// response that is still arriving end by itself for a few milliseconds
// (so that its connection is kept for t).
void attach(request &r, std::shared_ptr<transfer> t);

// Takes r's transfer away and cancels it (its easy handle leaves the multi
// on the engine thread; a blocked call on r fails with OPERATION_CANCELLED).
void forget(request &r);

}  // namespace winhttp::request_state
