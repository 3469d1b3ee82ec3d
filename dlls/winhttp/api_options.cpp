// WinHttpSetOption, WinHttpQueryOption, WinHttpSetTimeouts.
#include <atomic>

#include "api.h"
#include "option_buffer.h"
#include "options.h"

using namespace winhttp;

namespace {

// WORKER_THREAD_COUNT is process-wide and set on the NULL handle.
std::atomic<DWORD> worker_thread_count{0};

bool set_global_option(DWORD option, LPVOID buffer, DWORD length)
{
    if (option != WINHTTP_OPTION_WORKER_THREAD_COUNT)
        return fail(ERROR_INVALID_HANDLE, false);
    DWORD v;
    if (!option_buffer::read(buffer, length, &v))
        return false;
    worker_thread_count = v;
    return true;
}

// The live object behind h and the option's descriptor, if the option
// applies to that kind of handle; otherwise nullptr with the error set.
const option_ops *resolve(HINTERNET h, DWORD option, ref<object> *obj)
{
    *obj = handles::lookup(h);
    if (!*obj)
        return fail<const option_ops *>(ERROR_INVALID_HANDLE);
    const option_ops *ops = find_option(option);
    if (!ops)
        return fail<const option_ops *>(ERROR_WINHTTP_INVALID_OPTION);
    if (!(ops->kinds & (1u << DWORD((*obj)->kind()))))
        return fail<const option_ops *>(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    return ops;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpSetOption(HINTERNET h, DWORD option, LPVOID buffer, DWORD length)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!buffer && length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        if (!h)
            return set_global_option(option, buffer, length) ? succeed() : FALSE;
        ref<object> obj;
        const option_ops *ops = resolve(h, option, &obj);
        if (!ops)
            return FALSE;
        if (!ops->set)
            return fail(ERROR_WINHTTP_OPTION_NOT_SETTABLE, FALSE);
        // TLS: WINHTTP_NO_CLIENT_CERT_CONTEXT is a NULL buffer by design.
        // WebSocket: UPGRADE_TO_WEB_SOCKET takes no value.
        if (!buffer && option != WINHTTP_OPTION_CLIENT_CERT_CONTEXT && option != WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        return ops->set(*obj, buffer, length) ? succeed() : FALSE;
    });
}

extern "C" BOOL WINAPI WinHttpQueryOption(HINTERNET h, DWORD option, LPVOID buffer,
                                          LPDWORD length)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!length)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        ref<object> obj;
        const option_ops *ops = resolve(h, option, &obj);
        if (!ops)
            return FALSE;
        if (!ops->query)
            return fail(ERROR_WINHTTP_INVALID_OPTION, FALSE);
        return ops->query(*obj, buffer, length) ? succeed() : FALSE;
    });
}

extern "C" BOOL WINAPI WinHttpSetTimeouts(HINTERNET h, int resolve, int connect, int send,
                                          int receive)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<object> obj = handles::lookup(h);
        if (!obj)
            return fail(ERROR_INVALID_HANDLE, FALSE);
        if (obj->kind() == handle_kind::connect)
            return fail(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, FALSE);
        // Only -1 (infinite) may be negative.
        for (int v : {resolve, connect, send, receive})
            if (v < -1)
                return fail(ERROR_INVALID_PARAMETER, FALSE);
        obj->edit_settings([&](handle_settings &s) {
            s.timeout.resolve = resolve;
            s.timeout.connect = connect;
            s.timeout.send = send;
            s.timeout.receive = receive;
        });
        return succeed();
    });
}
