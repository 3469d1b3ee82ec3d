#include "exchange.h"

namespace ts {

void Exchange::reset(const Request& req, ByteBuffer& out, uint64_t connection_id,
                     uint64_t request_number) {
  req_ = &req;
  out_ = &out;
  connection_id_ = connection_id;
  request_number_ = request_number;
  producer_.reset();
  upgraded_.reset();
  end_ = EndAction::kKeepAlive;
  timer_armed_ = false;
  force_close_ = false;
  body_skipped_ = false;
  continue_sent_ = false;
  response_started_ = false;
}

void Exchange::send_continue() {
  if (continue_sent_) return;
  continue_sent_ = true;
  out_->append("HTTP/1.1 100 Continue\r\n\r\n");
}

}  // namespace ts
