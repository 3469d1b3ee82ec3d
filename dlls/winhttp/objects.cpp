#include "objects.h"

#include "text.h"

namespace winhttp {

INTERNET_PORT request::effective_port() const
{
    INTERNET_PORT p = owner().port;
    if (p != INTERNET_DEFAULT_PORT)
        return p;
    return secure() ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT;
}

// The URL WINHTTP_OPTION_URL reports: scheme, host, the port only when it is
// not the scheme's default, then the object name as given.
std::u16string request::url() const
{
    std::u16string u = secure() ? u"https://" : u"http://";
    u += owner().server;
    INTERNET_PORT p = effective_port();
    if (p != (secure() ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT)) {
        std::string digits = std::to_string(p);
        u += u':';
        u.append(digits.begin(), digits.end());
    }
    u += path;
    return u;
}

shared_agent make_agent(std::u16string wide)
{
    auto a = std::make_shared<agent_text>();
    a->utf8 = utf8(wide);
    a->wide = std::move(wide);
    return a;
}

}  // namespace winhttp
