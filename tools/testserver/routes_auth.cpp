// Routes that demand authentication: Basic (RFC 7617), Digest with MD5
// (RFC 7616, checked with the server's own MD5), NTLMv2 (MS-NLMP, checked
// with the server's own MD4 and HMAC-MD5), a proxy's Basic (407), and
// arbitrary challenges for parser tests.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base64.h"
#include "md5.h"
#include "query.h"
#include "response.h"
#include "route_handlers.h"
#include "strutil.h"

namespace ts {
namespace {

constexpr std::string_view kNonce = "7a1f0c3e5b9d4f2a8c6e0b1d3f5a7c9e";
// With stale=1: the nonce that replaces kNonce once it has been used.
constexpr std::string_view kFreshNonce = "f2e4d6c8b0a1937557391a0b8c6d4e2f";
constexpr std::string_view kOpaque = "0d9e8c7b6a5f";

// Granted: 200 "Authenticated as U[ with SCHEME]\n", or with `then` a 302
// to it (to see what follows a redirect after authentication).
void grant(Exchange& ex, const Query& q, const std::string& user, std::string_view scheme) {
  std::string then = q.get_decoded("then");
  if (!then.empty()) {
    ResponseHead(ex, 302).field("Location", then).field("Content-Type", "text/plain").end_with_length(12);
    if (!ex.head_only()) ex.out().append("Redirecting\n");
    return;
  }
  std::string body = "Authenticated as " + user;
  if (!scheme.empty()) body += " with " + std::string(scheme);
  respond(ex, 200, body + "\n");
}

void refuse(Exchange& ex, int status, std::string_view field, const std::vector<std::string>& challenges) {
  ResponseHead head(ex, status);
  for (const std::string& c : challenges) head.field(field, c);
  head.field("Content-Type", "text/plain").end_with_length(13);
  if (!ex.head_only()) ex.out().append("Unauthorized\n");
}

bool basic_matches(std::string_view auth, const std::string& user, const std::string& pass) {
  if (!istarts_with(auth, "Basic ")) return false;
  return trim_ows(auth.substr(6)) == base64_encode(user + ":" + pass);
}

// The parameters of "Digest a=b, c="d"" (names lower-cased, values unquoted).
std::vector<std::pair<std::string, std::string>> digest_params(std::string_view v) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && (v[i] == ' ' || v[i] == ',' || v[i] == '\t')) ++i;
    size_t start = i;
    while (i < v.size() && v[i] != '=' && v[i] != ',') ++i;
    std::string name;
    for (char c : trim_ows(v.substr(start, i - start))) name += ascii_lower(c);
    std::string value;
    if (i < v.size() && v[i] == '=') {
      ++i;
      if (i < v.size() && v[i] == '"') {
        ++i;
        while (i < v.size() && v[i] != '"') {
          if (v[i] == '\\' && i + 1 < v.size()) ++i;
          value += v[i++];
        }
        ++i;
      } else {
        size_t vs = i;
        while (i < v.size() && v[i] != ',') ++i;
        value = std::string(trim_ows(v.substr(vs, i - vs)));
      }
    }
    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::string param(const std::vector<std::pair<std::string, std::string>>& ps, std::string_view name) {
  for (const auto& p : ps)
    if (p.first == name) return p.second;
  return {};
}

bool digest_matches(const Exchange& ex, std::string_view auth, const std::string& user,
                    const std::string& pass, bool qop, bool sess, std::string_view want_nonce) {
  if (!istarts_with(auth, "Digest ")) return false;
  auto ps = digest_params(auth.substr(7));
  std::string nonce = param(ps, "nonce"), cnonce = param(ps, "cnonce"), nc = param(ps, "nc");
  if (param(ps, "username") != user || param(ps, "realm") != "test" || nonce != want_nonce ||
      param(ps, "uri") != ex.req().target || param(ps, "opaque") != kOpaque)
    return false;
  std::string ha1 = md5_hex(user + ":test:" + pass);
  if (sess) ha1 = md5_hex(ha1 + ":" + nonce + ":" + cnonce);
  std::string ha2 = md5_hex(std::string(ex.req().method) + ":" + std::string(ex.req().target));
  std::string expected;
  if (qop) {
    if (param(ps, "qop") != "auth" || nc.size() != 8 || cnonce.empty()) return false;
    expected = md5_hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
  } else {
    expected = md5_hex(ha1 + ":" + nonce + ":" + ha2);
  }
  return param(ps, "response") == expected;
}

// ---- NTLM (MS-NLMP): only what NTLMv2 with Unicode needs ----

constexpr std::string_view kNtlmSignature("NTLMSSP\0", 8);

uint32_t le32(std::string_view m, size_t at) {
  return at + 4 > m.size() ? 0
                           : uint32_t(uint8_t(m[at])) | uint32_t(uint8_t(m[at + 1])) << 8 |
                                 uint32_t(uint8_t(m[at + 2])) << 16 | uint32_t(uint8_t(m[at + 3])) << 24;
}
void put16(std::string& m, uint32_t v) {
  m += char(v & 0xff);
  m += char((v >> 8) & 0xff);
}
void put32(std::string& m, uint32_t v) {
  put16(m, v & 0xffff);
  put16(m, v >> 16);
}
std::string utf16le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}
// ASCII text of a UTF-16LE buffer (other characters become '?').
std::string from_utf16le(std::string_view b) {
  std::string out;
  for (size_t i = 0; i + 1 < b.size(); i += 2) out += b[i + 1] == 0 ? b[i] : '?';
  return out;
}
// The bytes a security buffer (len, maxlen, offset) at `at` points to.
std::string_view security_buffer(std::string_view m, size_t at) {
  uint32_t len = le32(m, at) & 0xffff, off = le32(m, at + 4);
  if (at + 8 > m.size() || off > m.size() || len > m.size() - off) return {};
  return m.substr(off, len);
}
// The connection's server challenge: an NTLM handshake is bound to its
// connection, so an answer arriving on another one fails.
std::string server_challenge(const Exchange& ex) {
  std::string c = "srv";
  uint64_t id = ex.connection_id();
  for (int i = 0; i < 5; ++i) c += char((id >> (8 * i)) & 0xff);
  return c;
}

// The CHALLENGE_MESSAGE (type 2): Unicode, NTLM, target info (which makes
// clients answer with NTLMv2), target name "TEST".
std::string ntlm_challenge_message(const Exchange& ex) {
  constexpr uint32_t kFlags = 0x00000001u     // NEGOTIATE_UNICODE
                              | 0x00000004u   // REQUEST_TARGET
                              | 0x00000200u   // NEGOTIATE_NTLM
                              | 0x00008000u   // NEGOTIATE_ALWAYS_SIGN
                              | 0x00010000u   // TARGET_TYPE_DOMAIN
                              | 0x00080000u   // EXTENDED_SESSIONSECURITY
                              | 0x00800000u;  // NEGOTIATE_TARGET_INFO
  std::string name = utf16le("TEST");
  std::string info;
  put16(info, 2);  // MsvAvNbDomainName
  put16(info, uint32_t(name.size()));
  info += name;
  put32(info, 0);  // MsvAvEOL
  std::string m(kNtlmSignature);
  put32(m, 2);
  put16(m, uint32_t(name.size()));
  put16(m, uint32_t(name.size()));
  put32(m, 48);
  put32(m, kFlags);
  m += server_challenge(ex);
  m += std::string(8, '\0');
  put16(m, uint32_t(info.size()));
  put16(m, uint32_t(info.size()));
  put32(m, uint32_t(48 + name.size()));
  return m + name + info;
}

// Checks an AUTHENTICATE_MESSAGE (type 3) with an NTLMv2 response:
// NTProofStr = HMAC-MD5(NTOWFv2, server challenge + blob), where
// NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)).
bool ntlm_v2_matches(const Exchange& ex, std::string_view m, const std::string& user, const std::string& pass) {
  if (m.size() < 64 || m.substr(0, 8) != kNtlmSignature || le32(m, 8) != 3) return false;
  std::string_view nt = security_buffer(m, 20);
  std::string domain = from_utf16le(security_buffer(m, 28));
  std::string name = from_utf16le(security_buffer(m, 36));
  if (name != user || nt.size() <= 16) return false;
  std::string upper;
  for (char c : name) upper += (c >= 'a' && c <= 'z') ? char(c - 32) : c;
  std::string owf = hmac_md5(md4_raw(utf16le(pass)), utf16le(upper + domain));
  std::string_view blob = nt.substr(16);
  return hmac_md5(owf, server_challenge(ex) + std::string(blob)) == nt.substr(0, 16);
}

// NTLM authenticates the connection, not the request: later requests on
// it need no Authorization.  Connection ids are never reused.
std::mutex g_ntlm_lock;
std::unordered_set<uint64_t> g_ntlm_connections;

bool ntlm_connection(uint64_t id) {
  std::lock_guard<std::mutex> g(g_ntlm_lock);
  return g_ntlm_connections.count(id) != 0;
}

}  // namespace

// /auth/ntlm?user=U&pass=P: NTLM's three legs on one connection, which
// then stays authenticated.
void route_auth_ntlm(Exchange& ex) {
  Query q(ex.req().query);
  std::string user = q.get_decoded("user", "user");
  std::string pass = q.get_decoded("pass", "pass");
  std::string_view auth = ex.req().field("Authorization");
  if (auth.empty() && ntlm_connection(ex.connection_id())) {
    grant(ex, q, user, "NTLM");
    return;
  }
  std::string message;
  if (istarts_with(auth, "NTLM ") && base64_decode(trim_ows(auth.substr(5)), message) && message.size() >= 12 &&
      std::string_view(message).substr(0, 8) == kNtlmSignature) {
    uint32_t type = le32(message, 8);
    if (type == 1) {
      refuse(ex, 401, "WWW-Authenticate", {"NTLM " + base64_encode(ntlm_challenge_message(ex))});
      return;
    }
    if (type == 3 && ntlm_v2_matches(ex, message, user, pass)) {
      std::lock_guard<std::mutex> g(g_ntlm_lock);
      g_ntlm_connections.insert(ex.connection_id());
      grant(ex, q, user, "NTLM");
      return;
    }
  }
  refuse(ex, 401, "WWW-Authenticate", {"NTLM"});
}

// /auth/basic?user=U&pass=P[&then=URL] (defaults "user"/"pass").
void route_auth_basic(Exchange& ex) {
  Query q(ex.req().query);
  std::string user = q.get_decoded("user", "user");
  std::string pass = q.get_decoded("pass", "pass");
  if (basic_matches(ex.req().field("Authorization"), user, pass)) {
    grant(ex, q, user, {});
    return;
  }
  refuse(ex, 401, "WWW-Authenticate", {"Basic realm=\"test\""});
}

// /auth/digest?user=U&pass=P[&qop=none][&algorithm=MD5-sess][&basic=1][&stale=1][&then=URL]
void route_auth_digest(Exchange& ex) {
  Query q(ex.req().query);
  std::string user = q.get_decoded("user", "user");
  std::string pass = q.get_decoded("pass", "pass");
  bool qop = q.get_decoded("qop", "auth") != "none";
  std::string algorithm = q.get_decoded("algorithm", "MD5");
  bool sess = algorithm == "MD5-sess";
  bool basic = q.flag("basic");
  bool rotate = q.flag("stale");
  std::string_view auth = ex.req().field("Authorization");
  if (digest_matches(ex, auth, user, pass, qop, sess, rotate ? kFreshNonce : kNonce)) {
    grant(ex, q, user, "Digest");
    return;
  }
  // stale=1: a right answer to the first nonce is told that it is stale.
  bool stale = rotate && digest_matches(ex, auth, user, pass, qop, sess, kNonce);
  if (basic && basic_matches(auth, user, pass)) {
    grant(ex, q, user, "Basic");
    return;
  }
  std::string digest = "Digest realm=\"test\", nonce=\"" + std::string(stale ? kFreshNonce : kNonce) +
                       "\", opaque=\"" + std::string(kOpaque) + "\", algorithm=" + algorithm;
  if (qop) digest += ", qop=\"auth\"";
  if (stale) digest += ", stale=true";
  std::vector<std::string> challenges;
  if (basic) challenges.push_back("Basic realm=\"test\"");
  challenges.push_back(digest);
  refuse(ex, 401, "WWW-Authenticate", challenges);
}

// /auth/proxy?user=U&pass=P: a proxy's demand (reached through a named
// proxy, the server seeing the absolute-form target).
void route_auth_proxy(Exchange& ex) {
  Query q(ex.req().query);
  std::string user = q.get_decoded("user", "user");
  std::string pass = q.get_decoded("pass", "pass");
  if (basic_matches(ex.req().field("Proxy-Authorization"), user, pass)) {
    grant(ex, q, user, "Basic");
    return;
  }
  refuse(ex, 407, "Proxy-Authenticate", {"Basic realm=\"proxy\""});
}

// /auth/challenge?status=401|407&h=V&h=...: each URL-decoded h as a
// WWW-Authenticate (401) or Proxy-Authenticate (407) field.
void route_auth_challenge(Exchange& ex) {
  Query q(ex.req().query);
  int status = q.get_u64("status", 401) == 407 ? 407 : 401;
  std::vector<std::string> challenges;
  bool ok = true;
  q.for_each("h", [&](std::string_view raw) {
    std::string v = url_decode(raw);
    for (unsigned char c : v)
      if (c == '\r' || c == '\n' || c == 0) ok = false;
    challenges.push_back(std::move(v));
  });
  if (!ok) {
    respond(ex, 400, "Bad h parameter\n");
    return;
  }
  refuse(ex, status, status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", challenges);
}

}  // namespace ts
