#include "tls_hooks.h"

#include <gnutls/gnutls.h>

#include "text.h"
#include "tls_client_cert.h"
#include "tls_handshake_watch.h"
#include "tls_state.h"
#include "tls_verify.h"

namespace winhttp {
namespace {

struct version_map {
    DWORD flag;
    long min;  // CURLOPT_SSLVERSION minimum
    long max;  // and maximum
    gnutls_protocol_t gnutls;
};

// TLS versions in ascending order.  SSL 2 and 3 are not here: GnuTLS does
// not speak them.
constexpr version_map versions[] = {
    {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1, CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_MAX_TLSv1_0, GNUTLS_TLS1_0},
    {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1, CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_MAX_TLSv1_1, GNUTLS_TLS1_1},
    {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2, CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_2, GNUTLS_TLS1_2},
    {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3, CURL_SSLVERSION_TLSv1_3, CURL_SSLVERSION_MAX_TLSv1_3, GNUTLS_TLS1_3},
};

// curl takes a range of versions; a set with a hole (TLS 1.0 and 1.2, say)
// is given as the range around it, and the version negotiated is then
// checked against the set itself (tls_check_connection).
long curl_version_range(DWORD protocols)
{
    const version_map *lo = nullptr, *hi = nullptr;
    for (const version_map &v : versions) {
        if (!(protocols & v.flag))
            continue;
        if (!lo)
            lo = &v;
        hi = &v;
    }
    // Nothing GnuTLS offers (SSL 2/3 only, or nothing): curl refuses
    // SSLv3 outright, so connect with the defaults and let the version
    // check refuse the connection before anything is sent.
    if (!lo)
        return CURL_SSLVERSION_DEFAULT;
    return lo->min | hi->max;
}

DWORD protocol_flag(gnutls_protocol_t p)
{
    for (const version_map &v : versions)
        if (v.gnutls == p)
            return v.flag;
    return 0;
}

gnutls_session_t live_session(CURL *easy)
{
    struct curl_tlssessioninfo *info = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
        info->backend != CURLSSLBACKEND_GNUTLS)
        return nullptr;
    return static_cast<gnutls_session_t>(info->internals);
}

tls::connection_info describe(gnutls_session_t s)
{
    tls::connection_info info;
    info.protocol = protocol_flag(gnutls_protocol_get_version(s));
    info.cipher_bits = DWORD(gnutls_cipher_get_key_size(gnutls_cipher_get(s)) * 8);
    unsigned n = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &n);
    for (unsigned i = 0; peers && i < n; ++i)
        info.chain.emplace_back(reinterpret_cast<const char *>(peers[i].data), peers[i].size);
    return info;
}

// The OCSP responses the server stapled, by position in its chain (TLS 1.3
// may staple one per certificate, TLS 1.2 only the server's own).
std::vector<std::string> stapled_responses(gnutls_session_t s, size_t chain_size)
{
    std::vector<std::string> out(chain_size);
    for (unsigned i = 0; i < chain_size; ++i) {
        gnutls_datum_t d = {nullptr, 0};
        if (gnutls_ocsp_status_request_get2(s, i, &d) >= 0 && d.data)
            out[i].assign(reinterpret_cast<const char *>(d.data), d.size);  // (owned by the session)
    }
    return out;
}

bool is_handshake_failure(CURLcode code)
{
    switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

// The error for a server that asked for a client certificate, or 0 when the
// request may go on (a certificate was sent, or the application said to go
// on without one).
DWORD client_cert_error(const tls::policy &rules)
{
    if (rules.no_client_cert)
        return 0;
    if (!rules.client_cert)
        return ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED;
    if (!rules.client_cert->has_key())
        return rules.client_cert->missing_key_error();
    return 0;
}

// The client certificate curl offers when the server asks: the identity's
// in-memory file, or none.
bool configure_client_cert(CURL *e, const tls::policy &rules)
{
    const char *file = rules.client_cert && rules.client_cert->has_key() ? rules.client_cert->file().c_str() : nullptr;
    return curl_easy_setopt(e, CURLOPT_SSLCERT, file) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_SSLKEY, file) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM") == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM") == CURLE_OK;
}

}  // namespace

bool tls_configure_easy(transfer *t)
{
    if (!t->tls)
        return true;
    CURL *e = t->easy;
    const tls::policy &rules = t->tls->rules;
    // Through a named proxy: a CONNECT tunnel.  Otherwise direct, whatever
    // https_proxy says in the environment (WinHTTP does not read it).
    std::string proxy = rules.proxy.empty() ? "" : "http://" + rules.proxy;
    // The proxy's answer to CONNECT is not the response: keep it from the
    // header hook.
    if (curl_easy_setopt(e, CURLOPT_PROXY, proxy.c_str()) != CURLE_OK ||
        (!proxy.empty() && (curl_easy_setopt(e, CURLOPT_HTTPPROXYTUNNEL, 1L) != CURLE_OK ||
                            curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L) != CURLE_OK)))
        return false;
    // curl must not judge the certificate: the prereq hook does, so that
    // failures come out as Windows' flags and IGNORE_* can let them through.
    // Nor load a CA bundle per connection that nothing would use.
    return curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_CAINFO, static_cast<char *>(nullptr)) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_CAPATH, static_cast<char *>(nullptr)) == CURLE_OK &&
           curl_easy_setopt(e, CURLOPT_SSLVERSION, curl_version_range(rules.protocols)) == CURLE_OK &&
           configure_client_cert(e, rules);
}

void tls_on_curl_text(transfer *t)
{
    if (!t->tls)
        return;
    gnutls_session_t s = live_session(t->easy);
    if (!s || s == t->tls->watched_session())
        return;
    tls::handshake_watch::arm(s);
    t->tls->set_watched_session(s);
}

tls_verdict tls_check_connection(transfer *t)
{
    tls_verdict v;
    if (!t->tls)
        return v;
    t->tls->set_connection_up();
    const tls::policy &rules = t->tls->rules;
    gnutls_session_t s = live_session(t->easy);
    if (!s) {
        v.failures = WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR;
        v.error = ERROR_WINHTTP_SECURE_FAILURE;
        return v;
    }
    tls::connection_info info = describe(s);
    // Checked on every request, reused connections included: the connection
    // may have been let through by another request's IGNORE_* flags.
    std::vector<std::string> staples;
    if (rules.check_revocation)
        staples = stapled_responses(s, info.chain.size());
    DWORD found = tls::certificate_failures(info.chain, rules.host, rules.check_revocation, staples);
    if (!(rules.protocols & info.protocol))
        found |= WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR;
    bool asked_for_cert = tls::handshake_watch::take_certificate_request(t->tls->watched_session());
    bool wants_client_cert = asked_for_cert || gnutls_certificate_client_get_request_status(s) != 0;
    t->tls->set_connection(std::move(info));

    // Decision: the SECURE_FAILURE payload carries the failures that stopped
    // the request, not those the application chose to ignore.
    v.failures = found & ~tls::ignorable_failures(rules.security_flags);
    if (v.failures)
        v.error = ERROR_WINHTTP_SECURE_FAILURE;
    else if (wants_client_cert)
        v.error = client_cert_error(rules);
    return v;
}

bool tls_is_tunnel_traffic(const transfer *t)
{
    return t->tls && !t->tls->rules.proxy.empty() && !t->tls->connection_up();
}

int tls_apply_verdict_locked(transfer *t, const tls_verdict &v)
{
    if (!v.error)
        return CURL_PREREQFUNC_OK;
    if (v.failures)
        t->record_number_locked(WINHTTP_CALLBACK_STATUS_SECURE_FAILURE, v.failures);
    t->tls->set_abort_error(v.error);
    return CURL_PREREQFUNC_ABORT;
}

DWORD tls_transfer_error(transfer &t, CURLcode result)
{
    bool asked_for_cert = t.tls && tls::handshake_watch::take_certificate_request(t.tls->watched_session());
    if (t.tls && t.tls->abort_error())
        return t.tls->abort_error();
    if (!t.tls || !is_handshake_failure(result))
        return error_from_curl(result);
    // The handshake failed inside curl, so the prereq hook never ran: the
    // TCP connection was made, then the secure channel could not be set up.
    // A TLS 1.2 server that requires a client certificate ends it so when
    // none comes: that is the application's to answer, as with TLS 1.3.
    DWORD cert_error = asked_for_cert ? client_cert_error(t.tls->rules) : 0;
    char *ip = nullptr;
    curl_easy_getinfo(t.easy, CURLINFO_PRIMARY_IP, &ip);
    {
        std::lock_guard<fast_mutex> g(t.lock);
        if (t.opened_socket && ip && *ip)
            t.record_locked(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, widen(std::string(ip)));
        t.opened_socket = false;
        if (!cert_error)
            t.record_number_locked(WINHTTP_CALLBACK_STATUS_SECURE_FAILURE,
                                   WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
    }
    return cert_error ? cert_error : ERROR_WINHTTP_SECURE_FAILURE;
}

}  // namespace winhttp
