# tests/trace: the WINEDEBUG=+winhttp trace (dlls/winhttp/trace.*).
# Included from the top-level Makefile.am.
check_PROGRAMS += tests/trace/test_trace_parse
TESTS += tests/trace/test_trace_parse tests/trace/trace.sh
tests_trace_test_trace_parse_SOURCES = tests/trace/test_trace_parse.cpp \
	dlls/winhttp/trace.cpp dlls/winhttp/host_native.cpp
tests_trace_test_trace_parse_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) -I$(top_srcdir)/dlls/winhttp
tests_trace_test_trace_parse_LDADD = $(CMOCKA_LIBS) -lpthread
EXTRA_DIST += tests/trace/trace.sh tests/trace/trace-wine.sh

if WITH_MINGW
if WITH_WINE
TESTS += tests/trace/trace-wine.sh
endif
endif
