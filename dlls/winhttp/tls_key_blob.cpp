#include "tls_key_blob.h"

#include <gnutls/x509.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace winhttp::tls {
namespace {

constexpr unsigned char privatekeyblob = 0x07;
constexpr uint32_t rsa2_magic = 0x32415352;  // "RSA2"
constexpr size_t header_size = 8 + 12;        // BLOBHEADER + RSAPUBKEY

uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }

// The next n little-endian bytes of the blob, big-endian (as GnuTLS reads
// integers).
std::vector<unsigned char> take_be(const unsigned char *&p, size_t n)
{
    std::vector<unsigned char> v(p, p + n);
    std::reverse(v.begin(), v.end());
    p += n;
    return v;
}

gnutls_datum_t datum(std::vector<unsigned char> &v) { return gnutls_datum_t{v.data(), unsigned(v.size())}; }

}  // namespace

std::string pem_from_private_key_blob(const unsigned char *blob, size_t size)
{
    if (!blob || size < header_size || blob[0] != privatekeyblob || le32(blob + 8) != rsa2_magic)
        return "";
    uint32_t bits = le32(blob + 12);
    if (bits == 0 || bits % 16 != 0 || bits > 16384)
        return "";
    size_t whole = bits / 8, half = bits / 16;
    if (size < header_size + 2 * whole + 5 * half)
        return "";
    uint32_t exponent = le32(blob + 16);
    std::vector<unsigned char> e = {static_cast<unsigned char>(exponent >> 24), static_cast<unsigned char>(exponent >> 16),
                                    static_cast<unsigned char>(exponent >> 8), static_cast<unsigned char>(exponent)};
    const unsigned char *p = blob + header_size;
    std::vector<unsigned char> m = take_be(p, whole), p1 = take_be(p, half), p2 = take_be(p, half),
                               e1 = take_be(p, half), e2 = take_be(p, half), coef = take_be(p, half),
                               d = take_be(p, whole);
    gnutls_x509_privkey_t key;
    if (gnutls_x509_privkey_init(&key) < 0)
        return "";
    gnutls_datum_t dm = datum(m), de = datum(e), dd = datum(d), dp = datum(p1), dq = datum(p2), du = datum(coef),
                   de1 = datum(e1), de2 = datum(e2);
    // Microsoft's coefficient is prime2^-1 mod prime1, as PKCS#1's (and
    // GnuTLS') is q^-1 mod p.
    std::string pem;
    gnutls_datum_t out = {nullptr, 0};
    if (gnutls_x509_privkey_import_rsa_raw2(key, &dm, &de, &dd, &dp, &dq, &du, &de1, &de2) >= 0 &&
        gnutls_x509_privkey_verify_params(key) >= 0 &&
        gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, nullptr, GNUTLS_PKCS_PLAIN, &out) >= 0)
        pem.assign(reinterpret_cast<const char *>(out.data), out.size);
    gnutls_free(out.data);
    std::fill(d.begin(), d.end(), 0);  // key material off the heap
    std::fill(p1.begin(), p1.end(), 0);
    std::fill(p2.begin(), p2.end(), 0);
    gnutls_x509_privkey_deinit(key);
    return pem;
}

}  // namespace winhttp::tls
