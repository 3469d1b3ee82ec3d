// WINHTTP_OPTION_SEND_TIMEOUT for the request itself.  Windows applies the
// send timeout to each send on the socket; here it bounds how long sending
// the request (head and optional body) may go without progress.  curl has
// no such timeout, so its progress hook watches the upload counter from
// the moment the request starts leaving (SENDING_REQUEST) until it is all
// sent, and ends the transfer with ERROR_WINHTTP_TIMEOUT when the counter
// has not moved for that long.  curl calls the hook at least about once a
// second while a transfer stalls, so the timeout fires within a second
// after it is due.  Resolving and connecting have their own timeouts;
// WinHttpWriteData's wait is bounded by the send timeout in api_request.cpp.
#pragma once
#include <curl/curl.h>

namespace winhttp {

class transfer;

namespace send_timeout {

// From curl's progress hook (request_sent_watch.cpp installs it on every
// transfer), after the request-sent watch: returns non-zero to abort a
// transfer whose request has stalled past t's send timeout.  Driver only.
int on_progress(transfer &t, curl_off_t ulnow);

}  // namespace send_timeout
}  // namespace winhttp
