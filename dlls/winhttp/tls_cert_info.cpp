#include "tls_cert_info.h"

#include <gnutls/x509.h>

#include <ctime>

namespace winhttp::tls {
namespace {

// ASN.1 string tags a name's values come in.
constexpr unsigned long tag_bmp_string = 30;
constexpr unsigned long tag_universal_string = 28;

void append_code_point(std::u16string &out, uint32_t c)
{
    if (c >= 0x10000) {
        c -= 0x10000;
        out += char16_t(0xd800 + (c >> 10));
        out += char16_t(0xdc00 + (c & 0x3ff));
    } else {
        out += char16_t(c);
    }
}

// UTF-8 as UTF-16; a byte that is not part of a valid sequence stands for
// itself (Latin-1), which also covers T61String and the like.
std::u16string from_utf8(const unsigned char *p, size_t n)
{
    std::u16string out;
    for (size_t i = 0; i < n;) {
        unsigned char b = p[i];
        size_t len = b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        bool valid = len > 1 && i + len <= n;
        uint32_t c = len == 4 ? b & 0x07 : len == 3 ? b & 0x0f : b & 0x1f;
        for (size_t k = 1; valid && k < len; ++k) {
            valid = (p[i + k] & 0xc0) == 0x80;
            c = (c << 6) | (p[i + k] & 0x3f);
        }
        if (!valid) {
            out += char16_t(b);
            ++i;
            continue;
        }
        append_code_point(out, c);
        i += len;
    }
    return out;
}

std::u16string value_text(const gnutls_x509_ava_st &ava)
{
    const unsigned char *p = ava.value.data;
    size_t n = ava.value.size;
    std::u16string out;
    if (ava.value_tag == tag_bmp_string) {
        for (size_t i = 0; i + 1 < n; i += 2)
            out += char16_t((p[i] << 8) | p[i + 1]);
        return out;
    }
    if (ava.value_tag == tag_universal_string) {
        for (size_t i = 0; i + 3 < n; i += 4)
            append_code_point(out, (uint32_t(p[i]) << 24) | (p[i + 1] << 16) | (p[i + 2] << 8) | p[i + 3]);
        return out;
    }
    return from_utf8(p, n);
}

// Windows gives a name as its values only, one per line, in the order the
// certificate stores them (country first in the usual layout).
std::u16string name_text(gnutls_x509_dn_t dn)
{
    std::u16string out;
    for (int rdn = 0;; ++rdn) {
        bool any = false;
        for (int i = 0;; ++i) {
            gnutls_x509_ava_st ava;
            if (gnutls_x509_dn_get_rdn_ava(dn, rdn, i, &ava) < 0)
                break;
            any = true;
            if (!out.empty())
                out += u"\r\n";
            out += value_text(ava);
        }
        if (!any)
            return out;
    }
}

FILETIME filetime_of(time_t t)
{
    // 100 ns ticks since 1601-01-01.
    uint64_t ticks = (uint64_t(int64_t(t) + 11644473600LL)) * 10000000ULL;
    FILETIME ft;
    ft.dwLowDateTime = DWORD(ticks);
    ft.dwHighDateTime = DWORD(ticks >> 32);
    return ft;
}

}  // namespace

bool describe_certificate(const std::string &der, certificate_text *out)
{
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) < 0)
        return false;
    gnutls_datum_t data = {reinterpret_cast<unsigned char *>(const_cast<char *>(der.data())),
                           unsigned(der.size())};
    bool ok = gnutls_x509_crt_import(crt, &data, GNUTLS_X509_FMT_DER) >= 0;
    gnutls_x509_dn_t subject, issuer;
    if (ok)
        ok = gnutls_x509_crt_get_subject(crt, &subject) >= 0 &&
             gnutls_x509_crt_get_issuer(crt, &issuer) >= 0;
    if (ok) {
        out->subject = name_text(subject);
        out->issuer = name_text(issuer);
        out->not_before = filetime_of(gnutls_x509_crt_get_activation_time(crt));
        out->not_after = filetime_of(gnutls_x509_crt_get_expiration_time(crt));
    }
    gnutls_x509_crt_deinit(crt);
    return ok;
}

}  // namespace winhttp::tls
