// What an HTTPS transfer knows about TLS: the application's rules, fixed when
// the request is sent, and what the handshake produced, read later by the
// option queries (SECURITY_FLAGS, KEY_BITNESS, certificate options).
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "winhttp.h"

namespace winhttp {
class request;
}

namespace winhttp::tls {

class client_identity;

struct policy {
    std::string host;              // the name the certificate must carry
    DWORD security_flags = 0;      // WINHTTP_OPTION_SECURITY_FLAGS (IGNORE_* bits)
    bool check_revocation = false; // WINHTTP_ENABLE_SSL_REVOCATION
    DWORD protocols = 0;           // WINHTTP_OPTION_SECURE_PROTOCOLS
    bool no_client_cert = false;   // WINHTTP_NO_CLIENT_CERT_CONTEXT was set
    std::shared_ptr<const client_identity> client_cert;  // or a certificate was (tls_client_cert.h)
    std::string proxy;             // "host:port" to tunnel through, or direct
};

struct connection_info {
    DWORD protocol = 0;     // one WINHTTP_FLAG_SECURE_PROTOCOL_* bit
    DWORD cipher_bits = 0;  // the symmetric cipher's key size
    std::vector<std::string> chain;  // the server's certificates (DER), its own first
};

class state {
public:
    explicit state(policy p) : rules(std::move(p)) {}
    const policy rules;

    void set_connection(connection_info info)
    {
        std::lock_guard<std::mutex> g(lock_);
        info_ = std::move(info);
        connected_ = true;
    }
    // False until a handshake has been seen.
    bool connection(connection_info *out) const
    {
        std::lock_guard<std::mutex> g(lock_);
        if (connected_ && out)
            *out = info_;
        return connected_;
    }
    // Set once the connection (proxy tunnel and handshake included) is up:
    // before that, bytes going out are the tunnel's CONNECT, not the request.
    void set_connection_up() { connection_up_ = true; }
    bool connection_up() const { return connection_up_; }
    // The GnuTLS session whose handshake is watched (tls_handshake_watch.h).
    void *watched_session() const { return watched_session_; }
    void set_watched_session(void *s) { watched_session_ = s; }
    // The Windows error the transfer ends with because TLS stopped it (0: none).
    void set_abort_error(DWORD e)
    {
        std::lock_guard<std::mutex> g(lock_);
        abort_error_ = e;
    }
    DWORD abort_error() const
    {
        std::lock_guard<std::mutex> g(lock_);
        return abort_error_;
    }

private:
    mutable std::mutex lock_;
    bool connected_ = false;
    connection_info info_;
    DWORD abort_error_ = 0;
    std::atomic<bool> connection_up_{false};
    std::atomic<void *> watched_session_{nullptr};
};

// The TLS state for a request being sent; empty for plain HTTP.
std::shared_ptr<state> make_state(const request &r);

}  // namespace winhttp::tls
