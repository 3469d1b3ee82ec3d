// What a request handle holds for authentication: per target (server,
// proxy), the credentials WinHttpSetCredentials gave (scheme, user,
// password), those set with WINHTTP_OPTION_(PROXY_)USERNAME/PASSWORD, and
// the Digest challenge they answer.  WinHttpSetCredentials' credentials
// belong to the request handle only (Microsoft: WinHTTP does not cache
// them for other requests); a resend on the same handle uses them again.
#pragma once
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

}  // namespace winhttp::auth
