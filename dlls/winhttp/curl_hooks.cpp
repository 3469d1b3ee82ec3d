// curl's callbacks, turned into recorded WinHTTP notifications and buffered
// response data (DESIGN.md §5 table).  All of these run on the engine thread.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "tls_hooks.h"  // TLS
#include "transfer.h"

namespace winhttp {
namespace {

std::u16string widen(const char *s)
{
    std::u16string out;
    for (; *s; ++s)
        out += char16_t(static_cast<unsigned char>(*s));
    return out;
}

int on_resolver_start(void *, void *, void *clientp)
{
    auto *t = static_cast<transfer *>(clientp);
    std::lock_guard<std::mutex> g(t->lock);
    if (!t->resolving_sent) {
        t->resolving_sent = true;
        t->record_locked(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, t->server);
    }
    return 0;
}

// Called with the resolved address: the socket is this transfer's own, so it
// also marks the connection as new (CONNECTED_TO_SERVER will follow).
curl_socket_t on_open_socket(void *clientp, curlsocktype, struct curl_sockaddr *addr)
{
    auto *t = static_cast<transfer *>(clientp);
    char ip[INET6_ADDRSTRLEN] = "";
    if (addr->family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in *>(&addr->addr)->sin_addr, ip, sizeof(ip));
    else if (addr->family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6 *>(&addr->addr)->sin6_addr, ip, sizeof(ip));
    {
        std::lock_guard<std::mutex> g(t->lock);
        // A name served from curl's DNS cache skips the resolver start hook.
        if (!t->resolving_sent) {
            t->resolving_sent = true;
            t->record_locked(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, t->server);
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
int on_prereq(void *clientp, char *primary_ip, char *, int, int)
{
    auto *t = static_cast<transfer *>(clientp);
    tls_verdict tls = tls_check_connection(t);  // TLS: certificate check, outside the lock
    std::lock_guard<std::mutex> g(t->lock);
    if (t->opened_socket)
        t->record_locked(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, widen(primary_ip));
    t->opened_socket = false;
    return tls_apply_verdict_locked(t, tls);  // TLS: SECURE_FAILURE and abort, or go on
}

void mark_sent_locked(transfer *t)
{
    if (t->request_sent || !t->header_out_complete)
        return;
    if (t->has_upload && t->out_body_bytes < t->upload.size())
        return;
    t->request_sent = true;
    t->record_number_locked(WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
                            DWORD(t->out_header_bytes + t->out_body_bytes));
}

int on_debug(CURL *, curl_infotype type, char *data, size_t size, void *clientp)
{
    if (type != CURLINFO_HEADER_OUT && type != CURLINFO_DATA_OUT)
        return 0;
    auto *t = static_cast<transfer *>(clientp);
    if (tls_is_tunnel_traffic(t))  // TLS: a proxy's CONNECT is not the request
        return 0;
    bool notify = false;
    {
        std::lock_guard<std::mutex> g(t->lock);
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
        mark_sent_locked(t);
        notify = !was && t->request_sent;
    }
    if (notify)
        t->changed.notify_all();
    return 0;
}

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

size_t on_header(char *data, size_t size, size_t count, void *clientp)
{
    auto *t = static_cast<transfer *>(clientp);
    size_t n = size * count;
    bool notify = false;
    {
        std::lock_guard<std::mutex> g(t->lock);
        if (t->headers_done)
            return n;  // trailers: not kept yet
        if (n >= 5 && std::memcmp(data, "HTTP/", 5) == 0) {
            if (!t->request_sent) {
                // The server answered before the hooks saw the whole request.
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
        }
        t->head.append(data, n);
        bool blank = (n == 2 && data[0] == '\r' && data[1] == '\n') || (n == 1 && data[0] == '\n');
        if (blank) {
            int code = status_of(t->head);
            if (code >= 200 || code == 101) {
                t->final_head = t->head;
                t->headers_done = true;
                t->record_number_locked(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, DWORD(t->head.size()));
                notify = true;
            }
            // 1xx interim heads are dropped (INTERMEDIATE_RESPONSE: later).
            t->head.clear();
        }
    }
    if (notify)
        t->changed.notify_all();
    return n;
}

size_t on_write(char *data, size_t size, size_t count, void *clientp)
{
    auto *t = static_cast<transfer *>(clientp);
    size_t n = size * count;
    {
        std::lock_guard<std::mutex> g(t->lock);
        if (t->done)
            return 0;  // aborted: make curl stop
        size_t held = t->buffered();
        if (held > 0 && held + n > transfer::body_bound) {
            t->paused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        if (t->body_offset > 0 && t->body_offset >= t->body.size() / 2) {
            t->body.erase(0, t->body_offset);
            t->body_offset = 0;
        }
        t->body.append(data, n);
    }
    t->changed.notify_all();
    return n;
}

template <class T>
bool set(CURL *e, CURLoption o, T v) { return curl_easy_setopt(e, o, v) == CURLE_OK; }

}  // namespace

bool configure_easy(transfer *t)
{
    CURL *e = t->easy;
    bool ok = set(e, CURLOPT_URL, t->url.c_str()) &&
              set(e, CURLOPT_PRIVATE, static_cast<void *>(t)) &&
              set(e, CURLOPT_NOSIGNAL, 1L) &&
              set(e, CURLOPT_FOLLOWLOCATION, 0L) &&
              set(e, CURLOPT_HTTP_VERSION, t->http_version) &&
              set(e, CURLOPT_PROTOCOLS_STR, "http,https") &&
              set(e, CURLOPT_RESOLVER_START_FUNCTION, on_resolver_start) &&
              set(e, CURLOPT_RESOLVER_START_DATA, static_cast<void *>(t)) &&
              set(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket) &&
              set(e, CURLOPT_OPENSOCKETDATA, static_cast<void *>(t)) &&
              set(e, CURLOPT_PREREQFUNCTION, on_prereq) &&
              set(e, CURLOPT_PREREQDATA, static_cast<void *>(t)) &&
              // The debug hook needs VERBOSE; it is where curl reports the
              // request bytes leaving (SENDING_REQUEST / REQUEST_SENT).
              set(e, CURLOPT_DEBUGFUNCTION, on_debug) &&
              set(e, CURLOPT_DEBUGDATA, static_cast<void *>(t)) &&
              set(e, CURLOPT_VERBOSE, 1L) &&
              set(e, CURLOPT_HEADERFUNCTION, on_header) &&
              set(e, CURLOPT_HEADERDATA, static_cast<void *>(t)) &&
              set(e, CURLOPT_WRITEFUNCTION, on_write) &&
              set(e, CURLOPT_WRITEDATA, static_cast<void *>(t));
    if (!ok || !tls_configure_easy(t))  // TLS
        return false;
    if (t->connect_timeout_ms > 0 && !set(e, CURLOPT_CONNECTTIMEOUT_MS, t->connect_timeout_ms))
        return false;
    if (t->head_request) {
        if (!set(e, CURLOPT_NOBODY, 1L))
            return false;
    } else if (t->has_upload) {
        if (!set(e, CURLOPT_POST, 1L) ||
            !set(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(t->upload.size())) ||
            !set(e, CURLOPT_POSTFIELDS, t->upload.data()))
            return false;
    }
    if (t->method != "GET" && t->method != "HEAD" && !(t->method == "POST" && t->has_upload)) {
        if (!set(e, CURLOPT_CUSTOMREQUEST, t->method.c_str()))
            return false;
    }
    for (const std::string &line : t->header_lines) {
        curl_slist *next = curl_slist_append(t->headers, line.c_str());
        if (!next)
            return false;
        t->headers = next;
    }
    return set(e, CURLOPT_HTTPHEADER, t->headers);
}

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
