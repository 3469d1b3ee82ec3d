#include "websocket.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <algorithm>
#include <cstring>

namespace winhttp {
namespace {

// Close frames wait this long for the server's answer (the default of
// WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT, which is not settable yet).
constexpr int close_timeout_ms = 10000;
// Payload bytes masked and written per step of a large send.
constexpr size_t send_slice = 64 * 1024;

bool is_utf8_type(WINHTTP_WEB_SOCKET_BUFFER_TYPE t)
{
    return t == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE || t == WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE;
}

// Status codes an application may send (RFC 6455 §7.4): the defined ones
// that may appear on the wire, and the ranges for libraries and
// applications.  1005 (EMPTY) means a close frame without status or reason.
bool valid_close_status(USHORT s)
{
    if (s >= 3000 && s <= 4999)
        return true;
    switch (s) {
    case WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_ENDPOINT_TERMINATED_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_PROTOCOL_ERROR_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_INVALID_DATA_TYPE_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_INVALID_PAYLOAD_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_POLICY_VIOLATION_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_MESSAGE_TOO_BIG_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_UNSUPPORTED_EXTENSIONS_CLOSE_STATUS:
    case WINHTTP_WEB_SOCKET_SERVER_ERROR_CLOSE_STATUS:
        return true;
    default:
        return false;
    }
}

DWORD check_close_arguments(USHORT status, const void *reason, DWORD size)
{
    if ((!reason && size) || size > WINHTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH || !valid_close_status(status))
        return ERROR_INVALID_PARAMETER;
    if (status == WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS && size)
        return ERROR_INVALID_PARAMETER;
    return 0;
}

}  // namespace

websocket::websocket(request *r, std::unique_ptr<ws::socket> sock, std::string first_bytes)
    : object(handle_kind::websocket, r), sock_(std::move(sock)), rx_(std::move(first_bytes))
{
}

void websocket::cancel() { sock_->cancel_all(); }

// ---- sending ----

DWORD websocket::write_frame(bool fin, uint8_t op, const char *data, size_t size)
{
    uint8_t mask[4];
    gnutls_rnd(GNUTLS_RND_NONCE, mask, sizeof(mask));
    std::string out;
    ws::append_frame_head(out, fin, op, size, mask);
    std::lock_guard<std::mutex> g(send_lock_);
    for (size_t done = 0;;) {
        size_t n = std::min(send_slice, size - done);
        size_t at = out.size();
        out.append(data + done, n);
        ws::apply_mask(&out[at], n, mask, done);
        done += n;
        if (DWORD err = sock_->write_all(out.data(), out.size()))
            return err;
        out.clear();
        if (done == size)
            return 0;
    }
}

DWORD websocket::begin_send(WINHTTP_WEB_SOCKET_BUFFER_TYPE type, const void *data, DWORD size, send_plan &plan)
{
    if (type > WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE || (!data && size))
        return ERROR_INVALID_PARAMETER;  // CLOSE goes through Close/Shutdown
    if (send_pending_.exchange(true))
        return ERROR_INVALID_OPERATION;  // a send is pending
    if (close_sent_) {
        send_pending_ = false;
        return ERROR_INVALID_OPERATION;
    }
    bool utf8 = is_utf8_type(type);
    plan.fin = type == WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE ||
               type == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE;
    std::lock_guard<std::mutex> g(send_lock_);
    // A fragmented message keeps its kind to the end (RFC 6455 §5.4).
    if (sending_fragmented_ && sending_utf8_ != utf8) {
        send_pending_ = false;
        return ERROR_INVALID_PARAMETER;
    }
    plan.op = sending_fragmented_ ? ws::op_continuation : utf8 ? ws::op_text : ws::op_binary;
    plan.data = static_cast<const char *>(data);
    plan.size = size;
    sending_fragmented_ = !plan.fin;
    sending_utf8_ = utf8;
    return 0;
}

DWORD websocket::run_send(const send_plan &plan)
{
    DWORD err = write_frame(plan.fin, plan.op, plan.data, plan.size);
    send_pending_ = false;
    return err;
}

DWORD websocket::send(WINHTTP_WEB_SOCKET_BUFFER_TYPE type, const void *data, DWORD size)
{
    send_plan plan;
    if (DWORD err = begin_send(type, data, size, plan))
        return err;
    return run_send(plan);
}

DWORD websocket::send_close(USHORT status, const void *reason, DWORD size)
{
    std::string payload;
    if (status != WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS) {
        payload.push_back(char(status >> 8));
        payload.push_back(char(status & 0xff));
        payload.append(static_cast<const char *>(reason), size);
    }
    return write_frame(true, ws::op_close, payload.data(), payload.size());
}

DWORD websocket::begin_shutdown(USHORT status, const void *reason, DWORD size)
{
    if (DWORD err = check_close_arguments(status, reason, size))
        return err;
    if (close_sent_.exchange(true))
        return ERROR_INVALID_OPERATION;
    return 0;
}

DWORD websocket::run_shutdown(USHORT status, const void *reason, DWORD size)
{
    return send_close(status, reason, size);
}

DWORD websocket::shutdown(USHORT status, const void *reason, DWORD size)
{
    if (DWORD err = begin_shutdown(status, reason, size))
        return err;
    return run_shutdown(status, reason, size);
}

// ---- receiving ----

DWORD websocket::fail_locked(DWORD err)
{
    if (!failed_)
        failed_ = err;
    return failed_;
}

// Makes at least `bytes` unconsumed bytes available.
DWORD websocket::need_locked(size_t bytes, int timeout_ms)
{
    while (rx_.size() - rx_offset_ < bytes) {
        // Consumed bytes go before more are read, so that the buffer stays
        // near the largest read asked for, however long the stream.
        if (rx_offset_ > 0 && (rx_offset_ == rx_.size() || rx_offset_ >= 64 * 1024)) {
            rx_.erase(0, rx_offset_);
            rx_offset_ = 0;
        }
        if (DWORD err = sock_->read_some(rx_, timeout_ms)) {
            if (err == ERROR_WINHTTP_OPERATION_CANCELLED || err == ERROR_WINHTTP_TIMEOUT)
                return err;  // the connection itself is still fine
            std::lock_guard<std::mutex> g(status_lock_);
            if (!close_received_)
                close_status_ = WINHTTP_WEB_SOCKET_ABORTED_CLOSE_STATUS;
            return fail_locked(err);
        }
    }
    return 0;
}

DWORD websocket::handle_control_locked(uint8_t op, std::string payload)
{
    if (op == ws::op_ping)  // answered unless our close frame went out: nothing may follow it
        return close_sent_ ? 0 : write_frame(true, ws::op_pong, payload.data(), payload.size());
    if (op != ws::op_close)
        return 0;  // a pong: nothing to do
    if (payload.size() == 1)
        return fail_locked(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);  // §5.5.1: status is 2 bytes or none
    std::lock_guard<std::mutex> g(status_lock_);
    close_received_ = true;
    if (payload.empty()) {
        close_status_ = WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS;
    } else {
        close_status_ = USHORT((uint8_t(payload[0]) << 8) | uint8_t(payload[1]));
        close_reason_ = payload.substr(2);
    }
    return 0;
}

// Reads frame heads until a data frame's payload is next (in_frame_) or a
// close frame arrived.  Control frames are dealt with on the way.
DWORD websocket::next_frame_locked(int timeout_ms)
{
    for (;;) {
        ws::frame_head h;
        ws::head_status s;
        while ((s = ws::parse_frame_head(rx_.data() + rx_offset_, rx_.size() - rx_offset_, h)) ==
               ws::head_status::incomplete) {
            if (DWORD err = need_locked(rx_.size() - rx_offset_ + 1, timeout_ms))
                return err;
        }
        if (s == ws::head_status::invalid)
            return fail_locked(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        bool data = !ws::is_control(h.op);
        // Continuation frames only inside a message, new messages only outside.
        if (data && (h.op == ws::op_continuation) != in_message_)
            return fail_locked(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        if (data) {
            rx_offset_ += h.head_size;
            if (h.op != ws::op_continuation)
                message_utf8_ = h.op == ws::op_text;
            in_message_ = !h.fin;
            frame_ = h;
            frame_left_ = h.length;
            in_frame_ = true;
            return 0;
        }
        if (DWORD err = need_locked(h.head_size + h.length, timeout_ms))
            return err;
        std::string payload = rx_.substr(rx_offset_ + h.head_size, size_t(h.length));
        rx_offset_ += h.head_size + size_t(h.length);
        if (DWORD err = handle_control_locked(h.op, std::move(payload)))
            return err;
        if (h.op == ws::op_close)
            return 0;
    }
}

DWORD websocket::receive_locked(char *buffer, DWORD size, piece &out, int timeout_ms)
{
    if (failed_)
        return failed_;
    {
        std::lock_guard<std::mutex> g(status_lock_);
        if (close_received_)
            return ERROR_INVALID_OPERATION;  // the receive channel is closed
    }
    if (!in_frame_) {
        if (DWORD err = next_frame_locked(timeout_ms))
            return err;
        if (!in_frame_) {  // the server's close frame
            out = {0, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE};
            return 0;
        }
    }
    // As much of the frame as fits: the whole rest of it or a full buffer.
    size_t want = size_t(std::min<uint64_t>(frame_left_, size));
    if (DWORD err = need_locked(want, timeout_ms))
        return err;
    if (want)
        std::memcpy(buffer, rx_.data() + rx_offset_, want);
    rx_offset_ += want;
    frame_left_ -= want;
    bool ends_message = false;
    if (frame_left_ == 0) {
        in_frame_ = false;
        ends_message = frame_.fin;
    }
    if (message_utf8_)
        out.type = ends_message ? WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE : WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE;
    else
        out.type = ends_message ? WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE : WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE;
    out.bytes = DWORD(want);
    return 0;
}

DWORD websocket::begin_receive(void *buffer, DWORD size, bool sync_outputs, DWORD *read,
                               WINHTTP_WEB_SOCKET_BUFFER_TYPE *type)
{
    if (!buffer || !size || (sync_outputs && (!read || !type)))
        return ERROR_INVALID_PARAMETER;
    if (receive_pending_.exchange(true))
        return ERROR_INVALID_OPERATION;  // a receive is pending
    pending_receive_ = ++receive_count_;
    return 0;
}

DWORD websocket::run_receive(void *buffer, DWORD size, DWORD *read, WINHTTP_WEB_SOCKET_BUFFER_TYPE *type)
{
    DWORD err;
    piece p;
    {
        std::lock_guard<std::mutex> g(rx_lock_);
        // A Close that came after this receive began cancels it, even when
        // this thread only gets here after the Close is done.
        if (pending_receive_ <= cancelled_receives_)
            err = ERROR_WINHTTP_OPERATION_CANCELLED;
        else
            err = receive_locked(static_cast<char *>(buffer), size, p, -1);
    }
    receive_pending_ = false;  // before any completion: its callback may receive again
    if (!err) {
        *read = p.bytes;
        *type = p.type;
    }
    return err;
}

DWORD websocket::receive(void *buffer, DWORD size, DWORD *read, WINHTTP_WEB_SOCKET_BUFFER_TYPE *type)
{
    if (DWORD err = begin_receive(buffer, size, true, read, type))
        return err;
    return run_receive(buffer, size, read, type);
}

// ---- closing ----

DWORD websocket::begin_close(USHORT status, const void *reason, DWORD size)
{
    if (DWORD err = check_close_arguments(status, reason, size))
        return err;
    // A pending receive ends as cancelled (WinHttpWebSocketReceive's page);
    // run_close then reads up to the server's close frame itself.
    cancelled_receives_ = receive_count_.load();
    sock_->interrupt();
    return 0;
}

DWORD websocket::run_close(USHORT status, const void *reason, DWORD size)
{
    std::lock_guard<std::mutex> g(rx_lock_);
    sock_->clear_interrupt();
    if (!close_sent_.exchange(true)) {
        if (DWORD err = send_close(status, reason, size))
            return err;
    }
    char scratch[4096];
    for (;;) {
        {
            std::lock_guard<std::mutex> sg(status_lock_);
            if (close_received_)
                return 0;
        }
        piece p;
        if (DWORD err = receive_locked(scratch, sizeof(scratch), p, close_timeout_ms))
            return err;  // data before the close frame is dropped
    }
}

DWORD websocket::close(USHORT status, const void *reason, DWORD size)
{
    if (DWORD err = begin_close(status, reason, size))
        return err;
    return run_close(status, reason, size);
}

DWORD websocket::query_close_status(USHORT *status, void *reason, DWORD size, DWORD *consumed)
{
    if (!status || !consumed || (!reason && size))
        return ERROR_INVALID_PARAMETER;
    std::lock_guard<std::mutex> g(status_lock_);
    if (!close_received_ && close_status_ != WINHTTP_WEB_SOCKET_ABORTED_CLOSE_STATUS)
        return ERROR_INVALID_OPERATION;  // no close frame yet
    *consumed = DWORD(close_reason_.size());
    if (size < close_reason_.size())
        return ERROR_INSUFFICIENT_BUFFER;
    *status = close_status_;
    if (!close_reason_.empty())
        std::memcpy(reason, close_reason_.data(), close_reason_.size());
    return 0;
}

}  // namespace winhttp
