// The request head as WinHTTP composes it from the handle: the fields
// WinHTTP adds itself (Host, User-Agent, Accept, Referer) unless the
// application gave its own, then the application's fields.  make_transfer
// sends these (curl writes Host itself); WINHTTP_QUERY_FLAG_REQUEST_HEADERS
// queries read them.
#pragma once
#include <vector>

#include "function_ref.h"
#include "header_text.h"
#include "objects.h"
#include "response_head.h"

namespace winhttp {

// WinHTTP's own fields for r, leaving out any that app (the application's
// fields) names too.  with_host: include Host.
std::vector<header_field> builtin_fields(const request &r, const std::vector<header_field> &app,
                                         bool with_host);
// The same fields, each handed to `add` (no vector: every request's path).
void for_each_builtin_field(const request &r, const std::vector<header_field> &app, bool with_host,
                            function_ref<void(const char *name, const std::string &value)> add);

// The request head: "VERB /path HTTP/1.x", the built-in fields, then the
// application's fields.
parsed_head request_head(const request &r);

}  // namespace winhttp
