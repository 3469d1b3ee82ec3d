// The WinHttpWebSocket* exports.  The upgrade itself is a request marked
// with WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET (ws_handshake.h); the socket's
// operations live in websocket.h.  Functions returning a DWORD return the
// error code and also leave it as the last error, as the other exports do.
#include "api.h"
#include "api_code.h"
#include "request_state.h"
#include "websocket.h"
#include "ws_async.h"
#include "ws_handshake.h"

using namespace winhttp;

namespace {

// The error code as both the result and the last error.
DWORD finish(DWORD err) { return err ? fail_code(err) : succeed_code(); }

// Runs the sync or the async form of an operation on h's WebSocket.
template <class Sync, class Async>
DWORD on_websocket(HINTERNET h, Sync &&sync, Async &&async)
{
    ref<websocket> ws = lookup_as<websocket>(h);
    if (!ws)
        return host::get_last_error();
    if (ws_async::is_async(*ws))
        return finish(async(ws));
    return finish(sync(*ws));
}

using ws_ref = const ref<websocket> &;

}  // namespace

extern "C" HINTERNET WINAPI WinHttpWebSocketCompleteUpgrade(HINTERNET h, DWORD_PTR context)
{
    return guarded<HINTERNET>(nullptr, [&]() -> HINTERNET {
        ref<request> r = lookup_as<request>(h);
        if (!r)
            return nullptr;
        std::shared_ptr<websocket_handshake> hs;
        {
            std::lock_guard<fast_mutex> g(r->transfer_lock);
            hs = r->ws_handshake;
        }
        if (!r->upgrade_to_websocket || !hs)
            return fail<HINTERNET>(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        std::unique_lock<std::mutex> lk(hs->lock);
        // Decision: any answer but a 101 (or a second upgrade of the same
        // response) is the wrong state; a 101 whose Sec-WebSocket-Accept is
        // wrong is an invalid server response.
        if (!hs->responded || hs->status != 101 || !hs->sock)
            return fail<HINTERNET>(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        if (!hs->accept_ok)
            return fail<HINTERNET>(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        ref<websocket> ws = ref<websocket>::adopt(new websocket(r.get(), std::move(hs->sock), std::move(hs->leftover)));
        lk.unlock();
        ws->set_context(context);
        websocket *raw = ws.get();
        HINTERNET out = handles::insert(std::move(ws));
        if (!out)
            return fail<HINTERNET>(ERROR_WINHTTP_OUT_OF_HANDLES);
        HINTERNET payload = out;
        raw->notify(WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, &payload, sizeof(payload));
        host::set_last_error(ERROR_SUCCESS);
        return out;
    });
}

extern "C" DWORD WINAPI WinHttpWebSocketSend(HINTERNET h, WINHTTP_WEB_SOCKET_BUFFER_TYPE type, PVOID buffer,
                                             DWORD length)
{
    return guarded<DWORD>(ERROR_WINHTTP_INTERNAL_ERROR, [&]() -> DWORD {
        return on_websocket(
            h, [&](websocket &ws) { return ws.send(type, buffer, length); },
            [&](ws_ref ws) { return ws_async::send(ws, type, buffer, length); });
    });
}

extern "C" DWORD WINAPI WinHttpWebSocketReceive(HINTERNET h, PVOID buffer, DWORD length, DWORD *read,
                                                WINHTTP_WEB_SOCKET_BUFFER_TYPE *type)
{
    return guarded<DWORD>(ERROR_WINHTTP_INTERNAL_ERROR, [&]() -> DWORD {
        return on_websocket(
            h, [&](websocket &ws) { return ws.receive(buffer, length, read, type); },
            [&](ws_ref ws) { return ws_async::receive(ws, buffer, length); });
    });
}

extern "C" DWORD WINAPI WinHttpWebSocketShutdown(HINTERNET h, USHORT status, PVOID reason, DWORD length)
{
    return guarded<DWORD>(ERROR_WINHTTP_INTERNAL_ERROR, [&]() -> DWORD {
        return on_websocket(
            h, [&](websocket &ws) { return ws.shutdown(status, reason, length); },
            [&](ws_ref ws) { return ws_async::shutdown(ws, status, reason, length); });
    });
}

extern "C" DWORD WINAPI WinHttpWebSocketClose(HINTERNET h, USHORT status, PVOID reason, DWORD length)
{
    return guarded<DWORD>(ERROR_WINHTTP_INTERNAL_ERROR, [&]() -> DWORD {
        return on_websocket(
            h, [&](websocket &ws) { return ws.close(status, reason, length); },
            [&](ws_ref ws) { return ws_async::close(ws, status, reason, length); });
    });
}

extern "C" DWORD WINAPI WinHttpWebSocketQueryCloseStatus(HINTERNET h, USHORT *status, PVOID reason,
                                                         DWORD length, DWORD *consumed)
{
    return guarded<DWORD>(ERROR_WINHTTP_INTERNAL_ERROR, [&]() -> DWORD {
        auto query = [&](websocket &ws) { return ws.query_close_status(status, reason, length, consumed); };
        return on_websocket(h, query, [&](ws_ref ws) { return query(*ws); });
    });
}

namespace winhttp {
// WinHttpCloseHandle on a WebSocket handle (api_handles.cpp).
void websocket_closing(object &o) { static_cast<websocket &>(o).cancel(); }
}  // namespace winhttp
