/* Another provider of Windows' last-error value (as a Windows compatibility
 * layer would export it), loaded before libwinhttp.so.  Thread-local, like
 * the real thing, and counting its calls so that the test can see them. */
#include "winhttp.h"

static __thread DWORD value;
unsigned lasterror_provider_sets;

DWORD WINAPI GetLastError(void) { return value; }

void WINAPI SetLastError(DWORD code)
{
    __atomic_add_fetch(&lasterror_provider_sets, 1, __ATOMIC_RELAXED);
    value = code;
}
