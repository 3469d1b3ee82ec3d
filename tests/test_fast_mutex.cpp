// fast_mutex (dlls/winhttp/fast_mutex.h) on its own: mutual exclusion
// under contention, the sleeping path (a holder that keeps the lock long
// enough that the others stop spinning and sleep in the kernel), try_lock,
// and waiting with std::condition_variable_any, as sync calls do.  Under
// TSan (make check-tsan) the counters below would also be reported as
// races if the lock did not order the threads.
extern "C" {
#include "cmocka_all.h"
}

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "fast_mutex.h"

using winhttp::fast_mutex;

static void test_counts_exactly_under_contention(void **)
{
    fast_mutex m;
    long counter = 0;  // guarded by m only
    constexpr int threads = 4, rounds = 100000;
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([&] {
            for (int j = 0; j < rounds; ++j) {
                std::lock_guard<fast_mutex> g(m);
                ++counter;
            }
        });
    for (std::thread &t : pool)
        t.join();
    assert_int_equal(counter, long(threads) * rounds);
}

// The holder keeps the lock for 100 ms, far past the spin: the waiters
// sleep on the futex, and each is woken in turn by an unlock.
static void test_sleepers_are_woken(void **)
{
    fast_mutex m;
    std::atomic<int> started{0};
    int inside = 0;  // guarded by m
    m.lock();
    std::vector<std::thread> pool;
    for (int i = 0; i < 3; ++i)
        pool.emplace_back([&] {
            ++started;
            std::lock_guard<fast_mutex> g(m);
            ++inside;
        });
    while (started.load() < 3)
        std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    assert_int_equal(inside, 0);  // nobody got in while it was held
    m.unlock();
    for (std::thread &t : pool)
        t.join();
    assert_int_equal(inside, 3);
}

static void test_try_lock(void **)
{
    fast_mutex m;
    assert_true(m.try_lock());
    bool other = true;
    std::thread([&] { other = m.try_lock(); }).join();
    assert_false(other);  // held
    m.unlock();
    std::thread([&] {
        other = m.try_lock();
        if (other)
            m.unlock();
    }).join();
    assert_true(other);  // free again
}

// A waiter on a condition_variable_any with the lock is woken by a
// change made under the lock, and times out when nothing comes.
static void test_condition_variable_any(void **)
{
    fast_mutex m;
    std::condition_variable_any changed;
    bool ready = false;  // guarded by m
    std::thread producer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        {
            std::lock_guard<fast_mutex> g(m);
            ready = true;
        }
        changed.notify_all();
    });
    {
        std::unique_lock<fast_mutex> lk(m);
        bool woke = changed.wait_for(lk, std::chrono::seconds(10), [&] { return ready; });
        assert_true(woke);
    }
    producer.join();
    std::unique_lock<fast_mutex> lk(m);
    auto t0 = std::chrono::steady_clock::now();
    bool woke = changed.wait_for(lk, std::chrono::milliseconds(50), [] { return false; });
    assert_false(woke);
    assert_true(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(50));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_exactly_under_contention),
        cmocka_unit_test(test_sleepers_are_woken),
        cmocka_unit_test(test_try_lock),
        cmocka_unit_test(test_condition_variable_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
