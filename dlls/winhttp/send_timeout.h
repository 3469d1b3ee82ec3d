// WINHTTP_OPTION_SEND_TIMEOUT for the request itself.  Windows applies the
// send timeout to each send on the socket; here it bounds how long sending
// the request (head and optional body) may go without progress.  curl has
// no such timeout, so its progress hook (progress_hook.h) watches the upload counter from
// the moment the request starts leaving (SENDING_REQUEST) until it is all
// sent, and ends the transfer with ERROR_WINHTTP_TIMEOUT when the counter
// has not moved for that long.  curl calls the hook whenever the engine
// wakes, at least four times a second while a transfer stalls
// (engine.cpp's max_poll_ms), so the timeout fires soon after it is due.  Resolving and connecting have their own timeouts;
// WinHttpWriteData's wait is bounded by the send timeout in api_request.cpp.
#pragma once
#include <curl/curl.h>

namespace winhttp {

class transfer;

namespace send_timeout {

// From curl's progress hook (progress_hook.h), on the engine: whether
// sending t's request has stalled past its send timeout.  ulnow is curl's
// count of body bytes sent.
bool expired(transfer &t, curl_off_t ulnow);

}  // namespace send_timeout
}  // namespace winhttp
