#include "connection_close.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "transfer.h"

namespace winhttp::connection_close {
namespace {

// A connection is known by its local address and port: that is what curl
// tells the prerequest hook, and what getsockname() gives at close time.
// (curl 7.88 has no socket for a transfer before it is done.)
using connection_key = std::string;

connection_key key_of(const char *local_ip, int local_port)
{
    return std::string(local_ip) + "|" + std::to_string(local_port);
}

bool key_of_socket(curl_socket_t fd, connection_key &key)
{
    sockaddr_storage a{};
    socklen_t len = sizeof(a);
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        return false;
    char ip[INET6_ADDRSTRLEN] = "";
    int port = 0;
    if (a.ss_family == AF_INET) {
        auto *in = reinterpret_cast<sockaddr_in *>(&a);
        inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
        port = ntohs(in->sin_port);
    } else if (a.ss_family == AF_INET6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&a);
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
        port = ntohs(in6->sin6_port);
    } else {
        return false;
    }
    key = key_of(ip, port);
    return true;
}

// Connection -> the transfer that used it last.  Driver only; never
// destroyed (connections may close during process exit).
std::unordered_map<connection_key, std::weak_ptr<transfer>> &owners()
{
    static auto *m = new std::unordered_map<connection_key, std::weak_ptr<transfer>>;
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
    if (local_ip && *local_ip)
        owners()[key_of(local_ip, local_port)] = t.weak_from_this();
}

bool install(CURL *easy)
{
    return curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, on_close) == CURLE_OK;
}

}  // namespace winhttp::connection_close
