#include "tls_store.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <new>
#include <sstream>

namespace winhttp::tls {
namespace {

constexpr const char *default_file = "/etc/ssl/certs/ca-certificates.crt";
constexpr const char *default_dir = "/etc/ssl/certs";

std::string env_or(const char *name, const char *fallback)
{
    const char *v = std::getenv(name);
    return v ? v : fallback;
}

bool is_regular_file(const std::string &path)
{
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<std::string> split_dirs(const std::string &dirs)
{
    std::vector<std::string> out;
    std::stringstream ss(dirs);
    std::string d;
    while (std::getline(ss, d, ':'))
        if (!d.empty())
            out.push_back(d);
    return out;
}

// What the store was loaded from: the variables, and when the file and the
// directories last changed (update-ca-certificates rewrites both), so that a
// changed store is read again without restarting the program.
std::string store_key()
{
    std::string file = env_or("SSL_CERT_FILE", default_file);
    std::string dirs = env_or("SSL_CERT_DIR", default_dir);
    std::string key = file + '\n' + dirs;
    std::vector<std::string> paths = split_dirs(dirs);
    paths.push_back(file);
    for (const std::string &p : paths) {
        struct stat st;
        if (::stat(p.c_str(), &st) == 0)
            key += '\n' + std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec);
        else
            key += "\n-";
    }
    return key;
}

}  // namespace

trust_store::trust_store()
{
    if (gnutls_x509_trust_list_init(&list_, 0) < 0)
        throw std::bad_alloc();
    std::string file = env_or("SSL_CERT_FILE", default_file);
    std::string dirs = env_or("SSL_CERT_DIR", default_dir);
    load_file(file);
    for (const std::string &d : split_dirs(dirs))
        load_dir(d);
}

trust_store::~trust_store()
{
    // The list does not own the CRLs: they were never added to it.
    for (gnutls_x509_crl_t c : crls_)
        gnutls_x509_crl_deinit(c);
    gnutls_x509_trust_list_deinit(list_, 1);
}

void trust_store::load_file(const std::string &path)
{
    if (!is_regular_file(path))
        return;  // a missing store is an empty store: every CA is unknown
    gnutls_x509_trust_list_add_trust_file(list_, path.c_str(), nullptr, GNUTLS_X509_FMT_PEM,
                                          GNUTLS_TL_NO_DUPLICATES, 0);
    load_crls_from(path);
}

void trust_store::load_dir(const std::string &path)
{
    DIR *d = ::opendir(path.c_str());
    if (!d)
        return;
    while (struct dirent *e = ::readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        load_file(path + "/" + e->d_name);
    }
    ::closedir(d);
}

// CRLs are kept apart from the trust list so that revocation is checked only
// when the application asks for it (WINHTTP_ENABLE_SSL_REVOCATION), and so
// that a missing CRL can be told apart (CERT_REV_FAILED).
void trust_store::load_crls_from(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("-----BEGIN X509 CRL") == std::string::npos)
        return;
    gnutls_datum_t data = {reinterpret_cast<unsigned char *>(&text[0]), unsigned(text.size())};
    gnutls_x509_crl_t *list = nullptr;
    unsigned count = 0;
    if (gnutls_x509_crl_list_import2(&list, &count, &data, GNUTLS_X509_FMT_PEM, 0) < 0)
        return;
    for (unsigned i = 0; i < count; ++i)
        crls_.push_back(list[i]);
    gnutls_free(list);
}

std::shared_ptr<const trust_store> trust_store::current()
{
    static std::mutex lock;
    static std::string cached_key;
    static std::shared_ptr<const trust_store> cached;

    std::string key = store_key();
    std::lock_guard<std::mutex> g(lock);
    if (!cached || key != cached_key) {
        cached = std::make_shared<trust_store>();
        cached_key = key;
    }
    return cached;
}

}  // namespace winhttp::tls
