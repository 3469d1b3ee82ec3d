// The credential options of a request handle: WINHTTP_OPTION_USERNAME,
// PASSWORD, PROXY_USERNAME, PROXY_PASSWORD (strings the engine answers a
// Basic or Digest challenge with, auth_transfer.h) and AUTOLOGON_POLICY
// (stored and reported; it governs the logged-on user's credentials for
// NTLM/Negotiate, which this library does not send).
#pragma once
#include "object.h"

namespace winhttp::auth {

bool query_username(object &o, LPVOID b, LPDWORD l);
bool set_username(object &o, LPVOID b, DWORD l);
bool query_password(object &o, LPVOID b, LPDWORD l);
bool set_password(object &o, LPVOID b, DWORD l);
bool query_proxy_username(object &o, LPVOID b, LPDWORD l);
bool set_proxy_username(object &o, LPVOID b, DWORD l);
bool query_proxy_password(object &o, LPVOID b, LPDWORD l);
bool set_proxy_password(object &o, LPVOID b, DWORD l);
bool set_autologon_policy(object &o, LPVOID b, DWORD l);

}  // namespace winhttp::auth
