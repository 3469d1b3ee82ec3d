// WinHttpCheckPlatform: every host this library builds for is supported.
//
// The documentation only promises TRUE on a supported platform; like the
// other WinHTTP calls since Windows 7, it also sets the last error to
// ERROR_SUCCESS.
#include "host.h"
#include "trace.h"
#include "winhttp.h"

extern "C" BOOL WINAPI WinHttpCheckPlatform(void)
{
    winhttp::host::set_last_error(ERROR_SUCCESS);
    return winhttp::trace::returned(__func__, TRUE);
}
