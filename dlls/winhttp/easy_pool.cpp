#include "easy_pool.h"

#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "fast_mutex.h"

namespace winhttp::easy_pool {
namespace {

// Enough for the transfers of a busy process (make bench runs 256 at once:
// with 64 kept, three in four requests made and destroyed a handle, a
// third more instructions per request); beyond it handles are freed, so
// the pool never holds more than this many idle handles' memory (about
// 6 KiB each, plus what curl caches per handle).
constexpr size_t max_kept = 256;

struct idle_handle {
    CURL *easy;
    std::string profile;  // empty: reset, default options
    hook_target *target;
};

struct pool {
    fast_mutex lock;
    std::vector<idle_handle> idle;
};

// Never destroyed: handles may be given back during static destruction.
pool &the_pool()
{
    static pool *p = new pool;
    return *p;
}

// The most recently returned handle with this profile, else the most
// recently returned one.  Caller holds p.lock; p.idle is not empty.
size_t pick(const pool &p, const std::string &profile)
{
    if (!profile.empty()) {
        for (size_t i = p.idle.size(); i-- > 0;)
            if (p.idle[i].profile == profile)
                return i;
    }
    return p.idle.size() - 1;
}

// A new handle and its hook slot, or nothing (out of memory).
taken fresh()
{
    auto *target = new (std::nothrow) hook_target;
    if (target)
        target->url.reset(new (std::nothrow) easy_url);
    CURL *easy = target && target->url ? curl_easy_init() : nullptr;
    if (!easy) {
        delete target;
        return {};
    }
    return {easy, false, target};
}

// Every option back to its default, the parsed URL included.
void reset(CURL *easy, hook_target *target)
{
    curl_easy_reset(easy);
    target->url->forget();
}

}  // namespace

taken take(const std::string &profile)
{
    pool &p = the_pool();
    idle_handle h{nullptr, {}, nullptr};
    {
        std::lock_guard<fast_mutex> g(p.lock);
        if (!p.idle.empty()) {
            size_t i = pick(p, profile);
            h = std::move(p.idle[i]);
            p.idle.erase(p.idle.begin() + long(i));
        }
    }
    if (!h.easy)
        return fresh();
    if (!profile.empty() && h.profile == profile)
        return {h.easy, true, h.target};
    if (!h.profile.empty())
        reset(h.easy, h.target);  // set up for something else
    return {h.easy, false, h.target};
}

void give_back(CURL *easy, std::string profile, hook_target *target)
{
    if (!easy)
        return;
    target->t = nullptr;
    if (profile.empty())
        reset(easy, target);
    pool &p = the_pool();
    {
        std::lock_guard<fast_mutex> g(p.lock);
        if (p.idle.size() < max_kept) {
            p.idle.push_back({easy, std::move(profile), target});
            return;
        }
    }
    curl_easy_cleanup(easy);
    delete target;
}

}  // namespace winhttp::easy_pool
