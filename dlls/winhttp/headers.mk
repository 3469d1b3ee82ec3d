# HTTP header APIs: WinHttpQueryHeaders(Ex), WinHttpAddRequestHeaders(Ex),
# the request-header store and the parsed response head.  Part of the core
# objects shared with the Wine builtin.  Included from the top-level
# Makefile.am.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/api_add_headers.cpp \
	dlls/winhttp/api_code.h \
	dlls/winhttp/api_query_headers_ex.cpp \
	dlls/winhttp/header_names.cpp \
	dlls/winhttp/header_names.h \
	dlls/winhttp/header_output.cpp \
	dlls/winhttp/header_output.h \
	dlls/winhttp/header_query.cpp \
	dlls/winhttp/header_query.h \
	dlls/winhttp/header_state.h \
	dlls/winhttp/header_text.cpp \
	dlls/winhttp/header_text.h \
	dlls/winhttp/request_headers.cpp \
	dlls/winhttp/request_headers.h \
	dlls/winhttp/request_view.cpp \
	dlls/winhttp/request_view.h \
	dlls/winhttp/response_cache.cpp \
	dlls/winhttp/response_cache.h
