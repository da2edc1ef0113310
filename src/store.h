/* The queries behind the lists and the dashboard.  Lists are paged: a
 * screen asks for the rows it shows, never for the whole table, so a list
 * of 200,000 students costs what a screenful costs. */
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

/* Column values as stored (codes, ISO dates); the screen turns codes into
 * words of the user's language.  NULL for SQL NULL. */
struct store_row {
    int64_t id;
    char *col[STORE_MAX_COLS];
};

struct store_query {
    int list;       /* enum store_list */
    int sort;       /* index into the list's sort orders (0 = default) */
    int descending;
    long total;     /* rows in the list, once counted: lets a fetch near the
                       end read backwards instead of skipping every row */
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
};

/* Turns typed words into a full-text query ("Élo cô" -> "eloi"* "co"*).
 * NULL when nothing searchable was typed.  Caller frees. */
char *store_match_expression(const char *typed);

/* Number of sort orders a list offers. */
int store_sort_count(int list);
int store_count(struct tt_db *db, const struct store_query *q, long *count,
                struct tt_error *err);
/* Fills up to limit rows from offset; *n is how many were filled.  Free the
 * rows' strings with store_rows_clear. */
int store_fetch(struct tt_db *db, const struct store_query *q, long offset, int limit,
                struct store_row *rows, int *n, struct tt_error *err);
void store_rows_clear(struct store_row *rows, int n);

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
