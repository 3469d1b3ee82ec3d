// Oversized and deliberately broken responses, for client parser tests.
#include <string>

#include "http_date.h"
#include "query.h"
#include "response.h"
#include "route_handlers.h"

namespace ts {

namespace {

constexpr uint64_t kMaxBigHeader = 64 * 1024 * 1024;
constexpr uint64_t kMaxHeaderCount = 100000;
constexpr std::string_view kHello = "Hello, WinHTTP!\n";

void ok_body(Exchange& ex, ResponseHead& head) {
  head.field("Content-Type", "text/plain").end_with_length(3);
  if (!ex.head_only()) ex.out().append("OK\n");
}

// "Date: ...<eol>X-Connection-Id: N<eol>" with the given line ending.
void common_fields(Exchange& ex, std::string_view eol) {
  ByteBuffer& out = ex.out();
  out.append("Date: ");
  out.append(http_date_now());
  out.append(eol);
  out.append("X-Connection-Id: ");
  out.append_decimal(ex.connection_id());
  out.append(eol);
}

// Status line, common fields, `fields` (complete lines), blank line, body.
void raw_response(Exchange& ex, std::string_view status_line, std::string_view fields,
                  std::string_view body, std::string_view eol = "\r\n") {
  ByteBuffer& out = ex.out();
  out.append(status_line);
  out.append(eol);
  common_fields(ex, eol);
  out.append(fields);
  out.append(eol);
  out.append(body);
}

}  // namespace

// /bigheader?size=N: a field "X-Big: <N bytes a..z repeating>" (default 8192).
void route_bigheader(Exchange& ex) {
  uint64_t size = Query(ex.req().query).get_u64("size", 8192);
  if (size > kMaxBigHeader) size = kMaxBigHeader;
  ResponseHead head(ex, 200);
  ByteBuffer& out = head.raw();
  out.append("X-Big: ");
  char* p = out.prepare(size_t(size));
  for (uint64_t i = 0; i < size; ++i) p[i] = char('a' + i % 26);
  out.commit(size_t(size));
  out.append("\r\n");
  ok_body(ex, head);
}

// /manyheaders?count=N: fields "X-Header-<i>: value-<i>" for i = 1..N
// (default 100).
void route_manyheaders(Exchange& ex) {
  uint64_t count = Query(ex.req().query).get_u64("count", 100);
  if (count > kMaxHeaderCount) count = kMaxHeaderCount;
  ResponseHead head(ex, 200);
  ByteBuffer& out = head.raw();
  for (uint64_t i = 1; i <= count; ++i) {
    out.append("X-Header-");
    out.append_decimal(i);
    out.append(": value-");
    out.append_decimal(i);
    out.append("\r\n");
  }
  ok_body(ex, head);
}

// /malformed?kind=K: see README.md for the exact bytes of each kind. All of
// them close the connection afterwards and ignore HEAD.
void route_malformed(Exchange& ex) {
  std::string kind = Query(ex.req().query).get_decoded("kind");
  ex.set_end_action(EndAction::kClose);
  if (kind == "status") {
    raw_response(ex, "HTTP/1.1 abc Garbage", "Content-Length: 16\r\n", kHello);
  } else if (kind == "version") {
    raw_response(ex, "HTTP/9.9 200 OK", "Content-Length: 16\r\n", kHello);
  } else if (kind == "nocrlf") {
    raw_response(ex, "HTTP/1.1 200 OK", "Content-Length: 16\n", kHello, "\n");
  } else if (kind == "badlength") {
    raw_response(ex, "HTTP/1.1 200 OK", "Content-Length: abc\r\n", kHello);
  } else if (kind == "dupelength") {
    raw_response(ex, "HTTP/1.1 200 OK", "Content-Length: 16\r\nContent-Length: 5\r\n", kHello);
  } else if (kind == "http09") {
    ex.out().append(kHello);
  } else if (kind == "badchunk") {
    raw_response(ex, "HTTP/1.1 200 OK", "Transfer-Encoding: chunked\r\n",
                 "zz\r\nHello\r\n0\r\n\r\n");
  } else if (kind == "nocolon") {
    raw_response(ex, "HTTP/1.1 200 OK", "This line has no colon\r\nContent-Length: 16\r\n",
                 kHello);
  } else if (kind == "truncated") {
    raw_response(ex, "HTTP/1.1 200 OK", "Content-Length: 100\r\n", kHello);
  } else {
    ex.set_end_action(EndAction::kKeepAlive);
    respond(ex, 400, "Unknown kind\n");
  }
}

}  // namespace ts
