#include "tls_client_cert.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace winhttp::tls {
namespace {

gnutls_datum_t datum_of(const std::string &s)
{
    return gnutls_datum_t{reinterpret_cast<unsigned char *>(const_cast<char *>(s.data())), unsigned(s.size())};
}

// The parsed certificates and key; freed with the object.
struct parsed_identity {
    std::vector<gnutls_x509_crt_t> certs;
    gnutls_x509_privkey_t key = nullptr;

    parsed_identity() = default;
    parsed_identity(const parsed_identity &) = delete;
    parsed_identity &operator=(const parsed_identity &) = delete;
    ~parsed_identity()
    {
        for (gnutls_x509_crt_t c : certs)
            gnutls_x509_crt_deinit(c);
        if (key)
            gnutls_x509_privkey_deinit(key);
    }

    bool import_certs(const std::string &data, gnutls_x509_crt_fmt_t format)
    {
        gnutls_datum_t d = datum_of(data);
        gnutls_x509_crt_t *list = nullptr;
        unsigned n = 0;
        if (gnutls_x509_crt_list_import2(&list, &n, &d, format, 0) < 0)
            return false;
        certs.assign(list, list + n);
        gnutls_free(list);
        return !certs.empty();
    }

    bool import_key(const std::string &pem)
    {
        gnutls_datum_t d = datum_of(pem);
        if (gnutls_x509_privkey_init(&key) < 0)
            throw std::bad_alloc();
        // No password: an encrypted key cannot be used (and fails here).
        return gnutls_x509_privkey_import2(key, &d, GNUTLS_X509_FMT_PEM, nullptr, GNUTLS_PKCS_PLAIN) >= 0;
    }

    // The key belongs to the first certificate (same public key).
    bool key_matches() const
    {
        unsigned char a[64], b[64];
        size_t na = sizeof(a), nb = sizeof(b);
        return gnutls_x509_crt_get_key_id(certs[0], 0, a, &na) >= 0 &&
               gnutls_x509_privkey_get_key_id(key, 0, b, &nb) >= 0 && na == nb && std::memcmp(a, b, na) == 0;
    }

    // Certificates then the key (PKCS#8), as one PEM text curl can load.
    bool export_pem(std::string *out) const
    {
        gnutls_datum_t d;
        for (gnutls_x509_crt_t c : certs) {
            if (gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM, &d) < 0)
                return false;
            out->append(reinterpret_cast<const char *>(d.data), d.size);
            gnutls_free(d.data);
        }
        if (gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, nullptr, GNUTLS_PKCS_PLAIN, &d) < 0)
            return false;
        out->append(reinterpret_cast<const char *>(d.data), d.size);
        gnutls_free(d.data);
        return true;
    }
};

bool has_key_block(const std::string &text)
{
    for (size_t at = text.find("-----BEGIN "); at != std::string::npos; at = text.find("-----BEGIN ", at + 1)) {
        size_t end = text.find("-----", at + 11);
        if (end != std::string::npos && text.compare(at + 11, end - at - 11, "CERTIFICATE") != 0 &&
            text.substr(at + 11, end - at - 11).find("PRIVATE KEY") != std::string::npos)
            return true;
    }
    return false;
}

bool write_all(int fd, const std::string &s)
{
    size_t done = 0;
    while (done < s.size()) {
        ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n <= 0)
            return false;
        done += size_t(n);
    }
    return true;
}

// The /proc/self/fd name of an in-memory file holding pem; the same text
// always gets the same file (found by the text's SHA-256, so that no other
// copy of the key stays in memory).  "" if no file can be made.
std::string file_for(const std::string &pem)
{
    static std::mutex lock;
    // Never destroyed: curl may still open a name while the process exits.
    static auto *files = new std::map<std::string, std::string>;
    unsigned char digest[32];
    if (gnutls_hash_fast(GNUTLS_DIG_SHA256, pem.data(), pem.size(), digest) < 0)
        return "";
    std::string id(reinterpret_cast<const char *>(digest), sizeof(digest));
    std::lock_guard<std::mutex> g(lock);
    auto it = files->find(id);
    if (it != files->end())
        return it->second;
    int fd = ::memfd_create("winhttp-client-cert", MFD_CLOEXEC);
    if (fd < 0)
        return "";
    if (!write_all(fd, pem)) {
        ::close(fd);
        return "";
    }
    std::string name = "/proc/self/fd/" + std::to_string(fd);
    files->emplace(id, name);
    return name;
}

// The identity for a parsed certificate and key; nullptr with *error set.
std::shared_ptr<const client_identity> finish(const parsed_identity &p, DWORD *error)
{
    std::string pem;
    if (!p.key_matches() || !p.export_pem(&pem)) {
        *error = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    std::string file = file_for(pem);
    std::fill(pem.begin(), pem.end(), '\0');  // the key, off the heap
    if (file.empty()) {
        *error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
    return std::make_shared<client_identity>(std::move(file));
}

}  // namespace

std::shared_ptr<const client_identity> client_identity::from_pem(const char *text, size_t size, DWORD *error)
{
    std::string pem(text, size);
    while (!pem.empty() && pem.back() == '\0')
        pem.pop_back();
    parsed_identity p;
    std::shared_ptr<const client_identity> out;
    if (!p.import_certs(pem, GNUTLS_X509_FMT_PEM))
        *error = ERROR_INVALID_PARAMETER;
    else if (!has_key_block(pem))
        *error = ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY;
    else if (!p.import_key(pem))
        *error = ERROR_INVALID_PARAMETER;
    else
        out = finish(p, error);
    std::fill(pem.begin(), pem.end(), '\0');  // the key, off the heap
    return out;
}

std::shared_ptr<const client_identity> client_identity::from_der(const std::string &der, const std::string &key_pem,
                                                                 DWORD missing_key_error, DWORD *error)
{
    parsed_identity p;
    if (der.empty() || !p.import_certs(der, GNUTLS_X509_FMT_DER)) {
        *error = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    if (key_pem.empty())
        return std::make_shared<client_identity>("", missing_key_error);  // see has_key()
    if (!p.import_key(key_pem)) {
        *error = ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY;
        return nullptr;
    }
    return finish(p, error);
}

}  // namespace winhttp::tls
