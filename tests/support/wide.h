/* UTF-16 helpers shared by the C tests. */
#ifndef TESTS_WIDE_H
#define TESTS_WIDE_H
#include <stdio.h>
#include "winhttp.h"

static inline DWORD wlen(const WCHAR *s)
{
    DWORD n = 0;
    while (s[n])
        n++;
    return n;
}

/* ASCII rendering of UTF-16 text, so that CMocka's failure messages show
 * both strings; other characters appear as \uXXXX. */
static inline const char *show(const WCHAR *s, size_t n)
{
    static char pool[8][1024];
    static unsigned next;
    char *out = pool[next++ % 8];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 8 < sizeof pool[0]; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f)
            out[o++] = (char)s[i];
        else
            o += (size_t)snprintf(out + o, sizeof pool[0] - o, "\\u%04x", s[i]);
    }
    out[o] = 0;
    return out;
}
#endif
