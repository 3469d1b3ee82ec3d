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
    std::map<timer_key, std::function<void()>> timers;
    std::unordered_map<timer_id, clock::time_point> timer_due;
    timer_id next_seq = 1;
    unsigned idle = 0;           // threads waiting for work
    unsigned wakes_pending = 0;  // notified and not yet running
    bool started = false;
    bool start_failed = false;
};

// Never destroyed: the threads may outlive static destruction.
pool &the_pool()
{
    static pool *p = new pool;
    return *p;
}

// Moves due timers to the job queue; returns when the next one is due.
bool promote_due_timers(pool &p, clock::time_point &next_due)
{
    clock::time_point now = clock::now();
    while (!p.timers.empty() && p.timers.begin()->first.first <= now) {
        auto first = p.timers.begin();
        p.jobs.push_back(std::move(first->second));
        p.timer_due.erase(first->first.second);
        p.timers.erase(first);
    }
    if (p.timers.empty())
        return false;
    next_due = p.timers.begin()->first.first;
    return true;
}

void run(void *arg)
{
    pool &p = *static_cast<pool *>(arg);
    std::unique_lock<std::mutex> lk(p.lock);
    for (;;) {
        clock::time_point next_due;
        bool has_timer = promote_due_timers(p, next_due);
        if (p.jobs.empty()) {
            ++p.idle;
            if (has_timer)
                p.work_ready.wait_until(lk, next_due);
            else
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
    p.started = ok > 0;
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
    bool earliest = false;
    timer_id id;
    {
        std::lock_guard<std::mutex> g(p.lock);
        if (!ensure_started(p))
            return 0;
        clock::time_point due = clock::now() + delay;
        earliest = p.timers.empty() || due < p.timers.begin()->first.first;
        id = p.next_seq++;
        p.timers.emplace(timer_key(due, id), std::move(fn));
        p.timer_due.emplace(id, due);
    }
    // Sleepers wait for the earliest deadline; only a new earliest one
    // changes when they must wake.
    if (earliest)
        p.work_ready.notify_all();
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
