# tests/test_websocket: WebSocket against the test server's /ws/ routes.
# Included from the top-level Makefile.am.
check_PROGRAMS += tests/test_websocket
TESTS += tests/test_websocket
tests_test_websocket_SOURCES = tests/test_websocket.c
tests_test_websocket_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_websocket_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS) -lpthread

# tests/test_websocket_async: the same in async mode (completions, errors).
check_PROGRAMS += tests/test_websocket_async
TESTS += tests/test_websocket_async
tests_test_websocket_async_SOURCES = tests/test_websocket_async.c
tests_test_websocket_async_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_websocket_async_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS) -lpthread
