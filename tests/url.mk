# tests/test_url_crack and tests/test_url_create: WinHttpCrackUrl and
# WinHttpCreateUrl against Windows' documented and observed behaviour.
# Included from the top-level Makefile.am.
check_PROGRAMS += tests/test_url_crack tests/test_url_create
TESTS += tests/test_url_crack tests/test_url_create
tests_test_url_crack_SOURCES = tests/test_url_crack.c tests/support/wide.h
tests_test_url_crack_LDADD = $(WINHTTP_TEST_LIBS)
tests_test_url_crack_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_url_create_SOURCES = tests/test_url_create.c
tests_test_url_create_LDADD = $(WINHTTP_TEST_LIBS)
tests_test_url_create_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
