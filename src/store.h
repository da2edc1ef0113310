/* The queries behind the lists and the dashboard.  Lists are read a page at
 * a time, and a page starts where the previous one ended: the store seeks to
 * the last row's place in the sort order (keyset paging) instead of
 * skipping the rows before it, so PgDn at row 3,000,000 costs what it costs
 * at row 20.  Counting a list can take longer than a frame: it is separate
 * (store_count), so screens can count after drawing. */
#ifndef TT_STORE_H
#define TT_STORE_H
#include <stdint.h>
#include "db.h"
#include "dates.h"

enum store_list {
    LIST_STUDENTS,
    LIST_TUTORS,
    LIST_GROUPS,
    LIST_SESSIONS,
    LIST_TO_DECIDE,         /* referrals received, to decide */
    LIST_AWAITING_CONSENT,  /* with days waiting and the guardian's contact */
    LIST_CONSENTS_EXPIRING, /* given consents ending within q->days */
    LIST_UNANSWERED,        /* candidates waiting for an answer, oldest first */
    LIST_TO_COMPLETE,       /* past planned sessions without attendance, oldest first */
    LIST_TODAY,             /* today's sessions by time */
    LIST__COUNT
};

#define STORE_MAX_COLS 10
#define STORE_KEYS 3

/* Column values as stored (codes, ISO dates); the screen turns codes into
 * words of the user's language.  NULL for SQL NULL. */
struct store_row {
    int64_t id;
    char *col[STORE_MAX_COLS];
    /* The row's place in the list's order (its group, its key, a unique
     * id), to read on from it: the store's own business. */
    sqlite3_value *key[STORE_KEYS];
};

struct store_query {
    int list;       /* enum store_list */
    int sort;       /* index into the list's sort orders (0 = default) */
    int descending;
    long total;     /* rows in the list, once counted (store_fetch only) */
    /* Filters; NULL or 0 means "any". */
    const char *search;     /* words typed: accents and case ignored, prefixes */
    int64_t school_id;
    const char *level;
    const char *status;     /* latest referral's status, or "none" */
    const char *subject;    /* a referral's subject */
    const char *consent;    /* latest tutoring consent's status, or "none" */
    int priority;
    const char *category;   /* tutors */
    const char *source;
    int unanswered;
    tt_day today;           /* work lists: days waiting, expiry horizon */
    int days;
    /* Kept by the store between pages: how the search plan_text is best
     * read (see store.c).  Zero plan when the sort changes. */
    int plan;               /* 0 to be found, or enum store_plan */
    int plan_ranges;        /* STORE_PLAN_SPLIT: the ranges read sorted (bits) */
    char plan_text[64];
};
enum store_plan {
    STORE_PLAN_WALK = 1,    /* walk the order's index, keeping the matches */
    STORE_PLAN_SORTED = 2,  /* take the matches and sort them */
    STORE_PLAN_SPLIT = 3    /* by name: in three ranges of the name order */
};
/* The most rows store_page reads at once. */
#define STORE_MAX_PAGE 256

/* Turns typed words into a full-text query ("Élo cô" -> "eloi"* "co"*).
 * NULL when nothing searchable was typed.  Caller frees. */
char *store_match_expression(const char *typed);

/* Number of sort orders a list offers. */
int store_sort_count(int list);
/* Rows in the list: a whole-list count, which can take a while at
 * province scale (see store_was_interrupted). */
int store_count(struct tt_db *db, const struct store_query *q, long *count,
                struct tt_error *err);

enum store_seek {
    STORE_FIRST,    /* the list's first rows */
    STORE_LAST,     /* its last rows */
    STORE_AFTER,    /* the rows that follow the anchor */
    STORE_BEFORE,   /* the rows that precede it, nearest last */
    STORE_FROM      /* the anchor's place and on: the anchor's row first if it
                       is still there with the same key, else the next one */
};
/* Reads up to limit rows, in the list's order, by seeking to the anchor's
 * place (a row this list returned; ignored by FIRST and LAST): the cost is
 * that of the rows read, wherever they are.  *n is how many were read;
 * free them with store_rows_clear.  Updates q's plan for its search.  Runs
 * its own progress handler: not to be called under another one. */
int store_page(struct tt_db *db, struct store_query *q, int seek, const struct store_row *anchor,
               int limit, struct store_row *rows, int *n, struct tt_error *err);
/* How many rows precede the anchor in the list's order: its position from
 * 0.  Counts them, so it can take a while (see store_was_interrupted). */
int store_rank(struct tt_db *db, const struct store_query *q, const struct store_row *anchor,
               long *rank, struct tt_error *err);
/* The list's current version of the row the anchor showed (same record),
 * or *found = 0 when the record is gone from the list (filtered out,
 * removed).  Free *out with store_rows_clear when found. */
int store_row_again(struct tt_db *db, const struct store_query *q, const struct store_row *anchor,
                    struct store_row *out, int *found, struct tt_error *err);
/* Fills up to limit rows from offset (skipping the rows before it: use
 * store_page to scroll); *n is how many were filled. */
int store_fetch(struct tt_db *db, const struct store_query *q, long offset, int limit,
                struct store_row *rows, int *n, struct tt_error *err);
void store_rows_clear(struct store_row *rows, int n);
/* Copies a row (its key too) into *dst, which must be empty. */
void store_row_copy(struct store_row *dst, const struct store_row *src);
/* 1 when the last failure on db was a query stopped by a progress handler
 * (a key pressed while counting), which is no error to show. */
int store_was_interrupted(struct tt_db *db);
/* For tests/unit/test_query_plans.c, which checks their plans: statement i
 * (0 up) of a list's sort order, read way 0 (walking the order's index),
 * 1 (sorting the search's matches), 2 (the same without filters) or 3 (a
 * name search in three ranges), "" for none, NULL past the last; *kind says what it does: "page", "rank" (counts
 * the rows before a row) or "again" (one row by its id). */
const char *store_statement_text(int list, int sort, int way, int i, const char **kind);
/* Its count statements: i 0 without search, 1 with, 2 with and no filter,
 * 3 the whole table. */
const char *store_count_text(int list, int i);
/* A number that changes whenever the database changes, by this connection
 * or another user's (PRAGMA data_version): a list compares it with the one
 * its rows were read at. */
int64_t store_change_mark(struct tt_db *db);

struct store_dashboard {
    long students;
    long referrals_to_decide;      /* status received */
    long awaiting_consent;
    long awaiting_pairing;
    long referrals_active;
    long candidates_unanswered;
    long tutors_hired;
    long groups_active;
    long sessions_to_complete;     /* past planned sessions without attendance */
    long consents_expiring;        /* given, ending within the warning days */
    long week_students;            /* distinct students present this week */
    long week_session_minutes;     /* tutor time of held sessions this week */
};
int store_dashboard(struct tt_db *db, tt_day today, tt_day program_start, int warn_days,
                    struct store_dashboard *d, struct tt_error *err);
/* Distinct students present and tutor minutes of held sessions in the week
 * starting on monday (the dashboard's "this week (last week)"). */
int store_week_totals(struct tt_db *db, tt_day monday, long *students, long *minutes,
                      struct tt_error *err);
/* Minutes of held sessions in each of the weeks weeks ending with the week
 * of last_monday (out[weeks - 1] is that week). */
int store_weekly_minutes(struct tt_db *db, tt_day last_monday, int weeks, long *out,
                         struct tt_error *err);
/* Each held session with attendance entered since from (inclusive) to to:
 * calls fn with its tutor, date and minutes (for pay and the budget). */
int store_paid_sessions(struct tt_db *db, tt_day from, tt_day to,
                        int (*fn)(void *ctx, int64_t tutor, tt_day day, long minutes), void *ctx,
                        struct tt_error *err);

struct store_school {
    int64_t id;
    char code[24];
    char name[404];
};
/* Active schools by name. */
int store_schools(struct tt_db *db, struct store_school *out, int max, int *n,
                  struct tt_error *err);

#endif
