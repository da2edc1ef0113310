#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "access_log.h"
#include "fields.h"
#include "i18n.h"
#include "users.h"
#include "util.h"

const char *access_action_label(const char *action)
{
    return strcmp(action, "view") == 0    ? _("viewed")
           : strcmp(action, "print") == 0 ? _("printed")
           : strcmp(action, "export") == 0 ? _("exported")
                                           : action;
}

int access_log_list(struct tt_db *db, const char *from, const char *to, size_t max,
                    struct access_entry **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    /* Who looked at whom is itself personal data: for administrators. */
    if (strcmp(db_role(db), "admin") != 0)
        return tt_error_set(err, TT_ERR_PERM,
                            _("Only an administrator reads the access log (your role: %s)."),
                            user_role_label(db_role(db)));
    sqlite3_stmt *st = db_stmt(db,
        "SELECT substr(datetime(a.at, 'localtime'), 1, 19), a.login, a.action, a.subject_table,"
        " ifnull(a.subject_id, 0),"
        " CASE WHEN a.subject_table = 'student' THEN"
        "   (SELECT s.last_name || ', ' || s.first_name || ' (' || s.local_number || ')'"
        "    FROM student s WHERE s.id = a.subject_id)"
        " WHEN a.subject_table = 'tutor' THEN"
        "   (SELECT t.last_name || ', ' || t.first_name FROM tutor t WHERE t.id = a.subject_id)"
        " END, ifnull(a.detail, '')"
        " FROM access_log a"
        " WHERE (?1 IS NULL OR date(a.at, 'localtime') >= ?1)"
        "   AND (?2 IS NULL OR date(a.at, 'localtime') <= ?2)"
        " ORDER BY a.id DESC LIMIT ?3", err);
    STMT_OR_FAIL(st);
    field_bind_opt(st, 1, from);
    field_bind_opt(st, 2, to);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        struct access_entry *e = &(*out)[(*n)++];
        memset(e, 0, sizeof *e);
        field_col(st, 0, e->at, sizeof e->at);
        field_col(st, 1, e->login, sizeof e->login);
        field_col(st, 2, e->action, sizeof e->action);
        field_col(st, 3, e->subject, sizeof e->subject);
        e->subject_id = sqlite3_column_int64(st, 4);
        field_col(st, 5, e->whose, sizeof e->whose);
        field_col(st, 6, e->detail, sizeof e->detail);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return db_fail(db, s, err, _("Reading the access log"));
    }
    return TT_OK;
}
