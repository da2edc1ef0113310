#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "backup.h"
#include "i18n.h"
#include "paths.h"
#include "util.h"

static int copy_to(struct tt_db *db, const char *path, struct tt_error *err);

/* A copy to a file of one's choosing carries every child's data away: not
 * for a read-only consultant.  The daily copy, kept beside the database,
 * is the server's, whoever starts tutorat first. */
int backup_to(struct tt_db *db, const char *path, struct tt_error *err)
{
    if (strcmp(db_role(db), "readonly") == 0)
        return tt_error_set(err, TT_ERR_PERM, "%s",
                            _("Your role (read-only) does not allow copying the database."));
    return copy_to(db, path, err);
}

static int copy_to(struct tt_db *db, const char *path, struct tt_error *err)
{
    size_t len = strlen(path) + 16;
    char *tmp = xmalloc(len);
    snprintf(tmp, len, "%s.partial", path);
    unlink(tmp);
    /* The copy holds every child's data: owner only, whatever the umask. */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int rc = tt_error_set(err, TT_ERR_IO, _("Cannot write the backup %s: %s."), path,
                              strerror(errno));
        free(tmp);
        return rc;
    }
    close(fd);
    sqlite3 *dest = NULL;
    int rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dest, "main", db_handle(db), "main")
                                        : NULL;
    if (b) {
        /* All pages in one step: the copy is one consistent snapshot, and
         * other users' writes wait at most as long as the copy takes. */
        do {
            rc = sqlite3_backup_step(b, -1);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(100);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_errcode(dest);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    int status = TT_OK;
    if (rc != SQLITE_OK)
        status = tt_error_set(err, (rc & 0xff) == SQLITE_FULL ? TT_ERR_IO : TT_ERR_DB,
                              _("Backing up to %s: %s."), path,
                              dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
    sqlite3_close(dest);
    if (status == TT_OK && rename(tmp, path) != 0)
        status = tt_error_set(err, TT_ERR_IO, _("Cannot write the backup %s: %s."), path,
                              strerror(errno));
    if (status != TT_OK)
        unlink(tmp);
    free(tmp);
    return status;
}

char *backup_folder(const struct tt_db *db, const struct settings *s)
{
    const char *folder = settings_str(s, SET_BACKUP_FOLDER);
    if (folder && folder[0])
        return xstrdup(folder);
    char *dir = paths_dirname(db_path(db));
    size_t len = strlen(dir) + 16;
    char *out = xmalloc(len);
    snprintf(out, len, "%s/backups", dir);
    free(dir);
    return out;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest tutorat-YYYY-MM-DD.db files beyond keep. */
static void rotate(const char *folder, long keep)
{
    DIR *d = opendir(folder);
    if (d == NULL)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "tutorat-", 8) != 0 || strlen(e->d_name) != 21 ||
            strcmp(e->d_name + 18, ".db") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if ((long)(n - i) > keep) {
            size_t len = strlen(folder) + strlen(names[i]) + 2;
            char *p = xmalloc(len);
            snprintf(p, len, "%s/%s", folder, names[i]);
            unlink(p);
            free(p);
        }
        free(names[i]);
    }
    free(names);
}

int backup_daily(struct tt_db *db, const struct settings *s, tt_day today, int *made,
                 struct tt_error *err)
{
    *made = 0;
    long keep = settings_int(s, SET_BACKUP_KEEP);
    if (keep <= 0 || strcmp(db_path(db), ":memory:") == 0)
        return TT_OK;
    char *folder = backup_folder(db, s);
    int rc = paths_mkdir_p(folder, 0700, err);
    if (rc == TT_OK) {
        char day[11];
        date_iso(today, day);
        size_t len = strlen(folder) + 32;
        char *path = xmalloc(len);
        snprintf(path, len, "%s/tutorat-%s.db", folder, day);
        struct stat st;
        if (stat(path, &st) != 0) {
            rc = copy_to(db, path, err);
            *made = rc == TT_OK;
        }
        free(path);
        if (rc == TT_OK)
            rotate(folder, keep);
    }
    free(folder);
    return rc;
}
