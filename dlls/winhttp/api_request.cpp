// WinHttpSendRequest, WinHttpReceiveResponse, WinHttpQueryDataAvailable,
// WinHttpReadData, WinHttpQueryHeaders: sync mode.
//
// Each call hands work to the engine and blocks until the engine has done the
// step; then, on the calling thread, it delivers the notifications the engine
// recorded meanwhile, and returns.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

#include "api.h"
#include "request_state.h"
#include "transfer.h"

using namespace winhttp;

namespace {

std::string utf8(const std::u16string &s)
{
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        uint32_t c = s[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.size() && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (s[i + 1] - 0xdc00);
            ++i;
        }
        if (c < 0x80) {
            out += char(c);
        } else if (c < 0x800) {
            out += char(0xc0 | (c >> 6));
            out += char(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            out += char(0xe0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        } else {
            out += char(0xf0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3f));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        }
    }
    return out;
}

// Response heads are bytes; each maps to one UTF-16 unit (Latin-1).
std::u16string widen(const std::string &s)
{
    std::u16string out;
    out.reserve(s.size());
    for (unsigned char c : s)
        out += char16_t(c);
    return out;
}

bool iequals(const std::string &a, const std::string &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool has_header(const std::vector<std::string> &lines, const char *name)
{
    size_t n = std::strlen(name);
    for (const std::string &l : lines)
        if (l.size() > n && l[n] == ':' && iequals(l.substr(0, n), name))
            return true;
    return false;
}

// The application's header block: lines separated by CRLF (or LF).
std::vector<std::string> split_headers(LPCWSTR headers, DWORD length)
{
    std::vector<std::string> out;
    if (!headers)
        return out;
    size_t n = length == DWORD(-1) ? wide_length(headers) : length;
    std::string all = utf8(std::u16string(reinterpret_cast<const char16_t *>(headers), n));
    size_t pos = 0;
    while (pos <= all.size()) {
        size_t end = all.find('\n', pos);
        if (end == std::string::npos)
            end = all.size();
        std::string line = all.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty())
            out.push_back(line);
        pos = end + 1;
    }
    return out;
}

std::shared_ptr<transfer> make_transfer(const request &r, std::vector<std::string> app_headers,
                                        const void *data, DWORD data_length)
{
    auto t = std::make_shared<transfer>();
    const connection &c = r.owner();
    std::string host = utf8(c.server);
    if (host.find(':') != std::string::npos && host.front() != '[')
        host = "[" + host + "]";
    t->url = (r.secure() ? "https://" : "http://") + host + ":" + std::to_string(r.effective_port()) +
             utf8(r.path);
    t->method = utf8(r.verb);
    t->head_request = t->method == "HEAD";
    t->http_version = r.version == u"HTTP/1.0" ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1;
    t->server = c.server;
    if (data && data_length) {
        t->upload.assign(static_cast<const char *>(data), data_length);
        t->has_upload = true;
    }
    int connect = r.settings.timeout.connect;
    int resolve = r.settings.timeout.resolve;
    if (connect > 0)
        t->connect_timeout_ms = connect + (resolve > 0 ? resolve : 0);

    // curl's own defaults that WinHTTP does not send are switched off with
    // an empty value; the application's fields follow and win.
    std::vector<std::string> &h = t->header_lines;
    if (!r.agent.empty())
        h.push_back("User-Agent: " + utf8(r.agent));
    if (!r.accept_types.empty()) {
        std::string accept = "Accept: ";
        for (size_t i = 0; i < r.accept_types.size(); ++i)
            accept += (i ? ", " : "") + utf8(r.accept_types[i]);
        h.push_back(accept);
    } else if (!has_header(app_headers, "Accept")) {
        h.push_back("Accept:");
    }
    if (!r.referrer.empty())
        h.push_back("Referer: " + utf8(r.referrer));
    if (t->has_upload && !has_header(app_headers, "Content-Type"))
        h.push_back("Content-Type:");
    if (!has_header(app_headers, "Expect"))
        h.push_back("Expect:");
    for (std::string &l : app_headers)
        h.push_back(std::move(l));
    return t;
}

// Waits under lk until pred holds; after timeout_ms (<= 0: never) the
// transfer ends with ERROR_WINHTTP_TIMEOUT.
template <class Pred>
void wait_step(transfer &t, std::unique_lock<std::mutex> &lk, int timeout_ms, Pred pred)
{
    if (timeout_ms <= 0) {
        t.changed.wait(lk, pred);
        return;
    }
    if (t.changed.wait_for(lk, std::chrono::milliseconds(timeout_ms), pred))
        return;
    lk.unlock();
    t.abort(ERROR_WINHTTP_TIMEOUT);
    lk.lock();
    t.changed.wait(lk, pred);
}

bool is_receive_event(DWORD status)
{
    return status == WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE ||
           status == WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED;
}

// Delivers, on this thread, the notifications recorded so far: only those of
// the sending step unless `all`.  Caller holds lk; it is released meanwhile.
void deliver(request &r, transfer &t, std::unique_lock<std::mutex> &lk, bool all)
{
    for (;;) {
        std::vector<recorded_event> batch;
        size_t n = 0;
        while (n < t.events.size() && (all || !is_receive_event(t.events[n].status)))
            ++n;
        if (n == 0)
            return;
        batch.assign(std::make_move_iterator(t.events.begin()),
                     std::make_move_iterator(t.events.begin() + n));
        t.events.erase(t.events.begin(), t.events.begin() + n);
        lk.unlock();
        for (recorded_event &e : batch) {
            if (e.has_number) {
                DWORD v = e.number;
                r.notify(e.status, &v, sizeof(v));
            } else if (!e.text.empty()) {
                std::u16string copy = e.text;  // the callback may scribble on it
                r.notify(e.status, &copy[0], DWORD(copy.size() + 1));
            } else {
                r.notify(e.status, nullptr, 0);
            }
        }
        lk.lock();
    }
}

// ---- the response head ----

struct parsed_head {
    std::string version, status_code, status_text;
    std::vector<std::string> lines;  // all lines, status line first, no CRLF
};

parsed_head parse_head(const std::string &raw)
{
    parsed_head p;
    size_t pos = 0;
    while (pos < raw.size()) {
        size_t end = raw.find('\n', pos);
        if (end == std::string::npos)
            end = raw.size();
        std::string line = raw.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty())
            p.lines.push_back(line);
        pos = end + 1;
    }
    if (!p.lines.empty()) {
        const std::string &s = p.lines[0];
        size_t a = s.find(' ');
        p.version = s.substr(0, a);
        if (a != std::string::npos) {
            size_t b = s.find(' ', a + 1);
            p.status_code = s.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
            if (b != std::string::npos)
                p.status_text = s.substr(b + 1);
        }
    }
    return p;
}

const char *header_name(DWORD attribute)
{
    switch (attribute) {
    case WINHTTP_QUERY_MIME_VERSION: return "Mime-Version";
    case WINHTTP_QUERY_CONTENT_TYPE: return "Content-Type";
    case WINHTTP_QUERY_CONTENT_TRANSFER_ENCODING: return "Content-Transfer-Encoding";
    case WINHTTP_QUERY_CONTENT_LENGTH: return "Content-Length";
    case WINHTTP_QUERY_CONTENT_LANGUAGE: return "Content-Language";
    case WINHTTP_QUERY_ALLOW: return "Allow";
    case WINHTTP_QUERY_DATE: return "Date";
    case WINHTTP_QUERY_EXPIRES: return "Expires";
    case WINHTTP_QUERY_LAST_MODIFIED: return "Last-Modified";
    case WINHTTP_QUERY_PRAGMA: return "Pragma";
    case WINHTTP_QUERY_CONNECTION: return "Connection";
    case WINHTTP_QUERY_CONTENT_ENCODING: return "Content-Encoding";
    case WINHTTP_QUERY_LOCATION: return "Location";
    case WINHTTP_QUERY_RETRY_AFTER: return "Retry-After";
    case WINHTTP_QUERY_SERVER: return "Server";
    case WINHTTP_QUERY_WWW_AUTHENTICATE: return "WWW-Authenticate";
    case WINHTTP_QUERY_PROXY_AUTHENTICATE: return "Proxy-Authenticate";
    case WINHTTP_QUERY_ACCEPT_RANGES: return "Accept-Ranges";
    case WINHTTP_QUERY_SET_COOKIE: return "Set-Cookie";
    case WINHTTP_QUERY_CONTENT_DISPOSITION: return "Content-Disposition";
    case WINHTTP_QUERY_AGE: return "Age";
    case WINHTTP_QUERY_CACHE_CONTROL: return "Cache-Control";
    case WINHTTP_QUERY_CONTENT_LOCATION: return "Content-Location";
    case WINHTTP_QUERY_CONTENT_RANGE: return "Content-Range";
    case WINHTTP_QUERY_ETAG: return "ETag";
    case WINHTTP_QUERY_TRANSFER_ENCODING: return "Transfer-Encoding";
    default: return nullptr;
    }
}

// The index-th value of the field `name` (case-insensitive), if any.
bool find_field(const parsed_head &p, const std::string &name, DWORD index, std::string &value)
{
    for (size_t i = 1; i < p.lines.size(); ++i) {
        const std::string &l = p.lines[i];
        size_t colon = l.find(':');
        if (colon == std::string::npos || !iequals(l.substr(0, colon), name))
            continue;
        if (index-- > 0)
            continue;
        size_t v = l.find_first_not_of(" \t", colon + 1);
        value = v == std::string::npos ? std::string() : l.substr(v);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.pop_back();
        return true;
    }
    return false;
}

BOOL copy_string_out(const std::u16string &s, void *buffer, DWORD *length)
{
    DWORD needed = DWORD((s.size() + 1) * sizeof(char16_t));
    if (!buffer || *length < needed) {
        *length = needed;
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    }
    std::memcpy(buffer, s.data(), s.size() * sizeof(char16_t));
    static_cast<char16_t *>(buffer)[s.size()] = 0;
    *length = DWORD(s.size() * sizeof(char16_t));
    return succeed();
}

BOOL copy_number_out(const std::string &text, bool wide, void *buffer, DWORD *length)
{
    DWORD needed = wide ? sizeof(ULONGLONG) : sizeof(DWORD);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return fail(ERROR_WINHTTP_INVALID_QUERY_REQUEST, FALSE);
    if (!buffer || *length < needed) {
        *length = needed;
        return fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
    }
    ULONGLONG v = std::stoull(text);
    if (wide) {
        std::memcpy(buffer, &v, sizeof(v));
    } else {
        DWORD d = DWORD(v);
        std::memcpy(buffer, &d, sizeof(d));
    }
    *length = needed;
    return succeed();
}

// The transfer of a request whose response head has arrived, or empty with
// the last error set.
std::shared_ptr<transfer> responded(request &r)
{
    std::shared_ptr<transfer> t = request_state::find(r);
    if (t) {
        std::lock_guard<std::mutex> g(t->lock);
        if (t->phase == api_phase::responded)
            return t;
    }
    return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, std::shared_ptr<transfer>());
}

}  // namespace

extern "C" BOOL WINAPI WinHttpSendRequest(HINTERNET h, LPCWSTR headers, DWORD headers_length,
                                          LPVOID optional, DWORD optional_length,
                                          DWORD total_length, DWORD_PTR context)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (r->owner().owner().async)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);  // async mode: not yet
        if (!optional && optional_length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        if (total_length > optional_length)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);  // WinHttpWriteData: not yet
        if (headers && headers_length == 0 && *headers)
            headers_length = DWORD(-1);
        r->set_context(context);

        std::shared_ptr<transfer> t =
            make_transfer(*r, split_headers(headers, headers_length), optional, optional_length);
        request_state::attach(*r, t);
        if (!t->start())
            return fail(ERROR_NOT_ENOUGH_MEMORY, FALSE);

        std::unique_lock<std::mutex> lk(t->lock);
        wait_step(*t, lk, 0, [&] { return t->request_sent || t->done; });
        deliver(*r, *t, lk, false);
        // An error after the request went out (the server answered and reset
        // at once) belongs to the later steps.
        if (!t->request_sent) {
            t->phase = api_phase::failed;
            DWORD err = t->error;
            lk.unlock();
            return fail(err, FALSE);
        }
        t->phase = api_phase::sent;
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpReceiveResponse(HINTERNET h, LPVOID reserved)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (reserved)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        std::shared_ptr<transfer> t = request_state::find(*r);
        if (!t)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        std::unique_lock<std::mutex> lk(t->lock);
        if (t->phase != api_phase::sent)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        wait_step(*t, lk, r->settings.timeout.receive_response,
                  [&] { return t->headers_done || t->done; });
        deliver(*r, *t, lk, true);
        if (!t->headers_done) {
            t->phase = api_phase::failed;
            DWORD err = t->error ? t->error : ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
            lk.unlock();
            return fail(err, FALSE);
        }
        t->phase = api_phase::responded;
        return succeed();
    });
}

namespace {

// Waits for body bytes or the end; TRUE with `available` set, or FALSE with
// the last error set.
BOOL wait_for_body(request &r, transfer &t, std::unique_lock<std::mutex> &lk, DWORD &available)
{
    if (t.phase != api_phase::responded)
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
    wait_step(t, lk, r.settings.timeout.receive, [&] { return t.buffered() > 0 || t.done; });
    if (t.buffered() == 0 && t.error)
        return fail(t.error, FALSE);
    available = DWORD(std::min<size_t>(t.buffered(), 0xffffffffu));
    return TRUE;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryDataAvailable(HINTERNET h, LPDWORD available)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        std::shared_ptr<transfer> t = request_state::find(*r);
        if (!t)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        std::unique_lock<std::mutex> lk(t->lock);
        DWORD n = 0;
        if (!wait_for_body(*r, *t, lk, n))
            return FALSE;
        if (available)
            *available = n;
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpReadData(HINTERNET h, LPVOID buffer, DWORD to_read, LPDWORD read)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!buffer && to_read)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        std::shared_ptr<transfer> t = request_state::find(*r);
        if (!t)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        std::unique_lock<std::mutex> lk(t->lock);
        DWORD n = 0;
        if (to_read && !wait_for_body(*r, *t, lk, n))
            return FALSE;
        if (!to_read && t->phase != api_phase::responded)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);
        n = std::min(n, to_read);
        if (n) {
            std::memcpy(buffer, t->body.data() + t->body_offset, n);
            t->body_offset += n;
            if (t->body_offset == t->body.size()) {
                t->body.clear();
                t->body_offset = 0;
            }
            t->maybe_resume_locked();
        }
        if (read)
            *read = n;
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpQueryHeaders(HINTERNET h, DWORD info_level, LPCWSTR name,
                                           LPVOID buffer, LPDWORD buffer_length, LPDWORD index)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!buffer_length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        DWORD attribute = info_level & 0xffff;
        DWORD modifiers = info_level & ~DWORD(0xffff);
        const DWORD known = WINHTTP_QUERY_FLAG_NUMBER | WINHTTP_QUERY_FLAG_NUMBER64;
        if (modifiers & ~known)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);  // request headers, SYSTEMTIME: later
        std::shared_ptr<transfer> t = responded(*r);
        if (!t)
            return FALSE;
        std::string raw;
        {
            std::lock_guard<std::mutex> g(t->lock);
            raw = t->final_head;
        }
        parsed_head p = parse_head(raw);
        DWORD wanted = index ? *index : 0;
        std::string value;
        bool by_field = false;
        switch (attribute) {
        case WINHTTP_QUERY_VERSION: value = p.version; break;
        case WINHTTP_QUERY_STATUS_CODE: value = p.status_code; break;
        case WINHTTP_QUERY_STATUS_TEXT: value = p.status_text; break;
        case WINHTTP_QUERY_RAW_HEADERS_CRLF:
        case WINHTTP_QUERY_RAW_HEADERS: {
            if (modifiers)
                return fail(ERROR_WINHTTP_INVALID_QUERY_REQUEST, FALSE);
            std::u16string all;
            for (const std::string &l : p.lines) {
                all += widen(l);
                if (attribute == WINHTTP_QUERY_RAW_HEADERS_CRLF)
                    all += u"\r\n";
                else
                    all += u'\0';
            }
            // CRLF form: an empty line ends it; NUL form: a second NUL, which
            // copy_string_out adds.
            if (attribute == WINHTTP_QUERY_RAW_HEADERS_CRLF)
                all += u"\r\n";
            return copy_string_out(all, buffer, buffer_length);
        }
        case WINHTTP_QUERY_CUSTOM:
            if (!name)
                return fail(ERROR_INVALID_PARAMETER, FALSE);
            by_field = true;
            if (!find_field(p, utf8(wide_string(name)), wanted, value))
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
            break;
        default: {
            const char *field = header_name(attribute);
            if (!field)
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
            by_field = true;
            if (!find_field(p, field, wanted, value))
                return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
        }
        }
        if (!by_field && wanted > 0)
            return fail(ERROR_WINHTTP_HEADER_NOT_FOUND, FALSE);
        BOOL ok = modifiers ? copy_number_out(value, (modifiers & WINHTTP_QUERY_FLAG_NUMBER64) != 0,
                                              buffer, buffer_length)
                            : copy_string_out(widen(value), buffer, buffer_length);
        if (ok && by_field && index)
            *index = wanted + 1;
        return ok;
    });
}
