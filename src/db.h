/* The data layer's connection: opening, pragmas, migrations, checks, and the
 * mapping of SQLite failures to messages a secretary can act on.  No curses
 * here; screens never see SQL. */
#ifndef TT_DB_H
#define TT_DB_H
#include <sqlite3.h>
#include <stdint.h>
#include "error.h"

struct tt_db;

enum db_open_flags {
    DB_OPEN_CREATE = 1,    /* create the file (0660) and folders (0750) */
    DB_OPEN_READONLY = 2
};

/* Opens path, refuses a database newer than this program without changing
 * it, or one on a network file system (NFS, SMB...), where SQLite's locks
 * are unsafe, then applies pending migrations.  Sets WAL, foreign keys and a busy
 * timeout.  On failure *out is NULL and err says why. */
int db_open(const char *path, int flags, struct tt_db **out, struct tt_error *err);
void db_close(struct tt_db *db);

sqlite3 *db_handle(struct tt_db *db);
const char *db_path(const struct tt_db *db);
/* The OS login of the person using this connection (tests may set it). */
const char *db_login(const struct tt_db *db);
/* Changes only the name written in the records' "by" columns. */
void db_set_login(struct tt_db *db, const char *login);
/* The person's role (admin, secretary, readonly), from the app_user table
 * at opening: an unknown or disabled login is refused there (TT_ERR_PERM).
 * Every write a role does not allow is refused when its statement is
 * prepared, whatever screen, command or import asks for it. */
const char *db_role(const struct tt_db *db);
/* A warning to show at start ("" none): the file is readable by others. */
const char *db_warning(const struct tt_db *db);
/* Acts as another login from now on (tests; the program uses the OS
 * login): its role applies to every statement prepared or re-prepared. */
int db_use_login(struct tt_db *db, const char *login, struct tt_error *err);

struct db_check_report {
    int schema_version;    /* PRAGMA user_version */
    int expected_version;  /* what this program writes */
    int integrity_ok;
    int foreign_keys_ok;
    long foreign_key_violations;
    char integrity_message[256];
};
/* Runs integrity_check and foreign_key_check.  Returns TT_OK when the
 * checks could run (look at the report for the verdict). */
int db_check(struct tt_db *db, struct db_check_report *r, struct tt_error *err);

/* Every insert, update and delete of the data made through this
 * connection is written to audit_log (who, when, table, row, field, old
 * and new value; a whole row as JSON for inserts and deletes) in the same
 * transaction.  Bulk generators of test data may turn it off. */
void db_set_audit(struct tt_db *db, int on);

/* BEGIN IMMEDIATE, so a writer waits for the lock up front instead of
 * failing half-way. */
int db_begin(struct tt_db *db, struct tt_error *err);
int db_commit(struct tt_db *db, struct tt_error *err);
void db_rollback(struct tt_db *db);

/* Law 25's one exception to the append-only audit and access logs, for
 * anonymising a finished school year: inside an open transaction, and for
 * an administrator only, drops the triggers that refuse UPDATE on both logs
 * (those refusing DELETE stay), so their values can be blanked.  relock
 * puts them back from their own text in sqlite_master; db_commit does it
 * too if the caller did not, and a rollback restores them anyway, so no
 * transaction ever commits with the logs open.  Outside this pair, the
 * authoriser refuses to drop those triggers for every role. */
int db_logs_unlock(struct tt_db *db, struct tt_error *err);
int db_logs_relock(struct tt_db *db, struct tt_error *err);

/* A unit of work that may run alone or inside a caller's transaction
 * (the demo and imports save many forms in one): a transaction when none
 * is open, a savepoint otherwise.  Each begin is closed by one end, which
 * commits (ok) or undoes the unit's own changes only. */
int db_unit_begin(struct tt_db *db, struct tt_error *err);
int db_unit_end(struct tt_db *db, int ok, struct tt_error *err);

/* A prepared statement from the connection's cache, reset and with its
 * bindings cleared.  sql must be a string literal (its address is the key).
 * Do not finalize it. */
sqlite3_stmt *db_stmt(struct tt_db *db, const char *sql, struct tt_error *err);

/* Turns an SQLite result code into a translated message (busy, read-only,
 * disk full, constraint...), prefixed with what was being done.  Returns the
 * tt_status code. */
int db_fail(struct tt_db *db, int rc, struct tt_error *err, const char *what);

/* Steps a statement that returns no row and resets it: TT_OK, or the
 * failure as db_fail reports it, prefixed with what. */
int db_step_done(struct tt_db *db, sqlite3_stmt *st, const char *what, struct tt_error *err);

/* One-value helpers on cached statements; 0 ok. */
int db_scalar_int(struct tt_db *db, const char *sql, int64_t *out, struct tt_error *err);
int64_t db_last_id(struct tt_db *db);

#endif
