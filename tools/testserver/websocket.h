// WebSocket (RFC 6455) on the test server: the handshake routes under /ws/
// and the framing of an upgraded connection.  After the 101 response the
// connection hands its input to an Upgraded session (exchange.h) that
// answers frame by frame.
#pragma once

#include "exchange.h"

namespace ts {

// /ws/echo, /ws/close, /ws/ping, /ws/bad-frame, /ws/drop, /ws/bad-accept:
// see README.md.
void route_websocket(Exchange& ex);

}  // namespace ts
