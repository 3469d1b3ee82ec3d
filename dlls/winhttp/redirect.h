// Following redirects the way WinHTTP does, decided by us rather than by
// curl (curl's FOLLOWLOCATION is off): when a final 3xx head arrives, the
// engine asks decide_redirect; if it says follow, the transfer sends
// REDIRECT with the new URL, drops that response's body, and starts the
// next exchange on the same easy handle once curl has finished this one.
//
// Rules (Microsoft's option reference and observed Windows behaviour):
// 301, 302, 303, 307, 308 with a Location are followed; 301/302 turn POST
// into GET and 303 turns everything but HEAD into GET, dropping the body;
// 307/308 keep method and body.  WINHTTP_OPTION_REDIRECT_POLICY NEVER stops
// all, DISALLOW_HTTPS_TO_HTTP (the default) stops a step from https to http;
// WINHTTP_DISABLE_REDIRECTS stops all.  A refused redirect is no error: the
// application gets the 3xx response.  Going past
// MAX_HTTP_AUTOMATIC_REDIRECTS fails with ERROR_WINHTTP_REDIRECT_FAILED.
#pragma once
#include <string>

#include "winhttp.h"

namespace winhttp {

struct redirect_rules {
    DWORD policy = WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP;
    DWORD max_redirects = 10;
    bool disabled = false;
    bool body_replayable = true;  // false for a streamed upload
};

struct redirect_decision {
    enum { stop, follow, too_many } action = stop;
    std::string url;            // absolute target
    bool switch_to_get = false;  // method becomes GET, the body is dropped
    bool host_changed = false;   // credentials must not follow
};

// current_url: the URL just requested; method: its method; redirects_done:
// how many were followed already.
redirect_decision decide_redirect(const redirect_rules &rules, const std::string &current_url,
                                  const std::string &method, int status, const std::string &location,
                                  DWORD redirects_done);

}  // namespace winhttp
