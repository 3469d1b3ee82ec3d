/* Records notifications (handle, context, status, length, the payload that
 * matters for the status, and the thread) so that a case can assert a whole
 * sequence.  Portable: built into the native and the PE program alike. */
#ifndef TESTS_CONF_RECORDER_H
#define TESTS_CONF_RECORDER_H
#include "conformance.h"

#define CONF_RECORDER_MAX 256

struct conf_note {
    HINTERNET handle;
    DWORD_PTR context;
    DWORD status;
    DWORD length;
    HINTERNET handle_payload; /* HANDLE_CREATED/CLOSING: *(HINTERNET *)info */
    DWORD number;             /* REQUEST_SENT/RESPONSE_RECEIVED: *(DWORD *)info */
    WCHAR text[64];           /* name/address notifications: the string */
    uintptr_t thread;
};

void conf_recorder_reset(void);
int conf_recorder_count(void);
/* A copy of the i-th notification (fails the case when there is none). */
struct conf_note conf_recorder_get(int i);
/* The statuses recorded for h (all handles when h is NULL), in order,
 * leaving out the statuses in the mask `skip`.  Returns how many. */
int conf_recorder_statuses(HINTERNET h, DWORD skip, DWORD *out, int max);

void CALLBACK conf_recorder_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len);

/* Asserts that h's notifications (minus `skip`) are exactly `want`; prints
 * the whole sequence that came when they are not. */
#define CHECK_SEQUENCE(h, skip, want) \
    conf_check_sequence(__FILE__, __LINE__, (h), (skip), (want), (int)(sizeof(want) / sizeof((want)[0])))
void conf_check_sequence(const char *file, int line, HINTERNET h, DWORD skip,
                         const DWORD *want, int count);
/* Short name of a WINHTTP_CALLBACK_STATUS_* value, for messages. */
const char *conf_status_name(DWORD status);
#endif
