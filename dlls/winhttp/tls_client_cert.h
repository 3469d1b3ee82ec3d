// The client certificate a request authenticates with when a server asks
// for one (WINHTTP_OPTION_CLIENT_CERT_CONTEXT, and the Linux extension
// WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM in include/winhttp_linux.h).
//
// curl's GnuTLS backend loads a client certificate only from a file (it has
// no in-memory form), so the certificate and key are written, PEM, to an
// anonymous in-memory file (memfd) that curl opens as /proc/self/fd/N: the
// key never reaches a disk.  curl keeps connections apart by that name, so
// a name must never come to mean another certificate: each distinct
// certificate and key gets one file, kept open for the life of the process.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "winhttp.h"

namespace winhttp::tls {

class client_identity {
public:
    // Use from_pem / from_der: file as file() describes, or "" for no key
    // and the error to report when a server asks.
    explicit client_identity(std::string file, DWORD missing_key_error = 0)
        : file_(std::move(file)), missing_key_error_(missing_key_error)
    {
    }

    // From PEM text: certificates (the client's first) and one unencrypted
    // private key.  nullptr with *error set to the Windows error if unusable.
    static std::shared_ptr<const client_identity> from_pem(const char *text, size_t size, DWORD *error);
    // From a certificate (DER, as a CERT_CONTEXT holds it) and the private
    // key the host found for it (PEM), or no key ("") and the error a
    // server's request for the certificate then meets.
    static std::shared_ptr<const client_identity> from_der(const std::string &der, const std::string &key_pem,
                                                           DWORD missing_key_error, DWORD *error);

    // False when there is no usable private key: a server that asks for the
    // certificate then gets none and the request fails with
    // missing_key_error() (ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY or
    // _NO_ACCESS_PRIVATE_KEY).
    bool has_key() const { return !file_.empty(); }
    DWORD missing_key_error() const { return missing_key_error_; }
    // A file curl reads the certificates and the key from (PEM, one file).
    const std::string &file() const { return file_; }

private:
    std::string file_;
    DWORD missing_key_error_;
};

}  // namespace winhttp::tls
