// One request's HTTP exchange (one CURL easy handle) and what it has produced
// so far: recorded notifications, the response head, buffered body bytes.
//
// The engine thread owns `easy` and the curl callbacks fill the rest; API
// threads read it under `lock`.  A transfer never points at its request
// object: in sync mode the blocked API call, which holds a reference on the
// request, delivers the recorded notifications itself, on its own thread.
#pragma once
#include <curl/curl.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "winhttp.h"

namespace winhttp {

class request;
namespace tls { class state; }  // TLS: tls_state.h

// A notification recorded by the engine, delivered later by an API call.
struct recorded_event {
    DWORD status = 0;
    std::u16string text;  // string payload (name or IP), if any
    DWORD number = 0;     // DWORD payload (byte counts), if any
    bool has_number = false;
};

// Where the application is in the sync call sequence.
enum class api_phase { sending, sent, responded, failed };

class transfer : public std::enable_shared_from_this<transfer> {
public:
    // Bound on buffered, unread body bytes: beyond it curl is paused.
    static constexpr size_t body_bound = 256 * 1024;

    // ---- set before the transfer starts, then read-only ----
    std::string url;
    std::string method;
    bool head_request = false;
    long http_version = CURL_HTTP_VERSION_1_1;
    std::u16string server;
    std::vector<std::string> header_lines;  // "Name: value", the app's and ours
    std::string upload;                     // the optional request body
    bool has_upload = false;
    long connect_timeout_ms = 0;
    std::shared_ptr<tls::state> tls;  // TLS: rules and results; null for http

    // ---- engine thread only ----
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;

    // ---- guarded by lock ----
    std::mutex lock;
    std::condition_variable changed;
    std::vector<recorded_event> events;
    bool resolving_sent = false;
    bool resolved_sent = false;
    bool connecting_sent = false;
    bool opened_socket = false;
    bool sending_sent = false;
    bool request_sent = false;
    bool header_out_complete = false;
    uint64_t out_header_bytes = 0;
    uint64_t out_body_bytes = 0;
    bool receiving_sent = false;
    std::string head;        // lines of the response head being received
    bool headers_done = false;
    std::string final_head;  // the final (non-1xx) response head, raw
    std::string body;
    size_t body_offset = 0;
    bool paused = false;
    bool unpause_posted = false;
    bool done = false;
    DWORD error = 0;  // when done: 0, or the Windows error the transfer ended with
    api_phase phase = api_phase::sending;

    size_t buffered() const { return body.size() - body_offset; }

    // Starts the transfer on the engine.  Returns false if the engine is
    // unavailable.
    bool start();
    // Ends the transfer with `err` (cancellation, timeout) unless it has
    // ended already; the easy handle goes on the engine thread.
    void abort(DWORD err);
    // After the application consumed body bytes: resumes curl if it was
    // paused and there is room again.  Caller holds lock.
    void maybe_resume_locked();

    // Engine thread: the hooks in curl_hooks.cpp.
    void record_locked(DWORD status) { events.push_back({status, {}, 0, false}); }
    void record_locked(DWORD status, std::u16string text) { events.push_back({status, std::move(text), 0, false}); }
    void record_number_locked(DWORD status, DWORD n) { events.push_back({status, {}, n, true}); }
    void finish(DWORD err);
    void release_easy();  // engine thread
};

// curl_hooks.cpp: configures `t->easy` (engine thread).
bool configure_easy(transfer *t);
// curl_hooks.cpp: the Windows error an application sees for a curl result.
DWORD error_from_curl(CURLcode code);

}  // namespace winhttp
