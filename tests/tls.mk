# tests/test_tls: certificate verification, protocol versions and TLS
# options against a GnuTLS server the test runs on loopback, with
# certificates it makes itself.  Included from the top-level Makefile.am.
check_LTLIBRARIES += tests/support/libtlstest.la
tests_support_libtlstest_la_SOURCES = tests/support/certgen.c tests/support/certgen.h \
	tests/support/connectproxy.c tests/support/connectproxy.h \
	tests/support/tlsserver.c tests/support/tlsserver.h
tests_support_libtlstest_la_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_support_libtlstest_la_LIBADD = $(GNUTLS_LIBS) -lpthread

check_PROGRAMS += tests/test_tls
TESTS += tests/test_tls
tests_test_tls_SOURCES = tests/test_tls.c
tests_test_tls_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_test_tls_LDADD = tests/support/libtlstest.la tests/support/librecorder.la \
	$(WINHTTP_TEST_LIBS) $(GNUTLS_LIBS)
