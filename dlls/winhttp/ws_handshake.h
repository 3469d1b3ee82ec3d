// The WebSocket opening handshake (RFC 6455 §4.1) for a request marked with
// WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET: WinHttpSendRequest connects on a
// connection of its own (ws_socket.h explains why) and sends the upgrade
// request; WinHttpReceiveResponse reads the response head, which the
// header queries then see as usual; WinHttpWebSocketCompleteUpgrade takes
// the connection over once the answer was a 101 with the right
// Sec-WebSocket-Accept.  Sync mode: everything runs on the calling thread.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "objects.h"
#include "transfer.h"
#include "ws_socket.h"

namespace winhttp {

struct websocket_handshake {
    std::mutex lock;
    std::unique_ptr<ws::socket> sock;
    std::string key;       // our Sec-WebSocket-Key
    std::string leftover;  // bytes after the response head: the first frames
    std::atomic<bool> receiving{false};  // ReceiveResponse was called
    bool responded = false;
    int status = 0;
    bool accept_ok = false;  // 101 with the expected Sec-WebSocket-Accept
};

// WinHttpSendRequest on an upgrade request: connects, sends the handshake.
// Returns the API's BOOL with the last error set.
BOOL websocket_send_request(request &r, const std::shared_ptr<transfer> &t);

// WinHttpReceiveResponse on an upgrade request.
BOOL websocket_receive_response(request &r, transfer &t);

// The base64 value the server must answer a key with (§4.2.2).
std::string websocket_accept_for(const std::string &key);

}  // namespace winhttp
