// Creation of the listening socket.
#pragma once

#include <string>

namespace ts {

// Binds and listens (non-blocking) on address:port, IPv4 or IPv6 literal.
// Returns the descriptor and stores the bound port (useful with port 0);
// returns -1 with a message on stderr on failure.
int open_listener(const std::string& address, int port, int& bound_port);

}  // namespace ts
