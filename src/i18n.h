/* Locale and language set-up.  The start-up order matters: i18n_init()
 * before anything prints, so that error messages are already translated. */
#ifndef TT_I18N_H
#define TT_I18N_H
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* Plural forms go through ngettext directly. */

/* setlocale(LC_ALL, ""), falling back to C.UTF-8 (and LANGUAGE taken from
 * LANG's language part) when the locale is missing or not UTF-8, so that
 * French and its accents still display.  LC_NUMERIC stays "C" so numbers
 * in files parse the same in every language. */
void i18n_init(void);
/* "fr", "en" or "auto" (auto keeps what the locale chose).  Takes effect
 * for every later gettext() call. */
void i18n_set_language(const char *lang);
/* The language messages are shown in: "fr" or "en". */
const char *i18n_lang(void);
/* 1 when the terminal's character set is UTF-8 (block characters, "…"). */
int i18n_utf8(void);

#endif
