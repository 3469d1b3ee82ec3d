// The head a header query reads, chosen by the query's modifiers:
//   WINHTTP_QUERY_FLAG_REQUEST_HEADERS: the request's own, at any time;
//   WINHTTP_QUERY_FLAG_TRAILERS: the response's trailers, once the body has
//     been read to its end (WinHttpReadData returned 0 bytes);
//   neither: the current response's head, once WinHttpReceiveResponse has
//     completed.
#pragma once
#include <memory>

#include "objects.h"
#include "response_head.h"

namespace winhttp {

// The head, or empty with the last error set to
// ERROR_WINHTTP_INCORRECT_HANDLE_STATE (not there yet).
std::shared_ptr<const parsed_head> head_for_query(request &r, DWORD modifiers);

}  // namespace winhttp
