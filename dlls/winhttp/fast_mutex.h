// The lock of the objects every request passes through many times (its
// transfer, its async driver, the handle table): about 80 lock and unlock
// pairs per small request.  std::mutex calls into glibc's general
// pthread_mutex code for each; this one is a futex lock whose uncontended
// path is one atomic instruction inline, which the benchmark's small
// requests measured as worth it (README, Performance).
//
// A three-state futex mutex: 0 free, 1 held, 2 held and someone may be
// asleep on it.  unlock() wakes a sleeper only in state 2.  Waiting goes
// with std::condition_variable_any.  Under TSan the lock is annotated as a
// mutex, so lock-order checks and happens-before work as for std::mutex.
#pragma once
#include <atomic>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define WINHTTP_TSAN_MUTEX(call) call
#else
#define WINHTTP_TSAN_MUTEX(call) ((void)0)
#endif

namespace winhttp {

class fast_mutex {
public:
    fast_mutex() = default;
    fast_mutex(const fast_mutex &) = delete;
    fast_mutex &operator=(const fast_mutex &) = delete;

    void lock()
    {
        WINHTTP_TSAN_MUTEX(__tsan_mutex_pre_lock(this, 0));
        int free = 0;
        if (!state_.compare_exchange_strong(free, 1, std::memory_order_acquire, std::memory_order_relaxed))
            lock_contended();
        WINHTTP_TSAN_MUTEX(__tsan_mutex_post_lock(this, 0, 0));
    }

    bool try_lock()
    {
        WINHTTP_TSAN_MUTEX(__tsan_mutex_pre_lock(this, __tsan_mutex_try_lock));
        int free = 0;
        bool got = state_.compare_exchange_strong(free, 1, std::memory_order_acquire, std::memory_order_relaxed);
        WINHTTP_TSAN_MUTEX(
            __tsan_mutex_post_lock(this, got ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed, 0));
        return got;
    }

    void unlock()
    {
        WINHTTP_TSAN_MUTEX(__tsan_mutex_pre_unlock(this, 0));
        if (state_.exchange(0, std::memory_order_release) == 2)
            wake_one();
        WINHTTP_TSAN_MUTEX(__tsan_mutex_post_unlock(this, 0));
    }

private:
    void lock_contended();  // fast_mutex.cpp: spin briefly, then sleep
    void wake_one();

    std::atomic<int> state_{0};
};

}  // namespace winhttp
