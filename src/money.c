#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "i18n.h"
#include "money.h"

/* Whatever the language, a separator followed by exactly three digits and
 * then another separator or the end is a thousands separator; the last
 * '.' or ',' followed by one or two digits is the decimal mark. */
int money_parse(const char *s, tt_cents *out)
{
    char digits[64];
    size_t n = 0;
    int negative = 0, seen_digit = 0, decimals = -1;
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '-') {
        negative = 1;
        p++;
    }
    while (*p == ' ')
        p++;
    if (*p == '$') {
        p++;
        while (*p == ' ')
            p++;
    }
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isdigit(c)) {
            if (n >= sizeof digits - 1)
                return -1;
            digits[n++] = (char)c;
            seen_digit = 1;
            if (decimals >= 0 && ++decimals > 2)
                return -1;
        } else if ((c == '.' || c == ',') && seen_digit && decimals < 0) {
            /* Thousands separator when exactly three digits follow and then
             * no digit; otherwise the decimal mark. */
            const char *q = p + 1;
            int k = 0;
            while (isdigit((unsigned char)q[k]))
                k++;
            if (k == 3 && (q[k] == ',' || q[k] == '.' || q[k] == ' ' || q[k] == '$' ||
                           q[k] == '\0') && (q[k] != '\0' || strchr(s, c == '.' ? ',' : '.')))
                continue;
            decimals = 0;
        } else if (c == ' ' && seen_digit && decimals < 0 && isdigit((unsigned char)p[1])) {
            continue; /* "1 234,50" */
        } else if (c == ' ' || c == '$') {
            const char *q = p;
            while (*q == ' ' || *q == '$')
                q++;
            if (*q != '\0')
                return -1;
            break;
        } else {
            return -1;
        }
    }
    if (!seen_digit || decimals == 0)
        return -1;
    if (decimals < 0)
        decimals = 0;
    tt_cents v = 0;
    for (size_t i = 0; i < n; i++) {
        if (v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (digits[i] - '0');
    }
    for (int i = decimals; i < 2; i++)
        v *= 10;
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

void money_format(tt_cents c, char *buf, size_t size)
{
    int negative = c < 0;
    unsigned long long a = negative ? (unsigned long long)(-(c + 1)) + 1 : (unsigned long long)c;
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
    unsigned long long a = negative ? (unsigned long long)(-(c + 1)) + 1 : (unsigned long long)c;
    snprintf(buf, size, "%s%llu.%02llu", negative ? "-" : "", a / 100, a % 100);
}
