/* Text on its way to the terminal, and search keys. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "text.h"

static void no_control_byte_survives(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            fail_msg("control byte 0x%02x in \"%s\"", *p, s);
}

static void escape_sequences_are_neutralised(void **unused)
{
    char out[256];
    text_safe(out, sizeof out, "Zo\x1b[2Jé\x1b]0;x\x07!");
    no_control_byte_survives(out);
    assert_string_equal(out, "Zo^[[2Jé^[]0;x^G!");
    text_fit(out, sizeof out, "\x1b[2J\x1b[2J\x1b[2J", 8, 1);
    no_control_byte_survives(out);
    /* C1 controls (U+0085, U+009B CSI) and invalid bytes become '?'. */
    text_safe(out, sizeof out, "a\xc2\x9b" "b\xff\xfe" "c");
    assert_string_equal(out, "a?b??c");
    text_safe(out, sizeof out, "\xc0\xaf");     /* overlong '/' */
    assert_string_equal(out, "??");
}

static void widths_in_columns(void **unused)
{
    assert_int_equal(text_width("Éloïse"), 6);
    assert_int_equal(text_width("Côté-Bélanger"), 13);
    assert_int_equal(text_width("日本"), 4);
    assert_int_equal(text_width("e\xcc\x81"), 1);    /* e + combining acute */
    assert_int_equal(text_width("\x1b"), 2);
}

static void fitting(void **unused)
{
    char out[64];
    assert_int_equal(text_fit(out, sizeof out, "Éloïse", 10, 1), 10);
    assert_string_equal(out, "Éloïse    ");
    assert_int_equal(text_fit(out, sizeof out, "Côté-Bélanger", 6, 0), 6);
    assert_string_equal(out, "Côté-…");
    assert_int_equal(text_fit(out, sizeof out, "日本語", 4, 1), 4);
    assert_string_equal(out, "日… ");
    assert_int_equal(text_fit(out, sizeof out, "abc", 3, 1), 3);
    assert_string_equal(out, "abc");
    assert_int_equal(text_fit(out, sizeof out, "abcd", 1, 0), 1);
    assert_string_equal(out, "a");
    char tiny[4];
    text_fit(tiny, sizeof tiny, "Éloïse", 10, 1);
    assert_true(strlen(tiny) < sizeof tiny);
    /* Very long text is cut, never overflows. */
    char *big = malloc(100001);
    memset(big, 'x', 100000);
    big[100000] = '\0';
    assert_int_equal(text_fit(out, sizeof out, big, 20, 1), 20);
    free(big);
}

static void folding_for_search(void **unused)
{
    static const struct { const char *in, *out; } cases[] = {
        { "Éloïse Côté-Bélanger", "eloise cote belanger" },
        { "  ŒUVRE   d'ÆLFRIC ", "oeuvre d aelfric" },
        { "Straße", "strasse" },
        { "ABCD 1234", "abcd 1234" },
        { "Łukasz Ñúñez", "lukasz nunez" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = text_fold(cases[i].in);
        assert_string_equal(f, cases[i].out);
        free(f);
    }
}

static void utf8_validation(void **unused)
{
    assert_true(text_is_utf8("Éloïse"));
    assert_false(text_is_utf8("\xc3"));
    assert_false(text_is_utf8("\xed\xa0\x80"));       /* surrogate */
    assert_false(text_is_utf8("\xf4\x90\x80\x80"));   /* past U+10FFFF */
    assert_false(text_is_utf8("\xc0\xaf"));
}

static void windows_1252(void **unused)
{
    char *s = text_cp1252_to_utf8("\xc9lo\xefse C\xf4t\xe9 \x80 \x92 \x9c \x81", 19);
    assert_string_equal(s, "Éloïse Côté € ’ œ \xef\xbf\xbd");
    free(s);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_sequences_are_neutralised),
        cmocka_unit_test(widths_in_columns),
        cmocka_unit_test(fitting),
        cmocka_unit_test(folding_for_search),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(windows_1252),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
