# tests/test_headers: WinHttpQueryHeaders(Ex) and WinHttpAddRequestHeaders(Ex)
# against the loopback test server.  Included from the top-level Makefile.am.
check_PROGRAMS += tests/test_headers
TESTS += tests/test_headers
tests_test_headers_SOURCES = tests/test_headers.c
tests_test_headers_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_headers_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS)
