/* Text on its way to the terminal, and search keys. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "text.h"

/* Nothing a terminal would obey: no C0 byte, no DEL, no C1 control
 * (U+0080..U+009F, encoded C2 80..C2 9F), and valid UTF-8. */
static void assert_harmless(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; p[i]; i++) {
        if (p[i] < 0x20 || p[i] == 0x7F)
            fail_msg("control byte 0x%02x at %zu in \"%s\"", p[i], i, s);
        if (p[i] == 0xC2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            fail_msg("C1 control at %zu in \"%s\"", i, s);
    }
    if (!text_is_utf8(s))
        fail_msg("invalid UTF-8 in \"%s\"", s);
}

static void escape_sequences_are_neutralised(void **unused)
{
    char out[256];
    text_safe(out, sizeof out, "Zo\x1b[2Jé\x1b]0;x\x07!");
    assert_harmless(out);
    assert_string_equal(out, "Zo^[[2Jé^[]0;x^G!");
    text_safe(out, sizeof out, "\x1b[31mred\x1b[0m\x7f\x08");
    assert_string_equal(out, "^[[31mred^[[0m^?^H");
    text_safe(out, sizeof out, "a\tb\nc\rd");
    assert_string_equal(out, "a b^Jc^Md");
    text_fit(out, sizeof out, "\x1b[2J\x1b[2J\x1b[2J", 8, 1);
    assert_harmless(out);
    /* C1 controls are spelt out: U+009B alone is CSI on many terminals. */
    text_safe(out, sizeof out, "a\xc2\x9b" "2Jb\xc2\x85" "c");
    assert_string_equal(out, "a\\u009B2Jb\\u0085c");
    assert_harmless(out);
}

static void every_control_is_neutralised(void **unused)
{
    char in[256], out[1024];
    size_t n = 0;
    for (int c = 1; c < 0x20; c++)
        in[n++] = (char)c;
    in[n++] = 0x7F;
    in[n] = '\0';
    text_safe(out, sizeof out, in);
    assert_harmless(out);
    assert_string_equal(out, "^A^B^C^D^E^F^G^H ^J^K^L^M^N^O^P^Q^R^S^T^U^V^W^X^Y^Z^[^\\^]^^^_^?");
    assert_int_equal(text_width(in), 30 * 2 + 1 + 2);
    for (unsigned cp = 0x80; cp < 0xA0; cp++) {
        char one[3] = { (char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), '\0' };
        char want[8];
        snprintf(want, sizeof want, "\\u%04X", cp);
        text_safe(out, sizeof out, one);
        assert_string_equal(out, want);
        assert_int_equal(text_width(one), 6);
        text_fit(out, sizeof out, one, 3, 1);
        assert_harmless(out);
    }
}

static void invalid_bytes_become_question_marks(void **unused)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "a\xff" "b\xfe" "c", "a?b?c" },
        { "\xc0\xaf", "??" },               /* overlong '/' */
        { "\xe0\x80\xaf", "???" },          /* overlong, three bytes */
        { "\xed\xa0\x80", "???" },          /* surrogate */
        { "\xf4\x90\x80\x80", "????" },     /* past U+10FFFF */
        { "\x80x", "?x" },                  /* lone continuation */
        { "ab\xe2\x82", "ab??" },           /* cut short at the end */
        { "\xe2\x82" "a", "??a" },          /* cut short in the middle */
        { "\xc3" "\xa9\xc3", "é?" },
        { "\xf8\x88\x80\x80\x80", "?????" },
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text_safe(out, sizeof out, cases[i].in);
        assert_string_equal(out, cases[i].out);
        assert_harmless(out);
        assert_int_equal(text_width(cases[i].in), text_width(cases[i].out));
    }
}

static void safe_copies_are_cut_between_characters(void **unused)
{
    char out[8];
    text_safe(out, 3, "éa");
    assert_string_equal(out, "é");
    text_safe(out, 2, "éa");
    assert_string_equal(out, "");
    text_safe(out, 1, "abc");
    assert_string_equal(out, "");
    text_safe(out, 4, "a\x1b" "b");
    assert_string_equal(out, "a^[");
    text_safe(out, 3, "a\x1b" "b");
    assert_string_equal(out, "a");  /* "^[" is not split either */
    text_safe(out, 4, "日本");
    assert_string_equal(out, "日");
    text_safe(out, sizeof out, NULL);
    assert_string_equal(out, "");
    memcpy(out, "keep", 5);
    text_safe(out, 0, "abc");
    assert_string_equal(out, "keep");
}

static void widths_in_columns(void **unused)
{
    assert_int_equal(text_width("Éloïse"), 6);
    assert_int_equal(text_width("Côté-Bélanger"), 13);
    assert_int_equal(text_width("日本"), 4);
    assert_int_equal(text_width("한국어 abc"), 10);
    assert_int_equal(text_width("e\xcc\x81"), 1);    /* e + combining acute */
    assert_int_equal(text_width("\x1b"), 2);
    assert_int_equal(text_width("\t"), 1);
    assert_int_equal(text_width("\xff"), 1);
    assert_int_equal(text_width("…"), 1);
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width(NULL), 0);
    /* The width is that of what text_safe shows. */
    static const char *const samples[] = { "Zo\x1b[2Jé", "a\xc2\x85z", "日本\x07", "x\xe2\x82" };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char out[64];
        text_safe(out, sizeof out, samples[i]);
        assert_int_equal(text_width(samples[i]), text_width(out));
    }
}

static void fitting(void **unused)
{
    static const struct {
        const char *in;
        int cols, pad, used;
        const char *out;
    } cases[] = {
        { "Éloïse", 10, 1, 10, "Éloïse    " },
        { "Éloïse", 10, 0, 6, "Éloïse" },
        { "Éloïse", 6, 1, 6, "Éloïse" },
        { "Éloïse", 5, 1, 5, "Éloï…" },
        { "Côté-Bélanger", 6, 0, 6, "Côté-…" },
        { "日本語", 4, 1, 4, "日… " },
        { "日本語", 4, 0, 3, "日…" },
        { "日本語", 6, 0, 6, "日本語" },
        { "日本語", 1, 1, 1, " " },     /* no room for a wide character */
        { "abc", 3, 1, 3, "abc" },
        { "abcd", 3, 1, 3, "ab…" },
        { "abcd", 2, 0, 2, "a…" },
        { "abcd", 1, 0, 1, "a" },       /* one column: no ellipsis */
        { "abcd", 0, 1, 0, "" },
        { "abcd", -3, 1, 0, "" },
        { "", 3, 1, 3, "   " },
        { "Zoe\xcc\x88", 3, 0, 3, "Zoe\xcc\x88" }, /* a trailing combining mark fits */
        { "ab\x1b", 3, 0, 3, "ab…" },
        { "ab\x1b", 4, 0, 4, "ab^[" },
        { "a\x1b" "bc", 3, 1, 3, "a… " }, /* "^[" is not split */
        { "\xff\xfe", 5, 1, 5, "??   " },
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int used = text_fit(out, sizeof out, cases[i].in, cases[i].cols, cases[i].pad);
        if (used != cases[i].used || strcmp(out, cases[i].out) != 0)
            fail_msg("\"%s\" in %d: \"%s\" (%d)", cases[i].in, cases[i].cols, out, used);
        assert_int_equal(text_width(out), used);
    }
    assert_int_equal(text_fit(out, sizeof out, NULL, 2, 1), 2);
    assert_string_equal(out, "  ");
}

static void fitting_in_small_buffers(void **unused)
{
    /* Whatever the buffer, the result is terminated, valid UTF-8, never
     * wider than asked, and as wide as text_fit says. */
    static const char *const samples[] = { "Éloïse Côté-Bélanger", "日本語のテキスト",
                                           "\x1b[2J\x1b]0;x\x07", ("a\xc2\x9b" "b\xff") };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        for (size_t size = 1; size <= 40; size++) {
            for (int cols = 0; cols <= 25; cols++) {
                for (int pad = 0; pad <= 1; pad++) {
                    char *out = malloc(size);
                    assert_non_null(out);
                    int used = text_fit(out, size, samples[i], cols, pad);
                    assert_true(strlen(out) < size);
                    assert_harmless(out);
                    assert_true(used <= cols);
                    assert_int_equal(text_width(out), used);
                    free(out);
                }
            }
        }
    }
    char tiny[4];
    assert_int_equal(text_fit(tiny, sizeof tiny, "Éloïse", 10, 1), 1);
    assert_string_equal(tiny, "…");   /* the cut is still shown */
    char two[2];
    assert_int_equal(text_fit(two, sizeof two, "Éloïse", 10, 1), 1);
    assert_string_equal(two, " ");
    char keep[5] = "keep";
    assert_int_equal(text_fit(keep, 0, "abc", 3, 1), 0);
    assert_string_equal(keep, "keep");
    /* Very long text is cut, never overflows. */
    char out[64];
    char *big = malloc(100001);
    assert_non_null(big);
    memset(big, 'x', 100000);
    big[100000] = '\0';
    assert_int_equal(text_fit(out, sizeof out, big, 20, 1), 20);
    assert_string_equal(out, "xxxxxxxxxxxxxxxxxxx…");
    free(big);
}

static void line_breaks(void **unused)
{
    static const struct {
        const char *in;
        int cols;
        size_t len, next;
    } cases[] = {
        { "hello world", 5, 5, 6 },
        { "hello world", 8, 5, 6 },
        { "hello world", 11, 11, 11 },
        { "hello world", 40, 11, 11 },
        { "hello   world", 8, 5, 8 },
        { "hello \nworld", 5, 5, 7 },     /* the break already ends the line */
        { "abcdefgh", 3, 3, 3 },          /* a word longer than the line */
        { "a\nb", 10, 1, 2 },
        { "a\r\nb", 10, 1, 3 },
        { "\nb", 10, 0, 1 },
        { "    abc def", 6, 6, 6 },       /* indentation is not a break point */
        { "été à Montréal", 6, 8, 9 },
        { "日本 語", 4, 6, 7 },
        { "日本語", 3, 3, 3 },
        { "日本語", 1, 3, 3 },            /* too narrow: one character anyway */
        { "abc", 0, 1, 1 },
        { "e\xcc\x81x", 0, 3, 3 },        /* with its combining mark */
        { "", 5, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t next = 99;
        size_t len = text_line_break(cases[i].in, cases[i].cols, &next);
        if (len != cases[i].len || next != cases[i].next)
            fail_msg("\"%s\" in %d: %zu, %zu", cases[i].in, cases[i].cols, len, next);
    }
}

static void wrapping_always_ends(void **unused)
{
    static const char *const text = "Éloïse Côté-Bélanger a rencontré son tuteur\n\n"
                                     "日本語のテキスト   avec   des espaces\x1b[2J et une "
                                     "adresse-très-longue-sans-espace@example.com fin";
    for (int cols = 0; cols <= 30; cols++) {
        const char *p = text;
        int lines = 0;
        while (*p) {
            size_t next;
            size_t len = text_line_break(p, cols, &next);
            assert_true(next > 0);
            assert_true(len <= next);
            char line[256];
            assert_true(len < sizeof line);
            memcpy(line, p, len);
            line[len] = '\0';
            if (cols >= 2 && text_width(line) > cols)
                fail_msg("\"%s\" is wider than %d", line, cols);
            assert_true(text_is_utf8(line));
            p += next;
            assert_true(++lines < 1000);
        }
    }
}

static void folding_for_search(void **unused)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "Éloïse Côté-Bélanger", "eloise cote belanger" },
        { "  ŒUVRE   d'ÆLFRIC ", "oeuvre d aelfric" },
        { "Straße", "strasse" },
        { "ABCD 1234", "abcd 1234" },
        { "Łukasz Ñúñez", "lukasz nunez" },
        { "ÀÁÂÃÄÅ àáâãäå ÇÈÉÊË çèéêë ÌÍÎÏ ìíîï", "aaaaaa aaaaaa ceeee ceeee iiii iiii" },
        { "ÑÒÓÔÕÖØ ñòóôõöø ÙÚÛÜÝ ùúûüýÿ Ÿ", "noooooo noooooo uuuuy uuuuyy y" },
        { "Þór Ðað", "thor dad" },
        { "3×4÷2", "3 4 2" },
        { "Ĳssel Ŀ Łódź Ğüneş Čech Řehoř", "ijssel l lodz gunes cech rehor" },
        { "Nguyễn Văn Đức", "nguyen van duc" },
        { "Ștefan Țurcanu", "stefan turcanu" },
        { "Zoe\xcc\x88 Ele\xcc\x80ne", "zoe elene" }, /* decomposed accents */
        { "O'Neil-Smith", "o neil smith" },
        { "n° 5, 1er étage", "n 5 1er etage" },
        { "Éloïse\tCôté\n", "eloise cote" },
        { "«Jean» — “Paul”…", "jean paul" },
        { "€100 ¢", "100" },
        { "a\xff" "b", "a b" },
        { "日本 語", "日本 語" },
        { "ЖУК Ёлка", "жук ёлка" },
        { "Ωμέγα", "ωμέγα" },
        { "  --  ", "" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = text_fold(cases[i].in);
        if (strcmp(f, cases[i].out) != 0)
            fail_msg("\"%s\" folded to \"%s\"", cases[i].in, f);
        free(f);
    }
    char *f = text_fold(NULL);
    assert_string_equal(f, "");
    free(f);
}

static void folding_every_latin_letter(void **unused)
{
    /* U+00C0..U+017F: each letter folds to plain a-z, and case does not
     * matter. */
    for (unsigned cp = 0xC0; cp <= 0x17F; cp++) {
        char in[3] = { (char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), '\0' };
        char *f = text_fold(in);
        if (cp == 0xD7 || cp == 0xF7) {
            assert_string_equal(f, "");
        } else {
            if (f[0] == '\0' || strspn(f, "abcdefghijklmnopqrstuvwxyz") != strlen(f))
                fail_msg("U+%04X folded to \"%s\"", cp, f);
        }
        free(f);
    }
}

static void utf8_validation(void **unused)
{
    static const char *const good[] = {
        "", "plain", "Éloïse", "日本", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf",
        "\xee\x80\x80", "\xc2\x80", "\xe0\xa0\x80", "\xf0\x90\x80\x80", "\xef\xbf\xbd",
    };
    static const char *const bad[] = {
        "\xc3", "\x80", "\xbf", "\xc1\xbf", "\xc0\x80", "\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf",
        "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
        "\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff", "a\xc3(",
        "\xe2\x82", "\xe2\x28\xa1", "ok\xc3\xa9\xa9",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!text_is_utf8(good[i]))
            fail_msg("good[%zu] refused", i);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (text_is_utf8(bad[i]))
            fail_msg("bad[%zu] accepted", i);
    assert_false(text_is_utf8(NULL));
}

static void windows_1252(void **unused)
{
    char *s = text_cp1252_to_utf8("\xc9lo\xefse", 6);
    assert_string_equal(s, "Éloïse");
    free(s);
    s = text_cp1252_to_utf8("\x80", 1);
    assert_string_equal(s, "€");
    free(s);
    s = text_cp1252_to_utf8("\xc9lo\xefse C\xf4t\xe9 \x80 \x92 \x9c \x81", 19);
    assert_string_equal(s, "Éloïse Côté € ’ œ \xef\xbf\xbd");
    free(s);
    s = text_cp1252_to_utf8("", 0);
    assert_string_equal(s, "");
    free(s);
    s = text_cp1252_to_utf8(NULL, 0);
    assert_string_equal(s, "");
    free(s);
    /* An embedded NUL must not silently end the text. */
    s = text_cp1252_to_utf8("a\0b", 3);
    assert_string_equal(s, "a\xef\xbf\xbd" "b");
    free(s);
}

static void windows_1252_whole_table(void **unused)
{
    static const char *const high[32] = {
        "€", "\xef\xbf\xbd", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ",
        "\xef\xbf\xbd", "Ž", "\xef\xbf\xbd", "\xef\xbf\xbd", "‘", "’", "“", "”", "•", "–",
        "—", "˜", "™", "š", "›", "œ", "\xef\xbf\xbd", "ž", "Ÿ",
    };
    for (unsigned b = 1; b <= 0xFF; b++) {
        char in = (char)b;
        char *s = text_cp1252_to_utf8(&in, 1);
        char want[4] = { 0 };
        if (b < 0x80) {
            want[0] = (char)b;
        } else if (b < 0xA0) {
            strcpy(want, high[b - 0x80]);
        } else {
            want[0] = (char)(0xC0 | (b >> 6));
            want[1] = (char)(0x80 | (b & 0x3F));
        }
        if (strcmp(s, want) != 0)
            fail_msg("0x%02X gave \"%s\"", b, s);
        assert_true(text_is_utf8(s));
        free(s);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_sequences_are_neutralised),
        cmocka_unit_test(every_control_is_neutralised),
        cmocka_unit_test(invalid_bytes_become_question_marks),
        cmocka_unit_test(safe_copies_are_cut_between_characters),
        cmocka_unit_test(widths_in_columns),
        cmocka_unit_test(fitting),
        cmocka_unit_test(fitting_in_small_buffers),
        cmocka_unit_test(line_breaks),
        cmocka_unit_test(wrapping_always_ends),
        cmocka_unit_test(folding_for_search),
        cmocka_unit_test(folding_every_latin_letter),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(windows_1252),
        cmocka_unit_test(windows_1252_whole_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
