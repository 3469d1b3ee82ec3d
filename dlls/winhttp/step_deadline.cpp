#include "step_deadline.h"

#include <time.h>

#include <cstdint>

#include "transfer.h"

namespace winhttp::step_deadline {
namespace {

// Deadlines are kept on the coarse monotonic clock: curl runs the progress
// hook about ten times per small request and the hook reads the clock
// each time an async step waits (nearly always), and the coarse clock is a
// plain read of the kernel's tick count rather than a timer read, which
// costs most on a virtual machine.  Its tick (4 ms at HZ=250) is nothing
// next to the hook's own granularity (a quarter second, see the header).
std::int64_t coarse_now_ns()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// One tick of the coarse clock, added to every deadline: the clock lags
// the true time by up to a tick, and a step must never time out early.
std::int64_t coarse_tick_ns()
{
    static const std::int64_t tick = [] {
        timespec res{};
        if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) != 0)
            return std::int64_t(10000000);  // 10 ms: above any HZ in use
        return std::int64_t(res.tv_sec) * 1000000000 + res.tv_nsec;
    }();
    return tick;
}

}  // namespace

void arm(transfer &t, int timeout_ms)
{
    std::int64_t due = coarse_now_ns() + coarse_tick_ns() + std::int64_t(timeout_ms) * 1000000;
    // 0 means "none".
    t.step_deadline.store(due ? due : 1, std::memory_order_relaxed);
}

void clear(transfer &t) { t.step_deadline.store(0, std::memory_order_relaxed); }

bool passed(const transfer &t)
{
    std::int64_t due = t.step_deadline.load(std::memory_order_relaxed);
    return due != 0 && coarse_now_ns() >= due;
}

}  // namespace winhttp::step_deadline
