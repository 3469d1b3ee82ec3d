#include "tls_proxy.h"

#include <cctype>
#include <vector>

#include "proxy_bypass.h"

namespace winhttp::tls {
namespace {

std::vector<std::string> entries(const std::string &list)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : list) {
        if (c == ';' || std::isspace(static_cast<unsigned char>(c))) {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string with_port(std::string hostport)
{
    if (hostport.compare(0, 7, "http://") == 0 || hostport.compare(0, 7, "HTTP://") == 0)
        hostport.erase(0, 7);
    if (!hostport.empty() && hostport.back() == '/')
        hostport.pop_back();
    size_t colon = hostport.rfind(':');
    bool bracketed = !hostport.empty() && hostport.back() == ']';
    if (colon == std::string::npos || bracketed)
        hostport += ":80";  // WinHTTP's default proxy port
    return hostport;
}

}  // namespace

std::string proxy_for(const std::string &proxies, const std::string &bypass, const std::string &host,
                      const std::string &scheme)
{
    if (proxy_bypass::matches(bypass, host))  // linear time, whatever the pattern
        return "";
    std::string any;
    for (const std::string &e : entries(proxies)) {
        size_t eq = e.find('=');
        if (eq == std::string::npos) {
            if (any.empty())
                any = e;
        } else if (lower(e.substr(0, eq)) == scheme) {
            return with_port(e.substr(eq + 1));
        }
    }
    return any.empty() ? "" : with_port(any);
}

std::string https_proxy_for(const std::string &proxies, const std::string &bypass, const std::string &host)
{
    return proxy_for(proxies, bypass, host, "https");
}

}  // namespace winhttp::tls
