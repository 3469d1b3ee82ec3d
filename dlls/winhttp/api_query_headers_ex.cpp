// WinHttpQueryHeadersEx: not yet.
#include "api.h"

using namespace winhttp;

extern "C" DWORD WINAPI WinHttpQueryHeadersEx(HINTERNET, DWORD, ULONGLONG, UINT, PDWORD,
                                              PWINHTTP_HEADER_NAME, PVOID, PDWORD,
                                              PWINHTTP_EXTENDED_HEADER *, PDWORD)
{
    return fail<DWORD>(ERROR_CALL_NOT_IMPLEMENTED, ERROR_CALL_NOT_IMPLEMENTED);
}
