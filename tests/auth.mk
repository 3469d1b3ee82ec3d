# tests/test_auth: WinHttpQueryAuthSchemes, WinHttpSetCredentials and the
# credential options against the test server's /auth routes.
check_PROGRAMS += tests/test_auth
TESTS += tests/test_auth
tests_test_auth_SOURCES = tests/test_auth.c
tests_test_auth_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_auth_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la tests/support/librecorder.la $(WINHTTP_TEST_LIBS)

# tests/test_auth_tunnel: proxy credentials with an HTTPS tunnel's CONNECT,
# against the loopback CONNECT proxy and TLS server of tests/tls.mk.
check_PROGRAMS += tests/test_auth_tunnel
TESTS += tests/test_auth_tunnel
tests_test_auth_tunnel_SOURCES = tests/test_auth_tunnel.c
tests_test_auth_tunnel_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_test_auth_tunnel_LDADD = tests/support/libtlstest.la $(WINHTTP_TEST_LIBS) $(GNUTLS_LIBS)
