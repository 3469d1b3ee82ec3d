#include "object.h"

#include "host.h"
#include "trace.h"

namespace winhttp {

object::object(handle_kind kind, object *parent) : kind_(kind), parent_(parent)
{
    if (parent) {
        // Inheritance happens here, once: later changes to the parent's
        // callback do not reach this handle (WinHttpSetStatusCallback remarks).
        callback_.replace(parent->callback_.get());
        set_context(parent->context());
        settings_ = parent->settings();
    }
}

void object::notify(DWORD status, void *info, DWORD length)
{
    callback_setting s = callback_.get();
    bool deliver = s.fn && (s.mask & status);
    if (trace::on)
        trace::notification(handle_, context(), status, info, length, deliver);
    if (!deliver)
        return;
    // A notification may run inside another API call (sync delivery, or
    // HANDLE_CLOSING as that call lets go of a closed handle): the API
    // calls the application makes from its callback must not change the
    // last error that call returns with (found by make soak).
    uint32_t caller_error = host::get_last_error();
    s.fn(handle_, context(), status, info, length);
    host::set_last_error(caller_error);
}

handle_settings object::settings() const
{
    std::lock_guard<fast_mutex> g(settings_lock_);
    return settings_;
}

timeouts object::timeout_settings() const
{
    std::lock_guard<fast_mutex> g(settings_lock_);
    return settings_.timeout;
}

void object::release()
{
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    // Last reference: the handle has already left the table, so nothing can
    // reach this object any more.  HANDLE_CLOSING carries the handle value.
    HINTERNET h = handle_;
    notify(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, &h, sizeof(h));
    delete this;  // drops the parent reference: its HANDLE_CLOSING comes after
}

}  // namespace winhttp
