#include "response_head.h"

#include "text.h"

namespace winhttp {

parsed_head parse_head(const std::string &raw)
{
    parsed_head p;
    size_t pos = 0;
    while (pos < raw.size()) {
        size_t end = raw.find('\n', pos);
        if (end == std::string::npos)
            end = raw.size();
        std::string line = raw.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty())
            p.lines.push_back(line);
        pos = end + 1;
    }
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
    return p;
}

const char *header_name(DWORD attribute)
{
    switch (attribute) {
    case WINHTTP_QUERY_MIME_VERSION: return "Mime-Version";
    case WINHTTP_QUERY_CONTENT_TYPE: return "Content-Type";
    case WINHTTP_QUERY_CONTENT_TRANSFER_ENCODING: return "Content-Transfer-Encoding";
    case WINHTTP_QUERY_CONTENT_LENGTH: return "Content-Length";
    case WINHTTP_QUERY_CONTENT_LANGUAGE: return "Content-Language";
    case WINHTTP_QUERY_ALLOW: return "Allow";
    case WINHTTP_QUERY_DATE: return "Date";
    case WINHTTP_QUERY_EXPIRES: return "Expires";
    case WINHTTP_QUERY_LAST_MODIFIED: return "Last-Modified";
    case WINHTTP_QUERY_PRAGMA: return "Pragma";
    case WINHTTP_QUERY_CONNECTION: return "Connection";
    case WINHTTP_QUERY_CONTENT_ENCODING: return "Content-Encoding";
    case WINHTTP_QUERY_LOCATION: return "Location";
    case WINHTTP_QUERY_RETRY_AFTER: return "Retry-After";
    case WINHTTP_QUERY_SERVER: return "Server";
    case WINHTTP_QUERY_WWW_AUTHENTICATE: return "WWW-Authenticate";
    case WINHTTP_QUERY_PROXY_AUTHENTICATE: return "Proxy-Authenticate";
    case WINHTTP_QUERY_ACCEPT_RANGES: return "Accept-Ranges";
    case WINHTTP_QUERY_SET_COOKIE: return "Set-Cookie";
    case WINHTTP_QUERY_CONTENT_DISPOSITION: return "Content-Disposition";
    case WINHTTP_QUERY_AGE: return "Age";
    case WINHTTP_QUERY_CACHE_CONTROL: return "Cache-Control";
    case WINHTTP_QUERY_CONTENT_LOCATION: return "Content-Location";
    case WINHTTP_QUERY_CONTENT_RANGE: return "Content-Range";
    case WINHTTP_QUERY_ETAG: return "ETag";
    case WINHTTP_QUERY_TRANSFER_ENCODING: return "Transfer-Encoding";
    default: return nullptr;
    }
}

// The index-th value of the field `name` (case-insensitive), if any.
bool find_field(const parsed_head &p, const std::string &name, DWORD index, std::string &value)
{
    for (size_t i = 1; i < p.lines.size(); ++i) {
        const std::string &l = p.lines[i];
        size_t colon = l.find(':');
        if (colon == std::string::npos || !iequals(l.substr(0, colon), name))
            continue;
        if (index-- > 0)
            continue;
        size_t v = l.find_first_not_of(" \t", colon + 1);
        value = v == std::string::npos ? std::string() : l.substr(v);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.pop_back();
        return true;
    }
    return false;
}

}  // namespace winhttp
