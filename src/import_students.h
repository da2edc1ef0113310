/* The school roster import: the student list exported from the school's
 * information system, matched on the local number.  All or nothing by
 * default; with skip_bad the good rows go in and the rejected ones, with
 * their reasons, go to a rejects file. */
#ifndef TT_IMPORT_STUDENTS_H
#define TT_IMPORT_STUDENTS_H
#include <stdio.h>
#include "db.h"
#include "settings.h"

struct import_problem {
    long line;
    char column[128];       /* the file's header, or "" */
    char reason[512];       /* translated */
};

struct import_summary {
    long rows, added, updated, unchanged, rejected;
    struct import_problem *problems;    /* one per rejected row */
    long n_problems;
    char rejects_path[1024];            /* written when rows were skipped */
};

/* Lets the configuration loader check [import_students] (header mapping:
 * field = Header in the file). */
void import_students_register_settings(void);

/* Imports path.  Returns TT_OK when rows were written (or nothing was
 * needed); TT_ERR_INVALID with sum->problems filled when bad rows stopped
 * an all-or-nothing import; other codes for files that cannot be read.
 * rejects_path NULL means FILE.rejects.csv beside the input. */
int import_students(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                    const char *rejects_path, struct import_summary *sum, struct tt_error *err);
void import_summary_free(struct import_summary *sum);
/* The summary and every problem, translated, one per line. */
void import_summary_print(const struct import_summary *sum, FILE *out);

#endif
