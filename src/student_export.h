/* Law 25: everything held about one student, in a common structured
 * format (JSON, or CSV as table,row,field,value), written whole or not at
 * all and recorded in the access log.  No curses. */
#ifndef TT_STUDENT_EXPORT_H
#define TT_STUDENT_EXPORT_H
#include <stdint.h>
#include "db.h"

/* The student with this local number (or internal number). */
int student_find(struct tt_db *db, const char *key, int64_t *id, struct tt_error *err);
/* Writes the student's data to path: CSV when it ends in .csv, JSON
 * otherwise; mode 0600.  Refused to read-only users. */
int student_export(struct tt_db *db, int64_t id, const char *path, struct tt_error *err);

#endif
