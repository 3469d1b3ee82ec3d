#include "fast_mutex.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace winhttp {
namespace {

// Critical sections under these locks are a few dozen instructions: a short
// spin usually outlasts the holder and costs less than sleeping.
constexpr int spins = 100;

void cpu_relax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

void futex_wait(std::atomic<int> *word, int expected)
{
    // A wake or a changed word both return; the caller looks again.
    syscall(SYS_futex, reinterpret_cast<int *>(word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

}  // namespace

void fast_mutex::lock_contended()
{
    for (int i = 0; i < spins; ++i) {
        cpu_relax();
        int free = 0;
        if (state_.load(std::memory_order_relaxed) == 0 &&
            state_.compare_exchange_weak(free, 1, std::memory_order_acquire, std::memory_order_relaxed))
            return;
    }
    // Mark the lock "held, with sleepers" before sleeping, so that the
    // holder's unlock wakes one.  Whoever gets it this way keeps the mark:
    // it cannot know whether others still sleep, and a spare wake is
    // harmless.
    while (state_.exchange(2, std::memory_order_acquire) != 0)
        futex_wait(&state_, 2);
}

void fast_mutex::wake_one()
{
    syscall(SYS_futex, reinterpret_cast<int *>(&state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace winhttp
