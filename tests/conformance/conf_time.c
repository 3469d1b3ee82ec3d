/* Conformance: WinHttpTimeFromSystemTime / WinHttpTimeToSystemTime.  The
 * three HTTP date forms, Windows' own documented example, range checks and
 * NULL arguments. */
#include "conformance.h"

#define BUF_CHARS (WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(WCHAR))

static SYSTEMTIME make_time(WORD y, WORD mo, WORD dow, WORD d, WORD h, WORD mi, WORD s)
{
    SYSTEMTIME st;
    memset(&st, 0, sizeof st);
    st.wYear = y;
    st.wMonth = mo;
    st.wDayOfWeek = dow;
    st.wDay = d;
    st.wHour = h;
    st.wMinute = mi;
    st.wSecond = s;
    return st;
}

static void check_format(SYSTEMTIME st, const char *want)
{
    WCHAR buf[BUF_CHARS];
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpTimeFromSystemTime(&st, buf));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_WSTR(buf, conf_wlen(buf), want);
}

static void check_parse(const WCHAR *text, SYSTEMTIME want)
{
    SYSTEMTIME got;
    memset(&got, 0xff, sizeof got);
    SetLastError(0xdeadbeef);
    CHECK_TRUE(WinHttpTimeToSystemTime(text, &got));
    CHECK_INT(GetLastError(), ERROR_SUCCESS);
    CHECK_INT(got.wYear, want.wYear);
    CHECK_INT(got.wMonth, want.wMonth);
    CHECK_INT(got.wDayOfWeek, want.wDayOfWeek);
    CHECK_INT(got.wDay, want.wDay);
    CHECK_INT(got.wHour, want.wHour);
    CHECK_INT(got.wMinute, want.wMinute);
    CHECK_INT(got.wSecond, want.wSecond);
    CHECK_INT(got.wMilliseconds, 0);
}

CONF_TEST(format_documented_example)
{
    check_format(make_time(2008, 7, 1, 28, 10, 5, 52), "Mon, 28 Jul 2008 10:05:52 GMT");
    check_format(make_time(1994, 11, 0, 6, 8, 49, 37), "Sun, 06 Nov 1994 08:49:37 GMT");
}

CONF_TEST(format_day_name_from_field)
{
    /* 6 Nov 1994 was a Sunday: the day name still comes from wDayOfWeek. */
    check_format(make_time(1994, 11, 3, 6, 8, 49, 37), "Wed, 06 Nov 1994 08:49:37 GMT");
}

CONF_TEST(format_month_out_of_range)
{
    SYSTEMTIME st = make_time(1994, 13, 0, 6, 8, 49, 37);
    WCHAR buf[BUF_CHARS];
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpTimeFromSystemTime(&st, buf));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

CONF_TEST(format_null_arguments)
{
    SYSTEMTIME st = make_time(2008, 7, 1, 28, 10, 5, 52);
    WCHAR buf[BUF_CHARS];
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpTimeFromSystemTime(&st, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpTimeFromSystemTime(NULL, buf));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

CONF_TEST(parse_rfc1123)
{
    check_parse(W("Sun, 06 Nov 1994 08:49:37 GMT"), make_time(1994, 11, 0, 6, 8, 49, 37));
    check_parse(W("Mon, 28 Jul 2008 10:05:52 GMT\n"), make_time(2008, 7, 1, 28, 10, 5, 52));
}

CONF_TEST(parse_rfc850)
{
    check_parse(W("Sunday, 06-Nov-94 08:49:37 GMT"), make_time(1994, 11, 0, 6, 8, 49, 37));
}

CONF_TEST(parse_asctime)
{
    check_parse(W("Sun Nov  6 08:49:37 1994"), make_time(1994, 11, 0, 6, 8, 49, 37));
}

CONF_TEST(parse_lenient_separators)
{
    check_parse(W(" mon 28 jul 2008 10 05 52\n"), make_time(2008, 7, 1, 28, 10, 5, 52));
}

CONF_TEST(parse_null_arguments)
{
    SYSTEMTIME st;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpTimeToSystemTime(NULL, &st));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(WinHttpTimeToSystemTime(W("Sun, 06 Nov 1994 08:49:37 GMT"), NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

static const struct conf_case cases[] = {
    CONF_CASE(format_documented_example),
    CONF_CASE(format_day_name_from_field),
    CONF_CASE(format_month_out_of_range),
    CONF_CASE(format_null_arguments),
    CONF_CASE(parse_rfc1123),
    CONF_CASE(parse_rfc850),
    CONF_CASE(parse_asctime),
    CONF_CASE(parse_lenient_separators),
    CONF_CASE(parse_null_arguments),
};
CONF_SUITE(conf_suite_time, "time", cases);
