// WinHttpSendRequest, WinHttpWriteData, WinHttpReceiveResponse,
// WinHttpQueryDataAvailable, WinHttpReadData, in sync and async mode.
//
// Each call is one step of the exchange (request_steps.h).  Sync mode hands
// work to the engine and blocks until the step is ready; then, on the
// calling thread, it delivers the notifications the engine recorded
// meanwhile, and returns.  Async mode queues the step on the request's
// driver (async_request.h), which finishes it on a library thread.
#include <algorithm>
#include <chrono>

#include "api.h"
#include "api_code.h"
#include "async_request.h"
#include "request_state.h"
#include "request_steps.h"
#include "sync_drive.h"
#include "transfer.h"
#include "transfer_setup.h"
#include "ws_handshake.h"  // WebSocket

using namespace winhttp;

namespace {

bool is_async(const request &r) { return r.owner().owner().async; }

// The timeout (ms, <= 0: none) that bounds waiting for a step.
int timeout_of(const request &r, step_kind kind)
{
    timeouts limits = r.timeout_settings();
    switch (kind) {
    case step_kind::receive:
        return limits.receive_response;
    case step_kind::query_data:
    case step_kind::read:
    case step_kind::read_partial:
        return limits.receive;
    case step_kind::write:
        return limits.send;
    case step_kind::send:
        break;  // bounded by the resolve and connect timeouts
    }
    return 0;
}

// Waits under lk until pred holds, driving the engine on this thread when
// nobody else does (sync_drive.h).  After timeout_ms (<= 0: never) the
// transfer ends with ERROR_WINHTTP_TIMEOUT, and the wait goes on until the
// step sees that end.
template <class Pred>
void wait_step(transfer &t, std::unique_lock<fast_mutex> &lk, int timeout_ms, Pred pred)
{
    using clock = std::chrono::steady_clock;
    clock::time_point deadline = timeout_ms > 0 ? clock::now() + std::chrono::milliseconds(timeout_ms)
                                                : clock::time_point::max();
    if (drive_until(t, lk, deadline, pred))
        return;
    lk.unlock();
    t.abort(ERROR_WINHTTP_TIMEOUT);
    lk.lock();
    drive_until(t, lk, clock::time_point::max(), pred);
}

// What a step does to the transfer when the call is made: a write queues
// its bytes, receiving the response ends an unbounded upload.  Returns the
// error for a call made in the wrong state, or 0.  Caller holds t.lock.
DWORD begin_step_locked(transfer &t, step_kind kind, const void *buffer, DWORD size)
{
    if (DWORD err = step_precondition_locked(kind, t))
        return err;
    if (kind == step_kind::write && !t.queue_upload_locked(buffer, size))
        return ERROR_INVALID_PARAMETER;  // broken chunked framing
    if (kind == step_kind::receive && t.upload_streamed && t.upload_unbounded)
        t.end_upload_locked();
    if (kind == step_kind::read || kind == step_kind::read_partial)
        t.want_body_locked(size);
    return 0;
}

BOOL run_sync(request &r, transfer &t, step_kind kind, void *buffer, DWORD size, LPDWORD bytes)
{
    std::unique_lock<fast_mutex> lk(t.lock);
    if (DWORD err = begin_step_locked(t, kind, buffer, size))
        return fail(err, FALSE);
    wait_step(t, lk, timeout_of(r, kind), [&] { return step_ready_locked(kind, t, size); });
    deliver_recorded(r, t, lk, kind != step_kind::send);
    step_outcome out = finish_step_locked(kind, t, buffer, size);
    lk.unlock();
    if (out.error)
        return fail(out.error, FALSE);
    if (bytes)
        *bytes = out.bytes;
    return succeed();
}

BOOL run_async(request &r, const std::shared_ptr<transfer> &t, step_kind kind, void *buffer, DWORD size)
{
    DWORD err = async_request::begin(r, t, kind, buffer, size, timeout_of(r, kind), [&]() -> async_request::prepared {
        std::lock_guard<fast_mutex> g(t->lock);
        if (DWORD e = begin_step_locked(*t, kind, buffer, size))
            return {e, false};
        return {0, step_has_work_locked(kind, *t, size)};
    });
    return err ? fail(err, FALSE) : succeed();
}

// Runs one step other than sending on r's present transfer.
BOOL run_step(HINTERNET h, step_kind kind, void *buffer, DWORD size, LPDWORD bytes)
{
    ref<request> r = lookup_as<request>(h);
    if (!r)
        return FALSE;
    std::shared_ptr<transfer> t = request_state::find(*r);
    if (!t)
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
    if (r->upgrade_to_websocket && kind == step_kind::receive)  // WebSocket: its own connection
        return websocket_receive_response(*r, *t);
    if (is_async(*r))
        return run_async(*r, t, kind, buffer, size);
    return run_sync(*r, *t, kind, buffer, size, bytes);
}

}  // namespace

extern "C" BOOL WINAPI WinHttpSendRequest(HINTERNET h, LPCWSTR headers, DWORD headers_length,
                                          LPVOID optional, DWORD optional_length,
                                          DWORD total_length, DWORD_PTR context)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!optional && optional_length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        if (total_length != WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH && total_length < optional_length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        if (headers && headers_length == 0 && *headers)
            headers_length = DWORD(-1);
        r->set_context(context);

        if (DWORD err = add_send_headers(*r, headers, headers_length))
            return fail(err, FALSE);
        std::shared_ptr<transfer> t = make_transfer(*r, optional, optional_length, total_length);
        if (r->upgrade_to_websocket)  // WebSocket: a connection of its own (ws_handshake.h)
            return websocket_send_request(*r, t);
        if (!is_async(*r)) {
            request_state::attach(*r, t);
            if (!t->start(true))
                return fail(ERROR_NOT_ENOUGH_MEMORY, FALSE);
            return run_sync(*r, *t, step_kind::send, nullptr, 0, nullptr);
        }
        async_request::listen_to(*r, *t);
        DWORD err = async_request::begin(*r, t, step_kind::send, nullptr, 0, 0, [&]() -> async_request::prepared {
            request_state::attach(*r, t);
            // No work yet: a new transfer has recorded nothing, and all it
            // does once started reaches the driver (listen_to, above).
            return {t->start() ? 0u : DWORD(ERROR_NOT_ENOUGH_MEMORY), false};
        });
        return err ? fail(err, FALSE) : succeed();
    });
}

extern "C" BOOL WINAPI WinHttpWriteData(HINTERNET h, LPCVOID buffer, DWORD to_write, LPDWORD written)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!buffer && to_write)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        return run_step(h, step_kind::write, const_cast<void *>(buffer), to_write, written);
    });
}

extern "C" BOOL WINAPI WinHttpReceiveResponse(HINTERNET h, LPVOID reserved)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (reserved)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        return run_step(h, step_kind::receive, nullptr, 0, nullptr);
    });
}

extern "C" BOOL WINAPI WinHttpQueryDataAvailable(HINTERNET h, LPDWORD available)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        return run_step(h, step_kind::query_data, nullptr, 0, available);
    });
}

extern "C" BOOL WINAPI WinHttpReadData(HINTERNET h, LPVOID buffer, DWORD to_read, LPDWORD read)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!buffer && to_read)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        return run_step(h, step_kind::read, buffer, to_read, read);
    });
}

// Without WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER it returns what has arrived;
// with it, it behaves as WinHttpReadData (fills the buffer or reaches the
// end).  The two reserved arguments must be 0 and NULL.
extern "C" DWORD WINAPI WinHttpReadDataEx(HINTERNET h, LPVOID buffer, DWORD to_read, LPDWORD read,
                                          ULONGLONG flags, DWORD property_size, PVOID property)
{
    if (read)
        *read = 0;  // before any work or checking, as documented
    return guarded_code([&]() -> DWORD {
        if ((!buffer && to_read) || (flags & ~ULONGLONG(WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER)) ||
            property_size || property)
            return fail_code(ERROR_INVALID_PARAMETER);
        step_kind kind = (flags & WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER) ? step_kind::read : step_kind::read_partial;
        return run_step(h, kind, buffer, to_read, read) ? succeed_code() : host::get_last_error();
    });
}
