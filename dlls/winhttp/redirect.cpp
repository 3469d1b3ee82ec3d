#include "redirect.h"

#include <curl/curl.h>

#include <memory>

namespace winhttp {
namespace {

bool is_redirect_status(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

struct url_deleter {
    void operator()(CURLU *u) const { curl_url_cleanup(u); }
};
using url_ptr = std::unique_ptr<CURLU, url_deleter>;

std::string part(CURLU *u, CURLUPart which, unsigned flags = CURLU_DEFAULT_PORT)
{
    char *v = nullptr;
    if (curl_url_get(u, which, &v, flags) != CURLUE_OK || !v)
        return std::string();
    std::string out(v);
    curl_free(v);
    return out;
}

// Resolves location against base (RFC 3986 reference resolution, by curl).
bool resolve(const std::string &base, const std::string &location, std::string &out,
             std::string &old_scheme, std::string &new_scheme, bool &host_changed)
{
    url_ptr u(curl_url());
    if (!u || curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK)
        return false;
    old_scheme = part(u.get(), CURLUPART_SCHEME);
    std::string old_authority = part(u.get(), CURLUPART_HOST) + ":" + part(u.get(), CURLUPART_PORT);
    if (curl_url_set(u.get(), CURLUPART_URL, location.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return false;
    new_scheme = part(u.get(), CURLUPART_SCHEME);
    host_changed = old_authority != part(u.get(), CURLUPART_HOST) + ":" + part(u.get(), CURLUPART_PORT);
    out = part(u.get(), CURLUPART_URL, 0);  // a default port stays implicit
    return !out.empty();
}

}  // namespace

redirect_decision decide_redirect(const redirect_rules &rules, const std::string &current_url,
                                  const std::string &method, int status, const std::string &location,
                                  DWORD redirects_done)
{
    redirect_decision d;
    if (!is_redirect_status(status) || location.empty() || rules.disabled ||
        rules.policy == WINHTTP_OPTION_REDIRECT_POLICY_NEVER)
        return d;
    std::string old_scheme, new_scheme;
    if (!resolve(current_url, location, d.url, old_scheme, new_scheme, d.host_changed))
        return d;
    if (new_scheme != "http" && new_scheme != "https")
        return d;
    if (old_scheme == "https" && new_scheme == "http" &&
        rules.policy == WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP)
        return d;
    d.switch_to_get = (status == 303 && method != "HEAD") ||
                      ((status == 301 || status == 302) && method == "POST");
    if (!d.switch_to_get && !rules.body_replayable)
        return d;  // the streamed body is gone: hand the 3xx to the application
    d.action = redirects_done >= rules.max_redirects ? redirect_decision::too_many : redirect_decision::follow;
    return d;
}

}  // namespace winhttp
