#include "ws_handshake.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "api.h"
#include "hook_target.h"
#include "request_state.h"
#include "request_steps.h"
#include "request_view.h"
#include "response_head.h"
#include "text.h"
#include "tls_hooks.h"
#include "ws_async.h"

namespace winhttp {
namespace {

const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string base64(const unsigned char *p, size_t n)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = uint32_t(p[i]) << 16;
        if (i + 1 < n) v |= uint32_t(p[i + 1]) << 8;
        if (i + 2 < n) v |= p[i + 2];
        out.push_back(digits[(v >> 18) & 63]);
        out.push_back(digits[(v >> 12) & 63]);
        out.push_back(i + 1 < n ? digits[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < n ? digits[v & 63] : '=');
    }
    return out;
}

// 16 random bytes, base64 (§4.1).
std::string new_key()
{
    unsigned char nonce[16];
    gnutls_rnd(GNUTLS_RND_NONCE, nonce, sizeof(nonce));
    return base64(nonce, sizeof(nonce));
}

// The engine's prereq hook without its connection bookkeeping, which is
// the engine thread's (connection_close.h): this connection is never in the
// engine's pool.  Runs inside our own curl_easy_perform.
int on_prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
    auto *t = transfer_of(clientp);
    tls_verdict tls = tls_check_connection(t);
    std::lock_guard<fast_mutex> g(t->lock);
    t->connection_known = true;
    t->remote_ip = primary_ip;
    t->remote_port = primary_port;
    t->local_ip = local_ip;
    t->local_port = local_port;
    if (t->opened_socket)
        t->record_locked(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, widen(primary_ip));
    t->opened_socket = false;
    return tls_apply_verdict_locked(t, tls);
}

// The transfer's hooks give the connection notifications and the TLS
// checks; what is only for HTTP on the engine is switched off.
bool configure_connect_only(transfer &t)
{
    CURL *e = t.easy;
    return configure_easy(&t, false) && curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1)) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, static_cast<void *>(nullptr)) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, static_cast<void *>(nullptr)) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_NOPROGRESS, 1L) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_VERBOSE, 0L) == CURLE_OK;
}

// The upgrade request's head: WinHTTP's request head plus the handshake
// fields the application did not set itself.
std::string handshake_head(const request &r, const std::string &key)
{
    parsed_head p = request_head(r);
    std::string out = p.lines.front() + "\r\n";
    for (const header_field &f : p.fields)
        out += f.name + ": " + f.value + "\r\n";
    auto add = [&](const char *name, const std::string &value) {
        for (const header_field &f : p.fields)
            if (iequals(f.name, name))
                return;
        out += std::string(name) + ": " + value + "\r\n";
    };
    add("Upgrade", "websocket");
    add("Connection", "Upgrade");
    add("Sec-WebSocket-Key", key);
    add("Sec-WebSocket-Version", "13");
    return out + "\r\n";
}

void deliver_all(request &r, transfer &t)
{
    std::unique_lock<fast_mutex> lk(t.lock);
    deliver_recorded(r, t, lk, true);
}

// Ends the exchange with err; returns err.
DWORD fail_transfer(request &r, transfer &t, DWORD err)
{
    {
        std::lock_guard<fast_mutex> g(t.lock);
        t.done = true;
        t.error = err;
        t.phase = api_phase::failed;
    }
    deliver_all(r, t);
    return err;
}

std::shared_ptr<websocket_handshake> handshake_of(request &r)
{
    std::lock_guard<fast_mutex> g(r.transfer_lock);
    return r.ws_handshake;
}

}  // namespace

std::string websocket_accept_for(const std::string &key)
{
    std::string text = key + guid;
    unsigned char digest[20];
    gnutls_hash_fast(GNUTLS_DIG_SHA1, text.data(), text.size(), digest);
    return base64(digest, sizeof(digest));
}

namespace {

// Connects and sends the upgrade request; returns 0 or the error.
DWORD connect_and_send(request &r, const std::shared_ptr<transfer> &t)
{
    CURL *easy = curl_easy_init();
    if (!easy)
        return fail_transfer(r, *t, ERROR_NOT_ENOUGH_MEMORY);
    t->easy = easy;
    t->target = &t->own_target;  // not a pooled handle (hook_target.h)
    bool configured = configure_connect_only(*t);
    CURLcode rc = configured ? curl_easy_perform(easy) : CURLE_OUT_OF_MEMORY;
    DWORD err = rc == CURLE_OK ? 0 : configured ? tls_transfer_error(*t, rc) : ERROR_NOT_ENOUGH_MEMORY;
    // The request's header list was for an HTTP transfer: the handshake
    // head is written by hand.
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, static_cast<curl_slist *>(nullptr));
    t->adopt_headers(nullptr);
    {
        std::lock_guard<fast_mutex> g(t->lock);
        t->easy = nullptr;  // ours from now on; cancelling the transfer leaves it alone
    }
    // Only now the request's transfer: closing the handle cancels a
    // transfer's easy handle on the engine, and this one is not the
    // engine's (while connecting, the connect timeout bounds the wait).
    request_state::attach(r, t);
    curl_socket_t fd = CURL_SOCKET_BAD;
    if (!err && (curl_easy_getinfo(easy, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD))
        err = ERROR_WINHTTP_CONNECTION_ERROR;
    if (err) {
        curl_easy_cleanup(easy);
        return fail_transfer(r, *t, err);
    }
    auto hs = std::make_shared<websocket_handshake>();
    hs->sock = std::make_unique<ws::socket>(easy, fd, t);
    hs->key = new_key();
    std::string head = handshake_head(r, hs->key);
    {
        std::lock_guard<fast_mutex> g(t->lock);
        t->record_locked(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
    }
    deliver_all(r, *t);
    if (DWORD werr = hs->sock->write_all(head.data(), head.size(), t->send_timeout_ms > 0 ? t->send_timeout_ms : -1))
        return fail_transfer(r, *t, werr);
    {
        std::lock_guard<fast_mutex> g(t->lock);
        t->request_sent = true;
        t->sending_sent = true;
        t->phase = api_phase::sent;
        t->record_number_locked(WINHTTP_CALLBACK_STATUS_REQUEST_SENT, DWORD(head.size()));
    }
    {
        std::lock_guard<fast_mutex> g(r.transfer_lock);
        r.ws_handshake = hs;
    }
    deliver_all(r, *t);
    return 0;
}

// The body of an answer other than 101, when a Content-Length frames it
// (up to 1 MiB), so that the application can read why the upgrade was
// refused; otherwise nothing.  Uses the bytes after the head first.
std::string refused_upgrade_body(const parsed_head &p, websocket_handshake *hs, int timeout_ms)
{
    constexpr size_t limit = 1024 * 1024;
    std::string length;
    if (hs->status == 101 || !find_field(p, "Content-Length", 0, length) || length.empty() ||
        length.size() > 7 || length.find_first_not_of("0123456789") != std::string::npos)
        return {};
    size_t want = std::stoul(length);
    if (want > limit)
        return {};
    std::string &in = hs->leftover;
    while (in.size() < want)
        if (hs->sock->read_some(in, timeout_ms > 0 ? timeout_ms : -1))
            break;
    return in.substr(0, want);
}

// Reads the response head; returns 0 or the error.
DWORD read_response(request &r, transfer &t, websocket_handshake *hs)
{
    {
        std::lock_guard<fast_mutex> g(t.lock);
        t.record_locked(WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE);
    }
    deliver_all(r, t);
    std::lock_guard<std::mutex> hg(hs->lock);
    std::string in;
    size_t end = std::string::npos;
    int timeout = r.timeout_settings().receive_response;
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
        if (in.size() > t.max_head_size)
            return fail_transfer(r, t, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
        DWORD err = hs->sock->read_some(in, timeout > 0 ? timeout : -1);
        if (err == ERROR_WINHTTP_CONNECTION_ERROR)
            err = in.empty() ? ERROR_WINHTTP_CONNECTION_ERROR : ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
        if (err)
            return fail_transfer(r, t, err);
    }
    std::string head = in.substr(0, end + 4);
    parsed_head p = parse_head(head);
    if (p.status_code.size() != 3 || p.version.compare(0, 5, "HTTP/") != 0)
        return fail_transfer(r, t, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    hs->responded = true;
    hs->status = std::stoi(p.status_code);
    hs->leftover = in.substr(end + 4);
    std::string accept;
    hs->accept_ok = hs->status == 101 && find_field(p, "Sec-WebSocket-Accept", 0, accept) &&
                    accept == websocket_accept_for(hs->key);
    std::string body = refused_upgrade_body(p, hs, timeout);
    {
        std::lock_guard<fast_mutex> g(t.lock);
        t.body = std::move(body);
        t.final_head = head;
        t.headers_done = true;
        t.http_version_used = CURL_HTTP_VERSION_1_1;
        // Nothing more comes through the HTTP side: a body read ends at once.
        t.done = true;
        t.phase = api_phase::responded;
        t.record_number_locked(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, DWORD(head.size()));
    }
    deliver_all(r, t);
    return 0;
}

bool is_async(const request &r) { return r.owner().owner().async; }

// Async mode: runs step on a library thread, then delivers its completion
// (done) or REQUEST_ERROR naming api.
template <class Step>
BOOL run_async(request &r, DWORD api, DWORD done, Step step)
{
    request *raw = &r;
    bool started = ws_async::run_detached(ref<object>(static_cast<object *>(raw)), [raw, api, done, step] {
        if (DWORD err = step()) {
            WINHTTP_ASYNC_RESULT result = {api, err};
            raw->notify(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result));
            return;
        }
        raw->notify(done, nullptr, 0);
    });
    return started ? succeed() : fail(ERROR_NOT_ENOUGH_MEMORY, FALSE);
}

}  // namespace

BOOL websocket_send_request(request &r, const std::shared_ptr<transfer> &t)
{
    {
        std::lock_guard<fast_mutex> g(r.transfer_lock);
        r.ws_handshake.reset();
    }
    if (is_async(r)) {
        request *raw = &r;
        return run_async(r, API_SEND_REQUEST, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE,
                         [raw, t] { return connect_and_send(*raw, t); });
    }
    DWORD err = connect_and_send(r, t);
    return err ? fail(err, FALSE) : succeed();
}

BOOL websocket_receive_response(request &r, transfer &t)
{
    std::shared_ptr<websocket_handshake> hs = handshake_of(r);
    {
        std::lock_guard<fast_mutex> g(t.lock);
        if (t.phase != api_phase::sent || !hs || hs->receiving.exchange(true))
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
    }
    if (is_async(r)) {
        request *raw = &r;
        std::shared_ptr<transfer> keep = t.shared_from_this();
        return run_async(r, API_RECEIVE_RESPONSE, WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
                         [raw, keep, hs] { return read_response(*raw, *keep, hs.get()); });
    }
    DWORD err = read_response(r, t, hs.get());
    return err ? fail(err, FALSE) : succeed();
}

}  // namespace winhttp
