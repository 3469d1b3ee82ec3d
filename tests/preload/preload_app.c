/* A "ported program" linked against the stub provider (libwinhttpstub.so),
 * not against our library.  preload.sh runs it twice:
 *
 *   preload_app stub   plain run: the stub must answer (proves the program
 *                      really is bound to the other provider);
 *   preload_app ours   under LD_PRELOAD=libwinhttp.so: every function must
 *                      be ours, by address (dladdr) and by behaviour.
 *
 * Exit status 0 when every check holds; each failed check is printed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "winhttp.h"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* The file name of the shared object that holds fn. */
static const char *provider_of(const void *fn)
{
    Dl_info info;
    if (!dladdr(fn, &info) || !info.dli_fname)
        return "?";
    const char *slash = strrchr(info.dli_fname, '/');
    return slash ? slash + 1 : info.dli_fname;
}

static int from(const void *fn, const char *lib)
{
    return strncmp(provider_of(fn), lib, strlen(lib)) == 0;
}

static void expect_stub(void)
{
    check(from((const void *)WinHttpOpen, "libwinhttpstub.so"), "WinHttpOpen comes from libwinhttpstub.so");
    check(!WinHttpCheckPlatform(), "stub: WinHttpCheckPlatform() is FALSE");
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    check(WinHttpCrackUrl(u"http://example.com:8080/", 0, 0, &uc) && uc.nPort == 1, "stub: port 1");
}

static void expect_ours(void)
{
    static const struct { const char *name; const void *fn; } fns[] = {
        {"WinHttpOpen", (const void *)WinHttpOpen},
        {"WinHttpCloseHandle", (const void *)WinHttpCloseHandle},
        {"WinHttpCheckPlatform", (const void *)WinHttpCheckPlatform},
        {"WinHttpCrackUrl", (const void *)WinHttpCrackUrl},
    };
    char line[160];
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        snprintf(line, sizeof line, "%s comes from libwinhttp.so (it comes from %s)", fns[i].name,
                 provider_of(fns[i].fn));
        check(from(fns[i].fn, "libwinhttp.so"), line);
    }
    check(WinHttpCheckPlatform() == TRUE, "WinHttpCheckPlatform() is TRUE");

    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwHostNameLength = (DWORD)-1;
    check(WinHttpCrackUrl(u"http://example.com:8080/", 0, 0, &uc) && uc.nPort == 8080 &&
              uc.dwHostNameLength == 11,
          "WinHttpCrackUrl gives port 8080 and an 11-character host");

    HINTERNET s = WinHttpOpen(u"preload", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    check(s != NULL && s != (HINTERNET)(uintptr_t)0x57ab0000, "WinHttpOpen gives a handle of ours");
    check(WinHttpCloseHandle(s), "WinHttpCloseHandle accepts it");
    check(from((const void *)GetLastError, "libwinhttp.so"), "GetLastError comes from libwinhttp.so");
    SetLastError(0xdeadbeef);
    check(!WinHttpCloseHandle(s) && GetLastError() == ERROR_INVALID_HANDLE,
          "closing it again fails with ERROR_INVALID_HANDLE");
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "stub") && strcmp(argv[1], "ours"))) {
        fprintf(stderr, "usage: preload_app stub|ours\n");
        return 2;
    }
    if (!strcmp(argv[1], "stub"))
        expect_stub();
    else
        expect_ours();
    printf("%s\n", failures ? "FAILED" : "PASSED");
    return failures ? 1 : 0;
}
