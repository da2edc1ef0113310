/* Calendar dates as day numbers, parsing of what Québec users type, and
 * formatting in the user's language.  No curses, no SQL. */
#ifndef TT_DATES_H
#define TT_DATES_H
#include <stddef.h>
#include <stdint.h>

typedef int32_t tt_day;            /* days since 1970-01-01 (proleptic Gregorian) */
#define TT_DAY_NONE INT32_MIN

/* 0 when y-m-d is a real calendar date in 1900..2199, -1 otherwise. */
int date_from_ymd(int y, int m, int d, tt_day *out);
void date_to_ymd(tt_day day, int *y, int *m, int *d);
/* Accepts "2021-02-24" and "24/02/2021" (surrounding blanks ignored);
 * rejects impossible dates such as 31/02/2021.  0 ok, -1 bad. */
int date_parse(const char *s, tt_day *out);
/* "2021-02-24"; buf must hold 11 bytes. */
void date_iso(tt_day day, char buf[11]);
/* In the current language: "24 février 2021" / "February 24, 2021"
 * (French writes "1er mars 2021"). */
void date_long(tt_day day, char *buf, size_t size);
int date_weekday(tt_day day);              /* 1 = Monday .. 7 = Sunday */
void date_iso_week(tt_day day, int *iso_year, int *week);
tt_day date_week_monday(tt_day day);       /* Monday of day's ISO week */
/* "2021-W08" -> Monday of that ISO week.  0 ok, -1 bad. */
int week_parse(const char *s, tt_day *monday);
/* "2021-W08"; buf must hold 9 bytes. */
void week_format(tt_day monday, char buf[9]);
/* Today in local time, or TUTORAT_TODAY=YYYY-MM-DD when set (tests freeze
 * the date this way). */
tt_day date_today(void);
/* Age in whole years on a given day. */
int date_age(tt_day birth, tt_day on);

/* Times of day as minutes after midnight: accepts "15:30", "15h30",
 * "15 h 30", "15h", "9:05".  0 ok, -1 bad. */
int time_parse(const char *s, int *minutes);
/* "15:30" (French readers accept it too); buf holds 6 bytes. */
void time_format(int minutes, char buf[6]);

#endif
