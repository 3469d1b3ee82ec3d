/* Conformance: WinHttpSetStatusCallback.  Return values (the previous
 * callback; WINHTTP_INVALID_STATUS_CALLBACK on failure), inheritance when a
 * child is created and not later, mask filtering, HANDLE_CREATED and
 * HANDLE_CLOSING payloads and order. */
#include "conf_recorder.h"

static void CALLBACK other_callback(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    (void)h; (void)c; (void)s; (void)i; (void)l;
}

static HINTERNET open_session(void)
{
    HINTERNET s = WinHttpOpen(W("conformance/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    CHECK_NOT_NULL(s);
    return s;
}

CONF_TEST(returns_previous_callback)
{
    HINTERNET s = open_session();
    SetLastError(0xdeadbeef);
    CHECK_NULL(WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_PTR(WinHttpSetStatusCallback(s, other_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0),
              conf_recorder_callback);
    CHECK_PTR(WinHttpSetStatusCallback(s, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
              other_callback);
    CHECK_NULL(WinHttpSetStatusCallback(s, NULL, 0, 0));
    WinHttpCloseHandle(s);
}

CONF_TEST(null_handle_fails)
{
    SetLastError(0xdeadbeef);
    CHECK_PTR(WinHttpSetStatusCallback(NULL, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
              WINHTTP_INVALID_STATUS_CALLBACK);
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

CONF_TEST(closed_handle_fails)
{
    HINTERNET s = open_session();
    WinHttpCloseHandle(s);
    SetLastError(0xdeadbeef);
    CHECK_PTR(WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0),
              WINHTTP_INVALID_STATUS_CALLBACK);
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

CONF_TEST(handle_created_payload)
{
    conf_recorder_reset();
    HINTERNET s = open_session();
    DWORD_PTR ctx = 0x1234;
    CHECK_TRUE(WinHttpSetOption(s, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx));
    CHECK_NULL(WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0));
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
    CHECK_NOT_NULL(r);
    CHECK_INT(conf_recorder_count(), 2);
    struct conf_note n = conf_recorder_get(0);
    CHECK_INT(n.status, WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
    CHECK_PTR(n.handle, c);
    CHECK_PTR(n.handle_payload, c);
    CHECK_INT(n.length, sizeof(HINTERNET));
    CHECK_INT(n.thread, conf_thread_id());
    n = conf_recorder_get(1);
    CHECK_INT(n.status, WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
    CHECK_PTR(n.handle, r);
    CHECK_PTR(n.handle_payload, r);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* Decision (ours; Microsoft's pages are silent): the context value is
 * inherited at creation like the callback. */
CONF_TEST(context_inherited_at_creation)
{
    conf_recorder_reset();
    HINTERNET s = open_session();
    DWORD_PTR ctx = 0x1234;
    CHECK_TRUE(WinHttpSetOption(s, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx));
    WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    CHECK_INT(conf_recorder_count(), 1);
    CHECK_INT(conf_recorder_get(0).context, 0x1234);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

CONF_TEST(closing_order_child_first)
{
    conf_recorder_reset();
    HINTERNET s = open_session();
    WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
    conf_recorder_reset();
    CHECK_TRUE(WinHttpCloseHandle(r));
    CHECK_TRUE(WinHttpCloseHandle(c));
    CHECK_TRUE(WinHttpCloseHandle(s));
    const HINTERNET order[3] = {r, c, s};
    CHECK_INT(conf_recorder_count(), 3);
    for (int i = 0; i < 3; i++) {
        struct conf_note n = conf_recorder_get(i);
        CHECK_INT(n.status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
        CHECK_PTR(n.handle, order[i]);
        CHECK_PTR(n.handle_payload, order[i]);
        CHECK_INT(n.length, sizeof(HINTERNET));
        CHECK_INT(n.thread, conf_thread_id());
    }
}

/* Closing the parents first: the children's HANDLE_CLOSING still comes
 * before their parents'. */
CONF_TEST(closing_order_parent_first)
{
    conf_recorder_reset();
    HINTERNET s = open_session();
    WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, NULL, NULL, NULL, NULL, 0);
    conf_recorder_reset();
    CHECK_TRUE(WinHttpCloseHandle(s));
    CHECK_TRUE(WinHttpCloseHandle(c));
    CHECK_INT(conf_recorder_count(), 0);
    CHECK_TRUE(WinHttpCloseHandle(r));
    const HINTERNET order[3] = {r, c, s};
    CHECK_INT(conf_recorder_count(), 3);
    for (int i = 0; i < 3; i++) {
        struct conf_note n = conf_recorder_get(i);
        CHECK_INT(n.status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
        CHECK_PTR(n.handle, order[i]);
    }
}

CONF_TEST(mask_filters)
{
    conf_recorder_reset();
    HINTERNET s = open_session();
    WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, 0);
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    CHECK_INT(conf_recorder_count(), 0); /* HANDLE_CREATED not selected */
    WinHttpCloseHandle(c);
    CHECK_INT(conf_recorder_count(), 1);
    CHECK_INT(conf_recorder_get(0).status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    WinHttpCloseHandle(s);
    CHECK_INT(conf_recorder_count(), 1);
}

CONF_TEST(inherited_at_creation_only)
{
    conf_recorder_reset();
    HINTERNET s = open_session();
    HINTERNET c_before = WinHttpConnect(s, W("localhost"), 80, 0);
    WinHttpSetStatusCallback(s, conf_recorder_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c_after = WinHttpConnect(s, W("localhost"), 80, 0);
    CHECK_INT(conf_recorder_count(), 1);
    CHECK_PTR(conf_recorder_get(0).handle, c_after);
    /* Removing the session's callback does not reach existing children. */
    WinHttpSetStatusCallback(s, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    HINTERNET r = WinHttpOpenRequest(c_after, NULL, NULL, NULL, NULL, NULL, 0);
    CHECK_INT(conf_recorder_count(), 2);
    CHECK_PTR(conf_recorder_get(1).handle, r);
    /* The earlier child never had one. */
    HINTERNET r_before = WinHttpOpenRequest(c_before, NULL, NULL, NULL, NULL, NULL, 0);
    CHECK_INT(conf_recorder_count(), 2);
    WinHttpCloseHandle(r_before);
    WinHttpCloseHandle(c_before);
    CHECK_INT(conf_recorder_count(), 2);
    WinHttpCloseHandle(r);
    CHECK_INT(conf_recorder_count(), 3);
    WinHttpCloseHandle(c_after);
    CHECK_INT(conf_recorder_count(), 4);
    WinHttpCloseHandle(s); /* its callback was removed */
    CHECK_INT(conf_recorder_count(), 4);
}

/* A callback may change its own registration while it runs. */
static int self_removing_calls;
static void CALLBACK self_removing(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    (void)c; (void)i; (void)l;
    self_removing_calls++;
    if (s == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED)
        WinHttpSetStatusCallback(h, NULL, 0, 0);
}

CONF_TEST(callback_removes_itself)
{
    self_removing_calls = 0;
    HINTERNET s = open_session();
    WinHttpSetStatusCallback(s, self_removing, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    HINTERNET c = WinHttpConnect(s, W("localhost"), 80, 0);
    CHECK_INT(self_removing_calls, 1);
    WinHttpCloseHandle(c); /* removed: no HANDLE_CLOSING */
    CHECK_INT(self_removing_calls, 1);
    WinHttpCloseHandle(s);
    CHECK_INT(self_removing_calls, 2);
}

static const struct conf_case cases[] = {
    CONF_CASE(returns_previous_callback),
    CONF_CASE(null_handle_fails),
    CONF_CASE(closed_handle_fails),
    CONF_CASE(handle_created_payload),
    CONF_CASE(context_inherited_at_creation),
    CONF_CASE(closing_order_child_first),
    CONF_CASE(closing_order_parent_first),
    CONF_CASE(mask_filters),
    CONF_CASE(inherited_at_creation_only),
    CONF_CASE(callback_removes_itself),
};
CONF_SUITE(conf_suite_callbacks, "callbacks", cases);
