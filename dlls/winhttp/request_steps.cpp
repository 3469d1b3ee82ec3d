#include "request_steps.h"

#include <algorithm>
#include <cstring>

#include "trace.h"

namespace winhttp {
namespace {

bool is_receive_event(DWORD status)
{
    return status == WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE ||
           status == WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED ||
           status == WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE ||
           status == WINHTTP_CALLBACK_STATUS_REDIRECT;
}

void deliver_one(request &r, recorded_event &e)
{
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

// Whether delivering the first n events would call the application's
// callback or write the trace.
bool anyone_listens(request &r, const std::vector<recorded_event> &events, size_t n)
{
    if (trace::on)
        return true;
    callback_setting c = r.callback().get();
    if (!c.fn)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (c.mask & events[i].status)
            return true;
    return false;
}

step_outcome finish_send(transfer &t)
{
    // An error after the request went out (the server answered and reset at
    // once) belongs to the later steps.
    if (!t.send_step_done_locked()) {
        t.phase = api_phase::failed;
        return {t.error ? t.error : ERROR_WINHTTP_CONNECTION_ERROR, 0};
    }
    t.phase = api_phase::sent;
    return {};
}

step_outcome finish_receive(transfer &t)
{
    if (!t.headers_done) {
        t.phase = api_phase::failed;
        return {t.error ? t.error : ERROR_WINHTTP_INVALID_SERVER_RESPONSE, 0};
    }
    t.phase = api_phase::responded;
    return {};
}

step_outcome finish_query_data(transfer &t)
{
    if (t.buffered() == 0 && t.error)
        return {t.error, 0};
    return {0, DWORD(std::min<size_t>(t.buffered(), 0xffffffffu))};
}

step_outcome finish_read(transfer &t, void *buffer, DWORD size)
{
    if (size && t.buffered() == 0 && t.error)
        return {t.error, 0};
    DWORD n = DWORD(std::min<size_t>(t.buffered(), size));
    t.read_want = 0;
    if (n) {
        std::memcpy(buffer, t.body.data() + t.body_offset, n);
        t.body_offset += n;
        if (t.body_offset == t.body.size()) {
            t.body.clear();
            t.body_offset = 0;
        }
        t.maybe_resume_locked();
    }
    return {0, n};
}

step_outcome finish_write(transfer &t)
{
    if (t.upload_pending() > 0)
        return {t.error ? t.error : ERROR_WINHTTP_CONNECTION_ERROR, 0};
    DWORD n = t.last_write_size;
    t.last_write_size = 0;
    return {0, n};
}

}  // namespace

DWORD api_id_of(step_kind kind)
{
    switch (kind) {
    case step_kind::send:
        return API_SEND_REQUEST;
    case step_kind::receive:
        return API_RECEIVE_RESPONSE;
    case step_kind::query_data:
        return API_QUERY_DATA_AVAILABLE;
    case step_kind::read:
    case step_kind::read_partial:
        return API_READ_DATA;
    case step_kind::write:
        return API_WRITE_DATA;
    }
    return 0;
}

DWORD step_precondition_locked(step_kind kind, const transfer &t)
{
    bool ok = false;
    switch (kind) {
    case step_kind::send:
        ok = true;
        break;
    case step_kind::write:
        ok = t.phase == api_phase::sent && t.upload_streamed;
        break;
    case step_kind::receive:
        ok = t.phase == api_phase::sent && t.upload_complete_locked();
        break;
    case step_kind::query_data:
    case step_kind::read:
    case step_kind::read_partial:
        ok = t.phase == api_phase::responded;
        break;
    }
    return ok ? 0 : ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
}

bool step_ready_locked(step_kind kind, const transfer &t, DWORD size)
{
    switch (kind) {
    case step_kind::send:
        return t.send_step_done_locked() || t.done;
    case step_kind::write:
        return t.upload_pending() == 0 || t.done;
    case step_kind::receive:
        return t.headers_done || t.done;
    case step_kind::query_data:
        return t.buffered() > 0 || t.done;
    case step_kind::read:
        return size == 0 || t.buffered() >= size || t.done;
    case step_kind::read_partial:
        return size == 0 || t.buffered() > 0 || t.done;
    }
    return true;
}

bool step_has_work_locked(step_kind kind, const transfer &t, DWORD size)
{
    return t.detached || !t.events.empty() || step_ready_locked(kind, t, size);
}

step_outcome finish_step_locked(step_kind kind, transfer &t, void *buffer, DWORD size)
{
    switch (kind) {
    case step_kind::send:
        return finish_send(t);
    case step_kind::write:
        return finish_write(t);
    case step_kind::receive:
        return finish_receive(t);
    case step_kind::query_data:
        return finish_query_data(t);
    case step_kind::read:
    case step_kind::read_partial:
        return finish_read(t, buffer, size);
    }
    return {};
}

void deliver_recorded(request &r, transfer &t, std::unique_lock<fast_mutex> &lk, bool all)
{
    if (t.events.empty())
        return;  // most calls: the events were delivered or dropped already
    std::vector<recorded_event> batch;
    for (;;) {
        size_t n = 0;
        while (n < t.events.size() && (all || !is_receive_event(t.events[n].status)))
            ++n;
        if (n == 0)
            break;
        if (!anyone_listens(r, t.events, n)) {
            // Nothing of it would reach the application (its callback's
            // mask, as with WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS): drop
            // it without letting go of the lock.
            t.events.erase(t.events.begin(), t.events.begin() + long(n));
            continue;
        }
        if (n == t.events.size()) {
            batch.swap(t.events);  // the usual case: everything, without copying
        } else {
            batch.assign(std::make_move_iterator(t.events.begin()), std::make_move_iterator(t.events.begin() + n));
            t.events.erase(t.events.begin(), t.events.begin() + n);
        }
        lk.unlock();
        for (recorded_event &e : batch)
            deliver_one(r, e);
        batch.clear();
        lk.lock();
        // Hand the storage back: the engine records into it again, so a
        // request's events cost no allocation after the first few.
        if (t.events.empty() && t.events.capacity() < batch.capacity())
            t.events.swap(batch);
    }
}

}  // namespace winhttp
