#include "options.h"

#include <cstdio>
#include <cstring>
#include <string_view>

#include "strutil.h"

namespace ts {

namespace {

void usage(FILE* to) {
  std::fputs(
      "usage: winhttp-testserver [--port N] [--bind ADDRESS] [--threads N]\n"
      "                          [--exit-on-eof] [--date 'RFC 1123 date']\n"
      "Prints \"PORT <n>\" once listening; serves until SIGTERM/SIGINT, or until\n"
      "standard input reaches end-of-file with --exit-on-eof.\n",
      to);
}

bool parse_int(const char* s, int lo, int hi, int& out) {
  uint64_t v;
  if (!parse_u64(s, v) || v < uint64_t(lo) || v > uint64_t(hi)) return false;
  out = int(v);
  return true;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& opts, int& exit_code) {
  exit_code = 2;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    bool ok = true;
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      exit_code = 0;
      return false;
    } else if (arg == "--exit-on-eof") {
      opts.exit_on_eof = true;
      continue;
    } else if (!value) {
      ok = false;
    } else if (arg == "--port") {
      ok = parse_int(value, 0, 65535, opts.port);
    } else if (arg == "--threads") {
      ok = parse_int(value, 1, 256, opts.threads);
    } else if (arg == "--bind") {
      opts.bind_address = value;
    } else if (arg == "--date") {
      opts.fixed_date = value;
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr, "winhttp-testserver: bad argument '%s%s%s'\n", argv[i],
                   value ? " " : "", value ? value : "");
      usage(stderr);
      return false;
    }
    ++i;  // the option's value
  }
  return true;
}

}  // namespace ts
