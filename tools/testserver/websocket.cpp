#include "websocket.h"

#include <cstdint>
#include <memory>
#include <string>

#include "base64.h"
#include "query.h"
#include "response.h"
#include "route_handlers.h"
#include "sha1.h"
#include "strutil.h"

namespace ts {

namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
enum Opcode : uint8_t { kCont = 0, kText = 1, kBinary = 2, kClose = 8, kPing = 9, kPong = 10 };

// A server frame's head: unmasked (RFC 6455 §5.1), shortest length form.
void write_frame_head(ByteBuffer& out, bool fin, uint8_t opcode, uint64_t len) {
  out.append_char(char((fin ? 0x80 : 0) | opcode));
  if (len < 126) {
    out.append_char(char(len));
  } else if (len <= 0xffff) {
    out.append_char(char(126));
    out.append_char(char(len >> 8));
    out.append_char(char(len));
  } else {
    out.append_char(char(127));
    for (int i = 7; i >= 0; --i) out.append_char(char(len >> (8 * i)));
  }
}

void write_frame(ByteBuffer& out, uint8_t opcode, std::string_view payload) {
  write_frame_head(out, true, opcode, payload.size());
  out.append(payload);
}

std::string close_payload(uint64_t status, std::string_view reason) {
  std::string p;
  p.push_back(char(status >> 8));
  p.push_back(char(status));
  p.append(reason);
  return p;
}

// What a route does besides echoing.
struct Script {
  std::string first_frames;   // raw frames sent right after the handshake
  bool drop_after_first = false;  // then close the TCP connection
  bool answer_pong = false;   // a pong is answered with a text "pong:<payload>"
  bool stop_echo = false;     // a close was sent first: only wait for the client's
};

// Parses the client's frames (masked, RFC 6455 §5.2) and echoes data frames
// as they stream in, keeping their fragmentation; control frames are
// collected whole (at most 125 bytes).
class WebSocketSession final : public Upgraded {
 public:
  explicit WebSocketSession(Script s) : script_(std::move(s)) {}

  UpgradeStep on_input(ByteBuffer& in, ByteBuffer& out, bool peer_eof) override {
    if (!started_) {
      started_ = true;
      out.append(script_.first_frames);
      if (script_.drop_after_first) return UpgradeStep::kHangup;
      return UpgradeStep::kProgress;
    }
    bool progressed = false;
    for (;;) {
      if (in_payload_) {
        if (in.empty()) break;
        if (!take_payload(in, out)) return UpgradeStep::kClose;
        progressed = true;
        continue;
      }
      size_t used = parse_head(in);
      if (used == SIZE_MAX) return UpgradeStep::kClose;  // not a valid client frame
      if (used == 0) break;
      in.consume(used);
      progressed = true;
      if (!in_payload_ && !finish_frame(out)) return UpgradeStep::kClose;
    }
    if (!progressed && peer_eof) return UpgradeStep::kClose;
    return progressed ? UpgradeStep::kProgress : UpgradeStep::kIdle;
  }

 private:
  // Returns the head's length, 0 if incomplete, SIZE_MAX if invalid.
  size_t parse_head(const ByteBuffer& in) {
    const auto* p = reinterpret_cast<const uint8_t*>(in.data());
    size_t n = in.size();
    if (n < 2) return 0;
    fin_ = p[0] & 0x80;
    opcode_ = p[0] & 0x0f;
    if (!(p[1] & 0x80)) return SIZE_MAX;  // clients must mask
    uint64_t len = p[1] & 0x7f;
    size_t pos = 2;
    if (len == 126) {
      if (n < 4) return 0;
      len = uint64_t(p[2]) << 8 | p[3];
      pos = 4;
    } else if (len == 127) {
      if (n < 10) return 0;
      len = 0;
      for (int i = 0; i < 8; ++i) len = len << 8 | p[2 + i];
      pos = 10;
    }
    if (n < pos + 4) return 0;
    for (int i = 0; i < 4; ++i) mask_[i] = p[pos + i];
    remaining_ = len;
    offset_ = 0;
    control_.clear();
    in_payload_ = len > 0;
    // Data frames are echoed as they arrive: the head goes out now.
    if (opcode_ < 8 && !script_.stop_echo) write_frame_head(echo_, fin_, opcode_, len);
    if (opcode_ >= 8 && (len > 125 || !fin_)) return SIZE_MAX;
    return pos + 4;
  }

  bool take_payload(ByteBuffer& in, ByteBuffer& out) {
    size_t n = in.size() < remaining_ ? in.size() : size_t(remaining_);
    std::string piece(in.data(), n);
    in.consume(n);
    for (char& c : piece) c = char(c ^ mask_[offset_++ % 4]);
    remaining_ -= n;
    if (opcode_ >= 8) control_ += piece;
    else if (!script_.stop_echo) echo_.append(piece);
    flush_echo(out);
    if (remaining_ == 0) {
      in_payload_ = false;
      return finish_frame(out);
    }
    return true;
  }

  void flush_echo(ByteBuffer& out) {
    out.append(echo_.view());
    echo_.clear();
  }

  // A whole frame has been read. Returns false to close the connection.
  bool finish_frame(ByteBuffer& out) {
    flush_echo(out);
    switch (opcode_) {
      case kPing:
        write_frame(out, kPong, control_);
        return true;
      case kPong:
        if (script_.answer_pong) write_frame(out, kText, "pong:" + control_);
        return true;
      case kClose:
        // The closing handshake: answer with the client's own status and
        // reason unless this side already sent its close first.
        if (!script_.stop_echo) write_frame(out, kClose, control_);
        return false;
      default:
        return true;
    }
  }

  Script script_;
  bool started_ = false;
  bool in_payload_ = false;
  bool fin_ = false;
  uint8_t opcode_ = 0;
  uint8_t mask_[4] = {};
  uint64_t remaining_ = 0;
  uint64_t offset_ = 0;
  std::string control_;
  ByteBuffer echo_;
};

// The invalid frame /ws/bad-frame?kind=... sends.
std::string bad_frame(std::string_view kind) {
  ByteBuffer b;
  if (kind == "masked") {  // a server frame must not be masked
    std::string f = "\x82\x84" "abcd" "wxyz";
    return f;
  }
  if (kind == "control-size") {  // a ping with 126 bytes
    write_frame_head(b, true, kPing, 126);
    b.append(std::string(126, 'p'));
  } else if (kind == "reserved") {  // RSV1 without a negotiated extension
    b.append_char(char(0xc2));
    b.append_char(char(1));
    b.append_char('x');
  } else if (kind == "continuation") {  // a continuation with no message begun
    write_frame(b, kCont, "x");
  } else {  // kind=opcode (default): opcode 3 is reserved
    write_frame(b, 3, "x");
  }
  return std::string(b.view());
}

// Whether a comma-separated field value lists `token` (case-insensitive).
bool lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = trim_ows(value.substr(0, comma));
    if (item.size() == token.size() && istarts_with(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool valid_upgrade_request(const Request& req) {
  return lists_token(req.field("Upgrade"), "websocket") && lists_token(req.field("Connection"), "upgrade") &&
         !req.field("Sec-WebSocket-Key").empty() && req.field("Sec-WebSocket-Version") == "13";
}

}  // namespace

void route_websocket(Exchange& ex) {
  const Request& req = ex.req();
  if (!valid_upgrade_request(req)) {
    respond(ex, 400, "WebSocket handshake expected\n");
    return;
  }
  std::string_view name = path_suffix(ex, "/ws/");
  Query q(req.query);
  Script s;
  if (name == "close") {
    ByteBuffer b;
    write_frame(b, kClose, close_payload(q.get_u64("status", 1000), q.get_decoded("reason", "")));
    s.first_frames = std::string(b.view());
    s.stop_echo = true;
  } else if (name == "ping") {
    ByteBuffer b;
    write_frame(b, kPing, "are you there");
    s.first_frames = std::string(b.view());
    s.answer_pong = true;
  } else if (name == "bad-frame") {
    s.first_frames = bad_frame(q.get_decoded("kind", "opcode"));
  } else if (name == "drop") {
    s.drop_after_first = true;
  } else if (name != "echo" && name != "bad-accept") {
    route_not_found(ex);
    return;
  }
  std::string key(req.field("Sec-WebSocket-Key"));
  std::string accept = base64_encode(sha1_digest(key + std::string(kAcceptGuid)));
  if (name == "bad-accept") accept = base64_encode(sha1_digest(key));
  ResponseHead(ex, 101, "Switching Protocols")
      .field("Upgrade", "websocket")
      .field("Connection", "Upgrade")
      .field("Sec-WebSocket-Accept", accept)
      .end_bodyless();
  ex.upgrade(std::make_unique<WebSocketSession>(std::move(s)));
}

}  // namespace ts
