// Easy handles for reuse.  Making one (curl_easy_init) and destroying it
// cost about a tenth of the instructions of a small keep-alive request
// (measured with callgrind on `make bench` workload (b)); a handle that
// is reset is as good as new: curl_easy_reset restores every option to
// its default and keeps only curl's caches (connections belong to the
// multi anyway; no cookie engine is ever switched on here).
#pragma once
#include <curl/curl.h>

namespace winhttp::easy_pool {

// A handle with default options: a recycled one, or a new one.  nullptr
// when out of memory.
CURL *take();

// Takes back a handle that is in no multi handle: it is reset and kept
// for take(), or destroyed when enough are kept already.
void give_back(CURL *easy);

}  // namespace winhttp::easy_pool
