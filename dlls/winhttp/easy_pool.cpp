#include "easy_pool.h"

#include <mutex>
#include <vector>

namespace winhttp::easy_pool {
namespace {

// Enough for the transfers of a busy process; beyond it handles are freed,
// so the pool never holds more than this many idle handles' memory.
constexpr size_t max_kept = 64;

struct pool {
    std::mutex lock;
    std::vector<CURL *> idle;
};

// Never destroyed: handles may be given back during static destruction.
pool &the_pool()
{
    static pool *p = new pool;
    return *p;
}

}  // namespace

CURL *take()
{
    pool &p = the_pool();
    {
        std::lock_guard<std::mutex> g(p.lock);
        if (!p.idle.empty()) {
            CURL *easy = p.idle.back();
            p.idle.pop_back();
            return easy;
        }
    }
    return curl_easy_init();
}

void give_back(CURL *easy)
{
    if (!easy)
        return;
    curl_easy_reset(easy);
    pool &p = the_pool();
    {
        std::lock_guard<std::mutex> g(p.lock);
        if (p.idle.size() < max_kept) {
            p.idle.push_back(easy);
            return;
        }
    }
    curl_easy_cleanup(easy);
}

}  // namespace winhttp::easy_pool
