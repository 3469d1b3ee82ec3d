// OCSP responses a server staples to its handshake (the TLS status_request
// extension, which GnuTLS clients ask for by default), used for revocation
// checks (WINHTTP_ENABLE_SSL_REVOCATION) before falling back to CRLs.
#pragma once
#include <gnutls/x509.h>

#include <string>

namespace winhttp::tls {

enum class stapled_status {
    none,     // no staple, or one that cannot be trusted: check CRLs instead
    good,     // the issuer (or its delegated responder) vouches for cert now
    revoked,  // the issuer says cert is revoked
};

// staple: a DER OCSPResponse the server sent for cert ("" if none).  It
// counts only if it is signed by issuer, or by a responder certificate that
// chains to `trusted`, is about cert, and is current.
stapled_status check_staple(const std::string &staple, gnutls_x509_crt_t cert, gnutls_x509_crt_t issuer,
                            gnutls_x509_trust_list_t trusted);

}  // namespace winhttp::tls
