/* What the CSV imports share: header mapping (default French and English
 * headers, or a [import_*] section of the configuration), the list of bad
 * rows with their reasons, the rejects file and the summary. */
#ifndef TT_IMPORT_COMMON_H
#define TT_IMPORT_COMMON_H
#include <stdio.h>
#include "csvread.h"
#include "error.h"
#include "settings.h"

struct import_field {
    const char *name;       /* as written in the [import_*] section */
    int required;
    const char *aliases;    /* '|'-separated headers, already folded */
};

struct import_problem {
    long line;
    char column[128];       /* the file's header, or "" */
    char reason[512];       /* translated */
};

struct import_summary {
    long rows, added, updated, unchanged, rejected;
    struct import_problem *problems;    /* one per rejected row, by line */
    long n_problems;
    char rejects_path[1024];            /* written when rows were skipped */
};

/* For settings_register_section: key must name a field. */
int import_check_mapping(const struct import_field *fields, int n, const char *key,
                         const char *value, char *expected, size_t size);
/* col[i] = column of fields[i] or -1; a missing required column is an
 * error naming the field and what header was expected. */
int import_map_columns(const struct csv_table *t, const struct settings *s, const char *section,
                       const struct import_field *fields, int n, int *col, const char *path,
                       struct tt_error *err);
const char *import_cell(const struct csv_record *r, const int *col, int field);
void import_add_problem(struct import_summary *sum, long line, const char *column,
                        const char *reason);
/* Sorts the problems by line and counts them as rejected; with bad rows
 * and no skip_bad, sets err to the all-or-nothing refusal. */
int import_settle_problems(struct import_summary *sum, const char *path, int skip_bad,
                           struct tt_error *err);
/* Writes the rows with ok[r] == 0, plus a reason column, to path (through a
 * temporary file). */
int import_write_rejects(const struct csv_table *t, const char *ok,
                         const struct import_summary *sum, const char *path,
                         struct tt_error *err);
void import_summary_free(struct import_summary *sum);
void import_summary_print(const struct import_summary *sum, FILE *out);

#endif
