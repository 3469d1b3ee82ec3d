// The field name behind each WINHTTP_QUERY_* attribute (the Query Info
// Flags page).  Attributes that are not fields (VERSION, STATUS_CODE,
// STATUS_TEXT, RAW_HEADERS, RAW_HEADERS_CRLF, REQUEST_METHOD, CUSTOM) and the
// numbers WinHTTP leaves unused (71-74) have none.
#pragma once
#include "winhttp.h"

namespace winhttp {

// The field name for attribute, or nullptr.
const char *query_field_name(DWORD attribute);

// True for an attribute WinHttpQueryHeaders knows: 0..WINHTTP_QUERY_MAX or
// WINHTTP_QUERY_CUSTOM.
bool is_query_attribute(DWORD attribute);

}  // namespace winhttp
