// curl's progress hook (CURLOPT_XFERINFOFUNCTION), which curl runs for
// every transfer on every curl_multi_perform.  It notes the request leaving
// where the debug hook is off (request_sent_watch.h), and ends a transfer whose
// request stalls past the send timeout (send_timeout.h) or whose waiting
// async step is past its deadline (step_deadline.h), with
// ERROR_WINHTTP_TIMEOUT.
#pragma once
#include <curl/curl.h>

namespace winhttp {

struct hook_target;

namespace progress_hook {

// Sets the hook on an easy handle whose hook slot (hook_target.h) is
// target.
bool install(CURL *easy, hook_target *target);

}  // namespace progress_hook
}  // namespace winhttp
