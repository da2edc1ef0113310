/* Backups: a consistent copy of the database taken while others work
 * (SQLite's online backup), written to a temporary file then renamed so a
 * half-written copy never carries the final name; and the daily copy with
 * rotation.  No curses. */
#ifndef TT_BACKUP_H
#define TT_BACKUP_H
#include "dates.h"
#include "db.h"
#include "settings.h"

/* Copies the database to path (mode 0600), replacing it; refused to the
 * read-only role. */
int backup_to(struct tt_db *db, const char *path, struct tt_error *err);
/* The folder of the daily backups: [backup] folder, or "backups" beside
 * the database.  Caller frees. */
char *backup_folder(const struct tt_db *db, const struct settings *s);
/* Takes today's backup (tutorat-YYYY-MM-DD.db in the folder) unless it
 * exists or [backup] keep is 0, then removes the oldest beyond keep.
 * *made is 1 when a copy was written. */
int backup_daily(struct tt_db *db, const struct settings *s, tt_day today, int *made,
                 struct tt_error *err);

#endif
