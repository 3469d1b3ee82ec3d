#include "connection_close.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "transfer.h"

namespace winhttp::connection_close {
namespace {

// A connection is known by its local address and port: that is what curl
// tells the prerequest hook, and what getsockname() gives at close time.
// (curl 7.88 has no socket for a transfer before it is done.)  Kept as
// bytes, an IPv4 address in its IPv6-mapped form: parsing the hook's text
// once costs less than making, hashing and comparing a string key on
// every request.
struct connection_key {
    std::array<unsigned char, 16> address{};
    int port = 0;
    bool operator==(const connection_key &o) const { return port == o.port && address == o.address; }
};

struct key_hash {
    size_t operator()(const connection_key &k) const
    {
        uint64_t high = 0, low = 0;
        std::memcpy(&high, k.address.data(), sizeof(high));
        std::memcpy(&low, k.address.data() + 8, sizeof(low));
        return std::hash<uint64_t>()(high ^ (low * 0x9e3779b97f4a7c15ULL) ^ (uint64_t(k.port) << 48));
    }
};

void map_ipv4(connection_key &key, const void *ipv4)
{
    key.address[10] = key.address[11] = 0xff;
    std::memcpy(key.address.data() + 12, ipv4, 4);
}

bool key_of(const char *local_ip, int local_port, connection_key &key)
{
    unsigned char ipv4[4];
    if (inet_pton(AF_INET, local_ip, ipv4) == 1)
        map_ipv4(key, ipv4);
    else if (inet_pton(AF_INET6, local_ip, key.address.data()) != 1)
        return false;
    key.port = local_port;
    return true;
}

bool key_of_socket(curl_socket_t fd, connection_key &key)
{
    sockaddr_storage a{};
    socklen_t len = sizeof(a);
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        return false;
    if (a.ss_family == AF_INET) {
        auto *in = reinterpret_cast<sockaddr_in *>(&a);
        map_ipv4(key, &in->sin_addr);
        key.port = ntohs(in->sin_port);
    } else if (a.ss_family == AF_INET6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&a);
        std::memcpy(key.address.data(), &in6->sin6_addr, 16);
        key.port = ntohs(in6->sin6_port);
    } else {
        return false;
    }
    return true;
}

using owner_map = std::unordered_map<connection_key, std::weak_ptr<transfer>, key_hash>;

// Connection -> the transfer that used it last.  Driver only; never
// destroyed (connections may close during process exit).
owner_map &owners()
{
    static auto *m = new owner_map;
    return *m;
}

int on_close(void *, curl_socket_t fd)
{
    connection_key key;
    auto it = key_of_socket(fd, key) ? owners().find(key) : owners().end();
    if (it != owners().end()) {
        if (std::shared_ptr<transfer> t = it->second.lock()) {
            std::lock_guard<fast_mutex> g(t->lock);
            // Only the close of a connection that carried a response is
            // reported; one dropped by a failure (refused certificate,
            // reset before the head) is not.  Our decision: Microsoft's
            // pages do not say.
            if (!t->done && t->headers_done) {
                t->record_locked(WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION);
                t->record_locked(WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED);
            }
        }
        owners().erase(it);
    }
    return close(fd);
}

}  // namespace

void claim(transfer &t, const char *local_ip, int local_port)
{
    connection_key key;
    if (local_ip && *local_ip && key_of(local_ip, local_port, key))
        owners()[key] = t.weak_from_this();
}

bool install(CURL *easy)
{
    return curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, on_close) == CURLE_OK;
}

}  // namespace winhttp::connection_close
