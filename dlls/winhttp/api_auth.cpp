// WinHttpQueryAuthSchemes and WinHttpSetCredentials.  Both run at once,
// also in async mode (Microsoft's pages say so).
#include "api.h"
#include "auth_challenge.h"
#include "auth_state.h"
#include "header_query.h"
#include "request_state.h"
#include "transfer.h"

using namespace winhttp;

namespace {

constexpr DWORD known_schemes = WINHTTP_AUTH_SCHEME_BASIC | WINHTTP_AUTH_SCHEME_NTLM |
                                WINHTTP_AUTH_SCHEME_PASSPORT | WINHTTP_AUTH_SCHEME_DIGEST |
                                WINHTTP_AUTH_SCHEME_NEGOTIATE;

// The received response's head, or null when there is none (not sent, not
// received yet, failed).  Leaves the last error alone on purpose: callers
// report their own.
std::shared_ptr<const parsed_head> response_head_of(request &r)
{
    std::shared_ptr<transfer> t = request_state::find(r);
    if (!t)
        return nullptr;
    {
        std::lock_guard<fast_mutex> g(t->lock);
        if (t->phase != api_phase::responded)
            return nullptr;
    }
    return r.headers.incoming.get(t);
}

int status_of(const parsed_head &head)
{
    int code = 0;
    for (char c : head.status_code)
        code = (c >= '0' && c <= '9') ? code * 10 + (c - '0') : -1000000;
    return code;
}

// Whether an exchange is under way (sent, its response not yet received).
bool exchange_in_flight(request &r)
{
    std::shared_ptr<transfer> t = request_state::find(r);
    if (!t)
        return false;
    std::lock_guard<fast_mutex> g(t->lock);
    return t->phase == api_phase::sending || t->phase == api_phase::sent;
}

bool is_single_scheme(DWORD scheme) { return scheme && (scheme & known_schemes) == scheme && !(scheme & (scheme - 1)); }

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryAuthSchemes(HINTERNET h, LPDWORD supported, LPDWORD first, LPDWORD target)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if (!supported || !first || !target)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        // Decision (tests/test_auth.c): no response yet, or one without a
        // challenge WinHTTP knows, is ERROR_INVALID_OPERATION, outputs untouched.
        std::shared_ptr<const parsed_head> head = response_head_of(*r);
        if (!head)
            return fail(ERROR_INVALID_OPERATION, FALSE);
        DWORD which = status_of(*head) == 407 ? WINHTTP_AUTH_TARGET_PROXY : WINHTTP_AUTH_TARGET_SERVER;
        DWORD all = 0, first_known = 0;
        for (const auth::challenge &c : auth::challenges_of(*head, auth::challenge_field(which))) {
            if (!first_known)
                first_known = c.scheme;
            all |= c.scheme;
        }
        if (!all)
            return fail(ERROR_INVALID_OPERATION, FALSE);
        *supported = all;
        *first = first_known;
        *target = which;
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpSetCredentials(HINTERNET h, DWORD target, DWORD scheme, LPCWSTR user,
                                             LPCWSTR password, LPVOID params)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return FALSE;
        if ((target != WINHTTP_AUTH_TARGET_SERVER && target != WINHTTP_AUTH_TARGET_PROXY) ||
            !is_single_scheme(scheme) || params)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        // Not implemented: Negotiate (Kerberos), Passport, NTLM to a proxy,
        // and NTLM without a user (the logged-on user's credentials).
        bool ntlm = scheme == WINHTTP_AUTH_SCHEME_NTLM;
        if (ntlm && (target != WINHTTP_AUTH_TARGET_SERVER || !user || !password))
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);
        if (!ntlm && scheme != WINHTTP_AUTH_SCHEME_BASIC && scheme != WINHTTP_AUTH_SCHEME_DIGEST)
            return fail(ERROR_CALL_NOT_IMPLEMENTED, FALSE);
        // Decision: Basic and Digest need a user and a password (which may
        // be empty, not NULL).
        if (!user || !password)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        // Decision: between sending and receiving the response the handle is
        // in the wrong state (the credentials answer a received challenge).
        if (exchange_in_flight(*r))
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, FALSE);

        // A Digest answer needs the challenge: the one the application saw.
        auth::challenge digest;
        bool has_digest = false;
        if (scheme == WINHTTP_AUTH_SCHEME_DIGEST) {
            if (std::shared_ptr<const parsed_head> head = response_head_of(*r)) {
                for (auth::challenge &c : auth::challenges_of(*head, auth::challenge_field(target))) {
                    if (c.scheme == WINHTTP_AUTH_SCHEME_DIGEST) {
                        digest = std::move(c);
                        has_digest = true;
                        break;
                    }
                }
            }
        }
        auth::request_auth &a = r->auth.get();
        std::lock_guard<std::mutex> g(a.lock);
        auth::target_state &s = a.of(target);
        s.scheme = scheme;
        s.user = wide_string(user);
        s.password = wide_string(password);
        s.has_digest = has_digest;
        s.digest = std::move(digest);
        s.nonce_count = 0;
        return succeed();
    });
}
