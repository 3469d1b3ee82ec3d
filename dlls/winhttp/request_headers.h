// The headers an application adds to a request (WinHttpAddRequestHeaders,
// WinHttpAddRequestHeadersEx, and the block given to WinHttpSendRequest).
// They stay with the request handle, so a request sent again sends them
// again, and WINHTTP_QUERY_FLAG_REQUEST_HEADERS queries read them.
//
// Fields are kept in their wire form (8-bit; text the application gives as
// UTF-16 becomes UTF-8) in the order they were added.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "fast_mutex.h"
#include "header_text.h"
#include "winhttp.h"

namespace winhttp {

// Parses an application header block: fields separated by CRLF, each
// "Name: value".  length is in characters; (DWORD)-1 means NUL-terminated.
// Empty lines are skipped.  ERROR_INVALID_PARAMETER, with out untouched, for
// a line without a colon or with a name that is not a token, for a CR or LF
// that is not part of a CRLF pair, and for a NUL followed by more text (a
// NUL that only NULs follow ends the block).
DWORD parse_header_block(LPCWSTR text, DWORD length, std::vector<header_field> &out);

class request_headers {
public:
    // Applies fields in order with the WINHTTP_ADDREQ_FLAG_* modifiers; all
    // or nothing: on an error nothing changes.  Returns 0 or the error.
    DWORD apply(const std::vector<header_field> &fields, DWORD modifiers);

    // The fields now, in order.
    std::vector<header_field> fields() const;

private:
    mutable fast_mutex lock_;
    std::vector<header_field> fields_;
};

}  // namespace winhttp
