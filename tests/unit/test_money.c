/* Money: what people type, and how each language writes it. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "i18n.h"
#include "money.h"

static void parses_what_people_type(void **unused)
{
    static const struct { const char *in; tt_cents c; } ok[] = {
        { "23", 2300 }, { "23.5", 2350 }, { "23.00", 2300 }, { "23,00", 2300 },
        { "23,00 $", 2300 }, { "$23.00", 2300 }, { "1 234,50", 123450 }, { "1 234,50 $", 123450 },
        { "1,234.50", 123450 }, { "1.234,50", 123450 }, { "0", 0 }, { "-23.00", -2300 },
        { " 20.00 ", 2000 }, { "$ 1,000,000.00", 100000000 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        tt_cents c = -1;
        if (money_parse(ok[i].in, &c) != 0 || c != ok[i].c)
            fail_msg("\"%s\" gave %lld", ok[i].in, (long long)c);
    }
}

static void refuses_garbage(void **unused)
{
    static const char *const bad[] = { "", "abc", "20.001", "23.", "1,234", "23,5,0", "--5",
                                       "12 $ 3", "12a", "$", "9999999999999999999999" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tt_cents c;
        if (money_parse(bad[i], &c) == 0)
            fail_msg("accepted \"%s\"", bad[i]);
    }
}

static void formats_by_language(void **unused)
{
    char buf[64];
    i18n_set_language("fr");
    money_format(2300, buf, sizeof buf);
    assert_string_equal(buf, "23,00 $");
    money_format(123450, buf, sizeof buf);
    assert_string_equal(buf, "1 234,50 $");
    money_format(-2300, buf, sizeof buf);
    assert_string_equal(buf, "-23,00 $");
    i18n_set_language("en");
    money_format(2300, buf, sizeof buf);
    assert_string_equal(buf, "$23.00");
    money_format(123450, buf, sizeof buf);
    assert_string_equal(buf, "$1,234.50");
    money_format(-5, buf, sizeof buf);
    assert_string_equal(buf, "-$0.05");
    money_format(0, buf, sizeof buf);
    assert_string_equal(buf, "$0.00");
    money_format_plain(123450, buf, sizeof buf);
    assert_string_equal(buf, "1234.50");
    money_format_plain(INT64_MIN, buf, sizeof buf);
    assert_string_equal(buf, "-92233720368547758.08");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_what_people_type),
        cmocka_unit_test(refuses_garbage),
        cmocka_unit_test(formats_by_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
