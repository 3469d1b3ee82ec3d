#include "transfer_setup.h"

#include <cstring>

#include "api.h"
#include "request_view.h"
#include "text.h"

namespace winhttp {
namespace {

bool has_header(const std::vector<header_field> &fields, const char *name)
{
    for (const header_field &f : fields)
        if (iequals(f.name, name))
            return true;
    return false;
}

}  // namespace

DWORD add_send_headers(request &r, LPCWSTR headers, DWORD length)
{
    if (!headers || length == 0)
        return 0;
    std::vector<header_field> fields;
    DWORD err = parse_header_block(headers, length, fields);
    if (!err)
        err = r.headers.outgoing.apply(fields, WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE);
    return err;
}

std::shared_ptr<transfer> make_transfer(const request &r, const void *data, DWORD data_length)
{
    auto t = std::make_shared<transfer>();
    const connection &c = r.owner();
    std::string host = utf8(c.server);
    if (host.find(':') != std::string::npos && host.front() != '[')
        host = "[" + host + "]";
    t->url = (r.secure() ? "https://" : "http://") + host + ":" + std::to_string(r.effective_port()) +
             utf8(r.path);
    t->method = utf8(r.verb);
    t->head_request = t->method == "HEAD";
    t->http_version = r.version == u"HTTP/1.0" ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1;
    t->server = c.server;
    if (data && data_length) {
        t->upload.assign(static_cast<const char *>(data), data_length);
        t->has_upload = true;
    }
    int connect = r.settings.timeout.connect;
    int resolve = r.settings.timeout.resolve;
    if (connect > 0)
        t->connect_timeout_ms = connect + (resolve > 0 ? resolve : 0);

    // WinHTTP's own fields, then curl's defaults that WinHTTP does not send
    // switched off with an empty value, then the application's fields.
    std::vector<header_field> app = r.headers.outgoing.fields();
    std::vector<std::string> &h = t->header_lines;
    for (const header_field &f : builtin_fields(r, app, false))
        h.push_back(f.name + ": " + f.value);
    if (r.accept_types.empty() && !has_header(app, "Accept"))
        h.push_back("Accept:");
    if (t->has_upload && !has_header(app, "Content-Type"))
        h.push_back("Content-Type:");
    if (!has_header(app, "Expect"))
        h.push_back("Expect:");
    // curl reads "Name:" as "do not send Name"; "Name;" sends it empty.
    for (const header_field &f : app)
        h.push_back(f.value.empty() ? f.name + ";" : f.name + ": " + f.value);
    return t;
}

}  // namespace winhttp
