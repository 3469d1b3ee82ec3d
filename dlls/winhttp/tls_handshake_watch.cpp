#include "tls_handshake_watch.h"

#include <gnutls/gnutls.h>

#include <mutex>
#include <unordered_set>

namespace winhttp::tls::handshake_watch {
namespace {

// Sessions whose server sent a CertificateRequest.  Keyed by address only:
// the hook has no other way to name its session (curl may use the session's
// user pointer).  Entries are taken when the transfer checks its connection
// or ends, and cleared when a new session is armed at the same address.
std::mutex lock;
std::unordered_set<void *> &requested()
{
    static auto *set = new std::unordered_set<void *>;  // never destroyed: hooks may run during exit
    return *set;
}

int on_certificate_request(gnutls_session_t session, unsigned, unsigned, unsigned incoming, const gnutls_datum_t *)
{
    if (incoming) {
        std::lock_guard<std::mutex> g(lock);
        requested().insert(session);
    }
    return 0;
}

}  // namespace

void arm(void *session)
{
    {
        std::lock_guard<std::mutex> g(lock);
        requested().erase(session);
    }
    // One hook function per session in GnuTLS; curl 7.88 sets none.
    gnutls_handshake_set_hook_function(static_cast<gnutls_session_t>(session), GNUTLS_HANDSHAKE_CERTIFICATE_REQUEST,
                                       GNUTLS_HOOK_POST, on_certificate_request);
}

bool take_certificate_request(void *session)
{
    if (!session)
        return false;
    std::lock_guard<std::mutex> g(lock);
    return requested().erase(session) > 0;
}

}  // namespace winhttp::tls::handshake_watch
