// SENDING_REQUEST and REQUEST_SENT without curl's debug hook.
//
// curl reports the request bytes leaving only through its debug hook, and
// that hook needs CURLOPT_VERBOSE, which makes curl format every one of its
// info messages (about 6% of a small GET's cost, measured with callgrind).
// For plain-HTTP requests small enough to leave in one send, this watch
// takes the same two notifications from curl's progress hook instead:
//
// - curl 7.88 sends the request head (with a POSTFIELDS body below 64 KiB
//   appended) in one send() in its DO state, adds what left to
//   CURLINFO_REQUEST_SIZE and the body part of it to the upload counter,
//   and calls the progress hook at the end of that state, before it reads
//   any response.  The first progress call that sees a non-zero request
//   size is where the debug hook's first HEADER_OUT would have been:
//   SENDING_REQUEST, and REQUEST_SENT when the optional body is out too.
// - Body bytes curl sends later (after 100-continue, or what the first
//   send did not take) move the upload counter; curl calls the progress
//   hook after every pass over the transfer, so REQUEST_SENT comes in the
//   same pass as the debug hook's last DATA_OUT would have given it.
// - A head that does not leave in one send goes on through a path that
//   moves neither counter; curl reports it only to the debug hook.  So the
//   watch is used only when the whole first send is small (an estimate with
//   room for the fields curl adds), where a send() on a connection with
//   nothing left queued takes it all.  (Not testable on loopback, whose
//   send buffer grows to over 1 MB once connected, more than curl's 1 MiB
//   limit on a request head: there every head leaves in one send.)
//
// TLS keeps the debug hook (its handshake watch reads curl's text
// messages, and a proxy tunnel's CONNECT bytes are not the request), and
// so do HTTP/2 and curl's own NTLM rounds.  A plain-HTTP request through a
// named proxy has no tunnel and uses the watch.
#pragma once
#include <curl/curl.h>

#include <string>

namespace winhttp {

class transfer;

namespace request_sent_watch {

// Chooses between the debug hook and the watch for t's next exchange (to
// url) and sets CURLOPT_VERBOSE, the debug hook and its data to match.
// debug_hook is curl_hooks.cpp's CURLOPT_DEBUGFUNCTION.  Driver only,
// before the exchange starts (every exchange: a redirect may change it).
bool choose(CURL *easy, transfer *t, const std::string &url, curl_debug_callback debug_hook);

// From curl's progress hook (progress_hook.h), for an exchange the watch
// follows: records SENDING_REQUEST and REQUEST_SENT once curl's counters
// show them.  Driver only.
void on_progress(transfer &t, curl_off_t ulnow);

// REQUEST_SENT once the head is complete and any non-streamed body is
// out.  Shared with the debug hook.  Caller holds t->lock.
void mark_sent_locked(transfer *t);

// Before the response head's hook uses the byte counts: brings them up to
// date from curl when the watch (not the debug hook) keeps them.  Driver
// only; caller holds t->lock.
void catch_up_locked(transfer *t);

}  // namespace request_sent_watch
}  // namespace winhttp
