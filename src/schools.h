/* The organisation (a school service centre, a school board, a private
 * school) and its schools: what every referral, group and budget hangs
 * from.  Administrators only may change them; SQLite's authoriser refuses
 * everyone else (db.c). */
#ifndef TT_SCHOOLS_H
#define TT_SCHOOLS_H
#include <stddef.h>
#include <stdint.h>
#include "db.h"
#include "money.h"

struct organisation {
    int exists;                 /* 0: none recorded yet */
    char name[804];
    char kind[12];              /* css, board, special, private */
    char ministry_code[84];
    int has_budget;
    tt_cents budget;            /* measure 15021, for the whole organisation */
};

struct school {
    int64_t id;                 /* 0: a new school */
    char code[84];              /* short, as in imports: "SEDO" */
    char name[804];
    int has_budget;
    tt_cents budget;
    int active;                 /* inactive: kept, but offered nowhere */
};

/* TT_OK for an administrator; otherwise TT_ERR_PERM saying who may (the
 * authoriser refuses anyway, in less precise words). */
int schools_may_change(struct tt_db *db, struct tt_error *err);

int organisation_get(struct tt_db *db, struct organisation *o, struct tt_error *err);
/* Checks and records the organisation (there is one).  A wrong field is
 * named in err->field: name, kind, ministry_code, budget. */
int organisation_save(struct tt_db *db, struct organisation *o, struct tt_error *err);

/* Every school, active ones first, by name; free() *out. */
int schools_list(struct tt_db *db, struct school **out, size_t *n, struct tt_error *err);
int school_get_by_code(struct tt_db *db, const char *code, struct school *s,
                       struct tt_error *err);
/* Adds (id 0) or changes a school.  Codes and names are unique; a taken
 * one is refused naming the field (code, name). */
int school_save(struct tt_db *db, struct school *s, struct tt_error *err);

#endif
