// One request's HTTP exchange (one CURL easy handle) and what it has produced
// so far: recorded notifications, the response head, buffered body bytes.
//
// The engine's driver owns `easy` and the curl callbacks fill the rest; API
// threads read it under `lock`.  A transfer never points at its request
// object: in sync mode the blocked API call, which holds a reference on the
// request, delivers the recorded notifications itself, on its own thread.
#pragma once
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chunked_upload.h"
#include "engine.h"
#include "fast_mutex.h"
#include "field_lines.h"
#include "hook_target.h"
#include "redirect.h"
#include "winhttp.h"

namespace winhttp {

class request;
namespace tls { class state; }  // TLS: tls_state.h
namespace auth { struct plan; }  // auth_transfer.h

// A notification recorded by the engine, delivered later by an API call.
struct recorded_event {
    DWORD status = 0;
    std::u16string text;  // string payload (name or IP), if any
    DWORD number = 0;     // DWORD payload (byte counts), if any
    bool has_number = false;
};

// Told, with no lock held, after every change of a transfer that an API
// step may be waiting for (async mode: the request's driver).
class change_listener {
public:
    virtual ~change_listener() = default;
    virtual void transfer_changed() = 0;
};

// Where the application is in the sync call sequence.
enum class api_phase { sending, sent, responded, failed };

// What is kept of a streamed upload (WinHttpWriteData), guarded by the
// transfer's lock.  Apart from the transfer (below) because most requests
// have none.
struct upload_stream {
    std::string queue;       // bytes written and not yet taken by curl
    size_t offset = 0;       // of the first byte in queue curl has not taken
    uint64_t queued = 0;     // all bytes handed over so far
    uint64_t taken = 0;      // bytes curl took through the read callback
    bool eof = false;        // unbounded upload: no more data will come
    bool started = false;    // curl asked for body data (headers are out)
    chunk_decoder app_chunks;  // unbounded upload: the application's framing
};

// The exchange a transfer starts once curl has finished the present one,
// engine thread only.  Apart from the transfer because few requests are
// redirected or answer a 401/407 themselves.
struct next_exchange {
    redirect_decision redirect;
    // A 401/407 the engine answers itself (auth_transfer.h): the field to
    // send with the next exchange; empty for a redirect.
    std::string auth_line;
};

// A transfer is one heap block of sizeof(transfer) plus make_shared's 16
// bytes.  glibc's malloc serves blocks of up to 1032 bytes from its
// per-thread cache (tcache) and bigger ones from its slower bins; with
// hundreds of requests in flight the difference showed in callgrind (make
// bench-callgrind).  So members most requests never use (a streamed
// upload's queue, a redirect's details) live in separately made parts.
class transfer : public engine::client, public std::enable_shared_from_this<transfer> {
public:
    // Bound on buffered, unread body bytes: beyond it curl is paused.
    static constexpr size_t body_bound = 256 * 1024;
    // The bound now: a waiting read larger than body_bound raises it to the
    // read's size, so that the read can be filled.  Caller holds lock.
    size_t body_limit_locked() const { return read_want > body_bound ? read_want : body_bound; }

    // ---- set before the transfer starts, then read-only ----
    std::string url;
    std::string method;
    bool head_request = false;
    long http_version = CURL_HTTP_VERSION_1_1;
    // The server's name in UTF-8, widened for RESOLVING_NAME: a short name
    // fits std::string's own buffer (no allocation per request).
    std::string server;
    field_lines header_lines;  // the app's and ours; list() on the engine driver only
    std::string upload;                     // the optional request body (not streamed)
    bool has_upload = false;
    // A streamed upload (total length above the optional data, or unknown):
    // the body goes through the read callback, fed by WinHttpWriteData.
    bool upload_streamed = false;
    bool upload_unbounded = false;  // WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH
    uint64_t upload_optional = 0;   // bytes given to WinHttpSendRequest
    uint64_t upload_total = 0;      // the promised total (Content-Length)
    long connect_timeout_ms = 0;
    int send_timeout_ms = 0;  // <= 0: none (send_timeout.h)
    redirect_rules redirects;
    std::string accept_encoding;  // non-empty: curl asks for and decodes these
    size_t max_head_size = 64 * 1024;  // WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE
    std::string plain_proxy;  // http requests: "host:port" of a named proxy, or direct
    // Async mode: the request's driver (engine or API thread calls it).
    // Weak: the driver outlives no request, and a transfer may outlive both.
    std::weak_ptr<change_listener> on_change;
    std::shared_ptr<tls::state> tls;  // TLS: rules and results; null for http
    std::shared_ptr<auth::plan> auth;  // credentials the engine may answer a 401/407 with; or null

    // ---- engine driver only ----
    CURL *easy = nullptr;
    bool send_watch_over = false;  // the send timeout's watch saw the request out
    // An async step's timeout (receive, receive-response): when the engine's
    // progress hook finds this time passed (step_deadline.cpp's coarse
    // clock, in ns), the transfer ends with ERROR_WINHTTP_TIMEOUT.  0: no
    // step waits with a timeout.  Set and cleared by the request's driver,
    // read by the engine: atomic.
    std::atomic<std::int64_t> step_deadline{0};
    // This exchange's request is seen leaving through curl's debug hook
    // (VERBOSE), or else through request_sent_watch.h's progress watch,
    // which is over once it has noted all it needs.
    bool debug_hook = true;
    bool sent_watch_over = false;
    // The field list curl has: header_lines.list(), or one made with
    // curl_slist_append once a redirect or an auth answer changed the
    // fields (adopt_headers).
    curl_slist *headers = nullptr;
    bool headers_from_curl = false;  // headers is curl_slist_append's: freed here
    // Makes `list`, made with curl_slist_append, the field list once curl
    // has it (CURLOPT_HTTPHEADER), freeing the previous one if curl's made
    // it; nullptr just frees.
    void adopt_headers(curl_slist *list);
    // The hook slot of easy (hook_target.h): the pool's, or own_target for
    // a handle outside the pool (the WebSocket handshake's).
    hook_target *target = nullptr;
    hook_target own_target;
    // The handle's profile (easy_pool.h), kept when the exchange ends cleanly.
    std::string easy_profile;
    bool easy_reusable = false;

    // ---- guarded by lock ----
    fast_mutex lock;
    // Waited on by sync calls only, and made by the first of them: a
    // condition_variable_any costs an allocation, which async transfers
    // never need.  Made under lock before sync_waiters counts the waiter
    // (release), so signal() sees it once it sees the count (acquire);
    // never replaced once made.  signal() skips the notify when nobody
    // waits.
    std::unique_ptr<std::condition_variable_any> changed;
    std::atomic<int> sync_waiters{0};
    // changed->wait_until, counted in sync_waiters.  lk holds lock.
    template <class Lock, class Pred>
    bool wait_changed_until(Lock &lk, std::chrono::steady_clock::time_point deadline, Pred pred)
    {
        if (!changed)
            changed = std::make_unique<std::condition_variable_any>();
        sync_waiters.fetch_add(1, std::memory_order_release);
        bool ok = changed->wait_until(lk, deadline, pred);
        sync_waiters.fetch_sub(1, std::memory_order_relaxed);
        return ok;
    }
    std::vector<recorded_event> events;
    // WinHttpCloseHandle (or a new send) took this transfer from its request:
    // a step still waiting on it ends as cancelled.
    bool detached = false;
    bool resolving_sent = false;
    bool resolved_sent = false;
    bool connecting_sent = false;
    bool opened_socket = false;
    // Also read without lock by the send timeout's check (send_timeout.cpp).
    std::atomic<bool> sending_sent{false};
    bool request_sent = false;
    bool header_out_complete = false;
    uint64_t out_header_bytes = 0;
    uint64_t out_body_bytes = 0;
    bool receiving_sent = false;
    std::string head;        // lines of the response head being received
    bool headers_done = false;
    std::string final_head;  // the final (non-1xx) response head, raw
    std::string trailers;    // trailer lines after a chunked body, raw
    std::string body;
    size_t body_offset = 0;
    size_t read_want = 0;         // size of the read waiting for body bytes
    bool paused = false;          // curl's download side is paused
    bool unpause_posted = false;  // a resume command is on its way
    // A streamed upload's queue (upload_stream above): set when the
    // transfer is made, non-null exactly when upload_streamed.
    std::unique_ptr<upload_stream> stream;
    bool upload_paused = false;   // curl's upload side is paused
    DWORD last_write_size = 0;
    // The connection of the present exchange (CONNECTION_INFO) and the HTTP
    // version of the final response (HTTP_PROTOCOL_USED).
    bool connection_known = false;
    std::string local_ip, remote_ip;
    int local_port = 0, remote_port = 0;
    long http_version_used = 0;
    // Redirects: the URL now requested if not `url` (current_url()), a
    // redirect to follow once curl has finished the present exchange (in
    // `next`), and how many were followed.
    std::string effective_url;
    std::string effective_method;
    bool redirect_pending = false;
    DWORD redirects_done = 0;
    // The exchange to start once curl has finished the present one (a
    // redirect, or a 401/407 the engine answers itself), made on the engine
    // when first needed: next_exchange_locked().
    std::unique_ptr<next_exchange> next;
    DWORD auth_retries = 0;
    DWORD forced_error = 0;  // a hook's own reason for making curl stop
    // The send timeout's watch (send_timeout.cpp).
    bool send_watch_started = false;
    curl_off_t send_watch_bytes = 0;
    std::chrono::steady_clock::time_point send_watch_since;
    bool done = false;
    DWORD error = 0;  // when done: 0, or the Windows error the transfer ended with
    api_phase phase = api_phase::sending;

    // The URL now requested: `url` until a redirect (no copy of it for
    // every request).  Engine thread, or caller holds lock.
    const std::string &current_url() const { return effective_url.empty() ? url : effective_url; }
    size_t buffered() const { return body.size() - body_offset; }
    size_t upload_pending() const { return stream ? stream->queue.size() - stream->offset : 0; }
    // The sending step is over: the head and the optional data are out.
    bool send_step_done_locked() const
    {
        if (redirects_done > 0 || auth_retries > 0)
            return true;  // a later exchange: the first one's request went out
        return stream ? stream->started && stream->taken >= upload_optional : request_sent;
    }
    // Every promised body byte has been handed over by the application.
    bool upload_complete_locked() const
    {
        return !stream || upload_unbounded || stream->queued >= upload_total;
    }
    // The pending follow-up exchange's details, made if need be.  Engine
    // thread, caller holds lock.
    next_exchange &next_exchange_locked();

    // Starts the transfer on the engine.  caller_drives: a sync call that
    // will drive the engine itself while it waits (engine::drive_while).
    // Returns false if the engine is unavailable.
    bool start(bool caller_drives = false);
    // Set by start(): who makes this transfer progress between calls.
    engine::driven_by driver = engine::driven_by::engine_thread;
    // Ends the transfer with `err` (cancellation, timeout) unless it has
    // ended already; the easy handle goes on the engine's driver.
    void abort(DWORD err);
    // After the application consumed body bytes: resumes curl if it was
    // paused and there is room again.  Caller holds lock.
    void maybe_resume_locked();
    // A read of `size` bytes waits: lets the body bound grow to it and
    // resumes curl if that makes room.  Caller holds lock.
    void want_body_locked(size_t size);
    // Queues application body bytes (WinHttpWriteData) and resumes curl's
    // upload.  Returns false if an unbounded upload's chunked framing is
    // malformed.  Caller holds lock.
    bool queue_upload_locked(const void *data, DWORD size);
    // Unbounded upload: the application has written everything.  Caller
    // holds lock.
    void end_upload_locked();
    // Wakes whoever waits for this transfer: a blocked sync call, or the
    // async driver.  Call with lock released.
    void signal();

    // Engine thread: the hooks in curl_hooks.cpp.
    void record_locked(DWORD status) { events.push_back({status, {}, 0, false}); }
    void record_locked(DWORD status, std::u16string text) { events.push_back({status, std::move(text), 0, false}); }
    void record_number_locked(DWORD status, DWORD n) { events.push_back({status, {}, n, true}); }
    void finish(DWORD err);
    void release_easy();  // driver
    // engine::client: start()'s command on the driver, and curl's end of
    // an exchange (engine thread).
    void start_on_driver() override;
    void curl_done(CURLcode result) override;

private:
    // Posts one command that resumes both directions of a paused transfer.
    void post_resume_locked();
    // Engine thread: starts the exchange a followed redirect asks for.
    bool follow_redirect();
    // Forgets what the hooks noted about the previous exchange.  Caller
    // holds lock.
    void reset_exchange_locked();
};

#if defined(__GLIBC__) && defined(__x86_64__)
// See above the class: within glibc's tcache limit with make_shared's 16.
// A new member that breaks this belongs in a separately made part.
static_assert(sizeof(transfer) + 16 <= 1032, "a transfer no longer fits glibc's tcache (see transfer.h)");
#endif

// easy_setup.cpp: the profile of t's handle options (easy_pool.h), or
// empty when its handle must be reset before reuse.
std::string easy_profile(const transfer &t);
// easy_setup.cpp: configures `t->easy` (driver); warm: the handle is set up
// for t's profile already, and only t's own options are set.
bool configure_easy(transfer *t, bool warm);
// easy_setup.cpp: points `t->easy` at a redirect's target (driver).
bool reconfigure_for_redirect(transfer *t, const redirect_decision &d);
// curl_hooks.cpp: the Windows error an application sees for a curl result.
DWORD error_from_curl(CURLcode code);

}  // namespace winhttp
