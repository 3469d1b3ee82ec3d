// pem_from_private_key_blob on its own (tls_key_blob.cpp): the conversion
// that carries a client certificate's RSA key out of crypt32 under Wine,
// checked natively against keys GnuTLS makes.  The blob is built here the
// way CryptExportKey(PRIVATEKEYBLOB) lays it out.
extern "C" {
#include "cmocka_all.h"
}
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "tls_key_blob.h"

using winhttp::tls::pem_from_private_key_blob;

namespace {

void put32(std::vector<unsigned char> &b, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b.push_back((unsigned char)(v >> (8 * i)));
}

// A big-endian integer as exactly n little-endian bytes.
void put_le(std::vector<unsigned char> &b, const gnutls_datum_t &d, size_t n)
{
    std::vector<unsigned char> v(d.data, d.data + d.size);
    while (v.size() > n && v.front() == 0)
        v.erase(v.begin());  // GnuTLS may add a sign byte
    assert_true(v.size() <= n);
    std::reverse(v.begin(), v.end());
    v.resize(n, 0);
    b.insert(b.end(), v.begin(), v.end());
}

struct rsa_key {
    gnutls_x509_privkey_t key;
    gnutls_datum_t m, e, d, p, q, u, e1, e2;
};

std::vector<unsigned char> blob_of(rsa_key &k, unsigned bits)
{
    assert_int_equal(gnutls_x509_privkey_export_rsa_raw2(k.key, &k.m, &k.e, &k.d, &k.p, &k.q, &k.u, &k.e1, &k.e2), 0);
    std::vector<unsigned char> b = {0x07, 0x02, 0x00, 0x00};  // PRIVATEKEYBLOB, version 2
    put32(b, 0x0000a400);                                    // CALG_RSA_KEYX
    put32(b, 0x32415352);                                    // "RSA2"
    put32(b, bits);
    uint32_t exponent = 0;
    for (unsigned i = 0; i < k.e.size; ++i)
        exponent = exponent << 8 | k.e.data[i];
    put32(b, exponent);
    put_le(b, k.m, bits / 8);
    put_le(b, k.p, bits / 16);
    put_le(b, k.q, bits / 16);
    put_le(b, k.e1, bits / 16);
    put_le(b, k.e2, bits / 16);
    put_le(b, k.u, bits / 16);
    put_le(b, k.d, bits / 8);
    return b;
}

void free_key(rsa_key &k)
{
    for (gnutls_datum_t *d : {&k.m, &k.e, &k.d, &k.p, &k.q, &k.u, &k.e1, &k.e2})
        gnutls_free(d->data);
    gnutls_x509_privkey_deinit(k.key);
}

// The key ID (a hash of the public key) of a PEM private key; "" if unreadable.
std::string key_id_of_pem(const std::string &pem)
{
    gnutls_x509_privkey_t key;
    gnutls_x509_privkey_init(&key);
    gnutls_datum_t d = {(unsigned char *)pem.data(), (unsigned)pem.size()};
    unsigned char id[64];
    size_t n = sizeof(id);
    std::string out;
    if (gnutls_x509_privkey_import(key, &d, GNUTLS_X509_FMT_PEM) >= 0 &&
        gnutls_x509_privkey_get_key_id(key, 0, id, &n) >= 0)
        out.assign((const char *)id, n);
    gnutls_x509_privkey_deinit(key);
    return out;
}

std::string key_id_of(gnutls_x509_privkey_t key)
{
    unsigned char id[64];
    size_t n = sizeof(id);
    assert_int_equal(gnutls_x509_privkey_get_key_id(key, 0, id, &n), 0);
    return std::string((const char *)id, n);
}

void check_round_trip(unsigned bits)
{
    rsa_key k = {};
    assert_int_equal(gnutls_x509_privkey_init(&k.key), 0);
    assert_int_equal(gnutls_x509_privkey_generate(k.key, GNUTLS_PK_RSA, bits, 0), 0);
    std::vector<unsigned char> blob = blob_of(k, bits);
    std::string pem = pem_from_private_key_blob(blob.data(), blob.size());
    assert_true(pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);  // PKCS#8
    assert_true(key_id_of_pem(pem) == key_id_of(k.key));
    free_key(k);
}

}  // namespace

static void test_rsa_keys_convert(void **)
{
    check_round_trip(2048);
    check_round_trip(1024);
}

static void test_bad_blobs_give_nothing(void **)
{
    rsa_key k = {};
    assert_int_equal(gnutls_x509_privkey_init(&k.key), 0);
    assert_int_equal(gnutls_x509_privkey_generate(k.key, GNUTLS_PK_RSA, 1024, 0), 0);
    std::vector<unsigned char> good = blob_of(k, 1024);
    free_key(k);
    assert_true(!pem_from_private_key_blob(good.data(), good.size()).empty());
    assert_true(pem_from_private_key_blob(nullptr, 0).empty());
    assert_true(pem_from_private_key_blob(good.data(), good.size() - 1).empty());  // truncated
    std::vector<unsigned char> b = good;
    b[0] = 0x06;  // PUBLICKEYBLOB
    assert_true(pem_from_private_key_blob(b.data(), b.size()).empty());
    b = good;
    b[8] = 'X';  // not "RSA2"
    assert_true(pem_from_private_key_blob(b.data(), b.size()).empty());
    b = good;
    b[12] = 0x01;  // 1025 bits: not whole bytes
    assert_true(pem_from_private_key_blob(b.data(), b.size()).empty());
    b = good;
    b[20 + 128] ^= 0x01;  // prime1 changed: the parts no longer fit together
    assert_true(pem_from_private_key_blob(b.data(), b.size()).empty());
}

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_keys_convert),
        cmocka_unit_test(test_bad_blobs_give_nothing),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
