// Which options exist, on which handles, and what each one stores.
#include "auth_options.h"
#include "option_buffer.h"
#include "options.h"
#include "options_exchange.h"
#include "request_state.h"
#include "text.h"
#include "transfer.h"
#include "tls_options.h"  // TLS
#include "winhttp_linux.h"  // TLS: WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM

namespace winhttp {
namespace {

namespace ob = option_buffer;

// ---- every handle ----
bool query_context(object &o, LPVOID b, LPDWORD l) { return ob::write<DWORD_PTR>(b, l, o.context()); }
bool set_context(object &o, LPVOID b, DWORD l)
{
    DWORD_PTR v;
    if (!ob::read(b, l, &v))
        return false;
    o.set_context(v);
    return true;
}
bool query_handle_type(object &o, LPVOID b, LPDWORD l) { return ob::write<DWORD>(b, l, DWORD(o.kind())); }
bool query_parent(object &o, LPVOID b, LPDWORD l)
{
    return ob::write<HINTERNET>(b, l, o.parent() ? o.parent()->handle() : nullptr);
}

// ---- plain DWORD settings shared by sessions and requests ----
template <DWORD handle_settings::*field>
bool query_setting(object &o, LPVOID b, LPDWORD l) { return ob::write<DWORD>(b, l, o.settings().*field); }

template <DWORD handle_settings::*field, DWORD allowed_bits>
bool set_flags_setting(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    if (v & ~allowed_bits)
        return fail(ERROR_INVALID_PARAMETER, false);
    o.edit_settings([&](handle_settings &s) { s.*field = v; });
    return true;
}

template <DWORD handle_settings::*field>
bool set_setting(object &o, LPVOID b, DWORD l) { return set_flags_setting<field, 0xffffffffu>(o, b, l); }

template <int timeouts::*field>
bool query_timeout(object &o, LPVOID b, LPDWORD l) { return ob::write<DWORD>(b, l, DWORD(o.timeout_settings().*field)); }
template <int timeouts::*field>
bool set_timeout(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    o.edit_settings([&](handle_settings &s) { s.timeout.*field = int(v); });
    return true;
}
bool query_retries(object &o, LPVOID b, LPDWORD l) { return ob::write<DWORD>(b, l, o.timeout_settings().connect_retries); }
bool set_retries(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    o.edit_settings([&](handle_settings &s) { s.timeout.connect_retries = v; });
    return true;
}

bool set_redirect_policy(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    if (v > WINHTTP_OPTION_REDIRECT_POLICY_LAST)
        return fail(ERROR_INVALID_PARAMETER, false);
    o.edit_settings([&](handle_settings &s) { s.redirect_policy = v; });
    return true;
}

// Features can only be disabled, never re-enabled, on a request.
bool set_disable_feature(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    constexpr DWORD known = WINHTTP_DISABLE_COOKIES | WINHTTP_DISABLE_REDIRECTS |
                            WINHTTP_DISABLE_AUTHENTICATION | WINHTTP_DISABLE_KEEP_ALIVE;
    if (v & ~known)
        return fail(ERROR_INVALID_PARAMETER, false);
    o.edit_settings([&](handle_settings &s) { s.disabled_features |= v; });
    return true;
}

bool set_enable_feature(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    constexpr DWORD known = WINHTTP_ENABLE_SSL_REVOCATION | WINHTTP_ENABLE_SSL_REVERT_IMPERSONATION;
    if (v & ~known)
        return fail(ERROR_INVALID_PARAMETER, false);
    o.edit_settings([&](handle_settings &s) { s.enabled_features |= v; });
    return true;
}

// ---- strings ----
shared_agent *agent_of(object &o)
{
    if (o.kind() == handle_kind::session)
        return &static_cast<session &>(o).agent;
    return &static_cast<request &>(o).agent;
}
bool query_agent(object &o, LPVOID b, LPDWORD l) { return ob::write_string(b, l, (*agent_of(o))->wide); }
bool set_agent(object &o, LPVOID b, DWORD chars)
{
    std::u16string text;
    if (!ob::read_string(b, chars, &text))
        return false;
    *agent_of(o) = make_agent(std::move(text));
    return true;
}
// After redirects, the URL last requested; before sending, the one opened.
bool query_url(object &o, LPVOID b, LPDWORD l)
{
    auto &r = static_cast<request &>(o);
    std::u16string url = r.url();
    if (std::shared_ptr<transfer> t = request_state::find(r)) {
        std::lock_guard<fast_mutex> g(t->lock);
        if (t->redirects_done > 0)
            url = widen(t->current_url());
    }
    return ob::write_string(b, l, url);
}

// Marks the request as a WebSocket upgrade (ws_handshake.h); no value.
bool set_upgrade_to_websocket(object &o, LPVOID, DWORD)
{
    static_cast<request &>(o).upgrade_to_websocket = true;
    return true;
}

constexpr DWORD all_secure_protocols =
    WINHTTP_FLAG_SECURE_PROTOCOL_SSL2 | WINHTTP_FLAG_SECURE_PROTOCOL_SSL3 |
    WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |
    WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
constexpr DWORD settable_security_flags = SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS;
constexpr DWORD all_protocols = WINHTTP_PROTOCOL_FLAG_HTTP2 | WINHTTP_PROTOCOL_FLAG_HTTP3;

using hs = handle_settings;
constexpr unsigned session_or_request = on_session | on_request;

const option_ops table[] = {
    {WINHTTP_OPTION_CONTEXT_VALUE, on_any, query_context, set_context},
    {WINHTTP_OPTION_HANDLE_TYPE, on_any, query_handle_type, nullptr},
    {WINHTTP_OPTION_PARENT_HANDLE, on_any, query_parent, nullptr},
    {WINHTTP_OPTION_RESOLVE_TIMEOUT, session_or_request, query_timeout<&timeouts::resolve>, set_timeout<&timeouts::resolve>},
    {WINHTTP_OPTION_CONNECT_TIMEOUT, session_or_request, query_timeout<&timeouts::connect>, set_timeout<&timeouts::connect>},
    {WINHTTP_OPTION_SEND_TIMEOUT, session_or_request, query_timeout<&timeouts::send>, set_timeout<&timeouts::send>},
    {WINHTTP_OPTION_RECEIVE_TIMEOUT, session_or_request, query_timeout<&timeouts::receive>, set_timeout<&timeouts::receive>},
    {WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, session_or_request, query_timeout<&timeouts::receive_response>, set_timeout<&timeouts::receive_response>},
    {WINHTTP_OPTION_CONNECT_RETRIES, session_or_request, query_retries, set_retries},
    {WINHTTP_OPTION_REDIRECT_POLICY, session_or_request, query_setting<&hs::redirect_policy>, set_redirect_policy},
    {WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, session_or_request, query_setting<&hs::max_redirects>, set_setting<&hs::max_redirects>},
    {WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, session_or_request, query_setting<&hs::max_response_header_size>, set_setting<&hs::max_response_header_size>},
    {WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE, session_or_request, query_setting<&hs::max_response_drain_size>, set_setting<&hs::max_response_drain_size>},
    {WINHTTP_OPTION_SECURITY_FLAGS, on_request, tls::query_security_flags, set_flags_setting<&hs::security_flags, settable_security_flags>},  // TLS
    {WINHTTP_OPTION_SECURITY_KEY_BITNESS, on_request, tls::query_key_bitness, nullptr},  // TLS
    {WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, on_request, tls::query_certificate_struct, nullptr},  // TLS
    {WINHTTP_OPTION_SERVER_CERT_CONTEXT, on_request, tls::query_server_cert_context, nullptr},  // TLS
    {WINHTTP_OPTION_CLIENT_CERT_CONTEXT, on_request, nullptr, tls::set_client_cert_context},  // TLS
    {WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM, session_or_request, nullptr, tls::set_client_cert_pem},  // TLS
    {WINHTTP_OPTION_SECURITY_INFO, on_request, tls::query_not_implemented, nullptr},  // TLS: not yet
    {WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT, on_request, tls::query_not_implemented, nullptr},  // TLS: not yet
    {WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, on_request, tls::query_not_implemented, nullptr},  // TLS: not yet
    {WINHTTP_OPTION_SECURE_PROTOCOLS, session_or_request, query_setting<&hs::secure_protocols>, set_flags_setting<&hs::secure_protocols, all_secure_protocols>},
    {WINHTTP_OPTION_DISABLE_FEATURE, on_request, nullptr, set_disable_feature},
    {WINHTTP_OPTION_ENABLE_FEATURE, session_or_request, nullptr, set_enable_feature},
    {WINHTTP_OPTION_DECOMPRESSION, session_or_request, query_setting<&hs::decompression>, set_flags_setting<&hs::decompression, WINHTTP_DECOMPRESSION_FLAG_ALL>},
    {WINHTTP_OPTION_CONNECTION_INFO, on_request, query_connection_info, nullptr},
    {WINHTTP_OPTION_HTTP_PROTOCOL_USED, on_request, query_http_protocol_used, nullptr},
    {WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, session_or_request, query_setting<&hs::enabled_protocols>, set_flags_setting<&hs::enabled_protocols, all_protocols>},
    {WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE, session_or_request, query_setting<&hs::websocket_receive_buffer>, set_setting<&hs::websocket_receive_buffer>},
    {WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE, session_or_request, query_setting<&hs::websocket_send_buffer>, set_setting<&hs::websocket_send_buffer>},
    {WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, on_request, nullptr, set_upgrade_to_websocket},
    {WINHTTP_OPTION_USER_AGENT, session_or_request, query_agent, set_agent},
    {WINHTTP_OPTION_URL, on_request, query_url, nullptr},
    {WINHTTP_OPTION_USERNAME, on_request, auth::query_username, auth::set_username},
    {WINHTTP_OPTION_PASSWORD, on_request, auth::query_password, auth::set_password},
    {WINHTTP_OPTION_PROXY_USERNAME, on_request, auth::query_proxy_username, auth::set_proxy_username},
    {WINHTTP_OPTION_PROXY_PASSWORD, on_request, auth::query_proxy_password, auth::set_proxy_password},
    {WINHTTP_OPTION_AUTOLOGON_POLICY, on_request, nullptr, auth::set_autologon_policy},
};

}  // namespace

const option_ops *find_option(DWORD id)
{
    for (const option_ops &o : table)
        if (o.id == id)
            return &o;
    return nullptr;
}

}  // namespace winhttp
