// Writing responses into a connection's output buffer.
//
// Every head has the same layout, so tests can compare bytes:
//   HTTP/1.1 <code> <reason>
//   Date: <RFC 1123>
//   X-Connection-Id: <id>
//   <route fields, in the order the route adds them>
//   Content-Length: <n>  |  Transfer-Encoding: chunked  |  (nothing)
//   Connection: close    (when closing)  |  Connection: keep-alive (HTTP/1.0 kept alive)
//   <blank line>
#pragma once

#include <cstdint>
#include <string_view>

#include "exchange.h"

namespace ts {

std::string_view reason_phrase(int status);

// True for statuses whose responses never carry a body (1xx, 204, 304).
bool status_is_bodyless(int status);

class ResponseHead {
 public:
  // Writes the status line, Date and X-Connection-Id.
  ResponseHead(Exchange& ex, int status, std::string_view reason = {});

  ResponseHead& field(std::string_view name, std::string_view value);
  ResponseHead& field(std::string_view name, uint64_t value);
  // For unusual fields (huge, generated): write raw bytes, ending in CRLF.
  ByteBuffer& raw() { return out_; }

  void end_with_length(uint64_t content_length);
  void end_chunked();
  // No framing field: the body ends when the connection closes.
  void end_close_delimited();
  // No framing field at all (1xx, 204, 304).
  void end_bodyless();

 private:
  void end_fields();
  Exchange& ex_;
  ByteBuffer& out_;
};

// Writes an informational (1xx) head: status line, Date, X-Connection-Id.
void write_interim(Exchange& ex, int status);

// A complete response with a fixed body and Content-Length; the body is left
// out for HEAD and for bodyless statuses. Extra fields come before the framing.
void respond(Exchange& ex, int status, std::string_view body,
             std::string_view content_type = "text/plain");

// Chunked transfer-coding pieces.
void write_chunk(ByteBuffer& out, std::string_view data);
void write_chunk_header(ByteBuffer& out, uint64_t size);
// "0\r\n" + trailers (each "Name: value\r\n") + "\r\n".
void write_last_chunk(ByteBuffer& out, std::string_view trailers = {});

}  // namespace ts
