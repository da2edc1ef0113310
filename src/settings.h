/* One table describes every setting (section, key, type, default, limits,
 * help); it drives loading with iniparser, validation, the example file and
 * the manual's list (as tmux's options-table.c does). */
#ifndef TT_SETTINGS_H
#define TT_SETTINGS_H
#include <stddef.h>
#include <stdio.h>
#include "dates.h"
#include "error.h"
#include "money.h"

enum setting_id {
    SET_DATABASE,
    SET_LANGUAGE,
    SET_COLOR,
    SET_GROUP_SIZE_LIMIT,
    SET_GROUP_SIZE_WARNING,
    SET_RATE_COLLEGE,
    SET_RATE_UNIVERSITY,
    SET_RATE_STAFF_REGULAR,
    SET_RATE_STAFF_PARTTIME,
    SET_RATE_SUBSTITUTE,
    SET_RATE_RETIREE,
    SET_RATE_OTHER,
    SET_YEAR_START,
    SET_YEAR_END,
    SET_REPORT_WEEK,
    SET_PROGRAM_START,
    SET_CONSENT_EXPIRES,
    SET_CONSENT_WARN_DAYS,
    SET_BUDGET_ALLOCATION,
    SET_BUDGET_CHARGES,
    SET_PRIVACY_IDLE,
    SET_BACKUP_FOLDER,
    SET_BACKUP_KEEP,
    SET_DOSAGE_WEEKS,
    SET_DOSAGE_SESSIONS,
    SET_DOSAGE_MINUTES,
    SET_DOSAGE_ATTENDANCE,
    SET_DOSAGE_PROGRAM_WEEKS,
    SET__COUNT
};

enum setting_type {
    ST_STRING,
    ST_PATH,      /* a file name; empty means "the default place" */
    ST_INT,       /* whole number within [min, max] */
    ST_MONEY,     /* dollars with up to two decimals, "23.00" */
    ST_ENUM,      /* one of the space-separated words in choices */
    ST_DATE_AUTO, /* YYYY-MM-DD, or "auto" */
    ST_WEEK_AUTO, /* YYYY-Www, or "last" (the last complete week) */
    ST_PERCENT    /* a percentage with up to two decimals, "15.00" (stored in hundredths) */
};

struct setting_def {
    int id;
    const char *section;
    const char *key;
    int type;
    const char *def;      /* default, as written in the file */
    long min, max;        /* ST_INT and ST_MONEY (in cents) */
    const char *choices;  /* ST_ENUM */
    const char *help;     /* English, marked with N_() */
};

const struct setting_def *settings_table(size_t *count);

struct settings;

/* Defaults only.  Never NULL. */
struct settings *settings_new(void);
void settings_free(struct settings *s);

/* Reads one INI file over the current values.  A missing file is fine when
 * must_exist is 0.  Unknown sections or keys, bad values, and unreadable or
 * malformed files give TT_ERR_CONFIG with a translated message naming the
 * file, the key and what was expected. */
int settings_load_file(struct settings *s, const char *path, int must_exist,
                       struct tt_error *err);
/* The usual chain: the system file, the user's file, then cli_path (or
 * $TUTORAT_CONFIG when cli_path is NULL), which must exist. */
int settings_load_standard(struct settings *s, const char *cli_path,
                           struct tt_error *err);

/* Free-form sections ([keys], import mappings) are validated by whoever
 * knows their keys.  The validator returns 0 when key=value is acceptable,
 * else writes what is expected (translated) into expected. */
typedef int (*settings_validator)(const char *key, const char *value,
                                  char *expected, size_t size);
void settings_register_section(const char *section, settings_validator v);
/* Value of key in a free-form section, or NULL. */
const char *settings_section_get(const struct settings *s, const char *section,
                                 const char *key);

const char *settings_str(const struct settings *s, int id);
long settings_int(const struct settings *s, int id);
tt_cents settings_money(const struct settings *s, int id);
/* Where the value came from: a file name, or NULL for the built-in default. */
const char *settings_origin(const struct settings *s, int id);

/* The current school year: the configured dates, or with "auto" the
 * year (late August to late June) that contains today. */
tt_day settings_year_start(const struct settings *s, tt_day today);
tt_day settings_year_end(const struct settings *s, tt_day today);
/* Default expiry of a new consent: [consent] expires, or the year's end. */
tt_day settings_consent_expiry(const struct settings *s, tt_day today);

/* Writes the documented example file (data/tutorat.ini is this output). */
void settings_write_example(FILE *out);

#endif
