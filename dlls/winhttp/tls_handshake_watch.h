// What a server did during a TLS handshake that curl does not tell: whether
// it asked for a client certificate.  A TLS 1.3 server's request is still
// known after the handshake (gnutls_certificate_client_get_request_status),
// but a TLS 1.2 server that requires a certificate ends the handshake with
// an alert when none comes, and curl then frees the session: the request
// must be noted while the handshake runs.
//
// curl's GnuTLS session exists from the start of the TLS step (curl's
// "GnuTLS ciphers" message, before the first handshake message is read), so
// the debug hook arms the watch then (tls_on_curl_text).
#pragma once

namespace winhttp::tls::handshake_watch {

// Watches session (a gnutls_session_t) from now on, forgetting anything seen
// on an earlier session at the same address.  Engine thread.
void arm(void *session);

// Whether the server asked for a client certificate in session's handshake.
// Forgets the session.
bool take_certificate_request(void *session);

}  // namespace winhttp::tls::handshake_watch
