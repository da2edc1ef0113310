/* Shared by the unit tests: a private temporary folder per test program,
 * and (when db.h comes first) fresh databases in it. */
#ifndef TT_TESTUTIL_H
#define TT_TESTUTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Creates a fresh folder under $TMPDIR (or /tmp); the caller removes it
 * with test_rmdir.  Returns a static buffer. */
static inline const char *test_tmpdir(void)
{
    static char dir[512];
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/tutorat-test-XXXXXX", base && base[0] ? base : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(99);
    }
    return dir;
}

static inline void test_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static inline void test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(99);
    }
    fputs(text, f);
    fclose(f);
}

#ifdef TT_DB_H
/* Runs SQL on db, failing the test with SQLite's message. */
static inline void test_exec(struct tt_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s\n-> %s", sql, msg);
}

/* A fresh database file in dir, seeded with seed_sql (may be NULL). */
static inline struct tt_db *test_db_new(const char *dir, const char *seed_sql)
{
    static int n;
    char path[700];
    snprintf(path, sizeof path, "%s/t%d.db", dir, n++);
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        fail_msg("%s", err.msg);
    if (seed_sql)
        test_exec(db, seed_sql);
    return db;
}
#endif

#endif
