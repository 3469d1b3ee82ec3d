// Checking a server's certificate chain the way Windows reports it: the
// result is a set of WINHTTP_CALLBACK_STATUS_FLAG_* bits (0 = trusted).
#pragma once
#include <string>
#include <vector>

#include "winhttp.h"

namespace winhttp::tls {

// chain: the DER certificates the server sent, its own first.  host: the name
// the application connected to (a DNS name or an IP address literal).
// check_revocation: WINHTTP_ENABLE_SSL_REVOCATION is on.  staples: the OCSP
// responses the server stapled, one per certificate of chain ("" for none;
// may be shorter than chain).
DWORD certificate_failures(const std::vector<std::string> &chain, const std::string &host,
                           bool check_revocation, const std::vector<std::string> &staples);

// The SECURITY_FLAG_IGNORE_* bits an application set, as the failure bits
// they let through.
DWORD ignorable_failures(DWORD security_flags);

}  // namespace winhttp::tls
