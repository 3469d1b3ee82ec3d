#include "ws_async.h"

#include <string>

#include "host.h"

namespace winhttp::ws_async {
namespace {

struct detached {
    ref<object> keep;
    std::function<void()> fn;
};

void run_one(void *arg)
{
    auto *d = static_cast<detached *>(arg);
    d->fn();
    delete d;  // the reference goes last: HANDLE_CLOSING, if due, follows the completion
}

// Decision: Microsoft's pages name no API_* value for WebSocket
// operations, so AsyncResult.dwResult is 0; Operation tells which one failed.
void notify_error(websocket &ws, WINHTTP_WEB_SOCKET_OPERATION op, DWORD err)
{
    WINHTTP_WEB_SOCKET_ASYNC_RESULT result = {};
    result.AsyncResult.dwResult = 0;
    result.AsyncResult.dwError = err;
    result.Operation = op;
    ws.notify(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result));
}

// Starts fn on its own thread; if that fails, `undo` ends the pending state.
DWORD start(const ref<websocket> &ws, std::function<void()> fn, std::function<void()> undo)
{
    if (run_detached(ref<object>(static_cast<object *>(ws.get())), std::move(fn)))
        return 0;
    undo();
    return ERROR_NOT_ENOUGH_MEMORY;
}

}  // namespace

bool run_detached(ref<object> keep, std::function<void()> fn)
{
    auto *d = new detached{std::move(keep), std::move(fn)};
    if (host::start_app_thread(run_one, d))
        return true;
    delete d;
    return false;
}

bool is_async(websocket &ws) { return ws.owner().owner().owner().async; }

DWORD send(const ref<websocket> &ws, WINHTTP_WEB_SOCKET_BUFFER_TYPE type, const void *data, DWORD size)
{
    websocket::send_plan plan;
    if (DWORD err = ws->begin_send(type, data, size, plan))
        return err;
    websocket *w = ws.get();
    return start(
        ws,
        [w, plan, type] {
            if (DWORD err = w->run_send(plan)) {
                notify_error(*w, WINHTTP_WEB_SOCKET_SEND_OPERATION, err);
                return;
            }
            WINHTTP_WEB_SOCKET_STATUS st = {plan.size, type};
            w->notify(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &st, sizeof(st));
        },
        [w] { w->end_send_pending(); });
}

DWORD receive(const ref<websocket> &ws, void *buffer, DWORD size)
{
    if (DWORD err = ws->begin_receive(buffer, size, false, nullptr, nullptr))
        return err;
    websocket *w = ws.get();
    return start(
        ws,
        [w, buffer, size] {
            DWORD read = 0;
            WINHTTP_WEB_SOCKET_BUFFER_TYPE type = WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE;
            if (DWORD err = w->run_receive(buffer, size, &read, &type)) {
                notify_error(*w, WINHTTP_WEB_SOCKET_RECEIVE_OPERATION, err);
                return;
            }
            WINHTTP_WEB_SOCKET_STATUS st = {read, type};
            w->notify(WINHTTP_CALLBACK_STATUS_READ_COMPLETE, &st, sizeof(st));
        },
        [w] { w->end_receive_pending(); });
}

DWORD shutdown(const ref<websocket> &ws, USHORT status, const void *reason, DWORD size)
{
    if (DWORD err = ws->begin_shutdown(status, reason, size))
        return err;
    websocket *w = ws.get();
    std::string why(static_cast<const char *>(reason), reason ? size : 0);
    DWORD err = start(
        ws,
        [w, status, why] {
            if (DWORD e = w->run_shutdown(status, why.data(), DWORD(why.size()))) {
                notify_error(*w, WINHTTP_WEB_SOCKET_SHUTDOWN_OPERATION, e);
                return;
            }
            w->notify(WINHTTP_CALLBACK_STATUS_SHUTDOWN_COMPLETE, nullptr, 0);
        },
        [] {});
    // Decision: Shutdown's page lists ERROR_IO_PENDING as its asynchronous
    // answer; Send, Receive and Close return NO_ERROR when they go pending.
    return err ? err : ERROR_IO_PENDING;
}

DWORD close(const ref<websocket> &ws, USHORT status, const void *reason, DWORD size)
{
    if (DWORD err = ws->begin_close(status, reason, size))
        return err;
    websocket *w = ws.get();
    std::string why(static_cast<const char *>(reason), reason ? size : 0);
    return start(
        ws,
        [w, status, why] {
            if (DWORD e = w->run_close(status, why.data(), DWORD(why.size()))) {
                notify_error(*w, WINHTTP_WEB_SOCKET_CLOSE_OPERATION, e);
                return;
            }
            w->notify(WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE, nullptr, 0);
        },
        [] {});
}

}  // namespace winhttp::ws_async
