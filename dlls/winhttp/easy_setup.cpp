// Setting up a transfer's curl easy handle: every option, or, on a warm
// handle (easy_pool.h), only the transfer's own ones; and re-pointing it
// for a followed redirect.
#include <algorithm>
#include <string>

#include "auth_transfer.h"
#include "connection_close.h"
#include "curl_hooks.h"
#include "progress_hook.h"
#include "request_sent_watch.h"
#include "text.h"
#include "tls_hooks.h"  // TLS
#include "transfer.h"

namespace winhttp {
namespace {

// Just under glibc's FASTBIN_CONSOLIDATION_THRESHOLD (64 KiB) once curl
// adds its byte for a terminating zero and malloc its chunk header.
constexpr long receive_buffer_size = 64L * 1024 - 64;

template <class T>
bool set(CURL *e, CURLoption o, T v) { return curl_easy_setopt(e, o, v) == CURLE_OK; }

// What this transfer's own request needs: set on every use of a handle,
// warm or not.  The hooks reach the transfer through the handle's slot.
bool set_per_transfer(transfer *t)
{
    CURL *e = t->easy;
    t->target->t = t;
    if (!point_easy_at(e, t->target->url.get(), t->url))
        return false;
    // The transfer's own list (field_lines.h), no copy; a redirect to
    // another host or an auth answer may replace it (adopt_headers).
    t->adopt_headers(nullptr);
    t->headers = t->header_lines.list();
    // Where the request is seen leaving (SENDING_REQUEST, REQUEST_SENT):
    // curl's debug hook, which needs VERBOSE (costly: curl then formats
    // every info message), or, for small plain-HTTP requests, its progress
    // hook (request_sent_watch.h).  Chosen once the fields are known, on
    // every use of a handle (warm ones too).
    return set(e, CURLOPT_HTTPHEADER, t->headers) && request_sent_watch::choose(e, t, t->url, hooks::on_debug);
}

// Everything else: what a warm handle (easy_pool.h) has set already,
// including the hooks and their slot (hook_target.h).  The upload options
// point into t too, but a transfer with an upload has no profile
// (easy_profile): its handle is never warm.
bool set_profile_options(transfer *t)
{
    CURL *e = t->easy;
    void *slot = static_cast<void *>(t->target);
    bool ok = set(e, CURLOPT_NOSIGNAL, 1L) &&
              // A receive buffer of almost 64 KiB (curl's default is 16
              // KiB): a quarter of the CPU per GiB downloaded, measured
              // with make bench; 16 MiB for 256 transfers in flight.  curl
              // allocates it for every transfer and frees it at the end;
              // glibc consolidates its whole heap on every free of 64 KiB
              // or more.
              set(e, CURLOPT_BUFFERSIZE, receive_buffer_size) &&
              set(e, CURLOPT_FOLLOWLOCATION, 0L) &&
              set(e, CURLOPT_HTTP_VERSION, t->http_version) &&
              set(e, CURLOPT_PROTOCOLS_STR, "http,https") &&
              set(e, CURLOPT_RESOLVER_START_FUNCTION, hooks::on_resolver_start) &&
              set(e, CURLOPT_RESOLVER_START_DATA, slot) &&
              set(e, CURLOPT_OPENSOCKETFUNCTION, hooks::on_open_socket) && set(e, CURLOPT_OPENSOCKETDATA, slot) &&
              set(e, CURLOPT_PREREQFUNCTION, hooks::on_prereq) && set(e, CURLOPT_PREREQDATA, slot) &&
              connection_close::install(e) &&
              set(e, CURLOPT_HEADERFUNCTION, hooks::on_header) && set(e, CURLOPT_HEADERDATA, slot) &&
              set(e, CURLOPT_WRITEFUNCTION, hooks::on_write) && set(e, CURLOPT_WRITEDATA, slot) &&
              progress_hook::install(e, t->target);
    if (!ok || !tls_configure_easy(t))  // TLS
        return false;
    if (t->connect_timeout_ms > 0 && !set(e, CURLOPT_CONNECTTIMEOUT_MS, t->connect_timeout_ms))
        return false;
    // Plain HTTP: through the session's named proxy, or direct whatever
    // http_proxy says in the environment (WinHTTP does not read it).
    if (!t->tls && !set(e, CURLOPT_PROXY, t->plain_proxy.empty() ? "" : ("http://" + t->plain_proxy).c_str()))
        return false;
    // Nor no_proxy: the session's bypass list has been applied already
    // (tls_proxy.h), and an empty list here keeps curl from reading the
    // environment's (which also saves two getenv calls per request).
    if (!set(e, CURLOPT_NOPROXY, ""))
        return false;
    // Without WINHTTP_OPTION_DECOMPRESSION the body comes as it was sent.
    if (t->accept_encoding.empty() ? !set(e, CURLOPT_HTTP_CONTENT_DECODING, 0L)
                                   : !set(e, CURLOPT_ACCEPT_ENCODING, t->accept_encoding.c_str()))
        return false;
    if (t->head_request) {
        if (!set(e, CURLOPT_NOBODY, 1L))
            return false;
    } else if (t->upload_streamed) {
        curl_off_t size = t->upload_unbounded ? -1 : curl_off_t(t->upload_total);
        if (!set(e, CURLOPT_POST, 1L) || !set(e, CURLOPT_POSTFIELDSIZE_LARGE, size) ||
            !set(e, CURLOPT_READFUNCTION, hooks::on_read) ||
            !set(e, CURLOPT_READDATA, slot))
            return false;
    } else if (t->has_upload) {
        if (!set(e, CURLOPT_POST, 1L) ||
            !set(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(t->upload.size())) ||
            !set(e, CURLOPT_POSTFIELDS, t->upload.data()))
            return false;
    }
    bool posts = t->has_upload || t->upload_streamed;
    if (t->method != "GET" && t->method != "HEAD" && !(t->method == "POST" && posts)) {
        if (!set(e, CURLOPT_CUSTOMREQUEST, t->method.c_str()))
            return false;
    }
    return auth::configure_easy(*t);
}

// Seven bits a byte, the high bit set on all but the last: no number's
// bytes begin another's, and small numbers take one byte.
size_t number_size(unsigned long n)
{
    size_t bytes = 1;
    for (; n >= 0x80; n >>= 7)
        ++bytes;
    return bytes;
}

char *put_number(char *out, unsigned long n)
{
    for (; n >= 0x80; n >>= 7)
        *out++ = char(0x80 | (n & 0x7f));
    *out++ = char(n);
    return out;
}

// Length first, so that no two lists of strings give the same text.
size_t text_size(const std::string &s) { return number_size(s.size()) + s.size(); }

char *put_text(char *out, const std::string &s)
{
    out = put_number(out, s.size());
    return std::copy(s.begin(), s.end(), out);
}

}  // namespace

std::string easy_profile(const transfer &t)
{
    // Uploads point curl at this transfer's body or read hook, TLS at this
    // transfer's certificate rules, and curl-answered authentication at its
    // credentials: those handles are reset for every use.
    if (t.tls || t.has_upload || t.upload_streamed || auth::sets_curl_options(t))
        return {};
    // Every value set_profile_options reads from t, as bytes: comparing
    // two profiles is all a warm handle costs.  Compact, so that a common
    // profile (GET, no proxy, no decompression: 11 bytes) fits in the
    // string itself and costs no allocation.
    // Sized first and written in place: one string, no appends.
    const unsigned long numbers[] = {static_cast<unsigned long>(t.http_version),
                                     static_cast<unsigned long>(t.connect_timeout_ms), t.head_request ? 1ul : 0ul};
    const std::string *texts[] = {&t.plain_proxy, &t.accept_encoding, &t.method};
    size_t size = 0;
    for (unsigned long n : numbers)
        size += number_size(n);
    for (const std::string *text : texts)
        size += text_size(*text);
    std::string p(size, '\0');
    char *out = &p[0];
    for (unsigned long n : numbers)
        out = put_number(out, n);
    for (const std::string *text : texts)
        out = put_text(out, *text);
    return p;
}

bool configure_easy(transfer *t, bool warm)
{
    return (warm || set_profile_options(t)) && set_per_transfer(t);
}

namespace {

// Credentials the application gave for one host do not go to another.
bool drop_authorization(transfer *t)
{
    CURL *e = t->easy;
    curl_slist *kept = nullptr;
    if (!copy_without_field(t->headers, "Authorization", kept))
        return false;
    if (!set(e, CURLOPT_HTTPHEADER, kept)) {
        curl_slist_free_all(kept);
        return false;
    }
    t->adopt_headers(kept);
    return true;
}

}  // namespace

bool reconfigure_for_redirect(transfer *t, const redirect_decision &d)
{
    CURL *e = t->easy;
    if (!point_easy_at(e, t->target->url.get(), d.url))
        return false;
    if (d.switch_to_get) {
        if (!set(e, CURLOPT_HTTPGET, 1L) || !set(e, CURLOPT_CUSTOMREQUEST, static_cast<char *>(nullptr)))
            return false;
    }
    if (d.host_changed && !drop_authorization(t))
        return false;
    // The new exchange may need the debug hook where the last did not (a
    // longer URL), or the other way round.
    return request_sent_watch::choose(e, t, d.url, hooks::on_debug);
}

}  // namespace winhttp
