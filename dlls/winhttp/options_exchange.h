// Request options whose values come from the exchange itself (the engine's
// transfer), not from what the application set: CONNECTION_INFO and
// HTTP_PROTOCOL_USED.  Before the data exists they fail with
// ERROR_WINHTTP_INCORRECT_HANDLE_STATE.
#pragma once
#include "object.h"

namespace winhttp {

bool query_connection_info(object &o, LPVOID buffer, LPDWORD length);
bool query_http_protocol_used(object &o, LPVOID buffer, LPDWORD length);

}  // namespace winhttp
