#include "http_date.h"

#include <cstring>

namespace ts {

namespace {
std::string g_fixed_date;  // written once at start-up, read-only afterwards

void put2(char* p, int v) {
  p[0] = char('0' + v / 10);
  p[1] = char('0' + v % 10);
}
}  // namespace

void format_http_date(time_t t, char* out) {
  static const char days[] = "SunMonTueWedThuFriSat";
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  struct tm tm;
  gmtime_r(&t, &tm);
  // "Www, DD Mon YYYY HH:MM:SS GMT"
  std::memcpy(out, days + 3 * tm.tm_wday, 3);
  out[3] = ',';
  out[4] = ' ';
  put2(out + 5, tm.tm_mday);
  out[7] = ' ';
  std::memcpy(out + 8, months + 3 * tm.tm_mon, 3);
  out[11] = ' ';
  int year = tm.tm_year + 1900;
  put2(out + 12, (year / 100) % 100);
  put2(out + 14, year % 100);
  out[16] = ' ';
  put2(out + 17, tm.tm_hour);
  out[19] = ':';
  put2(out + 20, tm.tm_min);
  out[22] = ':';
  put2(out + 23, tm.tm_sec);
  std::memcpy(out + 25, " GMT", 4);
}

std::string_view http_date_now() {
  if (!g_fixed_date.empty()) return g_fixed_date;
  thread_local time_t cached_second = -1;
  thread_local char cached[kHttpDateLen];
  time_t now = time(nullptr);
  if (now != cached_second) {
    format_http_date(now, cached);
    cached_second = now;
  }
  return std::string_view(cached, kHttpDateLen);
}

void set_fixed_http_date(std::string fixed) { g_fixed_date = std::move(fixed); }

}  // namespace ts
