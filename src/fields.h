/* Small helpers the data-layer modules share to check what a user typed
 * and to move text in and out of SQLite statements.  No curses. */
#ifndef TT_FIELDS_H
#define TT_FIELDS_H
#include <sqlite3.h>
#include <stddef.h>
#include "error.h"

/* Trims v, then refuses it (naming field and label) when required and
 * empty, not valid UTF-8, or longer than max characters. */
int field_text(char *v, const char *field, const char *label, size_t max, int required,
               struct tt_error *err);
/* 1 when v is one of the NULL-terminated codes. */
int field_one_of(const char *v, const char *const *codes);
/* Characters (not bytes) of a UTF-8 string. */
size_t field_chars(const char *s);

/* In a function taking `struct tt_error *err`: returns the error that
 * db_stmt recorded when it could not prepare st. */
#define STMT_OR_FAIL(st) \
    if ((st) == NULL)    \
        return err ? err->code : TT_ERR_DB

/* Column i as text into dst ("" for NULL). */
void field_col(sqlite3_stmt *st, int i, char *dst, size_t size);
/* Binds v, or NULL when v is NULL or empty. */
void field_bind_opt(sqlite3_stmt *st, int i, const char *v);

#endif
