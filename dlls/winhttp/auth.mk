# Authentication: WinHttpQueryAuthSchemes, WinHttpSetCredentials, the
# credential options, and Basic/Digest answers (the engine answers a
# 401/407 itself when the request's credentials fit).  Included from the
# top-level Makefile.am.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/api_auth.cpp \
	dlls/winhttp/auth_challenge.cpp \
	dlls/winhttp/auth_challenge.h \
	dlls/winhttp/auth_header.cpp \
	dlls/winhttp/auth_header.h \
	dlls/winhttp/auth_options.cpp \
	dlls/winhttp/auth_options.h \
	dlls/winhttp/auth_state.h \
	dlls/winhttp/auth_transfer.cpp \
	dlls/winhttp/auth_transfer.h
