#include "status_callback.h"

namespace winhttp {

callback_setting status_callback_slot::get() const
{
    std::lock_guard<std::mutex> g(lock_);
    return setting_;
}

WINHTTP_STATUS_CALLBACK status_callback_slot::replace(callback_setting s)
{
    std::lock_guard<std::mutex> g(lock_);
    WINHTTP_STATUS_CALLBACK previous = setting_.fn;
    setting_ = s;
    return previous;
}

}  // namespace winhttp
