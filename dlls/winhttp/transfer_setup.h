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

// A transfer for r carrying app_headers and the optional data.
std::shared_ptr<transfer> make_transfer(const request &r, std::vector<std::string> app_headers,
                                        const void *data, DWORD data_length);

}  // namespace winhttp
