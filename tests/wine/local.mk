# tests/wine/local.mk: the PE smoke test, built with mingw-w64 and run under
# Wine against our builtin (tools/wine-run).  Included unconditionally from
# the top-level Makefile.am (non-recursive; paths relative to the top).
# Expected before the include: TESTS, check_DATA, CLEANFILES, EXTRA_DIST
# defined with "=" (may be empty); MINGW_CC, WITH_MINGW, WITH_WINE from
# m4/wine.m4.

EXTRA_DIST += tests/wine/smoke.c tests/wine/smoke.sh tests/wine/README.md tools/wine-run

if WITH_MINGW
MINGW_CFLAGS = -std=gnu11 -O2 -Wall -Wextra

tests/wine/smoke.exe: $(top_srcdir)/tests/wine/smoke.c
	@$(MKDIR_P) tests/wine
	$(AM_V_CC)$(MINGW_CC) $(MINGW_CFLAGS) -o $@ $(top_srcdir)/tests/wine/smoke.c -lwinhttp

check_DATA += tests/wine/smoke.exe
CLEANFILES += tests/wine/smoke.exe

if WITH_WINE
TESTS += tests/wine/smoke.sh
check_DATA += dlls/winhttp/winhttp.dll.so

# Not a test (make wine-compare-smoke): runs smoke.exe against our builtin and against Wine's own
# winhttp, side by side, to see where they differ.
wine-compare-smoke: tests/wine/smoke.exe dlls/winhttp/winhttp.dll.so
	-$(top_srcdir)/tools/wine-run --builtin dlls/winhttp/winhttp.dll.so --verify \
		tests/wine/smoke.exe > tests/wine/smoke-ours.txt 2>&1
	-$(top_srcdir)/tools/wine-run --wine-builtin --verify --kill-server \
		tests/wine/smoke.exe > tests/wine/smoke-wine.txt 2>&1
	-diff -u tests/wine/smoke-wine.txt tests/wine/smoke-ours.txt
CLEANFILES += tests/wine/smoke-ours.txt tests/wine/smoke-wine.txt
endif
endif
