// HTTPS through a named HTTP proxy (WINHTTP_ACCESS_TYPE_NAMED_PROXY): which
// proxy an HTTPS request tunnels through (HTTP CONNECT), by WinHttpOpen's
// proxy list and bypass list.
#pragma once
#include <string>

namespace winhttp::tls {

// proxies: WinHttpOpen's list, entries separated by ';' or spaces, each
// "[scheme=][http://]host[:port]" (a "scheme=" entry applies to that scheme
// only).  bypass: names or '*' patterns, and "<local>" for names without a
// dot.  Returns "host:port" for host (port 80 if the entry gives none), or
// "" to connect directly.
std::string https_proxy_for(const std::string &proxies, const std::string &bypass, const std::string &host);

// The same for a request of `scheme` ("http" or "https"): plain HTTP
// requests go to the proxy in absolute form, without a tunnel.
std::string proxy_for(const std::string &proxies, const std::string &bypass, const std::string &host,
                      const std::string &scheme);

}  // namespace winhttp::tls
