#include "tls_verify.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <ctime>
#include <memory>

#include "tls_ocsp.h"
#include "tls_store.h"

namespace winhttp::tls {
namespace {

// The peer's certificates, parsed; freed with the object.
class parsed_chain {
public:
    explicit parsed_chain(const std::vector<std::string> &der)
    {
        for (const std::string &d : der) {
            gnutls_x509_crt_t c;
            if (gnutls_x509_crt_init(&c) < 0)
                break;
            gnutls_datum_t data = {reinterpret_cast<unsigned char *>(const_cast<char *>(d.data())),
                                   unsigned(d.size())};
            if (gnutls_x509_crt_import(c, &data, GNUTLS_X509_FMT_DER) < 0) {
                gnutls_x509_crt_deinit(c);
                ok_ = false;
                break;
            }
            certs_.push_back(c);
        }
    }
    ~parsed_chain()
    {
        for (gnutls_x509_crt_t c : certs_)
            gnutls_x509_crt_deinit(c);
    }
    parsed_chain(const parsed_chain &) = delete;
    parsed_chain &operator=(const parsed_chain &) = delete;

    bool ok() const { return ok_ && !certs_.empty(); }
    gnutls_x509_crt_t *data() { return certs_.data(); }
    unsigned size() const { return unsigned(certs_.size()); }
    gnutls_x509_crt_t operator[](unsigned i) const { return certs_[i]; }

private:
    std::vector<gnutls_x509_crt_t> certs_;
    bool ok_ = true;
};

// GnuTLS' verification status bits, as Windows' failure flags.  Anything
// GnuTLS rejects that has no closer match is an invalid certificate.
DWORD flags_from_status(unsigned status)
{
    DWORD flags = 0;
    if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA;
    if (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID;
    if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE;
    if (status & GNUTLS_CERT_UNEXPECTED_OWNER)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID;
    if (status & GNUTLS_CERT_REVOKED)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED;
    constexpr unsigned other = GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_INSECURE_ALGORITHM |
                               GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_MISMATCH |
                               GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS;
    if ((status & other) || ((status & GNUTLS_CERT_INVALID) && !flags))
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
    return flags;
}

// The issuer of chain[i]: the next certificate the server sent if it is that,
// else a trusted CA; nullptr if neither.  Not owned by the caller.
gnutls_x509_crt_t issuer_of(parsed_chain &chain, unsigned i, const trust_store &store)
{
    if (i + 1 < chain.size() && gnutls_x509_crt_check_issuer(chain[i], chain[i + 1]))
        return chain[i + 1];
    gnutls_x509_crt_t issuer = nullptr;
    if (gnutls_x509_trust_list_get_issuer(store.list(), chain[i], &issuer, 0) < 0)
        return nullptr;
    return issuer;
}

// Revocation, certificate by certificate: an OCSP response the server
// stapled for it decides if it is usable (tls_ocsp.h); otherwise a valid CRL
// of the issuer that lists it makes it revoked, and no usable CRL of that
// issuer is "revocation failed" (Windows' answer when the revocation server
// cannot be reached).
DWORD revocation_failures(parsed_chain &chain, const std::vector<std::string> &staples, const trust_store &store)
{
    DWORD flags = 0;
    time_t now = std::time(nullptr);
    for (unsigned i = 0; i < chain.size(); ++i) {
        if (gnutls_x509_crt_check_issuer(chain[i], chain[i]))
            continue;  // a root: nothing above it can revoke it
        gnutls_x509_crt_t issuer = issuer_of(chain, i, store);
        if (!issuer)
            continue;  // already reported as an unknown CA
        stapled_status stapled = check_staple(i < staples.size() ? staples[i] : std::string(), chain[i], issuer,
                                              store.list());
        if (stapled == stapled_status::revoked)
            flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED;
        if (stapled != stapled_status::none)
            continue;
        bool have_crl = false;
        for (gnutls_x509_crl_t crl : store.crls()) {
            unsigned verify = 0;
            if (!gnutls_x509_crl_check_issuer(crl, issuer) ||
                gnutls_x509_crl_verify(crl, &issuer, 1, 0, &verify) < 0 || verify != 0)
                continue;
            time_t next = gnutls_x509_crl_get_next_update(crl);
            if (next != time_t(-1) && next < now)
                continue;  // stale
            have_crl = true;
            if (gnutls_x509_crt_check_revocation(chain[i], &crl, 1) == 1)
                flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED;
        }
        if (!have_crl)
            flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED;
    }
    return flags;
}

}  // namespace

DWORD certificate_failures(const std::vector<std::string> &der, const std::string &host,
                           bool check_revocation, const std::vector<std::string> &staples)
{
    parsed_chain chain(der);
    if (!chain.ok())
        return WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
    std::shared_ptr<const trust_store> store = trust_store::current();

    // The server's certificate must be meant for TLS servers (extended key
    // usage); revocation is checked separately below.
    gnutls_typed_vdata_st purpose = {};
    purpose.type = GNUTLS_DT_KEY_PURPOSE_OID;
    purpose.data = reinterpret_cast<unsigned char *>(const_cast<char *>(GNUTLS_KP_TLS_WWW_SERVER));
    unsigned status = 0;
    if (gnutls_x509_trust_list_verify_crt2(store->list(), chain.data(), chain.size(), &purpose, 1,
                                           GNUTLS_VERIFY_DISABLE_CRL_CHECKS, &status, nullptr) < 0)
        return WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
    DWORD flags = flags_from_status(status);
    // Names: subjectAltName DNS or IP entries (the CN only without them).
    if (!gnutls_x509_crt_check_hostname2(chain[0], host.c_str(), 0))
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID;
    if (check_revocation)
        flags |= revocation_failures(chain, staples, *store);
    return flags;
}

DWORD ignorable_failures(DWORD security_flags)
{
    DWORD flags = 0;
    if (security_flags & SECURITY_FLAG_IGNORE_UNKNOWN_CA)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA;
    if (security_flags & SECURITY_FLAG_IGNORE_CERT_CN_INVALID)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID;
    if (security_flags & SECURITY_FLAG_IGNORE_CERT_DATE_INVALID)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID;
    if (security_flags & SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE)
        flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE;
    return flags;
}

}  // namespace winhttp::tls
