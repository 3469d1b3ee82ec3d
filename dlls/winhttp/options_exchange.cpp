#include "options_exchange.h"

#include <arpa/inet.h>

#include <cstring>

#include "option_buffer.h"
#include "request_state.h"
#include "transfer.h"

namespace winhttp {
namespace {

// Windows' address family numbers (ws2def.h); Linux's AF_INET6 differs.
constexpr USHORT windows_af_inet = 2;
constexpr USHORT windows_af_inet6 = 23;

// Fills a Windows SOCKADDR_STORAGE (sockaddr_in / sockaddr_in6 layout:
// family, port in network order, then the address) from text.
bool to_sockaddr(const std::string &ip, int port, SOCKADDR_STORAGE &out)
{
    std::memset(&out, 0, sizeof(out));
    auto *bytes = reinterpret_cast<unsigned char *>(&out);
    uint16_t nport = htons(uint16_t(port));
    unsigned char a4[4], a6[16];
    if (inet_pton(AF_INET, ip.c_str(), a4) == 1) {
        out.ss_family = windows_af_inet;
        std::memcpy(bytes + 2, &nport, 2);
        std::memcpy(bytes + 4, a4, 4);
        return true;
    }
    if (inet_pton(AF_INET6, ip.c_str(), a6) == 1) {
        out.ss_family = windows_af_inet6;
        std::memcpy(bytes + 2, &nport, 2);
        std::memcpy(bytes + 8, a6, 16);  // after sin6_flowinfo
        return true;
    }
    return false;
}

}  // namespace

bool query_connection_info(object &o, LPVOID buffer, LPDWORD length)
{
    WINHTTP_CONNECTION_INFO info;
    std::memset(&info, 0, sizeof(info));
    info.cbSize = sizeof(info);
    std::shared_ptr<transfer> t = request_state::find(static_cast<request &>(o));
    bool known = false;
    if (t) {
        std::lock_guard<fast_mutex> g(t->lock);
        known = t->connection_known && to_sockaddr(t->local_ip, t->local_port, info.LocalAddress) &&
                to_sockaddr(t->remote_ip, t->remote_port, info.RemoteAddress);
    }
    if (!known)
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, false);
    return option_buffer::write(buffer, length, info);
}

bool query_http_protocol_used(object &o, LPVOID buffer, LPDWORD length)
{
    std::shared_ptr<transfer> t = request_state::find(static_cast<request &>(o));
    long version = 0;
    bool known = false;
    if (t) {
        std::lock_guard<fast_mutex> g(t->lock);
        known = t->headers_done;
        version = t->http_version_used;
    }
    if (!known)
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, false);
    DWORD flags = 0;
    if (version == CURL_HTTP_VERSION_2_0)
        flags = WINHTTP_PROTOCOL_FLAG_HTTP2;
    else if (version == CURL_HTTP_VERSION_3)
        flags = WINHTTP_PROTOCOL_FLAG_HTTP3;
    return option_buffer::write<DWORD>(buffer, length, flags);
}

}  // namespace winhttp
