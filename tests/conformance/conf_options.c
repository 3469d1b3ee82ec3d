/* Conformance: WinHttpSetOption/WinHttpQueryOption/WinHttpSetTimeouts that
 * need no network.  Error codes, buffer sizes (the size needed is written
 * back on ERROR_INSUFFICIENT_BUFFER), defaults, handle kinds. */
#include "conformance.h"

struct handles { HINTERNET s, c, r; };

static struct handles open_all(void)
{
    struct handles h;
    h.s = WinHttpOpen(W("agent/1"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    CHECK_NOT_NULL(h.s);
    h.c = WinHttpConnect(h.s, W("example.com"), 0, 0);
    CHECK_NOT_NULL(h.c);
    h.r = WinHttpOpenRequest(h.c, NULL, W("/p"), NULL, NULL, NULL, 0);
    CHECK_NOT_NULL(h.r);
    return h;
}

static void close_all(struct handles h)
{
    WinHttpCloseHandle(h.r);
    WinHttpCloseHandle(h.c);
    WinHttpCloseHandle(h.s);
}

static DWORD query_dword(HINTERNET h, DWORD option)
{
    DWORD v = 0xdeadbeef, len = sizeof v;
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpQueryOption(h, option, &v, &len));
    CHECK_INT(len, sizeof(DWORD));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    return v;
}

CONF_TEST(timeout_defaults)
{
    struct handles h = open_all();
    CHECK_INT(query_dword(h.s, WINHTTP_OPTION_RESOLVE_TIMEOUT), 0);
    CHECK_INT(query_dword(h.s, WINHTTP_OPTION_CONNECT_TIMEOUT), 60000);
    CHECK_INT(query_dword(h.s, WINHTTP_OPTION_SEND_TIMEOUT), 30000);
    CHECK_INT(query_dword(h.s, WINHTTP_OPTION_RECEIVE_TIMEOUT), 30000);
    CHECK_INT(query_dword(h.r, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT), 90000);
    close_all(h);
}

CONF_TEST(set_timeouts_reach_new_requests)
{
    struct handles h = open_all();
    CHECK_TRUE(WinHttpSetTimeouts(h.s, 1, 2, 3, 4));
    CHECK_INT(query_dword(h.s, WINHTTP_OPTION_CONNECT_TIMEOUT), 2);
    HINTERNET c2 = WinHttpConnect(h.s, W("x"), 80, 0);
    HINTERNET r2 = WinHttpOpenRequest(c2, NULL, NULL, NULL, NULL, NULL, 0);
    CHECK_INT(query_dword(r2, WINHTTP_OPTION_RESOLVE_TIMEOUT), 1);
    CHECK_INT(query_dword(r2, WINHTTP_OPTION_SEND_TIMEOUT), 3);
    CHECK_INT(query_dword(r2, WINHTTP_OPTION_RECEIVE_TIMEOUT), 4);
    WinHttpCloseHandle(r2);
    WinHttpCloseHandle(c2);
    close_all(h);
}

CONF_TEST(set_timeouts_errors)
{
    struct handles h = open_all();
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSetTimeouts(h.r, -2, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSetTimeouts(NULL, 0, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    close_all(h);
}

/* Decision (ours): timeouts are refused on connect handles, which the
 * documentation does not list among the handles they apply to. */
CONF_TEST(set_timeouts_on_connect_handle)
{
    struct handles h = open_all();
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSetTimeouts(h.c, 0, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    close_all(h);
}

CONF_TEST(unknown_option)
{
    struct handles h = open_all();
    DWORD v = 0, len = sizeof v;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryOption(h.r, 0x7fff, &v, &len));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INVALID_OPTION);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSetOption(h.r, 0x7fff, &v, sizeof v));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_INVALID_OPTION);
    close_all(h);
}

CONF_TEST(context_value_round_trip)
{
    struct handles h = open_all();
    DWORD_PTR v = 1, ctx = (DWORD_PTR)0x1122334455667788ull;
    DWORD len = sizeof v;
    CHECK_TRUE(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
    CHECK_INT(v, 0);
    CHECK_TRUE(WinHttpSetOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx));
    len = sizeof v;
    CHECK_TRUE(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
    CHECK_INT(v, ctx);
    CHECK_INT(len, sizeof(DWORD_PTR));
    close_all(h);
}

CONF_TEST(short_buffer_reports_size)
{
    struct handles h = open_all();
    DWORD_PTR v = 0;
    DWORD len = 4;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &v, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, sizeof(DWORD_PTR));
    len = 0;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, sizeof(DWORD_PTR));
    close_all(h);
}

CONF_TEST(set_short_size)
{
    struct handles h = open_all();
    DWORD_PTR ctx = 5;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSetOption(h.c, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, 4));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    close_all(h);
}

CONF_TEST(query_only_not_settable)
{
    struct handles h = open_all();
    DWORD v = 1;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpSetOption(h.r, WINHTTP_OPTION_HANDLE_TYPE, &v, sizeof v));
    CHECK_INT(GetLastError(), ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    close_all(h);
}

CONF_TEST(parent_handle)
{
    struct handles h = open_all();
    HINTERNET parent = (HINTERNET)1;
    DWORD len = sizeof parent;
    CHECK_TRUE(WinHttpQueryOption(h.r, WINHTTP_OPTION_PARENT_HANDLE, &parent, &len));
    CHECK_PTR(parent, h.c);
    len = sizeof parent;
    CHECK_TRUE(WinHttpQueryOption(h.c, WINHTTP_OPTION_PARENT_HANDLE, &parent, &len));
    CHECK_PTR(parent, h.s);
    close_all(h);
}

CONF_TEST(request_url)
{
    struct handles h = open_all();
    WCHAR url[64];
    DWORD len = sizeof url;
    CHECK_TRUE(WinHttpQueryOption(h.r, WINHTTP_OPTION_URL, url, &len));
    CHECK_WSTR(url, conf_wlen(url), "http://example.com/p");
    CHECK_INT(len, 20 * sizeof(WCHAR)); /* bytes, without the NUL */
    len = 4;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryOption(h.r, WINHTTP_OPTION_URL, url, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 21 * sizeof(WCHAR)); /* bytes, with the NUL */
    close_all(h);
}

CONF_TEST(user_agent)
{
    struct handles h = open_all();
    WCHAR agent[32];
    DWORD len = sizeof agent;
    CHECK_TRUE(WinHttpQueryOption(h.s, WINHTTP_OPTION_USER_AGENT, agent, &len));
    CHECK_WSTR(agent, conf_wlen(agent), "agent/1");
    CHECK_INT(len, 7 * sizeof(WCHAR));
    close_all(h);
}

CONF_TEST(query_null_length)
{
    struct handles h = open_all();
    DWORD v;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpQueryOption(h.s, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    close_all(h);
}

static const struct conf_case cases[] = {
    CONF_CASE(timeout_defaults),
    CONF_CASE(set_timeouts_reach_new_requests),
    CONF_CASE(set_timeouts_errors),
    CONF_CASE(set_timeouts_on_connect_handle),
    CONF_CASE(unknown_option),
    CONF_CASE(context_value_round_trip),
    CONF_CASE(short_buffer_reports_size),
    CONF_CASE(set_short_size),
    CONF_CASE(query_only_not_settable),
    CONF_CASE(parent_handle),
    CONF_CASE(request_url),
    CONF_CASE(user_agent),
    CONF_CASE(query_null_length),
};
CONF_SUITE(conf_suite_options, "options", cases);
