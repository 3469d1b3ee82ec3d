// What a request handle holds for authentication: per target (server,
// proxy), the credentials WinHttpSetCredentials gave (scheme, user,
// password), those set with WINHTTP_OPTION_(PROXY_)USERNAME/PASSWORD, and
// the Digest challenge they answer.  WinHttpSetCredentials' credentials
// belong to the request handle only (Microsoft: WinHTTP does not cache
// them for other requests); a resend on the same handle uses them again.
#pragma once
#include <atomic>
#include <mutex>
#include <string>

#include "auth_challenge.h"
#include "winhttp.h"

namespace winhttp::auth {

struct target_state {
    DWORD scheme = 0;  // from WinHttpSetCredentials; 0: none set
    std::u16string user, password;
    std::u16string option_user, option_password;  // the USERNAME/PASSWORD options
    bool has_digest = false;  // a Digest challenge to answer at the next send
    challenge digest;
    unsigned nonce_count = 0;  // requests sent with digest.nonce so far
};

struct request_auth {
    std::mutex lock;
    target_state server, proxy;
    DWORD autologon_policy = WINHTTP_AUTOLOGON_SECURITY_LEVEL_DEFAULT;

    target_state &of(DWORD target) { return target == WINHTTP_AUTH_TARGET_PROXY ? proxy : server; }
};

// A request's request_auth, made when first written.  Most requests never
// use it, and without it inline the request object (about 600 bytes
// smaller) fits glibc's per-thread cache of small blocks, which made
// WinHttpOpenRequest's allocation a tenth of its former cost.
class request_auth_slot {
public:
    request_auth_slot() = default;
    request_auth_slot(const request_auth_slot &) = delete;
    request_auth_slot &operator=(const request_auth_slot &) = delete;
    ~request_auth_slot() { delete state_.load(std::memory_order_acquire); }

    // The state, made now if it does not exist yet.
    request_auth &get()
    {
        if (request_auth *p = find())
            return *p;
        auto *fresh = new request_auth;
        request_auth *expected = nullptr;
        if (state_.compare_exchange_strong(expected, fresh, std::memory_order_acq_rel))
            return *fresh;
        delete fresh;  // another thread made it first
        return *expected;
    }
    // The state, or nullptr if nothing was ever set.
    request_auth *find() const { return state_.load(std::memory_order_acquire); }

private:
    std::atomic<request_auth *> state_{nullptr};
};

}  // namespace winhttp::auth
