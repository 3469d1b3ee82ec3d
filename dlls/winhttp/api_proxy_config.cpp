// The proxy configuration exports that need no network: the default
// configuration (get and set), the current user's (from the environment;
// proxy_config.h says why), and the bypass-list test.
#include "api.h"
#include "host_memory.h"
#include "proxy_bypass.h"
#include "proxy_config.h"
#include "text.h"

using namespace winhttp;

namespace {

// A NUL-terminated copy the application releases with GlobalFree; nullptr
// for an empty string (Windows leaves absent lists NULL).  Throws
// std::bad_alloc when out of memory (guarded() turns it into the error).
LPWSTR global_copy(const std::u16string &s)
{
    if (s.empty())
        return nullptr;
    auto *out = static_cast<char16_t *>(host::global_alloc((s.size() + 1) * sizeof(char16_t)));
    if (!out)
        throw std::bad_alloc();
    s.copy(out, s.size());
    out[s.size()] = 0;
    return reinterpret_cast<LPWSTR>(out);
}

// Fills info from setting, all or nothing.
void fill_proxy_info(WINHTTP_PROXY_INFO &info, const proxy_config::setting &s)
{
    LPWSTR proxy = s.named ? global_copy(s.proxy) : nullptr;
    LPWSTR bypass = nullptr;
    try {
        bypass = s.named ? global_copy(s.bypass) : nullptr;
    } catch (...) {
        host::global_free(proxy);
        throw;
    }
    info.dwAccessType = s.named ? WINHTTP_ACCESS_TYPE_NAMED_PROXY : WINHTTP_ACCESS_TYPE_NO_PROXY;
    info.lpszProxy = proxy;
    info.lpszProxyBypass = bypass;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpGetDefaultProxyConfiguration(WINHTTP_PROXY_INFO *info)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!info)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        fill_proxy_info(*info, proxy_config::default_setting());
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpSetDefaultProxyConfiguration(WINHTTP_PROXY_INFO *info)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!info)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        proxy_config::setting s;
        switch (info->dwAccessType) {
        case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
            // A named proxy needs a name, as in WinHttpOpen.
            if (!info->lpszProxy || !*info->lpszProxy)
                return fail(ERROR_INVALID_PARAMETER, FALSE);
            s.named = true;
            s.proxy = wide_string(info->lpszProxy);
            s.bypass = wide_string(info->lpszProxyBypass);
            break;
        case WINHTTP_ACCESS_TYPE_NO_PROXY:
        case WINHTTP_ACCESS_TYPE_DEFAULT_PROXY:  // Microsoft's page: "no proxy"
            break;
        default:
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        }
        proxy_config::set_default(s);
        return succeed();
    });
}

extern "C" BOOL WINAPI WinHttpGetIEProxyConfigForCurrentUser(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *config)
{
    return guarded<BOOL>(FALSE, [&]() -> BOOL {
        if (!config)
            return fail(ERROR_INVALID_PARAMETER, FALSE);
        proxy_config::setting s = proxy_config::from_environment();
        LPWSTR proxy = global_copy(s.proxy);
        LPWSTR bypass = nullptr;
        try {
            bypass = global_copy(s.bypass);
        } catch (...) {
            host::global_free(proxy);
            throw;
        }
        config->fAutoDetect = FALSE;  // no WPAD on Linux desktops by default
        config->lpszAutoConfigUrl = nullptr;
        config->lpszProxy = proxy;
        config->lpszProxyBypass = bypass;
        return succeed();
    });
}

// Decision: the scheme and port do not take part; bypass entries name
// hosts, as WinHttpOpen's do.  The answer is the list's alone, whatever
// dwAccessType says.
extern "C" DWORD WINAPI WinHttpIsHostInProxyBypassList(const WINHTTP_PROXY_INFO *info, PCWSTR host,
                                                      INTERNET_SCHEME, INTERNET_PORT, BOOL *is_in_list)
{
    return guarded<DWORD>(ERROR_NOT_ENOUGH_MEMORY, [&]() -> DWORD {
        if (!info || !host || !is_in_list)
            return fail<DWORD>(ERROR_INVALID_PARAMETER, ERROR_INVALID_PARAMETER);
        *is_in_list = proxy_bypass::matches(utf8(wide_string(info->lpszProxyBypass)), utf8(wide_string(host)))
                          ? TRUE
                          : FALSE;
        succeed();
        return ERROR_SUCCESS;
    });
}
