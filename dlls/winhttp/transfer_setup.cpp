#include "transfer_setup.h"

#include <cstring>

#include "api.h"
#include "text.h"
#include "tls_state.h"  // TLS

namespace winhttp {
namespace {

bool has_header(const std::vector<std::string> &lines, const char *name)
{
    size_t n = std::strlen(name);
    for (const std::string &l : lines)
        if (l.size() > n && l[n] == ':' && iequals(l.substr(0, n), name))
            return true;
    return false;
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
    t->tls = tls::make_state(r);  // TLS: null for http
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

}  // namespace winhttp
