// Options a handle carries.  A child starts with a copy of its parent's, so a
// value set on the session before WinHttpOpenRequest applies to the request.
#pragma once
#include <memory>
#include <string>

#include "winhttp.h"

namespace winhttp {
namespace tls {
class client_identity;  // TLS: tls_client_cert.h
}

// Documented initial values (WinHttpSetTimeouts and the option reference).
struct timeouts {
    int resolve = 0;
    int connect = 60000;
    int send = 30000;
    int receive = 30000;
    int receive_response = 90000;
    DWORD connect_retries = 5;
};

struct handle_settings {
    timeouts timeout;
    DWORD redirect_policy = WINHTTP_OPTION_REDIRECT_POLICY_DEFAULT;
    DWORD max_redirects = 10;
    DWORD max_response_header_size = 64 * 1024;
    DWORD max_response_drain_size = 1024 * 1024;
    DWORD security_flags = 0;
    bool no_client_cert = false;  // TLS: WINHTTP_NO_CLIENT_CERT_CONTEXT set (tls_options.cpp)
    std::shared_ptr<const tls::client_identity> client_cert;  // TLS: a client certificate set
    // Deliberately stricter than Windows 10's default (which also allows TLS
    // 1.0 and 1.1): see the README.
    DWORD secure_protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    DWORD disabled_features = 0;
    DWORD enabled_features = 0;
    DWORD decompression = 0;
    DWORD enabled_protocols = 0;
    DWORD websocket_receive_buffer = 32 * 1024;
    DWORD websocket_send_buffer = 32 * 1024;
};

}  // namespace winhttp
