// The TLS side of a transfer's curl hooks (curl_hooks.cpp and transfer.cpp
// call these; DESIGN.md §7).  All run on the engine thread.
#pragma once
#include <curl/curl.h>

#include "transfer.h"

namespace winhttp {

// What the handshake check decided, before any notification is recorded.
struct tls_verdict {
    DWORD failures = 0;  // SECURE_FAILURE flags that stop the request
    DWORD error = 0;     // the Windows error the request then fails with
};

// curl options for t's TLS: our own verification, protocol versions.
bool tls_configure_easy(transfer *t);

// From the debug hook, for each of curl's text messages: starts watching
// the handshake of t's TLS session once it exists (tls_handshake_watch.h).
void tls_on_curl_text(transfer *t);

// From the prereq hook, before it takes t->lock: checks the live TLS session
// (certificate chain, protocol, client certificate request).
tls_verdict tls_check_connection(transfer *t);

// From the debug hook: true for bytes that belong to a proxy tunnel's
// CONNECT exchange (they are not the request: no SENDING_REQUEST for them).
bool tls_is_tunnel_traffic(const transfer *t);

// From the prereq hook, under t->lock, after CONNECTED_TO_SERVER: records
// SECURE_FAILURE if the verdict stops the request.  Returns the prereq result.
int tls_apply_verdict_locked(transfer *t, const tls_verdict &v);

// From the transfer's completion, before the easy handle goes: the Windows
// error for a failed transfer, with SECURE_FAILURE recorded for a handshake
// that failed inside curl.
DWORD tls_transfer_error(transfer &t, CURLcode result);

}  // namespace winhttp
