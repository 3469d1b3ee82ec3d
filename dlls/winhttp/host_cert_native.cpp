// Native certificate contexts: built by the library and released through its
// exported CertFreeCertificateContext.  Contexts are kept in a registry so a
// pointer the library did not hand out (or already took back) is refused
// instead of freed.
#include <mutex>
#include <unordered_map>

#include "host.h"
#include "host_cert.h"
#include "tls_cert_context.h"
#include "winhttp.h"

namespace winhttp::host {
namespace {

std::mutex registry_lock;
std::unordered_map<const void *, std::unique_ptr<tls::cert_context_block>> &registry()
{
    static auto *r = new std::unordered_map<const void *, std::unique_ptr<tls::cert_context_block>>;
    return *r;  // never destroyed: contexts may be freed during exit
}

}  // namespace

const void *create_cert_context(const std::string &der)
{
    std::unique_ptr<tls::cert_context_block> b = tls::build_cert_context(der);
    if (!b)
        return nullptr;
    const void *ctx = &b->context;
    std::lock_guard<std::mutex> g(registry_lock);
    registry().emplace(ctx, std::move(b));
    return ctx;
}

// Natively a CERT_CONTEXT is only the certificate: there is no key store to
// find its private key in (WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM gives one).
std::string client_cert_key_pem(const void *, uint32_t *missing)
{
    *missing = ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY;
    return "";
}

}  // namespace winhttp::host

// Decision: a pointer that is not a live context fails with
// ERROR_INVALID_PARAMETER (Windows' behaviour there is undefined).
extern "C" BOOL WINAPI CertFreeCertificateContext(PCCERT_CONTEXT ctx)
{
    using namespace winhttp::host;
    if (!ctx)
        return TRUE;
    std::unique_ptr<winhttp::tls::cert_context_block> gone;
    {
        std::lock_guard<std::mutex> g(registry_lock);
        auto it = registry().find(ctx);
        if (it == registry().end()) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
        gone = std::move(it->second);
        registry().erase(it);
    }
    return TRUE;
}
