#include "async_request.h"

#include <thread>
#include <utility>

#include "engine.h"
#include "request_state.h"
#include "worker_pool.h"

namespace winhttp::async_request {
namespace {

// Windows completes at most this many reads inline, one inside another.
constexpr int inline_depth_limit = 3;
thread_local int delivery_depth = 0;

struct pending_step {
    step_kind kind = step_kind::send;
    void *buffer = nullptr;
    DWORD size = 0;
    unsigned long long id = 0;
};

class driver : public std::enable_shared_from_this<driver> {
public:
    DWORD begin(request &r, step_kind kind, void *buffer, DWORD size, int timeout_ms,
                const std::function<DWORD()> &prepare);
    void wake();

private:
    bool progress();
    void run_on_pool();
    void arm_timeout(unsigned long long id, int timeout_ms);
    bool pending(unsigned long long id);
    void complete(request &r, const pending_step &s, step_outcome out);

    std::mutex lock_;
    bool has_step_ = false;
    pending_step step_;
    ref<request> holder_;  // while a step is pending
    worker_pool::timer_id timer_ = 0;  // the pending step's timeout
    unsigned long long next_id_ = 1;
    bool preparing_ = false;  // the pending step's call has not set it up yet
    bool running_ = false;    // a thread is delivering for this request
    bool wanted_ = false;   // something changed since the runner looked
    std::thread::id runner_;
};

// Whether the step could finish, or has notifications to deliver, now.
bool step_has_work(request &r, step_kind kind, DWORD size)
{
    std::shared_ptr<transfer> t = request_state::find(r);
    if (!t)
        return true;  // closed meanwhile: the step ends as cancelled
    std::lock_guard<std::mutex> g(t->lock);
    return !t->events.empty() || step_ready_locked(kind, *t, size);
}

bool can_complete_inline(step_kind kind)
{
    return kind == step_kind::read || kind == step_kind::read_partial || kind == step_kind::query_data;
}

DWORD driver::begin(request &r, step_kind kind, void *buffer, DWORD size, int timeout_ms,
                    const std::function<DWORD()> &prepare)
{
    unsigned long long id;
    {
        std::lock_guard<std::mutex> g(lock_);
        if (has_step_)
            return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
        id = next_id_++;
        step_ = {kind, buffer, size, id};
        has_step_ = preparing_ = true;
        holder_ = ref<request>(&r);
    }
    // Setting up may start a transfer whose signals reach wake(): they are
    // remembered (wanted_) and acted on below.
    DWORD err = prepare();
    bool has_work = !err && step_has_work(r, kind, size);
    bool run_here = false, took_runner = false, post = false;
    {
        std::lock_guard<std::mutex> g(lock_);
        preparing_ = false;
        if (err) {
            has_step_ = false;
            ref<request> drop = std::move(holder_);
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
            // Otherwise the engine's next signal comes through wake(): a
            // pool job now would find nothing to do.
            wanted_ = true;
            post = !running_;
            running_ = running_ || post;
        }
    }
    if (post) {
        auto self = shared_from_this();
        if (!worker_pool::post([self] { self->run_on_pool(); })) {
            std::lock_guard<std::mutex> g(lock_);
            has_step_ = false;
            running_ = false;
            ref<request> drop = std::move(holder_);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    if (run_here) {
        ++delivery_depth;
        while (progress()) {
        }
        --delivery_depth;
        if (took_runner) {
            // Leave further deliveries to the pool rather than holding the
            // application's thread.
            bool repost = false;
            {
                std::lock_guard<std::mutex> g(lock_);
                repost = wanted_;
                running_ = repost;
                runner_ = std::thread::id();
            }
            if (repost) {
                auto self = shared_from_this();
                worker_pool::post([self] { self->run_on_pool(); });
            }
        }
    }
    // Only a step still waiting needs its timeout (most reads and queries
    // have completed inline by now).
    if (timeout_ms > 0 && pending(id))
        arm_timeout(id, timeout_ms);
    return 0;
}

bool driver::pending(unsigned long long id)
{
    std::lock_guard<std::mutex> g(lock_);
    return has_step_ && step_.id == id;
}

void driver::wake()
{
    bool post = false;
    {
        std::lock_guard<std::mutex> g(lock_);
        if (!has_step_)
            return;  // recorded events wait for the next step
        wanted_ = true;
        if (preparing_)
            return;  // begin() decides who runs
        post = !running_;
        running_ = true;
    }
    if (post) {
        auto self = shared_from_this();
        std::function<void()> job = [self] { self->run_on_pool(); };
        if (!engine::run_after_round(job))
            worker_pool::post(std::move(job));
    }
}

void driver::run_on_pool()
{
    {
        std::lock_guard<std::mutex> g(lock_);
        runner_ = std::this_thread::get_id();
    }
    ++delivery_depth;
    for (;;) {
        {
            std::lock_guard<std::mutex> g(lock_);
            if (!wanted_) {
                running_ = false;
                runner_ = std::thread::id();
                break;
            }
            wanted_ = false;
        }
        while (progress()) {
        }
    }
    --delivery_depth;
}

void driver::arm_timeout(unsigned long long id, int timeout_ms)
{
    std::weak_ptr<driver> weak = shared_from_this();
    worker_pool::timer_id timer = worker_pool::post_after(std::chrono::milliseconds(timeout_ms), [weak, id] {
        std::shared_ptr<driver> d = weak.lock();
        if (!d)
            return;
        ref<request> r;
        {
            std::lock_guard<std::mutex> g(d->lock_);
            if (!d->has_step_ || d->step_.id != id)
                return;
            r = d->holder_;
        }
        if (std::shared_ptr<transfer> t = request_state::find(*r))
            t->abort(ERROR_WINHTTP_TIMEOUT);
    });
    bool stale;
    {
        std::lock_guard<std::mutex> g(lock_);
        stale = !(has_step_ && step_.id == id);
        if (!stale)
            timer_ = timer;
    }
    if (stale)
        worker_pool::cancel(timer);  // the step finished meanwhile
}

// Delivers what the engine recorded and, if the pending step is ready,
// finishes it.  Returns whether a step completed (another may follow).
bool driver::progress()
{
    pending_step s;
    ref<request> r;
    {
        std::lock_guard<std::mutex> g(lock_);
        if (!has_step_ || preparing_)
            return false;
        s = step_;
        r = holder_;
    }
    std::shared_ptr<transfer> t = request_state::find(*r);
    step_outcome out;
    if (!t) {
        out.error = ERROR_WINHTTP_OPERATION_CANCELLED;  // the handle was closed
    } else {
        std::unique_lock<std::mutex> lk(t->lock);
        deliver_recorded(*r, *t, lk, s.kind != step_kind::send);
        if (!step_ready_locked(s.kind, *t, s.size))
            return false;
        out = finish_step_locked(s.kind, *t, s.buffer, s.size);
    }
    ref<request> keep;
    worker_pool::timer_id timer;
    {
        std::lock_guard<std::mutex> g(lock_);
        has_step_ = false;
        keep = std::move(holder_);
        timer = std::exchange(timer_, 0);
    }
    worker_pool::cancel(timer);
    complete(*r, s, out);
    return true;  // r and keep go here: HANDLE_CLOSING, if due, comes last
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

// The driver of r, made on first use.
std::shared_ptr<driver> driver_of(request &r)
{
    std::lock_guard<std::mutex> g(r.transfer_lock);
    if (!r.async_driver)
        r.async_driver = std::make_shared<driver>();
    return std::static_pointer_cast<driver>(r.async_driver);
}

}  // namespace

std::function<void()> wake_hook(request &r)
{
    std::weak_ptr<driver> weak = driver_of(r);
    return [weak] {
        if (std::shared_ptr<driver> d = weak.lock())
            d->wake();
    };
}

DWORD begin(request &r, step_kind kind, void *buffer, DWORD size, int timeout_ms,
            const std::function<DWORD()> &prepare)
{
    return driver_of(r)->begin(r, kind, buffer, size, timeout_ms, prepare);
}

}  // namespace winhttp::async_request
