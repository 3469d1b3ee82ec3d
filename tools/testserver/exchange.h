// The contract between a connection and the route serving its current
// request: what the route may read (the request), where it writes (the output
// buffer), and how it tells the connection what happens next (a producer for
// responses generated over time, timers, and the action after the response).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "buffer.h"
#include "request.h"

namespace ts {

// What the connection does once the response has been produced and flushed.
enum class EndAction {
  kKeepAlive,  // read the next request (unless the request asked to close)
  kClose,      // half-close, drain the client's input briefly, close
  kReset,      // wait until the client has acknowledged all bytes, then RST
  kStall,      // keep the socket open, never answer, until the client goes
  kHangup,     // close at once
};

// Result of asking a producer for more output.
enum class Step {
  kMore,  // call again when the output has room
  kWait,  // a timer was armed with Exchange::arm_timer(); call again after it
  kDone,  // the response is complete
};

class Exchange;

// What an upgraded connection's session reports after looking at its input.
enum class UpgradeStep {
  kIdle,      // nothing to do until more input arrives
  kProgress,  // consumed input or produced output; call again
  kClose,     // flush the output, then close (FIN)
  kHangup,    // flush the output, then close at once
};

// A connection taken over after a 101 response (WebSocket, websocket.h):
// from then on it gets all input and writes all output.
class Upgraded {
 public:
  virtual ~Upgraded() = default;
  // Consumes what it can of `in`, appends to `out`.  Called once right
  // after the 101 head (possibly with no input), then on every input.
  virtual UpgradeStep on_input(ByteBuffer& in, ByteBuffer& out, bool peer_eof) = 0;
};

// A response generated over time: streamed bodies, delays, echoes. Routes
// whose response fits in one write need no producer.
class Producer {
 public:
  virtual ~Producer() = default;
  // Called once the request body has been consumed, whenever the output has
  // room, and after an armed timer fires.
  virtual Step produce(Exchange& ex) = 0;
  // Request body pieces, for routes registered as consuming the body.
  virtual void on_body(Exchange&, std::string_view) {}
  virtual void on_body_end(Exchange&) {}
};

class Exchange {
 public:
  void reset(const Request& req, ByteBuffer& out, uint64_t connection_id,
             uint64_t request_number);

  const Request& req() const { return *req_; }
  ByteBuffer& out() { return *out_; }
  uint64_t connection_id() const { return connection_id_; }
  // 1 for the first request on the connection.
  uint64_t request_number() const { return request_number_; }
  bool head_only() const { return req_->is_head; }

  // Whether the response announces and performs a close.
  bool closing() const { return force_close_ || !req_->keep_alive; }
  void force_close() { force_close_ = true; }

  EndAction end_action() const { return end_; }
  // kReset/kStall/kHangup do not change the response headers: the client is
  // meant to be surprised. kClose implies force_close().
  void set_end_action(EndAction a) {
    end_ = a;
    if (a == EndAction::kClose) force_close_ = true;
  }

  void set_producer(std::unique_ptr<Producer> p) { producer_ = std::move(p); }
  Producer* producer() { return producer_.get(); }
  void drop_producer() { producer_.reset(); }

  void arm_timer(uint64_t delay_ms) {
    timer_ms_ = delay_ms;
    timer_armed_ = true;
  }
  bool take_timer(uint64_t& delay_ms) {
    if (!timer_armed_) return false;
    timer_armed_ = false;
    delay_ms = timer_ms_;
    return true;
  }

  // The route answers without reading the request body; as the body's bytes
  // may still arrive, the connection is closed after the response.
  void skip_body() {
    body_skipped_ = true;
    force_close_ = true;
  }
  bool body_skipped() const { return body_skipped_; }

  // Writes "HTTP/1.1 100 Continue" unless already sent.
  void send_continue();

  void mark_response_started() { response_started_ = true; }

  // After this response the connection belongs to `u` (a 101 answer).
  void upgrade(std::unique_ptr<Upgraded> u) { upgraded_ = std::move(u); }
  std::unique_ptr<Upgraded> take_upgraded() { return std::move(upgraded_); }
  bool response_started() const { return response_started_; }

 private:
  const Request* req_ = nullptr;
  ByteBuffer* out_ = nullptr;
  uint64_t connection_id_ = 0;
  uint64_t request_number_ = 0;
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<Upgraded> upgraded_;
  EndAction end_ = EndAction::kKeepAlive;
  uint64_t timer_ms_ = 0;
  bool timer_armed_ = false;
  bool force_close_ = false;
  bool body_skipped_ = false;
  bool continue_sent_ = false;
  bool response_started_ = false;
};

}  // namespace ts
