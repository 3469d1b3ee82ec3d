/* A ported program linked against another last-error provider first and
 * libwinhttp.so second, so its GetLastError binds to the other provider.
 * Our library must then report its errors through that provider
 * (DESIGN.md §6): the program sees WinHTTP's errors, on every thread. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "winhttp.h"

extern unsigned lasterror_provider_sets;
static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

static const char *provider_of(const void *fn)
{
    Dl_info info;
    if (!dladdr(fn, &info) || !info.dli_fname)
        return "?";
    const char *slash = strrchr(info.dli_fname, '/');
    return slash ? slash + 1 : info.dli_fname;
}

static void *other_thread(void *arg)
{
    (void)arg;
    /* A fresh thread: the error set here stays on this thread. */
    SetLastError(0xdeadbeef);
    WinHttpCrackUrl(u"ftp://example.com/", 0, 0, NULL);
    return (void *)(uintptr_t)GetLastError();
}

int main(void)
{
    char line[200];
    snprintf(line, sizeof line, "GetLastError binds to liblasterror.so (it binds to %s)",
             provider_of((const void *)GetLastError));
    check(strncmp(provider_of((const void *)GetLastError), "liblasterror.so", 15) == 0, line);
    check(strncmp(provider_of((const void *)WinHttpOpen), "libwinhttp.so", 13) == 0,
          "WinHttpOpen binds to libwinhttp.so");

    unsigned sets_before = lasterror_provider_sets;
    SetLastError(0xdeadbeef);
    check(!WinHttpCloseHandle(NULL), "WinHttpCloseHandle(NULL) fails");
    check(GetLastError() == ERROR_INVALID_HANDLE, "the program sees ERROR_INVALID_HANDLE");
    check(lasterror_provider_sets > sets_before + 1, "libwinhttp.so called the provider's SetLastError");

    HINTERNET s = WinHttpOpen(u"lasterror", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    check(s && GetLastError() == ERROR_SUCCESS, "success is reported as ERROR_SUCCESS");
    WinHttpCloseHandle(s);

    /* libwinhttp.so's own GetLastError export reads the same value. */
    void *lib = dlopen("libwinhttp.so.0", RTLD_NOW | RTLD_NOLOAD);
    DWORD (WINAPI *ours)(void) = lib ? (DWORD (WINAPI *)(void))dlsym(lib, "GetLastError") : NULL;
    SetLastError(4242);
    check(ours && ours() == 4242, "libwinhttp.so's GetLastError returns the provider's value");
    if (lib)
        dlclose(lib);

    pthread_t t;
    void *result = NULL;
    SetLastError(1);
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, &result);
    check((DWORD)(uintptr_t)result == ERROR_INVALID_PARAMETER, "another thread sees its own error");
    check(GetLastError() == 1, "this thread's value is untouched");

    printf("%s\n", failures ? "FAILED" : "PASSED");
    return failures ? 1 : 0;
}
