#include "proxy_config.h"

#include <cctype>
#include <cstdlib>
#include <mutex>

#include "text.h"

namespace winhttp::proxy_config {
namespace {

struct store {
    std::mutex lock;
    setting value;
};

// Never destroyed: read from API calls that may run during exit.
store &the_store()
{
    static store *s = new store;
    return *s;
}

// The lower-case variable wins, as curl reads it.
std::string env(const char *lower, const char *upper)
{
    const char *v = std::getenv(lower);
    if (!v || !*v)
        v = std::getenv(upper);
    return v ? v : "";
}

void append(std::string &list, const std::string &item)
{
    if (item.empty())
        return;
    if (!list.empty())
        list += ';';
    list += item;
}

}  // namespace

setting default_setting()
{
    store &s = the_store();
    std::lock_guard<std::mutex> g(s.lock);
    return s.value;
}

void set_default(const setting &value)
{
    store &s = the_store();
    std::lock_guard<std::mutex> g(s.lock);
    s.value = value;
}

std::string proxy_host_port(const std::string &url)
{
    std::string rest = url;
    size_t scheme = rest.find("://");
    if (scheme != std::string::npos)
        rest.erase(0, scheme + 3);
    size_t path = rest.find('/');
    if (path != std::string::npos)
        rest.erase(path);
    size_t at = rest.rfind('@');  // user:password@ stays out of WinHTTP's list
    if (at != std::string::npos)
        rest.erase(0, at + 1);
    return rest;
}

std::string bypass_from_no_proxy(const std::string &no_proxy)
{
    std::string out, entry;
    auto flush = [&] {
        if (entry == "*") {
            append(out, "*");
        } else if (!entry.empty() && entry[0] == '.') {
            append(out, "*" + entry);
        } else if (!entry.empty()) {
            // curl's "example.com" covers the domain and its sub-domains.
            append(out, entry);
            append(out, "*." + entry);
        }
        entry.clear();
    };
    for (char c : no_proxy) {
        if (c == ',' || std::isspace(static_cast<unsigned char>(c)))
            flush();
        else
            entry += c;
    }
    flush();
    return out;
}

setting from_environment()
{
    std::string list;
    std::string http = proxy_host_port(env("http_proxy", "HTTP_PROXY"));
    std::string https = proxy_host_port(env("https_proxy", "HTTPS_PROXY"));
    if (!http.empty())
        append(list, "http=" + http);
    if (!https.empty())
        append(list, "https=" + https);
    setting s;
    s.named = !list.empty();
    s.proxy = widen(list);
    s.bypass = widen(bypass_from_no_proxy(env("no_proxy", "NO_PROXY")));
    return s;
}

}  // namespace winhttp::proxy_config
