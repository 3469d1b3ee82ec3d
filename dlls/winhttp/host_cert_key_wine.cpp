// Under Wine, the private key of a client certificate context lives in
// crypt32's key store (a CryptoAPI key container, as PFXImportCertStore
// leaves it).  curl needs the key itself, so it is exported: only a key
// imported as exportable (CRYPT_EXPORTABLE) can be, and only RSA keys (the
// only kind Wine's key store holds).  Imported the winelib way: -lcrypt32
// -ladvapi32, with the Windows x64 calling convention.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "host_cert.h"
#include "tls_key_blob.h"
#include "winhttp.h"

#define HOST_WINAPI __attribute__((ms_abi))

extern "C" {
HOST_WINAPI int32_t CryptAcquireCertificatePrivateKey(const void *cert, uint32_t flags, void *reserved,
                                                      uintptr_t *prov_or_key, uint32_t *key_spec,
                                                      int32_t *caller_must_free);
HOST_WINAPI int32_t CryptGetUserKey(uintptr_t prov, uint32_t key_spec, uintptr_t *key);
HOST_WINAPI int32_t CryptExportKey(uintptr_t key, uintptr_t export_key, uint32_t blob_type, uint32_t flags,
                                   uint8_t *data, uint32_t *size);
HOST_WINAPI int32_t CryptDestroyKey(uintptr_t key);
HOST_WINAPI int32_t CryptReleaseContext(uintptr_t prov, uint32_t flags);
}

namespace winhttp::host {
namespace {

constexpr uint32_t acquire_silent = 0x40;           // CRYPT_ACQUIRE_SILENT_FLAG: never ask the user
constexpr uint32_t ncrypt_key_spec = 0xFFFFFFFF;    // CERT_NCRYPT_KEY_SPEC
constexpr uint32_t privatekeyblob = 0x7;
constexpr uint32_t at_keyexchange = 1, at_signature = 2;

// The container's key: the one the certificate names, else either kind.
// (Wine 8's PFXImportCertStore records key spec 3, which CryptGetUserKey
// does not know; the key is there as AT_KEYEXCHANGE.)
bool user_key(uintptr_t prov, uint32_t key_spec, uintptr_t *key)
{
    return CryptGetUserKey(prov, key_spec, key) || CryptGetUserKey(prov, at_keyexchange, key) ||
           CryptGetUserKey(prov, at_signature, key);
}

// The key's PRIVATEKEYBLOB; empty if it cannot be exported.
std::vector<uint8_t> export_blob(uintptr_t prov, uint32_t key_spec)
{
    std::vector<uint8_t> blob;
    uintptr_t key = 0;
    if (!user_key(prov, key_spec, &key))
        return blob;
    uint32_t size = 0;
    if (CryptExportKey(key, 0, privatekeyblob, 0, nullptr, &size) && size) {
        blob.resize(size);
        if (!CryptExportKey(key, 0, privatekeyblob, 0, blob.data(), &size))
            blob.clear();
        blob.resize(blob.empty() ? 0 : size);
    }
    CryptDestroyKey(key);
    return blob;
}

}  // namespace

std::string client_cert_key_pem(const void *cert_context, uint32_t *missing)
{
    uintptr_t prov = 0;
    uint32_t key_spec = 0;
    int32_t must_free = 0;
    // No key associated with the certificate at all.
    if (!CryptAcquireCertificatePrivateKey(cert_context, acquire_silent, nullptr, &prov, &key_spec, &must_free)) {
        *missing = ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY;
        return "";
    }
    // A key exists from here on: failing to get it out is "no access".
    std::string pem;
    if (key_spec != ncrypt_key_spec) {
        std::vector<uint8_t> blob = export_blob(prov, key_spec);
        pem = tls::pem_from_private_key_blob(blob.data(), blob.size());
        std::fill(blob.begin(), blob.end(), 0);
    }
    if (must_free && key_spec != ncrypt_key_spec)
        CryptReleaseContext(prov, 0);
    if (pem.empty())
        *missing = ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY;
    return pem;
}

}  // namespace winhttp::host
