// WinHttpTimeFromSystemTime and WinHttpTimeToSystemTime.
//
// Formatting always produces RFC 1123, "Sun, 06 Nov 1994 08:49:37 GMT".
//
// Parsing follows what Windows is observed to accept, which is far more than
// RFC 2616 section 3.3.1 asks for.  The text is read as a sequence of words
// (runs of ASCII letters) and numbers (runs of ASCII digits); every other
// character, whatever it is, only separates them.  Then:
//
//   * Before the date: the first word whose first three letters name a day
//     ("sun", "Sunday", "THU") gives wDayOfWeek; other words are skipped.  A
//     number followed by a comma and then by another number is a day of the
//     week written as a number ("5, 07-01-2005 ...").
//   * RFC 1123 / RFC 850 order, when the date starts with a number:
//     day, month (a month name or a number), year, hour, minute, second.
//     Any word in the month's place uses it up (an unknown one leaves the
//     month unset); later words (GMT, UTC, zone names) are ignored, as are
//     numbers after the seconds (zone offsets are not applied).  A number
//     directly followed by ':' starts the time even if the date is short.
//   * asctime order, when a month name comes first: month, day, then the
//     time's numbers and the year in either order; the year is the first
//     number with three or more digits, or the fourth number after the day.
//   * Years below 100 are two-digit years: 0-69 mean 2000-2069, 70-99 mean
//     1970-1999.  Numbers are kept as written (no range checks: "45" is day
//     45), saturating at 65535.
//   * The result starts from the current UTC time (Windows does the same).
//     Once any part of the date is found, the time of day starts at
//     00:00:00.000 and the fields found replace the current ones; fields
//     not given (a missing year, missing seconds) stay as they were.
//     wDayOfWeek is the string's day name, as given, when there is one, and
//     otherwise computed from the date (when the month is 1-12).
//   * Text with no date at all (empty, "Fr", "garbage") still succeeds and
//     yields the current time, with the day of the week if one was named.
//
// Both functions fail only for NULL pointers, and Win7 and later set the
// last error to ERROR_SUCCESS when they succeed.

#include <cstdio>
#include <ctime>

#include "host.h"
#include "http_time.h"
#include "trace.h"
#include "winhttp.h"

static_assert(sizeof(SYSTEMTIME) == 16, "SYSTEMTIME is eight WORDs on Windows");

namespace winhttp::http_time {
namespace {

constexpr const char *day_names[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char *month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr unsigned max_word = 0xffff;

bool is_letter(char16_t c) { return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z'); }
bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }
char16_t to_lower(char16_t c) { return (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c; }

struct token {
    enum kind_t { end, number, word } kind = end;
    const char16_t *begin = nullptr;
    const char16_t *stop = nullptr;  // one past the token
    unsigned value = 0;              // numbers: saturated at 65535
    unsigned digits = 0;
};

class tokenizer {
public:
    explicit tokenizer(const char16_t *text) : p_(text) {}

    token next()
    {
        while (*p_ && !is_letter(*p_) && !is_digit(*p_))
            ++p_;
        token t;
        if (!*p_)
            return t;
        t.begin = p_;
        if (is_digit(*p_)) {
            t.kind = token::number;
            for (; is_digit(*p_); ++p_, ++t.digits) {
                t.value = t.value * 10 + unsigned(*p_ - u'0');
                if (t.value > max_word)
                    t.value = max_word;
            }
        } else {
            t.kind = token::word;
            while (is_letter(*p_))
                ++p_;
        }
        t.stop = p_;
        return t;
    }

private:
    const char16_t *p_;
};

// Index of the name whose three letters begin the word, or -1.
template <std::size_t N>
int lookup(const token &t, const char *const (&names)[N])
{
    if (t.kind != token::word || t.stop - t.begin < 3)
        return -1;
    for (std::size_t i = 0; i < N; ++i) {
        bool same = true;
        for (int k = 0; k < 3 && same; ++k)
            same = to_lower(t.begin[k]) == char16_t(to_lower(char16_t(names[i][k])));
        if (same)
            return int(i);
    }
    return -1;
}

bool followed_by_colon(const token &t) { return *t.stop == u':'; }

bool followed_by_comma(const token &t)
{
    const char16_t *p = t.stop;
    while (*p == u' ' || *p == u'\t')
        ++p;
    return *p == u',';
}

WORD full_year(unsigned v)
{
    if (v < 70)
        return WORD(2000 + v);
    if (v < 100)
        return WORD(1900 + v);
    return WORD(v);
}

enum field { f_day, f_month, f_year, f_hour, f_minute, f_second, f_done };

void store(SYSTEMTIME &st, int f, unsigned v)
{
    switch (f) {
    case f_day: st.wDay = WORD(v); break;
    case f_month: st.wMonth = WORD(v); break;
    case f_year: st.wYear = full_year(v); break;
    case f_hour: st.wHour = WORD(v); break;
    case f_minute: st.wMinute = WORD(v); break;
    case f_second: st.wSecond = WORD(v); break;
    default: break;
    }
}

// Day, month, year, hour, minute, second; t is the day.
void read_rfc_order(tokenizer &tk, token t, SYSTEMTIME &st)
{
    int f = f_day;
    for (; t.kind != token::end && f != f_done; t = tk.next()) {
        if (t.kind == token::number) {
            if (f < f_hour && followed_by_colon(t))
                f = f_hour;
            store(st, f++, t.value);
        } else if (f == f_month) {
            int m = lookup(t, month_names);
            if (m >= 0)
                st.wMonth = WORD(m + 1);
            ++f;
        }
    }
}

// Month, day, then time and year; month_index is the month already read.
void read_asctime_order(tokenizer &tk, int month_index, SYSTEMTIME &st)
{
    st.wMonth = WORD(month_index + 1);
    bool have_day = false, have_year = false;
    int time_fields = 0;
    for (token t = tk.next(); t.kind != token::end; t = tk.next()) {
        if (t.kind != token::number)
            continue;
        if (!have_day) {
            st.wDay = WORD(t.value);
            have_day = true;
        } else if (!have_year && (t.digits >= 3 || time_fields == 3)) {
            st.wYear = full_year(t.value);
            have_year = true;
        } else if (time_fields < 3) {
            store(st, f_hour + time_fields++, t.value);
        }
        if (have_year && time_fields == 3)
            break;
    }
}

}  // namespace

unsigned day_of_week(unsigned year, unsigned month, unsigned day) noexcept
{
    // Days since 1 March of year 0 (proleptic Gregorian), counting the
    // year from March so that a leap day falls at its end.
    long y = long(year) - (month <= 2 ? 1 : 0);
    long m = month <= 2 ? long(month) + 9 : long(month) - 3;  // March = 0
    long era = (y >= 0 ? y : y - 399) / 400;
    long year_of_era = y - era * 400;
    long day_of_year = (153 * m + 2) / 5 + long(day) - 1;
    long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    long days = era * 146097 + day_of_era;
    // 1 March of year 0 was a Wednesday.
    long dow = (days + 3) % 7;
    return unsigned(dow < 0 ? dow + 7 : dow);
}

SYSTEMTIME current_utc() noexcept
{
    SYSTEMTIME st{};
    timespec ts{};
    std::tm tm{};
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !gmtime_r(&ts.tv_sec, &tm))
        return st;
    st.wYear = WORD(tm.tm_year + 1900);
    st.wMonth = WORD(tm.tm_mon + 1);
    st.wDayOfWeek = WORD(tm.tm_wday);
    st.wDay = WORD(tm.tm_mday);
    st.wHour = WORD(tm.tm_hour);
    st.wMinute = WORD(tm.tm_min);
    st.wSecond = WORD(tm.tm_sec > 59 ? 59 : tm.tm_sec);
    st.wMilliseconds = WORD(ts.tv_nsec / 1000000);
    return st;
}

bool format(const SYSTEMTIME &st, WCHAR *out) noexcept
{
    if (st.wDayOfWeek > 6 || st.wMonth < 1 || st.wMonth > 12 || st.wDay < 1 || st.wDay > 31 ||
        st.wHour > 23 || st.wMinute > 59 || st.wSecond > 59 || st.wYear > 9999)
        return false;
    char text[formatted_chars + 2];
    int n = std::snprintf(text, sizeof(text), "%s, %02u %s %04u %02u:%02u:%02u GMT",
                          day_names[st.wDayOfWeek], unsigned(st.wDay), month_names[st.wMonth - 1],
                          unsigned(st.wYear), unsigned(st.wHour), unsigned(st.wMinute),
                          unsigned(st.wSecond));
    if (n != int(formatted_chars - 1))
        return false;
    for (int i = 0; i <= n; ++i)
        out[i] = WCHAR(static_cast<unsigned char>(text[i]));
    return true;
}

void parse(const WCHAR *text, const SYSTEMTIME &now, SYSTEMTIME &out) noexcept
{
    tokenizer tk(text);
    long named_day = -1;
    token t;
    // Up to the first number or month name: the day of the week, if any.
    for (t = tk.next(); t.kind != token::end; t = tk.next()) {
        if (t.kind == token::word) {
            int d = lookup(t, day_names);
            if (d < 0) {
                if (lookup(t, month_names) >= 0)
                    break;
                continue;
            }
            if (named_day < 0)
                named_day = d;
            continue;
        }
        if (named_day < 0 && followed_by_comma(t)) {
            tokenizer ahead = tk;
            if (ahead.next().kind == token::number) {
                named_day = long(t.value);
                continue;
            }
        }
        break;
    }

    out = now;
    if (t.kind == token::end) {
        if (named_day >= 0)
            out.wDayOfWeek = WORD(named_day);
        return;
    }
    out.wHour = out.wMinute = out.wSecond = out.wMilliseconds = 0;
    if (t.kind == token::number)
        read_rfc_order(tk, t, out);
    else
        read_asctime_order(tk, lookup(t, month_names), out);

    if (named_day >= 0)
        out.wDayOfWeek = WORD(named_day);
    else if (out.wMonth >= 1 && out.wMonth <= 12)
        out.wDayOfWeek = WORD(day_of_week(out.wYear, out.wMonth, out.wDay));
}

}  // namespace winhttp::http_time

// Nothing below can throw (no allocation, C library calls only), so no
// exception can cross these exported functions.
namespace {
BOOL time_from_system_time(const SYSTEMTIME *pst, LPWSTR pwszTime)
{
    if (!pst || !pwszTime || !winhttp::http_time::format(*pst, pwszTime)) {
        winhttp::host::set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    winhttp::host::set_last_error(ERROR_SUCCESS);
    return TRUE;
}

BOOL time_to_system_time(LPCWSTR pwszTime, SYSTEMTIME *pst)
{
    if (!pwszTime || !pst) {
        winhttp::host::set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    winhttp::http_time::parse(pwszTime, winhttp::http_time::current_utc(), *pst);
    winhttp::host::set_last_error(ERROR_SUCCESS);
    return TRUE;
}
}  // namespace

extern "C" BOOL WINAPI WinHttpTimeFromSystemTime(const SYSTEMTIME *pst, LPWSTR pwszTime)
{
    return winhttp::trace::returned(__func__, time_from_system_time(pst, pwszTime));
}

extern "C" BOOL WINAPI WinHttpTimeToSystemTime(LPCWSTR pwszTime, SYSTEMTIME *pst)
{
    return winhttp::trace::returned(__func__, time_to_system_time(pwszTime, pst));
}
