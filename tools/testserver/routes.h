// The route table: which handler serves which path.
#pragma once

#include <string_view>

#include "exchange.h"

namespace ts {

using RouteHandler = void (*)(Exchange&);

enum RouteFlags : unsigned {
  // The handler runs as soon as the head is parsed and receives the body
  // through its producer. Other handlers run after the body was discarded.
  kConsumesBody = 1u << 0,
  // The handler decides itself about "100 Continue"; otherwise the connection
  // sends it whenever the client expects it and a body is to be read.
  kOwnContinue = 1u << 1,
};

struct Route {
  std::string_view path;  // exact path, or prefix when it ends in '/'
  unsigned flags;
  RouteHandler handler;
};

// Never fails: unknown paths get the 404 route.
const Route& find_route(std::string_view path);

}  // namespace ts
