#include "engine.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fast_tls.h"
#include "host.h"

namespace winhttp::engine {
namespace {

// A queued command: a function, or a client's start (post_start).
struct command {
    std::function<void()> fn;
    std::shared_ptr<client> start;
    void run()
    {
        if (start)
            start->start_on_driver();
        else
            fn();
    }
};

// How many finished transfers' map nodes add() keeps for reuse: as many as
// the transfers of a busy process (make bench runs 256 at once).
constexpr size_t spare_nodes_kept = 512;

// Who runs the multi.  Exactly one thread at a time holds drive_lock and
// with it the right to touch the multi and the easy handles: usually the
// engine thread, but a sync API call that must wait drives the multi
// itself when nobody else is, so a lone sync request needs no thread
// switch at all.  Whoever lets go of drive_lock while work remains hands
// over to the engine thread.
struct state {
    CURLM *multi = nullptr;
    std::mutex drive_lock;
    std::mutex lock;  // guards queue, handover, polling, wakeup_sent
    std::condition_variable engine_wanted;
    std::vector<command> queue;
    // The commands of the round being run: the driver's only (drive_lock),
    // and commands never run a round themselves.
    std::vector<command> running_commands;
    bool handover = false;
    // A driver sleeps in curl_multi_poll: only then does a new command need
    // curl_multi_wakeup (a syscall), and only once per sleep.
    bool polling = false;
    bool wakeup_sent = false;
    bool parked = false;  // the engine thread waits on engine_wanted
    // Sync callers: one holds (or is taking) drive_lock; one would like to
    // and will try again before this time (so a caller that stops wanting
    // cannot leave the engine thread parked for good).
    bool caller_driving = false;
    std::chrono::steady_clock::time_point caller_wants_until;
    // After a caller stops driving with work left, the engine thread takes
    // over at this time, unless a caller takes the multi back first (a read
    // loop calls again within microseconds).
    std::chrono::steady_clock::time_point handover_at;
    // Sync calls inside a sync_wait (engine.h); guarded by lock.
    int sync_waiting = 0;
    // The engine thread runs async deliveries after a round, with the multi
    // released (run_after_round).  If one takes long (an application
    // callback that blocks), the rescue thread drives in its place.
    std::atomic<bool> delivering{false};
    std::atomic<unsigned long long> delivery_batch{0};
    std::condition_variable rescue_wanted;  // with lock
    bool rescue_asleep = false;  // waits on rescue_wanted with no timeout
    // The rescue thread holds drive_lock: the engine thread waits for it
    // to hand back rather than try again and again.
    bool rescue_driving = false;
    // Driver only.
    struct active_transfer {
        std::shared_ptr<client> on_done;
        driven_by who;
    };
    using active_map = std::unordered_map<CURL *, active_transfer>;
    active_map active;
    // Nodes of finished transfers, reused by add(): one allocation less per
    // request.  At most spare_nodes_kept.
    std::vector<active_map::node_type> spare_nodes;
    std::atomic<int> engine_driven{0};  // how many of them are driven_by::engine_thread
};

// Set on the engine thread while it runs a round of its own: jobs queued
// by run_after_round go here.
WINHTTP_FAST_TLS thread_local std::vector<std::shared_ptr<deliverable>> *after_round = nullptr;
WINHTTP_FAST_TLS thread_local bool on_engine_thread = false;

// Never destroyed: no work at process exit (the thread may still run).
state *the_state = nullptr;
std::once_flag started;
std::atomic<bool> start_ok{false};

void forget(state &s, state::active_map::iterator it)
{
    if (it->second.who == driven_by::engine_thread)
        --s.engine_driven;
    state::active_map::node_type node = s.active.extract(it);
    node.mapped().on_done.reset();
    if (s.spare_nodes.size() < spare_nodes_kept)
        s.spare_nodes.push_back(std::move(node));
}

void finish_done_transfers(state &s)
{
    int left = 0;
    while (CURLMsg *m = curl_multi_info_read(s.multi, &left)) {
        if (m->msg != CURLMSG_DONE)
            continue;
        CURL *easy = m->easy_handle;
        CURLcode result = m->data.result;
        curl_multi_remove_handle(s.multi, easy);  // m is invalid from here
        auto it = s.active.find(easy);
        if (it == s.active.end())
            continue;
        std::shared_ptr<client> done = std::move(it->second.on_done);
        forget(s, it);
        if (done)
            done->curl_done(result);
    }
}

// Driver only: runs queued commands and lets curl make progress.
void run_round(state &s)
{
    std::vector<command> &work = s.running_commands;
    {
        std::lock_guard<std::mutex> g(s.lock);
        work.swap(s.queue);
    }
    for (command &c : work) {
        try {
            c.run();
        } catch (...) {
            // A command that fails (out of memory) must not stop the engine.
        }
    }
    work.clear();
    {
        // Hand the storage back, so that queueing a command does not
        // allocate a new vector every round.
        std::lock_guard<std::mutex> g(s.lock);
        if (s.queue.empty())
            s.queue.swap(work);
    }
    int running = 0;
    curl_multi_perform(s.multi, &running);
    finish_done_transfers(s);
}

// The longest a driver sleeps in curl_multi_poll while transfers are
// active.  curl runs a stalled transfer's progress hook only when the
// driver wakes, and the send timeout (send_timeout.h) is checked there, so
// this bounds how late that timeout fires; four wakes a second while
// something is in flight cost nothing measurable.
constexpr int max_poll_ms = 250;

// Driver only: sleeps in curl_multi_poll unless commands are waiting.
void poll_for(state &s, int timeout_ms)
{
    {
        std::lock_guard<std::mutex> g(s.lock);
        if (!s.queue.empty())
            return;
        s.polling = true;
        s.wakeup_sent = false;
    }
    curl_multi_poll(s.multi, nullptr, 0, timeout_ms, nullptr);
    std::lock_guard<std::mutex> g(s.lock);
    s.polling = false;
}

bool has_work(state &s)
{
    if (!s.active.empty())
        return true;
    std::lock_guard<std::mutex> g(s.lock);
    return !s.queue.empty();
}

// How long the engine thread leaves the multi to a sync caller that just
// stopped driving, for its next call.
constexpr std::chrono::microseconds handover_grace(2000);
// How long the engine thread waits for a caller that asked for the multi.
constexpr std::chrono::microseconds caller_retry(5000);

// A sync caller stops driving: if work remains that nobody else will
// drive, the engine thread takes over (after the grace period, for
// transfers alone).  Work for the engine thread: commands, async
// transfers, and sync transfers whose callers wait right now (other than
// this caller, still inside its own sync_wait).  Called just after
// drive_lock was released (the engine thread, woken while it is still
// held, would find the multi taken and park again); any_active is whether
// transfers were left in the multi.
void end_caller_drive(state &s, bool any_active)
{
    bool notify = false;
    {
        std::lock_guard<std::mutex> g(s.lock);
        s.caller_driving = false;
        bool transfers = s.engine_driven > 0 || (any_active && s.sync_waiting > 1);
        if (transfers || !s.queue.empty()) {
            s.handover = true;
            s.handover_at = std::chrono::steady_clock::now() + (s.queue.empty() ? handover_grace : std::chrono::microseconds(0));
        }
        // Without work left the parked engine thread has nothing to do: a
        // later post() wakes it.  (Waking it anyway cost two thread
        // switches per sync request.)
        notify = s.parked && s.handover;
    }
    if (notify)
        s.engine_wanted.notify_one();
}

// The engine thread, not driving: waits until it should try to drive.
void park(state &s)
{
    std::unique_lock<std::mutex> lk(s.lock);
    s.parked = true;
    for (;;) {
        if (s.rescue_driving) {
            s.engine_wanted.wait(lk);  // it hands back when the delivery is over
            continue;
        }
        if (s.caller_driving) {
            s.engine_wanted.wait(lk);  // the caller hands over when done
            continue;
        }
        if (std::chrono::steady_clock::now() < s.caller_wants_until) {
            s.engine_wanted.wait_until(lk, s.caller_wants_until);
            continue;
        }
        if (s.caller_wants_until != std::chrono::steady_clock::time_point()) {
            // The caller that asked for the multi has not taken it: its
            // step may have completed in the engine thread's last round,
            // and it may never call again.  Nobody would drive the async
            // transfers (found by make soak): take the multi back now.
            s.caller_wants_until = {};
            s.handover = true;
            s.handover_at = std::chrono::steady_clock::now();
        }
        if (s.handover) {
            if (!s.queue.empty() || std::chrono::steady_clock::now() >= s.handover_at)
                break;
            s.engine_wanted.wait_until(lk, s.handover_at);
            continue;
        }
        if (!s.queue.empty())
            break;
        s.engine_wanted.wait(lk);
    }
    s.parked = false;
    s.handover = false;
}

void wake_rescue_driver(state &s)
{
    bool wake = false;
    {
        std::lock_guard<std::mutex> g(s.lock);
        wake = s.rescue_driving && s.polling && !s.wakeup_sent;
        s.wakeup_sent = s.wakeup_sent || wake;
    }
    if (wake)
        curl_multi_wakeup(s.multi);
}

bool caller_wants_multi(state &s)
{
    std::lock_guard<std::mutex> g(s.lock);
    return s.caller_driving || std::chrono::steady_clock::now() < s.caller_wants_until;
}

// The engine thread runs the deliveries its last round asked for, with the
// multi released: an application callback in there may call any API, and
// a sync caller may drive meanwhile.
void deliver(state &s, std::vector<std::shared_ptr<deliverable>> &jobs)
{
    s.delivery_batch.fetch_add(1);
    s.delivering.store(true);
    for (auto &d : jobs) {
        try {
            d->deliver();
        } catch (...) {
            // A failed delivery job must not stop the engine.
        }
    }
    jobs.clear();
    s.delivering.store(false);
}

void run(void *arg)
{
    state &s = *static_cast<state *>(arg);
    on_engine_thread = true;
    std::vector<std::shared_ptr<deliverable>> deliveries;
    for (;;) {
        {
            std::unique_lock<std::mutex> dl(s.drive_lock, std::try_to_lock);
            if (dl.owns_lock()) {
                after_round = &deliveries;
                run_round(s);
                after_round = nullptr;
                // A sync caller waiting for the multi gets it: it drives on
                // its own thread, with no thread switch per step.
                if (deliveries.empty() && has_work(s) && !caller_wants_multi(s)) {
                    // Commands arrive through curl_multi_wakeup, so this
                    // sleeps until the network or the application needs it.
                    poll_for(s, max_poll_ms);
                    continue;
                }
            }
        }
        if (!deliveries.empty()) {
            deliver(s, deliveries);
            // A rescue thread driving meanwhile may sleep in curl_multi_poll
            // for a whole tick: wake it, so that it hands back now.
            wake_rescue_driver(s);
            continue;
        }
        // Idle, or a caller drives: park until work is posted or handed over.
        park(s);
    }
}

// How often the rescue thread looks at a delivery in progress; a batch seen
// twice in a row has run at least this long.
constexpr std::chrono::milliseconds rescue_tick(20);
// How often it looks while async work exists but no delivery is running:
// a callback that blocks is rescued within about this plus rescue_tick,
// and an idle long-lived transfer costs four wakes a second, not fifty.
constexpr std::chrono::milliseconds rescue_idle_tick(250);

bool rescue_needed(state &s)
{
    std::lock_guard<std::mutex> g(s.lock);
    return s.engine_driven.load() > 0 || !s.queue.empty();
}

// Drives the multi while the engine thread is stuck in one delivery batch.
// Deliveries asked for meanwhile go to the worker pool.  Yields to a sync
// caller that wants the multi.
void drive_for_stuck_engine(state &s, unsigned long long batch)
{
    std::unique_lock<std::mutex> dl(s.drive_lock, std::try_to_lock);
    if (!dl.owns_lock())
        return;  // a sync caller drives
    {
        std::lock_guard<std::mutex> g(s.lock);
        s.rescue_driving = true;
    }
    while (s.delivering.load() && s.delivery_batch.load() == batch && !caller_wants_multi(s)) {
        run_round(s);
        poll_for(s, int(rescue_tick.count()));
    }
    // The engine thread, back from its delivery, waits in park(): give it
    // back at once (released first, or it would find the multi still taken).
    dl.unlock();
    {
        std::lock_guard<std::mutex> g(s.lock);
        s.rescue_driving = false;
        s.handover = true;
        s.handover_at = std::chrono::steady_clock::now();
    }
    s.engine_wanted.notify_one();
}

void rescue(void *arg)
{
    state &s = *static_cast<state *>(arg);
    unsigned long long seen = 0;
    for (;;) {
        {
            std::unique_lock<std::mutex> lk(s.lock);
            if (s.engine_driven.load() == 0 && s.queue.empty() && !s.delivering.load()) {
                s.rescue_asleep = true;
                s.rescue_wanted.wait(lk);
                s.rescue_asleep = false;
                continue;
            }
            s.rescue_wanted.wait_for(lk, s.delivering.load() ? rescue_tick : rescue_idle_tick);
        }
        unsigned long long batch = s.delivery_batch.load();
        if (!s.delivering.load() || batch != seen) {
            seen = batch;
            continue;
        }
        if (rescue_needed(s))
            drive_for_stuck_engine(s, batch);
    }
}

void wake_rescue_if_asleep(state &s)
{
    bool wake;
    {
        std::lock_guard<std::mutex> g(s.lock);
        wake = s.rescue_asleep;
    }
    if (wake)
        s.rescue_wanted.notify_one();
}

void start()
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return;
    auto *s = new state;
    s->multi = curl_multi_init();
    if (!s->multi) {
        delete s;
        return;
    }
    if (!host::start_app_thread(run, s)) {
        curl_multi_cleanup(s->multi);
        delete s;
        return;
    }
    // Without it a blocking callback stalls async work; with it missing,
    // everything else still works.
    host::start_app_thread(rescue, s);
    the_state = s;
    start_ok = true;
}

bool enqueue(command c, bool wake_engine_thread)
{
    std::call_once(started, start);
    if (!start_ok)
        return false;
    state &s = *the_state;
    bool wake_poller = false, wake_parked = false;
    {
        std::lock_guard<std::mutex> g(s.lock);
        s.queue.push_back(std::move(c));
        wake_poller = s.polling && !s.wakeup_sent;
        s.wakeup_sent = s.wakeup_sent || wake_poller;
        wake_parked = wake_engine_thread && s.parked;
    }
    if (wake_poller)
        curl_multi_wakeup(s.multi);  // a driver sleeping in curl_multi_poll
    if (wake_parked)
        s.engine_wanted.notify_one();
    // The engine thread, busy in a delivery, runs the command after it;
    // should that delivery block, the rescue thread must be watching.
    if (s.delivering.load() && !on_engine_thread)
        wake_rescue_if_asleep(s);
    return true;
}

}  // namespace

bool post(std::function<void()> fn) { return enqueue(command{std::move(fn), nullptr}, true); }

bool post_start(std::shared_ptr<client> c, bool for_caller)
{
    return enqueue(command{nullptr, std::move(c)}, !for_caller);
}

drive_result drive_while(const std::function<bool()> &keep_going, std::chrono::steady_clock::time_point until)
{
    if (!start_ok)
        return drive_result::other_caller_drives;
    state &s = *the_state;
    {
        std::lock_guard<std::mutex> g(s.lock);
        if (s.caller_driving)
            return drive_result::other_caller_drives;
        s.caller_driving = true;
    }
    std::unique_lock<std::mutex> dl(s.drive_lock, std::try_to_lock);
    if (!dl.owns_lock()) {
        // The engine thread drives: ask it to let go at its next wake-up.
        bool wake_poller = false, notify = false;
        {
            std::lock_guard<std::mutex> g(s.lock);
            s.caller_driving = false;
            s.caller_wants_until = std::chrono::steady_clock::now() + caller_retry;
            wake_poller = s.polling && !s.wakeup_sent;
            s.wakeup_sent = s.wakeup_sent || wake_poller;
            notify = s.parked;
        }
        if (wake_poller)
            curl_multi_wakeup(s.multi);
        if (notify)
            s.engine_wanted.notify_one();
        return drive_result::engine_yielding;
    }
    {
        std::lock_guard<std::mutex> g(s.lock);
        s.caller_wants_until = {};
        s.handover = false;  // taken back within the grace period
    }
    for (;;) {
        run_round(s);
        if (!keep_going())
            break;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        poll_for(s, int(std::min<long long>(left.count(), max_poll_ms)));
    }
    bool any_active = !s.active.empty();
    dl.unlock();
    end_caller_drive(s, any_active);
    return drive_result::drove;
}

bool add(CURL *easy, std::shared_ptr<client> c, driven_by who)
{
    state &s = *the_state;
    remove(easy);  // never counted twice
    state::active_map::iterator it;
    if (!s.spare_nodes.empty()) {
        state::active_map::node_type node = std::move(s.spare_nodes.back());
        s.spare_nodes.pop_back();
        node.key() = easy;
        node.mapped() = state::active_transfer{std::move(c), who};
        it = s.active.insert(std::move(node)).position;
    } else {
        it = s.active.emplace(easy, state::active_transfer{std::move(c), who}).first;
    }
    if (who == driven_by::engine_thread && s.engine_driven.fetch_add(1) == 0)
        wake_rescue_if_asleep(s);
    if (curl_multi_add_handle(s.multi, easy) != CURLM_OK) {
        forget(s, it);
        return false;
    }
    return true;
}

void remove(CURL *easy)
{
    state &s = *the_state;
    auto it = s.active.find(easy);
    if (it == s.active.end())
        return;
    forget(s, it);
    curl_multi_remove_handle(s.multi, easy);
}

bool run_after_round(const std::shared_ptr<deliverable> &d)
{
    if (!after_round)
        return false;
    after_round->push_back(d);
    return true;
}

sync_wait::sync_wait() : counted(start_ok)
{
    if (!counted)
        return;
    std::lock_guard<std::mutex> g(the_state->lock);
    ++the_state->sync_waiting;
}

sync_wait::~sync_wait()
{
    if (!counted)
        return;
    std::lock_guard<std::mutex> g(the_state->lock);
    --the_state->sync_waiting;
}

}  // namespace winhttp::engine
