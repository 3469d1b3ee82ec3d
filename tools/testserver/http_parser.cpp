#include "http_parser.h"

#include <cstring>

#include "strutil.h"
#include "tuning.h"

namespace ts {

HeadScan find_request_head(const char* data, size_t len) {
  // RFC 9112 §2.2: ignore empty lines received before the request line.
  size_t skip = 0;
  while (skip < len && (data[skip] == '\r' || data[skip] == '\n')) ++skip;
  const char* p = data + skip;
  const char* end = data + len;
  const char* limit = p + kMaxHeadBytes < end ? p + kMaxHeadBytes : end;
  while (p < limit) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(limit - p)));
    if (!nl) break;
    // The head ends at the first empty line: "\n\n" or "\n\r\n".
    if (nl + 1 < end && nl[1] == '\n')
      return {HeadScan::kComplete, skip, size_t(nl + 2 - (data + skip))};
    if (nl + 2 < end && nl[1] == '\r' && nl[2] == '\n')
      return {HeadScan::kComplete, skip, size_t(nl + 3 - (data + skip))};
    p = nl + 1;
  }
  if (len - skip >= kMaxHeadBytes) return {HeadScan::kTooLarge, skip, 0};
  return {HeadScan::kIncomplete, skip, 0};
}

namespace {

// Splits off the next line (without its CRLF or LF). Returns false when a
// bare CR appears inside the line.
bool next_line(std::string_view& rest, std::string_view& line) {
  size_t nl = rest.find('\n');
  line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.find('\r') == std::string_view::npos;
}

bool valid_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

bool valid_target(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

// Accepts absolute-form targets (as sent to proxies) by dropping the scheme
// and authority, so that routes see the same path either way.
std::string_view path_of(std::string_view target) {
  if (istarts_with(target, "http://") || istarts_with(target, "https://")) {
    size_t authority = target.find("//") + 2;
    size_t slash = target.find_first_of("/?", authority);
    if (slash == std::string_view::npos) return "/";
    target.remove_prefix(slash);
    if (target.front() == '?') return "/";
  }
  return target.substr(0, target.find('?'));
}

int parse_request_line(std::string_view line, Request& req) {
  size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return 400;
  size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return 400;
  req.method = line.substr(0, sp1);
  req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!valid_token(req.method) || !valid_target(req.target)) return 400;
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.') return 400;
  char major = version[5], minor = version[7];
  if (major < '0' || major > '9' || minor < '0' || minor > '9') return 400;
  if (major != '1') return 505;
  req.version_minor = minor - '0';  // 1.2+ is treated as 1.1 (RFC 9110 §6.2)
  req.path = path_of(req.target);
  size_t q = req.target.find('?');
  if (q != std::string_view::npos) req.query = req.target.substr(q + 1);
  req.is_head = req.method == "HEAD";
  return 0;
}

int parse_field_line(std::string_view line, Request& req) {
  if (line.front() == ' ' || line.front() == '\t') return 400;  // obs-fold
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return 400;
  std::string_view name = line.substr(0, colon);
  if (!valid_token(name)) return 400;  // also rejects "Name :"
  std::string_view value = trim_ows(line.substr(colon + 1));
  for (unsigned char c : value)
    if ((c < ' ' && c != '\t') || c == 0x7f) return 400;
  if (req.headers.size() >= kMaxHeaderCount) return 431;
  req.headers.push_back({name, value});
  return 0;
}

int apply_content_length(std::string_view value, Request& req) {
  uint64_t n;
  if (!parse_u64(value, n)) return 400;
  if (req.has_length && n != req.content_length) return 400;
  req.has_length = true;
  req.content_length = n;
  return 0;
}

int apply_transfer_encoding(std::string_view value, Request& req) {
  // Only "chunked" is supported, and only once, as the final coding.
  std::string_view rest = value;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view coding = trim_ows(rest.substr(0, comma));
    if (!coding.empty()) {
      if (!iequals(coding, "chunked")) return 501;
      if (req.chunked) return 400;
      req.chunked = true;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return 0;
}

// Derives framing and connection semantics from the fields.
int interpret_fields(Request& req) {
  bool close = false, keep_alive = false;
  for (const HeaderField& h : req.headers) {
    int rc = 0;
    if (iequals(h.name, "content-length")) {
      rc = apply_content_length(h.value, req);
    } else if (iequals(h.name, "transfer-encoding")) {
      rc = apply_transfer_encoding(h.value, req);
    } else if (iequals(h.name, "connection")) {
      close |= list_has_token(h.value, "close");
      keep_alive |= list_has_token(h.value, "keep-alive");
    } else if (iequals(h.name, "expect")) {
      req.expect_continue |= iequals(h.value, "100-continue");
    }
    if (rc) return rc;
  }
  if (req.chunked && req.has_length) {
    // RFC 9112 §6.3: chunked wins, and the connection must not be reused.
    req.has_length = false;
    req.content_length = 0;
    close = true;
  }
  req.keep_alive = !close && (req.version_minor >= 1 || keep_alive);
  return 0;
}

}  // namespace

int parse_request_head(std::string_view head, Request& req) {
  req.clear();
  req.raw_head = head;
  std::string_view rest = head, line;
  if (!next_line(rest, line)) return 400;
  if (int rc = parse_request_line(line, req)) return rc;
  for (;;) {
    if (!next_line(rest, line)) return 400;
    if (line.empty()) break;  // the blank line that ends the head
    if (int rc = parse_field_line(line, req)) return rc;
  }
  return interpret_fields(req);
}

}  // namespace ts
