// The readable parts of a DER certificate, as WINHTTP_CERTIFICATE_INFO
// gives them.
#pragma once
#include <string>

#include "winhttp.h"

namespace winhttp::tls {

struct certificate_text {
    std::u16string subject;  // the name's values in certificate order, CRLF-separated
    std::u16string issuer;
    FILETIME not_before = {};
    FILETIME not_after = {};
};

// False if der is not a certificate.
bool describe_certificate(const std::string &der, certificate_text *out);

}  // namespace winhttp::tls
