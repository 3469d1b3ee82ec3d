// CLOSING_CONNECTION / CONNECTION_CLOSED.  curl closes connections itself
// (a "Connection: close" response, an error, the pool evicting one), and a
// connection outlives the transfer that opened it, so its close callback
// cannot point at a transfer.  Instead every socket is mapped to the
// transfer now using it; the close callback looks the socket up and, if
// that transfer is still running, records the two notifications for it.
// Everything here runs on the engine's driver only (engine.h).
#pragma once
#include <curl/curl.h>

namespace winhttp {

class transfer;

namespace connection_close {

// t starts an exchange on the connection from local_ip:local_port
// (CURLOPT_PREREQFUNCTION time).
void claim(transfer &t, const char *local_ip, int local_port);

// Sets the close callback on t's easy handle.
bool install(CURL *easy);

}  // namespace connection_close
}  // namespace winhttp
