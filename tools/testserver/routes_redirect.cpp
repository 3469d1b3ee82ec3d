// Redirect routes.
#include <string>

#include "query.h"
#include "response.h"
#include "route_handlers.h"
#include "strutil.h"

namespace ts {

namespace {
void redirect_to(Exchange& ex, int code, std::string_view location) {
  ResponseHead(ex, code)
      .field("Location", location)
      .field("Content-Type", "text/plain")
      .end_with_length(12);
  if (!ex.head_only()) ex.out().append("Redirecting\n");
}

bool valid_location(std::string_view s) {
  for (unsigned char c : s)
    if (c < ' ' || c == 0x7f) return false;  // no response splitting
  return !s.empty();
}
}  // namespace

// /redirect/CODE?to=URL: CODE (any 3xx) with Location: URL-decoded `to`
// (default "/hello").
void route_redirect(Exchange& ex) {
  uint64_t code;
  if (!parse_u64(path_suffix(ex, "/redirect/"), code) || code < 300 || code > 399) {
    respond(ex, 400, "Bad redirect code\n");
    return;
  }
  std::string to = Query(ex.req().query).get_decoded("to", "/hello");
  if (!valid_location(to)) {
    respond(ex, 400, "Bad redirect target\n");
    return;
  }
  redirect_to(ex, int(code), to);
}

// /redirect-chain/N[?code=C]: N redirects (status C, default 302) through
// /redirect-chain/N-1 ... /redirect-chain/1 to /hello; /redirect-chain/0 is
// /hello itself. The query string is carried along the chain.
void route_redirect_chain(Exchange& ex) {
  uint64_t n;
  if (!parse_u64(path_suffix(ex, "/redirect-chain/"), n)) {
    respond(ex, 400, "Bad redirect count\n");
    return;
  }
  if (n == 0) {
    route_hello(ex);
    return;
  }
  uint64_t code = Query(ex.req().query).get_u64("code", 302);
  if (code < 300 || code > 399) {
    respond(ex, 400, "Bad redirect code\n");
    return;
  }
  std::string next = n == 1 ? "/hello" : "/redirect-chain/" + std::to_string(n - 1);
  if (!ex.req().query.empty() && n > 1) {
    next += '?';
    next += ex.req().query;
  }
  redirect_to(ex, int(code), next);
}

}  // namespace ts
