// Handlers of every route, grouped by the file that implements them.
#pragma once

#include <string_view>

#include "exchange.h"

namespace ts {

// routes_basic.cpp: small fixed responses
void route_hello(Exchange& ex);
void route_nobody(Exchange& ex);
void route_status(Exchange& ex);
void route_headers(Exchange& ex);
void route_setcookie(Exchange& ex);
void route_date(Exchange& ex);
void route_keepalive_id(Exchange& ex);
void route_count(Exchange& ex);
void route_not_found(Exchange& ex);

// routes_auth.cpp: authentication demands
void route_auth_basic(Exchange& ex);
void route_auth_digest(Exchange& ex);
void route_auth_ntlm(Exchange& ex);
void route_auth_proxy(Exchange& ex);
void route_auth_challenge(Exchange& ex);

// routes_redirect.cpp
void route_redirect(Exchange& ex);
void route_redirect_chain(Exchange& ex);

// routes_stream.cpp: generated bodies
void route_bytes(Exchange& ex);
void route_chunked(Exchange& ex);
void route_gzip(Exchange& ex);
void route_deflate(Exchange& ex);

// routes_timing.cpp: delays, stalls, resets, hang-ups
void route_slow(Exchange& ex);
void route_slowbody(Exchange& ex);
void route_stall(Exchange& ex);
void route_stall_body(Exchange& ex);
void route_reset(Exchange& ex);
void route_hangup(Exchange& ex);
void route_hangup_after_headers(Exchange& ex);

// routes_body.cpp: routes that read the request body
void route_echo(Exchange& ex);
void route_echo_headers(Exchange& ex);
void route_sha256(Exchange& ex);
void route_continue(Exchange& ex);

// routes_malformed.cpp: oversized and broken responses
void route_bigheader(Exchange& ex);
void route_manyheaders(Exchange& ex);
void route_malformed(Exchange& ex);

// Helpers shared by the route files.
// The part of the request path after `prefix` (e.g. "/bytes/").
std::string_view path_suffix(const Exchange& ex, std::string_view prefix);

}  // namespace ts
