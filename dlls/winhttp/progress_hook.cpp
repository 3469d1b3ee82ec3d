#include "progress_hook.h"

#include "hook_target.h"
#include "request_sent_watch.h"
#include "send_timeout.h"
#include "step_deadline.h"
#include "transfer.h"

namespace winhttp::progress_hook {
namespace {

int on_progress(void *clientp, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow)
{
    auto *t = transfer_of(clientp);
    request_sent_watch::on_progress(*t, ulnow);  // SENDING_REQUEST, REQUEST_SENT without VERBOSE
    if (!step_deadline::passed(*t) && !send_timeout::expired(*t, ulnow))
        return 0;
    std::lock_guard<fast_mutex> g(t->lock);
    if (!t->forced_error)
        t->forced_error = ERROR_WINHTTP_TIMEOUT;
    return 1;  // CURLE_ABORTED_BY_CALLBACK; the forced error is reported
}

}  // namespace

bool install(CURL *easy, hook_target *target)
{
    return curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress) == CURLE_OK &&
           curl_easy_setopt(easy, CURLOPT_XFERINFODATA, static_cast<void *>(target)) == CURLE_OK &&
           curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L) == CURLE_OK;
}

}  // namespace winhttp::progress_hook
