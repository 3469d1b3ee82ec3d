// Routes that read the request body (or, for /echo-headers, the head).
#include <memory>
#include <string>

#include "query.h"
#include "response.h"
#include "route_handlers.h"
#include "sha256.h"

namespace ts {

namespace {

// Sends the body back as it arrives: with the same Content-Length, or
// re-chunked when the upload was chunked. Backpressure comes from the
// connection, which stops decoding while the output is full.
class Echo final : public Producer {
 public:
  explicit Echo(Exchange& ex) : chunked_(ex.req().chunked) {
    std::string_view type = ex.req().field("Content-Type");
    ResponseHead head(ex, 200);
    head.field("Content-Type", type.empty() ? std::string_view("application/octet-stream") : type);
    if (chunked_) head.end_chunked();
    else head.end_with_length(ex.req().content_length);
    discard_ = ex.head_only();
  }
  void on_body(Exchange& ex, std::string_view data) override {
    if (discard_) return;
    if (chunked_) write_chunk(ex.out(), data);
    else ex.out().append(data);
  }
  void on_body_end(Exchange& ex) override {
    if (chunked_ && !discard_) write_last_chunk(ex.out());
  }
  Step produce(Exchange&) override { return Step::kDone; }

 private:
  bool chunked_;
  bool discard_ = false;
};

// Hashes the body; answers "<hex sha256> <length>" at its end.
class Sha256Body final : public Producer {
 public:
  void on_body(Exchange&, std::string_view data) override {
    hash_.update(data.data(), data.size());
    length_ += data.size();
  }
  void on_body_end(Exchange& ex) override {
    respond(ex, 200, hash_.hex_digest() + " " + std::to_string(length_));
  }
  Step produce(Exchange&) override { return Step::kDone; }

 private:
  Sha256 hash_;
  uint64_t length_ = 0;
};

}  // namespace

// /echo: the request body back, streamed.
void route_echo(Exchange& ex) { ex.set_producer(std::make_unique<Echo>(ex)); }

// /echo-headers: the raw request head (request line, fields and the blank
// line that ended them) exactly as received.
void route_echo_headers(Exchange& ex) { respond(ex, 200, ex.req().raw_head); }

// /sha256: "<64 hex digits> <decimal length>" of the request body, no newline.
void route_sha256(Exchange& ex) { ex.set_producer(std::make_unique<Sha256Body>()); }

// /continue: "100 Continue" before reading the body, then /echo.
// ?no100=1 never sends the 100; ?reject=CODE answers CODE (e.g. 417) at once
// without reading the body, and closes the connection.
void route_continue(Exchange& ex) {
  Query q(ex.req().query);
  uint64_t reject = q.get_u64("reject", 0);
  if (reject >= 200 && reject <= 999) {
    ex.skip_body();
    respond(ex, int(reject), "Rejected\n");
    return;
  }
  if (!q.flag("no100") && ex.req().expect_continue && ex.req().has_body()) ex.send_continue();
  route_echo(ex);
}

}  // namespace ts
