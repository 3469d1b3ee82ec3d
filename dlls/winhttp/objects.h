// The three handle kinds of the foundation and what each remembers.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "auth_state.h"
#include "fast_mutex.h"
#include "header_state.h"
#include "object.h"

namespace winhttp {

class transfer;  // engine side of a request (transfer.h)
struct websocket_handshake;  // ws_handshake.h

// A user agent as set (WinHttpOpen, WINHTTP_OPTION_USER_AGENT) and as
// sent, converted once: a session and its requests share one until one of
// them is given its own, so opening a request copies no text.
struct agent_text {
    std::u16string wide;
    std::string utf8;
};
using shared_agent = std::shared_ptr<const agent_text>;
shared_agent make_agent(std::u16string wide);

class session final : public object {
public:
    session() : object(handle_kind::session, nullptr) {}
    shared_agent agent = make_agent({});
    DWORD access_type = WINHTTP_ACCESS_TYPE_DEFAULT_PROXY;
    std::u16string proxy;
    std::u16string proxy_bypass;
    bool async = false;
};

class connection final : public object {
public:
    explicit connection(session *s) : object(handle_kind::connect, s) {}
    session &owner() const { return *static_cast<session *>(parent()); }
    std::u16string server;
    INTERNET_PORT port = INTERNET_DEFAULT_PORT;
};

class request final : public object {
public:
    explicit request(connection *c) : object(handle_kind::request, c), agent(c->owner().agent) {}
    connection &owner() const { return *static_cast<connection *>(parent()); }
    std::u16string verb;
    std::u16string path;
    bool http_1_0 = false;  // WinHttpOpenRequest's version was "HTTP/1.0"; else HTTP/1.1
    std::u16string referrer;
    std::vector<std::u16string> accept_types;
    DWORD flags = 0;
    shared_agent agent;  // the session's, until set for this request
    header_state headers;  // the application's request headers, the parsed response head
    // Credentials and the Digest challenge they answer (auth_state.h);
    // mutable because sending counts Digest nonce uses.
    mutable auth::request_auth_slot auth;

    // The exchange in progress; owned here so that closing the handle can
    // cancel it at once (request_state.h).
    fast_mutex transfer_lock;
    std::shared_ptr<transfer> current_transfer;
    // Async mode's per-request driver (async_request.cpp), made with the
    // request and never changed: read without a lock.
    std::shared_ptr<void> async_driver;
    // WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET was set; the handshake's
    // connection once sent (under transfer_lock).
    bool upgrade_to_websocket = false;
    std::shared_ptr<websocket_handshake> ws_handshake;

    bool secure() const { return (flags & WINHTTP_FLAG_SECURE) != 0; }
    INTERNET_PORT effective_port() const;
    std::u16string url() const;
};

}  // namespace winhttp
