// The head a header query reads: the request's own (with
// WINHTTP_QUERY_FLAG_REQUEST_HEADERS, at any time) or the current
// response's, which exists once WinHttpReceiveResponse has completed.
#pragma once
#include <memory>

#include "objects.h"
#include "response_head.h"

namespace winhttp {

// The head, or empty with the last error set to
// ERROR_WINHTTP_INCORRECT_HANDLE_STATE (no response yet).
std::shared_ptr<const parsed_head> head_for_query(request &r, bool request_headers);

}  // namespace winhttp
