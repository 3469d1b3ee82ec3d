#include "auth_transfer.h"

#include "auth_header.h"
#include "auth_state.h"
#include "text.h"
#include "transfer.h"

namespace winhttp::auth {
namespace {

const char *field_for(DWORD target)
{
    return target == WINHTTP_AUTH_TARGET_PROXY ? "Proxy-Authorization" : "Authorization";
}

// "scheme://host:port" of an absolute URL.
std::string origin_of(const std::string &url)
{
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    size_t slash = url.find('/', start);
    return url.substr(0, slash);
}

// The request target of an absolute URL as sent to an origin server.
std::string path_of(const std::string &url)
{
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    size_t slash = url.find('/', start);
    return slash == std::string::npos ? "/" : url.substr(slash);
}

// The field value answering c for a request, or "".
std::string answer(const challenge &c, const plan_target &p, const std::string &method, const std::string &uri,
                   unsigned nc)
{
    if (c.scheme == WINHTTP_AUTH_SCHEME_BASIC)
        return basic_value(p.user, p.password);
    if (c.scheme == WINHTTP_AUTH_SCHEME_DIGEST)
        return digest_value(c, p.user, p.password, method, uri, nc);
    return {};
}

// The challenge to answer: the chosen scheme's, or with option credentials
// Digest before Basic (the stronger one the library can answer).
const challenge *pick(const std::vector<challenge> &all, DWORD scheme)
{
    const DWORD order[] = {WINHTTP_AUTH_SCHEME_DIGEST, WINHTTP_AUTH_SCHEME_BASIC};
    for (DWORD want : order) {
        if (scheme && scheme != want)
            continue;
        for (const challenge &c : all)
            if (c.scheme == want)
                return &c;
    }
    return nullptr;
}

// Copies one target's credentials into p, and adds the field the request
// can carry from the start.  Caller holds the request's auth lock.
void prepare_target(transfer &t, const request &r, DWORD target, target_state &s, plan_target &p, bool automatic)
{
    bool explicit_creds = s.scheme == WINHTTP_AUTH_SCHEME_BASIC || s.scheme == WINHTTP_AUTH_SCHEME_DIGEST;
    if (s.scheme == WINHTTP_AUTH_SCHEME_NTLM && target == WINHTTP_AUTH_TARGET_SERVER) {
        p.curl_ntlm = true;
        p.user = utf8(s.user);
        p.password = utf8(s.password);
        return;
    }
    if (explicit_creds) {
        p.scheme = s.scheme;
        p.user = utf8(s.user);
        p.password = utf8(s.password);
    } else if (!s.option_user.empty()) {
        p.user = utf8(s.option_user);
        p.password = utf8(s.option_password);
    } else {
        return;
    }
    p.usable = automatic;
    if (!explicit_creds || t.header_lines.has(field_for(target)))
        return;  // options wait for a challenge; the application's own field wins
    std::string value;
    if (s.scheme == WINHTTP_AUTH_SCHEME_BASIC) {
        value = basic_value(p.user, p.password);
    } else if (s.has_digest) {
        std::string uri = target == WINHTTP_AUTH_TARGET_PROXY ? t.url : utf8(r.path);
        value = digest_value(s.digest, p.user, p.password, t.method, uri, ++s.nonce_count);
    }
    if (value.empty())
        return;
    t.header_lines.add(field_for(target), value);
    p.answered = true;
}

// HTTPS: proxy credentials for curl to answer a 407 to CONNECT with (if the
// request goes through a proxy at all).  WinHttpSetCredentials' scheme, or
// with the options Basic or Digest, whichever the proxy asks for.
void prepare_tunnel(const target_state &s, plan_target &p, bool automatic)
{
    if (s.scheme == WINHTTP_AUTH_SCHEME_BASIC || s.scheme == WINHTTP_AUTH_SCHEME_DIGEST) {
        p.scheme = s.scheme;
        p.user = utf8(s.user);
        p.password = utf8(s.password);
    } else if (!s.option_user.empty() && automatic) {
        p.user = utf8(s.option_user);
        p.password = utf8(s.option_password);
    } else {
        return;
    }
    p.curl_tunnel = true;
}

}  // namespace

void prepare(transfer &t, const request &r)
{
    request_auth *a = r.auth.find();
    if (!a)
        return;  // no credentials or options were ever set on r
    bool automatic = (r.settings().disabled_features & WINHTTP_DISABLE_AUTHENTICATION) == 0;
    auto p = std::make_shared<plan>();
    {
        std::lock_guard<std::mutex> g(a->lock);
        prepare_target(t, r, WINHTTP_AUTH_TARGET_SERVER, a->server, p->server, automatic);
        // Proxy credentials in a request's fields would reach the origin
        // server through an HTTPS tunnel: only a plain-HTTP proxy gets them
        // that way; a tunnel's CONNECT gets them from curl.
        if (!t.plain_proxy.empty())
            prepare_target(t, r, WINHTTP_AUTH_TARGET_PROXY, a->proxy, p->proxy, automatic);
        else if (r.secure())
            prepare_tunnel(a->proxy, p->proxy, automatic);
    }
    if (p->server.usable || p->proxy.usable || p->server.curl_ntlm || p->proxy.curl_tunnel)
        t.auth = std::move(p);
}

bool consider_locked(transfer &t, int code)
{
    if (!t.auth || (code != 401 && code != 407) || t.redirect_pending)
        return false;
    DWORD target = code == 407 ? WINHTTP_AUTH_TARGET_PROXY : WINHTTP_AUTH_TARGET_SERVER;
    plan_target &p = target == WINHTTP_AUTH_TARGET_PROXY ? t.auth->proxy : t.auth->server;
    if (!p.usable)
        return false;
    // Server credentials belong to the host they were given for: not to the
    // target of a redirect to another host.
    if (target == WINHTTP_AUTH_TARGET_SERVER && origin_of(t.current_url()) != origin_of(t.url))
        return false;
    if (!t.redirects.body_replayable)
        return false;  // a streamed body cannot be sent again
    std::vector<challenge> all = challenges_of(parse_head(t.head), challenge_field(target));
    const challenge *c = pick(all, p.scheme);
    if (!c)
        return false;
    // Answered already: a new challenge means the credentials were refused,
    // unless Digest only says the nonce went stale (RFC 7616 §3.3).
    bool stale = c->scheme == WINHTTP_AUTH_SCHEME_DIGEST && iequals(c->param("stale"), "true");
    if (p.answered && (!stale || p.stale_answered))
        return false;
    if (p.answered)
        p.stale_answered = true;
    std::string uri = target == WINHTTP_AUTH_TARGET_PROXY ? t.current_url() : path_of(t.current_url());
    std::string value = answer(*c, p, t.effective_method, uri, 1);
    if (value.empty())
        return false;
    p.answered = true;
    next_exchange &next = t.next_exchange_locked();
    next.auth_line = std::string(field_for(target)) + ": " + value;
    t.redirect_pending = true;
    next.redirect = redirect_decision{};
    next.redirect.action = redirect_decision::follow;
    next.redirect.url = t.current_url();
    t.record_number_locked(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, DWORD(t.head.size()));
    return true;
}

bool sets_curl_options(const transfer &t)
{
    return t.auth && (t.auth->server.curl_ntlm || t.auth->proxy.curl_tunnel);
}

bool configure_easy(transfer &t)
{
    if (!t.auth)
        return true;
    const plan_target &s = t.auth->server, &p = t.auth->proxy;
    if (s.curl_ntlm && !(curl_easy_setopt(t.easy, CURLOPT_HTTPAUTH, long(CURLAUTH_NTLM)) == CURLE_OK &&
                         curl_easy_setopt(t.easy, CURLOPT_USERNAME, s.user.c_str()) == CURLE_OK &&
                         curl_easy_setopt(t.easy, CURLOPT_PASSWORD, s.password.c_str()) == CURLE_OK))
        return false;
    if (!p.curl_tunnel)
        return true;
    long schemes = p.scheme == WINHTTP_AUTH_SCHEME_BASIC    ? long(CURLAUTH_BASIC)
                   : p.scheme == WINHTTP_AUTH_SCHEME_DIGEST ? long(CURLAUTH_DIGEST)
                                                            : long(CURLAUTH_BASIC | CURLAUTH_DIGEST);
    return curl_easy_setopt(t.easy, CURLOPT_PROXYAUTH, schemes) == CURLE_OK &&
           curl_easy_setopt(t.easy, CURLOPT_PROXYUSERNAME, p.user.c_str()) == CURLE_OK &&
           curl_easy_setopt(t.easy, CURLOPT_PROXYPASSWORD, p.password.c_str()) == CURLE_OK;
}

bool curl_continues_locked(transfer &t, int code)
{
    if (code != 401 || !t.auth || !t.auth->server.curl_ntlm || t.auth->server.ntlm_challenged)
        return false;
    for (const challenge &c : challenges_of(parse_head(t.head), "WWW-Authenticate")) {
        if (c.scheme == WINHTTP_AUTH_SCHEME_NTLM && !c.token68.empty()) {
            // Once: after curl's AUTHENTICATE message a 401 is the answer.
            t.auth->server.ntlm_challenged = true;
            return true;
        }
    }
    return false;
}

bool forget_server_credentials(transfer &t)
{
    if (!t.auth || !t.auth->server.curl_ntlm)
        return true;
    t.auth->server.curl_ntlm = false;
    return curl_easy_setopt(t.easy, CURLOPT_USERNAME, static_cast<char *>(nullptr)) == CURLE_OK &&
           curl_easy_setopt(t.easy, CURLOPT_PASSWORD, static_cast<char *>(nullptr)) == CURLE_OK &&
           curl_easy_setopt(t.easy, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC)) == CURLE_OK;
}

bool apply_pending_line(transfer &t)
{
    const std::string &line = t.next->auth_line;
    curl_slist *kept = nullptr;
    if (!copy_without_field(t.headers, std::string_view(line).substr(0, line.find(':')), kept))
        return false;
    curl_slist *next = curl_slist_append(kept, line.c_str());
    if (!next || curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, next) != CURLE_OK) {
        curl_slist_free_all(next ? next : kept);
        return false;
    }
    t.adopt_headers(next);
    return true;
}

}  // namespace winhttp::auth
