// What curl's hooks get as their data pointer: a slot that belongs to an
// easy handle and points at the transfer using the handle now.  The slot
// stays with its handle in the pool (easy_pool.h), so a warm handle is
// pointed at its next transfer by one store instead of eight
// curl_easy_setopt calls (measured with make bench-callgrind).  A handle
// outside the pool (the WebSocket handshake's) uses its transfer's own.
//
// A pooled handle's slot also keeps the handle's parsed URL (easy_url.h),
// which has the same life: made with the handle, destroyed after it.
#pragma once
#include <memory>

#include "easy_url.h"

namespace winhttp {

class transfer;

struct hook_target {
    transfer *t = nullptr;
    // Null for a handle outside the pool: its URL is given as text.
    std::unique_ptr<easy_url> url;
};

// The transfer behind a hook's data pointer.
inline transfer *transfer_of(void *clientp) { return static_cast<hook_target *>(clientp)->t; }

}  // namespace winhttp
