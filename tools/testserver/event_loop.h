// An epoll event loop owning a set of connections. One loop runs per thread;
// with several threads they share the listening socket (EPOLLEXCLUSIVE wakes
// one of them per new connection).
//
// Level-triggered epoll: a connection registers interest in what it can use
// now (input while it has room, output while it has bytes to send) and the
// loop calls epoll_ctl only when that changes, so steady keep-alive traffic
// costs one epoll_wait, one read and one write per request.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <queue>
#include <utility>
#include <vector>

namespace ts {

class Connection;

class EventLoop {
 public:
  explicit EventLoop(int listen_fd);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Serves until stop() is called.
  void run();
  // Thread-safe and async-signal-safe.
  void stop();

  // For connections.
  void modify(int fd, uint32_t events);
  // Calls conn->on_timer() after delay_ms unless the connection armed a newer
  // timer (seq) or is gone (id) by then.
  void schedule(int fd, uint64_t conn_id, uint64_t seq, uint64_t delay_ms);
  // Calls conn->resume() soon, before sleeping again.
  void defer(int fd, uint64_t conn_id);

  static uint64_t now_ms();

 private:
  struct Timer {
    uint64_t deadline;
    int fd;
    uint64_t conn_id;
    uint64_t seq;
    bool operator>(const Timer& o) const { return deadline > o.deadline; }
  };

  void accept_connections();
  void refuse_one_connection();
  void handle_io(int fd, uint32_t events);
  void fire_timers();
  void run_deferred();
  int wait_timeout_ms() const;
  Connection* find(int fd, uint64_t conn_id);
  void reap(int fd);

  int epfd_;
  int listen_fd_;
  int wake_fd_;
  int spare_fd_;  // released to accept-and-close when out of descriptors
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Connection>> conns_;  // indexed by fd
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<std::pair<int, uint64_t>> deferred_;
  std::vector<std::pair<int, uint64_t>> deferred_now_;
};

}  // namespace ts
