# tests/test_time: WinHttpTimeFromSystemTime, WinHttpTimeToSystemTime and
# WinHttpCheckPlatform.  Included from the top-level Makefile.am.
check_PROGRAMS += tests/test_time
TESTS += tests/test_time
tests_test_time_SOURCES = tests/test_time.c
tests_test_time_LDADD = $(WINHTTP_TEST_LIBS)
tests_test_time_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
