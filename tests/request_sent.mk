# tests/test_request_sent: REQUEST_SENT's byte count is what the server
# received, for small requests (followed without curl's debug hook) and
# for requests too large for one send.  Included from the top-level
# Makefile.am.
check_PROGRAMS += tests/test_request_sent
TESTS += tests/test_request_sent
tests_test_request_sent_SOURCES = tests/test_request_sent.c
tests_test_request_sent_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_request_sent_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS)
