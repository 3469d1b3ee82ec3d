/* Records WinHTTP notifications so tests can assert whole sequences. */
#ifndef TESTS_RECORDER_H
#define TESTS_RECORDER_H
#include <pthread.h>
#include "winhttp.h"

#define RECORDER_MAX 256

struct notification {
    HINTERNET handle;
    DWORD_PTR context;
    DWORD status;
    DWORD length;
    HINTERNET handle_payload; /* for HANDLE_CREATED/CLOSING: *(HINTERNET *)info */
    pthread_t thread;
};

struct recorder {
    pthread_mutex_t lock;
    int count;
    struct notification items[RECORDER_MAX];
};

extern struct recorder g_recorder;
void recorder_reset(void);
/* A WINHTTP_STATUS_CALLBACK that appends to g_recorder. */
void CALLBACK recorder_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len);
#endif
