# tests/test_tls: certificate verification, protocol versions and TLS
# options against a GnuTLS server the test runs on loopback, with
# certificates it makes itself.  Included from the top-level Makefile.am.
# Also built with `all`: the soak (tools/soak) runs the same HTTPS server.
noinst_LTLIBRARIES += tests/support/libtlstest.la
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

check_PROGRAMS += tests/test_tls_client
TESTS += tests/test_tls_client
tests_test_tls_client_SOURCES = tests/test_tls_client.c
tests_test_tls_client_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_test_tls_client_LDADD = $(tests_test_tls_LDADD)

# The RSA key conversion used under Wine, tested natively.
check_PROGRAMS += tests/test_tls_key_blob
TESTS += tests/test_tls_key_blob
tests_test_tls_key_blob_SOURCES = tests/test_tls_key_blob.cpp dlls/winhttp/tls_key_blob.cpp
tests_test_tls_key_blob_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) -I$(top_srcdir)/dlls/winhttp $(GNUTLS_CFLAGS)
tests_test_tls_key_blob_LDADD = $(CMOCKA_LIBS) $(GNUTLS_LIBS)

# Needs Debian's openssl (tools/install-deps) to make OCSP responses.
check_PROGRAMS += tests/test_tls_ocsp
TESTS += tests/test_tls_ocsp
tests_test_tls_ocsp_SOURCES = tests/test_tls_ocsp.c
tests_test_tls_ocsp_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_test_tls_ocsp_LDADD = $(tests_test_tls_LDADD)

# tests/wine/tls.sh: HTTPS under Wine with our builtin: tls.exe (mingw-w64)
# against tls-server (native), for what only Wine shows (crypt32's
# CertFreeCertificateContext, kernel32's LocalFree, PE callbacks).
EXTRA_DIST += tests/wine/tls.c tests/wine/tls.sh
if WITH_MINGW
if WITH_WINE
check_PROGRAMS += tests/wine/tls-server
tests_wine_tls_server_SOURCES = tests/wine/tls_server_main.c
tests_wine_tls_server_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_wine_tls_server_LDADD = tests/support/libtlstest.la

tests/wine/tls.exe: $(top_srcdir)/tests/wine/tls.c
	@$(MKDIR_P) tests/wine
	$(AM_V_CC)$(MINGW_CC) -std=gnu11 -O2 -Wall -Wextra -o $@ $(top_srcdir)/tests/wine/tls.c -lwinhttp -lcrypt32
check_DATA += tests/wine/tls.exe
CLEANFILES += tests/wine/tls.exe
# Runs beside smoke.sh: wine-run stops the wineserver only when no other
# wine-run uses the prefix.
TESTS += tests/wine/tls.sh
endif
endif
