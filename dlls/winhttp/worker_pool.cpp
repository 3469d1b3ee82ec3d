#include "worker_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>
#include <thread>
#include <vector>

#include "host.h"

namespace winhttp::worker_pool {
namespace {

struct pool {
    std::mutex lock;
    std::condition_variable work_ready;
    std::deque<std::function<void()>> jobs;
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

}  // namespace winhttp::worker_pool
