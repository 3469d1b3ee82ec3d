#include "request_view.h"

#include "text.h"

namespace winhttp {
namespace {

bool names(const std::vector<header_field> &fields, const char *name)
{
    for (const header_field &f : fields)
        if (iequals(f.name, name))
            return true;
    return false;
}

// Host as curl writes it: the port only when it is not the scheme's default.
std::string host_value(const request &r)
{
    std::string host = utf8(r.owner().server);
    if (host.find(':') != std::string::npos && host.front() != '[')
        host = "[" + host + "]";
    INTERNET_PORT p = r.effective_port();
    if (p != (r.secure() ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT))
        host += ":" + std::to_string(p);
    return host;
}

}  // namespace

void for_each_builtin_field(const request &r, const std::vector<header_field> &app, bool with_host,
                            function_ref<void(const char *name, const std::string &value)> add)
{
    if (with_host && !names(app, "Host"))
        add("Host", host_value(r));
    if (!r.agent->utf8.empty() && !names(app, "User-Agent"))
        add("User-Agent", r.agent->utf8);
    if (!r.accept_types.empty() && !names(app, "Accept")) {
        std::string accept;
        for (size_t i = 0; i < r.accept_types.size(); ++i)
            accept += (i ? ", " : "") + utf8(r.accept_types[i]);
        add("Accept", accept);
    }
    if (!r.referrer.empty() && !names(app, "Referer"))
        add("Referer", utf8(r.referrer));
}

std::vector<header_field> builtin_fields(const request &r, const std::vector<header_field> &app,
                                         bool with_host)
{
    std::vector<header_field> out;
    for_each_builtin_field(r, app, with_host,
                           [&](const char *name, const std::string &value) { out.push_back({name, value}); });
    return out;
}

parsed_head request_head(const request &r)
{
    parsed_head p;
    std::vector<header_field> app = r.headers.outgoing.fields();
    p.method = utf8(r.verb);
    p.version = r.http_1_0 ? "HTTP/1.0" : "HTTP/1.1";
    p.lines.push_back(p.method + " " + utf8(r.path) + " " + p.version);
    p.fields = builtin_fields(r, app, true);
    for (header_field &f : app)
        p.fields.push_back(std::move(f));
    for (const header_field &f : p.fields)
        p.lines.push_back(f.name + ": " + f.value);
    return p;
}

}  // namespace winhttp
