#include "auth_options.h"

#include "auth_state.h"
#include "objects.h"
#include "option_buffer.h"

namespace winhttp::auth {
namespace {

namespace ob = option_buffer;

using field = std::u16string target_state::*;

bool query_string(object &o, DWORD target, field f, LPVOID b, LPDWORD l)
{
    auto &r = static_cast<request &>(o);
    std::u16string value;
    if (request_auth *a = r.auth.find()) {
        std::lock_guard<std::mutex> g(a->lock);
        value = a->of(target).*f;
    }
    return ob::write_string(b, l, value);
}

bool set_string(object &o, DWORD target, field f, LPVOID b, DWORD chars)
{
    auto &r = static_cast<request &>(o);
    std::u16string value;
    if (b)
        ob::read_string(b, chars, &value);
    request_auth &a = r.auth.get();
    std::lock_guard<std::mutex> g(a.lock);
    a.of(target).*f = std::move(value);
    return true;
}

constexpr DWORD server = WINHTTP_AUTH_TARGET_SERVER, proxy = WINHTTP_AUTH_TARGET_PROXY;

}  // namespace

bool query_username(object &o, LPVOID b, LPDWORD l) { return query_string(o, server, &target_state::option_user, b, l); }
bool set_username(object &o, LPVOID b, DWORD l) { return set_string(o, server, &target_state::option_user, b, l); }
bool query_password(object &o, LPVOID b, LPDWORD l) { return query_string(o, server, &target_state::option_password, b, l); }
bool set_password(object &o, LPVOID b, DWORD l) { return set_string(o, server, &target_state::option_password, b, l); }
bool query_proxy_username(object &o, LPVOID b, LPDWORD l) { return query_string(o, proxy, &target_state::option_user, b, l); }
bool set_proxy_username(object &o, LPVOID b, DWORD l) { return set_string(o, proxy, &target_state::option_user, b, l); }
bool query_proxy_password(object &o, LPVOID b, LPDWORD l) { return query_string(o, proxy, &target_state::option_password, b, l); }
bool set_proxy_password(object &o, LPVOID b, DWORD l) { return set_string(o, proxy, &target_state::option_password, b, l); }

bool set_autologon_policy(object &o, LPVOID b, DWORD l)
{
    DWORD v;
    if (!ob::read(b, l, &v))
        return false;
    if (v > WINHTTP_AUTOLOGON_SECURITY_LEVEL_HIGH)
        return fail(ERROR_INVALID_PARAMETER, false);
    auto &r = static_cast<request &>(o);
    request_auth &a = r.auth.get();
    std::lock_guard<std::mutex> g(a.lock);
    a.autologon_policy = v;
    return true;
}

}  // namespace winhttp::auth
