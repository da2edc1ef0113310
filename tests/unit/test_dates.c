/* Dates as Québec users type and read them. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "dates.h"
#include "i18n.h"

static tt_day ymd(int y, int m, int d)
{
    tt_day t = TT_DAY_NONE;
    if (date_from_ymd(y, m, d, &t) != 0)
        fail_msg("%04d-%02d-%02d refused", y, m, d);
    return t;
}

static void calendar_limits(void **unused)
{
    tt_day t;
    assert_int_equal(ymd(1970, 1, 1), 0);
    assert_int_equal(ymd(1969, 12, 31), -1);
    assert_int_equal(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
    assert_int_equal(ymd(2021, 3, 1) - ymd(2021, 2, 28), 1);
    assert_int_equal(ymd(2022, 1, 1) - ymd(2021, 1, 1), 365);
    assert_int_equal(ymd(2021, 1, 1) - ymd(2020, 1, 1), 366);
    assert_int_equal(date_from_ymd(1900, 1, 1, &t), 0);
    assert_int_equal(date_from_ymd(2199, 12, 31, &t), 0);
    assert_int_equal(date_from_ymd(1899, 12, 31, &t), -1);
    assert_int_equal(date_from_ymd(2200, 1, 1, &t), -1);
    assert_int_equal(date_from_ymd(2021, 4, 31, &t), -1);
    assert_int_equal(date_from_ymd(2021, 4, 30, &t), 0);
    assert_int_equal(date_from_ymd(2021, 0, 1, &t), -1);
    assert_int_equal(date_from_ymd(2021, 13, 1, &t), -1);
    assert_int_equal(date_from_ymd(2021, 1, 0, &t), -1);
    assert_int_equal(date_from_ymd(2021, 1, 32, &t), -1);
    assert_int_equal(date_from_ymd(2021, -1, 1, &t), -1);
}

static void every_day_converts_both_ways(void **unused)
{
    /* Each day of the supported range: consecutive numbers, and the same
     * date after a trip through both text forms. */
    tt_day expected = ymd(1900, 1, 1);
    for (int y = 1900; y <= 2199; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                tt_day t;
                if (date_from_ymd(y, m, d, &t) != 0)
                    continue;
                if (t != expected)
                    fail_msg("%d-%d-%d is %d, wanted %d", y, m, d, (int)t, (int)expected);
                expected++;
                int yy, mm, dd;
                date_to_ymd(t, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("%d-%d-%d came back as %d-%d-%d", y, m, d, yy, mm, dd);
                char iso[11], fr[16];
                date_iso(t, iso);
                snprintf(fr, sizeof fr, "%d/%d/%d", d, m, y);
                tt_day back1 = TT_DAY_NONE, back2 = TT_DAY_NONE;
                if (date_parse(iso, &back1) != 0 || back1 != t || date_parse(fr, &back2) != 0 ||
                    back2 != t)
                    fail_msg("%s / %s did not come back", iso, fr);
            }
        }
    }
    assert_int_equal(expected, ymd(2199, 12, 31) + 1);
}

static void parses_both_forms(void **unused)
{
    static const struct {
        const char *in;
        int y, m, d;
    } ok[] = {
        { "2021-02-24", 2021, 2, 24 },   { "24/02/2021", 2021, 2, 24 },
        { "  4/2/2021 ", 2021, 2, 4 },   { "04/02/2021", 2021, 2, 4 },
        { "2021-2-4", 2021, 2, 4 },      { "2021-02-4", 2021, 2, 4 },
        { "\t2021-12-31\r\n", 2021, 12, 31 }, { "1/1/1900", 1900, 1, 1 },
        { "31/12/2199", 2199, 12, 31 },  { "29/02/2020", 2020, 2, 29 },
        { "2000-02-29", 2000, 2, 29 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        tt_day t = TT_DAY_NONE;
        if (date_parse(ok[i].in, &t) != 0 || t != ymd(ok[i].y, ok[i].m, ok[i].d))
            fail_msg("\"%s\" misread", ok[i].in);
    }
}

static void refuses_impossible_dates(void **unused)
{
    static const char *const bad[] = {
        "31/02/2021", "29/02/2021", "29/02/1900", "29/02/2100", "2021-13-01", "2021-00-10",
        "2021-04-31", "00/01/2021", "31/04/2021", "1/13/2021", "", "   ", "abc", "2021/02/24",
        "24-02-2021", "24/02/21", "2021-02-24x", "x2021-02-24", "1899-12-31", "2200-01-01",
        "24/02/20211", "20211-02-24", "2021-002-24", "2021-02-024", "2021--02-24", "2021-02-",
        "2021-02", "/02/2021", "24/02/", "24//2021", "123/02/2021", "24 /02/2021",
        "2021-02-24 x", "+2021-02-24", "-2021-02-24", "2021-02-24T10:00", "24.02.2021",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tt_day t = 12345;
        if (date_parse(bad[i], &t) == 0)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(t, 12345); /* untouched on failure */
    }
    tt_day t;
    assert_int_equal(date_parse(NULL, &t), -1);
}

static void leap_years(void **unused)
{
    tt_day t;
    assert_int_equal(date_parse("29/02/2020", &t), 0);
    assert_int_equal(date_parse("29/02/2000", &t), 0);
    assert_int_equal(date_parse("2024-02-29", &t), 0);
    assert_int_equal(date_parse("29/02/2021", &t), -1);
    assert_int_equal(date_parse("1900-02-29", &t), -1);
    assert_int_equal(date_from_ymd(1900, 2, 29, &t), -1);
    assert_int_equal(date_from_ymd(2100, 2, 29, &t), -1);
    assert_int_equal(date_from_ymd(2000, 2, 29, &t), 0);
    assert_int_equal(date_from_ymd(2000, 2, 30, &t), -1);
}

static void iso_form(void **unused)
{
    char iso[11];
    date_iso(0, iso);
    assert_string_equal(iso, "1970-01-01");
    date_iso(ymd(1900, 1, 1), iso);
    assert_string_equal(iso, "1900-01-01");
    date_iso(ymd(2021, 2, 4), iso);
    assert_string_equal(iso, "2021-02-04");
    date_iso(ymd(2199, 12, 31), iso);
    assert_string_equal(iso, "2199-12-31");
}

static void weekdays(void **unused)
{
    assert_int_equal(date_weekday(0), 4);                    /* 1970-01-01, Thursday */
    assert_int_equal(date_weekday(ymd(1900, 1, 1)), 1);      /* a Monday */
    assert_int_equal(date_weekday(ymd(2000, 1, 1)), 6);      /* a Saturday */
    assert_int_equal(date_weekday(ymd(2021, 2, 24)), 3);     /* a Wednesday */
    assert_int_equal(date_weekday(ymd(2021, 2, 28)), 7);
    assert_int_equal(date_weekday(ymd(1969, 12, 29)), 1);
    for (tt_day t = ymd(1900, 1, 1); t < ymd(2199, 12, 31); t++) {
        if (date_weekday(t + 1) != date_weekday(t) % 7 + 1)
            fail_msg("weekday jumps after day %d", (int)t);
    }
    assert_int_equal(date_week_monday(ymd(2021, 2, 28)), ymd(2021, 2, 22));
    assert_int_equal(date_week_monday(ymd(2021, 2, 22)), ymd(2021, 2, 22));
    assert_int_equal(date_week_monday(ymd(2021, 1, 1)), ymd(2020, 12, 28));
    assert_int_equal(date_week_monday(-1), ymd(1969, 12, 29));
    assert_int_equal(date_week_monday(TT_DAY_NONE), TT_DAY_NONE);
}

static void iso_weeks_at_year_ends(void **unused)
{
    static const struct {
        int y, m, d, iso_year, week;
    } cases[] = {
        { 2021, 1, 3, 2020, 53 },   { 2021, 1, 4, 2021, 1 },   { 2021, 2, 24, 2021, 8 },
        { 2020, 12, 31, 2020, 53 }, { 2019, 12, 30, 2020, 1 }, { 2019, 12, 29, 2019, 52 },
        { 2024, 12, 30, 2025, 1 },  { 2026, 12, 31, 2026, 53 }, { 2027, 1, 1, 2026, 53 },
        { 2027, 1, 4, 2027, 1 },    { 2008, 12, 29, 2009, 1 }, { 2010, 1, 3, 2009, 53 },
        { 2005, 1, 2, 2004, 53 },   { 2005, 1, 3, 2005, 1 },   { 1900, 1, 1, 1900, 1 },
        { 2021, 12, 31, 2021, 52 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y = 0, w = 0;
        date_iso_week(ymd(cases[i].y, cases[i].m, cases[i].d), &y, &w);
        if (y != cases[i].iso_year || w != cases[i].week)
            fail_msg("%d-%02d-%02d is %d-W%02d, wanted %d-W%02d", cases[i].y, cases[i].m,
                     cases[i].d, y, w, cases[i].iso_year, cases[i].week);
    }
}

static void weeks_parse_and_format(void **unused)
{
    tt_day m;
    char buf[9];
    assert_int_equal(week_parse("2021-W08", &m), 0);
    assert_int_equal(m, ymd(2021, 2, 22));
    assert_int_equal(week_parse("2021-w08", &m), 0);
    assert_int_equal(m, ymd(2021, 2, 22));
    assert_int_equal(week_parse("2021W08", &m), 0);
    assert_int_equal(m, ymd(2021, 2, 22));
    assert_int_equal(week_parse("2021w08", &m), 0);
    assert_int_equal(week_parse(" 2021-W08 ", &m), 0);
    assert_int_equal(m, ymd(2021, 2, 22));
    assert_int_equal(week_parse("2020-W53", &m), 0);
    assert_int_equal(m, ymd(2020, 12, 28));
    assert_int_equal(week_parse("2021-W01", &m), 0);
    assert_int_equal(m, ymd(2021, 1, 4));
    assert_int_equal(week_parse("2020-W01", &m), 0);
    assert_int_equal(m, ymd(2019, 12, 30));
    static const char *const bad[] = {
        "2021-W53", "2021-W00", "2021-W54", "2021-W99", "2021-08", "21-W08", "2021-W",
        "2021-W08x", "2021-W-08", "2021-W008", "", "W08", "1899-W52", "2200-W01", "2021--W08",
        "2021-X08",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tt_day t = 777;
        if (week_parse(bad[i], &t) == 0)
            fail_msg("accepted week \"%s\"", bad[i]);
        assert_int_equal(t, 777);
    }
    assert_int_equal(week_parse(NULL, &m), -1);
    week_format(ymd(2021, 2, 24), buf);
    assert_string_equal(buf, "2021-W08");
    week_format(ymd(2021, 1, 3), buf);
    assert_string_equal(buf, "2020-W53");
    week_format(ymd(2019, 12, 30), buf);
    assert_string_equal(buf, "2020-W01");
    /* Every Monday comes back from its label. */
    for (tt_day t = date_week_monday(ymd(1901, 1, 1)); t < ymd(2199, 1, 1); t += 7) {
        week_format(t, buf);
        tt_day back = TT_DAY_NONE;
        if (week_parse(buf, &back) != 0 || back != t)
            fail_msg("week %s did not come back", buf);
    }
}

static void long_dates_in_french(void **unused)
{
    static const struct {
        int y, m, d;
        const char *want;
    } cases[] = {
        { 2021, 2, 24, "24 février 2021" }, { 2021, 3, 1, "1er mars 2021" },
        { 2021, 3, 2, "2 mars 2021" },      { 2021, 8, 15, "15 août 2021" },
        { 2021, 1, 1, "1er janvier 2021" }, { 2021, 12, 31, "31 décembre 2021" },
        { 2021, 4, 11, "11 avril 2021" },   { 2021, 5, 21, "21 mai 2021" },
        { 2021, 6, 30, "30 juin 2021" },    { 2021, 7, 14, "14 juillet 2021" },
        { 2021, 9, 3, "3 septembre 2021" }, { 2021, 10, 31, "31 octobre 2021" },
        { 2021, 11, 11, "11 novembre 2021" },
    };
    char buf[64];
    i18n_set_language("fr");
    assert_string_equal(i18n_lang(), "fr");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        date_long(ymd(cases[i].y, cases[i].m, cases[i].d), buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
    }
    i18n_set_language("en");
}

static void long_dates_in_english(void **unused)
{
    char buf[64];
    i18n_set_language("en");
    assert_string_equal(i18n_lang(), "en");
    date_long(ymd(2021, 2, 24), buf, sizeof buf);
    assert_string_equal(buf, "February 24, 2021");
    date_long(ymd(2021, 3, 1), buf, sizeof buf);
    assert_string_equal(buf, "March 1, 2021");
    date_long(ymd(2021, 12, 31), buf, sizeof buf);
    assert_string_equal(buf, "December 31, 2021");
    date_long(ymd(1900, 1, 1), buf, sizeof buf);
    assert_string_equal(buf, "January 1, 1900");
    /* A short buffer is cut, never overrun. */
    char small[6];
    date_long(ymd(2021, 2, 24), small, sizeof small);
    assert_string_equal(small, "Febru");
}

static void frozen_today(void **unused)
{
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    assert_int_equal(date_today(), ymd(2021, 4, 19));
    setenv("TUTORAT_TODAY", "2020-02-29", 1);
    assert_int_equal(date_today(), ymd(2020, 2, 29));

    time_t now = time(NULL);
    struct tm tm;
    assert_non_null(localtime_r(&now, &tm));
    tt_day local = ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    static const char *const ignored[] = { "not a date", "2021-02-30", "" };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        setenv("TUTORAT_TODAY", ignored[i], 1);
        tt_day t = date_today();
        /* Midnight may pass between the two readings of the clock. */
        if (t != local && t != local + 1)
            fail_msg("TUTORAT_TODAY=\"%s\" was not ignored", ignored[i]);
    }
    unsetenv("TUTORAT_TODAY");
    tt_day t = date_today();
    assert_true(t == local || t == local + 1);
}

static void ages(void **unused)
{
    assert_int_equal(date_age(ymd(2013, 2, 24), ymd(2021, 2, 23)), 7);
    assert_int_equal(date_age(ymd(2013, 2, 24), ymd(2021, 2, 24)), 8);
    assert_int_equal(date_age(ymd(2013, 2, 24), ymd(2021, 12, 31)), 8);
    assert_int_equal(date_age(ymd(2013, 12, 31), ymd(2014, 1, 1)), 0);
    assert_int_equal(date_age(ymd(2013, 2, 24), ymd(2013, 2, 24)), 0);
    /* Born on February 29th: a year older on March 1st in common years. */
    assert_int_equal(date_age(ymd(2012, 2, 29), ymd(2021, 2, 28)), 8);
    assert_int_equal(date_age(ymd(2012, 2, 29), ymd(2021, 3, 1)), 9);
    assert_int_equal(date_age(ymd(2012, 2, 29), ymd(2016, 2, 29)), 4);
    assert_int_equal(date_age(ymd(1900, 1, 1), ymd(2199, 12, 31)), 299);
}

static void times_of_day(void **unused)
{
    static const struct {
        const char *in;
        int minutes;
    } ok[] = {
        { "15:30", 930 }, { "15h30", 930 }, { "15 h 30", 930 }, { "15h", 900 },
        { "9:05", 545 },  { "09:05", 545 }, { "0:00", 0 },      { "00:00", 0 },
        { "23:59", 1439 }, { "15H30", 930 }, { " 9h05 ", 545 },  { "9 h", 540 },
        { "15h 30", 930 }, { "15 h30", 930 }, { "\t8:00\r\n", 480 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int m = -1;
        if (time_parse(ok[i].in, &m) != 0 || m != ok[i].minutes)
            fail_msg("\"%s\" gave %d", ok[i].in, m);
    }
    static const char *const bad[] = {
        "24:00", "12:60", "", "abc", "15:", "15: ", "15:3", "1530", "15h3", "-1:00", "15:30x",
        "15h30h", "x15:30", "15 30", ":30", "123:00", "15:300", "15", "h30", "25h", "15.30",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int m = -7;
        if (time_parse(bad[i], &m) == 0)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(m, -7);
    }
    int m;
    assert_int_equal(time_parse(NULL, &m), -1);
}

static void time_formats(void **unused)
{
    char buf[6];
    time_format(930, buf);
    assert_string_equal(buf, "15:30");
    time_format(545, buf);
    assert_string_equal(buf, "09:05");
    time_format(0, buf);
    assert_string_equal(buf, "00:00");
    time_format(1439, buf);
    assert_string_equal(buf, "23:59");
    for (int t = 0; t < 24 * 60; t++) {
        int back = -1;
        time_format(t, buf);
        if (time_parse(buf, &back) != 0 || back != t)
            fail_msg("%s did not come back", buf);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_limits),
        cmocka_unit_test(every_day_converts_both_ways),
        cmocka_unit_test(parses_both_forms),
        cmocka_unit_test(refuses_impossible_dates),
        cmocka_unit_test(leap_years),
        cmocka_unit_test(iso_form),
        cmocka_unit_test(weekdays),
        cmocka_unit_test(iso_weeks_at_year_ends),
        cmocka_unit_test(weeks_parse_and_format),
        cmocka_unit_test(long_dates_in_french),
        cmocka_unit_test(long_dates_in_english),
        cmocka_unit_test(frozen_today),
        cmocka_unit_test(ages),
        cmocka_unit_test(times_of_day),
        cmocka_unit_test(time_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
