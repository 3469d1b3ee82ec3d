#include "easy_url.h"

namespace winhttp {
namespace {

// The flags curl itself parses a CURLOPT_URL text with (we never set
// CURLOPT_PATH_AS_IS or CURLOPT_DISALLOW_USERNAME_IN_URL), so that both
// ways to give curl a URL read it alike.
constexpr unsigned parse_flags = CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME;

bool set_text(CURL *easy, const std::string &url)
{
    return curl_easy_setopt(easy, CURLOPT_URL, url.c_str()) == CURLE_OK;
}

}  // namespace

easy_url::~easy_url() { curl_url_cleanup(parsed_); }

void easy_url::forget()
{
    curl_url_cleanup(parsed_);
    parsed_ = nullptr;
    text_.clear();
}

bool easy_url::point(CURL *easy, const std::string &url)
{
    if (parsed_ && url == text_)
        return true;  // curl has this very URL, parsed and as text
    // A new URL handle rather than the old one re-set: curl_url_set
    // resolves a relative text against the URL a handle holds.
    forget();
    CURLU *parsed = curl_url();
    if (parsed && curl_url_set(parsed, CURLUPART_URL, url.c_str(), parse_flags) == CURLUE_OK &&
        curl_easy_setopt(easy, CURLOPT_CURLU, parsed) == CURLE_OK && set_text(easy, url)) {
        parsed_ = parsed;
        text_ = url;
        return true;
    }
    // Refused (or out of memory): the text alone, as curl would be given
    // it without this cache; curl reports what is wrong with it.
    curl_url_cleanup(parsed);
    return curl_easy_setopt(easy, CURLOPT_CURLU, static_cast<CURLU *>(nullptr)) == CURLE_OK && set_text(easy, url);
}

bool point_easy_at(CURL *easy, easy_url *cache, const std::string &url)
{
    return cache ? cache->point(easy, url) : set_text(easy, url);
}

}  // namespace winhttp
