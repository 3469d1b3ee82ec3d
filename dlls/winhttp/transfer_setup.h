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

// The application's header block: lines separated by CRLF (or LF).
// length (DWORD)-1 means NUL-terminated.
std::vector<std::string> split_headers(LPCWSTR headers, DWORD length);

// A transfer for r carrying app_headers and the optional data.  A total
// length above data_length (or WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH with
// "Transfer-Encoding: chunked") makes the upload streamed: WinHttpWriteData
// supplies the rest.
std::shared_ptr<transfer> make_transfer(const request &r, std::vector<std::string> app_headers,
                                        const void *data, DWORD data_length, DWORD total_length);

}  // namespace winhttp
