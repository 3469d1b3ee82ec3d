#include "transfer.h"

#include <unordered_map>

#include "auth_transfer.h"
#include "easy_pool.h"
#include "engine.h"
#include "handle_table.h"
#include "request_state.h"
#include "tls_hooks.h"  // TLS

namespace winhttp {

bool transfer::start(bool caller_drives)
{
    driver = caller_drives ? engine::driven_by::its_caller : engine::driven_by::engine_thread;
    return engine::post_start(shared_from_this(), caller_drives);
}

void transfer::start_on_driver()
{
    {
        std::lock_guard<fast_mutex> g(lock);
        if (done)
            return;  // aborted before it started
    }
    easy_profile = winhttp::easy_profile(*this);
    easy_pool::taken h = easy_pool::take(easy_profile);
    easy = h.easy;
    target = h.target;
    if (!easy || !configure_easy(this, h.warm)) {
        release_easy();
        finish(ERROR_NOT_ENOUGH_MEMORY);
        return;
    }
    {
        std::lock_guard<fast_mutex> g(lock);
        effective_method = method;
    }
    // The engine keeps the transfer alive while curl may call back.
    if (!engine::add(easy, shared_from_this(), driver)) {
        release_easy();
        finish(ERROR_WINHTTP_INTERNAL_ERROR);
    }
}

void transfer::abort(DWORD err)
{
    {
        std::lock_guard<fast_mutex> g(lock);
        if (done)
            return;
        done = true;
        error = err;
    }
    signal();
    std::shared_ptr<transfer> self = shared_from_this();
    engine::post([self]() {
        if (self->easy) {
            engine::remove(self->easy);
            self->release_easy();
        }
    });
}

void transfer::post_resume_locked()
{
    if (unpause_posted || done)
        return;
    unpause_posted = true;
    std::shared_ptr<transfer> self = shared_from_this();
    engine::post([self]() {
        {
            std::lock_guard<fast_mutex> g(self->lock);
            self->paused = false;
            self->upload_paused = false;
            self->unpause_posted = false;
        }
        // May call the write or read callback at once, which may pause again.
        if (self->easy)
            curl_easy_pause(self->easy, CURLPAUSE_CONT);
    });
}

void transfer::maybe_resume_locked()
{
    if (paused && (buffered() <= body_bound / 2 || buffered() < read_want))
        post_resume_locked();
}

void transfer::want_body_locked(size_t size)
{
    read_want = size;
    maybe_resume_locked();
}

bool transfer::queue_upload_locked(const void *data, DWORD size)
{
    if (!stream)
        return false;  // not a streamed upload (the step's precondition says so first)
    upload_stream &s = *stream;
    if (s.offset > 0 && s.offset == s.queue.size()) {
        s.queue.clear();
        s.offset = 0;
    }
    const char *bytes = static_cast<const char *>(data);
    if (!upload_unbounded)
        s.queue.append(bytes, size);
    else if (!s.app_chunks.feed(bytes, size, s.queue))
        return false;
    s.queued += size;
    last_write_size = size;
    if (upload_unbounded && s.app_chunks.finished())
        s.eof = true;
    if (upload_paused)
        post_resume_locked();
    return true;
}

void transfer::end_upload_locked()
{
    if (stream)
        stream->eof = true;
    if (upload_paused)
        post_resume_locked();
}

next_exchange &transfer::next_exchange_locked()
{
    if (!next)
        next = std::make_unique<next_exchange>();
    return *next;
}

void transfer::signal()
{
    // A waiter counts itself under lock before it looks at what it waits
    // for; whoever changed that did so under lock too, so this read sees it.
    if (sync_waiters.load(std::memory_order_acquire) > 0)
        changed->notify_all();
    if (std::shared_ptr<change_listener> l = on_change.lock())
        l->transfer_changed();
}

void transfer::finish(DWORD err)
{
    {
        std::lock_guard<fast_mutex> g(lock);
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
    signal();
}

void transfer::curl_done(CURLcode result)
{
    if (result == CURLE_OK && follow_redirect())
        return;
    DWORD forced;
    bool one_exchange;
    {
        std::lock_guard<fast_mutex> g(lock);
        forced = forced_error;
        one_exchange = redirects_done == 0 && auth_retries == 0;
    }
    // Before the easy handle goes: a failed handshake is read from it.
    DWORD curl_error = result == CURLE_OK ? 0 : tls_transfer_error(*this, result);  // TLS
    // Its options are still those of its profile only after one clean
    // exchange: a redirect or a resend changed some, and an aborted
    // transfer may leave state behind.
    easy_reusable = result == CURLE_OK && !forced && one_exchange;
    release_easy();
    finish(forced ? forced : curl_error);
}

void transfer::reset_exchange_locked()
{
    resolving_sent = resolved_sent = connecting_sent = opened_socket = false;
    sending_sent = request_sent = header_out_complete = receiving_sent = false;
    send_watch_started = false;
    send_watch_over = false;  // reset on the driver, like the rest of a redirect
    sent_watch_over = false;
    out_header_bytes = out_body_bytes = 0;
    head.clear();
}

bool transfer::follow_redirect()
{
    redirect_decision d;
    bool answers_auth;
    {
        std::lock_guard<fast_mutex> g(lock);
        if (!redirect_pending || done)
            return false;
        d = next->redirect;
        answers_auth = !next->auth_line.empty();
        redirect_pending = false;
        if (!answers_auth)
            ++redirects_done;
        else
            ++auth_retries;  // the same URL again, answering a 401/407
        reset_exchange_locked();
        effective_url = d.url;
        if (d.switch_to_get)
            effective_method = "GET";
    }
    bool auth_ok = true;
    if (answers_auth) {
        auth_ok = auth::apply_pending_line(*this);
        std::lock_guard<fast_mutex> g(lock);
        next->auth_line.clear();
    }
    if (d.host_changed && !auth::forget_server_credentials(*this))
        auth_ok = false;
    if (!auth_ok || !reconfigure_for_redirect(this, d)) {
        std::lock_guard<fast_mutex> g(lock);
        forced_error = ERROR_WINHTTP_REDIRECT_FAILED;
        return false;
    }
    return engine::add(easy, shared_from_this(), driver);
}

void transfer::release_easy()
{
    if (easy) {
        if (target == &own_target)
            curl_easy_cleanup(easy);  // never the pool's (hook_target.h)
        else
            easy_pool::give_back(easy, easy_reusable ? std::move(easy_profile) : std::string(), target);
        easy = nullptr;
        target = nullptr;
        easy_reusable = false;
    }
    adopt_headers(nullptr);
}

void transfer::adopt_headers(curl_slist *list)
{
    if (headers_from_curl)
        curl_slist_free_all(headers);
    headers = list;
    headers_from_curl = list != nullptr;
}

}  // namespace winhttp
