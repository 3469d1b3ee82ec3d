/* Callback replacement racing concurrent notifications (run under TSan by
 * make check-tsan).  Workers create and close requests, which delivers
 * HANDLE_CREATED and HANDLE_CLOSING through the requests' slots, while a
 * replacer thread swaps those same slots between two callbacks and NULL.
 * Pass: no crash, no deadlock, no race report, every call's result valid,
 * and every delivered notification well formed. */
#include <pthread.h>
#include <stdatomic.h>
#include "cmocka_all.h"
#include "winhttp.h"

enum { WORKERS = 4, ROUNDS = 3000, SLOTS = 64 };

static HINTERNET g_connect;
static _Atomic(HINTERNET) live[SLOTS];
static atomic_int stop;
static atomic_long delivered, malformed;

static void CALLBACK cb(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID info, DWORD len)
{
    (void)c;
    atomic_fetch_add(&delivered, 1);
    if ((s != WINHTTP_CALLBACK_STATUS_HANDLE_CREATED && s != WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) ||
        len != sizeof(HINTERNET) || *(HINTERNET *)info != h)
        atomic_fetch_add(&malformed, 1);
}
static void CALLBACK cb2(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID info, DWORD len) { cb(h, c, s, info, len); }

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < ROUNDS; i++) {
        HINTERNET r = WinHttpOpenRequest(g_connect, NULL, NULL, NULL, NULL, NULL, 0);
        if (!r) { atomic_fetch_add(&malformed, 1); continue; }
        int slot = (id * ROUNDS + i) % SLOTS;
        atomic_store(&live[slot], r);
        HINTERNET old = atomic_exchange(&live[(slot + 1) % SLOTS], NULL);
        if (old)
            WinHttpCloseHandle(old); /* may already be closed by another worker: fine */
        WinHttpCloseHandle(r);
    }
    return NULL;
}

static void *replacer(void *arg)
{
    (void)arg;
    WINHTTP_STATUS_CALLBACK choices[] = {cb, cb2, NULL};
    unsigned n = 0;
    while (!atomic_load(&stop)) {
        for (int i = 0; i < SLOTS; i++) {
            HINTERNET h = atomic_load(&live[i]);
            if (!h)
                continue;
            WINHTTP_STATUS_CALLBACK prev =
                WinHttpSetStatusCallback(h, choices[n++ % 3], WINHTTP_CALLBACK_FLAG_HANDLES, 0);
            /* cmocka's asserts may not run off the main thread: count instead. */
            if (!(prev == cb || prev == cb2 || prev == NULL || prev == WINHTTP_INVALID_STATUS_CALLBACK))
                atomic_fetch_add(&malformed, 1);
        }
        /* The parent changes too: affects only requests created afterwards. */
        WinHttpSetStatusCallback(g_connect, choices[n % 3], WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    }
    return NULL;
}

static void test_replace_during_notifications(void **state)
{
    (void)state;
    HINTERNET s = WinHttpOpen(u"stress", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    g_connect = WinHttpConnect(s, u"h", 80, 0);
    WinHttpSetStatusCallback(g_connect, cb, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    pthread_t w[WORKERS], rep;
    pthread_create(&rep, NULL, replacer, NULL);
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(w[i], NULL);
    atomic_store(&stop, 1);
    pthread_join(rep, NULL);
    assert_int_equal(atomic_load(&malformed), 0);
    assert_true(atomic_load(&delivered) > 0);
    WinHttpCloseHandle(g_connect);
    WinHttpCloseHandle(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace_during_notifications),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
