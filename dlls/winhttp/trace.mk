# The WINEDEBUG=+winhttp trace (trace.h), part of the core objects shared by
# libwinhttp.so and winhttp.dll.so.  Included from the top-level Makefile.am
# after dlls/winhttp/local.mk.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/trace.cpp \
	dlls/winhttp/trace.h
