#include "response_cache.h"

#include "transfer.h"

namespace winhttp {

std::shared_ptr<const parsed_head> response_cache::get(const std::shared_ptr<transfer> &t)
{
    std::lock_guard<std::mutex> g(lock_);
    bool same = !source_.owner_before(t) && !t.owner_before(source_);
    if (head_ && same)
        return head_;
    std::string raw;
    {
        std::lock_guard<fast_mutex> tg(t->lock);
        raw = t->final_head;
    }
    head_ = std::make_shared<const parsed_head>(parse_head(raw));
    source_ = t;
    return head_;
}

}  // namespace winhttp
