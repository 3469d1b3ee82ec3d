# The shared loopback fixture (server + session + connect, whole-body reads).
check_LTLIBRARIES += tests/support/libhttpfixture.la
tests_support_libhttpfixture_la_SOURCES = tests/support/http_fixture.c tests/support/http_fixture.h
tests_support_libhttpfixture_la_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)

# tests/test_request_sync: the sync request lifecycle against the loopback
# test server.  Included from the top-level Makefile.am.
check_PROGRAMS += tests/test_request_sync
TESTS += tests/test_request_sync
tests_test_request_sync_SOURCES = tests/test_request_sync.c
tests_test_request_sync_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_request_sync_LDADD = tests/support/librecorder.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_request_async: async mode and streamed uploads.
check_PROGRAMS += tests/test_request_async
TESTS += tests/test_request_async
tests_test_request_async_SOURCES = tests/test_request_async.c
tests_test_request_async_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) $(GNUTLS_CFLAGS)
tests_test_request_async_LDADD = tests/support/librecorder.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS) $(GNUTLS_LIBS)

# tests/test_redirect: following redirects against the test server.
check_PROGRAMS += tests/test_redirect
TESTS += tests/test_redirect
tests_test_redirect_SOURCES = tests/test_redirect.c
tests_test_redirect_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_redirect_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_fast_mutex: the lock of the request path on its own.
check_PROGRAMS += tests/test_fast_mutex
TESTS += tests/test_fast_mutex
tests_test_fast_mutex_SOURCES = tests/test_fast_mutex.cpp dlls/winhttp/fast_mutex.cpp
tests_test_fast_mutex_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) -I$(top_srcdir)/dlls/winhttp
tests_test_fast_mutex_LDADD = $(CMOCKA_LIBS) -lpthread

# tests/test_easy_url: a handle's pre-parsed URL on its own, with a real
# curl handle and the test server.
check_PROGRAMS += tests/test_easy_url
TESTS += tests/test_easy_url
tests_test_easy_url_SOURCES = tests/test_easy_url.cpp dlls/winhttp/easy_url.cpp
tests_test_easy_url_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) -I$(top_srcdir)/dlls/winhttp $(LIBCURL_CFLAGS)
tests_test_easy_url_LDADD = tests/support/libtestserver.la $(CMOCKA_LIBS) $(LIBCURL_LIBS)

# tests/test_redirect_rules: the redirect decision on its own.
check_PROGRAMS += tests/test_redirect_rules
TESTS += tests/test_redirect_rules
tests_test_redirect_rules_SOURCES = tests/test_redirect_rules.cpp dlls/winhttp/redirect.cpp
tests_test_redirect_rules_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS) -I$(top_srcdir)/dlls/winhttp $(LIBCURL_CFLAGS)
tests_test_redirect_rules_LDADD = $(CMOCKA_LIBS) $(LIBCURL_LIBS)

# tests/test_connection_events: INTERMEDIATE_RESPONSE and connection closing.
check_PROGRAMS += tests/test_connection_events
TESTS += tests/test_connection_events
tests_test_connection_events_SOURCES = tests/test_connection_events.c
tests_test_connection_events_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_connection_events_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_exchange_options: decompression, CONNECTION_INFO, HTTP_PROTOCOL_USED.
check_PROGRAMS += tests/test_exchange_options
TESTS += tests/test_exchange_options
tests_test_exchange_options_SOURCES = tests/test_exchange_options.c
tests_test_exchange_options_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_exchange_options_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_read_data: WinHttpReadData fills, WinHttpReadDataEx may not.
check_PROGRAMS += tests/test_read_data
TESTS += tests/test_read_data
tests_test_read_data_SOURCES = tests/test_read_data.c
tests_test_read_data_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_read_data_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_plain_proxy: plain HTTP through a named proxy, env proxies ignored.
check_PROGRAMS += tests/test_plain_proxy
TESTS += tests/test_plain_proxy
tests_test_plain_proxy_SOURCES = tests/test_plain_proxy.c
tests_test_plain_proxy_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_plain_proxy_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_sync_threads: sync calls on several threads share the engine.
check_PROGRAMS += tests/test_sync_threads
TESTS += tests/test_sync_threads
tests_test_sync_threads_SOURCES = tests/test_sync_threads.c
tests_test_sync_threads_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_sync_threads_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_async_blocking: an async callback that blocks stalls nobody else.
check_PROGRAMS += tests/test_async_blocking
TESTS += tests/test_async_blocking
tests_test_async_blocking_SOURCES = tests/test_async_blocking.c
tests_test_async_blocking_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_async_blocking_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS)

# tests/test_send_timeout: the send timeout bounds sending the request.
check_PROGRAMS += tests/test_send_timeout
TESTS += tests/test_send_timeout
tests_test_send_timeout_SOURCES = tests/test_send_timeout.c
tests_test_send_timeout_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_send_timeout_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_easy_reuse: recycled curl handles leak nothing between requests.
check_PROGRAMS += tests/test_easy_reuse
TESTS += tests/test_easy_reuse
tests_test_easy_reuse_SOURCES = tests/test_easy_reuse.c
tests_test_easy_reuse_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_easy_reuse_LDADD = tests/support/libhttpfixture.la tests/support/libtestserver.la \
	$(WINHTTP_TEST_LIBS)

# tests/test_engine_handover: a sync caller that asks for the multi and
# never takes it leaves no async transfer undriven (found by make soak).
check_PROGRAMS += tests/test_engine_handover
TESTS += tests/test_engine_handover
tests_test_engine_handover_SOURCES = tests/test_engine_handover.c
tests_test_engine_handover_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_engine_handover_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS) -lpthread

# tests/test_last_error_callbacks: API calls made by a notification callback
# do not change the error of the call the notification ran inside.
check_PROGRAMS += tests/test_last_error_callbacks
TESTS += tests/test_last_error_callbacks
tests_test_last_error_callbacks_SOURCES = tests/test_last_error_callbacks.c
tests_test_last_error_callbacks_CPPFLAGS = $(WINHTTP_TEST_CPPFLAGS)
tests_test_last_error_callbacks_LDADD = tests/support/libtestserver.la $(WINHTTP_TEST_LIBS)
