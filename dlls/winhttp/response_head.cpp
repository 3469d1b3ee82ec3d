#include "response_head.h"

#include "text.h"

namespace winhttp {

namespace {

std::vector<std::string> split_lines(const std::string &raw)
{
    std::vector<std::string> lines;
    size_t pos = 0;
    while (pos < raw.size()) {
        size_t end = raw.find('\n', pos);
        if (end == std::string::npos)
            end = raw.size();
        std::string line = raw.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty())
            lines.push_back(line);
        pos = end + 1;
    }
    return lines;
}

// The lines from `first` on that are fields.  A line without a colon stays
// in the raw lines but is no field (the test server's
// /malformed?kind=nocolon).
void collect_fields(parsed_head &p, size_t first)
{
    for (size_t i = first; i < p.lines.size(); ++i) {
        header_field f;
        size_t colon = p.lines[i].find(':');
        if (colon == std::string::npos)
            continue;
        f.name = p.lines[i].substr(0, colon);
        f.value = trim_field_value(p.lines[i].substr(colon + 1));
        p.fields.push_back(std::move(f));
    }
}

}  // namespace

parsed_head parse_head(const std::string &raw)
{
    parsed_head p;
    p.lines = split_lines(raw);
    if (!p.lines.empty()) {
        const std::string &s = p.lines[0];
        size_t a = s.find(' ');
        p.version = s.substr(0, a);
        if (a != std::string::npos) {
            size_t b = s.find(' ', a + 1);
            p.status_code = s.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
            if (b != std::string::npos)
                p.status_text = s.substr(b + 1);
        }
    }
    collect_fields(p, 1);
    return p;
}

parsed_head parse_trailers(const std::string &raw)
{
    parsed_head p;
    p.lines = split_lines(raw);
    collect_fields(p, 0);
    return p;
}

bool find_field(const parsed_head &p, const std::string &name, DWORD index, std::string &value)
{
    for (const header_field &f : p.fields) {
        if (!iequals(f.name, name))
            continue;
        if (index-- > 0)
            continue;
        value = f.value;
        return true;
    }
    return false;
}

}  // namespace winhttp
