#include "transfer_setup.h"

#include <cctype>
#include <cstring>

#include "api.h"
#include "text.h"

namespace winhttp {
namespace {

// The value of the first field called name, or nullptr.
const std::string *find_header(const std::vector<std::string> &lines, const char *name, std::string &value)
{
    size_t n = std::strlen(name);
    for (const std::string &l : lines)
        if (l.size() > n && l[n] == ':' && iequals(l.substr(0, n), name)) {
            size_t b = l.find_first_not_of(" \t", n + 1);
            value = b == std::string::npos ? std::string() : l.substr(b);
            return &l;
        }
    return nullptr;
}

bool has_header(const std::vector<std::string> &lines, const char *name)
{
    std::string ignored;
    return find_header(lines, name, ignored) != nullptr;
}

// WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH with "Transfer-Encoding: chunked":
// the application streams a body of unknown length.
bool app_streams_chunked(const std::vector<std::string> &lines)
{
    std::string value;
    if (!find_header(lines, "Transfer-Encoding", value))
        return false;
    for (char &c : value)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return value.find("chunked") != std::string::npos;
}

void set_body(transfer &t, const std::vector<std::string> &app_headers, const void *data,
              DWORD data_length, DWORD total_length)
{
    bool unbounded = total_length == WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH && app_streams_chunked(app_headers);
    if (total_length > data_length || unbounded) {
        t.upload_streamed = true;
        t.upload_unbounded = unbounded;
        t.upload_optional = data_length;
        t.upload_total = total_length;
        // Not started yet: no lock needed.  Broken framing in the optional
        // data shows up as a short body; the server answers for it.
        if (data_length)
            t.queue_upload_locked(data, data_length);
        t.last_write_size = 0;
    } else if (data && data_length) {
        t.upload.assign(static_cast<const char *>(data), data_length);
        t.has_upload = true;
    }
}

}  // namespace

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
                                        const void *data, DWORD data_length, DWORD total_length)
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
    set_body(*t, app_headers, data, data_length, total_length);
    t->redirects.policy = r.settings.redirect_policy;
    t->redirects.max_redirects = r.settings.max_redirects;
    t->redirects.disabled = (r.settings.disabled_features & WINHTTP_DISABLE_REDIRECTS) != 0;
    t->redirects.body_replayable = !t->upload_streamed;
    t->max_head_size = r.settings.max_response_header_size;
    DWORD dec = r.settings.decompression;
    if ((dec & WINHTTP_DECOMPRESSION_FLAG_GZIP) && (dec & WINHTTP_DECOMPRESSION_FLAG_DEFLATE))
        t->accept_encoding = "gzip, deflate";
    else if (dec & WINHTTP_DECOMPRESSION_FLAG_GZIP)
        t->accept_encoding = "gzip";
    else if (dec & WINHTTP_DECOMPRESSION_FLAG_DEFLATE)
        t->accept_encoding = "deflate";
    // HTTP/2 only where TLS negotiates it (ALPN), as on Windows.
    if ((r.settings.enabled_protocols & WINHTTP_PROTOCOL_FLAG_HTTP2) && r.secure() &&
        t->http_version == CURL_HTTP_VERSION_1_1)
        t->http_version = CURL_HTTP_VERSION_2TLS;
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
    if ((t->has_upload || t->upload_streamed) && !has_header(app_headers, "Content-Type"))
        h.push_back("Content-Type:");
    if (!has_header(app_headers, "Expect"))
        h.push_back("Expect:");
    for (std::string &l : app_headers)
        h.push_back(std::move(l));
    return t;
}

}  // namespace winhttp
