// One client connection: reads requests, runs routes, writes responses.
//
// A connection serves one request at a time, in phases:
//   head    -> waiting for / parsing a request head
//   body    -> consuming the request body (discarded, or fed to the route)
//   respond -> the route's producer generates the response as output drains
//   finish  -> output flushed, then the route's EndAction: next request,
//              lingering close, reset, stall or hang-up.
// Pipelined requests wait in the input buffer until their turn; responses of
// consecutive small requests accumulate and leave in one write.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "body_decoder.h"
#include "buffer.h"
#include "exchange.h"
#include "request.h"
#include "routes.h"
#include "transport.h"

namespace ts {

class EventLoop;

class Connection {
 public:
  Connection(EventLoop& loop, int fd, uint64_t id);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Entry points from the event loop.
  void on_io(uint32_t epoll_events);
  void on_timer();
  void resume();  // after the connection yielded (see kMaxStepsPerWakeup)

  bool closed() const { return phase_ == Phase::kClosed; }
  uint64_t id() const { return id_; }
  uint64_t timer_seq() const { return timer_seq_; }

 private:
  enum class Phase { kHead, kBody, kRespond, kFinish, kUpgraded, kLinger, kResetting, kStalled, kClosed };

  // Progress engine.
  void drive();
  bool step();
  bool step_head();
  bool step_body();
  bool step_respond();
  bool step_finish();
  bool step_upgraded();

  // Request lifecycle.
  void begin_request();
  void end_of_body();
  void complete_response();
  void reject(int status);
  void body_error();

  // I/O.
  bool read_input();
  bool drain_input();
  bool flush();
  void update_interest();

  // Endings.
  void start_linger();
  void start_reset();
  void check_reset();
  void close_now();
  void arm_timer(uint64_t delay_ms);

  EventLoop& loop_;
  int fd_;
  uint64_t id_;
  std::unique_ptr<Transport> transport_;
  ByteBuffer in_;
  ByteBuffer out_;
  std::string head_copy_;  // the current request head; Request views point here
  Request req_;
  Exchange ex_;
  BodyDecoder body_;
  const Route* route_ = nullptr;
  std::unique_ptr<Upgraded> upgraded_;  // after a 101: the session that owns the connection
  Phase phase_ = Phase::kHead;
  EndAction end_ = EndAction::kKeepAlive;
  uint64_t requests_ = 0;
  uint64_t timer_seq_ = 0;
  uint64_t reset_deadline_ = 0;
  uint32_t interest_;
  bool peer_eof_ = false;
  bool waiting_timer_ = false;
};

}  // namespace ts
