#include "recorder.h"
#include <string.h>

struct recorder g_recorder = {PTHREAD_MUTEX_INITIALIZER, 0, {{0}}};

void recorder_reset(void)
{
    pthread_mutex_lock(&g_recorder.lock);
    g_recorder.count = 0;
    memset(g_recorder.items, 0, sizeof(g_recorder.items));
    pthread_mutex_unlock(&g_recorder.lock);
}

void CALLBACK recorder_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    pthread_mutex_lock(&g_recorder.lock);
    if (g_recorder.count < RECORDER_MAX) {
        struct notification *n = &g_recorder.items[g_recorder.count++];
        n->handle = h;
        n->context = ctx;
        n->status = status;
        n->length = len;
        n->thread = pthread_self();
        if ((status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED ||
             status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) && info)
            n->handle_payload = *(HINTERNET *)info;
    }
    pthread_mutex_unlock(&g_recorder.lock);
}
