// A message head as the header queries see it: the first line's parts, the
// lines as received, and the fields.  Response heads are parsed from the raw
// bytes once per response (response_cache.h); the request's head is built
// from the handle (request_view.h).
#pragma once
#include <string>
#include <vector>

#include "header_text.h"
#include "winhttp.h"

namespace winhttp {

struct parsed_head {
    std::string version, status_code, status_text;  // status line parts (responses)
    std::string method;                             // request line's method (requests)
    std::vector<std::string> lines;                 // first line, then each field line, no CRLF
    std::vector<header_field> fields;               // the lines that are fields
};

parsed_head parse_head(const std::string &raw);
// Trailer lines: fields only, no first line.
parsed_head parse_trailers(const std::string &raw);

// The index-th field called name (case-insensitive), if there is one.
bool find_field(const parsed_head &p, const std::string &name, DWORD index, std::string &value);

}  // namespace winhttp
