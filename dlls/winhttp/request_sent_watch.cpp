#include "request_sent_watch.h"

#include <cstring>

#include "auth_transfer.h"
#include "text.h"
#include "transfer.h"

namespace winhttp::request_sent_watch {
namespace {

// The largest first send (head plus a body appended to it) the watch
// relies on leaving in one send().  Linux starts a TCP socket with a
// 16 KiB send buffer (tcp_wmem's default) and grows it once connected; a
// reused connection has nothing queued, since the previous response acked
// the previous request.  Half of the smallest default keeps a margin.
constexpr size_t one_send_limit = 8 * 1024;

// Room for the fields curl writes itself besides the request line and the
// Host field (counted with the URL): Accept, Content-Length, Content-Type,
// Transfer-Encoding and the line ends.
constexpr size_t curl_fields_room = 1024;

// An upper bound on the bytes of the exchange's first send: the request
// line and Host (the URL twice), the fields curl is given, the fields it
// adds, and a POSTFIELDS body, which curl appends to the head.
size_t first_send_estimate(const transfer &t, const std::string &url)
{
    size_t n = t.method.size() + 2 * url.size() + curl_fields_room + t.accept_encoding.size();
    for (const curl_slist *l = t.headers; l; l = l->next)
        n += std::strlen(l->data) + 2;
    if (t.has_upload && !t.upload_streamed)
        n += t.upload.size();
    return n;
}

// curl's NTLM rounds send the request more than once inside one exchange,
// first without its body; the debug hook's counts are kept for them.
bool curl_answers_ntlm(const transfer &t)
{
    return t.auth && t.auth->server.curl_ntlm;
}

// HTTP/1.x on the wire: HTTP/2 frames the request in its own way (2TLS
// means HTTP/1.1 for http:// URLs).
bool speaks_http1(const transfer &t)
{
    return t.http_version == CURL_HTTP_VERSION_1_0 || t.http_version == CURL_HTTP_VERSION_1_1 ||
           (t.http_version == CURL_HTTP_VERSION_2TLS && !t.tls);
}

// TLS: the handshake watch needs curl's text messages (tls_hooks.h); the
// URL is checked too, for a redirect that leaves plain HTTP.
bool secure(const transfer &t, const std::string &url)
{
    return t.tls || iequals(std::string_view(url).substr(0, 6), "https:");
}

bool needs_debug_hook_for(const transfer &t, const std::string &url)
{
    return secure(t, url) || curl_answers_ntlm(t) || !speaks_http1(t) ||
           first_send_estimate(t, url) > one_send_limit;
}

// What the debug hook would have counted by now, from curl's counters:
// request_size is all the exchange's request bytes that left in its first
// send, ulnow the body bytes among everything sent so far.  Seen for the
// first time right after that send (see the header), request_size minus
// ulnow is the head.  Caller holds t.lock.
void note_bytes_locked(transfer &t, curl_off_t request_size, curl_off_t ulnow)
{
    if (!t.sending_sent) {
        t.sending_sent = true;
        t.record_locked(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
    }
    if (!t.header_out_complete) {
        t.header_out_complete = true;
        t.out_header_bytes = uint64_t(request_size - ulnow);
    }
    t.out_body_bytes = uint64_t(ulnow);
}

// The request bytes of this exchange that curl has sent in its first send
// (CURLINFO_REQUEST_SIZE, reset when an exchange starts); 0 before.
curl_off_t first_send_bytes(CURL *easy)
{
    long size = 0;
    return curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &size) == CURLE_OK ? curl_off_t(size) : 0;
}

// The progress hook's part for the watch: SENDING_REQUEST once the first
// send is out, REQUEST_SENT once the body is out too (a streamed body's
// REQUEST_SENT comes from the read callback, which needs only the head's
// size from here).  Driver only.
void watch(transfer &t, curl_off_t ulnow)
{
    curl_off_t request_size = first_send_bytes(t.easy);
    if (request_size <= 0)
        return;  // nothing of this exchange's request has left yet
    bool notify = false;
    {
        std::lock_guard<fast_mutex> g(t.lock);
        note_bytes_locked(t, request_size, ulnow);
        bool was = t.request_sent;
        mark_sent_locked(&t);
        notify = !was && t.request_sent;
        // Nothing more to note: later calls take no lock.
        t.sent_watch_over = t.request_sent || t.upload_streamed;
    }
    if (notify)
        t.signal();  // a waiting send step may complete
}

}  // namespace

void on_progress(transfer &t, curl_off_t ulnow)
{
    if (!t.debug_hook && !t.sent_watch_over)
        watch(t, ulnow);
}

bool choose(CURL *easy, transfer *t, const std::string &url, curl_debug_callback debug_hook)
{
    t->debug_hook = needs_debug_hook_for(*t, url);
    t->sent_watch_over = false;
    if (!t->debug_hook)
        return curl_easy_setopt(easy, CURLOPT_VERBOSE, 0L) == CURLE_OK;
    // The debug hook needs VERBOSE: only then does curl call it.
    return curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, debug_hook) == CURLE_OK &&
           curl_easy_setopt(easy, CURLOPT_DEBUGDATA, static_cast<void *>(t->target)) == CURLE_OK &&
           curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L) == CURLE_OK;
}

void mark_sent_locked(transfer *t)
{
    // A streamed upload's REQUEST_SENT comes from the read callback.
    if (t->request_sent || !t->header_out_complete || t->upload_streamed)
        return;
    if (t->has_upload && t->out_body_bytes < t->upload.size())
        return;
    t->request_sent = true;
    t->record_number_locked(WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
                            DWORD(t->out_header_bytes + t->out_body_bytes));
}

void catch_up_locked(transfer *t)
{
    if (t->debug_hook || !t->easy)
        return;
    curl_off_t request_size = first_send_bytes(t->easy);
    curl_off_t ulnow = 0;
    if (request_size <= 0 || curl_easy_getinfo(t->easy, CURLINFO_SIZE_UPLOAD_T, &ulnow) != CURLE_OK)
        return;
    note_bytes_locked(*t, request_size, ulnow);
}

}  // namespace winhttp::request_sent_watch
