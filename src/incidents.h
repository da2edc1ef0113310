/* The register of privacy incidents that Québec's Law 25 requires (the
 * regulation on confidentiality incidents lists what each entry holds):
 * what personal information, the circumstances, when it happened and when
 * it was discovered, how many people, the risk assessment, the notices
 * sent to the Commission d'accès à l'information and to the people, with
 * their dates, and the measures taken.  Only an administrator records or
 * corrects an entry; every role may read the register.  No curses. */
#ifndef TT_INCIDENTS_H
#define TT_INCIDENTS_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"

#define INCIDENT_TEXT_MAX 4000      /* characters of each free-text field */
#define INCIDENT_TEXT_SIZE (INCIDENT_TEXT_MAX * 4 + 1)

/* One entry.  Dates and the count hold what was typed on the way in
 * (2021-02-24 or 24/02/2021; "" when unknown or not yet) and the stored
 * form once saved or read. */
struct incident {
    int64_t id;                 /* 0: a new entry */
    int64_t row_version;        /* as read: a save over a newer one is a conflict */
    char information[INCIDENT_TEXT_SIZE];   /* what personal information */
    char circumstances[INCIDENT_TEXT_SIZE];
    char occurred_on[41];       /* may be unknown */
    char discovered_on[41];     /* required */
    char people_count[24];      /* how many people; "" unknown */
    char risk_assessment[INCIDENT_TEXT_SIZE];
    char commission_notified_on[41];
    char people_notified_on[41];
    char measures[INCIDENT_TEXT_SIZE];
    char recorded_by[65];       /* login; set by the save */
    char created_at[20];
};

/* A line of the register's list, text made safe to show. */
struct incident_row {
    int64_t id;
    char discovered_on[11];
    char information[404];      /* the first 100 characters */
    int64_t people_count;       /* -1 unknown */
    char commission_notified_on[11];
    char people_notified_on[11];
};

/* The register, most recently discovered first.  *out is malloc'ed. */
int incidents_list(struct tt_db *db, struct incident_row **out, size_t *n, struct tt_error *err);
int incident_get(struct tt_db *db, int64_t id, struct incident *out, struct tt_error *err);
/* Checks every field (naming the wrong one in err->field: a date that is
 * not one, a date after today, discovered before it happened, a notice
 * before the discovery, a count that is not a whole number), then adds
 * the entry (id 0) or updates it when nobody saved it since it was read
 * (else TT_ERR_CONFLICT, and nothing is written).  On success in holds
 * the stored values and its new version.  Administrators only
 * (TT_ERR_PERM). */
int incident_save(struct tt_db *db, struct incident *in, tt_day today, struct tt_error *err);
/* TT_OK when this connection's user may write to the register. */
int incidents_may_write(struct tt_db *db, struct tt_error *err);

#endif
