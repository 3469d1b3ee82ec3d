# tests/test_proxy_config: the default and current-user proxy configurations
# and the bypass-list test.
check_PROGRAMS += tests/test_proxy_config
TESTS += tests/test_proxy_config
tests_test_proxy_config_SOURCES = tests/test_proxy_config.c
tests_test_proxy_config_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_proxy_config_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)
