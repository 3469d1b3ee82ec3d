// The engine (DESIGN.md §5): one process-wide CURLM, whose connection cache
// is the process-wide connection pool.  One thread at a time drives it (the
// "driver"): normally the engine thread, or a sync API call that has to
// wait and finds nobody else driving (drive_once), which saves the thread
// switches of a lone sync request.  Other threads never touch a CURL*: they
// post commands, which the driver runs.
//
// The thread starts lazily, on the first post(), through
// host::start_app_thread (under Wine it must be a Wine thread).  Nothing is
// torn down at process exit.
#pragma once
#include <curl/curl.h>

#include <chrono>
#include <functional>
#include <memory>

namespace winhttp::engine {

// Runs fn on the driver, soon.  Returns false when the engine could not be
// started (fn then never runs).
bool post(std::function<void()> fn);

enum class drive_result {
    drove,                // this thread drove the multi
    engine_yielding,      // the engine thread drives; it lets go at its next
                          // wake-up (within milliseconds): try again soon
    other_caller_drives,  // another sync call drives: wait for a signal
};

// For a waiting sync call: if no other thread drives the multi, drives it
// on this thread (commands, curl's work, curl_multi_poll) for as long as
// keep_going() says and `until` allows, then leaves it to the engine thread
// if work remains (after a grace period of 2 ms, in which the same caller,
// back with its next call, can take it again without a thread switch).
// keep_going runs with no engine lock held.
drive_result drive_while(const std::function<bool()> &keep_going, std::chrono::steady_clock::time_point until);

// Who makes an added transfer progress between API calls.
enum class driven_by {
    engine_thread,  // async: nobody else would
    its_caller,     // sync: its caller drives whenever it waits for it
};

// A transfer as the engine sees it: a command that starts it on the
// driver, and then the one told when curl is done with it.  Queued and
// kept as a shared pointer, which, unlike a std::function holding one,
// costs no allocation: two per request saved (the benchmark's small GETs).
class client {
public:
    // Runs on the driver, after post_start.
    virtual void start_on_driver() = 0;
    // Runs on the driver after the transfer ended and its handle left the
    // multi (add).
    virtual void curl_done(CURLcode result) = 0;

protected:
    ~client() = default;
};

// Queues c->start_on_driver() as post would.  for_caller: the caller is
// about to wait for the result with drive_while, so the parked engine
// thread is not woken for it.
bool post_start(std::shared_ptr<client> c, bool for_caller);

// Driver only: adds an easy handle to the multi; c->curl_done runs (on
// the driver) after the transfer ended and the handle left the multi.
bool add(CURL *easy, std::shared_ptr<client> c, driven_by who);

// Work an async delivery does (it calls the application).
class deliverable {
public:
    virtual ~deliverable() = default;
    virtual void deliver() = 0;
};

// For async deliveries: when called on the engine thread in the middle of
// its own round, queues d to run on that thread right after the round,
// with the multi released, and returns true.  Elsewhere returns false (the
// caller hands the work to the worker pool).  Running completions where
// the engine saw them saves two thread switches per step, and queuing a
// shared pointer rather than a std::function saves an allocation.  A
// delivery that blocks does not stall other transfers: within about a
// quarter second a rescue thread drives the multi until it returns.
bool run_after_round(const std::shared_ptr<deliverable> &d);

// A sync call waits for its transfer for the lifetime of this object,
// whether it drives the multi or another thread does.  A caller that stops
// driving hands the multi to the engine thread only when another such call
// or an async transfer needs it: a sync transfer whose caller is between
// calls needs nobody (its next call drives it again).
class sync_wait {
public:
    sync_wait();
    ~sync_wait();
    sync_wait(const sync_wait &) = delete;
    sync_wait &operator=(const sync_wait &) = delete;

private:
    bool counted;  // the engine had started when the wait began
};

// Driver only: takes an easy handle out of the multi without calling its
// on_done (cancellation).  Harmless if it is not there.
void remove(CURL *easy);

}  // namespace winhttp::engine
