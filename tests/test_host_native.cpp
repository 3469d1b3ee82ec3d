// The native host layer: the last error is per thread (as on Windows), and
// start_app_thread runs the function on a new thread.  Linked against the
// library's internal objects: these functions are not exported.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

extern "C" {
#include "cmocka_all.h"
}
#include "host.h"
#include "winhttp.h"

namespace {
std::mutex m;
std::condition_variable cv;
bool ran = false;
std::thread::id ran_on;
uint32_t error_seen_by_thread = 1;

void thread_body(void *arg)
{
    // A new thread starts with no error, whatever the starter had set.
    uint32_t seen = winhttp::host::get_last_error();
    winhttp::host::set_last_error(*static_cast<uint32_t *>(arg));
    std::lock_guard<std::mutex> g(m);
    error_seen_by_thread = seen;
    ran_on = std::this_thread::get_id();
    ran = true;
    cv.notify_one();
}

}  // namespace

void test_last_error_and_threads(void **)
{
    winhttp::host::set_last_error(ERROR_INVALID_HANDLE);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);  // exported reader
    SetLastError(ERROR_INVALID_PARAMETER);                    // exported writer
    assert_int_equal(winhttp::host::get_last_error(), ERROR_INVALID_PARAMETER);

    uint32_t thread_error = ERROR_WINHTTP_TIMEOUT;
    assert_true(winhttp::host::start_app_thread(thread_body, &thread_error));
    std::unique_lock<std::mutex> lk(m);
    assert_true(cv.wait_for(lk, std::chrono::seconds(10), [] { return ran; }));
    assert_true(ran_on != std::this_thread::get_id());
    assert_int_equal(error_seen_by_thread, 0);  // a new thread starts clean
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);  // no leak across threads
}

int main()
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_last_error_and_threads)};
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
