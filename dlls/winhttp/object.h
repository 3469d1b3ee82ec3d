// The objects behind HINTERNET handles: session -> connect -> request.
// Each holds a reference on its parent, so a parent outlives (and its
// HANDLE_CLOSING follows) every child.  HANDLE_CLOSING is sent when the last
// reference goes, and is the last notification the handle ever gets.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>

#include "fast_mutex.h"
#include "ref.h"
#include "settings.h"
#include "status_callback.h"
#include "winhttp.h"

namespace winhttp {

enum class handle_kind : DWORD {
    session = WINHTTP_HANDLE_TYPE_SESSION,
    connect = WINHTTP_HANDLE_TYPE_CONNECT,
    request = WINHTTP_HANDLE_TYPE_REQUEST,
    websocket = WINHTTP_HANDLE_TYPE_WEBSOCKET,  // websocket.h
};

class object {
public:
    object(handle_kind kind, object *parent);
    object(const object &) = delete;
    object &operator=(const object &) = delete;

    void add_ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
    void release();

    handle_kind kind() const { return kind_; }
    object *parent() const { return parent_.get(); }
    HINTERNET handle() const { return handle_; }
    void set_handle(HINTERNET h) { handle_ = h; }

    DWORD_PTR context() const { return context_.load(std::memory_order_relaxed); }
    void set_context(DWORD_PTR c) { context_.store(c, std::memory_order_relaxed); }

    status_callback_slot &callback() { return callback_; }

    // Delivers a notification through this handle's current callback, if the
    // mask selects it.  Called with no library lock held.
    void notify(DWORD status, void *info, DWORD length);

    // Options; a request inherits its session's at creation.  An application
    // may set one on a thread while another thread calls the API on the same
    // handle, so they are read and changed only under settings_lock_, which
    // is innermost: nothing else is locked while it is held.
    handle_settings settings() const;
    timeouts timeout_settings() const;  // the part every API step reads
    template <class F>
    void edit_settings(F &&change)
    {
        std::lock_guard<fast_mutex> g(settings_lock_);
        change(settings_);
    }

protected:
    virtual ~object() = default;

private:
    handle_kind kind_;
    ref<object> parent_;
    HINTERNET handle_ = nullptr;
    std::atomic<long> refs_{1};
    std::atomic<DWORD_PTR> context_{0};
    status_callback_slot callback_;
    mutable fast_mutex settings_lock_;
    handle_settings settings_;
};

}  // namespace winhttp
