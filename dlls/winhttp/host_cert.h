// The certificate context WINHTTP_OPTION_SERVER_CERT_CONTEXT hands out.  The
// application releases it with CertFreeCertificateContext: natively the
// library's own export (host_cert_native.cpp), under Wine crypt32's, so the
// context must come from crypt32 there (host_cert_wine.cpp).
#pragma once
#include <cstdint>
#include <string>

namespace winhttp::host {
// A PCCERT_CONTEXT for a DER certificate; nullptr if it cannot be made.
const void *create_cert_context(const std::string &der);
// The private key (PEM) of a client certificate context the application
// gave, or "" with *missing set to the Windows error a server's request for
// the certificate will meet (ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY or
// _NO_ACCESS_PRIVATE_KEY).  Natively a CERT_CONTEXT carries no key.
// Under Wine: call on a Wine thread (the application's).
std::string client_cert_key_pem(const void *cert_context, uint32_t *missing);
}
