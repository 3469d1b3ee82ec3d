// Building a transfer from a request object: the URL, the method, the
// header lines WinHTTP sends, timeouts.  Runs on the API thread before the
// transfer starts.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "objects.h"
#include "transfer.h"

namespace winhttp {

// Adds the header block given to WinHttpSendRequest to r's request headers
// (as WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE: a field replaces
// one of the same name).  Returns 0, or ERROR_INVALID_PARAMETER for a
// malformed block, which then changes nothing.
DWORD add_send_headers(request &r, LPCWSTR headers, DWORD length);

// A transfer for r carrying its request headers and the optional data.  A
// total length above data_length (or WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH with
// "Transfer-Encoding: chunked") makes the upload streamed: WinHttpWriteData
// supplies the rest.
std::shared_ptr<transfer> make_transfer(const request &r, const void *data, DWORD data_length,
                                        DWORD total_length);

}  // namespace winhttp
