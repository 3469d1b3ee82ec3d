// Entry points that later work implements (the README's status table lists
// them).  Until then each fails the Windows way with ERROR_CALL_NOT_IMPLEMENTED,
// never a pretend success: BOOL functions return FALSE, handle functions
// NULL, and functions that return an error code return that code.
#include "api.h"

using namespace winhttp;

namespace {
// `api` is the calling export's name, for the trace.
template <class R>
R not_implemented(const char *api = __builtin_FUNCTION())
{
    return trace::returned(api, fail(ERROR_CALL_NOT_IMPLEMENTED, R()));
}
DWORD not_implemented_code(const char *api = __builtin_FUNCTION())
{
    return trace::returned(api, fail<DWORD>(ERROR_CALL_NOT_IMPLEMENTED, ERROR_CALL_NOT_IMPLEMENTED));
}
// The Free* functions have nothing to return: nothing else here can have
// handed out memory for them to free, so they only report the error.
void not_implemented_void(const char *api = __builtin_FUNCTION())
{
    host::set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
    trace::returned(api, 0);
}
}  // namespace

extern "C" {

// ---- requests (engine issue) ----
DWORD WINAPI WinHttpQueryConnectionGroup(HINTERNET, const GUID *, ULONGLONG, PWINHTTP_QUERY_CONNECTION_GROUP_RESULT *) { return not_implemented_code(); }
VOID WINAPI WinHttpFreeQueryConnectionGroupResult(WINHTTP_QUERY_CONNECTION_GROUP_RESULT *) { not_implemented_void(); }

// ---- proxy configuration and resolution ----
DWORD WINAPI WinHttpCreateProxyResolver(HINTERNET, HINTERNET *) { return not_implemented_code(); }
BOOL WINAPI WinHttpDetectAutoProxyConfigUrl(DWORD, LPWSTR *) { return not_implemented<BOOL>(); }
VOID WINAPI WinHttpFreeProxyResult(WINHTTP_PROXY_RESULT *) { not_implemented_void(); }
VOID WINAPI WinHttpFreeProxyResultEx(WINHTTP_PROXY_RESULT_EX *) { not_implemented_void(); }
VOID WINAPI WinHttpFreeProxySettings(WINHTTP_PROXY_SETTINGS *) { not_implemented_void(); }
DWORD WINAPI WinHttpFreeProxySettingsEx(WINHTTP_PROXY_SETTINGS_TYPE, PVOID) { return not_implemented_code(); }
BOOL WINAPI WinHttpGetProxyForUrl(HINTERNET, LPCWSTR, WINHTTP_AUTOPROXY_OPTIONS *, WINHTTP_PROXY_INFO *) { return not_implemented<BOOL>(); }
DWORD WINAPI WinHttpGetProxyForUrlEx(HINTERNET, PCWSTR, WINHTTP_AUTOPROXY_OPTIONS *, DWORD_PTR) { return not_implemented_code(); }
DWORD WINAPI WinHttpGetProxyForUrlEx2(HINTERNET, PCWSTR, WINHTTP_AUTOPROXY_OPTIONS *, DWORD, BYTE *, DWORD_PTR) { return not_implemented_code(); }
DWORD WINAPI WinHttpGetProxyResult(HINTERNET, WINHTTP_PROXY_RESULT *) { return not_implemented_code(); }
DWORD WINAPI WinHttpGetProxyResultEx(HINTERNET, WINHTTP_PROXY_RESULT_EX *) { return not_implemented_code(); }
DWORD WINAPI WinHttpGetProxySettingsEx(HINTERNET, WINHTTP_PROXY_SETTINGS_TYPE, PWINHTTP_PROXY_SETTINGS_PARAM, DWORD_PTR) { return not_implemented_code(); }
DWORD WINAPI WinHttpGetProxySettingsResultEx(HINTERNET, PVOID) { return not_implemented_code(); }
DWORD WINAPI WinHttpGetProxySettingsVersion(HINTERNET, DWORD *) { return not_implemented_code(); }
DWORD WINAPI WinHttpReadProxySettings(HINTERNET, PCWSTR, BOOL, BOOL, DWORD *, BOOL *, WINHTTP_PROXY_SETTINGS *) { return not_implemented_code(); }
DWORD WINAPI WinHttpWriteProxySettings(HINTERNET, BOOL, WINHTTP_PROXY_SETTINGS *) { return not_implemented_code(); }
DWORD WINAPI WinHttpSetProxySettingsPerUser(BOOL) { return not_implemented_code(); }
DWORD WINAPI WinHttpResetAutoProxy(HINTERNET, DWORD) { return not_implemented_code(); }
DWORD WINAPI WinHttpRegisterProxyChangeNotification(ULONGLONG, WINHTTP_PROXY_CHANGE_CALLBACK, PVOID, WINHTTP_PROXY_CHANGE_NOTIFICATION_HANDLE *) { return not_implemented_code(); }
DWORD WINAPI WinHttpUnregisterProxyChangeNotification(WINHTTP_PROXY_CHANGE_NOTIFICATION_HANDLE) { return not_implemented_code(); }

}  // extern "C"
