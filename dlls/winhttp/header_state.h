// What a request handle keeps about headers: the application's request
// headers and the parsed head of the current response.
#pragma once
#include "request_headers.h"
#include "response_cache.h"

namespace winhttp {

struct header_state {
    request_headers outgoing;
    response_cache incoming;
};

}  // namespace winhttp
