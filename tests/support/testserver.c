/* Test fixture that runs winhttp-testserver; see testserver.h. */
#define _GNU_SOURCE
#include "testserver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef WINHTTP_TESTSERVER_DEFAULT
#define WINHTTP_TESTSERVER_DEFAULT "tools/testserver/winhttp-testserver"
#endif

enum {
  MAX_ARGS = 64,
  START_TIMEOUT_MS = 10000,
  STOP_TIMEOUT_MS = 5000,
};

struct testserver {
  pid_t pid;
  int port;
  int stdin_fd; /* write end of the server's stdin; closing it stops the server */
};

/* Splits `args` into words in `storage` (spaces separate, '...' and "..."
 * group). Returns the number of words, or -1 if there are too many. */
static int split_args(const char *args, char *storage, char **words, int max_words) {
  int count = 0;
  char *out = storage;
  const char *p = args ? args : "";
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n') ++p;
    if (!*p) return count;
    if (count == max_words) return -1;
    words[count++] = out;
    char quote = 0;
    for (; *p && (quote || (*p != ' ' && *p != '\t' && *p != '\n')); ++p) {
      if (quote && *p == quote) quote = 0;
      else if (!quote && (*p == '\'' || *p == '"')) quote = *p;
      else *out++ = *p;
    }
    *out++ = '\0';
  }
}

/* Runs in the forked child: only async-signal-safe calls until exec. */
static void exec_server(const char *path, char **argv, int stdin_fd, int stdout_fd, pid_t parent) {
  /* Die with the thread that started us; and if the parent already died
   * before prctl() took effect, give up now. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  if (dup2(stdin_fd, STDIN_FILENO) < 0 || dup2(stdout_fd, STDOUT_FILENO) < 0) _exit(127);
  /* The test may block or ignore the signals the server stops on. */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  execv(path, argv);
  _exit(127);
}

static long elapsed_ms(const struct timespec *since) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - since->tv_sec) * 1000L + (now.tv_nsec - since->tv_nsec) / 1000000L;
}

/* Reads the "PORT <n>\n" line; returns the port or -1. */
static int read_port(int fd) {
  char line[64];
  size_t len = 0;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (len < sizeof line - 1) {
    long left = START_TIMEOUT_MS - elapsed_ms(&start);
    struct pollfd pfd = {fd, POLLIN, 0};
    if (left <= 0) return -1;
    int rc = poll(&pfd, 1, (int)left);
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return -1;
    ssize_t n = read(fd, line + len, sizeof line - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    len += (size_t)n;
    line[len] = '\0';
    if (strchr(line, '\n')) {
      int port;
      return sscanf(line, "PORT %d", &port) == 1 ? port : -1;
    }
  }
  return -1;
}

/* Waits up to timeout_ms for the child; returns 1 once reaped. */
static int reap(pid_t pid, long timeout_ms) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    pid_t rc = waitpid(pid, NULL, WNOHANG);
    if (rc == pid || (rc < 0 && errno != EINTR)) return 1;
    if (elapsed_ms(&start) >= timeout_ms) return 0;
    struct timespec pause = {0, 2 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
}

static void kill_and_reap(pid_t pid) {
  kill(pid, SIGTERM);
  if (!reap(pid, STOP_TIMEOUT_MS)) {
    kill(pid, SIGKILL);
    reap(pid, STOP_TIMEOUT_MS);
  }
}

struct testserver *testserver_start(const char *extra_args) {
  const char *path = getenv("WINHTTP_TESTSERVER");
  if (!path || !*path) path = WINHTTP_TESTSERVER_DEFAULT;

  /* Everything the child needs is prepared before fork(). */
  size_t storage_len = (extra_args ? strlen(extra_args) : 0) + 1;
  char *storage = malloc(storage_len * 2 + 1);
  char *argv[MAX_ARGS + 4];
  argv[0] = (char *)path;
  argv[1] = (char *)"--exit-on-eof";
  int words = storage ? split_args(extra_args, storage, argv + 2, MAX_ARGS) : -1;
  if (words < 0) {
    fprintf(stderr, "testserver: bad or too many arguments\n");
    free(storage);
    return NULL;
  }
  argv[2 + words] = NULL;

  int to_server[2], from_server[2];
  if (pipe2(to_server, O_CLOEXEC) != 0) {
    free(storage);
    return NULL;
  }
  if (pipe2(from_server, O_CLOEXEC) != 0) {
    close(to_server[0]);
    close(to_server[1]);
    free(storage);
    return NULL;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) exec_server(path, argv, to_server[0], from_server[1], parent);
  free(storage);
  close(to_server[0]);
  close(from_server[1]);
  if (pid < 0) {
    close(to_server[1]);
    close(from_server[0]);
    return NULL;
  }

  int port = read_port(from_server[0]);
  close(from_server[0]); /* the server prints nothing after the port */
  struct testserver *ts = port > 0 ? malloc(sizeof *ts) : NULL;
  if (!ts) {
    fprintf(stderr, "testserver: %s did not start\n", path);
    close(to_server[1]);
    kill_and_reap(pid);
    return NULL;
  }
  ts->pid = pid;
  ts->port = port;
  ts->stdin_fd = to_server[1];
  return ts;
}

int testserver_port(const struct testserver *ts) { return ts->port; }

char *testserver_url(const struct testserver *ts, const char *path, char *buf, size_t size) {
  snprintf(buf, size, "http://127.0.0.1:%d%s", ts->port, path ? path : "/");
  return buf;
}

void testserver_stop(struct testserver *ts) {
  if (!ts) return;
  close(ts->stdin_fd);
  kill_and_reap(ts->pid);
  free(ts);
}
