#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <iniparser.h>
#include "i18n.h"
#include "paths.h"
#include "settings.h"
#include "util.h"

static const struct setting_def table[] = {
    { SET_DATABASE, "general", "database", ST_PATH, "", 0, 0, NULL,
      N_("The database file. Empty: $XDG_DATA_HOME/tutorat/tutorat.db. On a school server, "
         "name the shared file here (in /etc/tutorat.ini).") },
    { SET_LANGUAGE, "general", "language", ST_ENUM, "auto", 0, 0, "auto fr en",
      N_("Language of the screens and messages; auto follows the locale.") },
    { SET_COLOR, "general", "color", ST_ENUM, "auto", 0, 0, "auto always never",
      N_("Colours: auto uses them when the terminal has them and NO_COLOR is not set.") },
    { SET_GROUP_SIZE_LIMIT, "groups", "size_limit", ST_INT, "5", 1, 10, NULL,
      N_("Most students a group may hold; the program refuses one more.") },
    { SET_GROUP_SIZE_WARNING, "groups", "size_warning", ST_INT, "4", 1, 10, NULL,
      N_("Above this many students a group is flagged (research advises at most 4).") },
    { SET_RATE_COLLEGE, "rates", "college", ST_MONEY, "20.00", 0, 100000, NULL,
      N_("Hourly rate of college students, in dollars.") },
    { SET_RATE_UNIVERSITY, "rates", "university", ST_MONEY, "23.00", 0, 100000, NULL,
      N_("Hourly rate of university students, in dollars.") },
    { SET_RATE_STAFF_REGULAR, "rates", "staff_regular", ST_MONEY, "0.00", 0, 100000, NULL,
      N_("Hourly rate of regular staff; 0 when they are paid under their own contract.") },
    { SET_RATE_STAFF_PARTTIME, "rates", "staff_parttime", ST_MONEY, "0.00", 0, 100000, NULL,
      N_("Hourly rate of part-time staff; 0 when they are paid under their own contract.") },
    { SET_RATE_SUBSTITUTE, "rates", "substitute", ST_MONEY, "0.00", 0, 100000, NULL,
      N_("Hourly rate of substitutes; 0 when they are paid under their own contract.") },
    { SET_RATE_RETIREE, "rates", "retiree", ST_MONEY, "0.00", 0, 100000, NULL,
      N_("Hourly rate of retirees of the school network.") },
    { SET_RATE_OTHER, "rates", "other", ST_MONEY, "0.00", 0, 100000, NULL,
      N_("Hourly rate of other tutors.") },
    { SET_YEAR_START, "school_year", "start", ST_DATE_AUTO, "auto", 0, 0, NULL,
      N_("First day of the school year; auto: August 25 of the year that contains today.") },
    { SET_YEAR_END, "school_year", "end", ST_DATE_AUTO, "auto", 0, 0, NULL,
      N_("Last day of the school year; auto: June 23 after the start.") },
    { SET_REPORT_WEEK, "report", "week", ST_WEEK_AUTO, "last", 0, 0, NULL,
      N_("Week of the ministry report: last (the last complete week) or an ISO week such as 2021-W08.") },
    { SET_PROGRAM_START, "report", "program_start", ST_DATE_AUTO, "auto", 0, 0, NULL,
      N_("Start of the tutoring program, for cumulative totals; auto: the school year's start.") },
    { SET_CONSENT_EXPIRES, "consent", "expires", ST_DATE_AUTO, "auto", 0, 0, NULL,
      N_("Default last day of a new consent; auto: the end of the school year.") },
    { SET_CONSENT_WARN_DAYS, "consent", "warn_days", ST_INT, "30", 1, 365, NULL,
      N_("Consents ending within this many days are listed as expiring soon.") },
    { SET_BUDGET_ALLOCATION, "budget", "allocation", ST_MONEY, "0.00", 0, 100000000000L, NULL,
      N_("Allocation of measure 15021 for tutoring, in dollars; 0: the organisation's budget "
         "recorded in the database.") },
    { SET_BUDGET_CHARGES, "budget", "employer_charges", ST_PERCENT, "15.00", 0, 10000, NULL,
      N_("Employer charges added to the amounts paid, in percent.") },
    { SET_PRIVACY_IDLE, "privacy", "idle_minutes", ST_INT, "10", 0, 240, NULL,
      N_("Minutes without a key before the screen hides personal information; 0: never.") },
    { SET_BACKUP_FOLDER, "backup", "folder", ST_PATH, "", 0, 0, NULL,
      N_("Folder of the daily backups; empty: a backups folder beside the database.") },
    { SET_BACKUP_KEEP, "backup", "keep", ST_INT, "14", 0, 365, NULL,
      N_("Daily backups kept (the oldest are removed); 0: no daily backup.") },
    { SET_DOSAGE_WEEKS, "dosage", "window_weeks", ST_INT, "4", 1, 20, NULL,
      N_("Dosage warnings look at this many complete weeks before this one.") },
    { SET_DOSAGE_SESSIONS, "dosage", "min_sessions", ST_INT, "3", 0, 10, NULL,
      N_("Fewer sessions attended per week than this is flagged.") },
    { SET_DOSAGE_MINUTES, "dosage", "min_minutes", ST_INT, "75", 0, 1000, NULL,
      N_("Fewer minutes of tutoring per week than this is flagged.") },
    { SET_DOSAGE_ATTENDANCE, "dosage", "min_attendance", ST_INT, "80", 0, 100, NULL,
      N_("Attendance under this percentage over the weeks looked at is flagged.") },
    { SET_DOSAGE_PROGRAM_WEEKS, "dosage", "min_program_weeks", ST_INT, "10", 1, 52, NULL,
      N_("A student's program (joining to the group's end) shorter than this many weeks is "
         "flagged.") },
};

struct free_value {
    char *section;
    char *key;
    char *value;
    char *origin;
};

struct settings {
    char *text[SET__COUNT];
    long num[SET__COUNT];        /* ST_INT value, ST_MONEY cents */
    char *origin[SET__COUNT];
    struct free_value *free_values;
    size_t n_free;
};

struct section_validator {
    const char *section;
    settings_validator validate;
};
static struct section_validator validators[8];
static size_t n_validators;

const struct setting_def *settings_table(size_t *count)
{
    *count = TT_ARRAY_LEN(table);
    return table;
}

void settings_register_section(const char *section, settings_validator v)
{
    for (size_t i = 0; i < n_validators; i++) {
        if (strcmp(validators[i].section, section) == 0) {
            validators[i].validate = v;
            return;
        }
    }
    if (n_validators < TT_ARRAY_LEN(validators))
        validators[n_validators++] = (struct section_validator){ section, v };
}

static const struct section_validator *find_validator(const char *section)
{
    for (size_t i = 0; i < n_validators; i++)
        if (strcmp(validators[i].section, section) == 0)
            return &validators[i];
    return NULL;
}

/* 0 when value suits def; otherwise writes the expected form. */
static int parse_value(const struct setting_def *def, const char *value, long *num,
                       char *expected, size_t size)
{
    tt_day d;
    switch (def->type) {
    case ST_STRING:
    case ST_PATH:
        return 0;
    case ST_INT: {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno == 0 && end != value && *end == '\0' && v >= def->min && v <= def->max) {
            *num = v;
            return 0;
        }
        snprintf(expected, size, _("a whole number from %ld to %ld"), def->min, def->max);
        return -1;
    }
    case ST_PERCENT:
    case ST_MONEY: {
        tt_cents c;
        /* Config files use a dot whatever the language, like the default. */
        if (strchr(value, ',') == NULL && money_parse(value, &c) == 0 &&
            c >= def->min && c <= def->max) {
            *num = (long)c;
            return 0;
        }
        char lo[32], hi[32];
        money_format_plain(def->min, lo, sizeof lo);
        money_format_plain(def->max, hi, sizeof hi);
        if (def->type == ST_PERCENT)
            snprintf(expected, size, _("a percentage from %s to %s, written like 15.00"), lo, hi);
        else
            snprintf(expected, size, _("an amount in dollars from %s to %s, written like 23.00"),
                     lo, hi);
        return -1;
    }
    case ST_ENUM: {
        size_t n = strlen(value);
        for (const char *c = def->choices; *c; ) {
            size_t w = strcspn(c, " ");
            if (w == n && n > 0 && strncmp(c, value, n) == 0)
                return 0;
            c += w;
            while (*c == ' ')
                c++;
        }
        snprintf(expected, size, _("one of: %s"), def->choices);
        return -1;
    }
    case ST_DATE_AUTO:
        if (strcmp(value, "auto") == 0 || date_parse(value, &d) == 0)
            return 0;
        snprintf(expected, size, "%s", _("a date written YYYY-MM-DD, or auto"));
        return -1;
    case ST_WEEK_AUTO:
        if (strcmp(value, "last") == 0 || week_parse(value, &d) == 0)
            return 0;
        snprintf(expected, size, "%s", _("an ISO week written YYYY-Www (such as 2021-W08), or last"));
        return -1;
    }
    return -1;
}

struct settings *settings_new(void)
{
    struct settings *s = xcalloc(1, sizeof *s);
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
        const struct setting_def *def = &table[i];
        char expected[256];
        s->text[def->id] = xstrdup(def->def);
        if (parse_value(def, def->def, &s->num[def->id], expected, sizeof expected) != 0)
            abort(); /* a default that fails its own check is a programming error */
    }
    return s;
}

void settings_free(struct settings *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < SET__COUNT; i++) {
        free(s->text[i]);
        free(s->origin[i]);
    }
    for (size_t i = 0; i < s->n_free; i++) {
        free(s->free_values[i].section);
        free(s->free_values[i].key);
        free(s->free_values[i].value);
        free(s->free_values[i].origin);
    }
    free(s->free_values);
    free(s);
}

static const struct setting_def *find_def(const char *section, const char *key)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++)
        if (strcmp(table[i].section, section) == 0 && strcmp(table[i].key, key) == 0)
            return &table[i];
    return NULL;
}

static int known_section(const char *section)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++)
        if (strcmp(table[i].section, section) == 0)
            return 1;
    return find_validator(section) != NULL;
}

static void known_keys(const char *section, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
        if (strcmp(table[i].section, section) != 0)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "", table[i].key);
    }
}

static void known_sections(char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
        if (i > 0 && strcmp(table[i].section, table[i - 1].section) == 0)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s[%s]", len ? ", " : "", table[i].section);
    }
    for (size_t i = 0; i < n_validators; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, ", [%s]", validators[i].section);
    }
}

static void set_free_value(struct settings *s, const char *section, const char *key,
                           const char *value, const char *origin)
{
    for (size_t i = 0; i < s->n_free; i++) {
        struct free_value *f = &s->free_values[i];
        if (strcmp(f->section, section) == 0 && strcmp(f->key, key) == 0) {
            free(f->value);
            free(f->origin);
            f->value = xstrdup(value);
            f->origin = xstrdup(origin);
            return;
        }
    }
    s->free_values = xreallocarray(s->free_values, s->n_free + 1, sizeof *s->free_values);
    s->free_values[s->n_free++] = (struct free_value){
        xstrdup(section), xstrdup(key), xstrdup(value), xstrdup(origin) };
}

/* iniparser reports syntax errors through this callback; keep the last one
 * for our message instead of letting it print over the screen. */
static char ini_error[512];

static int capture_ini_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ini_error, sizeof ini_error, fmt, ap);
    va_end(ap);
    size_t n = strlen(ini_error);
    while (n > 0 && (ini_error[n - 1] == '\n' || ini_error[n - 1] == '\r'))
        ini_error[--n] = '\0';
    return 0;
}

/* Values are applied only once the whole file checked out, so a bad file
 * leaves the settings as they were. */
struct pending {
    const struct setting_def *def;
    const char *section, *key, *value;
    long num;
};

static int apply_dictionary(struct settings *s, dictionary *d, const char *path,
                            struct tt_error *err)
{
    int nsec = iniparser_getnsec(d);
    size_t cap = 16, n = 0;
    struct pending *todo = xcalloc(cap, sizeof *todo);
    int rc = TT_OK;

    for (int i = 0; i < nsec && rc == TT_OK; i++) {
        const char *section = iniparser_getsecname(d, i);
        if (!known_section(section)) {
            char list[512];
            known_sections(list, sizeof list);
            rc = tt_error_set(err, TT_ERR_CONFIG,
                              _("%s: unknown section [%s]; the sections are %s."),
                              path, section, list);
            break;
        }
        int nkeys = iniparser_getsecnkeys(d, section);
        if (nkeys <= 0)
            continue;
        const char **keys = xcalloc((size_t)nkeys, sizeof *keys);
        if (iniparser_getseckeys(d, section, keys) == NULL) {
            free(keys);
            continue;
        }
        for (int k = 0; k < nkeys && rc == TT_OK; k++) {
            /* iniparser names keys "section:key". */
            const char *full = keys[k];
            const char *key = strchr(full, ':') ? strchr(full, ':') + 1 : full;
            const char *value = iniparser_getstring(d, full, "");
            char expected[512] = "";
            if (n == cap) {
                cap *= 2;
                todo = xreallocarray(todo, cap, sizeof *todo);
            }
            const struct setting_def *def = find_def(section, key);
            const struct section_validator *v = def ? NULL : find_validator(section);
            if (def == NULL && v == NULL) {
                char list[512];
                known_keys(section, list, sizeof list);
                rc = tt_error_set(err, TT_ERR_CONFIG,
                                  _("%s: unknown key \"%s\" in section [%s]; the keys are: %s."),
                                  path, key, section, list);
            } else if (def && parse_value(def, value, &todo[n].num, expected, sizeof expected) != 0) {
                rc = tt_error_set(err, TT_ERR_CONFIG,
                                  _("%s: [%s] %s = \"%s\" is not valid; expected %s."),
                                  path, section, key, value, expected);
            } else if (v && v->validate && v->validate(key, value, expected, sizeof expected) != 0) {
                rc = tt_error_set(err, TT_ERR_CONFIG,
                                  _("%s: [%s] %s = \"%s\" is not valid; expected %s."),
                                  path, section, key, value, expected);
            } else {
                todo[n].def = def;
                todo[n].section = section;
                todo[n].key = key;
                todo[n].value = value;
                n++;
            }
        }
        free(keys);
    }
    if (rc == TT_OK) {
        for (size_t i = 0; i < n; i++) {
            if (todo[i].def) {
                int id = todo[i].def->id;
                free(s->text[id]);
                free(s->origin[id]);
                s->text[id] = xstrdup(todo[i].value);
                s->num[id] = todo[i].num;
                s->origin[id] = xstrdup(path);
            } else {
                set_free_value(s, todo[i].section, todo[i].key, todo[i].value, path);
            }
        }
    }
    free(todo);
    return rc;
}

int settings_load_file(struct settings *s, const char *path, int must_exist,
                       struct tt_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (errno == ENOENT && !must_exist)
            return TT_OK;
        return tt_error_set(err, TT_ERR_CONFIG, _("%s: cannot read the configuration file: %s."),
                            path, strerror(errno));
    }
    struct stat st;
    int regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    fclose(f);
    /* A folder opens for reading too; iniparser would see an empty file. */
    if (!regular)
        return tt_error_set(err, TT_ERR_CONFIG, _("%s: cannot read the configuration file: %s."),
                            path, _("not a regular file"));
    ini_error[0] = '\0';
    iniparser_set_error_callback(capture_ini_error);
    dictionary *d = iniparser_load(path);
    if (d == NULL)
        return tt_error_set(err, TT_ERR_CONFIG,
                            _("%s: the file is not a valid configuration file (%s); expected "
                              "[section] lines and key = value lines of at most 1,024 bytes."),
                            path, ini_error[0] ? ini_error : _("syntax error"));
    if (ini_error[0]) {
        iniparser_freedict(d);
        return tt_error_set(err, TT_ERR_CONFIG,
                            _("%s: the file is not a valid configuration file (%s); expected "
                              "[section] lines and key = value lines of at most 1,024 bytes."),
                            path, ini_error);
    }
    int rc = apply_dictionary(s, d, path, err);
    iniparser_freedict(d);
    return rc;
}

int settings_load_standard(struct settings *s, const char *cli_path, struct tt_error *err)
{
    int rc = settings_load_file(s, paths_system_config(), 0, err);
    if (rc != TT_OK)
        return rc;
    char *user = paths_user_config();
    rc = settings_load_file(s, user, 0, err);
    free(user);
    if (rc != TT_OK)
        return rc;
    const char *extra = cli_path ? cli_path : getenv("TUTORAT_CONFIG");
    if (extra && extra[0])
        rc = settings_load_file(s, extra, 1, err);
    return rc;
}

const char *settings_section_get(const struct settings *s, const char *section, const char *key)
{
    for (size_t i = 0; i < s->n_free; i++)
        if (strcmp(s->free_values[i].section, section) == 0 &&
            strcmp(s->free_values[i].key, key) == 0)
            return s->free_values[i].value;
    return NULL;
}

const char *settings_str(const struct settings *s, int id)
{
    return s->text[id];
}

long settings_int(const struct settings *s, int id)
{
    return s->num[id];
}

tt_cents settings_money(const struct settings *s, int id)
{
    return (tt_cents)s->num[id];
}

const char *settings_origin(const struct settings *s, int id)
{
    return s->origin[id];
}

static int year_of_today(tt_day today)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    return m >= 8 ? y : y - 1;
}

tt_day settings_year_start(const struct settings *s, tt_day today)
{
    tt_day d;
    if (strcmp(s->text[SET_YEAR_START], "auto") != 0 && date_parse(s->text[SET_YEAR_START], &d) == 0)
        return d;
    date_from_ymd(year_of_today(today), 8, 25, &d);
    return d;
}

tt_day settings_year_end(const struct settings *s, tt_day today)
{
    tt_day d;
    if (strcmp(s->text[SET_YEAR_END], "auto") != 0 && date_parse(s->text[SET_YEAR_END], &d) == 0)
        return d;
    int y, m, dd;
    date_to_ymd(settings_year_start(s, today), &y, &m, &dd);
    date_from_ymd(y + 1, 6, 23, &d);
    return d;
}

tt_day settings_consent_expiry(const struct settings *s, tt_day today)
{
    tt_day d;
    if (strcmp(s->text[SET_CONSENT_EXPIRES], "auto") != 0 &&
        date_parse(s->text[SET_CONSENT_EXPIRES], &d) == 0)
        return d;
    return settings_year_end(s, today);
}

/* Wraps help text at 76 columns behind "; ". */
static void write_comment(FILE *out, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t line = 0, last_space = 0;
        while (p[line] && line < 74) {
            if (p[line] == ' ')
                last_space = line;
            line++;
        }
        if (p[line] && last_space > 0)
            line = last_space;
        fprintf(out, "; %.*s\n", (int)line, p);
        p += line;
        while (*p == ' ')
            p++;
    }
}

void settings_write_example(FILE *out)
{
    fputs("; tutorat configuration.\n"
          "; Read in this order, later files overriding earlier ones:\n"
          ";   /etc/tutorat.ini, $XDG_CONFIG_HOME/tutorat/tutorat.ini, then --config FILE\n"
          ";   (or $TUTORAT_CONFIG).\n"
          "; Every key is shown with its default value, commented out.\n", out);
    const char *section = "";
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
        const struct setting_def *def = &table[i];
        if (strcmp(section, def->section) != 0) {
            section = def->section;
            fprintf(out, "\n[%s]\n", section);
        }
        fputc('\n', out);
        write_comment(out, def->help);
        if (def->type == ST_ENUM)
            fprintf(out, "; One of: %s.\n", def->choices);
        else if (def->type == ST_INT)
            fprintf(out, "; From %ld to %ld.\n", def->min, def->max);
        if (def->def[0])
            fprintf(out, ";%s = %s\n", def->key, def->def);
        else
            fprintf(out, ";%s =\n", def->key);
    }
    fputs("\n[keys]\n"
          "\n; Any action may be bound to other keys: action = KEY [KEY...], for example\n"
          "; quit = F10 q   (see the manual for the action names and key names).\n", out);
}
