// Async mode for WebSocket (a WINHTTP_FLAG_ASYNC session): the upgrade's
// send and receive steps and each WebSocket operation run on a library
// thread of their own (host::start_app_thread: a Wine thread under Wine),
// which delivers the completion:
//   send      WRITE_COMPLETE    (WINHTTP_WEB_SOCKET_STATUS)
//   receive   READ_COMPLETE     (WINHTTP_WEB_SOCKET_STATUS)
//   close     CLOSE_COMPLETE
//   shutdown  SHUTDOWN_COMPLETE
// or REQUEST_ERROR with WINHTTP_WEB_SOCKET_ASYNC_RESULT naming the
// operation.  A thread per operation is simple and keeps the engine out of
// it (these connections are not curl multi transfers: ws_socket.h); at most
// one send and one receive are pending per WebSocket.
#pragma once
#include <functional>

#include "websocket.h"

namespace winhttp::ws_async {

// Runs fn on a new library thread that holds `keep` until fn returned, so
// HANDLE_CLOSING comes after the completion.  False if no thread started.
bool run_detached(ref<object> keep, std::function<void()> fn);

bool is_async(websocket &ws);

// Each returns the code the API call returns: an argument or state error
// at once, otherwise 0 (ERROR_IO_PENDING for shutdown) with the
// completion to follow.
DWORD send(const ref<websocket> &ws, WINHTTP_WEB_SOCKET_BUFFER_TYPE type, const void *data, DWORD size);
DWORD receive(const ref<websocket> &ws, void *buffer, DWORD size);
DWORD shutdown(const ref<websocket> &ws, USHORT status, const void *reason, DWORD size);
DWORD close(const ref<websocket> &ws, USHORT status, const void *reason, DWORD size);

}  // namespace winhttp::ws_async
