// Authorization field values for the schemes the library answers itself:
// Basic (RFC 7617) and Digest with MD5 or MD5-sess (RFC 7616, "auth" qop
// or none).  NTLM, Negotiate and Passport are not answered.
#pragma once
#include <string>

#include "auth_challenge.h"

namespace winhttp::auth {

// "Basic base64(user:password)"; user and password as UTF-8.
std::string basic_value(const std::string &user, const std::string &password);

// The Digest answer to c for one request, or "" when c cannot be answered
// (no nonce, an algorithm other than MD5/MD5-sess, only qop=auth-int).
// uri is the request target as sent; nc counts the requests made with c's
// nonce, from 1.
std::string digest_value(const challenge &c, const std::string &user, const std::string &password,
                         const std::string &method, const std::string &uri, unsigned nc);

}  // namespace winhttp::auth
