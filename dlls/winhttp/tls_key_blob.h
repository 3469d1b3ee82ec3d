// Microsoft's PRIVATEKEYBLOB (what CryptExportKey gives for an RSA key) as a
// PEM private key GnuTLS and curl read: how a client certificate's key
// leaves crypt32 under Wine (host_cert_key_wine.cpp).  Pure data conversion.
#pragma once
#include <cstddef>
#include <string>

namespace winhttp::tls {

// blob: BLOBHEADER (type PRIVATEKEYBLOB), RSAPUBKEY ("RSA2"), then modulus,
// prime1, prime2, exponent1, exponent2, coefficient, private exponent, each
// little-endian.  Returns PKCS#8 PEM, or "" if blob is not such a key.
std::string pem_from_private_key_blob(const unsigned char *blob, size_t size);

}  // namespace winhttp::tls
