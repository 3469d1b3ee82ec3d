# WebSocket: the upgrade handshake on a connection of its own, RFC 6455
# framing, and the WinHttpWebSocket* exports.  Included from the top-level
# Makefile.am; part of the core objects shared with the Wine builtin.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/api_websocket.cpp \
	dlls/winhttp/websocket.cpp \
	dlls/winhttp/websocket.h \
	dlls/winhttp/ws_async.cpp \
	dlls/winhttp/ws_async.h \
	dlls/winhttp/ws_frame.cpp \
	dlls/winhttp/ws_frame.h \
	dlls/winhttp/ws_handshake.cpp \
	dlls/winhttp/ws_handshake.h \
	dlls/winhttp/ws_socket.cpp \
	dlls/winhttp/ws_socket.h
