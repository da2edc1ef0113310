/* The access log as administrators read it: who opened, printed or
 * exported whose personal data, and when (Law 25).  Written by the file
 * and export functions; read here, newest first. */
#ifndef TT_ACCESS_LOG_H
#define TT_ACCESS_LOG_H
#include <stddef.h>
#include <stdint.h>
#include "db.h"

struct access_entry {
    char at[24];            /* local time, YYYY-MM-DD HH:MM:SS */
    char login[65];
    char action[12];        /* view, print, export */
    char subject[24];       /* the table: student, tutor... */
    int64_t subject_id;
    char whose[440];        /* "Poirier, François (2100001)" for a student */
    char detail[404];
};

/* At most max entries between the days from and to (ISO dates, inclusive;
 * NULL or "" for no bound), newest first; free(*out).  Administrators only
 * (TT_ERR_PERM otherwise). */
int access_log_list(struct tt_db *db, const char *from, const char *to, size_t max,
                    struct access_entry **out, size_t *n, struct tt_error *err);
const char *access_action_label(const char *action);

#endif
