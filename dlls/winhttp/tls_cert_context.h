// Building a Windows CERT_CONTEXT (with its CERT_INFO) from a DER
// certificate, for the native library, which has no crypt32 to ask.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "wincrypt.h"

namespace winhttp::tls {

// One allocation holding the context and everything its pointers reach.
// Not copyable or movable: the structures point into the members.
struct cert_context_block {
    CERT_CONTEXT context = {};
    CERT_INFO info = {};
    std::string der, serial, issuer, subject, signature_oid, key_oid, key_params, key_bits;
    std::vector<std::string> extension_oids, extension_values;
    std::vector<CERT_EXTENSION> extensions;

    cert_context_block() = default;
    cert_context_block(const cert_context_block &) = delete;
    cert_context_block &operator=(const cert_context_block &) = delete;
};

// nullptr if der is not a certificate GnuTLS can read.
std::unique_ptr<cert_context_block> build_cert_context(const std::string &der);

}  // namespace winhttp::tls
