/* WinHttpSetStatusCallback as ../shared/reference/WinHttpSetStatusCallback.txt
 * describes it: previous value returned, failure value and error codes,
 * notification-mask filtering, inheritance at creation only, one level per
 * change, and no synchronization with a callback already running. */
#include <semaphore.h>
#include "cmocka_all.h"
#include "recorder.h"

static void CALLBACK other_callback(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    (void)h; (void)c; (void)s; (void)i; (void)l;
}

static HINTERNET open_session(void)
{
    return WinHttpOpen(u"t", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
}

static void test_returns_previous(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    SetLastError(0xdeadbeef);
    assert_null(WinHttpSetStatusCallback(s, recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0));
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_ptr_equal(WinHttpSetStatusCallback(s, other_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0),
                     recorder_callback);
    assert_ptr_equal(WinHttpSetStatusCallback(s, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
                     other_callback);
    assert_null(WinHttpSetStatusCallback(s, NULL, 0, 0));
    WinHttpCloseHandle(s);
}

static void test_invalid_handles(void **state)
{
    (void)state;
    SetLastError(0xdeadbeef);
    assert_ptr_equal(WinHttpSetStatusCallback(NULL, recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
                     WINHTTP_INVALID_STATUS_CALLBACK);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    HINTERNET s = open_session();
    WinHttpCloseHandle(s);
    SetLastError(0xdeadbeef);
    assert_ptr_equal(WinHttpSetStatusCallback(s, recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
                     WINHTTP_INVALID_STATUS_CALLBACK);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

static void test_mask_filters(void **state)
{
    (void)state;
    recorder_reset();
    HINTERNET s = open_session();
    /* Only HANDLE_CLOSING is selected: HANDLE_CREATED must not arrive. */
    WinHttpSetStatusCallback(s, recorder_callback, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, 0);
    HINTERNET c = WinHttpConnect(s, u"h", 80, 0);
    assert_int_equal(g_recorder.count, 0);
    WinHttpCloseHandle(c);
    assert_int_equal(g_recorder.count, 1);
    assert_int_equal(g_recorder.items[0].status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    /* A mask without handle bits gets nothing at all. */
    WinHttpSetStatusCallback(s, recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    WinHttpCloseHandle(s);
    assert_int_equal(g_recorder.count, 1);
}

static void test_inherited_at_creation_only(void **state)
{
    (void)state;
    recorder_reset();
    HINTERNET s = open_session();
    HINTERNET c_before = WinHttpConnect(s, u"h", 80, 0); /* no callback yet */
    WinHttpSetStatusCallback(s, recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c_after = WinHttpConnect(s, u"h", 80, 0);
    assert_int_equal(g_recorder.count, 1);
    assert_ptr_equal(g_recorder.items[0].handle, c_after);

    /* Changing the session later does not reach the existing connect handle. */
    WinHttpSetStatusCallback(s, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET r = WinHttpOpenRequest(c_after, NULL, NULL, NULL, NULL, NULL, 0);
    assert_int_equal(g_recorder.count, 2);
    assert_ptr_equal(g_recorder.items[1].handle, r);
    /* And the child copied its own callback: it survives the parent's change. */
    assert_ptr_equal(WinHttpSetStatusCallback(c_after, NULL, 0, 0), recorder_callback);
    assert_ptr_equal(WinHttpSetStatusCallback(r, recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0),
                     recorder_callback);
    /* The connect handle made before the callback was set never had one. */
    assert_null(WinHttpSetStatusCallback(c_before, NULL, 0, 0));

    WinHttpCloseHandle(r);
    assert_int_equal(g_recorder.count, 3);
    assert_ptr_equal(g_recorder.items[2].handle, r);
    WinHttpCloseHandle(c_after); /* callback removed: silent */
    WinHttpCloseHandle(c_before);
    WinHttpCloseHandle(s);
    assert_int_equal(g_recorder.count, 3);
}

/* A callback that removes itself while running: must not deadlock. */
static void CALLBACK self_removing(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    recorder_callback(h, c, s, i, l);
    /* At HANDLE_CLOSING the handle has already left the table: only a live
     * handle can change its callback. */
    if (s == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
        assert_ptr_equal(WinHttpSetStatusCallback(h, NULL, 0, 0), self_removing);
    else
        assert_ptr_equal(WinHttpSetStatusCallback(h, NULL, 0, 0), WINHTTP_INVALID_STATUS_CALLBACK);
}

static void test_callback_may_replace_itself(void **state)
{
    (void)state;
    recorder_reset();
    HINTERNET s = open_session();
    WinHttpSetStatusCallback(s, self_removing, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c = WinHttpConnect(s, u"h", 80, 0);
    assert_int_equal(g_recorder.count, 1);
    WinHttpCloseHandle(c); /* removed: no HANDLE_CLOSING */
    assert_int_equal(g_recorder.count, 1);
    WinHttpCloseHandle(s); /* the session kept its callback */
    assert_int_equal(g_recorder.count, 2);
    assert_int_equal(g_recorder.items[1].status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
}

/* Setting NULL while another thread is inside the callback returns at once
 * (no deadlock) and the in-flight callback still completes. */
static sem_t entered, release_cb;
static HINTERNET seen_handle;
static volatile int finished_inside;

static void CALLBACK blocking_callback(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    (void)c; (void)i; (void)l;
    if (s != WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
        return;
    seen_handle = h;
    sem_post(&entered);
    sem_wait(&release_cb);
    finished_inside = 1;
}

static void *open_request_thread(void *conn)
{
    return WinHttpOpenRequest((HINTERNET)conn, NULL, NULL, NULL, NULL, NULL, 0);
}

static void test_set_null_during_callback(void **state)
{
    (void)state;
    sem_init(&entered, 0, 0);
    sem_init(&release_cb, 0, 0);
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, u"h", 80, 0);
    WinHttpSetStatusCallback(c, blocking_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    pthread_t t;
    pthread_create(&t, NULL, open_request_thread, c);
    sem_wait(&entered);
    /* The worker is inside the callback of the new request handle. */
    assert_ptr_equal(WinHttpSetStatusCallback(seen_handle, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
                     blocking_callback);
    assert_int_equal(finished_inside, 0); /* we did not wait for it */
    sem_post(&release_cb);
    void *r;
    pthread_join(t, &r);
    assert_int_equal(finished_inside, 1);
    assert_ptr_equal(r, seen_handle);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    sem_destroy(&entered);
    sem_destroy(&release_cb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_returns_previous),
        cmocka_unit_test(test_invalid_handles),
        cmocka_unit_test(test_mask_filters),
        cmocka_unit_test(test_inherited_at_creation_only),
        cmocka_unit_test(test_callback_may_replace_itself),
        cmocka_unit_test(test_set_null_during_callback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
