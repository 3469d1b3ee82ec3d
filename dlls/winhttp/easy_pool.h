// Easy handles for reuse.  Making one (curl_easy_init) and destroying it
// cost about a tenth of the instructions of a small keep-alive request
// (measured with callgrind on `make bench` workload (b)).
//
// A handle comes back either reset (curl_easy_reset restores every option
// to its default and keeps only curl's caches; connections belong to the
// multi anyway, and no cookie engine is ever switched on here), or, when
// its last transfer ended cleanly, with its options as they were, under a
// profile: a text naming every option value that transfer set apart from
// per-transfer ones (URL, headers, the hooks' data pointers).  A transfer
// with the same profile then skips the reset and most of its set-up; on
// `make bench` (b) the reset and the repeated options were 5% of the
// instructions per request.
#pragma once
#include <curl/curl.h>

#include <string>

#include "hook_target.h"

namespace winhttp::easy_pool {

struct taken {
    CURL *easy = nullptr;  // nullptr when out of memory
    bool warm = false;     // configured for the profile asked for already
    // The handle's hook slot (hook_target.h): made with the handle, kept
    // with it in the pool, destroyed with it.
    hook_target *target = nullptr;
};

// A handle configured for `profile` (warm), or one with default options.
// An empty profile never matches.
taken take(const std::string &profile);

// Takes back a handle that is in no multi handle.  `profile`: what its
// options are set for, or empty if unknown (it is reset).  It is kept for
// take(), or destroyed when enough are kept already.
void give_back(CURL *easy, std::string profile, hook_target *target);

}  // namespace winhttp::easy_pool
