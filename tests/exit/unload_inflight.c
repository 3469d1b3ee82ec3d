/* Exit and unload with a request in flight.  One source, two builds:
 *
 *   natively:  unload_inflight LIBRARY MODE   (dlopen/dlclose of libwinhttp.so)
 *   under Wine: unload_inflight.exe MODE      (LoadLibrary/FreeLibrary of
 *                                              winhttp.dll, i.e. our builtin)
 *
 * A worker thread sends GET /stall to the loopback test server (which reads
 * the request and never answers) and blocks in WinHttpReceiveResponse.
 * Then, by MODE:
 *   unload        the library is unloaded under the blocked call, and main
 *                 returns (process exit with the call still blocked);
 *   exit          main returns with the call blocked, library still loaded;
 *   close-unload  the request is closed first (the blocked call must end
 *                 with ERROR_WINHTTP_OPERATION_CANCELLED), the worker is
 *                 joined, the handles closed, then unload and return;
 *   async-unload, async-exit
 *                 as unload/exit, but the session is WINHTTP_FLAG_ASYNC: the
 *                 send completes on a library thread, whose callback calls
 *                 WinHttpReceiveResponse, which then stays pending.
 * The program prints "exiting" just before main returns; the caller checks
 * that line, the exit status (0), and the time taken.
 *
 * The server's port comes from $WINHTTP_TEST_PORT; natively, without it,
 * the program starts tools/testserver itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#include <winhttp.h>
typedef HMODULE library_t;
#else
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include "winhttp.h"
#include "testserver.h"
typedef void *library_t;
#endif

static struct {
    __typeof__(WinHttpOpen) *open;
    __typeof__(WinHttpConnect) *connect;
    __typeof__(WinHttpOpenRequest) *open_request;
    __typeof__(WinHttpSendRequest) *send_request;
    __typeof__(WinHttpReceiveResponse) *receive_response;
    __typeof__(WinHttpCloseHandle) *close_handle;
    __typeof__(WinHttpSetStatusCallback) *set_status_callback;
} api;

static HINTERNET session, connection, request;
static BOOL receive_result = TRUE;
static DWORD receive_error;

/* ---- platform ----------------------------------------------------------- */
#ifdef _WIN32
static HANDLE blocked_event, worker;
static library_t load(const char *path) { (void)path; return LoadLibraryA("winhttp.dll"); }
static void *symbol(library_t lib, const char *name) { return (void *)GetProcAddress(lib, name); }
static int unload(library_t lib) { return FreeLibrary(lib) ? 0 : -1; }
static DWORD last_error(void) { return GetLastError(); }
static void sleep_ms(unsigned ms) { Sleep(ms); }
static void signal_blocked(void) { SetEvent(blocked_event); }
static void wait_blocked(void) { WaitForSingleObject(blocked_event, INFINITE); }
static DWORD WINAPI worker_main(void *arg);
static int init_blocked_signal(void)
{
    blocked_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    return blocked_event ? 0 : -1;
}
static int start_worker(void)
{
    if (init_blocked_signal() != 0)
        return -1;
    worker = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
    return worker ? 0 : -1;
}
static void join_worker(void) { WaitForSingleObject(worker, INFINITE); }
static int server_port(void)
{
    const char *env = getenv("WINHTTP_TEST_PORT");
    return env ? atoi(env) : 0;
}
#else
static sem_t blocked_sem;
static pthread_t worker;
/* volatile: kept reachable for LeakSanitizer; the server stops by itself
 * when this process exits (its stdin pipe closes). */
static struct testserver *volatile server;
static library_t load(const char *path) { return dlopen(path, RTLD_NOW | RTLD_LOCAL); }
static void *symbol(library_t lib, const char *name) { return dlsym(lib, name); }
static int unload(library_t lib) { return dlclose(lib); }
static __typeof__(GetLastError) *native_last_error;
static DWORD last_error(void) { return native_last_error(); }
static void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
static void signal_blocked(void) { sem_post(&blocked_sem); }
static void wait_blocked(void) { while (sem_wait(&blocked_sem) != 0) {} }
static void *worker_main(void *arg);
static int init_blocked_signal(void) { return sem_init(&blocked_sem, 0, 0); }
static int start_worker(void)
{
    if (init_blocked_signal() != 0)
        return -1;
    return pthread_create(&worker, NULL, worker_main, NULL);
}
static void join_worker(void) { pthread_join(worker, NULL); }
static int server_port(void)
{
    const char *env = getenv("WINHTTP_TEST_PORT");
    if (env && *env)
        return atoi(env);
    server = testserver_start(NULL);
    return server ? testserver_port(server) : 0;
}
#endif

/* ---- the test ------------------------------------------------------------ */
static void blocked_request(void)
{
    if (!api.send_request(request, NULL, 0, NULL, 0, 0, 0)) {
        printf("WinHttpSendRequest failed: %lu\n", (unsigned long)last_error());
        fflush(stdout);
        signal_blocked();
        return;
    }
    signal_blocked(); /* about to block: main gives it time to get in */
    receive_result = api.receive_response(request, NULL); /* blocks: /stall */
    receive_error = last_error();
}

/* Async mode: the send completes on one of the library's threads, which
 * asks for the response from inside the callback (the usual pattern); the
 * response never comes, so a receive stays pending in the engine. */
static void CALLBACK async_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx; (void)info; (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE) {
        if (!api.receive_response(h, NULL))
            printf("async WinHttpReceiveResponse failed: %lu\n", (unsigned long)last_error());
        signal_blocked();
    }
}

static int start_async_request(void)
{
    api.set_status_callback(request, async_callback, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    if (!api.send_request(request, NULL, 0, NULL, 0, 0, 0)) {
        printf("async WinHttpSendRequest failed: %lu\n", (unsigned long)last_error());
        return -1;
    }
    return 0;
}

#ifdef _WIN32
static DWORD WINAPI worker_main(void *arg) { (void)arg; blocked_request(); return 0; }
#else
static void *worker_main(void *arg) { (void)arg; blocked_request(); return NULL; }
#endif

static int resolve(library_t lib)
{
#define RESOLVE(field, name) \
    if (!(*(void **)&api.field = symbol(lib, name))) { printf("no %s\n", name); return -1; }
    RESOLVE(open, "WinHttpOpen");
    RESOLVE(connect, "WinHttpConnect");
    RESOLVE(open_request, "WinHttpOpenRequest");
    RESOLVE(send_request, "WinHttpSendRequest");
    RESOLVE(receive_response, "WinHttpReceiveResponse");
    RESOLVE(close_handle, "WinHttpCloseHandle");
    RESOLVE(set_status_callback, "WinHttpSetStatusCallback");
#ifndef _WIN32
    if (!(*(void **)&native_last_error = symbol(lib, "GetLastError")))
        return -1;
#endif
#undef RESOLVE
    return 0;
}

int main(int argc, char **argv)
{
#ifdef _WIN32
    const char *path = NULL;
    const char *mode = argc > 1 ? argv[1] : "";
#else
    const char *path = argc > 1 ? argv[1] : "";
    const char *mode = argc > 2 ? argv[2] : "";
#endif
    static const char *const modes[] = {"unload", "exit", "close-unload", "async-unload", "async-exit"};
    int known = 0;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        known |= !strcmp(mode, modes[i]);
    if (!known) {
        fprintf(stderr, "usage: unload_inflight [LIBRARY] unload|exit|close-unload|async-unload|async-exit\n");
        return 2;
    }
    int async = !strncmp(mode, "async-", 6);
    if (async)
        mode += 6;
    setvbuf(stdout, NULL, _IONBF, 0);
    int port = server_port();
    if (port <= 0) {
        printf("no test server\n");
        return 3;
    }
    library_t lib = load(path);
    if (!lib || resolve(lib) != 0) {
        printf("cannot load the library\n");
        return 3;
    }
    session = api.open(u"unload-test", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL,
                       async ? WINHTTP_FLAG_ASYNC : 0);
    connection = api.connect(session, u"127.0.0.1", (INTERNET_PORT)port, 0);
    request = api.open_request(connection, u"GET", u"/stall", NULL, NULL, NULL, 0);
    if (async) {
        /* The blocked-event/semaphore is set up by start_worker; the async
         * mode needs it too, without the worker. */
        if (!request || init_blocked_signal() != 0 || start_async_request() != 0) {
            printf("setup failed\n");
            return 3;
        }
    } else if (!request || start_worker() != 0) {
        printf("setup failed\n");
        return 3;
    }
    wait_blocked();
    sleep_ms(300); /* the worker is now inside WinHttpReceiveResponse (or,
                    * async, the receive is pending in the engine) */
    printf("request blocked\n");

    if (!strcmp(mode, "close-unload")) {
        if (!api.close_handle(request)) {
            printf("closing the request failed\n");
            return 1;
        }
        join_worker();
        printf("blocked call returned %d, error %lu\n", (int)receive_result, (unsigned long)receive_error);
        if (receive_result || receive_error != ERROR_WINHTTP_OPERATION_CANCELLED)
            return 1;
        api.close_handle(connection);
        api.close_handle(session);
    }
    if (strcmp(mode, "exit") != 0) {
        if (unload(lib) != 0) {
            printf("unload failed\n");
            return 1;
        }
        printf("unloaded\n");
    }
    printf("exiting\n");
    return 0;
}
