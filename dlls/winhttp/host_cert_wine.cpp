// Wine certificate contexts come from crypt32, so that the application's
// CertFreeCertificateContext (crypt32's) can release them.  Imported the
// winelib way (-lcrypt32), like kernel32 in host_wine.cpp.
#include <cstdint>

#include "host_cert.h"

extern "C" __attribute__((ms_abi)) const void *CertCreateCertificateContext(uint32_t encoding,
                                                                             const uint8_t *der,
                                                                             uint32_t size);

namespace winhttp::host {
const void *create_cert_context(const std::string &der)
{
    constexpr uint32_t x509_and_pkcs7 = 0x00000001 | 0x00010000;
    return CertCreateCertificateContext(x509_and_pkcs7, reinterpret_cast<const uint8_t *>(der.data()),
                                        uint32_t(der.size()));
}

// The key stays in crypt32's key store: exporting it (CryptAcquire-
// CertificatePrivateKey, then CryptExportKey of an exportable key) is not
// done yet, so a server that asks for the certificate makes the request fail
// with ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY (see the README).
std::string client_cert_key_pem(const void *)
{
    return "";
}
}  // namespace winhttp::host
