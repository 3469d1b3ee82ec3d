// The WINEDEBUG=+winhttp trace; see trace.h.
#include "trace.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/syscall.h>
#include <unistd.h>

namespace winhttp::trace {

namespace {

// One item of a WINEDEBUG list, e.g. "trace+winhttp" or "-all".
// Returns +1 (switch on), -1 (switch off) or 0 (not about us).
int item_effect(const char *item, size_t len)
{
    const char *sign = nullptr;
    for (size_t i = 0; i < len; ++i)
        if (item[i] == '+' || item[i] == '-') {
            sign = item + i;
            break;
        }
    if (!sign)
        return 0;
    size_t class_len = static_cast<size_t>(sign - item);
    if (class_len != 0 && !(class_len == 5 && std::strncmp(item, "trace", 5) == 0))
        return 0;  // err/warn/fixme classes do not ask for a trace
    const char *channel = sign + 1;
    size_t channel_len = len - class_len - 1;
    bool ours = (channel_len == 7 && std::strncmp(channel, "winhttp", 7) == 0) ||
                (channel_len == 3 && std::strncmp(channel, "all", 3) == 0);
    if (!ours)
        return 0;
    return *sign == '+' ? 1 : -1;
}

// Writes one whole line with a single write(2), so that lines from
// several threads do not interleave.
void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void emit(const char *fmt, ...)
{
    char line[512];
    int n = std::snprintf(line, sizeof line, "winhttp:trace:%04lx: ",
                          static_cast<unsigned long>(::syscall(SYS_gettid)));
    va_list ap;
    va_start(ap, fmt);
    int m = std::vsnprintf(line + n, sizeof line - static_cast<size_t>(n) - 1, fmt, ap);
    va_end(ap);
    size_t len = static_cast<size_t>(n) + (m < 0 ? 0 : static_cast<size_t>(m));
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    ssize_t ignored = ::write(2, line, len);
    (void)ignored;
}

const char *status_name(DWORD status)
{
    switch (status) {
#define S(x) case WINHTTP_CALLBACK_STATUS_##x: return #x
    S(RESOLVING_NAME); S(NAME_RESOLVED); S(CONNECTING_TO_SERVER); S(CONNECTED_TO_SERVER);
    S(SENDING_REQUEST); S(REQUEST_SENT); S(RECEIVING_RESPONSE); S(RESPONSE_RECEIVED);
    S(CLOSING_CONNECTION); S(CONNECTION_CLOSED); S(HANDLE_CREATED); S(HANDLE_CLOSING);
    S(DETECTING_PROXY); S(REDIRECT); S(INTERMEDIATE_RESPONSE); S(SECURE_FAILURE);
    S(HEADERS_AVAILABLE); S(DATA_AVAILABLE); S(READ_COMPLETE); S(WRITE_COMPLETE);
    S(REQUEST_ERROR); S(SENDREQUEST_COMPLETE); S(GETPROXYFORURL_COMPLETE);
    S(CLOSE_COMPLETE); S(SHUTDOWN_COMPLETE);
#undef S
    default: return "UNKNOWN";
    }
}

// The payload, as far as its meaning is known from the status.
void describe_info(DWORD status, const void *info, DWORD length, char *out, size_t size)
{
    out[0] = 0;
    if (!info)
        return;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
    case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
    case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_REDIRECT: {
        const WCHAR *s = static_cast<const WCHAR *>(info);
        size_t k = 0;
        out[k++] = '"';
        for (size_t i = 0; s[i] && k + 3 < size; ++i)
            out[k++] = s[i] >= 0x20 && s[i] < 0x7f ? static_cast<char>(s[i]) : '?';
        out[k++] = '"';
        out[k] = 0;
        break;
    }
    case WINHTTP_CALLBACK_STATUS_HANDLE_CREATED:
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        std::snprintf(out, size, "%p", *static_cast<HINTERNET const *>(info));
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
        auto *r = static_cast<const WINHTTP_ASYNC_RESULT *>(info);
        std::snprintf(out, size, "api %lu error %lu", static_cast<unsigned long>(r->dwResult),
                      static_cast<unsigned long>(r->dwError));
        break;
    }
    default:
        if (length == sizeof(DWORD))
            std::snprintf(out, size, "%lu", static_cast<unsigned long>(*static_cast<const DWORD *>(info)));
        break;
    }
}

}  // namespace

bool selected(const char *winedebug)
{
    int state = 0;
    if (!winedebug)
        return false;
    const char *p = winedebug;
    while (*p) {
        size_t len = std::strcspn(p, ",");
        if (int effect = item_effect(p, len))
            state = effect;
        p += len;
        if (*p == ',')
            ++p;
    }
    return state > 0;
}

// Read once at load (ELF constructor; under Wine at the DLL's entry point).
const bool on = selected(std::getenv("WINEDEBUG"));

void api_enter(const char *api) { emit("> %s", api); }

void api_return(const char *api, uintptr_t value, uint32_t last_error)
{
    emit("< %s = %#lx, last error %lu", api, static_cast<unsigned long>(value),
         static_cast<unsigned long>(last_error));
}

void notification(HINTERNET h, DWORD_PTR context, DWORD status, const void *info,
                  DWORD length, bool delivered)
{
    char payload[160];
    describe_info(status, info, length, payload, sizeof payload);
    emit("  %s %s handle %p context %#lx length %lu%s%s", delivered ? "notify" : "(masked)",
         status_name(status), static_cast<void *>(h), static_cast<unsigned long>(context),
         static_cast<unsigned long>(length), payload[0] ? " info " : "", payload);
}

}  // namespace winhttp::trace
