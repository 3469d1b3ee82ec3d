// A pooled easy handle's URL, given to curl already parsed (CURLOPT_CURLU).
//
// Given a URL as text (CURLOPT_URL), curl 7.88 parses it at the start of
// every transfer and then rebuilds its normalised text: about 11k of the
// 60k instructions of a small keep-alive GET (measured with callgrind,
// one easy handle, /hello on loopback).  Given a parsed URL handle, it
// only copies it.  So a handle keeps the parsed form of the last URL it
// was pointed at, and parses again only when the next transfer's URL
// differs; the text is still set too, so that curl's own copy of the URL
// (what it reports and logs) is the very text we give it, as before.
//
// Owned by the handle's hook slot (hook_target.h) and destroyed after the
// handle, since curl reads the parsed URL at the start of each transfer.
// curl_easy_reset drops CURLOPT_CURLU: forget() must follow it.
#pragma once
#include <curl/curl.h>

#include <string>

namespace winhttp {

class easy_url {
public:
    easy_url() = default;
    easy_url(const easy_url &) = delete;
    easy_url &operator=(const easy_url &) = delete;
    ~easy_url();

    // Points `easy` at `url`.  A URL that curl's parser refuses is given
    // as text alone, so that the transfer fails inside curl with curl's
    // own error, exactly as without this cache.  False only when curl
    // refuses an option (out of memory).
    bool point(CURL *easy, const std::string &url);

    // The handle has been reset (curl_easy_reset): it no longer holds the
    // parsed URL, so the next point() must set it again.
    void forget();

private:
    CURLU *parsed_ = nullptr;
    std::string text_;  // what parsed_ holds (meaningless while parsed_ is null)
};

// Points `easy` at `url` through `cache` when there is one (a pooled
// handle), else as text alone (a handle outside the pool).
bool point_easy_at(CURL *easy, easy_url *cache, const std::string &url);

}  // namespace winhttp
