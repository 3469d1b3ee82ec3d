#include "tls_ocsp.h"

#include <gnutls/ocsp.h>

#include <ctime>

namespace winhttp::tls {
namespace {

// Clock skew tolerated between us and the responder.
constexpr time_t skew = 300;

class parsed_response {
public:
    explicit parsed_response(const std::string &der)
    {
        if (gnutls_ocsp_resp_init(&resp_) < 0) {
            resp_ = nullptr;
            return;
        }
        gnutls_datum_t d = {reinterpret_cast<unsigned char *>(const_cast<char *>(der.data())), unsigned(der.size())};
        ok_ = gnutls_ocsp_resp_import(resp_, &d) >= 0 &&
              gnutls_ocsp_resp_get_status(resp_) == GNUTLS_OCSP_RESP_SUCCESSFUL;
    }
    ~parsed_response()
    {
        if (resp_)
            gnutls_ocsp_resp_deinit(resp_);
    }
    parsed_response(const parsed_response &) = delete;
    parsed_response &operator=(const parsed_response &) = delete;

    bool ok() const { return ok_; }
    gnutls_ocsp_resp_t get() const { return resp_; }

private:
    gnutls_ocsp_resp_t resp_ = nullptr;
    bool ok_ = false;
};

// Signed by the issuer itself, or by a responder the trust store vouches for
// (a delegated responder's certificate travels in the response).
bool signature_trusted(gnutls_ocsp_resp_t resp, gnutls_x509_crt_t issuer, gnutls_x509_trust_list_t trusted)
{
    unsigned verify = 0;
    if (gnutls_ocsp_resp_verify_direct(resp, issuer, &verify, 0) >= 0 && verify == 0)
        return true;
    verify = 0;
    return gnutls_ocsp_resp_verify(resp, trusted, &verify, 0) >= 0 && verify == 0;
}

}  // namespace

stapled_status check_staple(const std::string &staple, gnutls_x509_crt_t cert, gnutls_x509_crt_t issuer,
                            gnutls_x509_trust_list_t trusted)
{
    if (staple.empty())
        return stapled_status::none;
    parsed_response r(staple);
    if (!r.ok() || !signature_trusted(r.get(), issuer, trusted) || gnutls_ocsp_resp_check_crt(r.get(), 0, cert) < 0)
        return stapled_status::none;
    unsigned status = 0;
    time_t this_update = 0, next_update = 0, revoked_at = 0;
    unsigned reason = 0;
    if (gnutls_ocsp_resp_get_single(r.get(), 0, nullptr, nullptr, nullptr, nullptr, &status, &this_update,
                                    &next_update, &revoked_at, &reason) < 0)
        return stapled_status::none;
    time_t now = std::time(nullptr);
    if (this_update > now + skew || (next_update != time_t(-1) && next_update + skew < now))
        return stapled_status::none;  // not yet valid, or stale
    if (status == GNUTLS_OCSP_CERT_GOOD)
        return stapled_status::good;
    if (status == GNUTLS_OCSP_CERT_REVOKED)
        return stapled_status::revoked;
    return stapled_status::none;  // "unknown": the responder does not know cert
}

}  // namespace winhttp::tls
