# Proxy configuration kept outside sessions: WinHttpGet/SetDefaultProxyConfiguration,
# WinHttpGetIEProxyConfigForCurrentUser, WinHttpIsHostInProxyBypassList.
# Included from the top-level Makefile.am; part of the core objects shared
# with the Wine builtin.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/api_proxy_config.cpp \
	dlls/winhttp/proxy_bypass.cpp \
	dlls/winhttp/proxy_bypass.h \
	dlls/winhttp/proxy_config.cpp \
	dlls/winhttp/proxy_config.h
