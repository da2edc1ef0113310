/* Law 25: anonymising a finished school year.  The identities of the
 * people whose last activity falls in that year are removed for good, in
 * one transaction, after a backup; every count the ministry's weekly report
 * (and the dashboard, budget and payroll) is made of stays as it was.  No
 * curses.
 *
 * Whose records.  A person belongs to the school year in which their last
 * dated activity falls: after the end of the previous school year known to
 * the database (or ever, when there is none) and on or before this year's
 * last day.  Nobody with anything dated later is touched.
 *   Students: referrals (date, status date and history), consents
 *     (requested, decided, withdrawn), memberships (joined, left), sessions
 *     of a group they still belong to on that day (planned ones included),
 *     attendance, progress notes, partner referrals.  A student with none of
 *     these (a name of the school's list, never referred) belongs to no
 *     year and is left as the list imports it.
 *   Tutors and candidates: applied, status, answered, hired, check,
 *     training and confidentiality dates, status history, hourly rates,
 *     sessions led or held in their groups, their groups' dates, group
 *     tutor history.
 *
 * What is removed (set empty, or to the translated word "Anonymised" where
 * the schema requires a value) and what is kept:
 *   student: local number (becomes ANON<id>), code permanent, names (last
 *     name "Anonymised", first name #<id>), search key, birth date, class
 *     group; kept: school, level, language, the two flags, statuses.  Marked
 *     anonymised = 1, which imports respect.
 *   guardian: name, phone, e-mail; kept: rank, relationship, language.
 *   referral: referrer's name, class group, difficulties, strengths,
 *     strategies tried, since when, pairing constraints, closing reason;
 *     kept: dates, statuses, subjects, availability, RAI level, priority,
 *     format, modality, device and internet, well-being flag, partners.
 *   referral history, consent, tutor history: the free-text note; consent
 *     keeps its purpose, status, dates, method and signer's link (the
 *     guardian, anonymised).  partner_referral: the outcome text.
 *   membership: join and leave reasons.  progress_note: the text (the score
 *     stays).  attendance and sessions: kept (the hours), except the
 *     cancellation reason of the year's sessions.
 *   tutor: names (as students), search key, e-mail, phone, institution,
 *     program, region, desired organisation, availability text, employee
 *     number, notes; kept: category, source, statuses and their dates,
 *     checks, school, modality, skills, availability, rates (their note
 *     goes), payroll lines.  Their groups lose the meeting link; the group
 *     tutor history its reason.
 *   audit_log: in the entries about those rows, the values of the removed
 *     fields (whole-row entries keep their other fields); access_log: the
 *     detail of the entries about those students and tutors.  One audit
 *     entry records the anonymisation itself (who, when, the counts).
 *   student_fts is rebuilt, so no removed word stays in the index. */
#ifndef TT_ANONYMISE_H
#define TT_ANONYMISE_H
#include "dates.h"
#include "db.h"
#include "settings.h"

struct anonymise_summary {
    char label[16];
    tt_day start, end;              /* the school year's days */
    long students, guardians, referrals, consents, memberships, progress_notes,
        partner_referrals, tutors, sessions, audit_entries, access_entries;
    char backup_path[4096];         /* "" until written */
    int vacuumed;                   /* the file was rewritten without free pages */
    int wal_emptied;                /* the write-ahead log was truncated to nothing */
    char warning[1024];             /* why the file could not be compacted, if so */
};

/* Checks that the connection's login may anonymise the school year label
 * as of today, and counts what would be anonymised, changing nothing.
 * TT_ERR_PERM for anyone but an administrator, TT_ERR_NOTFOUND for a year
 * the database does not know, TT_ERR_RULE for a year not over (its last
 * day is today or later). */
int anonymise_preview(struct tt_db *db, const char *label, tt_day today,
                      struct anonymise_summary *sum, struct tt_error *err);

/* Where the backup will go: the [backup] folder, or "backups" beside the
 * database.  Caller frees. */
char *anonymise_backup_folder(const struct tt_db *db, const struct settings *s);

/* Does it: the same checks, then in one transaction (all or nothing) a
 * backup of the database as it stands (mode 0600, in the backup folder,
 * tutorat-before-anonymise-LABEL-DAY.db), the anonymisation, the log
 * entries' values, the search index rebuilt, and the year's anonymised_at.
 * After the commit, VACUUM and a truncating checkpoint, with secure_delete
 * on throughout, so the old values are gone from the database file and
 * its write-ahead log; when other users keep the log open, wal_emptied is
 * 0 and the log is emptied at a later checkpoint.  The backup still holds
 * every name. */
int anonymise_year(struct tt_db *db, const struct settings *s, const char *label, tt_day today,
                   struct anonymise_summary *sum, struct tt_error *err);

#endif
