// Proxy bypass lists, as WinHttpOpen, WINHTTP_PROXY_INFO and
// WinHttpIsHostInProxyBypassList take them: entries separated by ';' or
// white space, each a host name where '*' stands for any run of
// characters (compared without regard to case), or "<local>" for every
// host whose name has no dot.
#pragma once
#include <string>

namespace winhttp::proxy_bypass {

// Whether host matches an entry of list.
bool matches(const std::string &list, const std::string &host);

// Case-insensitive match of host against pattern with '*' wildcards.  Runs
// in time linear in their lengths times the number of '*' segments, so a
// hostile pattern cannot make it take exponential time.
bool wildcard_match(const std::string &pattern, const std::string &host);

}  // namespace winhttp::proxy_bypass
