# tests/exit: exit and unload with a request in flight, natively (dlclose)
# and under Wine (FreeLibrary).  One source, unload_inflight.c, two builds.
# Included from the top-level Makefile.am.
check_PROGRAMS += tests/exit/unload_inflight
tests_exit_unload_inflight_SOURCES = tests/exit/unload_inflight.c
tests_exit_unload_inflight_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/tests/support
# Not linked against libwinhttp: the program dlopen()s it.
tests_exit_unload_inflight_LDADD = tests/support/libtestserver.la -ldl -lpthread
tests_exit_unload_inflight_LDFLAGS = -no-install
TESTS += tests/exit/exit.sh
EXTRA_DIST += tests/exit/exit.sh tests/exit/exit-wine.sh

if WITH_MINGW
tests/exit/unload_inflight.exe: $(top_srcdir)/tests/exit/unload_inflight.c
	@$(MKDIR_P) tests/exit
	$(AM_V_CC)$(MINGW_CC) -std=gnu11 -O1 -g -Wall -Wextra -o $@ $(top_srcdir)/tests/exit/unload_inflight.c
check_DATA += tests/exit/unload_inflight.exe
CLEANFILES += tests/exit/unload_inflight.exe
if WITH_WINE
TESTS += tests/exit/exit-wine.sh
endif
endif
