/* Money as whole cents; formatting follows the user's language:
 * French "1 234,50 $", English "$1,234.50". */
#ifndef TT_MONEY_H
#define TT_MONEY_H
#include <stddef.h>
#include <stdint.h>

typedef int64_t tt_cents;

/* Accepts "23", "23.5", "23.00", "23,00", "23,00 $", "$23.00", "1 234,50",
 * "1,234.50"; at most two decimals; negative only with a leading '-'.
 * 0 ok, -1 bad. */
int money_parse(const char *s, tt_cents *out);
/* Formats in the current language (i18n_lang()). */
void money_format(tt_cents c, char *buf, size_t size);
/* Formats without thousands separators or symbol, with a dot: "1234.50"
 * (config files, CSV for other programs). */
void money_format_plain(tt_cents c, char *buf, size_t size);

#endif
