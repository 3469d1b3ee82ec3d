#include "request_state.h"

#include <chrono>

#include "sync_drive.h"

namespace winhttp::request_state {
namespace {

// Swaps r's transfer for t and cancels the one it replaces.
void replace(request &r, std::shared_ptr<transfer> t)
{
    std::shared_ptr<transfer> previous;
    {
        std::lock_guard<fast_mutex> g(r.transfer_lock);
        previous = std::exchange(r.current_transfer, std::move(t));
    }
    if (!previous)
        return;
    {
        std::lock_guard<fast_mutex> g(previous->lock);
        previous->detached = true;
    }
    previous->abort(ERROR_WINHTTP_OPERATION_CANCELLED);
}

// A request sent again (the authentication flow: 401, credentials, send
// again) usually follows a response whose small body has arrived whole,
// but which curl may not have finished yet.  Cancelling it then would cost
// its connection, which Windows keeps (it drains the response).  So wait,
// briefly, for a response still coming in to end by itself; one that is
// paused (a full buffer) or slower than that is cancelled as before.
// A sync request's caller drives the engine meanwhile, as a sync wait does
// (its transfer has nobody else to move it); an async request's transfer
// is the engine thread's, and this call may come from a callback on that
// very thread, so it only waits for a signal.
void let_previous_finish(request &r)
{
    using clock = std::chrono::steady_clock;
    constexpr auto bound = std::chrono::milliseconds(20);
    std::shared_ptr<transfer> t = find(r);
    if (!t)
        return;
    auto pending = [&] { return t->headers_done && !t->done && !t->paused && !t->redirect_pending; };
    clock::time_point deadline = clock::now() + bound;
    bool drive = !r.owner().owner().async;
    std::unique_lock<fast_mutex> lk(t->lock);
    if (!pending())
        return;
    if (!drive) {
        t->wait_changed_until(lk, deadline, [&] { return !pending(); });
        return;
    }
    drive_until(*t, lk, deadline, [&] { return !pending(); });
}

}  // namespace

std::shared_ptr<transfer> find(request &r)
{
    std::lock_guard<fast_mutex> g(r.transfer_lock);
    return r.current_transfer;
}

void attach(request &r, std::shared_ptr<transfer> t)
{
    let_previous_finish(r);
    replace(r, std::move(t));
}

void forget(request &r) { replace(r, nullptr); }

}  // namespace winhttp::request_state
