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
}  // namespace winhttp::host
