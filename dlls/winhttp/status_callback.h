// The per-handle callback registry (WinHttpSetStatusCallback).
//
// Each handle owns one slot: the callback pointer and its notification mask.
// A child copies its parent's slot when it is created; later changes apply to
// one handle only.  Replacement is deliberately not synchronized with
// deliveries: a notification takes a snapshot of the slot and calls it with
// no lock held, so a callback that was current when the snapshot was taken
// may still run after WinHttpSetStatusCallback has returned (as the
// reference page says Windows does).  Nothing blocks, so nothing deadlocks.
//
// Every notification reads the slot and replacements are rare, so reading
// takes no lock: the slot is a sequence lock.  A reader retries while a
// writer is between its two counter steps, and so always sees a callback
// together with the mask that was set with it, never a mix of two settings.
#pragma once
#include <atomic>
#include <mutex>

#include "fast_mutex.h"
#include "winhttp.h"

namespace winhttp {

struct callback_setting {
    WINHTTP_STATUS_CALLBACK fn = nullptr;
    DWORD mask = 0;
};

class status_callback_slot {
public:
    callback_setting get() const;
    // Installs a new setting and returns the previous callback.
    WINHTTP_STATUS_CALLBACK replace(callback_setting s);

private:
    fast_mutex writers_;                  // one replacement at a time
    std::atomic<unsigned> sequence_{0};   // odd while a replacement is under way
    std::atomic<WINHTTP_STATUS_CALLBACK> fn_{nullptr};
    std::atomic<DWORD> mask_{0};
};

}  // namespace winhttp
