# The foundation's native tests (CMocka) and build checks.
check_LTLIBRARIES += tests/support/librecorder.la
tests_support_librecorder_la_SOURCES = tests/support/recorder.c tests/support/recorder.h \
	tests/support/cmocka_all.h
tests_support_librecorder_la_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)

WINHTTP_UNIT_TESTS = tests/test_handles tests/test_callback tests/test_callback_stress \
	tests/test_options tests/test_not_implemented tests/test_header_cxx
check_PROGRAMS += $(WINHTTP_UNIT_TESTS)
TESTS += $(WINHTTP_UNIT_TESTS) tests/test_exports.sh tests/abi/check-abi.sh
EXTRA_DIST += tests/test_exports.sh tests/abi/check-abi.sh tests/abi/layouts.txt

tests_test_handles_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_handles_LDADD = tests/support/librecorder.la $(WINHTTP_TEST_LIBS)
tests_test_callback_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_callback_LDADD = tests/support/librecorder.la $(WINHTTP_TEST_LIBS)
tests_test_callback_stress_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_callback_stress_LDADD = $(WINHTTP_TEST_LIBS)
tests_test_options_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_options_LDADD = $(WINHTTP_TEST_LIBS)
tests_test_not_implemented_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_not_implemented_LDADD = $(WINHTTP_TEST_LIBS)
tests_test_header_cxx_SOURCES = tests/test_header_cxx.cpp
tests_test_header_cxx_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_header_cxx_LDADD = $(WINHTTP_TEST_LIBS)

# The native host layer, linked from the internal objects (not exported).
check_PROGRAMS += tests/test_host_native
TESTS += tests/test_host_native
tests_test_host_native_SOURCES = tests/test_host_native.cpp dlls/winhttp/host_native.cpp
tests_test_host_native_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) -I$(top_srcdir)/dlls/winhttp
tests_test_host_native_LDADD = $(CMOCKA_LIBS) -lpthread
