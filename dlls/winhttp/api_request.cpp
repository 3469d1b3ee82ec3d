// WinHttpSendRequest, WinHttpReceiveResponse, WinHttpQueryDataAvailable,
// WinHttpReadData: sync mode.
//
// Each call hands work to the engine and blocks until the engine has done the
// step; then, on the calling thread, it delivers the notifications the engine
// recorded meanwhile, and returns.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

#include "api.h"
#include "request_state.h"
#include "text.h"
#include "transfer.h"
#include "transfer_setup.h"

using namespace winhttp;

namespace {


// Waits under lk until pred holds; after timeout_ms (<= 0: never) the
// transfer ends with ERROR_WINHTTP_TIMEOUT.
template <class Pred>
void wait_step(transfer &t, std::unique_lock<std::mutex> &lk, int timeout_ms, Pred pred)
{
    if (timeout_ms <= 0) {
        t.changed.wait(lk, pred);
        return;
    }
    if (t.changed.wait_for(lk, std::chrono::milliseconds(timeout_ms), pred))
        return;
    lk.unlock();
    t.abort(ERROR_WINHTTP_TIMEOUT);
    lk.lock();
    t.changed.wait(lk, pred);
}

bool is_receive_event(DWORD status)
{
    return status == WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE ||
           status == WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED;
}

// Delivers, on this thread, the notifications recorded so far: only those of
// the sending step unless `all`.  Caller holds lk; it is released meanwhile.
void deliver(request &r, transfer &t, std::unique_lock<std::mutex> &lk, bool all)
{
    for (;;) {
        std::vector<recorded_event> batch;
        size_t n = 0;
        while (n < t.events.size() && (all || !is_receive_event(t.events[n].status)))
            ++n;
        if (n == 0)
            return;
        batch.assign(std::make_move_iterator(t.events.begin()),
                     std::make_move_iterator(t.events.begin() + n));
        t.events.erase(t.events.begin(), t.events.begin() + n);
        lk.unlock();
        for (recorded_event &e : batch) {
            if (e.has_number) {
                DWORD v = e.number;
                r.notify(e.status, &v, sizeof(v));
            } else if (!e.text.empty()) {
                std::u16string copy = e.text;  // the callback may scribble on it
                r.notify(e.status, &copy[0], DWORD(copy.size() + 1));
            } else {
                r.notify(e.status, nullptr, 0);
            }
        }
        lk.lock();
    }
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
        if (r->owner().owner().async)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);  // async mode: not yet
        if (!optional && optional_length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        if (total_length > optional_length)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);  // WinHttpWriteData: not yet
        if (headers && headers_length == 0 && *headers)
            headers_length = DWORD(-1);
        r->set_context(context);

        if (DWORD err = add_send_headers(*r, headers, headers_length))
            return fail(err, FALSE);
        std::shared_ptr<transfer> t = make_transfer(*r, optional, optional_length);
        request_state::attach(*r, t);
        if (!t->start())
            return fail(ERROR_NOT_ENOUGH_MEMORY, FALSE);

        std::unique_lock<std::mutex> lk(t->lock);
        wait_step(*t, lk, 0, [&] { return t->request_sent || t->done; });
        deliver(*r, *t, lk, false);
        // An error after the request went out (the server answered and reset
        // at once) belongs to the later steps.
        if (!t->request_sent) {
            t->phase = api_phase::failed;
            DWORD err = t->error;
            lk.unlock();
            return fail(err, FALSE);
        }
        t->phase = api_phase::sent;
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpReceiveResponse(HINTERNET h, LPVOID reserved)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (reserved)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        std::shared_ptr<transfer> t = request_state::find(*r);
        if (!t)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        std::unique_lock<std::mutex> lk(t->lock);
        if (t->phase != api_phase::sent)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        wait_step(*t, lk, r->settings.timeout.receive_response,
                  [&] { return t->headers_done || t->done; });
        deliver(*r, *t, lk, true);
        if (!t->headers_done) {
            t->phase = api_phase::failed;
            DWORD err = t->error ? t->error : ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
            lk.unlock();
            return fail(err, FALSE);
        }
        t->phase = api_phase::responded;
        return succeed();
    });
}

namespace {

// Waits for body bytes or the end; TRUE with `available` set, or FALSE with
// the last error set.
BOOL wait_for_body(request &r, transfer &t, std::unique_lock<std::mutex> &lk, DWORD &available)
{
    if (t.phase != api_phase::responded)
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
    wait_step(t, lk, r.settings.timeout.receive, [&] { return t.buffered() > 0 || t.done; });
    if (t.buffered() == 0 && t.error)
        return fail(t.error, FALSE);
    available = DWORD(std::min<size_t>(t.buffered(), 0xffffffffu));
    return TRUE;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryDataAvailable(HINTERNET h, LPDWORD available)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        std::shared_ptr<transfer> t = request_state::find(*r);
        if (!t)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        std::unique_lock<std::mutex> lk(t->lock);
        DWORD n = 0;
        if (!wait_for_body(*r, *t, lk, n))
            return FALSE;
        if (available)
            *available = n;
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpReadData(HINTERNET h, LPVOID buffer, DWORD to_read, LPDWORD read)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!buffer && to_read)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        std::shared_ptr<transfer> t = request_state::find(*r);
        if (!t)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        std::unique_lock<std::mutex> lk(t->lock);
        DWORD n = 0;
        if (to_read && !wait_for_body(*r, *t, lk, n))
            return FALSE;
        if (!to_read && t->phase != api_phase::responded)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        n = std::min(n, to_read);
        if (n) {
            std::memcpy(buffer, t->body.data() + t->body_offset, n);
            t->body_offset += n;
            if (t->body_offset == t->body.size()) {
                t->body.clear();
                t->body_offset = 0;
            }
            t->maybe_resume_locked();
        }
        if (read)
            *read = n;
        return succeed();
    });
}

