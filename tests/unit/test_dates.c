/* Dates as Québec users type and read them. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "dates.h"
#include "i18n.h"

static tt_day ymd(int y, int m, int d)
{
    tt_day t;
    assert_int_equal(date_from_ymd(y, m, d, &t), 0);
    return t;
}

static void parses_both_forms(void **unused)
{
    tt_day t;
    assert_int_equal(date_parse("2021-02-24", &t), 0);
    assert_int_equal(t, ymd(2021, 2, 24));
    assert_int_equal(date_parse("24/02/2021", &t), 0);
    assert_int_equal(t, ymd(2021, 2, 24));
    assert_int_equal(date_parse("  4/2/2021 ", &t), 0);
    assert_int_equal(t, ymd(2021, 2, 4));
    assert_int_equal(date_parse("2021-2-4", &t), 0);
    assert_int_equal(t, ymd(2021, 2, 4));
}

static void refuses_impossible_dates(void **unused)
{
    static const char *const bad[] = {
        "31/02/2021", "29/02/2021", "2021-13-01", "2021-00-10", "2021-04-31", "00/01/2021",
        "", "abc", "2021/02/24", "24-02-2021", "24/02/21", "2021-02-24x", "1899-12-31",
        "2200-01-01", "24/02/20211",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tt_day t;
        if (date_parse(bad[i], &t) == 0)
            fail_msg("accepted \"%s\"", bad[i]);
    }
}

static void leap_years(void **unused)
{
    tt_day t;
    assert_int_equal(date_parse("29/02/2020", &t), 0);
    assert_int_equal(date_parse("29/02/2000", &t), 0);
    assert_int_not_equal(date_from_ymd(1900, 2, 29, &t), 0);
    assert_int_not_equal(date_from_ymd(2100, 2, 29, &t), 0);
}

static void round_trips(void **unused)
{
    for (tt_day t = ymd(1950, 1, 1); t < ymd(2150, 1, 1); t += 37) {
        char iso[11];
        date_iso(t, iso);
        tt_day back;
        assert_int_equal(date_parse(iso, &back), 0);
        assert_int_equal(back, t);
    }
    char iso[11];
    date_iso(0, iso);
    assert_string_equal(iso, "1970-01-01");
}

static void weekdays_and_weeks(void **unused)
{
    assert_int_equal(date_weekday(ymd(2021, 2, 24)), 3);     /* a Wednesday */
    assert_int_equal(date_weekday(ymd(2021, 2, 28)), 7);
    assert_int_equal(date_week_monday(ymd(2021, 2, 28)), ymd(2021, 2, 22));
    int y, w;
    date_iso_week(ymd(2021, 1, 3), &y, &w);
    assert_int_equal(y, 2020);
    assert_int_equal(w, 53);
    date_iso_week(ymd(2021, 1, 4), &y, &w);
    assert_int_equal(y, 2021);
    assert_int_equal(w, 1);
    date_iso_week(ymd(2021, 2, 24), &y, &w);
    assert_int_equal(w, 8);
    tt_day m;
    assert_int_equal(week_parse("2021-W08", &m), 0);
    assert_int_equal(m, ymd(2021, 2, 22));
    assert_int_equal(week_parse("2021w08", &m), 0);
    assert_int_equal(week_parse("2020-W53", &m), 0);
    assert_int_equal(m, ymd(2020, 12, 28));
    assert_int_not_equal(week_parse("2021-W53", &m), 0);
    assert_int_not_equal(week_parse("2021-W00", &m), 0);
    assert_int_not_equal(week_parse("2021-08", &m), 0);
    char buf[9];
    week_format(ymd(2021, 2, 24), buf);
    assert_string_equal(buf, "2021-W08");
}

static void long_dates_in_both_languages(void **unused)
{
    char buf[64];
    i18n_set_language("fr");
    date_long(ymd(2021, 2, 24), buf, sizeof buf);
    assert_string_equal(buf, "24 février 2021");
    date_long(ymd(2021, 3, 1), buf, sizeof buf);
    assert_string_equal(buf, "1er mars 2021");
    date_long(ymd(2021, 8, 15), buf, sizeof buf);
    assert_string_equal(buf, "15 août 2021");
    i18n_set_language("en");
    date_long(ymd(2021, 2, 24), buf, sizeof buf);
    assert_string_equal(buf, "February 24, 2021");
}

static void frozen_today_and_age(void **unused)
{
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    assert_int_equal(date_today(), ymd(2021, 4, 19));
    setenv("TUTORAT_TODAY", "not a date", 1);
    assert_true(date_today() > ymd(2020, 1, 1));
    unsetenv("TUTORAT_TODAY");
    assert_int_equal(date_age(ymd(2013, 2, 24), ymd(2021, 2, 23)), 7);
    assert_int_equal(date_age(ymd(2013, 2, 24), ymd(2021, 2, 24)), 8);
}

static void times_of_day(void **unused)
{
    static const struct { const char *in; int minutes; } ok[] = {
        { "15:30", 930 }, { "15h30", 930 }, { "15 h 30", 930 }, { "15h", 900 }, { "9:05", 545 },
        { "09:05", 545 }, { "0:00", 0 }, { "23:59", 1439 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int m = -1;
        if (time_parse(ok[i].in, &m) != 0 || m != ok[i].minutes)
            fail_msg("\"%s\" gave %d", ok[i].in, m);
    }
    static const char *const bad[] = { "24:00", "12:60", "", "abc", "15:", "15:3", "1530" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int m;
        if (time_parse(bad[i], &m) == 0)
            fail_msg("accepted \"%s\"", bad[i]);
    }
    char buf[6];
    time_format(930, buf);
    assert_string_equal(buf, "15:30");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_both_forms),
        cmocka_unit_test(refuses_impossible_dates),
        cmocka_unit_test(leap_years),
        cmocka_unit_test(round_trips),
        cmocka_unit_test(weekdays_and_weeks),
        cmocka_unit_test(long_dates_in_both_languages),
        cmocka_unit_test(frozen_today_and_age),
        cmocka_unit_test(times_of_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
