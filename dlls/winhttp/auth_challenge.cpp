#include "auth_challenge.h"

#include <cctype>
#include <cstring>

#include "text.h"

namespace winhttp::auth {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

bool is_tchar(char c)
{
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool is_token68_char(char c)
{
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || std::strchr("-._~+/", c) != nullptr;
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A cursor over one field value.
struct reader {
    const std::string &s;
    size_t i = 0;

    bool at_end() const { return i >= s.size(); }
    void skip_space()
    {
        while (i < s.size() && is_space(s[i]))
            ++i;
    }
    // Skips whitespace and empty list elements (RFC 9110 §5.6.1 allows them).
    void skip_separators()
    {
        while (i < s.size() && (is_space(s[i]) || s[i] == ','))
            ++i;
    }
    std::string token()
    {
        size_t start = i;
        while (i < s.size() && is_tchar(s[i]))
            ++i;
        return s.substr(start, i - start);
    }
    std::string quoted()
    {
        std::string out;
        ++i;  // opening quote
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\' && i + 1 < s.size())
                ++i;
            out += s[i++];
        }
        if (i < s.size())
            ++i;  // closing quote
        return out;
    }
    // Whether a token68 starts here: its characters, then only '='s, then
    // the end of the element.
    bool token68_ahead() const
    {
        size_t j = i;
        while (j < s.size() && is_token68_char(s[j]))
            ++j;
        if (j == i)
            return false;
        while (j < s.size() && s[j] == '=')
            ++j;
        while (j < s.size() && is_space(s[j]))
            ++j;
        return j == s.size() || s[j] == ',';
    }
    // Whether `name =` starts here (an auth-param rather than a new scheme).
    bool param_ahead() const
    {
        size_t j = i;
        while (j < s.size() && is_tchar(s[j]))
            ++j;
        if (j == i)
            return false;
        while (j < s.size() && is_space(s[j]))
            ++j;
        return j < s.size() && s[j] == '=';
    }
};

// Reads the parameters of one challenge, up to the next scheme.
void read_params(reader &r, challenge &c)
{
    for (;;) {
        size_t before = r.i;
        r.skip_separators();
        if (r.at_end() || !r.param_ahead()) {
            if (!r.at_end())
                r.i = before;  // a new challenge starts: leave it to the caller
            return;
        }
        std::string name = lower(r.token());
        r.skip_space();
        ++r.i;  // '='
        r.skip_space();
        std::string value;
        if (!r.at_end() && r.s[r.i] == '"') {
            value = r.quoted();
        } else {
            size_t start = r.i;
            while (!r.at_end() && r.s[r.i] != ',' && !is_space(r.s[r.i]))
                ++r.i;
            value = r.s.substr(start, r.i - start);
        }
        c.params.emplace_back(std::move(name), std::move(value));
    }
}

}  // namespace

std::string challenge::param(const std::string &key) const
{
    for (const auto &p : params)
        if (p.first == key)
            return p.second;
    return {};
}

DWORD scheme_flag(const std::string &name)
{
    if (iequals(name, "Basic"))
        return WINHTTP_AUTH_SCHEME_BASIC;
    if (iequals(name, "NTLM"))
        return WINHTTP_AUTH_SCHEME_NTLM;
    if (iequals(name, "Passport1.4"))
        return WINHTTP_AUTH_SCHEME_PASSPORT;
    if (iequals(name, "Digest"))
        return WINHTTP_AUTH_SCHEME_DIGEST;
    if (iequals(name, "Negotiate"))
        return WINHTTP_AUTH_SCHEME_NEGOTIATE;
    return 0;
}

std::vector<challenge> parse_challenges(const std::string &value)
{
    std::vector<challenge> out;
    reader r{value};
    for (;;) {
        r.skip_separators();
        if (r.at_end())
            break;
        challenge c;
        c.name = r.token();
        if (c.name.empty()) {
            ++r.i;  // not a token: skip the character and look again
            continue;
        }
        c.scheme = scheme_flag(c.name);
        r.skip_space();
        if (!r.at_end() && r.s[r.i] != ',') {
            if (r.token68_ahead()) {
                size_t start = r.i;
                while (!r.at_end() && r.s[r.i] != ',' && !is_space(r.s[r.i]))
                    ++r.i;
                c.token68 = value.substr(start, r.i - start);
            } else {
                read_params(r, c);
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<challenge> challenges_of(const parsed_head &head, const std::string &field_name)
{
    std::vector<challenge> out;
    for (const header_field &f : head.fields) {
        if (!iequals(f.name, field_name))
            continue;
        for (challenge &c : parse_challenges(f.value))
            out.push_back(std::move(c));
    }
    return out;
}

const char *challenge_field(DWORD target)
{
    return target == WINHTTP_AUTH_TARGET_PROXY ? "Proxy-Authenticate" : "WWW-Authenticate";
}

}  // namespace winhttp::auth
