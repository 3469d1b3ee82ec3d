// Small routes whose whole response is written at once.
#include <string>

#include "query.h"
#include "response.h"
#include "route_handlers.h"
#include "strutil.h"

namespace ts {

void route_hello(Exchange& ex) { respond(ex, 200, "Hello, WinHTTP!\n"); }

void route_nobody(Exchange& ex) { ResponseHead(ex, 204).end_bodyless(); }

void route_not_found(Exchange& ex) { respond(ex, 404, "Not Found\n"); }

// /status/CODE: that status with body "Status CODE\n". A 1xx code (but 101)
// is sent as an interim response followed by a final 200, since a 1xx alone
// is never a complete answer.
void route_status(Exchange& ex) {
  uint64_t code;
  if (!parse_u64(path_suffix(ex, "/status/"), code) || code < 100 || code > 999) {
    respond(ex, 400, "Bad status code\n");
    return;
  }
  if (code == 101) {
    // A switch to another protocol cannot be followed by a 200; answer the
    // bare 101 and close, so the client sees the end instead of waiting.
    ex.set_end_action(EndAction::kClose);
    ResponseHead(ex, 101).end_bodyless();
    return;
  }
  if (code < 200) {
    write_interim(ex, int(code));
    respond(ex, 200, "Final response after " + std::to_string(code) + "\n");
    return;
  }
  respond(ex, int(code), "Status " + std::to_string(code) + "\n");
}

namespace {
// A field given as "Name:Value" is usable when the name is a token and the
// value cannot split the response.
bool split_field(std::string_view spec, std::string_view& name, std::string_view& value) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  name = spec.substr(0, colon);
  value = trim_ows(spec.substr(colon + 1));
  for (unsigned char c : name)
    if (!is_tchar(c)) return false;
  for (unsigned char c : value)
    if (c == '\r' || c == '\n' || c == 0) return false;
  return true;
}
}  // namespace

// /headers?h=Name:Value&h=...: the given fields (URL-decoded), body "OK\n".
void route_headers(Exchange& ex) {
  Query q(ex.req().query);
  bool ok = true;
  q.for_each("h", [&](std::string_view raw) {
    std::string_view name, value;
    if (!split_field(url_decode(raw), name, value)) ok = false;
  });
  if (!ok) {
    respond(ex, 400, "Bad h parameter\n");
    return;
  }
  ResponseHead head(ex, 200);
  q.for_each("h", [&](std::string_view raw) {
    std::string spec = url_decode(raw);
    std::string_view name, value;
    split_field(spec, name, value);
    head.field(name, value);
  });
  head.field("Content-Type", "text/plain").end_with_length(3);
  if (!ex.head_only()) ex.out().append("OK\n");
}

void route_setcookie(Exchange& ex) {
  ResponseHead(ex, 200)
      .field("Set-Cookie", "session=abc123; Path=/")
      .field("Set-Cookie", "theme=dark; Path=/; HttpOnly")
      .field("Set-Cookie", "lang=en; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/")
      .field("Content-Type", "text/plain")
      .end_with_length(8);
  if (!ex.head_only()) ex.out().append("Cookies\n");
}

void route_date(Exchange& ex) {
  ResponseHead(ex, 200)
      .field("Last-Modified", "Tue, 15 Nov 1994 12:45:26 GMT")
      .field("Expires", "Thu, 01 Dec 1994 16:00:00 GMT")
      .field("Content-Type", "text/plain")
      .end_with_length(6);
  if (!ex.head_only()) ex.out().append("Dates\n");
}

void route_keepalive_id(Exchange& ex) {
  respond(ex, 200, std::to_string(ex.connection_id()));
}

void route_count(Exchange& ex) { respond(ex, 200, std::to_string(ex.request_number())); }

}  // namespace ts
