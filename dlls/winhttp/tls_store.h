// The certificate authorities and CRLs that server certificates are checked
// against: the Linux equivalent of Windows' certificate stores.
//
// Where they come from follows OpenSSL's convention, which most Linux
// software shares: the bundle file /etc/ssl/certs/ca-certificates.crt, unless
// SSL_CERT_FILE names another file, plus the directory /etc/ssl/certs, unless
// SSL_CERT_DIR names others (':'-separated).  CRLs are read from the same
// places (PEM "X509 CRL" blocks).  Each variable replaces only its own
// default, as in OpenSSL.
#pragma once
#include <gnutls/x509.h>

#include <memory>
#include <string>
#include <vector>

namespace winhttp::tls {

class trust_store {
public:
    trust_store();
    ~trust_store();
    trust_store(const trust_store &) = delete;
    trust_store &operator=(const trust_store &) = delete;

    // The store for the environment as it is now.  Loading the system store
    // takes tens of milliseconds, so the result is kept until SSL_CERT_FILE
    // or SSL_CERT_DIR change.
    static std::shared_ptr<const trust_store> current();

    gnutls_x509_trust_list_t list() const { return list_; }
    const std::vector<gnutls_x509_crl_t> &crls() const { return crls_; }

private:
    void load_file(const std::string &path);
    void load_dir(const std::string &path);
    void load_crls_from(const std::string &path);

    gnutls_x509_trust_list_t list_ = nullptr;
    std::vector<gnutls_x509_crl_t> crls_;
};

}  // namespace winhttp::tls
