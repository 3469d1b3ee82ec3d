#include "header_names.h"

namespace winhttp {
namespace {

struct attribute_name {
    DWORD attribute;
    const char *name;
};

// In attribute order; the gaps are the attributes that are not fields.
constexpr attribute_name names[] = {
    {WINHTTP_QUERY_MIME_VERSION, "Mime-Version"},
    {WINHTTP_QUERY_CONTENT_TYPE, "Content-Type"},
    {WINHTTP_QUERY_CONTENT_TRANSFER_ENCODING, "Content-Transfer-Encoding"},
    {WINHTTP_QUERY_CONTENT_ID, "Content-ID"},
    {WINHTTP_QUERY_CONTENT_DESCRIPTION, "Content-Description"},
    {WINHTTP_QUERY_CONTENT_LENGTH, "Content-Length"},
    {WINHTTP_QUERY_CONTENT_LANGUAGE, "Content-Language"},
    {WINHTTP_QUERY_ALLOW, "Allow"},
    {WINHTTP_QUERY_PUBLIC, "Public"},
    {WINHTTP_QUERY_DATE, "Date"},
    {WINHTTP_QUERY_EXPIRES, "Expires"},
    {WINHTTP_QUERY_LAST_MODIFIED, "Last-Modified"},
    {WINHTTP_QUERY_MESSAGE_ID, "Message-ID"},
    {WINHTTP_QUERY_URI, "URI"},
    {WINHTTP_QUERY_DERIVED_FROM, "Derived-From"},
    {WINHTTP_QUERY_COST, "Cost"},
    {WINHTTP_QUERY_LINK, "Link"},
    {WINHTTP_QUERY_PRAGMA, "Pragma"},
    {WINHTTP_QUERY_CONNECTION, "Connection"},
    {WINHTTP_QUERY_ACCEPT, "Accept"},
    {WINHTTP_QUERY_ACCEPT_CHARSET, "Accept-Charset"},
    {WINHTTP_QUERY_ACCEPT_ENCODING, "Accept-Encoding"},
    {WINHTTP_QUERY_ACCEPT_LANGUAGE, "Accept-Language"},
    {WINHTTP_QUERY_AUTHORIZATION, "Authorization"},
    {WINHTTP_QUERY_CONTENT_ENCODING, "Content-Encoding"},
    {WINHTTP_QUERY_FORWARDED, "Forwarded"},
    {WINHTTP_QUERY_FROM, "From"},
    {WINHTTP_QUERY_IF_MODIFIED_SINCE, "If-Modified-Since"},
    {WINHTTP_QUERY_LOCATION, "Location"},
    {WINHTTP_QUERY_ORIG_URI, "Orig-Uri"},
    {WINHTTP_QUERY_REFERER, "Referer"},
    {WINHTTP_QUERY_RETRY_AFTER, "Retry-After"},
    {WINHTTP_QUERY_SERVER, "Server"},
    {WINHTTP_QUERY_TITLE, "Title"},
    {WINHTTP_QUERY_USER_AGENT, "User-Agent"},
    {WINHTTP_QUERY_WWW_AUTHENTICATE, "WWW-Authenticate"},
    {WINHTTP_QUERY_PROXY_AUTHENTICATE, "Proxy-Authenticate"},
    {WINHTTP_QUERY_ACCEPT_RANGES, "Accept-Ranges"},
    {WINHTTP_QUERY_SET_COOKIE, "Set-Cookie"},
    {WINHTTP_QUERY_COOKIE, "Cookie"},
    {WINHTTP_QUERY_REFRESH, "Refresh"},
    {WINHTTP_QUERY_CONTENT_DISPOSITION, "Content-Disposition"},
    {WINHTTP_QUERY_AGE, "Age"},
    {WINHTTP_QUERY_CACHE_CONTROL, "Cache-Control"},
    {WINHTTP_QUERY_CONTENT_BASE, "Content-Base"},
    {WINHTTP_QUERY_CONTENT_LOCATION, "Content-Location"},
    {WINHTTP_QUERY_CONTENT_MD5, "Content-MD5"},
    {WINHTTP_QUERY_CONTENT_RANGE, "Content-Range"},
    {WINHTTP_QUERY_ETAG, "ETag"},
    {WINHTTP_QUERY_HOST, "Host"},
    {WINHTTP_QUERY_IF_MATCH, "If-Match"},
    {WINHTTP_QUERY_IF_NONE_MATCH, "If-None-Match"},
    {WINHTTP_QUERY_IF_RANGE, "If-Range"},
    {WINHTTP_QUERY_IF_UNMODIFIED_SINCE, "If-Unmodified-Since"},
    {WINHTTP_QUERY_MAX_FORWARDS, "Max-Forwards"},
    {WINHTTP_QUERY_PROXY_AUTHORIZATION, "Proxy-Authorization"},
    {WINHTTP_QUERY_RANGE, "Range"},
    {WINHTTP_QUERY_TRANSFER_ENCODING, "Transfer-Encoding"},
    {WINHTTP_QUERY_UPGRADE, "Upgrade"},
    {WINHTTP_QUERY_VARY, "Vary"},
    {WINHTTP_QUERY_VIA, "Via"},
    {WINHTTP_QUERY_WARNING, "Warning"},
    {WINHTTP_QUERY_EXPECT, "Expect"},
    {WINHTTP_QUERY_PROXY_CONNECTION, "Proxy-Connection"},
    {WINHTTP_QUERY_UNLESS_MODIFIED_SINCE, "Unless-Modified-Since"},
    {WINHTTP_QUERY_PROXY_SUPPORT, "Proxy-Support"},
    {WINHTTP_QUERY_AUTHENTICATION_INFO, "Authentication-Info"},
    {WINHTTP_QUERY_PASSPORT_URLS, "PassportURLs"},
    {WINHTTP_QUERY_PASSPORT_CONFIG, "PassportConfig"},
};

}  // namespace

const char *query_field_name(DWORD attribute)
{
    for (const attribute_name &n : names)
        if (n.attribute == attribute)
            return n.name;
    return nullptr;
}

bool is_query_attribute(DWORD attribute)
{
    return attribute <= WINHTTP_QUERY_MAX || attribute == WINHTTP_QUERY_CUSTOM;
}

}  // namespace winhttp
