#include "engine.h"

#include <chrono>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "host.h"

namespace winhttp::engine {
namespace {

struct state {
    CURLM *multi = nullptr;
    std::mutex lock;  // guards queue
    std::vector<std::function<void()>> queue;
    // Engine thread only.
    std::unordered_map<CURL *, std::function<void(CURLcode)>> active;
};

// Never destroyed: no work at process exit (the thread may still run).
state *the_state = nullptr;
std::once_flag started;
bool start_ok = false;

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
        std::function<void(CURLcode)> done = std::move(it->second);
        s.active.erase(it);
        if (done)
            done(result);
    }
}

void run(void *arg)
{
    state &s = *static_cast<state *>(arg);
    for (;;) {
        std::vector<std::function<void()>> work;
        {
            std::lock_guard<std::mutex> g(s.lock);
            work.swap(s.queue);
        }
        for (auto &fn : work) {
            try {
                fn();
            } catch (...) {
                // A command that fails (out of memory) must not stop the engine.
            }
        }
        int running = 0;
        curl_multi_perform(s.multi, &running);
        finish_done_transfers(s);
        // Commands and closes arrive through curl_multi_wakeup, so the
        // engine sleeps until the network or the application needs it.
        curl_multi_poll(s.multi, nullptr, 0, 60000, nullptr);
    }
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
    the_state = s;
    start_ok = true;
}

}  // namespace

bool post(std::function<void()> fn)
{
    std::call_once(started, start);
    if (!start_ok)
        return false;
    {
        std::lock_guard<std::mutex> g(the_state->lock);
        the_state->queue.push_back(std::move(fn));
    }
    curl_multi_wakeup(the_state->multi);
    return true;
}

bool add(CURL *easy, std::function<void(CURLcode)> on_done)
{
    state &s = *the_state;
    s.active[easy] = std::move(on_done);
    if (curl_multi_add_handle(s.multi, easy) != CURLM_OK) {
        s.active.erase(easy);
        return false;
    }
    return true;
}

void remove(CURL *easy)
{
    state &s = *the_state;
    if (s.active.erase(easy))
        curl_multi_remove_handle(s.multi, easy);
}

}  // namespace winhttp::engine
