#include "connection.h"

#include <linux/sockios.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "event_loop.h"
#include "http_parser.h"
#include "response.h"
#include "tuning.h"

namespace ts {

Connection::Connection(EventLoop& loop, int fd, uint64_t id)
    : loop_(loop), fd_(fd), id_(id), transport_(new PlainTransport(fd)), interest_(EPOLLIN) {}

Connection::~Connection() {
  if (phase_ != Phase::kClosed) ::close(fd_);
}

// ---- entry points -------------------------------------------------------

void Connection::on_io(uint32_t events) {
  // ERR: reset or failed socket. HUP: both directions are shut, so nothing
  // more can be exchanged either way.
  if (events & (EPOLLERR | EPOLLHUP)) {
    close_now();
    return;
  }
  if ((events & EPOLLIN) && !read_input()) return;
  drive();
}

void Connection::on_timer() {
  switch (phase_) {
    case Phase::kRespond:
      waiting_timer_ = false;
      drive();
      break;
    case Phase::kLinger:
      close_now();
      break;
    case Phase::kResetting:
      check_reset();
      break;
    default:
      break;
  }
}

void Connection::resume() { drive(); }

// ---- progress engine ----------------------------------------------------

// Takes steps until none is possible, flushing output in between. Output is
// only written when a step stalls or enough has accumulated, so pipelined
// small responses share a write.
void Connection::drive() {
  for (int steps = 0; phase_ != Phase::kClosed; ++steps) {
    if (steps == kMaxStepsPerWakeup) {
      loop_.defer(fd_, id_);  // let the other connections run, then go on
      break;
    }
    bool progressed = step();
    if (phase_ == Phase::kClosed) return;
    if (progressed && out_.size() < kOutputLowWater) continue;
    size_t before = out_.size();
    if (!flush()) {
      close_now();
      return;
    }
    // Without progress, only draining output can unblock the next step.
    if (!progressed && (out_.size() == before || out_.size() >= kOutputLowWater)) break;
  }
  if (phase_ != Phase::kClosed) update_interest();
}

bool Connection::step() {
  switch (phase_) {
    case Phase::kHead: return step_head();
    case Phase::kBody: return step_body();
    case Phase::kRespond: return step_respond();
    case Phase::kFinish: return step_finish();
    case Phase::kUpgraded: return step_upgraded();
    default: return false;  // linger / resetting / stalled: driven by I/O and timers
  }
}

bool Connection::step_head() {
  if (out_.size() >= kOutputHighWater) return false;  // client is not reading
  if (in_.empty()) {
    if (!peer_eof_) return false;
    end_ = EndAction::kClose;  // client finished sending and all is answered
    phase_ = Phase::kFinish;
    return true;
  }
  HeadScan scan = find_request_head(in_.data(), in_.size());
  in_.consume(scan.skip);
  if (scan.status == HeadScan::kTooLarge) {
    reject(431);
    return true;
  }
  if (scan.status == HeadScan::kIncomplete) {
    if (peer_eof_) {  // a partial head that will never be completed
      end_ = EndAction::kClose;
      phase_ = Phase::kFinish;
      return true;
    }
    return scan.skip > 0;
  }
  // Copy the head out so the request's views survive input-buffer reuse
  // while the body streams through it.
  head_copy_.assign(in_.data(), scan.len);
  in_.consume(scan.len);
  if (int status = parse_request_head(head_copy_, req_)) {
    reject(status);
    return true;
  }
  begin_request();
  return true;
}

bool Connection::step_body() {
  bool consumes = route_->flags & kConsumesBody;
  size_t used = 0;
  if (!body_.done()) {
    if (out_.size() >= kOutputHighWater) return false;  // echo backpressure
    if (in_.empty()) {
      if (peer_eof_) close_now();  // the body will never be complete
      return false;
    }
    std::string_view piece;
    used = body_.decode(in_.data(), in_.size(), piece);
    if (!piece.empty() && consumes && ex_.producer()) ex_.producer()->on_body(ex_, piece);
    in_.consume(used);
    if (body_.failed()) {
      body_error();
      return true;
    }
    if (!body_.done()) return used > 0;
  }
  end_of_body();
  return true;
}

bool Connection::step_respond() {
  if (Producer* p = ex_.producer()) {
    if (waiting_timer_ || out_.size() >= kOutputLowWater) return false;
    switch (p->produce(ex_)) {
      case Step::kMore:
        return true;
      case Step::kWait: {
        uint64_t delay;
        if (ex_.take_timer(delay)) arm_timer(delay);
        waiting_timer_ = true;  // without a timer this waits forever, as asked
        return true;
      }
      case Step::kDone:
        break;
    }
  }
  complete_response();
  return true;
}

bool Connection::step_finish() {
  if (!out_.empty()) return false;  // the ending happens after the last byte left
  switch (end_) {
    case EndAction::kKeepAlive:
      phase_ = Phase::kHead;
      break;
    case EndAction::kClose:
      start_linger();
      break;
    case EndAction::kReset:
      start_reset();
      break;
    case EndAction::kStall:
      phase_ = Phase::kStalled;
      in_.clear();
      break;
    case EndAction::kHangup:
      close_now();
      break;
  }
  return true;
}

// An upgraded connection: the session consumes input and writes output
// until it asks for the connection to end.
bool Connection::step_upgraded() {
  if (out_.size() >= kOutputHighWater) return false;  // client is not reading
  switch (upgraded_->on_input(in_, out_, peer_eof_)) {
    case UpgradeStep::kIdle:
      return false;
    case UpgradeStep::kProgress:
      return true;
    case UpgradeStep::kClose:
      end_ = EndAction::kClose;
      break;
    case UpgradeStep::kHangup:
      end_ = EndAction::kHangup;
      break;
  }
  phase_ = Phase::kFinish;
  return true;
}

// ---- request lifecycle --------------------------------------------------

void Connection::begin_request() {
  ++requests_;
  ex_.reset(req_, out_, id_, requests_);
  route_ = &find_route(req_.path);
  if (req_.chunked) body_.start_chunked();
  else body_.start_length(req_.content_length);
  bool wants_continue = !body_.done() && req_.expect_continue && req_.version_minor >= 1;
  if (route_->flags & kConsumesBody) {
    if (wants_continue && !(route_->flags & kOwnContinue)) ex_.send_continue();
    route_->handler(ex_);
    if (ex_.body_skipped()) body_.start_none();
  } else if (wants_continue) {
    ex_.send_continue();
  }
  phase_ = Phase::kBody;
}

void Connection::end_of_body() {
  if (route_->flags & kConsumesBody) {
    if (Producer* p = ex_.producer()) p->on_body_end(ex_);
  } else {
    route_->handler(ex_);  // body-less routes answer once the body is gone
  }
  phase_ = Phase::kRespond;
}

void Connection::complete_response() {
  ex_.drop_producer();
  if ((upgraded_ = ex_.take_upgraded())) {
    phase_ = Phase::kUpgraded;
    return;
  }
  end_ = ex_.end_action();
  if (end_ == EndAction::kKeepAlive && ex_.closing()) end_ = EndAction::kClose;
  phase_ = end_ == EndAction::kKeepAlive ? Phase::kHead : Phase::kFinish;
}

// Answers a request that could not be parsed, then closes: what follows in
// the input cannot be framed.
void Connection::reject(int status) {
  ++requests_;
  req_.clear();
  ex_.reset(req_, out_, id_, requests_);
  ex_.force_close();
  std::string body(reason_phrase(status));
  body += '\n';
  respond(ex_, status, body);
  in_.clear();
  end_ = EndAction::kClose;
  phase_ = Phase::kFinish;
}

void Connection::body_error() {
  if (!ex_.response_started()) {
    reject(400);
    return;
  }
  // The answer is already under way (echo): cut it short.
  ex_.drop_producer();
  in_.clear();
  end_ = EndAction::kClose;
  phase_ = Phase::kFinish;
}

// ---- I/O ----------------------------------------------------------------

bool Connection::read_input() {
  if (phase_ == Phase::kLinger || phase_ == Phase::kStalled) return drain_input();
  if (peer_eof_ || in_.size() >= kInputLimit) return true;
  size_t want = phase_ == Phase::kBody || phase_ == Phase::kUpgraded ? kBodyReadSize : kHeadReadSize;
  if (want > kInputLimit - in_.size()) want = kInputLimit - in_.size();
  IoResult r = transport_->read(in_.prepare(want), want);
  switch (r.status) {
    case IoStatus::kOk:
      in_.commit(r.bytes);
      break;
    case IoStatus::kEof:
      peer_eof_ = true;
      break;
    case IoStatus::kWouldBlock:
      break;
    case IoStatus::kError:
      close_now();
      return false;
  }
  return true;
}

// Reads and drops whatever arrives; closes when the client has gone.
bool Connection::drain_input() {
  char scratch[16 * 1024];
  for (;;) {
    IoResult r = transport_->read(scratch, sizeof scratch);
    if (r.status == IoStatus::kOk) continue;
    if (r.status == IoStatus::kWouldBlock) return true;
    close_now();
    return false;
  }
}

bool Connection::flush() {
  while (!out_.empty()) {
    IoResult r = transport_->write(out_.data(), out_.size());
    if (r.status == IoStatus::kOk) out_.consume(r.bytes);
    else if (r.status == IoStatus::kWouldBlock) break;
    else return false;
  }
  if (phase_ == Phase::kHead) {  // idle: give back buffers a big transfer grew
    out_.shrink_if_empty(kIdleBufferKeep);
    in_.shrink_if_empty(kIdleBufferKeep);
  }
  return true;
}

void Connection::update_interest() {
  uint32_t want = 0;
  bool serving = phase_ == Phase::kHead || phase_ == Phase::kBody || phase_ == Phase::kRespond ||
                 phase_ == Phase::kUpgraded;
  bool draining = phase_ == Phase::kLinger || phase_ == Phase::kStalled;
  if (!peer_eof_ &&
      (draining || (serving && in_.size() < kInputLimit && out_.size() < kOutputHighWater)))
    want |= EPOLLIN;
  if (!out_.empty() && !draining) want |= EPOLLOUT;
  if (want != interest_) {
    loop_.modify(fd_, want);
    interest_ = want;
  }
}

// ---- endings ------------------------------------------------------------

// Half-close, then drain until the client closes too (or kLingerMs passes),
// so unread request bytes do not make the kernel reset the connection and
// destroy the response before the client has read it.
void Connection::start_linger() {
  transport_->shutdown_write();
  if (peer_eof_) {
    close_now();
    return;
  }
  phase_ = Phase::kLinger;
  in_.clear();
  arm_timer(kLingerMs);
}

// The reset must come after the client has the partial body: wait until the
// kernel's send queue is empty (everything acknowledged), then RST.
void Connection::start_reset() {
  phase_ = Phase::kResetting;
  reset_deadline_ = EventLoop::now_ms() + kResetWaitMs;
  check_reset();
}

void Connection::check_reset() {
  int unacked = 0;
  if (ioctl(fd_, SIOCOUTQ, &unacked) == 0 && unacked > 0 &&
      EventLoop::now_ms() < reset_deadline_) {
    arm_timer(kResetPollMs);
    return;
  }
  struct linger abort_on_close = {1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  close_now();
}

void Connection::close_now() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  ex_.drop_producer();
  upgraded_.reset();
  ::close(fd_);  // also removes it from the epoll set; the loop frees us
}

void Connection::arm_timer(uint64_t delay_ms) {
  loop_.schedule(fd_, id_, ++timer_seq_, delay_ms);
}

}  // namespace ts
