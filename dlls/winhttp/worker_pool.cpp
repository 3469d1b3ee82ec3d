#include "worker_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "host.h"

namespace winhttp::worker_pool {
namespace {

using clock = std::chrono::steady_clock;

struct timed_job {
    clock::time_point due;
    unsigned long long seq;  // keeps jobs with one deadline in posting order
    std::function<void()> fn;
    bool operator>(const timed_job &o) const { return due != o.due ? due > o.due : seq > o.seq; }
};

struct pool {
    std::mutex lock;
    std::condition_variable work_ready;
    std::deque<std::function<void()>> jobs;
    std::priority_queue<timed_job, std::vector<timed_job>, std::greater<timed_job>> timers;
    unsigned long long next_seq = 0;
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
    while (!p.timers.empty() && p.timers.top().due <= now) {
        p.jobs.push_back(std::move(const_cast<timed_job &>(p.timers.top()).fn));
        p.timers.pop();
    }
    if (p.timers.empty())
        return false;
    next_due = p.timers.top().due;
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

bool post_after(std::chrono::milliseconds delay, std::function<void()> fn)
{
    pool &p = the_pool();
    bool earliest = false;
    {
        std::lock_guard<std::mutex> g(p.lock);
        if (!ensure_started(p))
            return false;
        clock::time_point due = clock::now() + delay;
        earliest = p.timers.empty() || due < p.timers.top().due;
        p.timers.push({due, p.next_seq++, std::move(fn)});
    }
    // Sleepers wait for the earliest deadline; only a new earliest one
    // changes when they must wake.
    if (earliest)
        p.work_ready.notify_all();
    return true;
}

}  // namespace winhttp::worker_pool
