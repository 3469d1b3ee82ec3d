// Command-line options of winhttp-testserver.
#pragma once

#include <string>

namespace ts {

struct Options {
  std::string bind_address = "127.0.0.1";
  int port = 0;          // 0: let the kernel choose
  int threads = 1;       // event-loop threads
  bool exit_on_eof = false;
  std::string fixed_date;  // non-empty: Date header value for every response
};

// Parses argv; on error or --help prints usage and returns false
// (exit_code tells how to exit).
bool parse_options(int argc, char** argv, Options& opts, int& exit_code);

}  // namespace ts
