#include "event_loop.h"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <string>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connection.h"

namespace ts {

namespace {
// Connection ids are unique across all loops: tests compare them to tell
// whether a connection was reused.
std::atomic<uint64_t> g_next_connection_id{1};

constexpr int kMaxEvents = 256;
constexpr int kMaxAcceptsPerWakeup = 64;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}
}  // namespace

EventLoop::EventLoop(int listen_fd) : listen_fd_(listen_fd) {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  check(epfd_ >= 0, "epoll_create1");
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  check(wake_fd_ >= 0, "eventfd");
  spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLEXCLUSIVE;
  ev.data.fd = listen_fd_;
  check(epoll_ctl(epfd_, EPOLL_CTL_ADD, listen_fd_, &ev) == 0, "epoll_ctl(listen)");
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  check(epoll_ctl(epfd_, EPOLL_CTL_ADD, wake_fd_, &ev) == 0, "epoll_ctl(wake)");
}

EventLoop::~EventLoop() {
  conns_.clear();  // closes every client socket
  close(wake_fd_);
  close(epfd_);
  if (spare_fd_ >= 0) close(spare_fd_);
}

uint64_t EventLoop::now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000 + uint64_t(ts.tv_nsec) / 1000000;
}

void EventLoop::stop() {
  stopping_.store(true);
  uint64_t one = 1;
  ssize_t rc = write(wake_fd_, &one, sizeof one);
  (void)rc;  // a full counter already means "wake up"
}

void EventLoop::run() {
  epoll_event events[kMaxEvents];
  while (!stopping_.load(std::memory_order_relaxed)) {
    int n = epoll_wait(epfd_, events, kMaxEvents, wait_timeout_ms());
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("epoll_wait");
      return;
    }
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listen_fd_) {
        accept_connections();
      } else if (fd == wake_fd_) {
        uint64_t value;
        ssize_t rc = read(wake_fd_, &value, sizeof value);
        (void)rc;
      } else {
        handle_io(fd, events[i].events);
      }
    }
    fire_timers();
    run_deferred();
  }
}

void EventLoop::accept_connections() {
  for (int i = 0; i < kMaxAcceptsPerWakeup; ++i) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) refuse_one_connection();
      return;  // EAGAIN (another loop took it), or a transient error
    }
    // Small responses must leave at once, not wait for Nagle.
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (size_t(fd) >= conns_.size()) conns_.resize(size_t(fd) + 1);
    conns_[size_t(fd)].reset(new Connection(*this, fd, g_next_connection_id.fetch_add(1)));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) conns_[size_t(fd)].reset();
  }
}

// Out of descriptors: a pending connection would keep the listening socket
// readable forever (busy loop). Free the spare descriptor, accept the
// connection and close it at once, then take the spare back.
void EventLoop::refuse_one_connection() {
  if (spare_fd_ < 0) return;
  close(spare_fd_);
  int fd = accept(listen_fd_, nullptr, nullptr);
  if (fd >= 0) close(fd);
  spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

void EventLoop::handle_io(int fd, uint32_t events) {
  if (size_t(fd) >= conns_.size() || !conns_[size_t(fd)]) return;
  conns_[size_t(fd)]->on_io(events);
  reap(fd);
}

void EventLoop::modify(int fd, uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev);
}

void EventLoop::schedule(int fd, uint64_t conn_id, uint64_t seq, uint64_t delay_ms) {
  constexpr uint64_t kMaxDelayMs = 7ull * 24 * 3600 * 1000;  // keeps deadlines from wrapping
  if (delay_ms > kMaxDelayMs) delay_ms = kMaxDelayMs;
  timers_.push(Timer{now_ms() + delay_ms, fd, conn_id, seq});
}

void EventLoop::defer(int fd, uint64_t conn_id) { deferred_.emplace_back(fd, conn_id); }

Connection* EventLoop::find(int fd, uint64_t conn_id) {
  if (size_t(fd) >= conns_.size()) return nullptr;
  Connection* c = conns_[size_t(fd)].get();
  return c && c->id() == conn_id ? c : nullptr;
}

void EventLoop::reap(int fd) {
  if (conns_[size_t(fd)] && conns_[size_t(fd)]->closed()) conns_[size_t(fd)].reset();
}

void EventLoop::fire_timers() {
  if (timers_.empty()) return;
  uint64_t now = now_ms();
  while (!timers_.empty() && timers_.top().deadline <= now) {
    Timer t = timers_.top();
    timers_.pop();
    Connection* c = find(t.fd, t.conn_id);
    if (c && c->timer_seq() == t.seq) {
      c->on_timer();
      reap(t.fd);
    }
  }
}

void EventLoop::run_deferred() {
  // Swap first: resuming may defer the same connection again.
  deferred_now_.swap(deferred_);
  for (auto& [fd, id] : deferred_now_) {
    if (Connection* c = find(fd, id)) {
      c->resume();
      reap(fd);
    }
  }
  deferred_now_.clear();
}

int EventLoop::wait_timeout_ms() const {
  if (!deferred_.empty()) return 0;
  if (timers_.empty()) return -1;
  uint64_t now = now_ms();
  uint64_t deadline = timers_.top().deadline;
  if (deadline <= now) return 0;
  uint64_t wait = deadline - now;
  return wait > 60000 ? 60000 : int(wait);
}

}  // namespace ts
