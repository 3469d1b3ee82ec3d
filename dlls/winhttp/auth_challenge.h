// The challenges of a 401 or 407 response: every WWW-Authenticate (or
// Proxy-Authenticate) field, each possibly holding several challenges
// ("Negotiate, NTLM" or "Basic realm=\"a\", Digest realm=\"b\", nonce=...").
// RFC 9110 §11.6.1 grammar: a challenge is a scheme token followed by
// either a token68 or comma-separated name=value parameters.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "response_head.h"
#include "winhttp.h"

namespace winhttp::auth {

struct challenge {
    DWORD scheme = 0;  // WINHTTP_AUTH_SCHEME_*, 0 for a scheme WinHTTP does not know
    std::string name;  // as sent
    std::string token68;
    std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values unquoted

    // The value of parameter `key` (lower-case), or "".
    std::string param(const std::string &key) const;
};

// The challenges in one field value, in order.
std::vector<challenge> parse_challenges(const std::string &value);

// The challenges of every field called `field_name` in head, in order.
std::vector<challenge> challenges_of(const parsed_head &head, const std::string &field_name);

// The WINHTTP_AUTH_SCHEME_* flag for a scheme name, or 0.
DWORD scheme_flag(const std::string &name);

// "WWW-Authenticate" for WINHTTP_AUTH_TARGET_SERVER, "Proxy-Authenticate"
// for WINHTTP_AUTH_TARGET_PROXY.
const char *challenge_field(DWORD target);

}  // namespace winhttp::auth
