// Routes that misbehave in time: delays, stalls, resets and hang-ups.
#include <memory>
#include <string>

#include "pattern_producer.h"
#include "query.h"
#include "response.h"
#include "route_handlers.h"

namespace ts {

namespace {

constexpr uint64_t kDefaultDelayMs = 1000;
constexpr uint64_t kMaxSlowChunks = 100000;

// Waits, then answers like /hello.
class DelayedHello final : public Producer {
 public:
  explicit DelayedHello(uint64_t delay_ms) : delay_ms_(delay_ms) {}
  Step produce(Exchange& ex) override {
    if (!waited_) {
      waited_ = true;
      ex.arm_timer(delay_ms_);
      return Step::kWait;
    }
    route_hello(ex);
    return Step::kDone;
  }

 private:
  uint64_t delay_ms_;
  bool waited_ = false;
};

std::string slow_chunk_text(uint64_t i) { return "chunk " + std::to_string(i) + "\n"; }

// Writes chunk i+1 of K every delay_ms (the first one delay_ms after the head).
class SlowChunks final : public Producer {
 public:
  SlowChunks(uint64_t delay_ms, uint64_t count, bool chunked)
      : delay_ms_(delay_ms), count_(count), chunked_(chunked) {}
  Step produce(Exchange& ex) override {
    if (waiting_) {
      waiting_ = false;
      std::string text = slow_chunk_text(++sent_);
      if (chunked_) write_chunk(ex.out(), text);
      else ex.out().append(text);
    }
    if (sent_ < count_) {
      waiting_ = true;
      ex.arm_timer(delay_ms_);
      return Step::kWait;
    }
    if (chunked_) write_last_chunk(ex.out());
    return Step::kDone;
  }

 private:
  uint64_t delay_ms_;
  uint64_t count_;
  bool chunked_;
  uint64_t sent_ = 0;
  bool waiting_ = false;
};

// Head announcing `length` bytes, then `partial` pattern bytes, then `end`.
void partial_body(Exchange& ex, uint64_t partial, uint64_t length, EndAction end) {
  ResponseHead(ex, 200).field("Content-Type", "application/octet-stream").end_with_length(length);
  ex.set_end_action(end);
  if (!ex.head_only() && partial) ex.set_producer(std::make_unique<PatternProducer>(partial, false, 0));
}

}  // namespace

// /slow?delay_ms=N: waits N ms (default 1000), then answers like /hello.
void route_slow(Exchange& ex) {
  uint64_t delay = Query(ex.req().query).get_u64("delay_ms", kDefaultDelayMs);
  ex.set_producer(std::make_unique<DelayedHello>(delay));
}

// /slowbody?delay_ms=N&chunks=K[&chunked=0]: the head at once, then K chunks
// "chunk 1\n" ... "chunk K\n", N ms apart (defaults 1000 ms, 5 chunks).
// chunked=0 sends the same bytes with a Content-Length instead.
void route_slowbody(Exchange& ex) {
  Query q(ex.req().query);
  uint64_t delay = q.get_u64("delay_ms", kDefaultDelayMs);
  uint64_t count = q.get_u64("chunks", 5);
  if (count > kMaxSlowChunks) count = kMaxSlowChunks;
  std::string_view raw;
  bool chunked = !(q.get("chunked", raw) && (raw == "0" || raw == "false"));

  ResponseHead head(ex, 200);
  head.field("Content-Type", "text/plain");
  if (chunked) {
    head.end_chunked();
  } else {
    uint64_t length = 0;
    for (uint64_t i = 1; i <= count; ++i) length += slow_chunk_text(i).size();
    head.end_with_length(length);
  }
  if (ex.head_only()) return;
  ex.set_producer(std::make_unique<SlowChunks>(delay, count, chunked));
}

// /stall: reads the request, never answers, keeps the socket open.
void route_stall(Exchange& ex) { ex.set_end_action(EndAction::kStall); }

// /stall-body?after=N[&length=L]: announces L bytes (default N + 1024),
// sends N pattern bytes (default 100), then stalls.
void route_stall_body(Exchange& ex) {
  Query q(ex.req().query);
  uint64_t after = q.get_u64("after", 100);
  uint64_t length = q.get_u64("length", after + 1024);
  if (length <= after) length = after + 1;
  partial_body(ex, after, length, EndAction::kStall);
}

// /reset?after=N[&length=L]: like /stall-body but then resets the connection
// (RST via SO_LINGER 0) once the client has acknowledged the N bytes.
void route_reset(Exchange& ex) {
  Query q(ex.req().query);
  uint64_t after = q.get_u64("after", 100);
  uint64_t length = q.get_u64("length", after + 1024);
  if (length <= after) length = after + 1;
  partial_body(ex, after, length, EndAction::kReset);
}

// /hangup: reads the request and closes without a byte of answer.
void route_hangup(Exchange& ex) { ex.set_end_action(EndAction::kHangup); }

// /hangup-after-headers[?length=L]: a head announcing L bytes (default 1024),
// then an orderly close (FIN) with no body.
void route_hangup_after_headers(Exchange& ex) {
  uint64_t length = Query(ex.req().query).get_u64("length", 1024);
  ResponseHead(ex, 200).field("Content-Type", "application/octet-stream").end_with_length(length);
  // Set after the head so that it does not say "Connection: close".
  ex.set_end_action(EndAction::kClose);
}

}  // namespace ts
