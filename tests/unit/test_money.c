/* Money: what people type, and how each language writes it. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "i18n.h"
#include "money.h"

static void parses_what_people_type(void **unused)
{
    static const struct {
        const char *in;
        tt_cents c;
    } ok[] = {
        { "23", 2300 },
        { "23.5", 2350 },
        { "23.00", 2300 },
        { "23,00", 2300 },
        { "23,00 $", 2300 },
        { "23 $", 2300 },
        { "23$", 2300 },
        { "$23.00", 2300 },
        { "$23", 2300 },
        { "$ 23", 2300 },
        { "1 234,50", 123450 },
        { "1 234,50 $", 123450 },
        { "1,234.50", 123450 },
        { "$1,234.50", 123450 },
        { "1.234,50", 123450 },
        { "1234,50", 123450 },
        { "1234.5", 123450 },
        { "1 234", 123400 },
        { "1 000 000", 100000000 },
        { "1 234 567,89 $", 123456789 },
        { "1.234.567,89", 123456789 },
        { "1,234,567.89", 123456789 },
        { "1,234,567", 123456700 },
        { "0", 0 },
        { "0,5", 50 },
        { "0.05", 5 },
        { "-0", 0 },
        { "-23.00", -2300 },
        { "-23,00 $", -2300 },
        { "-$23.00", -2300 },
        { "- 5", -500 },
        { "-1 234,50 $", -123450 },
        { " 20.00 ", 2000 },
        { "\t20\t", 2000 },
        { "$ 1,000,000.00", 100000000 },
        { "1\xC2\xA0" "234,50\xC2\xA0$", 123450 },     /* no-break spaces */
        { "1\xE2\x80\xAF" "234,50\xE2\x80\xAF$", 123450 }, /* narrow no-break spaces */
        { "92233720368547758.07", INT64_MAX },
        { "-92233720368547758.07", -INT64_MAX },
        { "92 233 720 368 547 758,07 $", INT64_MAX },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        tt_cents c = -1;
        if (money_parse(ok[i].in, &c) != 0 || c != ok[i].c)
            fail_msg("\"%s\" gave %lld", ok[i].in, (long long)c);
    }
}

static void refuses_garbage(void **unused)
{
    static const char *const bad[] = {
        "", " ", "abc", "20.001", "20,001", "23.", "23,", ".50", ",5", "1,234", "1.234",
        "1,234 $", "23,5,0", "1.5.0", "1,23,456", "1,234,56", "1 23", "1  234", "1234 567",
        "1,234.567", "1.234,567", "1,234.567.89", "1 234.567,50", "--5", "-", "+23", "23-",
        "2 3", "12 $ 3", "12a", "a12", "$", "$$23", "$23$", "$-23", "23 €", "€23", "23 CAD",
        "9999999999999999999999", "92233720368547758.08", "92233720368547759",
        "1e5", "0x10", "1'234.50", "١٢",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tt_cents c = 42;
        if (money_parse(bad[i], &c) == 0)
            fail_msg("accepted \"%s\" as %lld", bad[i], (long long)c);
        assert_int_equal(c, 42); /* untouched on failure */
    }
    tt_cents c;
    assert_int_equal(money_parse(NULL, &c), -1);
}

static void formats_in_french(void **unused)
{
    static const struct {
        tt_cents c;
        const char *want;
    } cases[] = {
        { 0, "0,00 $" },
        { 5, "0,05 $" },
        { 2300, "23,00 $" },
        { 99999, "999,99 $" },
        { 100000, "1 000,00 $" },
        { 123450, "1 234,50 $" },
        { 100000000, "1 000 000,00 $" },
        { -2300, "-23,00 $" },
        { -5, "-0,05 $" },
        { -123450, "-1 234,50 $" },
        { INT64_MAX, "92 233 720 368 547 758,07 $" },
        { INT64_MIN, "-92 233 720 368 547 758,08 $" },
    };
    char buf[64];
    i18n_set_language("fr");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        money_format(cases[i].c, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
    }
    i18n_set_language("en");
}

static void formats_in_english(void **unused)
{
    static const struct {
        tt_cents c;
        const char *want;
    } cases[] = {
        { 0, "$0.00" },
        { 5, "$0.05" },
        { 2300, "$23.00" },
        { 99999, "$999.99" },
        { 100000, "$1,000.00" },
        { 123450, "$1,234.50" },
        { 100000000, "$1,000,000.00" },
        { -2300, "-$23.00" },
        { -5, "-$0.05" },
        { INT64_MAX, "$92,233,720,368,547,758.07" },
        { INT64_MIN, "-$92,233,720,368,547,758.08" },
    };
    char buf[64];
    i18n_set_language("en");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        money_format(cases[i].c, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
    }
}

static void plain_format(void **unused)
{
    char buf[64];
    money_format_plain(123450, buf, sizeof buf);
    assert_string_equal(buf, "1234.50");
    money_format_plain(0, buf, sizeof buf);
    assert_string_equal(buf, "0.00");
    money_format_plain(-5, buf, sizeof buf);
    assert_string_equal(buf, "-0.05");
    money_format_plain(100000000, buf, sizeof buf);
    assert_string_equal(buf, "1000000.00");
    money_format_plain(INT64_MIN, buf, sizeof buf);
    assert_string_equal(buf, "-92233720368547758.08");
}

static void short_buffers_stay_terminated(void **unused)
{
    char buf[5];
    memset(buf, 'x', sizeof buf);
    i18n_set_language("fr");
    money_format(123450, buf, sizeof buf);
    assert_string_equal(buf, "1 23");
    i18n_set_language("en");
    money_format(123450, buf, sizeof buf);
    assert_string_equal(buf, "$1,2");
    money_format_plain(123450, buf, sizeof buf);
    assert_string_equal(buf, "1234");
    money_format(123450, buf, 0); /* writes nothing */
    assert_string_equal(buf, "1234");
}

/* What the program writes, it reads back, in either language. */
static void round_trips(void **unused)
{
    static const char *const langs[] = { "fr", "en" };
    static const tt_cents samples[] = { 0, 1, 10, 99, 100, 999, 1000, 99999, 100000, 123456,
                                        1000000, 123456789, -1, -100, -123456789, INT64_MAX,
                                        -INT64_MAX };
    char buf[64];
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        i18n_set_language(langs[l]);
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            tt_cents back = 42;
            money_format(samples[i], buf, sizeof buf);
            if (money_parse(buf, &back) != 0 || back != samples[i])
                fail_msg("%s: \"%s\" came back as %lld", langs[l], buf, (long long)back);
            money_format_plain(samples[i], buf, sizeof buf);
            if (money_parse(buf, &back) != 0 || back != samples[i])
                fail_msg("plain \"%s\" came back as %lld", buf, (long long)back);
        }
        for (tt_cents c = -250000; c <= 250000; c += 7) {
            tt_cents back = 42;
            money_format(c, buf, sizeof buf);
            if (money_parse(buf, &back) != 0 || back != c)
                fail_msg("%s: \"%s\" came back as %lld", langs[l], buf, (long long)back);
        }
    }
    i18n_set_language("en");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_what_people_type),
        cmocka_unit_test(refuses_garbage),
        cmocka_unit_test(formats_in_french),
        cmocka_unit_test(formats_in_english),
        cmocka_unit_test(plain_format),
        cmocka_unit_test(short_buffers_stay_terminated),
        cmocka_unit_test(round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
