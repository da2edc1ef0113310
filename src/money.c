#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "i18n.h"
#include "money.h"
#include "util.h"

/* Bytes of the blank at p: space, tab, or the no-break spaces (U+00A0,
 * U+202F) that French typography and spreadsheets put in "1 234,50 $".
 * 0 when p is not at a blank. */
static size_t blank_at(const char *p)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    if (strncmp(p, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(p, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

static const char *skip_blanks(const char *p)
{
    for (size_t n; (n = blank_at(p)) > 0; p += n)
        ;
    return p;
}

static size_t count_digits(const char *p)
{
    size_t k = 0;
    while (isdigit((unsigned char)p[k]))
        k++;
    return k;
}

/* An amount as typed: runs of digits and the one-character kinds of
 * separator between them (' ' for any blank, '.' or ','). */
struct amount {
    const char *group[16];
    size_t len[16];
    char sep[16]; /* sep[i] comes before group[i + 1] */
    size_t n;
};

/* Splits p into digit groups; returns where the amount ends, NULL when
 * it has too many groups or none. */
static const char *split_amount(const char *p, struct amount *a)
{
    a->n = 0;
    for (;;) {
        size_t k = count_digits(p);
        if (k == 0 || a->n == TT_ARRAY_LEN(a->group))
            return NULL;
        a->group[a->n] = p;
        a->len[a->n] = k;
        a->n++;
        p += k;
        size_t blank = blank_at(p);
        size_t width = blank ? blank : 1;
        if ((blank == 0 && *p != '.' && *p != ',') || !isdigit((unsigned char)p[width]))
            return p;
        a->sep[a->n - 1] = blank ? ' ' : *p;
        p += width;
    }
}

/* Index of the group after the decimal mark, 0 when there is none, -1
 * when the amount cannot be read.  The last '.' or ',' is the decimal
 * mark unless it is followed by three digits and was already used as the
 * thousands separator ("1,234,567"): a lone "1,234" (1.234 $ in French)
 * is refused rather than guessed. */
static int decimal_group(const struct amount *a)
{
    if (a->n < 2)
        return 0;
    size_t last = a->n - 1;
    char mark = a->sep[last - 1];
    if (mark == ' ')
        return 0;
    if (a->len[last] <= 2)
        return (int)last;
    if (a->len[last] == 3 && memchr(a->sep, mark, last - 1) != NULL)
        return 0;
    return -1;
}

/* Adds digit d to *v; -1 when the amount would no longer fit in cents. */
static int add_digit(tt_cents *v, int d)
{
    if (*v > (INT64_MAX / 100 - d) / 10)
        return -1;
    *v = *v * 10 + d;
    return 0;
}

/* "1 234,50", "1.234,50", "1,234.50", "23.5" -> cents.  Thousands
 * separators must all be of one kind, not the decimal mark, and split the
 * integer part into groups of three.  Returns where the amount ends, NULL
 * when it is malformed. */
static const char *parse_amount(const char *p, tt_cents *out)
{
    struct amount a;
    const char *end = split_amount(p, &a);
    int dec = end ? decimal_group(&a) : -1;
    if (dec < 0)
        return NULL;
    size_t int_groups = dec > 0 ? (size_t)dec : a.n;
    char thousands = int_groups > 1 ? a.sep[0] : 0;
    if (thousands != 0 && (a.len[0] > 3 || (dec > 0 && thousands == a.sep[dec - 1])))
        return NULL;
    tt_cents units = 0;
    for (size_t g = 0; g < int_groups; g++) {
        if (g > 0 && (a.sep[g - 1] != thousands || a.len[g] != 3))
            return NULL;
        for (size_t i = 0; i < a.len[g]; i++)
            if (add_digit(&units, a.group[g][i] - '0') != 0)
                return NULL;
    }
    int cents = 0;
    if (dec > 0) {
        cents = (a.group[dec][0] - '0') * 10;
        if (a.len[dec] == 2)
            cents += a.group[dec][1] - '0';
    }
    if (units > (INT64_MAX - cents) / 100)
        return NULL;
    *out = units * 100 + cents;
    return end;
}

int money_parse(const char *s, tt_cents *out)
{
    if (s == NULL)
        return -1;
    const char *p = skip_blanks(s);
    int negative = *p == '-';
    if (negative)
        p = skip_blanks(p + 1);
    int leading_symbol = *p == '$';
    if (leading_symbol)
        p = skip_blanks(p + 1);
    tt_cents v;
    p = parse_amount(p, &v);
    if (p == NULL)
        return -1;
    p = skip_blanks(p);
    if (*p == '$' && !leading_symbol)
        p = skip_blanks(p + 1);
    if (*p != '\0')
        return -1;
    *out = negative ? -v : v;
    return 0;
}

/* Groups of three digits joined by sep. */
static void group_digits(unsigned long long units, char sep, char *buf, size_t size)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%llu", units);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = sep;
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
}

/* |c| without overflowing on INT64_MIN. */
static unsigned long long magnitude(tt_cents c)
{
    return c < 0 ? (unsigned long long)(-(c + 1)) + 1 : (unsigned long long)c;
}

void money_format(tt_cents c, char *buf, size_t size)
{
    int negative = c < 0;
    unsigned long long a = magnitude(c);
    char units[48];
    if (strcmp(i18n_lang(), "fr") == 0) {
        group_digits(a / 100, ' ', units, sizeof units);
        snprintf(buf, size, "%s%s,%02llu $", negative ? "-" : "", units, a % 100);
    } else {
        group_digits(a / 100, ',', units, sizeof units);
        snprintf(buf, size, "%s$%s.%02llu", negative ? "-" : "", units, a % 100);
    }
}

void money_format_plain(tt_cents c, char *buf, size_t size)
{
    int negative = c < 0;
    unsigned long long a = magnitude(c);
    snprintf(buf, size, "%s%llu.%02llu", negative ? "-" : "", a / 100, a % 100);
}
