// The option table behind WinHttpSetOption and WinHttpQueryOption.
#pragma once
#include "object.h"

namespace winhttp {

enum kind_bits : unsigned {
    on_session = 1u << WINHTTP_HANDLE_TYPE_SESSION,
    on_connect = 1u << WINHTTP_HANDLE_TYPE_CONNECT,
    on_request = 1u << WINHTTP_HANDLE_TYPE_REQUEST,
    on_websocket = 1u << WINHTTP_HANDLE_TYPE_WEBSOCKET,
    on_any = on_session | on_connect | on_request | on_websocket,
};

struct option_ops {
    DWORD id;
    unsigned kinds;
    // Each returns false with the last error set.  Either may be null:
    // a set-only option cannot be queried and the reverse.
    bool (*query)(object &, LPVOID, LPDWORD);
    bool (*set)(object &, LPVOID, DWORD);
};

// The descriptor of a handle option, or nullptr if the option is unknown.
const option_ops *find_option(DWORD id);

}  // namespace winhttp
