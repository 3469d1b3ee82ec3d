/* How much a read returns: WinHttpReadData fills the buffer or reaches the
 * end (Microsoft's WinHttpReadDataEx page: FILL_BUFFER makes ReadDataEx
 * behave as ReadData); WinHttpReadDataEx without the flag returns what has
 * arrived.  Against the test server's /slowbody (8-byte chunks 100 ms apart). */
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "http_fixture.h"
#include "winhttp.h"

static HINTERNET get(LPCWSTR path)
{
    HINTERNET r = WinHttpOpenRequest(g_fx.connect, u"GET", path, NULL, NULL, NULL, 0);
    assert_non_null(r);
    assert_true(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0));
    assert_true(WinHttpReceiveResponse(r, NULL));
    return r;
}

static void test_read_data_fills_the_buffer(void **state)
{
    (void)state;
    HINTERNET r = get(u"/slowbody?delay_ms=100&chunks=3");
    char buf[64] = {0};
    DWORD got = 0;
    assert_true(WinHttpReadData(r, buf, 24, &got));
    assert_int_equal(got, 24);
    assert_string_equal(buf, "chunk 1\nchunk 2\nchunk 3\n");
    assert_true(WinHttpReadData(r, buf, sizeof(buf), &got));
    assert_int_equal(got, 0);
    WinHttpCloseHandle(r);

    /* A buffer larger than the rest of the body: the end stops it. */
    r = get(u"/slowbody?delay_ms=50&chunks=2");
    assert_true(WinHttpReadData(r, buf, sizeof(buf), &got));
    assert_int_equal(got, 16);
    WinHttpCloseHandle(r);
}

static void test_read_data_ex_without_flag_returns_what_arrived(void **state)
{
    (void)state;
    HINTERNET r = get(u"/slowbody?delay_ms=100&chunks=3");
    char buf[64] = {0};
    DWORD got = 77;
    assert_int_equal(WinHttpReadDataEx(r, buf, sizeof(buf), &got, 0, 0, NULL), ERROR_SUCCESS);
    assert_int_equal(got, 8);
    assert_memory_equal(buf, "chunk 1\n", 8);
    assert_int_equal(WinHttpReadDataEx(r, buf, sizeof(buf), &got, WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER, 0, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(got, 16);
    assert_memory_equal(buf, "chunk 2\nchunk 3\n", 16);
    assert_int_equal(WinHttpReadDataEx(r, buf, sizeof(buf), &got, 0, 0, NULL), ERROR_SUCCESS);
    assert_int_equal(got, 0);

    /* Reserved arguments and unknown flags; the count is zeroed first. */
    got = 77;
    assert_int_equal(WinHttpReadDataEx(r, buf, sizeof(buf), &got, 2, 0, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(got, 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(WinHttpReadDataEx(r, buf, sizeof(buf), &got, 0, 4, NULL), ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(r);
    assert_int_equal(WinHttpReadDataEx(r, buf, sizeof(buf), &got, 0, 0, NULL), ERROR_INVALID_HANDLE);
}

/* A read larger than the library's 256 KiB buffering bound still fills. */
static void test_one_read_larger_than_the_buffer_bound(void **state)
{
    (void)state;
    const DWORD size = 1u << 20;
    HINTERNET r = get(u"/bytes/1048576");
    unsigned char *buf = malloc(size);
    DWORD got = 0;
    assert_true(WinHttpReadData(r, buf, size, &got));
    assert_int_equal(got, size);
    for (DWORD i = 0; i < size; ++i)
        if (buf[i] != (unsigned char)((i * 31 + 7) % 256))
            fail_msg("byte %u differs", i);
    free(buf);
    WinHttpCloseHandle(r);
}

static int group_setup(void **state)
{
    (void)state;
    return http_fixture_open(u"test-read/1.0", NULL);
}

static int group_teardown(void **state)
{
    (void)state;
    return http_fixture_close();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_data_fills_the_buffer),
        cmocka_unit_test(test_read_data_ex_without_flag_returns_what_arrived),
        cmocka_unit_test(test_one_read_larger_than_the_buffer_bound),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
