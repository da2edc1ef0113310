#include "config.h"
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "i18n.h"
#include "util.h"

/* gettext's documented way to make a running program notice a changed
 * LANGUAGE. */
extern int _nl_msg_cat_cntr;

static char current_lang[8] = "en";
static int charset_utf8;

/* "fr_CA.UTF-8" -> "fr"; NULL when s names no language. */
static const char *language_part(const char *s, char buf[8])
{
    if (s == NULL || s[0] == '\0' || strcmp(s, "C") == 0 || strncmp(s, "C.", 2) == 0 ||
        strcmp(s, "POSIX") == 0)
        return NULL;
    size_t n = strcspn(s, "_.@:");
    if (n == 0 || n >= 8)
        return NULL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

/* What gettext will pick: the first entry of LANGUAGE, else the locale
 * variables in their order of precedence. */
static void detect_lang(void)
{
    char buf[8];
    const char *l = NULL;
    const char *language = getenv("LANGUAGE");
    if (language && language[0]) {
        char first[32];
        tt_strlcpy(first, language, sizeof first);
        first[strcspn(first, ":")] = '\0';
        l = language_part(first, buf);
    }
    if (l == NULL) {
        const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
        for (size_t i = 0; i < TT_ARRAY_LEN(vars) && l == NULL; i++) {
            const char *v = getenv(vars[i]);
            if (v && v[0])
                l = language_part(v, buf);
            if (v && v[0])
                break;
        }
    }
    tt_strlcpy(current_lang, (l && strcmp(l, "fr") == 0) ? "fr" : "en", sizeof current_lang);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The installed catalogue, else ../locale beside the executable (a build
 * tree), else TUTORAT_LOCALEDIR when tests point elsewhere. */
static void bind_catalogue(void)
{
    const char *dir = getenv("TUTORAT_LOCALEDIR");
    if (dir && dir[0]) {
        bindtextdomain(PACKAGE, dir);
    } else {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/fr/LC_MESSAGES/%s.mo", LOCALEDIR, PACKAGE);
        if (file_exists(probe)) {
            bindtextdomain(PACKAGE, LOCALEDIR);
        } else {
            char exe[PATH_MAX];
            ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
            if (n > 0) {
                exe[n] = '\0';
                char *slash = strrchr(exe, '/');
                if (slash)
                    *slash = '\0';
                char local[PATH_MAX + 16];
                snprintf(local, sizeof local, "%s/../locale", exe);
                snprintf(probe, sizeof probe, "%s/fr/LC_MESSAGES/%s.mo", local, PACKAGE);
                bindtextdomain(PACKAGE, file_exists(probe) ? local : LOCALEDIR);
            } else {
                bindtextdomain(PACKAGE, LOCALEDIR);
            }
        }
    }
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
}

void i18n_init(void)
{
    const char *ok = setlocale(LC_ALL, "");
    const char *cs = ok ? nl_langinfo(CODESET) : NULL;
    if (ok == NULL || cs == NULL || strcmp(cs, "UTF-8") != 0) {
        /* A missing fr_CA.UTF-8 (common on fresh servers) or a non-UTF-8
         * locale: keep the language, take C.UTF-8 for the characters.
         * gettext ignores LANGUAGE under plain C, not under C.UTF-8. */
        char buf[8];
        const char *lang = NULL;
        const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
        for (size_t i = 0; i < TT_ARRAY_LEN(vars) && lang == NULL; i++) {
            const char *v = getenv(vars[i]);
            if (v && v[0]) {
                lang = language_part(v, buf);
                break;
            }
        }
        const char *language = getenv("LANGUAGE");
        if (lang && (language == NULL || language[0] == '\0'))
            setenv("LANGUAGE", lang, 1);
        if (setlocale(LC_ALL, "C.UTF-8") == NULL)
            setlocale(LC_ALL, "C.utf8");
        cs = nl_langinfo(CODESET);
    }
    charset_utf8 = cs && strcmp(cs, "UTF-8") == 0;
    /* Numbers in files and CSV always use a dot. */
    setlocale(LC_NUMERIC, "C");
    bind_catalogue();
    detect_lang();
}

void i18n_set_language(const char *lang)
{
    if (lang == NULL || strcmp(lang, "auto") == 0 || lang[0] == '\0')
        return;
    setenv("LANGUAGE", lang, 1);
    ++_nl_msg_cat_cntr;
    detect_lang();
}

const char *i18n_lang(void)
{
    return current_lang;
}

int i18n_utf8(void)
{
    return charset_utf8;
}
