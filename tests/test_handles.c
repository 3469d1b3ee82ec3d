/* Handles: WinHttpOpen/Connect/OpenRequest/CloseHandle, the handle table's
 * error codes, HANDLE_CREATED/HANDLE_CLOSING payloads and their order. */
#include "cmocka_all.h"
#include "recorder.h"

static HINTERNET open_session(void)
{
    return WinHttpOpen(u"test/1.0", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
}

static void test_open_defaults_and_bad_arguments(void **state)
{
    (void)state;
    SetLastError(0xdeadbeef);
    HINTERNET s = open_session();
    assert_non_null(s);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_true(WinHttpCloseHandle(s));

    SetLastError(0xdeadbeef);
    assert_null(WinHttpOpen(u"a", 2, NULL, NULL, 0)); /* 2 is not an access type */
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_null(WinHttpOpen(u"a", WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, NULL, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    s = WinHttpOpen(NULL, WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"proxy:8080", u"<local>", WINHTTP_FLAG_ASYNC);
    assert_non_null(s);
    assert_true(WinHttpCloseHandle(s));
}

static void test_connect_arguments(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    SetLastError(0xdeadbeef);
    assert_null(WinHttpConnect(s, NULL, 80, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_null(WinHttpConnect(s, u"", 80, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    assert_null(WinHttpConnect(s, u"localhost", 80, 1)); /* reserved must be 0 */
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    HINTERNET c = WinHttpConnect(s, u"localhost", 0, 0);
    assert_non_null(c);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    /* A connect handle is not a session. */
    SetLastError(0xdeadbeef);
    assert_null(WinHttpConnect(c, u"localhost", 80, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_open_request_types_and_url(void **state)
{
    (void)state;
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, u"example.com", 0, 0);
    /* A session is not a connect handle. */
    SetLastError(0xdeadbeef);
    assert_null(WinHttpOpenRequest(s, NULL, NULL, NULL, NULL, NULL, 0));
    assert_int_equal(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    LPCWSTR types[] = {u"text/html", u"*/*", NULL};
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, WINHTTP_NO_REFERER, types, 0);
    assert_non_null(r);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    WCHAR url[64];
    DWORD len = sizeof(url);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_URL, url, &len));
    /* Default object "/" and default port 80 (not shown). */
    assert_memory_equal(url, u"http://example.com/", 20 * 2);
    assert_int_equal(len, 19 * 2);
    WinHttpCloseHandle(r);

    /* WINHTTP_FLAG_SECURE with port 0 means 443; object names without a
     * leading slash get one (our decision, as the request line needs it). */
    r = WinHttpOpenRequest(c, u"POST", u"a/b?c=1", NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    len = sizeof(url);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_URL, url, &len));
    assert_memory_equal(url, u"https://example.com/a/b?c=1", 28 * 2);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);

    c = WinHttpConnect(s, u"example.com", 8080, 0);
    r = WinHttpOpenRequest(c, NULL, u"/x", NULL, NULL, NULL, 0);
    len = sizeof(url);
    assert_true(WinHttpQueryOption(r, WINHTTP_OPTION_URL, url, &len));
    assert_memory_equal(url, u"http://example.com:8080/x", 26 * 2);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void test_bad_handles(void **state)
{
    (void)state;
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCloseHandle(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    HINTERNET s = open_session();
    assert_true(WinHttpCloseHandle(s));
    /* Closed: every later use reports an invalid handle. */
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCloseHandle(s));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    assert_null(WinHttpConnect(s, u"h", 80, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* A new handle in the same slot does not revive the old value. */
    HINTERNET s2 = open_session();
    assert_ptr_not_equal(s2, s);
    SetLastError(0xdeadbeef);
    assert_false(WinHttpCloseHandle(s));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* Values never issued, including pointers and all-ones. */
    int local;
    HINTERNET junk[] = {(HINTERNET)&local, (HINTERNET)(uintptr_t)-1, (HINTERNET)(uintptr_t)0x12345678,
                        (HINTERNET)(uintptr_t)0xfffff};
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        SetLastError(0xdeadbeef);
        assert_false(WinHttpCloseHandle(junk[i]));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        DWORD v, len = sizeof(v);
        SetLastError(0xdeadbeef);
        assert_false(WinHttpQueryOption(junk[i], WINHTTP_OPTION_HANDLE_TYPE, &v, &len));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    }
    WinHttpCloseHandle(s2);
}

static void test_handle_notifications_in_order(void **state)
{
    (void)state;
    recorder_reset();
    HINTERNET s = open_session();
    DWORD_PTR ctx = 0x1234;
    assert_true(WinHttpSetOption(s, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)));
    assert_null(WinHttpSetStatusCallback(s, recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0));
    HINTERNET c = WinHttpConnect(s, u"localhost", 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
    assert_int_equal(g_recorder.count, 2);
    assert_int_equal(g_recorder.items[0].status, WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
    assert_ptr_equal(g_recorder.items[0].handle, c);
    assert_ptr_equal(g_recorder.items[0].handle_payload, c);
    assert_int_equal(g_recorder.items[0].length, sizeof(HINTERNET));
    assert_int_equal(g_recorder.items[0].context, 0x1234); /* inherited at creation */
    assert_int_equal(g_recorder.items[1].status, WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
    assert_ptr_equal(g_recorder.items[1].handle, r);

    /* Close the parents first: their HANDLE_CLOSING waits for the children. */
    assert_true(WinHttpCloseHandle(s));
    assert_true(WinHttpCloseHandle(c));
    assert_int_equal(g_recorder.count, 2);
    /* Closed handles are unusable at once even though objects live on. */
    SetLastError(0xdeadbeef);
    assert_null(WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    assert_true(WinHttpCloseHandle(r));
    assert_int_equal(g_recorder.count, 5);
    HINTERNET order[] = {r, c, s};
    for (int i = 0; i < 3; i++) {
        struct notification *n = &g_recorder.items[2 + i];
        assert_int_equal(n->status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
        assert_ptr_equal(n->handle, order[i]);
        assert_ptr_equal(n->handle_payload, order[i]);
        assert_int_equal(n->length, sizeof(HINTERNET));
        assert_true(pthread_equal(n->thread, pthread_self()));
    }
}

static void test_many_handles_unique(void **state)
{
    (void)state;
    enum { N = 2000 };
    static HINTERNET hs[N];
    HINTERNET s = open_session();
    HINTERNET c = WinHttpConnect(s, u"h", 80, 0);
    for (int i = 0; i < N; i++) {
        hs[i] = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
        assert_non_null(hs[i]);
    }
    for (int i = 1; i < N; i++)
        assert_ptr_not_equal(hs[i], hs[i - 1]);
    for (int i = 0; i < N; i++)
        assert_true(WinHttpCloseHandle(hs[i]));
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_defaults_and_bad_arguments),
        cmocka_unit_test(test_connect_arguments),
        cmocka_unit_test(test_open_request_types_and_url),
        cmocka_unit_test(test_bad_handles),
        cmocka_unit_test(test_handle_notifications_in_order),
        cmocka_unit_test(test_many_handles_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
