// winhttp-testserver: a scripted HTTP/1.1 server for loopback tests and
// benchmarks. See README.md for the routes.
//
// Threads: N event loops (default 1) serve the connections; the main thread
// only waits for SIGTERM/SIGINT and then stops the loops; with --exit-on-eof a
// helper thread reads standard input and raises SIGTERM at end-of-file, so a
// test harness that dies never leaves the server behind.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "event_loop.h"
#include "http_date.h"
#include "listener.h"
#include "options.h"

namespace {

void watch_stdin_for_eof() {
  char buf[256];
  for (;;) {
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    kill(getpid(), SIGTERM);  // delivered to sigwait() in main
    return;
  }
}

// Blocks the stop signals in every thread (threads inherit the mask), so
// that main's sigwait() is the one place that receives them.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return set;
}

int serve(const ts::Options& opts) {
  int port = 0;
  int listen_fd = ts::open_listener(opts.bind_address, opts.port, port);
  if (listen_fd < 0) return 1;
  if (!opts.fixed_date.empty()) ts::set_fixed_http_date(opts.fixed_date);
  sigset_t stop_signals = block_stop_signals();

  std::vector<std::unique_ptr<ts::EventLoop>> loops;
  for (int i = 0; i < opts.threads; ++i) loops.emplace_back(new ts::EventLoop(listen_fd));
  std::vector<std::thread> threads;
  for (auto& loop : loops) threads.emplace_back([&loop] { loop->run(); });

  // Announce the port only once everything is ready to serve.
  std::printf("PORT %d\n", port);
  std::fflush(stdout);

  if (opts.exit_on_eof) std::thread(watch_stdin_for_eof).detach();
  int sig = 0;
  sigwait(&stop_signals, &sig);
  for (auto& loop : loops) loop->stop();
  for (auto& t : threads) t.join();
  loops.clear();
  close(listen_fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ts::Options opts;
  int exit_code = 0;
  if (!ts::parse_options(argc, argv, opts, exit_code)) return exit_code;
  try {
    return serve(opts);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winhttp-testserver: %s\n", e.what());
    return 1;
  }
}
