#include "http_fixture.h"

#include "cmocka_all.h"

struct http_fixture g_fx;

int http_fixture_open(LPCWSTR agent, WINHTTP_STATUS_CALLBACK callback)
{
    g_fx.server = testserver_start(NULL);
    if (!g_fx.server)
        return -1;
    g_fx.session = WinHttpOpen(agent, WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    if (!g_fx.session)
        return -1;
    if (callback)
        WinHttpSetStatusCallback(g_fx.session, callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    g_fx.connect = WinHttpConnect(g_fx.session, u"127.0.0.1", (INTERNET_PORT)testserver_port(g_fx.server), 0);
    return g_fx.connect ? 0 : -1;
}

int http_fixture_close(void)
{
    WinHttpCloseHandle(g_fx.connect);
    WinHttpCloseHandle(g_fx.session);
    testserver_stop(g_fx.server);
    return 0;
}

size_t http_read_all(HINTERNET r, void *buf, size_t cap)
{
    char *out = buf;
    size_t total = 0;
    DWORD got;
    do {
        got = 0;
        assert_true(WinHttpReadData(r, out + total, (DWORD)(cap - 1 - total), &got));
        total += got;
    } while (got && total < cap - 1);
    out[total] = 0;
    return total;
}
