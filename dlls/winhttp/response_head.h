// The response head as WinHttpQueryHeaders sees it: status line parts and
// header fields, looked up by name and index.
#pragma once
#include <string>
#include <vector>

#include "winhttp.h"

namespace winhttp {

struct parsed_head {
    std::string version, status_code, status_text;
    std::vector<std::string> lines;  // all lines, status line first, no CRLF
};

parsed_head parse_head(const std::string &raw);
// The field name a WINHTTP_QUERY_* attribute stands for, or nullptr.
const char *header_name(DWORD attribute);
// The index-th field called name (case-insensitive), if there is one.
bool find_field(const parsed_head &p, const std::string &name, DWORD index, std::string &value);

}  // namespace winhttp
