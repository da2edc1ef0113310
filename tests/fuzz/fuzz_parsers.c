/* libFuzzer: the parsers of what people type and what files hold (dates,
 * times, ISO weeks, amounts, codes permanents) and the text functions that
 * make names safe to show, fit, fold and wrap. */
#include "config.h"
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include "money.h"
#include "students.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setlocale(LC_ALL, "C.UTF-8");
        ready = 1;
    }
    char *s = malloc(size + 1);
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    tt_day d;
    int m;
    tt_cents c;
    char code[13], buf[256];
    if (date_parse(s, &d) == 0) {
        char iso[11];
        date_iso(d, iso);
        date_long(d, buf, sizeof buf);
    }
    if (time_parse(s, &m) == 0) {
        char t[6];
        time_format(m, t);
    }
    if (week_parse(s, &d) == 0) {
        char w[9];
        week_format(d, w);
    }
    if (money_parse(s, &c) == 0)
        money_format(c, buf, sizeof buf);
    student_code_permanent_normalise(s, code);
    text_safe(buf, sizeof buf, s);
    text_fit(buf, sizeof buf, s, 1 + (int)(size % 90), (int)(size & 1));
    text_width(s);
    free(text_fold(s));
    free(text_cp1252_to_utf8((const char *)data, size));
    for (const char *p = s; *p;) {
        size_t next;
        text_line_break(p, 1 + (int)(size % 60), &next);
        p += next ? next : 1;
    }
    free(s);
    return 0;
}
