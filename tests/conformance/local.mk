# tests/conformance: one set of conformance sources, two builds.
#   tests/conformance/conformance       native, CMocka, run by `make check`
#   tests/conformance/conformance.exe   PE, mingw-w64 + mingw's -lwinhttp,
#                                       run under Wine against our builtin by
#                                       tests/conformance/wine-ours.sh
# `make wine-compare` runs the PE program against our builtin and against
# Wine's own and writes tests/conformance/wine-compare.txt.
# Included from the top-level Makefile.am; paths are relative to the top.

CONFORMANCE_SOURCES = \
	tests/conformance/conformance.h \
	tests/conformance/conf_runner.c \
	tests/conformance/conf_recorder.c \
	tests/conformance/conf_recorder.h \
	tests/conformance/conf_handles.c \
	tests/conformance/conf_callbacks.c \
	tests/conformance/conf_options.c \
	tests/conformance/conf_url.c \
	tests/conformance/conf_time.c \
	tests/conformance/conf_request.c \
	tests/conformance/conf_proxy.c \
	tests/conformance/conf_websocket.c

check_PROGRAMS += tests/conformance/conformance
TESTS += tests/conformance/conformance
tests_conformance_conformance_SOURCES = $(CONFORMANCE_SOURCES)
tests_conformance_conformance_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_conformance_conformance_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS)

EXTRA_DIST += tests/conformance/run-wine.sh tests/conformance/wine-ours.sh \
	tests/conformance/wine-compare.sh tests/conformance/README.md

if WITH_MINGW
CONFORMANCE_PE_C_FILES = $(filter %.c,$(CONFORMANCE_SOURCES))
tests/conformance/conformance.exe: $(addprefix $(top_srcdir)/,$(CONFORMANCE_SOURCES))
	@$(MKDIR_P) tests/conformance
	$(AM_V_CC)$(MINGW_CC) -std=gnu11 -O1 -g -Wall -Wextra -D__USE_MINGW_ANSI_STDIO=1 -o $@ \
		$(addprefix $(top_srcdir)/,$(CONFORMANCE_PE_C_FILES)) -lwinhttp
check_DATA += tests/conformance/conformance.exe
CLEANFILES += tests/conformance/conformance.exe

if WITH_WINE
TESTS += tests/conformance/wine-ours.sh

wine-compare: tests/conformance/conformance.exe dlls/winhttp/winhttp.dll.so \
		tools/testserver/winhttp-testserver$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/conformance/wine-compare.sh \
		tests/conformance/conformance.exe dlls/winhttp/winhttp.dll.so \
		tests/conformance/wine-compare.txt
	@cat tests/conformance/wine-compare.txt
CLEANFILES += tests/conformance/wine-compare.txt tests/conformance/wine-ours.out \
	tests/conformance/wine-wine.out
endif
endif
