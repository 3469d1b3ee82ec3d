#include "transfer.h"

#include <unordered_map>

#include "engine.h"
#include "handle_table.h"
#include "request_state.h"
#include "tls_hooks.h"  // TLS

namespace winhttp {

bool transfer::start()
{
    std::shared_ptr<transfer> self = shared_from_this();
    return engine::post([self]() {
        {
            std::lock_guard<std::mutex> g(self->lock);
            if (self->done)
                return;  // aborted before it started
        }
        self->easy = curl_easy_init();
        if (!self->easy || !configure_easy(self.get())) {
            self->release_easy();
            self->finish(ERROR_NOT_ENOUGH_MEMORY);
            return;
        }
        // The completion keeps the transfer alive while curl may call back.
        bool added = engine::add(self->easy, [self](CURLcode result) {
            DWORD err = result == CURLE_OK ? 0 : tls_transfer_error(*self, result);  // TLS
            self->release_easy();
            self->finish(err);
        });
        if (!added) {
            self->release_easy();
            self->finish(ERROR_WINHTTP_INTERNAL_ERROR);
        }
    });
}

void transfer::abort(DWORD err)
{
    {
        std::lock_guard<std::mutex> g(lock);
        if (done)
            return;
        done = true;
        error = err;
    }
    changed.notify_all();
    std::shared_ptr<transfer> self = shared_from_this();
    engine::post([self]() {
        if (self->easy) {
            engine::remove(self->easy);
            self->release_easy();
        }
    });
}

void transfer::maybe_resume_locked()
{
    if (!paused || unpause_posted || done || buffered() > body_bound / 2)
        return;
    unpause_posted = true;
    std::shared_ptr<transfer> self = shared_from_this();
    engine::post([self]() {
        {
            std::lock_guard<std::mutex> g(self->lock);
            self->paused = false;
            self->unpause_posted = false;
        }
        // May call the write callback at once, which may pause again.
        if (self->easy)
            curl_easy_pause(self->easy, CURLPAUSE_CONT);
    });
}

void transfer::finish(DWORD err)
{
    {
        std::lock_guard<std::mutex> g(lock);
        if (done)
            return;
        done = true;
        error = err;
        // A response without a head (HTTP/0.9 is off) counts as invalid.
        if (!err && !headers_done)
            error = ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
        if (!error && !request_sent) {
            request_sent = true;
            record_number_locked(WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
                                 DWORD(out_header_bytes + out_body_bytes));
        }
    }
    changed.notify_all();
}

void transfer::release_easy()
{
    if (easy) {
        curl_easy_cleanup(easy);
        easy = nullptr;
    }
    if (headers) {
        curl_slist_free_all(headers);
        headers = nullptr;
    }
}

}  // namespace winhttp
