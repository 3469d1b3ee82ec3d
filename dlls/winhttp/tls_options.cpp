#include "tls_options.h"

#include <algorithm>
#include <cstring>

#include "api.h"
#include "host_cert.h"
#include "host_memory.h"
#include "option_buffer.h"
#include "request_state.h"
#include "tls_cert_info.h"
#include "tls_client_cert.h"
#include "tls_state.h"
#include "wincrypt.h"

namespace winhttp::tls {
namespace {

namespace ob = option_buffer;

// What the request's latest handshake produced; false if there was none
// (not sent yet, plain HTTP, or no TLS session reached).
bool latest_connection(object &o, connection_info *out)
{
    std::shared_ptr<transfer> t = request_state::find(static_cast<request &>(o));
    return t && t->tls && t->tls->connection(out);
}

DWORD strength_flag(DWORD cipher_bits)
{
    if (cipher_bits >= 128)
        return SECURITY_FLAG_STRENGTH_STRONG;
    if (cipher_bits >= 56)
        return SECURITY_FLAG_STRENGTH_MEDIUM;
    return SECURITY_FLAG_STRENGTH_WEAK;
}

// A NUL-terminated copy the application frees with LocalFree.
LPWSTR local_string(const std::u16string &s)
{
    size_t bytes = (s.size() + 1) * sizeof(WCHAR);
    auto *p = static_cast<LPWSTR>(host::local_alloc(bytes));
    if (p)
        std::memcpy(p, s.c_str(), bytes);
    return p;
}

}  // namespace

bool query_security_flags(object &o, LPVOID buffer, LPDWORD length)
{
    DWORD flags = o.settings().security_flags;
    connection_info info;
    if (latest_connection(o, &info))
        flags |= SECURITY_FLAG_SECURE | strength_flag(info.cipher_bits);
    return ob::write<DWORD>(buffer, length, flags);
}

// Decision: before a TLS handshake (or on plain HTTP) these fail with
// ERROR_WINHTTP_INCORRECT_HANDLE_STATE: there is nothing to describe yet.
bool query_key_bitness(object &o, LPVOID buffer, LPDWORD length)
{
    connection_info info;
    if (!latest_connection(o, &info))
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, false);
    return ob::write<DWORD>(buffer, length, info.cipher_bits);
}

bool query_certificate_struct(object &o, LPVOID buffer, LPDWORD length)
{
    connection_info info;
    if (!latest_connection(o, &info))
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, false);
    if (!buffer || *length < sizeof(WINHTTP_CERTIFICATE_INFO)) {
        *length = sizeof(WINHTTP_CERTIFICATE_INFO);
        return fail(ERROR_INSUFFICIENT_BUFFER, false);
    }
    certificate_text text;
    if (info.chain.empty() || !describe_certificate(info.chain.front(), &text))
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, false);
    WINHTTP_CERTIFICATE_INFO out = {};
    out.ftExpiry = text.not_after;
    out.ftStart = text.not_before;
    out.lpszSubjectInfo = local_string(text.subject);
    out.lpszIssuerInfo = local_string(text.issuer);
    if (!out.lpszSubjectInfo || !out.lpszIssuerInfo) {
        // (LocalFree of NULL is harmless; natively it is free().)
        host::local_free(out.lpszSubjectInfo);
        host::local_free(out.lpszIssuerInfo);
        return fail(ERROR_NOT_ENOUGH_MEMORY, false);
    }
    // Protocol, signature and encryption names stay NULL, as documented;
    // the key size is the cipher's, in bits, as Windows reports it.
    out.dwKeySize = info.cipher_bits;
    std::memcpy(buffer, &out, sizeof(out));
    *length = sizeof(out);
    return true;
}

bool query_server_cert_context(object &o, LPVOID buffer, LPDWORD length)
{
    connection_info info;
    if (!latest_connection(o, &info))
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, false);
    if (!buffer || *length < sizeof(const void *)) {
        *length = sizeof(const void *);
        return fail(ERROR_INSUFFICIENT_BUFFER, false);
    }
    const void *ctx = info.chain.empty() ? nullptr : host::create_cert_context(info.chain.front());
    if (!ctx)
        return fail(ERROR_NOT_ENOUGH_MEMORY, false);
    return ob::write<const void *>(buffer, length, ctx);
}

bool query_not_implemented(object &, LPVOID, LPDWORD)
{
    return fail(ERROR_CALL_NOT_IMPLEMENTED, false);
}

bool set_client_cert_context(object &o, LPVOID buffer, DWORD length)
{
    if (!buffer) {  // WINHTTP_NO_CLIENT_CERT_CONTEXT: go on without one
        o.edit_settings([](handle_settings &s) {
            s.no_client_cert = true;
            s.client_cert.reset();
        });
        return true;
    }
    // The buffer is the CERT_CONTEXT itself (Windows' callers pass
    // sizeof(CERT_CONTEXT)).
    if (length < sizeof(CERT_CONTEXT))
        return fail(ERROR_INVALID_PARAMETER, false);
    const auto *ctx = static_cast<const CERT_CONTEXT *>(buffer);
    if (!ctx->pbCertEncoded || !ctx->cbCertEncoded)
        return fail(ERROR_INVALID_PARAMETER, false);
    std::string der(reinterpret_cast<const char *>(ctx->pbCertEncoded), ctx->cbCertEncoded);
    uint32_t missing = 0;
    std::string key = host::client_cert_key_pem(ctx, &missing);
    DWORD error = 0;
    auto identity = client_identity::from_der(der, key, missing, &error);
    std::fill(key.begin(), key.end(), '\0');
    if (!identity)
        return fail(error, false);
    o.edit_settings([&](handle_settings &s) {
        s.client_cert = std::move(identity);
        s.no_client_cert = false;
    });
    return true;
}

bool set_client_cert_pem(object &o, LPVOID buffer, DWORD length)
{
    if (length == 0) {  // takes the certificate back off
        o.edit_settings([](handle_settings &s) { s.client_cert.reset(); });
        return true;
    }
    DWORD error = 0;
    auto identity = client_identity::from_pem(static_cast<const char *>(buffer), length, &error);
    if (!identity)
        return fail(error, false);
    o.edit_settings([&](handle_settings &s) {
        s.client_cert = std::move(identity);
        s.no_client_cert = false;
    });
    return true;
}

}  // namespace winhttp::tls
