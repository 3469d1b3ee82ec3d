// WinHttpOpen, WinHttpConnect, WinHttpOpenRequest, WinHttpCloseHandle.
#include <string_view>

#include "api.h"
#include "async_request.h"
#include "proxy_config.h"
#include "request_state.h"

using namespace winhttp;

namespace winhttp {
void websocket_closing(object &o);  // api_websocket.cpp
}

namespace {

bool valid_access_type(DWORD t)
{
    return t == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY || t == WINHTTP_ACCESS_TYPE_NO_PROXY ||
           t == WINHTTP_ACCESS_TYPE_NAMED_PROXY || t == WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY;
}

// Enters a new child handle and tells the application about it through the
// callback the child inherited.
template <class T>
HINTERNET publish(ref<T> obj)
{
    T *raw = obj.get();
    HINTERNET h = handles::insert(std::move(obj));
    if (!h)
        return fail<HINTERNET>(ERROR_WINHTTP_OUT_OF_HANDLES);
    HINTERNET payload = h;
    raw->notify(WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, &payload, sizeof(payload));
    host::set_last_error(ERROR_SUCCESS);
    return h;
}

std::vector<std::u16string> copy_accept_types(LPCWSTR *types)
{
    std::vector<std::u16string> out;
    for (; types && *types; ++types)
        out.push_back(wide_string(*types));
    return out;
}

}  // namespace

extern "C" HINTERNET WINAPI WinHttpOpen(LPCWSTR agent, DWORD access_type, LPCWSTR proxy,
                                        LPCWSTR proxy_bypass, DWORD flags)
{
    return guarded<HINTERNET>(nullptr, [&]() -> HINTERNET {
        if (!valid_access_type(access_type))
            return fail<HINTERNET>(ERROR_INVALID_PARAMETER);
        // A named proxy needs a name (WinHttpOpen reference).
        if (access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY && (!proxy || !*proxy))
            return fail<HINTERNET>(ERROR_INVALID_PARAMETER);
        ref<session> s = ref<session>::adopt(new session);
        s->agent = make_agent(wide_string(agent));
        s->access_type = access_type;
        if (access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY) {
            s->proxy = wide_string(proxy);
            s->proxy_bypass = wide_string(proxy_bypass);
        } else if (access_type == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY) {
            // The default configuration as it is now (proxy_config.h); a
            // later change applies to later sessions, as on Windows.
            proxy_config::setting d = proxy_config::default_setting();
            if (d.named) {
                s->access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
                s->proxy = d.proxy;
                s->proxy_bypass = d.bypass;
            }
        }
        s->async = (flags & WINHTTP_FLAG_ASYNC) != 0;
        return publish(std::move(s));
    });
}

extern "C" HINTERNET WINAPI WinHttpConnect(HINTERNET hsession, LPCWSTR server,
                                           INTERNET_PORT port, DWORD reserved)
{
    return guarded<HINTERNET>(nullptr, [&]() -> HINTERNET {
        ref<session> s = lookup_as<session>(hsession);
        if (!s)
            return nullptr;
        if (!server || !*server || reserved)
            return fail<HINTERNET>(ERROR_INVALID_PARAMETER);
        ref<connection> c = ref<connection>::adopt(new connection(s.get()));
        c->server = wide_string(server);
        c->port = port;
        return publish(std::move(c));
    });
}

extern "C" HINTERNET WINAPI WinHttpOpenRequest(HINTERNET hconnect, LPCWSTR verb,
                                               LPCWSTR object_name, LPCWSTR version,
                                               LPCWSTR referrer, LPCWSTR *accept_types,
                                               DWORD flags)
{
    return guarded<HINTERNET>(nullptr, [&]() -> HINTERNET {
        ref<connection> c = lookup_as<connection>(hconnect);
        if (!c)
            return nullptr;
        ref<request> r = ref<request>::adopt(new request(c.get()));
        // Documented defaults: GET, the root object, HTTP/1.1.
        r->verb = verb && *verb ? wide_string(verb) : u"GET";
        r->path = object_name && *object_name ? wide_string(object_name) : u"/";
        if (r->path[0] != u'/')
            r->path.insert(r->path.begin(), u'/');
        // Any other version, or none, is HTTP/1.1.
        r->http_1_0 = version && std::u16string_view(reinterpret_cast<const char16_t *>(version),
                                                     wide_length(version)) == u"HTTP/1.0";
        r->referrer = wide_string(referrer);
        r->accept_types = copy_accept_types(accept_types);
        r->flags = flags;
        if (c->owner().async)
            r->async_driver = async_request::make_driver();
        return publish(std::move(r));
    });
}

extern "C" BOOL WINAPI WinHttpCloseHandle(HINTERNET h)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        ref<object> obj = handles::remove(h);
        if (!obj)
            return fail(ERROR_INVALID_HANDLE, FALSE);
        // Closing a request cancels its work in flight (Windows does too).
        if (obj->kind() == handle_kind::request)
            request_state::forget(static_cast<request &>(*obj));
        if (obj->kind() == handle_kind::websocket)  // pending operations end as cancelled
            websocket_closing(*obj);
        // Dropping the table's reference; HANDLE_CLOSING follows once the
        // last user (a child, or work in flight) lets go.
        obj = ref<object>();
        return succeed();
    });
}
