/* The second of two people saving the same record: what differs between
 * the version on screen and the one saved meanwhile, field by field, and
 * the choice of which one to keep.  Nothing is decided here; the caller
 * saves or reloads. */
#ifndef TT_UI_CONFLICT_H
#define TT_UI_CONFLICT_H
#include "screens.h"

struct conflict_row {
    const char *label;      /* already translated */
    const char *mine;
    const char *theirs;
};

enum conflict_choice {
    CONFLICT_BACK,          /* Esc: back to the form, nothing saved */
    CONFLICT_KEEP_MINE,
    CONFLICT_TAKE_THEIRS
};

/* who: the login that saved last, and when, or "" when unknown. */
int ui_conflict(struct app *a, const char *title, const char *who,
                const struct conflict_row *rows, int n);

#endif
