#include "tls_cert_context.h"

#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include <algorithm>
#include <ctime>

namespace winhttp::tls {
namespace {

// A DER tag-length-value; only what SubjectPublicKeyInfo needs.
struct tlv {
    const unsigned char *start = nullptr;  // the tag
    const unsigned char *body = nullptr;
    const unsigned char *end = nullptr;    // past the value
};

bool read_tlv(const unsigned char *p, const unsigned char *limit, tlv *out)
{
    if (limit - p < 2)
        return false;
    out->start = p;
    size_t len = p[1];
    p += 2;
    if (len & 0x80) {
        size_t n = len & 0x7f;
        if (n == 0 || n > 4 || size_t(limit - p) < n)
            return false;
        len = 0;
        while (n--)
            len = (len << 8) | *p++;
    }
    if (size_t(limit - p) < len)
        return false;
    out->body = p;
    out->end = p + len;
    return true;
}

std::string bytes(const unsigned char *a, const unsigned char *b) { return std::string(a, b); }

// SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { OID, params }, BIT STRING }:
// the algorithm's parameters (DER, as Windows keeps them) and the key bits.
bool split_public_key(gnutls_x509_crt_t crt, std::string *params, std::string *key, DWORD *unused)
{
    gnutls_pubkey_t pk;
    if (gnutls_pubkey_init(&pk) < 0)
        return false;
    gnutls_datum_t spki = {nullptr, 0};
    bool ok = gnutls_pubkey_import_x509(pk, crt, 0) >= 0 &&
              gnutls_pubkey_export2(pk, GNUTLS_X509_FMT_DER, &spki) >= 0;
    gnutls_pubkey_deinit(pk);
    tlv outer, algorithm, oid, bits;
    if (ok) {
        const unsigned char *end = spki.data + spki.size;
        ok = read_tlv(spki.data, end, &outer) && read_tlv(outer.body, outer.end, &algorithm) &&
             read_tlv(algorithm.body, algorithm.end, &oid) && read_tlv(algorithm.end, outer.end, &bits) &&
             bits.end > bits.body;
    }
    if (ok) {
        *params = bytes(oid.end, algorithm.end);
        *unused = bits.body[0];
        *key = bytes(bits.body + 1, bits.end);
    }
    gnutls_free(spki.data);
    return ok;
}

template <class F>
bool read_string(F getter, std::string *out)
{
    size_t size = 0;
    getter(nullptr, &size);  // asks for the size
    if (size == 0)
        return false;
    out->assign(size, '\0');
    if (getter(&(*out)[0], &size) < 0)
        return false;
    out->resize(size);
    while (!out->empty() && out->back() == '\0')
        out->pop_back();
    return true;
}

bool read_datum(int (*get)(gnutls_x509_crt_t, gnutls_datum_t *), gnutls_x509_crt_t crt, std::string *out)
{
    gnutls_datum_t d;
    if (get(crt, &d) < 0)
        return false;
    out->assign(reinterpret_cast<const char *>(d.data), d.size);
    gnutls_free(d.data);
    return true;
}

FILETIME filetime_of(time_t t)
{
    uint64_t ticks = uint64_t(int64_t(t) + 11644473600LL) * 10000000ULL;
    return FILETIME{DWORD(ticks), DWORD(ticks >> 32)};
}

bool read_extensions(gnutls_x509_crt_t crt, cert_context_block &b)
{
    for (unsigned i = 0;; ++i) {
        char oid[128];
        size_t oid_size = sizeof(oid);
        unsigned critical = 0;
        int rc = gnutls_x509_crt_get_extension_info(crt, i, oid, &oid_size, &critical);
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
        gnutls_datum_t value;
        if (rc < 0 || gnutls_x509_crt_get_extension_data2(crt, i, &value) < 0)
            return false;
        b.extension_oids.emplace_back(oid);
        b.extension_values.emplace_back(reinterpret_cast<const char *>(value.data), value.size);
        gnutls_free(value.data);
        CERT_EXTENSION e = {};
        e.fCritical = critical ? TRUE : FALSE;
        b.extensions.push_back(e);
    }
    // Pointers only now, once the vectors have stopped growing.
    for (size_t i = 0; i < b.extensions.size(); ++i) {
        b.extensions[i].pszObjId = &b.extension_oids[i][0];
        b.extensions[i].Value.cbData = DWORD(b.extension_values[i].size());
        b.extensions[i].Value.pbData = reinterpret_cast<BYTE *>(&b.extension_values[i][0]);
    }
    return true;
}

BYTE *data_of(std::string &s) { return reinterpret_cast<BYTE *>(&s[0]); }

bool read_fields(gnutls_x509_crt_t crt, cert_context_block &b)
{
    DWORD unused_bits = 0;
    bool ok = read_string([&](char *p, size_t *n) { return gnutls_x509_crt_get_serial(crt, p, n); }, &b.serial) &&
              read_string([&](char *p, size_t *n) { return gnutls_x509_crt_get_signature_oid(crt, p, n); },
                          &b.signature_oid) &&
              read_string([&](char *p, size_t *n) { return gnutls_x509_crt_get_pk_oid(crt, p, n); }, &b.key_oid) &&
              read_datum(gnutls_x509_crt_get_raw_issuer_dn, crt, &b.issuer) &&
              read_datum(gnutls_x509_crt_get_raw_dn, crt, &b.subject) &&
              split_public_key(crt, &b.key_params, &b.key_bits, &unused_bits) && read_extensions(crt, b);
    if (!ok)
        return false;
    // Windows keeps the serial number little-endian.
    std::reverse(b.serial.begin(), b.serial.end());
    CERT_INFO &i = b.info;
    i.dwVersion = DWORD(std::max(gnutls_x509_crt_get_version(crt), 1) - 1);
    i.SerialNumber = {DWORD(b.serial.size()), data_of(b.serial)};
    i.SignatureAlgorithm.pszObjId = &b.signature_oid[0];
    i.Issuer = {DWORD(b.issuer.size()), data_of(b.issuer)};
    i.NotBefore = filetime_of(gnutls_x509_crt_get_activation_time(crt));
    i.NotAfter = filetime_of(gnutls_x509_crt_get_expiration_time(crt));
    i.Subject = {DWORD(b.subject.size()), data_of(b.subject)};
    i.SubjectPublicKeyInfo.Algorithm.pszObjId = &b.key_oid[0];
    i.SubjectPublicKeyInfo.Algorithm.Parameters = {DWORD(b.key_params.size()),
                                                   b.key_params.empty() ? nullptr : data_of(b.key_params)};
    i.SubjectPublicKeyInfo.PublicKey = {DWORD(b.key_bits.size()), data_of(b.key_bits), unused_bits};
    i.cExtension = DWORD(b.extensions.size());
    i.rgExtension = b.extensions.empty() ? nullptr : b.extensions.data();
    return true;
}

}  // namespace

std::unique_ptr<cert_context_block> build_cert_context(const std::string &der)
{
    auto b = std::make_unique<cert_context_block>();
    b->der = der;
    gnutls_x509_crt_t crt;
    if (der.empty() || gnutls_x509_crt_init(&crt) < 0)
        return nullptr;
    gnutls_datum_t data = {data_of(b->der), unsigned(b->der.size())};
    bool ok = gnutls_x509_crt_import(crt, &data, GNUTLS_X509_FMT_DER) >= 0 && read_fields(crt, *b);
    gnutls_x509_crt_deinit(crt);
    if (!ok)
        return nullptr;
    b->context.dwCertEncodingType = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
    b->context.pbCertEncoded = data_of(b->der);
    b->context.cbCertEncoded = DWORD(b->der.size());
    b->context.pCertInfo = &b->info;
    b->context.hCertStore = nullptr;  // no store behind it natively
    return b;
}

}  // namespace winhttp::tls
