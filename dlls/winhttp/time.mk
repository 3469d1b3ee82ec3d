# HTTP dates (WinHttpTimeFromSystemTime, WinHttpTimeToSystemTime) and
# WinHttpCheckPlatform, part of the core objects shared by the native library
# and the Wine builtin.  Included from the top-level Makefile.am.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/time.cpp \
	dlls/winhttp/http_time.h \
	dlls/winhttp/platform.cpp
