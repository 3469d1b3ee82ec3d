// Proxy configurations kept outside any session: WinHTTP's default one
// (WinHttpGet/SetDefaultProxyConfiguration; sessions opened with
// WINHTTP_ACCESS_TYPE_DEFAULT_PROXY use it) and the current user's
// (WinHttpGetIEProxyConfigForCurrentUser).
//
// Windows keeps the default configuration in the registry, for every
// process.  There is no such machine-wide store here: the default lives in
// this process, starts as "no proxy", and a change applies to sessions
// opened afterwards in this process only.
//
// The current user's settings are, on Linux, the environment that curl and
// most programs read: http_proxy, https_proxy and no_proxy (or their
// upper-case forms), converted to WinHTTP's list formats.
#pragma once
#include <string>

namespace winhttp::proxy_config {

struct setting {
    bool named = false;      // false: direct (WINHTTP_ACCESS_TYPE_NO_PROXY)
    std::u16string proxy;    // WinHTTP proxy list, when named
    std::u16string bypass;   // WinHTTP bypass list, when named
};

setting default_setting();
void set_default(const setting &s);

// The environment's proxies as a WinHTTP proxy list ("http=host:port;
// https=host:port") and bypass list; both empty when nothing is set.
// Credentials in a proxy URL are left out.
setting from_environment();

// One proxy URL from the environment ("http://user:pw@host:port/") as
// "host:port"; exposed for tests.
std::string proxy_host_port(const std::string &url);

// A no_proxy value ("localhost,.example.com") as a WinHTTP bypass list
// ("localhost;*.localhost;*.example.com"); exposed for tests.
std::string bypass_from_no_proxy(const std::string &no_proxy);

}  // namespace winhttp::proxy_config
