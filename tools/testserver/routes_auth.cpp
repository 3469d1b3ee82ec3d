// Routes that demand authentication: Basic (RFC 7617), Digest with MD5
// (RFC 7616, checked with the server's own MD5), a proxy's Basic (407),
// and arbitrary challenges for parser tests.
#include <string>
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
                    const std::string& pass, bool qop, bool sess) {
  if (!istarts_with(auth, "Digest ")) return false;
  auto ps = digest_params(auth.substr(7));
  std::string nonce = param(ps, "nonce"), cnonce = param(ps, "cnonce"), nc = param(ps, "nc");
  if (param(ps, "username") != user || param(ps, "realm") != "test" || nonce != kNonce ||
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

}  // namespace

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

// /auth/digest?user=U&pass=P[&qop=none][&algorithm=MD5-sess][&basic=1][&then=URL]
void route_auth_digest(Exchange& ex) {
  Query q(ex.req().query);
  std::string user = q.get_decoded("user", "user");
  std::string pass = q.get_decoded("pass", "pass");
  bool qop = q.get_decoded("qop", "auth") != "none";
  std::string algorithm = q.get_decoded("algorithm", "MD5");
  bool sess = algorithm == "MD5-sess";
  bool basic = q.flag("basic");
  std::string_view auth = ex.req().field("Authorization");
  if (digest_matches(ex, auth, user, pass, qop, sess)) {
    grant(ex, q, user, "Digest");
    return;
  }
  if (basic && basic_matches(auth, user, pass)) {
    grant(ex, q, user, "Basic");
    return;
  }
  std::string digest = "Digest realm=\"test\", nonce=\"" + std::string(kNonce) + "\", opaque=\"" +
                       std::string(kOpaque) + "\", algorithm=" + algorithm;
  if (qop) digest += ", qop=\"auth\"";
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
