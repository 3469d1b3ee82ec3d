#include "auth_header.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <cctype>
#include <cstdio>

#include "text.h"

namespace winhttp::auth {
namespace {

std::string base64(const std::string &in)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i + 1 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16;
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string hex(const unsigned char *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

// Lower-case hex MD5, or "" if GnuTLS refuses MD5 (FIPS mode).
std::string md5_hex(const std::string &s)
{
    unsigned char digest[16];
    if (gnutls_hash_fast(GNUTLS_DIG_MD5, s.data(), s.size(), digest) < 0)
        return {};
    return hex(digest, sizeof(digest));
}

std::string make_cnonce()
{
    unsigned char bytes[8];
    if (gnutls_rnd(GNUTLS_RND_NONCE, bytes, sizeof(bytes)) < 0)
        return {};
    return hex(bytes, sizeof(bytes));
}

// Whether a comma-separated list (qop="auth,auth-int") names token.
bool list_has(const std::string &list, const std::string &token)
{
    size_t i = 0;
    while (i <= list.size()) {
        size_t comma = list.find(',', i);
        if (comma == std::string::npos)
            comma = list.size();
        std::string item = list.substr(i, comma - i);
        size_t a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
        if (a != std::string::npos && iequals(item.substr(a, b - a + 1), token))
            return true;
        i = comma + 1;
    }
    return false;
}

// A quoted-string for a parameter value.
std::string quote(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string basic_value(const std::string &user, const std::string &password)
{
    return "Basic " + base64(user + ":" + password);
}

std::string digest_value(const challenge &c, const std::string &user, const std::string &password,
                         const std::string &method, const std::string &uri, unsigned nc)
{
    std::string realm = c.param("realm"), nonce = c.param("nonce"), opaque = c.param("opaque");
    std::string algorithm = c.param("algorithm"), qop_list = c.param("qop");
    bool sess = iequals(algorithm, "MD5-sess");
    if (nonce.empty() || !(algorithm.empty() || iequals(algorithm, "MD5") || sess))
        return {};
    bool qop_auth = list_has(qop_list, "auth");
    if (!qop_list.empty() && !qop_auth)
        return {};  // auth-int only: the body would have to be hashed
    std::string cnonce = make_cnonce();
    char ncs[9];
    std::snprintf(ncs, sizeof(ncs), "%08x", nc);

    std::string ha1 = md5_hex(user + ":" + realm + ":" + password);
    if (sess)
        ha1 = md5_hex(ha1 + ":" + nonce + ":" + cnonce);
    std::string ha2 = md5_hex(method + ":" + uri);
    if (ha1.empty() || ha2.empty() || cnonce.empty())
        return {};
    std::string response = qop_auth ? md5_hex(ha1 + ":" + nonce + ":" + ncs + ":" + cnonce + ":auth:" + ha2)
                                    : md5_hex(ha1 + ":" + nonce + ":" + ha2);
    std::string v = "Digest username=" + quote(user) + ", realm=" + quote(realm) + ", nonce=" + quote(nonce) +
                    ", uri=" + quote(uri) + ", response=" + quote(response);
    if (!algorithm.empty())
        v += ", algorithm=" + algorithm;
    if (qop_auth)
        v += ", qop=auth, nc=" + std::string(ncs) + ", cnonce=" + quote(cnonce);
    if (!opaque.empty())
        v += ", opaque=" + quote(opaque);
    return v;
}

}  // namespace winhttp::auth
