# The soak (tools/soak/main.c): mixed async and sync traffic with requests
# closed at random points, checked against WinHTTP's invariants.  Built with
# `all` so that it cannot rot; run only by these targets (a long run is not
# a unit test):
#
#   make soak                            30 s in this build
#   make soak SOAK_ARGS="--seconds 600"  longer; --help lists the options
#   make soak-asan / make soak-tsan      the same, built with ASan+UBSan or
#                                        TSan in build-asan / build-tsan
noinst_PROGRAMS += tools/soak/winhttp-soak
tools_soak_winhttp_soak_SOURCES = \
	tools/soak/soak.h \
	tools/soak/main.c \
	tools/soak/scenarios.c \
	tools/soak/async_side.c \
	tools/soak/sync_side.c \
	tools/soak/meddler.c \
	tools/soak/tls_server.c \
	tests/support/testserver.c \
	tests/support/testserver.h
tools_soak_winhttp_soak_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/tests/support $(GNUTLS_CFLAGS) \
	-DWINHTTP_TESTSERVER_DEFAULT='"$(abs_top_builddir)/tools/testserver/winhttp-testserver$(EXEEXT)"'
tools_soak_winhttp_soak_LDADD = dlls/winhttp/libwinhttp.la tests/support/libtlstest.la $(GNUTLS_LIBS) -lpthread

SOAK_ARGS =
soak: tools/soak/winhttp-soak$(EXEEXT) tools/testserver/winhttp-testserver$(EXEEXT)
	tools/soak/winhttp-soak $(SOAK_ARGS)
soak-asan:
	$(MAKE) -f $(srcdir)/tools/sanitize.mk SANITIZER=asan goal=soak SOAK_ARGS="$(SOAK_ARGS)"
soak-tsan:
	$(MAKE) -f $(srcdir)/tools/sanitize.mk SANITIZER=tsan goal=soak SOAK_ARGS="$(SOAK_ARGS)"
.PHONY: soak soak-asan soak-tsan

# A 5-second run inside make check (and so under the sanitizers too).
TESTS += tests/test_soak_short.sh
EXTRA_DIST += tests/test_soak_short.sh
