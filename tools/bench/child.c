/* Runs one side of one workload in a forked child, so that each side starts
 * from the same clean process (no engine thread, no connection cache left
 * over from the other side) and so that its peak memory (ru_maxrss from
 * wait4) is its own.  The result comes back through a pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int read_all(int fd, void *buf, size_t size)
{
    char *p = buf;
    while (size) {
        ssize_t n = read(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        p += n;
        size -= (size_t)n;
    }
    return 1;
}

static int exited_cleanly(int status)
{
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct bench_result run_in_child(bench_fn fn, const void *arg)
{
    struct bench_result r;
    memset(&r, 0, sizeof r);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(r.message, sizeof r.message, "pipe: %s", strerror(errno));
        return r;
    }
    fflush(NULL);  /* the child must not print the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(r.message, sizeof r.message, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return r;
    }
    if (pid == 0) {
        close(fds[0]);
        struct bench_result mine;
        memset(&mine, 0, sizeof mine);
        fn(arg, &mine);
        ssize_t ignored = write(fds[1], &mine, sizeof mine);
        (void)ignored;
        /* _exit: no atexit work in a process whose library threads still run. */
        _exit(0);
    }
    close(fds[1]);
    int got = read_all(fds[0], &r, sizeof r);
    close(fds[0]);
    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof usage);
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR)
        ;
    if (!got) {
        memset(&r, 0, sizeof r);
        snprintf(r.message, sizeof r.message, "child died (status 0x%x)", status);
    } else if (!exited_cleanly(status)) {
        /* A crash after the result was sent (a late callback of a thread
         * still running) is a failed run all the same. */
        r.ok = 0;
        snprintf(r.message, sizeof r.message, "child died after its result (status 0x%x)",
                 status);
    }
    r.max_rss_kib = usage.ru_maxrss;
    /* CPU time counts every thread of the child: on a busy machine it is a
     * steadier measure of the client's own cost than wall time. */
    r.cpu_seconds = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
                    (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
    return r;
}
