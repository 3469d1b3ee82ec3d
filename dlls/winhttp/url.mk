# URL cracking and creation: WinHttpCrackUrl, WinHttpCreateUrl.
# Included from the top-level Makefile.am after local.mk defines the core
# convenience library; these objects go into both the native library and the
# Wine builtin through it.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/url_common.h \
	dlls/winhttp/url_crack.cpp \
	dlls/winhttp/url_create.cpp \
	dlls/winhttp/url_escape.cpp \
	dlls/winhttp/url_escape.h
