/* WinHttpTimeFromSystemTime, WinHttpTimeToSystemTime, WinHttpCheckPlatform.
 *
 * The cases from Windows' own behaviour: "Mon, 28 Jul 2008 10:05:52 GMT"
 * both ways, the lenient " mon 28 jul 2008 10 05 52", NULL arguments failing
 * with ERROR_INVALID_PARAMETER and ERROR_SUCCESS after success (Win7+), and
 * the forms Windows' shared HTTP date parser accepts (numeric months and
 * days of the week, any punctuation as separator, trailing junk, asctime).
 * Everything else pins the choices documented at the top of
 * dlls/winhttp/time.cpp. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "winhttp.h"

#define BUF_CHARS (WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(WCHAR))
#define SENTINEL 0xcccc

static SYSTEMTIME make_time(WORD y, WORD mo, WORD dow, WORD d, WORD h, WORD mi, WORD s, WORD ms)
{
    SYSTEMTIME st;
    st.wYear = y;
    st.wMonth = mo;
    st.wDayOfWeek = dow;
    st.wDay = d;
    st.wHour = h;
    st.wMinute = mi;
    st.wSecond = s;
    st.wMilliseconds = ms;
    return st;
}

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

/* ASCII copy of a UTF-16 string, for CMocka's string comparisons. */
static const char *narrow(const WCHAR *s, char *buf, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; ++i)
        buf[i] = s[i] < 0x80 ? (char)s[i] : '?';
    buf[i] = 0;
    return buf;
}

static void fill_sentinel(WCHAR *buf, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        buf[i] = SENTINEL;
}

static int all_sentinel(const WCHAR *buf, size_t from, size_t to)
{
    for (size_t i = from; i < to; ++i)
        if (buf[i] != SENTINEL)
            return 0;
    return 1;
}

/* Formats st and checks the text, the terminator, ERROR_SUCCESS, and that
 * nothing past the terminator was written. */
static void check_format_at(SYSTEMTIME st, const char *expect, const char *file, int line)
{
    WCHAR buf[BUF_CHARS + 4];
    char got[64];
    fill_sentinel(buf, BUF_CHARS + 4);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpTimeFromSystemTime(&st, buf);
    DWORD err = GetLastError();
    _assert_true(ret, "WinHttpTimeFromSystemTime", file, line);
    _assert_int_equal(err, ERROR_SUCCESS, file, line);
    _assert_string_equal(narrow(buf, got, sizeof(got)), expect, file, line);
    size_t n = strlen(expect);
    _assert_int_equal(wlen(buf), n, file, line);
    _assert_true(all_sentinel(buf, n + 1, BUF_CHARS + 4), "nothing written past the terminator", file, line);
}
#define check_format(st, expect) check_format_at(st, expect, __FILE__, __LINE__)

static void check_format_rejected_at(SYSTEMTIME st, const char *file, int line)
{
    WCHAR buf[BUF_CHARS];
    fill_sentinel(buf, BUF_CHARS);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpTimeFromSystemTime(&st, buf);
    DWORD err = GetLastError();
    _assert_true(!ret, "WinHttpTimeFromSystemTime fails", file, line);
    _assert_int_equal(err, ERROR_INVALID_PARAMETER, file, line);
    _assert_true(all_sentinel(buf, 0, BUF_CHARS), "buffer untouched", file, line);
}
#define check_format_rejected(st) check_format_rejected_at(st, __FILE__, __LINE__)

/* Parses text into a structure full of junk and compares every field. */
static void check_parse_at(const WCHAR *text, SYSTEMTIME expect, const char *file, int line)
{
    SYSTEMTIME got;
    memset(&got, 0xff, sizeof(got));
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpTimeToSystemTime(text, &got);
    DWORD err = GetLastError();
    _assert_true(ret, "WinHttpTimeToSystemTime", file, line);
    _assert_int_equal(err, ERROR_SUCCESS, file, line);
    if (memcmp(&got, &expect, sizeof(got)) != 0) {
        char t[128];
        print_error("parsing \"%s\"\n  got    {%u,%u,%u,%u,%u,%u,%u,%u}\n  expect {%u,%u,%u,%u,%u,%u,%u,%u}\n",
                    narrow(text, t, sizeof(t)), got.wYear, got.wMonth, got.wDayOfWeek, got.wDay,
                    got.wHour, got.wMinute, got.wSecond, got.wMilliseconds, expect.wYear,
                    expect.wMonth, expect.wDayOfWeek, expect.wDay, expect.wHour, expect.wMinute,
                    expect.wSecond, expect.wMilliseconds);
        _fail(file, line);
    }
}
#define check_parse(text, y, mo, dow, d, h, mi, s) \
    check_parse_at(text, make_time(y, mo, dow, d, h, mi, s, 0), __FILE__, __LINE__)

/* ---- WinHttpTimeFromSystemTime ---- */

static void test_from_windows_example(void **state)
{
    (void)state;
    check_format(make_time(2008, 7, 1, 28, 10, 5, 52, 0), "Mon, 28 Jul 2008 10:05:52 GMT");
    check_format(make_time(1994, 11, 0, 6, 8, 49, 37, 0), "Sun, 06 Nov 1994 08:49:37 GMT");
}

static void test_from_fits_documented_buffer(void **state)
{
    (void)state;
    /* 29 characters and the terminator: 60 of the 62 documented bytes. */
    WCHAR buf[BUF_CHARS];
    SYSTEMTIME st = make_time(9999, 12, 6, 31, 23, 59, 59, 999);
    assert_true(WinHttpTimeFromSystemTime(&st, buf));
    assert_int_equal(BUF_CHARS, 31);
    assert_int_equal(wlen(buf), 29);
    assert_memory_equal(buf, u"Sat, 31 Dec 9999 23:59:59 GMT", 30 * sizeof(WCHAR));
}

static void test_from_day_name_as_given(void **state)
{
    (void)state;
    /* 6 Nov 1994 was a Sunday: the name still comes from wDayOfWeek. */
    check_format(make_time(1994, 11, 3, 6, 8, 49, 37, 0), "Wed, 06 Nov 1994 08:49:37 GMT");
    /* Nor is the date checked against its month: 31 February is printed. */
    check_format(make_time(2023, 2, 5, 31, 0, 0, 0, 0), "Fri, 31 Feb 2023 00:00:00 GMT");
}

static void test_from_all_names(void **state)
{
    (void)state;
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char expect[64];
    for (WORD d = 0; d < 7; ++d) {
        snprintf(expect, sizeof(expect), "%s, 01 Jan 2001 00:00:00 GMT", days[d]);
        check_format(make_time(2001, 1, d, 1, 0, 0, 0, 0), expect);
    }
    for (WORD m = 1; m <= 12; ++m) {
        snprintf(expect, sizeof(expect), "Mon, 09 %s 2000 07:08:09 GMT", months[m - 1]);
        check_format(make_time(2000, m, 1, 9, 7, 8, 9, 0), expect);
    }
}

static void test_from_padding_and_milliseconds(void **state)
{
    (void)state;
    /* Years are four digits, zero-padded; milliseconds are ignored, even
     * out of range. */
    check_format(make_time(999, 3, 2, 5, 1, 2, 3, 0), "Tue, 05 Mar 0999 01:02:03 GMT");
    check_format(make_time(0, 1, 0, 1, 0, 0, 0, 0), "Sun, 01 Jan 0000 00:00:00 GMT");
    check_format(make_time(2024, 2, 4, 29, 23, 59, 59, 5000), "Thu, 29 Feb 2024 23:59:59 GMT");
}

static void test_from_out_of_range(void **state)
{
    (void)state;
    check_format_rejected(make_time(1994, 0, 0, 6, 8, 49, 37, 0));   /* month 0 */
    check_format_rejected(make_time(1994, 13, 0, 6, 8, 49, 37, 0));  /* month 13 */
    check_format_rejected(make_time(1994, 11, 7, 6, 8, 49, 37, 0));  /* day of week 7 */
    check_format_rejected(make_time(1994, 11, 0, 0, 8, 49, 37, 0));  /* day 0 */
    check_format_rejected(make_time(1994, 11, 0, 32, 8, 49, 37, 0)); /* day 32 */
    check_format_rejected(make_time(1994, 11, 0, 6, 24, 49, 37, 0)); /* hour 24 */
    check_format_rejected(make_time(1994, 11, 0, 6, 8, 60, 37, 0));  /* minute 60 */
    check_format_rejected(make_time(1994, 11, 0, 6, 8, 49, 60, 0));  /* second 60 */
    check_format_rejected(make_time(10000, 11, 0, 6, 8, 49, 37, 0)); /* five-digit year */
    check_format_rejected(make_time(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff));
}

static void test_from_null_arguments(void **state)
{
    (void)state;
    SYSTEMTIME st = make_time(2008, 7, 1, 28, 10, 5, 52, 0);
    WCHAR buf[BUF_CHARS];
    fill_sentinel(buf, BUF_CHARS);

    SetLastError(0xdeadbeef);
    assert_false(WinHttpTimeFromSystemTime(&st, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    assert_false(WinHttpTimeFromSystemTime(NULL, buf));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_true(all_sentinel(buf, 0, BUF_CHARS));

    SetLastError(0xdeadbeef);
    assert_false(WinHttpTimeFromSystemTime(NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

/* ---- WinHttpTimeToSystemTime: the standard forms ---- */

static void test_to_windows_examples(void **state)
{
    (void)state;
    check_parse(u"Mon, 28 Jul 2008 10:05:52 GMT\n", 2008, 7, 1, 28, 10, 5, 52);
    check_parse(u" mon 28 jul 2008 10 05 52\n", 2008, 7, 1, 28, 10, 5, 52);
    check_parse(u"Tue, 21 Nov 2000 01:06:53 GMT", 2000, 11, 2, 21, 1, 6, 53);
}

static void test_to_three_http_forms(void **state)
{
    (void)state;
    check_parse(u"Sun, 06 Nov 1994 08:49:37 GMT", 1994, 11, 0, 6, 8, 49, 37);  /* RFC 1123 */
    check_parse(u"Sunday, 06-Nov-94 08:49:37 GMT", 1994, 11, 0, 6, 8, 49, 37); /* RFC 850 */
    check_parse(u"Sun Nov  6 08:49:37 1994", 1994, 11, 0, 6, 8, 49, 37);       /* asctime */
}

static void test_to_asctime_variants(void **state)
{
    (void)state;
    check_parse(u"Fri Jan 7 12:06:35 2005", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"Fri Jan 7 12:06:35 2005 GMT", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"Fri Jan 7 12:06:35 2005 UTC", 2005, 1, 5, 7, 12, 6, 35);
    /* Two-digit year after the three time fields; year before the time. */
    check_parse(u"Sun Nov  6 08:49:37 94", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"Sun Nov 6 1994 08:49:37", 1994, 11, 0, 6, 8, 49, 37);
    /* Missing seconds, missing time, and no day name (computed). */
    check_parse(u"Sun Nov  6 08:49 1994", 1994, 11, 0, 6, 8, 49, 0);
    check_parse(u"Sun Nov  6 1994", 1994, 11, 0, 6, 0, 0, 0);
    check_parse(u"Nov  6 08:49:37 1994", 1994, 11, 0, 6, 8, 49, 37);
}

static void test_to_case_and_names(void **state)
{
    (void)state;
    check_parse(u"SUN, 06 NOV 1994 08:49:37 gmt", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"thursday, 01 january 1970 00:00:00 GMT", 1970, 1, 4, 1, 0, 0, 0);
    check_parse(u"Wednesday, 09-September-2099 23:59:59", 2099, 9, 3, 9, 23, 59, 59);
    /* Three letters decide: "Thurs", "Sept", "Tuesdayish". */
    check_parse(u"Thurs, 02 Sept 2010 10:00:00 GMT", 2010, 9, 4, 2, 10, 0, 0);
    check_parse(u"Tuesdayish, 07 Dec 2021 10:00:00 GMT", 2021, 12, 2, 7, 10, 0, 0);
}

static void test_to_whitespace(void **state)
{
    (void)state;
    check_parse(u"   Sun,   06    Nov\t1994  08:49:37   GMT   ", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"Sun,06 Nov 1994 08:49:37GMT", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"Sun,06Nov1994 08:49:37", 1994, 11, 0, 6, 8, 49, 37);
    /* Any character that is not an ASCII letter or digit separates. */
    check_parse(u"Sun,\u00a006\u3000Nov 1994 08:49:37 GMT", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"2, 11*01/2022 11+13=05", 2022, 1, 2, 11, 11, 13, 5);
    check_parse(u"2, 11-01-2022 11#13^05", 2022, 1, 2, 11, 11, 13, 5);
}

static void test_to_missing_time_parts(void **state)
{
    (void)state;
    check_parse(u"Sun, 06 Nov 1994 08:49 GMT", 1994, 11, 0, 6, 8, 49, 0);
    check_parse(u"Sun, 06 Nov 1994 08", 1994, 11, 0, 6, 8, 0, 0);
    check_parse(u"Sun, 06 Nov 1994", 1994, 11, 0, 6, 0, 0, 0);
    check_parse(u"Sun, 06 Nov 1994 GMT", 1994, 11, 0, 6, 0, 0, 0);
}

static void test_to_zone_and_trailing_text(void **state)
{
    (void)state;
    check_parse(u"Fri, 07 Jan 2005 12:06:35 UTC", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"Fri, 07 Jan 2005 12:06:35", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"5, 07-01-2005 12:06:35 GMT;", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"5, 07-01-2005 12:06:35 GMT123", 2005, 1, 5, 7, 12, 6, 35);
    /* Offsets are not applied: the time is taken as written. */
    check_parse(u"Sun, 06 Nov 1994 08:49:37 +0100", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"Sun, 06 Nov 1994 08:49:37 PST", 1994, 11, 0, 6, 8, 49, 37);
}

static void test_to_numeric_fields(void **state)
{
    (void)state;
    /* Month as a number, day of the week as a number. */
    check_parse(u"Fri, 07-01-2005 12:06:35", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"5, 07-01-2005 12:06:35 GMT", 2005, 1, 5, 7, 12, 6, 35);
    check_parse(u"2, 11 01 2022 11 13 05", 2022, 1, 2, 11, 11, 13, 5);
    check_parse(u"2, 11-Jan-2022 11:13:05", 2022, 1, 2, 11, 11, 13, 5);
    /* A number and a comma before a month name is the day, not a weekday. */
    check_parse(u"06, Nov 1994 08:49:37", 1994, 11, 0, 6, 8, 49, 37);
}

static void test_to_day_of_week(void **state)
{
    (void)state;
    /* Taken from the string as given, not checked against the date. */
    check_parse(u"Mon, 06 Nov 1994 08:49:37 GMT", 1994, 11, 1, 6, 8, 49, 37);
    check_parse(u"6, 06 11 1994 08:49:37", 1994, 11, 6, 6, 8, 49, 37);
    /* No name: computed from the date. */
    check_parse(u"06 Nov 1994 08:49:37 GMT", 1994, 11, 0, 6, 8, 49, 37);
    check_parse(u"29 Feb 2000 00:00:00", 2000, 2, 2, 29, 0, 0, 0);
    check_parse(u"01 Jan 1601 00:00:00", 1601, 1, 1, 1, 0, 0, 0);
    check_parse(u"31 Dec 9999 23:59:59", 9999, 12, 5, 31, 23, 59, 59);
    /* Only the first day name counts. */
    check_parse(u"Sat Sun, 06 Nov 1994 08:49:37 GMT", 1994, 11, 6, 6, 8, 49, 37);
}

static void test_to_two_digit_years(void **state)
{
    (void)state;
    check_parse(u"Thu, 01-Jan-70 00:00:00 GMT", 1970, 1, 4, 1, 0, 0, 0);
    check_parse(u"Fri, 31-Dec-99 23:59:59 GMT", 1999, 12, 5, 31, 23, 59, 59);
    check_parse(u"Sat, 01-Jan-00 00:00:00 GMT", 2000, 1, 6, 1, 0, 0, 0);
    check_parse(u"Tue, 31-Dec-69 23:59:59 GMT", 2069, 12, 2, 31, 23, 59, 59);
    check_parse(u"Tue, 31-Dec-0069 23:59:59 GMT", 2069, 12, 2, 31, 23, 59, 59);
    check_parse(u"Fri, 31 Dec 100 23:59:59 GMT", 100, 12, 5, 31, 23, 59, 59);
}

static void test_to_values_kept_as_written(void **state)
{
    (void)state;
    /* No range checks: a lenient reader keeps what it was given. */
    check_parse(u"Sun, 45 Nov 1994 25:61:99 GMT", 1994, 11, 0, 45, 25, 61, 99);
    check_parse(u"Sun, 06 13 1994 08:49:37", 1994, 13, 0, 6, 8, 49, 37);
    /* Numbers saturate at 65535. */
    check_parse(u"Sun, 99999999 Nov 1994 00:00:00", 1994, 11, 0, 65535, 0, 0, 0);
    check_parse(u"Sun, 06 Nov 65536 00:00:00", 65535, 11, 0, 6, 0, 0, 0);
}

/* ---- WinHttpTimeToSystemTime: what the text does not give ---- */

struct clock_window {
    time_t before, after;
};

/* The seconds of CLOCK_REALTIME, which the library reads.  Not time(NULL):
 * glibc answers that from the clock's last tick, up to a few milliseconds
 * behind, so just after a second began the library's "now" could fall
 * outside a window taken with it (it happened once, in session 6). */
static time_t realtime_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec;
}

static struct clock_window parse_now(const WCHAR *text, SYSTEMTIME *st)
{
    struct clock_window w;
    memset(st, 0xff, sizeof(*st));
    w.before = realtime_seconds();
    SetLastError(0xdeadbeef);
    assert_true(WinHttpTimeToSystemTime(text, st));
    w.after = realtime_seconds();
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    return w;
}

static time_t to_time_t(const SYSTEMTIME *st)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = st->wYear - 1900;
    tm.tm_mon = st->wMonth - 1;
    tm.tm_mday = st->wDay;
    tm.tm_hour = st->wHour;
    tm.tm_min = st->wMinute;
    tm.tm_sec = st->wSecond;
    return timegm(&tm);
}

static int year_of(time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

static int month_of(time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_mon + 1;
}

static int wday_of(time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_wday;
}

static void test_to_no_date_is_current_time(void **state)
{
    (void)state;
    static const WCHAR *const texts[] = {u"", u"Fr", u"garbage", u"  ,;: ", u"GMT"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); ++i) {
        SYSTEMTIME st;
        struct clock_window w = parse_now(texts[i], &st);
        time_t t = to_time_t(&st);
        assert_in_range(t, w.before, w.after);
        assert_int_equal(st.wDayOfWeek, wday_of(t));
        assert_in_range(st.wMilliseconds, 0, 999);
    }
}

static void test_to_day_name_only(void **state)
{
    (void)state;
    /* The current time, with the day of the week the text names. */
    SYSTEMTIME st;
    struct clock_window w = parse_now(u"Sunday", &st);
    assert_in_range(to_time_t(&st), w.before, w.after);
    assert_int_equal(st.wDayOfWeek, 0);
    w = parse_now(u"wed", &st);
    assert_int_equal(st.wDayOfWeek, 3);
}

static void test_to_missing_year(void **state)
{
    (void)state;
    /* The year stays the current one; "08:" starts the time. */
    SYSTEMTIME st;
    struct clock_window w = parse_now(u"Sun, 06 Nov 08:49:37 GMT", &st);
    assert_in_range(st.wYear, year_of(w.before), year_of(w.after));
    assert_int_equal(st.wMonth, 11);
    assert_int_equal(st.wDay, 6);
    assert_int_equal(st.wDayOfWeek, 0);
    assert_int_equal(st.wHour, 8);
    assert_int_equal(st.wMinute, 49);
    assert_int_equal(st.wSecond, 37);
    assert_int_equal(st.wMilliseconds, 0);
}

static void test_to_unknown_month_word(void **state)
{
    (void)state;
    /* A word in the month's place uses it up; the month stays current. */
    SYSTEMTIME st;
    struct clock_window w = parse_now(u"Sun, 06 Foo 1994 08:49:37", &st);
    assert_in_range(st.wMonth, month_of(w.before), month_of(w.after));
    assert_int_equal(st.wYear, 1994);
    assert_int_equal(st.wDay, 6);
    assert_int_equal(st.wDayOfWeek, 0);
    assert_int_equal(st.wHour, 8);
    assert_int_equal(st.wMinute, 49);
    assert_int_equal(st.wSecond, 37);
    assert_int_equal(st.wMilliseconds, 0);
}

static void test_to_null_arguments(void **state)
{
    (void)state;
    SYSTEMTIME st, junk;
    memset(&st, 0x5a, sizeof(st));
    memset(&junk, 0x5a, sizeof(junk));

    SetLastError(0xdeadbeef);
    assert_false(WinHttpTimeToSystemTime(u"Sun, 06 Nov 1994 08:49:37 GMT", NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    assert_false(WinHttpTimeToSystemTime(NULL, &st));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_memory_equal(&st, &junk, sizeof(st));

    SetLastError(0xdeadbeef);
    assert_false(WinHttpTimeToSystemTime(NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

static void test_round_trip(void **state)
{
    (void)state;
    /* Every valid formatted time reads back to the same structure. */
    static const SYSTEMTIME cases[] = {
        {1994, 11, 0, 6, 8, 49, 37, 0}, {2000, 2, 2, 29, 0, 0, 0, 0},
        {1970, 1, 4, 1, 0, 0, 0, 0},    {2069, 12, 2, 31, 23, 59, 59, 0},
        {9999, 12, 5, 31, 23, 59, 59, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
        WCHAR buf[BUF_CHARS];
        SYSTEMTIME back;
        assert_true(WinHttpTimeFromSystemTime(&cases[i], buf));
        memset(&back, 0xff, sizeof(back));
        assert_true(WinHttpTimeToSystemTime(buf, &back));
        assert_memory_equal(&back, &cases[i], sizeof(back));
    }
}

/* ---- WinHttpCheckPlatform ---- */

static void test_check_platform(void **state)
{
    (void)state;
    SetLastError(0xdeadbeef);
    assert_int_equal(WinHttpCheckPlatform(), TRUE);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_windows_example),
        cmocka_unit_test(test_from_fits_documented_buffer),
        cmocka_unit_test(test_from_day_name_as_given),
        cmocka_unit_test(test_from_all_names),
        cmocka_unit_test(test_from_padding_and_milliseconds),
        cmocka_unit_test(test_from_out_of_range),
        cmocka_unit_test(test_from_null_arguments),
        cmocka_unit_test(test_to_windows_examples),
        cmocka_unit_test(test_to_three_http_forms),
        cmocka_unit_test(test_to_asctime_variants),
        cmocka_unit_test(test_to_case_and_names),
        cmocka_unit_test(test_to_whitespace),
        cmocka_unit_test(test_to_missing_time_parts),
        cmocka_unit_test(test_to_zone_and_trailing_text),
        cmocka_unit_test(test_to_numeric_fields),
        cmocka_unit_test(test_to_day_of_week),
        cmocka_unit_test(test_to_two_digit_years),
        cmocka_unit_test(test_to_values_kept_as_written),
        cmocka_unit_test(test_to_no_date_is_current_time),
        cmocka_unit_test(test_to_day_name_only),
        cmocka_unit_test(test_to_missing_year),
        cmocka_unit_test(test_to_unknown_month_word),
        cmocka_unit_test(test_to_null_arguments),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_check_platform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
