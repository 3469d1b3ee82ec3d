// The WebSocket handle (WINHTTP_HANDLE_TYPE_WEBSOCKET): a child of the
// request that upgraded, owning the connection the handshake made.
//
// Receiving: frames are read into a buffer and handed out piece by piece;
// a piece that does not end its message is reported as a FRAGMENT buffer
// type, the piece that ends it as a MESSAGE type, as WinHTTP does.  Pings
// are answered with pongs inside a receive.  A frame the protocol forbids
// fails the connection with ERROR_WINHTTP_INVALID_SERVER_RESPONSE.
// Sending: each call is one frame, masked with fresh random bytes.
// Sync mode runs each operation on the calling thread; async mode on a
// library thread per operation (ws_async.h).
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "api.h"
#include "objects.h"
#include "ws_frame.h"
#include "ws_socket.h"

namespace winhttp {

class websocket final : public object {
public:
    websocket(request *r, std::unique_ptr<ws::socket> sock, std::string first_bytes);
    request &owner() const { return *static_cast<request *>(parent()); }

    // Sync mode: each operation whole, on the calling thread.
    DWORD send(WINHTTP_WEB_SOCKET_BUFFER_TYPE type, const void *data, DWORD size);
    DWORD receive(void *buffer, DWORD size, DWORD *read, WINHTTP_WEB_SOCKET_BUFFER_TYPE *type);
    DWORD shutdown(USHORT status, const void *reason, DWORD size);
    DWORD close(USHORT status, const void *reason, DWORD size);

    // Async mode (ws_async.cpp): begin_* checks the arguments and the state
    // on the calling thread and marks the operation pending; run_* does the
    // work on a library thread and ends the pending state.
    struct send_plan {
        bool fin = true;
        uint8_t op = 0;
        const char *data = nullptr;
        DWORD size = 0;
    };
    DWORD begin_send(WINHTTP_WEB_SOCKET_BUFFER_TYPE type, const void *data, DWORD size, send_plan &plan);
    DWORD run_send(const send_plan &plan);
    // sync_outputs: read and type must be given (sync mode).
    DWORD begin_receive(void *buffer, DWORD size, bool sync_outputs, DWORD *read, WINHTTP_WEB_SOCKET_BUFFER_TYPE *type);
    DWORD run_receive(void *buffer, DWORD size, DWORD *read, WINHTTP_WEB_SOCKET_BUFFER_TYPE *type);
    void end_receive_pending() { receive_pending_ = false; }
    void end_send_pending() { send_pending_ = false; }
    DWORD begin_shutdown(USHORT status, const void *reason, DWORD size);
    DWORD run_shutdown(USHORT status, const void *reason, DWORD size);
    DWORD begin_close(USHORT status, const void *reason, DWORD size);
    DWORD run_close(USHORT status, const void *reason, DWORD size);
    DWORD query_close_status(USHORT *status, void *reason, DWORD size, DWORD *consumed);
    // WinHttpCloseHandle: pending and later operations end as cancelled.
    void cancel();

private:
    struct piece {
        DWORD bytes = 0;
        WINHTTP_WEB_SOCKET_BUFFER_TYPE type = WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE;
    };
    // Receive side, under rx_lock_.
    DWORD receive_locked(char *buffer, DWORD size, piece &out, int timeout_ms);
    DWORD next_frame_locked(int timeout_ms);
    DWORD need_locked(size_t bytes, int timeout_ms);
    DWORD handle_control_locked(uint8_t op, std::string payload);
    DWORD fail_locked(DWORD err);
    // Writes one frame; send_lock_ keeps frames whole when the receive side
    // answers a ping while the application sends.
    DWORD write_frame(bool fin, uint8_t op, const char *data, size_t size);
    DWORD send_close(USHORT status, const void *reason, DWORD size);

    std::unique_ptr<ws::socket> sock_;

    std::mutex send_lock_;
    std::atomic<bool> send_pending_{false};
    bool sending_fragmented_ = false;  // under send_lock_
    bool sending_utf8_ = false;
    std::atomic<bool> close_sent_{false};

    std::mutex rx_lock_;
    std::atomic<bool> receive_pending_{false};
    // Receives are numbered; a Close cancels those begun before it, even
    // one whose thread gets to run only after the Close is done.
    std::atomic<uint64_t> receive_count_{0};
    std::atomic<uint64_t> pending_receive_{0};
    std::atomic<uint64_t> cancelled_receives_{0};
    std::string rx_;           // received bytes not yet consumed
    size_t rx_offset_ = 0;
    bool in_frame_ = false;    // a data frame's payload is being handed out
    ws::frame_head frame_;
    uint64_t frame_left_ = 0;
    bool in_message_ = false;  // a fragmented message has begun
    bool message_utf8_ = false;
    DWORD failed_ = 0;         // the error that ended the connection

    std::mutex status_lock_;
    bool close_received_ = false;
    USHORT close_status_ = 0;
    std::string close_reason_;
};

template <> constexpr handle_kind kind_of<websocket>() { return handle_kind::websocket; }

}  // namespace winhttp
