// The TLS options of a request handle (rows of options_table.cpp).  Each
// returns false with the last error set, as option_ops requires.
#pragma once
#include "object.h"

namespace winhttp::tls {

// The IGNORE_* flags set; after a handshake also SECURE and a STRENGTH bit.
bool query_security_flags(object &o, LPVOID buffer, LPDWORD length);
// The cipher's key size in bits, after a handshake.
bool query_key_bitness(object &o, LPVOID buffer, LPDWORD length);
// WINHTTP_CERTIFICATE_INFO of the server's certificate, after a handshake.
bool query_certificate_struct(object &o, LPVOID buffer, LPDWORD length);
// A new CERT_CONTEXT of the server's certificate, after a handshake; the
// application releases it with CertFreeCertificateContext.
bool query_server_cert_context(object &o, LPVOID buffer, LPDWORD length);
// SECURITY_INFO, SERVER_CERT_CHAIN_CONTEXT, CLIENT_CERT_ISSUER_LIST: not yet.
bool query_not_implemented(object &o, LPVOID buffer, LPDWORD length);
// WINHTTP_NO_CLIENT_CERT_CONTEXT (NULL), or a CERT_CONTEXT whose private
// key the host can reach (natively none: see tls_client_cert.h).
bool set_client_cert_context(object &o, LPVOID buffer, DWORD length);
// WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM (include/winhttp_linux.h).
bool set_client_cert_pem(object &o, LPVOID buffer, DWORD length);

}  // namespace winhttp::tls
