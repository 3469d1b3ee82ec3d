#include "routes.h"

#include "route_handlers.h"
#include "websocket.h"

namespace ts {

namespace {

// Exact paths first would not matter: a prefix entry ends in '/', so it can
// only match paths below it. The table is small; a linear scan costs less
// than hashing would.
const Route kRoutes[] = {
    {"/", 0, route_hello},
    {"/hello", 0, route_hello},
    {"/bytes/", 0, route_bytes},
    {"/chunked", 0, route_chunked},
    {"/nobody", 0, route_nobody},
    {"/status/", 0, route_status},
    {"/redirect/", 0, route_redirect},
    {"/redirect-chain/", 0, route_redirect_chain},
    {"/echo", kConsumesBody, route_echo},
    {"/echo-headers", 0, route_echo_headers},
    {"/sha256", kConsumesBody, route_sha256},
    {"/continue", kConsumesBody | kOwnContinue, route_continue},
    {"/slow", 0, route_slow},
    {"/slowbody", 0, route_slowbody},
    {"/stall", 0, route_stall},
    {"/stall-body", 0, route_stall_body},
    {"/reset", 0, route_reset},
    {"/hangup", 0, route_hangup},
    {"/hangup-after-headers", 0, route_hangup_after_headers},
    {"/bigheader", 0, route_bigheader},
    {"/manyheaders", 0, route_manyheaders},
    {"/malformed", 0, route_malformed},
    {"/headers", 0, route_headers},
    {"/setcookie", 0, route_setcookie},
    {"/date", 0, route_date},
    {"/gzip", 0, route_gzip},
    {"/deflate", 0, route_deflate},
    {"/auth/basic", 0, route_auth_basic},
    {"/auth/digest", 0, route_auth_digest},
    {"/auth/ntlm", 0, route_auth_ntlm},
    {"/auth/proxy", 0, route_auth_proxy},
    {"/auth/challenge", 0, route_auth_challenge},
    {"/ws/", 0, route_websocket},
    {"/keepalive-id", 0, route_keepalive_id},
    {"/count", 0, route_count},
};

const Route kNotFound = {"", 0, route_not_found};

bool matches(const Route& r, std::string_view path) {
  if (r.path.size() > 1 && r.path.back() == '/')
    return path.size() > r.path.size() && path.compare(0, r.path.size(), r.path) == 0;
  return path == r.path;
}

}  // namespace

const Route& find_route(std::string_view path) {
  for (const Route& r : kRoutes)
    if (matches(r, path)) return r;
  return kNotFound;
}

std::string_view path_suffix(const Exchange& ex, std::string_view prefix) {
  std::string_view path = ex.req().path;
  return path.size() >= prefix.size() ? path.substr(prefix.size()) : std::string_view();
}

}  // namespace ts
