#include "worker_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <map>
#include <unordered_map>
#include <utility>
#include <thread>
#include <vector>

#include "host.h"

namespace winhttp::worker_pool {
namespace {

using clock = std::chrono::steady_clock;

// Timers in deadline order; seq keeps jobs with one deadline in posting
// order and names a timer for cancel().
using timer_key = std::pair<clock::time_point, timer_id>;

struct pool {
    std::mutex lock;
    std::condition_variable work_ready;
    std::deque<std::function<void()>> jobs;
    unsigned idle = 0;           // threads waiting for work
    unsigned wakes_pending = 0;  // notified and not yet running
    bool started = false;
    bool start_failed = false;
    // Timers are watched by one thread of their own, so that arming one
    // (every async step with a timeout does) wakes nobody unless it is due
    // before the watcher's present wake-up time.
    std::map<timer_key, std::function<void()>> timers;
    std::unordered_map<timer_id, clock::time_point> timer_due;
    timer_id next_seq = 1;
    std::condition_variable timers_changed;
    clock::time_point watcher_wakes_at = clock::time_point::max();
};

// Never destroyed: the threads may outlive static destruction.
pool &the_pool()
{
    static pool *p = new pool;
    return *p;
}

void run(void *arg)
{
    pool &p = *static_cast<pool *>(arg);
    std::unique_lock<std::mutex> lk(p.lock);
    for (;;) {
        if (p.jobs.empty()) {
            ++p.idle;
            p.work_ready.wait(lk);
            --p.idle;
            if (p.wakes_pending)
                --p.wakes_pending;
            continue;
        }
        std::function<void()> job = std::move(p.jobs.front());
        p.jobs.pop_front();
        lk.unlock();
        try {
            job();
        } catch (...) {
            // A job that fails must not take a delivery thread with it.
        }
        job = nullptr;  // destroy captures outside the lock
        lk.lock();
    }
}

// Takes the first timer if it is due.  Caller holds p.lock.
std::function<void()> take_due_timer(pool &p)
{
    if (p.timers.empty() || p.timers.begin()->first.first > clock::now())
        return nullptr;
    auto first = p.timers.begin();
    std::function<void()> fn = std::move(first->second);
    p.timer_due.erase(first->first.second);
    p.timers.erase(first);
    return fn;
}

// The timer watcher: runs each timer when it is due.  Timer jobs are short
// (they abort a transfer, which posts the rest), so it runs them itself.
void watch_timers(void *arg)
{
    pool &p = *static_cast<pool *>(arg);
    std::unique_lock<std::mutex> lk(p.lock);
    for (;;) {
        if (std::function<void()> fn = take_due_timer(p)) {
            lk.unlock();
            try {
                fn();
            } catch (...) {
                // A failed timer job must not stop the watcher.
            }
            fn = nullptr;
            lk.lock();
            continue;
        }
        p.watcher_wakes_at = p.timers.empty() ? clock::time_point::max() : p.timers.begin()->first.first;
        if (p.timers.empty())
            p.timers_changed.wait(lk);
        else
            p.timers_changed.wait_until(lk, p.watcher_wakes_at);
    }
}

unsigned thread_count()
{
    unsigned n = std::thread::hardware_concurrency();
    return n < 2 ? 2 : (n > 8 ? 8 : n);
}

// Caller holds p.lock.
bool ensure_started(pool &p)
{
    if (p.started || p.start_failed)
        return p.started;
    unsigned ok = 0;
    for (unsigned i = 0; i < thread_count(); ++i)
        ok += host::start_app_thread(run, &p) ? 1 : 0;
    p.started = ok > 0 && host::start_app_thread(watch_timers, &p);
    p.start_failed = !p.started;
    return p.started;
}

}  // namespace

bool post(std::function<void()> fn)
{
    pool &p = the_pool();
    bool wake = false;
    {
        std::lock_guard<std::mutex> g(p.lock);
        if (!ensure_started(p))
            return false;
        p.jobs.push_back(std::move(fn));
        // A busy thread takes the job when it is done: wake a sleeper only
        // if there are more jobs than threads already on their way.
        wake = p.idle > p.wakes_pending && p.jobs.size() > p.wakes_pending;
        if (wake)
            ++p.wakes_pending;
    }
    if (wake)
        p.work_ready.notify_one();
    return true;
}

timer_id post_after(std::chrono::milliseconds delay, std::function<void()> fn)
{
    pool &p = the_pool();
    bool wake_watcher = false;
    timer_id id;
    {
        std::lock_guard<std::mutex> g(p.lock);
        if (!ensure_started(p))
            return 0;
        clock::time_point due = clock::now() + delay;
        id = p.next_seq++;
        p.timers.emplace(timer_key(due, id), std::move(fn));
        p.timer_due.emplace(id, due);
        // A cancelled timer leaves the watcher's wake-up time as it was: it
        // then wakes once for nothing, which is cheaper than a wake per arm.
        wake_watcher = due < p.watcher_wakes_at;
        if (wake_watcher)
            p.watcher_wakes_at = due;
    }
    if (wake_watcher)
        p.timers_changed.notify_one();
    return id;
}

void cancel(timer_id id)
{
    if (!id)
        return;
    pool &p = the_pool();
    std::function<void()> dropped;  // destroyed outside the lock
    std::lock_guard<std::mutex> g(p.lock);
    auto it = p.timer_due.find(id);
    if (it == p.timer_due.end())
        return;  // already run, or running
    auto t = p.timers.find(timer_key(it->second, id));
    if (t != p.timers.end()) {
        dropped = std::move(t->second);
        p.timers.erase(t);
    }
    p.timer_due.erase(it);
}

}  // namespace winhttp::worker_pool
