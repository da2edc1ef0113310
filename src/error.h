/* Errors carried from the data layer up to whichever front end (screen or
 * command line) decides how to show them.  Messages are already translated. */
#ifndef TT_ERROR_H
#define TT_ERROR_H

enum tt_status {
    TT_OK = 0,
    TT_ERR_IO,        /* file system: unreadable, read-only, full disk */
    TT_ERR_DB,        /* SQLite failed for another reason */
    TT_ERR_INVALID,   /* the user's input is not of the expected form */
    TT_ERR_NOTFOUND,
    TT_ERR_RULE,      /* a rule that protects the data refused the change */
    TT_ERR_BUSY,      /* another user held the database past the busy timeout */
    TT_ERR_VERSION,   /* database written by a newer tutorat */
    TT_ERR_PERM,      /* the user's role does not allow it */
    TT_ERR_CONFIG,
    TT_ERR_CONFLICT   /* someone else saved the record first */
};

struct tt_error {
    int code;          /* enum tt_status */
    char field[64];    /* which input field is wrong, when one is */
    char msg[1024];    /* translated, ready to show */
};

void tt_error_clear(struct tt_error *e);
/* Sets code and a printf-formatted message; returns code so callers can
 * write `return tt_error_set(err, TT_ERR_IO, ...)`.  err may be NULL. */
int tt_error_set(struct tt_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int tt_error_set_field(struct tt_error *e, int code, const char *field,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
