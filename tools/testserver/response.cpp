#include "response.h"

#include "http_date.h"

namespace ts {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

bool status_is_bodyless(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

namespace {
void write_status_line(ByteBuffer& out, int status, std::string_view reason) {
  out.append("HTTP/1.1 ");
  out.append_decimal(uint64_t(status));
  out.append_char(' ');
  out.append(reason.empty() ? reason_phrase(status) : reason);
  out.append("\r\nDate: ");
  out.append(http_date_now());
}
}  // namespace

ResponseHead::ResponseHead(Exchange& ex, int status, std::string_view reason)
    : ex_(ex), out_(ex.out()) {
  ex.mark_response_started();
  write_status_line(out_, status, reason);
  out_.append("\r\nX-Connection-Id: ");
  out_.append_decimal(ex.connection_id());
  out_.append("\r\n");
}

ResponseHead& ResponseHead::field(std::string_view name, std::string_view value) {
  out_.append(name);
  out_.append(": ");
  out_.append(value);
  out_.append("\r\n");
  return *this;
}

ResponseHead& ResponseHead::field(std::string_view name, uint64_t value) {
  out_.append(name);
  out_.append(": ");
  out_.append_decimal(value);
  out_.append("\r\n");
  return *this;
}

void ResponseHead::end_with_length(uint64_t content_length) {
  field("Content-Length", content_length);
  end_fields();
}

void ResponseHead::end_chunked() {
  out_.append("Transfer-Encoding: chunked\r\n");
  end_fields();
}

void ResponseHead::end_close_delimited() {
  ex_.set_end_action(EndAction::kClose);
  end_fields();
}

void ResponseHead::end_bodyless() { end_fields(); }

void ResponseHead::end_fields() {
  if (ex_.closing())
    out_.append("Connection: close\r\n");
  else if (ex_.req().version_minor == 0)
    out_.append("Connection: keep-alive\r\n");
  out_.append("\r\n");
}

void write_interim(Exchange& ex, int status) {
  ByteBuffer& out = ex.out();
  write_status_line(out, status, {});
  out.append("\r\nX-Connection-Id: ");
  out.append_decimal(ex.connection_id());
  out.append("\r\n\r\n");
}

void respond(Exchange& ex, int status, std::string_view body, std::string_view content_type) {
  ResponseHead head(ex, status);
  if (status_is_bodyless(status)) {
    head.end_bodyless();
    return;
  }
  if (!content_type.empty()) head.field("Content-Type", content_type);
  head.end_with_length(body.size());
  if (!ex.head_only()) ex.out().append(body);
}

void write_chunk_header(ByteBuffer& out, uint64_t size) {
  out.append_hex(size);
  out.append("\r\n");
}

void write_chunk(ByteBuffer& out, std::string_view data) {
  if (data.empty()) return;  // an empty chunk would end the body
  write_chunk_header(out, data.size());
  out.append(data);
  out.append("\r\n");
}

void write_last_chunk(ByteBuffer& out, std::string_view trailers) {
  out.append("0\r\n");
  out.append(trailers);
  out.append("\r\n");
}

}  // namespace ts
