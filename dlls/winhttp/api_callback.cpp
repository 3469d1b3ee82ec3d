// WinHttpSetStatusCallback: see status_callback.h for the semantics.
#include "api.h"

using namespace winhttp;

extern "C" WINHTTP_STATUS_CALLBACK WINAPI WinHttpSetStatusCallback(
    HINTERNET h, WINHTTP_STATUS_CALLBACK callback, DWORD flags, DWORD_PTR reserved)
{
    (void)reserved;  // documented as reserved; Windows ignores it
    return guarded<WINHTTP_STATUS_CALLBACK>(WINHTTP_INVALID_STATUS_CALLBACK,
                                            [&]() -> WINHTTP_STATUS_CALLBACK {
        ref<object> obj = handles::lookup(h);
        if (!obj)
            return fail(ERROR_INVALID_HANDLE, WINHTTP_INVALID_STATUS_CALLBACK);
        WINHTTP_STATUS_CALLBACK previous = obj->callback().replace({callback, flags});
        host::set_last_error(ERROR_SUCCESS);
        return previous;
    });
}
