#include "request_state.h"

namespace winhttp::request_state {
namespace {

// Swaps r's transfer for t and cancels the one it replaces.
void replace(request &r, std::shared_ptr<transfer> t)
{
    std::shared_ptr<transfer> previous;
    {
        std::lock_guard<std::mutex> g(r.transfer_lock);
        previous = std::exchange(r.current_transfer, std::move(t));
    }
    if (previous)
        previous->abort(ERROR_WINHTTP_OPERATION_CANCELLED);
}

}  // namespace

std::shared_ptr<transfer> find(request &r)
{
    std::lock_guard<std::mutex> g(r.transfer_lock);
    return r.current_transfer;
}

void attach(request &r, std::shared_ptr<transfer> t) { replace(r, std::move(t)); }

void forget(request &r) { replace(r, nullptr); }

}  // namespace winhttp::request_state
