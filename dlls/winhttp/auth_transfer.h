// Authentication on the transfer side: the Authorization and
// Proxy-Authorization fields a request carries when it is sent, and the
// engine answering a 401/407 itself when the request holds credentials
// that fit the challenge (WinHTTP's automatic handling: credentials set
// with the USERNAME/PASSWORD options, or a Digest scheme chosen with
// WinHttpSetCredentials before its challenge was seen).  The answered
// 401/407 then behaves like a followed redirect to the same URL: its body
// is dropped and the next exchange starts on the same easy handle.
//
// NTLM is curl's: its three legs must share one connection, which only
// curl can promise.  curl sends the NEGOTIATE message with the request,
// answers the server's CHALLENGE inside the same transfer, and ignores
// that 401's body; the header hook skips that 401's head
// (curl_continues_locked), so the application sees one exchange.
#pragma once
#include <string>

#include "objects.h"

namespace winhttp {
class transfer;
}

namespace winhttp::auth {

// Credentials of one target as a transfer may use them.
struct plan_target {
    bool usable = false;   // there are credentials to answer a challenge with
    DWORD scheme = 0;      // the scheme WinHttpSetCredentials chose; 0: Digest or Basic (options)
    std::string user, password;  // UTF-8
    bool answered = false;  // this transfer already sent them: a new challenge means "refused"
    bool stale_answered = false;  // answered a Digest "stale=true" challenge (only once)
    bool curl_ntlm = false;       // NTLM, done by curl with user and password
    bool curl_tunnel = false;     // proxy credentials curl sends with an HTTPS tunnel's CONNECT
    bool ntlm_challenged = false;  // curl got the server's CHALLENGE message
};

struct plan {
    plan_target server, proxy;
};

// When r is sent: sets t.auth and adds to t.header_lines the fields that
// answer what r already knows (Basic at once; Digest to the challenge the
// application saw).  Proxy credentials go in fields only to a plain-HTTP
// named proxy; for HTTPS, curl sends them with CONNECT (configure_easy).
// Call before the transfer starts.
void prepare(transfer &t, const request &r);

// Engine, t.lock held, on a final 401/407 head (t.head): if t's
// credentials can answer it, marks the response as one to retry (as
// redirect_pending, with the field in t.next->auth_line) and returns
// true.
bool consider_locked(transfer &t, int code);

// Engine: gives curl the credentials it handles itself: NTLM to servers,
// and proxy credentials for an HTTPS request's CONNECT (curl answers the
// proxy's 407 inside the tunnel set-up).  Returns false on failure.
bool configure_easy(transfer &t);
// Whether configure_easy sets any curl option for t.
bool sets_curl_options(const transfer &t);

// Engine, t.lock held, on a final-looking head: whether curl will go on
// with an NTLM handshake after it (a 401 carrying the CHALLENGE message),
// so that this head is not the response.
bool curl_continues_locked(transfer &t, int code);

// Engine: after a redirect to another host, curl forgets the server
// credentials it holds (they must not reach that host).
bool forget_server_credentials(transfer &t);

// Engine: puts t.next->auth_line into the easy handle's fields,
// replacing any field of the same name.  Returns false on failure.
bool apply_pending_line(transfer &t);

}  // namespace winhttp::auth
