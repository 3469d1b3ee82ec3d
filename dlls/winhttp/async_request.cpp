#include "async_request.h"

#include <thread>
#include <utility>

#include "engine.h"
#include "fast_tls.h"
#include "step_deadline.h"
#include "worker_pool.h"

namespace winhttp::async_request {
namespace {

// Windows completes at most this many reads inline, one inside another.
constexpr int inline_depth_limit = 3;
WINHTTP_FAST_TLS thread_local int delivery_depth = 0;

struct pending_step {
    step_kind kind = step_kind::send;
    void *buffer = nullptr;
    DWORD size = 0;
    // The transfer the step waits on, held here so that a delivery need not
    // look it up (and lock the request) again.
    std::shared_ptr<transfer> t;
};

class driver : public engine::deliverable,
               public change_listener,
               public std::enable_shared_from_this<driver> {
public:
    DWORD begin(request &r, const std::shared_ptr<transfer> &t, step_kind kind, void *buffer, DWORD size,
                int timeout_ms, function_ref<prepared()> prepare);
    void transfer_changed() override;
    void deliver() override { run_on_pool(); }

private:
    bool progress();
    bool try_step();
    void run_on_pool();
    bool post_to_pool();  // false: no pool thread could be started
    // The references a pending step holds.
    struct step_refs {
        ref<request> holder;
        std::shared_ptr<transfer> t;
    };
    // Frees the step's slot and clears its deadline; returns the references
    // the step held, to drop once lock_ is released (the request's last).
    // Caller holds lock_.
    step_refs end_step_locked();
    void complete(request &r, const pending_step &s, step_outcome out);

    fast_mutex lock_;
    bool has_step_ = false;
    pending_step step_;
    ref<request> holder_;  // while a step is pending
    bool preparing_ = false;  // the pending step's call has not set it up yet
    bool running_ = false;    // a thread is delivering for this request
    bool wanted_ = false;   // something changed since the runner looked
    std::thread::id runner_;
};

bool can_complete_inline(step_kind kind)
{
    return kind == step_kind::read || kind == step_kind::read_partial || kind == step_kind::query_data;
}

driver::step_refs driver::end_step_locked()
{
    if (step_.t)
        step_deadline::clear(*step_.t);
    has_step_ = false;
    return {std::move(holder_), std::move(step_.t)};
}

bool driver::post_to_pool()
{
    auto self = shared_from_this();
    return worker_pool::post([self] { self->run_on_pool(); });
}

DWORD driver::begin(request &r, const std::shared_ptr<transfer> &t, step_kind kind, void *buffer, DWORD size,
                    int timeout_ms, function_ref<prepared()> prepare)
{
    {
        std::lock_guard<fast_mutex> g(lock_);
        if (has_step_)
            return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
        step_ = {kind, buffer, size, t};
        has_step_ = preparing_ = true;
        holder_ = ref<request>(&r);
    }
    // Armed before the step can complete, so that completing always clears
    // it (an armed deadline left behind would end the next step).
    if (timeout_ms > 0)
        step_deadline::arm(*t, timeout_ms);
    // Setting up may start a transfer whose signals reach transfer_changed():
    // they are remembered (wanted_) and acted on below.
    prepared p = prepare();
    DWORD err = p.error;
    bool has_work = !err && p.has_work;
    bool run_here = false, took_runner = false, post = false;
    {
        std::lock_guard<fast_mutex> g(lock_);
        preparing_ = false;
        if (err) {
            step_refs drop = end_step_locked();
            return err;
        }
        bool mine = running_ && runner_ == std::this_thread::get_id();
        if (can_complete_inline(kind) && delivery_depth < inline_depth_limit && (mine || !running_)) {
            run_here = true;
            if (!running_) {
                took_runner = running_ = true;
                runner_ = std::this_thread::get_id();
            }
        } else if (wanted_ || has_work) {
            // Otherwise the engine's next signal comes through
            // transfer_changed(): a pool job now would find nothing to do.
            wanted_ = true;
            post = !running_;
            running_ = running_ || post;
        }
    }
    if (post && !post_to_pool()) {
        // Nobody would ever finish the step: fail the call instead.
        std::lock_guard<fast_mutex> g(lock_);
        running_ = false;
        step_refs drop = end_step_locked();
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    if (run_here) {
        ++delivery_depth;
        // The step is set up and this thread is its runner: try it without
        // looking at the slot again.
        if (try_step()) {
            while (progress()) {
            }
        }
        --delivery_depth;
        if (took_runner) {
            // Leave further deliveries to the pool rather than holding the
            // application's thread.
            bool repost = false;
            {
                std::lock_guard<fast_mutex> g(lock_);
                repost = wanted_;
                running_ = repost;
                runner_ = std::thread::id();
            }
            if (repost)
                post_to_pool();
        }
    }
    return 0;
}

void driver::transfer_changed()
{
    {
        std::lock_guard<fast_mutex> g(lock_);
        if (!has_step_)
            return;  // recorded events wait for the next step
        wanted_ = true;
        if (preparing_ || running_)
            return;  // begin() decides who runs, or a runner will look again
        running_ = true;
    }
    std::shared_ptr<driver> self = shared_from_this();
    if (!engine::run_after_round(self))
        worker_pool::post([self] { self->run_on_pool(); });
}

void driver::run_on_pool()
{
    ++delivery_depth;
    for (bool first = true;; first = false) {
        bool step_set_up = false;
        {
            std::lock_guard<fast_mutex> g(lock_);
            if (first)
                runner_ = std::this_thread::get_id();
            if (!wanted_) {
                running_ = false;
                runner_ = std::thread::id();
                break;
            }
            wanted_ = false;
            step_set_up = has_step_ && !preparing_;
        }
        if (step_set_up && try_step()) {
            while (progress()) {
            }
        }
    }
    --delivery_depth;
}

// Delivers what the engine recorded and, if the pending step is ready,
// finishes it.  Returns whether a step completed (another may follow).
bool driver::progress()
{
    {
        std::lock_guard<fast_mutex> g(lock_);
        if (!has_step_ || preparing_)
            return false;
    }
    return try_step();
}

// progress() once the runner knows a step is set up.  Until that step ends,
// only this runner can end it and no other step can begin, so its fields
// are read without the lock (and without copying its references).
bool driver::try_step()
{
    const pending_step s{step_.kind, step_.buffer, step_.size, nullptr};
    request &r = *holder_;
    transfer &t = *step_.t;
    step_outcome out;
    {
        std::unique_lock<fast_mutex> lk(t.lock);
        if (t.detached) {
            out.error = ERROR_WINHTTP_OPERATION_CANCELLED;  // the handle was closed
        } else {
            deliver_recorded(r, t, lk, s.kind != step_kind::send);
            if (!step_ready_locked(s.kind, t, s.size))
                return false;
            out = finish_step_locked(s.kind, t, s.buffer, s.size);
        }
    }
    step_refs keep;
    {
        std::lock_guard<fast_mutex> g(lock_);
        keep = end_step_locked();
    }
    complete(r, s, out);
    return true;  // keep goes here: HANDLE_CLOSING, if due, comes last
}

void driver::complete(request &r, const pending_step &s, step_outcome out)
{
    if (out.error) {
        WINHTTP_ASYNC_RESULT result = {api_id_of(s.kind), out.error};
        r.notify(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result));
        return;
    }
    DWORD n = out.bytes;
    switch (s.kind) {
    case step_kind::send:
        r.notify(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, nullptr, 0);
        break;
    case step_kind::receive:
        r.notify(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, nullptr, 0);
        break;
    case step_kind::query_data:
        r.notify(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, &n, sizeof(n));
        break;
    case step_kind::read:
    case step_kind::read_partial:
        r.notify(WINHTTP_CALLBACK_STATUS_READ_COMPLETE, s.buffer, n);
        break;
    case step_kind::write:
        r.notify(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &n, sizeof(n));
        break;
    }
}

// The driver of r: made with the request (make_driver), so reading it
// takes no lock.
driver *driver_of(request &r) { return static_cast<driver *>(r.async_driver.get()); }

}  // namespace

std::shared_ptr<void> make_driver() { return std::make_shared<driver>(); }

void listen_to(request &r, transfer &t)
{
    if (driver *d = driver_of(r))
        t.on_change = d->shared_from_this();
}

DWORD begin(request &r, const std::shared_ptr<transfer> &t, step_kind kind, void *buffer, DWORD size,
            int timeout_ms, function_ref<prepared()> prepare)
{
    driver *d = driver_of(r);
    if (!d)
        return ERROR_WINHTTP_INTERNAL_ERROR;  // not a request of an async session
    return d->begin(r, t, kind, buffer, size, timeout_ms, prepare);
}

}  // namespace winhttp::async_request
