/* The school roster import: the student list exported from the school's
 * information system, matched on the local number.  All or nothing by
 * default; with skip_bad the good rows go in and the rejected ones, with
 * their reasons, go to a rejects file. */
#ifndef TT_IMPORT_STUDENTS_H
#define TT_IMPORT_STUDENTS_H
#include <stdio.h>
#include "db.h"
#include "import_common.h"
#include "settings.h"

/* Lets the configuration loader check [import_students] (header mapping:
 * field = Header in the file). */
void import_students_register_settings(void);

/* Imports path.  Returns TT_OK when rows were written (or nothing was
 * needed); TT_ERR_INVALID with sum->problems filled when bad rows stopped
 * an all-or-nothing import; other codes for files that cannot be read.
 * rejects_path NULL means FILE.rejects.csv beside the input. */
int import_students(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                    const char *rejects_path, struct import_summary *sum, struct tt_error *err);

#endif
