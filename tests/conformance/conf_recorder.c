/* The conformance tests' notification recorder; see conf_recorder.h. */
#include "conf_recorder.h"

#include <stdio.h>

static struct conf_note notes[CONF_RECORDER_MAX];
static int note_count;

void conf_recorder_reset(void)
{
    conf_lock();
    note_count = 0;
    memset(notes, 0, sizeof notes);
    conf_unlock();
}

int conf_recorder_count(void)
{
    conf_lock();
    int n = note_count;
    conf_unlock();
    return n;
}

struct conf_note conf_recorder_get(int i)
{
    struct conf_note n;
    conf_lock();
    int have = i >= 0 && i < note_count;
    if (have)
        n = notes[i];
    conf_unlock();
    if (!have)
        CHECK_FAIL("notification %d was not recorded (%d were)", i, conf_recorder_count());
    return n;
}

static int is_text_status(DWORD status)
{
    return status == WINHTTP_CALLBACK_STATUS_RESOLVING_NAME ||
           status == WINHTTP_CALLBACK_STATUS_NAME_RESOLVED ||
           status == WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER ||
           status == WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER;
}

void CALLBACK conf_recorder_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    conf_lock();
    if (note_count < CONF_RECORDER_MAX) {
        struct conf_note *n = &notes[note_count++];
        n->handle = h;
        n->context = ctx;
        n->status = status;
        n->length = len;
        n->thread = conf_thread_id();
        if ((status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED ||
             status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) && info)
            n->handle_payload = *(HINTERNET *)info;
        if ((status == WINHTTP_CALLBACK_STATUS_REQUEST_SENT ||
             status == WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED) && info && len == sizeof(DWORD))
            memcpy(&n->number, info, sizeof(DWORD));
        if (is_text_status(status) && info) {
            /* The payload is a NUL-terminated string; the length is not
             * trusted here (it is one of the things tests check). */
            const WCHAR *s = info;
            for (size_t i = 0; i + 1 < sizeof n->text / sizeof n->text[0] && s[i]; i++)
                n->text[i] = s[i];
        }
    }
    conf_unlock();
}

int conf_recorder_statuses(HINTERNET h, DWORD skip, DWORD *out, int max)
{
    int k = 0;
    conf_lock();
    for (int i = 0; i < note_count && k < max; i++)
        if ((!h || notes[i].handle == h) && !(notes[i].status & skip))
            out[k++] = notes[i].status;
    conf_unlock();
    return k;
}

const char *conf_status_name(DWORD status)
{
    switch (status) {
#define S(x) case WINHTTP_CALLBACK_STATUS_##x: return #x
    S(RESOLVING_NAME); S(NAME_RESOLVED); S(CONNECTING_TO_SERVER); S(CONNECTED_TO_SERVER);
    S(SENDING_REQUEST); S(REQUEST_SENT); S(RECEIVING_RESPONSE); S(RESPONSE_RECEIVED);
    S(CLOSING_CONNECTION); S(CONNECTION_CLOSED); S(HANDLE_CREATED); S(HANDLE_CLOSING);
    S(DETECTING_PROXY); S(REDIRECT); S(INTERMEDIATE_RESPONSE); S(SECURE_FAILURE);
    S(HEADERS_AVAILABLE); S(DATA_AVAILABLE); S(READ_COMPLETE); S(WRITE_COMPLETE);
    S(REQUEST_ERROR); S(SENDREQUEST_COMPLETE);
#undef S
    default: return "?";
    }
}

static void format_sequence(char *buf, size_t size, const DWORD *s, int n)
{
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < n && k + 1 < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? " " : "", conf_status_name(s[i]));
}

void conf_check_sequence(const char *file, int line, HINTERNET h, DWORD skip,
                         const DWORD *want, int count)
{
    DWORD got[CONF_RECORDER_MAX];
    int n = conf_recorder_statuses(h, skip, got, CONF_RECORDER_MAX);
    int same = n == count;
    for (int i = 0; same && i < n; i++)
        same = got[i] == want[i];
    if (same)
        return;
    static char g[2048], w[2048];
    format_sequence(g, sizeof g, got, n);
    format_sequence(w, sizeof w, want, count);
#ifdef CONF_NATIVE
    print_error("notifications: got [%s], want [%s]\n", g, w);
    _fail(file, line);
#else
    conf_check_failed(file, line, "notifications: got [%s], want [%s]", g, w);
#endif
}
