# Automake fragment for the loopback test server and its C test fixture.
# Included from the top-level Makefile.am (non-recursive build), so all paths
# are relative to the top of the tree. The top file must define, before the
# include: noinst_PROGRAMS, check_LTLIBRARIES and EXTRA_DIST (empty is fine),
# and configure.ac must enable C++ (AC_PROG_CXX) and libtool (LT_INIT).
#
#   tools/testserver/winhttp-testserver   the server (C++17, libc + pthreads)
#   tests/support/libtestserver.la        fixture that forks/execs it (C)
#
# A test program uses the fixture with
#   <test>_CPPFLAGS = -I$(top_srcdir)/tests/support
#   <test>_LDADD    = tests/support/libtestserver.la
# The fixture finds the server through $WINHTTP_TESTSERVER or, by default, the
# build tree's copy (TESTSERVER_DEFAULT_PATH below). `make check` builds the
# server first, since noinst_PROGRAMS belong to `all`.

noinst_PROGRAMS += tools/testserver/winhttp-testserver

tools_testserver_winhttp_testserver_SOURCES = \
	tools/testserver/base64.cpp \
	tools/testserver/base64.h \
	tools/testserver/body_decoder.cpp \
	tools/testserver/body_decoder.h \
	tools/testserver/buffer.cpp \
	tools/testserver/buffer.h \
	tools/testserver/compressed_bodies.cpp \
	tools/testserver/compressed_bodies.h \
	tools/testserver/connection.cpp \
	tools/testserver/connection.h \
	tools/testserver/event_loop.cpp \
	tools/testserver/event_loop.h \
	tools/testserver/exchange.cpp \
	tools/testserver/exchange.h \
	tools/testserver/http_date.cpp \
	tools/testserver/http_date.h \
	tools/testserver/http_parser.cpp \
	tools/testserver/http_parser.h \
	tools/testserver/listener.cpp \
	tools/testserver/listener.h \
	tools/testserver/md5.cpp \
	tools/testserver/md5.h \
	tools/testserver/main.cpp \
	tools/testserver/options.cpp \
	tools/testserver/options.h \
	tools/testserver/pattern.cpp \
	tools/testserver/pattern.h \
	tools/testserver/pattern_producer.cpp \
	tools/testserver/pattern_producer.h \
	tools/testserver/query.cpp \
	tools/testserver/query.h \
	tools/testserver/request.cpp \
	tools/testserver/request.h \
	tools/testserver/response.cpp \
	tools/testserver/response.h \
	tools/testserver/route_handlers.h \
	tools/testserver/routes.cpp \
	tools/testserver/routes.h \
	tools/testserver/routes_auth.cpp \
	tools/testserver/routes_basic.cpp \
	tools/testserver/routes_body.cpp \
	tools/testserver/routes_malformed.cpp \
	tools/testserver/routes_redirect.cpp \
	tools/testserver/routes_stream.cpp \
	tools/testserver/routes_timing.cpp \
	tools/testserver/sha256.cpp \
	tools/testserver/sha256.h \
	tools/testserver/sha1.cpp \
	tools/testserver/sha1.h \
	tools/testserver/strutil.cpp \
	tools/testserver/strutil.h \
	tools/testserver/transport.cpp \
	tools/testserver/transport.h \
	tools/testserver/tuning.h \
	tools/testserver/websocket.cpp \
	tools/testserver/websocket.h

tools_testserver_winhttp_testserver_CXXFLAGS = $(AM_CXXFLAGS) -std=c++17 -pthread
tools_testserver_winhttp_testserver_LDFLAGS = $(AM_LDFLAGS) -pthread

check_LTLIBRARIES += tests/support/libtestserver.la

TESTSERVER_DEFAULT_PATH = $(abs_top_builddir)/tools/testserver/winhttp-testserver$(EXEEXT)

tests_support_libtestserver_la_SOURCES = \
	tests/support/testserver.c \
	tests/support/testserver.h
tests_support_libtestserver_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DWINHTTP_TESTSERVER_DEFAULT='"$(TESTSERVER_DEFAULT_PATH)"'

EXTRA_DIST += tools/testserver/README.md
