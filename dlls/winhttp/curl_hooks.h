// curl's callbacks for a transfer (curl_hooks.cpp): each turns what curl
// reports into recorded WinHTTP notifications or buffered response data
// (DESIGN.md §5 table).  Their client pointer is the transfer.  All of
// them run on the engine's driver (engine.h): the engine thread, or a sync
// call driving it.  easy_setup.cpp installs them.
#pragma once
#include <curl/curl.h>

namespace winhttp::hooks {

// CURLOPT_RESOLVER_START_FUNCTION: RESOLVING_NAME.
int on_resolver_start(void *, void *, void *clientp);
// CURLOPT_OPENSOCKETFUNCTION: NAME_RESOLVED and CONNECTING_TO_SERVER (a new
// connection), then opens the socket.
curl_socket_t on_open_socket(void *clientp, curlsocktype, struct curl_sockaddr *addr);
// CURLOPT_PREREQFUNCTION: CONNECTED_TO_SERVER on a new connection, the
// connection's addresses, and the TLS certificate check.
int on_prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port);
// CURLOPT_DEBUGFUNCTION (with VERBOSE): SENDING_REQUEST and REQUEST_SENT
// where request_sent_watch.h cannot follow the request.
int on_debug(CURL *, curl_infotype type, char *data, size_t size, void *clientp);
// CURLOPT_HEADERFUNCTION: RECEIVING_RESPONSE, INTERMEDIATE_RESPONSE,
// RESPONSE_RECEIVED, REDIRECT, the response head and trailers.
size_t on_header(char *data, size_t size, size_t count, void *clientp);
// CURLOPT_WRITEFUNCTION: body bytes, buffered up to a bound, then a pause.
size_t on_write(char *data, size_t size, size_t count, void *clientp);
// CURLOPT_READFUNCTION: a streamed upload's bytes, paused while none wait.
size_t on_read(char *buffer, size_t size, size_t count, void *clientp);

}  // namespace winhttp::hooks
