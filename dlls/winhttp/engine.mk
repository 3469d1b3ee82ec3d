# The engine: one libcurl multi handle on one process-wide thread, and the
# request exports built on it (sync and async mode).  Included from the top-level
# Makefile.am; part of the core objects shared with the Wine builtin.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/api_query_headers.cpp \
	dlls/winhttp/api_request.cpp \
	dlls/winhttp/async_request.cpp \
	dlls/winhttp/async_request.h \
	dlls/winhttp/chunked_upload.cpp \
	dlls/winhttp/chunked_upload.h \
	dlls/winhttp/connection_close.cpp \
	dlls/winhttp/connection_close.h \
	dlls/winhttp/curl_hooks.cpp \
	dlls/winhttp/curl_hooks.h \
	dlls/winhttp/easy_setup.cpp \
	dlls/winhttp/easy_pool.cpp \
	dlls/winhttp/easy_pool.h \
	dlls/winhttp/easy_url.cpp \
	dlls/winhttp/easy_url.h \
	dlls/winhttp/engine.cpp \
	dlls/winhttp/engine.h \
	dlls/winhttp/fast_mutex.cpp \
	dlls/winhttp/fast_mutex.h \
	dlls/winhttp/fast_tls.h \
	dlls/winhttp/hook_target.h \
	dlls/winhttp/function_ref.h \
	dlls/winhttp/options_exchange.cpp \
	dlls/winhttp/options_exchange.h \
	dlls/winhttp/progress_hook.cpp \
	dlls/winhttp/progress_hook.h \
	dlls/winhttp/redirect.cpp \
	dlls/winhttp/redirect.h \
	dlls/winhttp/request_state.cpp \
	dlls/winhttp/request_steps.cpp \
	dlls/winhttp/request_steps.h \
	dlls/winhttp/response_head.cpp \
	dlls/winhttp/response_head.h \
	dlls/winhttp/send_timeout.cpp \
	dlls/winhttp/send_timeout.h \
	dlls/winhttp/step_deadline.cpp \
	dlls/winhttp/step_deadline.h \
	dlls/winhttp/sync_drive.h \
	dlls/winhttp/text.cpp \
	dlls/winhttp/text.h \
	dlls/winhttp/request_state.h \
	dlls/winhttp/field_lines.cpp \
	dlls/winhttp/field_lines.h \
	dlls/winhttp/transfer.cpp \
	dlls/winhttp/transfer.h \
	dlls/winhttp/transfer_setup.cpp \
	dlls/winhttp/transfer_setup.h \
	dlls/winhttp/worker_pool.cpp \
	dlls/winhttp/worker_pool.h
