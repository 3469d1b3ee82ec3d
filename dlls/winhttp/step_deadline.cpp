#include "step_deadline.h"

#include "transfer.h"

namespace winhttp::step_deadline {

using clock = std::chrono::steady_clock;

void arm(transfer &t, int timeout_ms)
{
    clock::time_point due = clock::now() + std::chrono::milliseconds(timeout_ms);
    // 0 means "none"; a clock whose epoch makes this 0 is off by one tick.
    clock::rep ticks = due.time_since_epoch().count();
    t.step_deadline.store(ticks ? ticks : 1, std::memory_order_relaxed);
}

void clear(transfer &t) { t.step_deadline.store(0, std::memory_order_relaxed); }

bool passed(const transfer &t)
{
    clock::rep due = t.step_deadline.load(std::memory_order_relaxed);
    return due != 0 && clock::now().time_since_epoch().count() >= due;
}

}  // namespace winhttp::step_deadline
