#include "transfer_setup.h"

#include <cctype>
#include <cstring>

#include "api.h"
#include "auth_transfer.h"
#include "request_view.h"
#include "text.h"
#include "tls_proxy.h"
#include "tls_state.h"  // TLS

namespace winhttp {
namespace {

const header_field *find_field(const std::vector<header_field> &fields, const char *name)
{
    for (const header_field &f : fields)
        if (iequals(f.name, name))
            return &f;
    return nullptr;
}

bool has_header(const std::vector<header_field> &fields, const char *name)
{
    return find_field(fields, name) != nullptr;
}

// WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH with "Transfer-Encoding: chunked":
// the application streams a body of unknown length.
bool app_streams_chunked(const std::vector<header_field> &fields)
{
    const header_field *te = find_field(fields, "Transfer-Encoding");
    if (!te)
        return false;
    std::string value = te->value;
    for (char &c : value)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return value.find("chunked") != std::string::npos;
}

void set_body(transfer &t, const std::vector<header_field> &app, const void *data, DWORD data_length,
              DWORD total_length)
{
    bool unbounded = total_length == WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH && app_streams_chunked(app);
    if (total_length > data_length || unbounded) {
        t.upload_streamed = true;
        t.stream = std::make_unique<upload_stream>();
        t.upload_unbounded = unbounded;
        t.upload_optional = data_length;
        t.upload_total = total_length;
        // Not started yet: no lock needed.  Broken framing in the optional
        // data shows up as a short body; the server answers for it.
        if (data_length)
            t.queue_upload_locked(data, data_length);
        t.last_write_size = 0;
    } else if (data && data_length) {
        t.upload.assign(static_cast<const char *>(data), data_length);
        t.has_upload = true;
    }
}

// Options that shape the exchange, copied so the engine never reads the
// request object.
void apply_settings(transfer &t, const request &r)
{
    const handle_settings settings = r.settings();  // one consistent copy
    t.redirects.policy = settings.redirect_policy;
    t.redirects.max_redirects = settings.max_redirects;
    t.redirects.disabled = (settings.disabled_features & WINHTTP_DISABLE_REDIRECTS) != 0;
    t.redirects.body_replayable = !t.upload_streamed;
    t.max_head_size = settings.max_response_header_size;
    DWORD dec = settings.decompression;
    if ((dec & WINHTTP_DECOMPRESSION_FLAG_GZIP) && (dec & WINHTTP_DECOMPRESSION_FLAG_DEFLATE))
        t.accept_encoding = "gzip, deflate";
    else if (dec & WINHTTP_DECOMPRESSION_FLAG_GZIP)
        t.accept_encoding = "gzip";
    else if (dec & WINHTTP_DECOMPRESSION_FLAG_DEFLATE)
        t.accept_encoding = "deflate";
    // HTTP/2 only where TLS negotiates it (ALPN), as on Windows.
    if ((settings.enabled_protocols & WINHTTP_PROTOCOL_FLAG_HTTP2) && r.secure() &&
        t.http_version == CURL_HTTP_VERSION_1_1)
        t.http_version = CURL_HTTP_VERSION_2TLS;
    int connect = settings.timeout.connect;
    int resolve = settings.timeout.resolve;
    if (connect > 0)
        t.connect_timeout_ms = connect + (resolve > 0 ? resolve : 0);
    t.send_timeout_ms = settings.timeout.send;
}

// "http://host:port/path", built in place (a hot path: every request).
std::string request_url(const request &r, const std::string &host)
{
    bool bracket = host.find(':') != std::string::npos && host.front() != '[';  // an IPv6 literal
    std::string path = utf8(r.path);
    std::string url;
    url.reserve(host.size() + path.size() + 16);
    url += r.secure() ? "https://" : "http://";
    if (bracket)
        url += '[';
    url += host;
    if (bracket)
        url += ']';
    url += ':';
    url += std::to_string(r.effective_port());
    url += path;
    return url;
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

std::shared_ptr<transfer> make_transfer(const request &r, const void *data, DWORD data_length,
                                        DWORD total_length)
{
    auto t = std::make_shared<transfer>();
    // A plain exchange records about six notifications: one allocation
    // here rather than three as the vector grows.
    t->events.reserve(8);
    const connection &c = r.owner();
    t->server = utf8(c.server);
    t->url = request_url(r, t->server);
    t->method = utf8(r.verb);
    t->head_request = t->method == "HEAD";
    t->http_version = r.http_1_0 ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1;
    std::vector<header_field> app = r.headers.outgoing.fields();
    set_body(*t, app, data, data_length, total_length);
    apply_settings(*t, r);
    t->tls = tls::make_state(r);  // TLS: null for http
    const session &s = r.owner().owner();
    if (!r.secure() && s.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY)
        t->plain_proxy = tls::proxy_for(utf8(s.proxy), utf8(s.proxy_bypass), utf8(r.owner().server), "http");

    // WinHTTP's own fields, then curl's defaults that WinHTTP does not send
    // switched off with an empty value, then the application's fields.
    // One allocation for a plain request's lines (field_lines.h).
    field_lines &h = t->header_lines;
    h.reserve(256);
    for_each_builtin_field(r, app, false, [&](const char *name, const std::string &value) { h.add(name, value); });
    if (r.accept_types.empty() && !has_header(app, "Accept"))
        h.add_line("Accept:");
    bool has_body = t->has_upload || t->upload_streamed;
    if (has_body && !has_header(app, "Content-Type"))
        h.add_line("Content-Type:");
    // curl adds "Expect: 100-continue" only to a request with a body; for
    // one without, the line would change nothing on the wire and cost
    // curl a look at it for every field it considers adding.
    if (has_body && !has_header(app, "Expect"))
        h.add_line("Expect:");
    // curl reads "Name:" as "do not send Name"; "Name;" sends it empty.
    for (const header_field &f : app) {
        if (f.value.empty()) {
            std::string line = f.name + ";";
            h.add_line(line);
        } else {
            h.add(f.name, f.value);
        }
    }
    auth::prepare(*t, r);  // Authorization / Proxy-Authorization from the request's credentials
    return t;
}

}  // namespace winhttp
