#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dates.h"
#include "i18n.h"
#include "util.h"

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no tables. */
static tt_day days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(tt_day z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yy + (*m <= 2);
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : n[m - 1];
}

int date_from_ymd(int y, int m, int d, tt_day *out)
{
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* What surrounds a value typed in a form or read from a CSV cell. */
static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

/* Reads 1 to max digits; returns the count read, 0 when none. */
static int read_number(const char **p, int max, int *value)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *value = v;
    return n;
}

/* Reads "-" or "/" and the number after it. */
static int read_part(const char **p, char sep, int max, int *value)
{
    if (**p != sep)
        return 0;
    (*p)++;
    return read_number(p, max, value);
}

int date_parse(const char *s, tt_day *out)
{
    if (s == NULL)
        return -1;
    const char *p = skip_blanks(s);
    int a, b, c;
    int na = read_number(&p, 4, &a);
    if (na == 4 && *p == '-') {
        /* Zero padding is optional ("2021-2-4"); validity is not. */
        if (read_part(&p, '-', 2, &b) == 0 || read_part(&p, '-', 2, &c) == 0)
            return -1;
        return *skip_blanks(p) == '\0' ? date_from_ymd(a, b, c, out) : -1;
    }
    if (na == 1 || na == 2) {
        if (read_part(&p, '/', 2, &b) == 0 || read_part(&p, '/', 4, &c) != 4)
            return -1;
        return *skip_blanks(p) == '\0' ? date_from_ymd(c, b, a, out) : -1;
    }
    return -1;
}

void date_iso(tt_day day, char buf[11])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

void date_long(tt_day day, char *buf, size_t size)
{
    static const char *const fr[] = { "janvier", "février", "mars", "avril", "mai", "juin",
                                      "juillet", "août", "septembre", "octobre", "novembre",
                                      "décembre" };
    static const char *const en[] = { "January", "February", "March", "April", "May", "June",
                                      "July", "August", "September", "October", "November",
                                      "December" };
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    if (strcmp(i18n_lang(), "fr") == 0) {
        if (d == 1)
            snprintf(buf, size, "1er %s %d", fr[m - 1], y);
        else
            snprintf(buf, size, "%d %s %d", d, fr[m - 1], y);
    } else {
        snprintf(buf, size, "%s %d, %d", en[m - 1], d, y);
    }
}

int date_weekday(tt_day day)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((day % 7 + 7) % 7);
    return (w + 3) % 7 + 1;
}

tt_day date_week_monday(tt_day day)
{
    /* "No date" has no week; subtracting from it would overflow. */
    if (day == TT_DAY_NONE)
        return TT_DAY_NONE;
    return day - (date_weekday(day) - 1);
}

void date_iso_week(tt_day day, int *iso_year, int *week)
{
    /* The Thursday of the week decides its year. */
    tt_day thursday = date_week_monday(day) + 3;
    int y, m, d;
    date_to_ymd(thursday, &y, &m, &d);
    tt_day jan1 = days_from_civil(y, 1, 1);
    *iso_year = y;
    *week = (int)((thursday - jan1) / 7) + 1;
}

int week_parse(const char *s, tt_day *monday)
{
    if (s == NULL)
        return -1;
    const char *p = skip_blanks(s);
    int y, w;
    if (read_number(&p, 4, &y) != 4 || y < 1900 || y > 2199)
        return -1;
    if (*p == '-')
        p++;
    if (*p != 'W' && *p != 'w')
        return -1;
    p++;
    if (read_number(&p, 2, &w) == 0 || w < 1 || *skip_blanks(p) != '\0')
        return -1;
    /* Week 1 holds January 4th. */
    tt_day week1 = date_week_monday(days_from_civil(y, 1, 4));
    tt_day m = week1 + (w - 1) * 7;
    int iy, iw;
    date_iso_week(m, &iy, &iw);
    if (iy != y || iw != w)
        return -1;
    *monday = m;
    return 0;
}

void week_format(tt_day monday, char buf[9])
{
    int y, w;
    date_iso_week(monday, &y, &w);
    snprintf(buf, 9, "%04u-W%02u", (unsigned)y % 10000u, (unsigned)w % 100u);
}

tt_day date_today(void)
{
    const char *frozen = getenv("TUTORAT_TODAY");
    tt_day d;
    if (frozen && frozen[0] && date_parse(frozen, &d) == 0)
        return d;
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL) {
        /* Without a clock or a time zone, UTC's day is the best guess. */
        return (tt_day)((now == (time_t)-1 ? 0 : now) / 86400);
    }
    return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int date_age(tt_day birth, tt_day on)
{
    int by, bm, bd, y, m, d;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(on, &y, &m, &d);
    int age = y - by;
    if (m < bm || (m == bm && d < bd))
        age--;
    return age;
}

int time_parse(const char *s, int *minutes)
{
    if (s == NULL)
        return -1;
    const char *p = skip_blanks(s);
    int h, m = 0;
    if (read_number(&p, 2, &h) == 0)
        return -1;
    while (*p == ' ')
        p++;
    char sep = *p;
    if (sep != ':' && sep != 'h' && sep != 'H')
        return -1;
    p++;
    while (*p == ' ')
        p++;
    /* French writes "15h" for the hour; a colon always has minutes. */
    int nm = read_number(&p, 2, &m);
    if ((nm == 0 && sep == ':') || nm == 1)
        return -1;
    if (*skip_blanks(p) != '\0' || h > 23 || m > 59)
        return -1;
    *minutes = h * 60 + m;
    return 0;
}

void time_format(int minutes, char buf[6])
{
    if (minutes < 0 || minutes >= 24 * 60)
        minutes = 0;
    snprintf(buf, 6, "%02d:%02d", minutes / 60, minutes % 60);
}
