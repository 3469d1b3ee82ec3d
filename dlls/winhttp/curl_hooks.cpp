// curl's callbacks, turned into recorded WinHTTP notifications and buffered
// response data (DESIGN.md §5 table), and the Windows error for a curl
// result.  easy_setup.cpp installs the callbacks.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "auth_transfer.h"
#include "connection_close.h"
#include "curl_hooks.h"
#include "hook_target.h"
#include "request_sent_watch.h"
#include "response_head.h"
#include "text.h"
#include "tls_hooks.h"  // TLS
#include "transfer.h"

namespace winhttp::hooks {

int on_resolver_start(void *, void *, void *clientp)
{
    auto *t = transfer_of(clientp);
    std::lock_guard<fast_mutex> g(t->lock);
    if (!t->resolving_sent) {
        t->resolving_sent = true;
        t->record_locked(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, widen(t->server));
    }
    return 0;
}

// Called with the resolved address: the socket is this transfer's own, so it
// also marks the connection as new (CONNECTED_TO_SERVER will follow).
curl_socket_t on_open_socket(void *clientp, curlsocktype, struct curl_sockaddr *addr)
{
    auto *t = transfer_of(clientp);
    char ip[INET6_ADDRSTRLEN] = "";
    if (addr->family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in *>(&addr->addr)->sin_addr, ip, sizeof(ip));
    else if (addr->family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6 *>(&addr->addr)->sin6_addr, ip, sizeof(ip));
    {
        std::lock_guard<fast_mutex> g(t->lock);
        // A name served from curl's DNS cache skips the resolver start hook.
        if (!t->resolving_sent) {
            t->resolving_sent = true;
            t->record_locked(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, widen(t->server));
        }
        if (!t->resolved_sent) {
            t->resolved_sent = true;
            t->record_locked(WINHTTP_CALLBACK_STATUS_NAME_RESOLVED, widen(ip));
        }
        if (!t->connecting_sent) {
            t->connecting_sent = true;
            t->record_locked(WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, widen(ip));
        }
        t->opened_socket = true;
    }
    return socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
}

// Runs before every request, on new and reused connections alike.
int on_prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
    auto *t = transfer_of(clientp);
    connection_close::claim(*t, local_ip, local_port);
    tls_verdict tls = tls_check_connection(t);  // TLS: certificate check, outside the lock
    std::lock_guard<fast_mutex> g(t->lock);
    t->connection_known = true;
    t->remote_ip = primary_ip;
    t->remote_port = primary_port;
    t->local_ip = local_ip;
    t->local_port = local_port;
    if (t->opened_socket)
        t->record_locked(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, widen(primary_ip));
    t->opened_socket = false;
    return tls_apply_verdict_locked(t, tls);  // TLS: SECURE_FAILURE and abort, or go on
}

// Installed (with VERBOSE) only for the exchanges request_sent_watch.h
// cannot follow: TLS, HTTP/2, curl's NTLM rounds, large requests.
int on_debug(CURL *, curl_infotype type, char *data, size_t size, void *clientp)
{
    auto *t = transfer_of(clientp);
    // The only hook curl might run for a handle between transfers (an
    // info message about a connection it closes): its slot is empty then.
    if (!t)
        return 0;
    if (type == CURLINFO_TEXT)
        tls_on_curl_text(t);  // TLS: watch the handshake once curl has a session
    if (type != CURLINFO_HEADER_OUT && type != CURLINFO_DATA_OUT)
        return 0;
    if (tls_is_tunnel_traffic(t))  // TLS: a proxy's CONNECT is not the request
        return 0;
    bool notify = false;
    {
        std::lock_guard<fast_mutex> g(t->lock);
        if (type == CURLINFO_HEADER_OUT) {
            if (!t->sending_sent) {
                t->sending_sent = true;
                t->record_locked(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
            }
            t->out_header_bytes += size;
            if (size >= 4 && std::memcmp(data + size - 4, "\r\n\r\n", 4) == 0)
                t->header_out_complete = true;
        } else {
            t->out_body_bytes += size;
        }
        bool was = t->request_sent;
        request_sent_watch::mark_sent_locked(t);
        notify = !was && t->request_sent;
    }
    if (notify)
        t->signal();
    return 0;
}

namespace {

int status_of(const std::string &head)
{
    // "HTTP/x.y NNN reason"
    size_t sp = head.find(' ');
    if (sp == std::string::npos || sp + 4 > head.size())
        return 0;
    int code = 0;
    for (size_t i = sp + 1; i < sp + 4; ++i) {
        if (head[i] < '0' || head[i] > '9')
            return 0;
        code = code * 10 + (head[i] - '0');
    }
    return code;
}

// A final 3xx head: follow it (REDIRECT now, the next exchange when curl is
// done with this one), or refuse past the limit.  Returns false when curl
// must stop.  Caller holds t->lock.
bool consider_redirect_locked(transfer *t, int code)
{
    if (code < 300 || code > 399)
        return true;
    std::string location;
    parsed_head p = parse_head(t->head);
    if (!find_field(p, "Location", 0, location))
        return true;
    redirect_decision d = decide_redirect(t->redirects, t->current_url(), t->effective_method, code,
                                          location, t->redirects_done);
    if (d.action == redirect_decision::too_many) {
        t->forced_error = ERROR_WINHTTP_REDIRECT_FAILED;
        return false;
    }
    if (d.action == redirect_decision::follow) {
        t->redirect_pending = true;
        t->next_exchange_locked() = {d, {}};
        t->record_number_locked(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, DWORD(t->head.size()));
        t->record_locked(WINHTTP_CALLBACK_STATUS_REDIRECT, widen(d.url));
    }
    return true;
}

// A little more than a plain response head (status line, Date,
// Content-Type, Content-Length, Connection): what `head` starts with.
constexpr size_t typical_head_size = 256;

bool is_status_line(const char *data, size_t n) { return n >= 5 && std::memcmp(data, "HTTP/", 5) == 0; }

bool is_blank_line(const char *data, size_t n)
{
    return (n == 2 && data[0] == '\r' && data[1] == '\n') || (n == 1 && data[0] == '\n');
}

// A field line in the middle of a head: only the engine touches `head`,
// and only the engine sets redirect_pending and headers_done, so this needs
// no lock (a response head is mostly such lines).  Returns false when the
// line needs the locked path.
bool append_field_line(transfer *t, const char *data, size_t n)
{
    if (t->redirect_pending || t->headers_done || is_status_line(data, n) || is_blank_line(data, n))
        return false;
    if (t->head.size() + n > t->max_head_size)
        return false;  // the locked path records the overflow
    t->head.append(data, n);
    return true;
}

}  // namespace

size_t on_header(char *data, size_t size, size_t count, void *clientp)
{
    auto *t = transfer_of(clientp);
    size_t n = size * count;
    if (append_field_line(t, data, n))
        return n;
    bool notify = false;
    {
        std::lock_guard<fast_mutex> g(t->lock);
        if (t->redirect_pending)
            return n;  // a followed redirect's head: not kept
        if (t->headers_done) {
            t->trailers.append(data, n);  // after a chunked body
            return n;
        }
        if (is_status_line(data, n)) {
            if (!t->request_sent) {
                // The server answered before the hooks saw the whole request.
                request_sent_watch::catch_up_locked(t);
                t->request_sent = true;
                t->record_number_locked(WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
                                        DWORD(t->out_header_bytes + t->out_body_bytes));
                notify = true;
            }
            if (!t->receiving_sent) {
                t->receiving_sent = true;
                t->record_locked(WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE);
            }
            t->head.clear();
            // One allocation for a usual head, rather than four as it grows.
            t->head.reserve(typical_head_size);
        }
        t->head.append(data, n);
        if (t->head.size() > t->max_head_size) {
            t->forced_error = ERROR_WINHTTP_HEADER_SIZE_OVERFLOW;
            return 0;  // curl stops; the request fails with forced_error
        }
        if (is_blank_line(data, n)) {
            int code = status_of(t->head);
            if (code >= 200 && !consider_redirect_locked(t, code))
                return 0;  // curl stops with a write error; forced_error says why
            auth::consider_locked(*t, code);  // a 401/407 the request's credentials answer
            if (t->redirect_pending) {
                // the body of a followed redirect is dropped
            } else if (auth::curl_continues_locked(*t, code)) {
                // curl answers this 401 itself (NTLM); the next head is the response
            } else if (code >= 200 || code == 101) {
                t->final_head = std::move(t->head);
                t->headers_done = true;
                curl_easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &t->http_version_used);
                t->record_number_locked(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, DWORD(t->final_head.size()));
                notify = true;
            } else if (code >= 100 && code < 200) {
                // 100 Continue and other interim heads; the final one follows.
                t->record_number_locked(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE, DWORD(code));
            }
            t->head.clear();
        }
    }
    if (notify)
        t->signal();
    return n;
}

size_t on_write(char *data, size_t size, size_t count, void *clientp)
{
    auto *t = transfer_of(clientp);
    size_t n = size * count;
    {
        std::lock_guard<fast_mutex> g(t->lock);
        if (t->done)
            return 0;  // aborted: make curl stop
        if (t->redirect_pending)
            return n;  // a followed redirect's body
        size_t held = t->buffered();
        if (held > 0 && held + n > t->body_limit_locked()) {
            t->paused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        if (t->body_offset > 0 && t->body_offset >= t->body.size() / 2) {
            t->body.erase(0, t->body_offset);
            t->body_offset = 0;
        }
        t->body.append(data, n);
    }
    t->signal();
    return n;
}

// Streamed uploads: hands curl what WinHttpWriteData queued, and pauses
// curl's upload while the queue is empty.
size_t on_read(char *buffer, size_t size, size_t count, void *clientp)
{
    auto *t = transfer_of(clientp);
    size_t room = size * count;
    size_t n = 0;
    bool pause = false;
    {
        std::lock_guard<fast_mutex> g(t->lock);
        if (t->done)
            return CURL_READFUNC_ABORT;
        upload_stream &s = *t->stream;  // only streamed uploads set this hook
        s.started = true;
        n = std::min(room, t->upload_pending());
        if (n == 0 && !s.eof) {
            t->upload_paused = pause = true;
        } else {
            std::memcpy(buffer, s.queue.data() + s.offset, n);
            s.offset += n;
            s.taken += n;
        }
        if (!t->sending_sent) {
            t->sending_sent = true;
            t->record_locked(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
        }
        if (!t->request_sent && s.taken >= t->upload_optional) {
            t->request_sent = true;
            t->record_number_locked(WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
                                    DWORD(t->out_header_bytes + s.taken));
        }
    }
    t->signal();  // a send or write step may be ready
    return pause ? CURL_READFUNC_PAUSE : n;
}

}  // namespace winhttp::hooks

namespace winhttp {

DWORD error_from_curl(CURLcode code)
{
    switch (code) {
    case CURLE_OK:
        return 0;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return ERROR_WINHTTP_NAME_NOT_RESOLVED;
    case CURLE_COULDNT_CONNECT:
        return ERROR_WINHTTP_CANNOT_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        return ERROR_WINHTTP_TIMEOUT;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_RANGE_ERROR:
        return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
    case CURLE_OUT_OF_MEMORY:
        return ERROR_NOT_ENOUGH_MEMORY;
    case CURLE_URL_MALFORMAT:
        return ERROR_WINHTTP_INVALID_URL;
    default:
        // GOT_NOTHING, RECV_ERROR, SEND_ERROR, PARTIAL_FILE, ...
        return ERROR_WINHTTP_CONNECTION_ERROR;
    }
}

}  // namespace winhttp
