# Seeing the request leave without curl's VERBOSE debug hook (small
# plain-HTTP requests; request_sent_watch.h).  Part of the core objects
# shared with the Wine builtin.  Included from the top-level Makefile.am
# after dlls/winhttp/engine.mk.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/request_sent_watch.cpp \
	dlls/winhttp/request_sent_watch.h
