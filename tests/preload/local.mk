# tests/preload: LD_PRELOAD=libwinhttp.so over another provider of the API.
# A deliberately wrong stub provider (a real shared library, not installed)
# and a program linked against it; preload.sh runs the program without and
# with LD_PRELOAD.  Included from the top-level Makefile.am.

check_LTLIBRARIES += tests/preload/libwinhttpstub.la
tests_preload_libwinhttpstub_la_SOURCES = tests/preload/stub_provider.c
tests_preload_libwinhttpstub_la_CPPFLAGS = -I$(top_srcdir)/include
# -rpath makes libtool build a shared library for a check_ library.
tests_preload_libwinhttpstub_la_LDFLAGS = -rpath $(abs_builddir)/tests/preload -avoid-version

check_PROGRAMS += tests/preload/preload_app
tests_preload_preload_app_SOURCES = tests/preload/preload_app.c
tests_preload_preload_app_CPPFLAGS = -I$(top_srcdir)/include
tests_preload_preload_app_LDADD = tests/preload/libwinhttpstub.la -ldl
# A real executable (no libtool wrapper script), so LD_PRELOAD reaches
# only the program.
tests_preload_preload_app_LDFLAGS = -no-install

TESTS += tests/preload/preload.sh
EXTRA_DIST += tests/preload/preload.sh

# GetLastError deferring to another provider loaded before us (DESIGN.md §6):
# the program links liblasterror.so first, libwinhttp.so second.
check_LTLIBRARIES += tests/preload/liblasterror.la
tests_preload_liblasterror_la_SOURCES = tests/preload/lasterror_provider.c
tests_preload_liblasterror_la_CPPFLAGS = -I$(top_srcdir)/include
tests_preload_liblasterror_la_LDFLAGS = -rpath $(abs_builddir)/tests/preload -avoid-version

check_PROGRAMS += tests/preload/lasterror_app
TESTS += tests/preload/lasterror_app
tests_preload_lasterror_app_SOURCES = tests/preload/lasterror_app.c
tests_preload_lasterror_app_CPPFLAGS = -I$(top_srcdir)/include
tests_preload_lasterror_app_LDADD = tests/preload/liblasterror.la dlls/winhttp/libwinhttp.la \
	-ldl -lpthread
