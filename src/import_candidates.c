#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "import_candidates.h"
#include "students.h"
#include "text.h"
#include "tutors.h"
#include "util.h"

enum field {
    F_LAST, F_FIRST, F_EMAIL, F_PHONE, F_STATUS, F_INSTITUTION, F_PROGRAM, F_REGION, F_ORG,
    F_AVAILABILITY, F_APPLIED, F__COUNT
};

static const struct import_field fields[F__COUNT] = {
    [F_LAST] = { "last_name", 1, "nom|nom de famille|last name|surname" },
    [F_FIRST] = { "first_name", 1, "prenom|first name|given name" },
    [F_EMAIL] = { "email", 1, "courriel|adresse courriel|email|e mail|adresse electronique" },
    [F_PHONE] = { "phone", 0, "telephone|tel|phone|numero de telephone" },
    [F_STATUS] = { "category", 0, "statut|categorie|status|category" },
    [F_INSTITUTION] = { "institution", 0, "etablissement|etablissement d enseignement|institution" },
    [F_PROGRAM] = { "program", 0, "programme|programme d etudes|program" },
    [F_REGION] = { "region", 0, "region|region administrative" },
    [F_ORG] = { "desired_org", 0, "organisme souhaite|organisme|organisation souhaitee|"
                                  "desired organisation" },
    [F_AVAILABILITY] = { "availability", 0, "disponibilites|disponibilite|availability" },
    [F_APPLIED] = { "applied_on", 0, "date de candidature|date d inscription|date|applied on|"
                                     "application date" },
};

static int validate_mapping(const char *key, const char *value, char *expected, size_t size)
{
    return import_check_mapping(fields, F__COUNT, key, value, expected, size);
}

void import_candidates_register_settings(void)
{
    settings_register_section("import_candidates", validate_mapping);
}

/* The platform writes the candidate's situation in words. */
static int parse_category(const char *v, char out[20])
{
    char *f = text_fold(v);
    int rc = 0;
    if (f[0] == '\0' || strstr(f, "autre") || strstr(f, "other"))
        tt_strlcpy(out, "other", 20);
    else if (strstr(f, "retrait") || strstr(f, "retire"))
        tt_strlcpy(out, "retiree", 20);
    else if (strstr(f, "colleg") || strstr(f, "cegep"))
        tt_strlcpy(out, "college", 20);
    else if (strstr(f, "univers"))
        tt_strlcpy(out, "university", 20);
    else if (strstr(f, "suppl") || strstr(f, "substitute"))
        tt_strlcpy(out, "substitute", 20);
    else if (strstr(f, "personnel") || strstr(f, "staff") || strstr(f, "enseignant"))
        tt_strlcpy(out, "staff_regular", 20);
    else
        rc = -1;
    free(f);
    return rc;
}

/* What a good row keeps once checked: its validated, normalised fields, in
 * the order of enum field, copied out of a scratch struct tutor.  A struct
 * tutor per row would be 25 KB each, 2.5 GB for 100,000 candidates. */
struct row {
    const char *v[F__COUNT];
    int ok;
};

/* Strings of every row in a few large blocks instead of a million small
 * allocations. */
struct arena {
    char **blocks;
    size_t n_blocks, used, size;
};

#define ARENA_BLOCK (1024 * 1024)

static const char *arena_dup(struct arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n == 1)
        return "";
    if (a->n_blocks == 0 || a->used + n > a->size) {
        a->size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        a->blocks = xreallocarray(a->blocks, a->n_blocks + 1, sizeof *a->blocks);
        a->blocks[a->n_blocks++] = xmalloc(a->size);
        a->used = 0;
    }
    char *p = a->blocks[a->n_blocks - 1] + a->used;
    memcpy(p, s, n);
    a->used += n;
    return p;
}

static void arena_free(struct arena *a)
{
    for (size_t i = 0; i < a->n_blocks; i++)
        free(a->blocks[i]);
    free(a->blocks);
    memset(a, 0, sizeof *a);
}

static int field_to_column(const char *field)
{
    static const struct { const char *field; int f; } map[] = {
        { "last_name", F_LAST }, { "first_name", F_FIRST }, { "email", F_EMAIL },
        { "phone", F_PHONE }, { "category", F_STATUS }, { "institution", F_INSTITUTION },
        { "program", F_PROGRAM }, { "region", F_REGION }, { "desired_org", F_ORG },
        { "availability_text", F_AVAILABILITY }, { "applied_on", F_APPLIED },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(map); i++)
        if (strcmp(map[i].field, field) == 0)
            return map[i].f;
    return -1;
}

/* An export writes its few categories in words on every row: each
 * distinct wording is folded and understood once. */
struct category_memo {
    char raw[8][64];
    char code[8][20];
    int rc[8];
    int n;
};

static int category_of(struct category_memo *m, const char *raw, char out[20])
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->raw[i], raw) == 0) {
            tt_strlcpy(out, m->code[i], 20);
            return m->rc[i];
        }
    out[0] = '\0';
    int rc = parse_category(raw, out);
    if (strlen(raw) < sizeof m->raw[0]) {
        int i = m->n < 8 ? m->n++ : 7;
        tt_strlcpy(m->raw[i], raw, sizeof m->raw[i]);
        tt_strlcpy(m->code[i], out, sizeof m->code[i]);
        m->rc[i] = rc;
    }
    return rc;
}

/* Checks one record with the rules of the candidate form (tutor_validate)
 * in the scratch struct x, and keeps its normalised fields. */
static void prepare_row(const struct csv_table *t, const struct csv_record *rec, const int *col,
                        struct tutor *x, struct category_memo *memo, struct arena *a,
                        struct row *row, struct import_summary *sum)
{
    row->ok = 0;
    /* Only the fields tutor_validate reads: clearing all 25 KB per row
     * would cost more than the checks. */
    tt_strlcpy(x->last_name, import_cell(rec, col, F_LAST), sizeof x->last_name);
    tt_strlcpy(x->first_name, import_cell(rec, col, F_FIRST), sizeof x->first_name);
    tt_strlcpy(x->email, import_cell(rec, col, F_EMAIL), sizeof x->email);
    tt_strlcpy(x->phone, import_cell(rec, col, F_PHONE), sizeof x->phone);
    tt_strlcpy(x->institution, import_cell(rec, col, F_INSTITUTION), sizeof x->institution);
    tt_strlcpy(x->program, import_cell(rec, col, F_PROGRAM), sizeof x->program);
    tt_strlcpy(x->region, import_cell(rec, col, F_REGION), sizeof x->region);
    tt_strlcpy(x->desired_org, import_cell(rec, col, F_ORG), sizeof x->desired_org);
    tt_strlcpy(x->availability_text, import_cell(rec, col, F_AVAILABILITY),
               sizeof x->availability_text);
    tt_strlcpy(x->applied_on, import_cell(rec, col, F_APPLIED), sizeof x->applied_on);
    tt_strlcpy(x->source, "platform", sizeof x->source);
    x->modality[0] = '\0';
    x->notes[0] = '\0';
    const char *status = import_cell(rec, col, F_STATUS);
    if (category_of(memo, status, x->category) != 0) {
        char why[512];
        snprintf(why, sizeof why, _("\"%s\" is not understood; expected retraité, étudiant "
                                    "collégial or étudiant universitaire"), status);
        import_add_problem(sum, rec->line, t->headers[col[F_STATUS]], why);
        return;
    }
    tt_trim(x->email);
    if (x->email[0] == '\0') {
        char why[512];
        snprintf(why, sizeof why, _("%s is required."), _("E-mail"));
        import_add_problem(sum, rec->line, t->headers[col[F_EMAIL]], why);
        return;
    }
    struct tt_error err;
    tt_error_clear(&err);
    if (tutor_validate(x, &err) != TT_OK) {
        int f = field_to_column(err.field);
        import_add_problem(sum, rec->line, f >= 0 && col[f] >= 0 ? t->headers[col[f]] : "",
                           err.msg);
        return;
    }
    row->v[F_LAST] = arena_dup(a, x->last_name);
    row->v[F_FIRST] = arena_dup(a, x->first_name);
    row->v[F_EMAIL] = arena_dup(a, x->email);
    row->v[F_PHONE] = arena_dup(a, x->phone);
    row->v[F_STATUS] = arena_dup(a, x->category);
    row->v[F_INSTITUTION] = arena_dup(a, x->institution);
    row->v[F_PROGRAM] = arena_dup(a, x->program);
    row->v[F_REGION] = arena_dup(a, x->region);
    row->v[F_ORG] = arena_dup(a, x->desired_org);
    row->v[F_AVAILABILITY] = arena_dup(a, x->availability_text);
    row->v[F_APPLIED] = arena_dup(a, x->applied_on);
    row->ok = 1;
}

static const struct row *sort_rows;

/* By e-mail, then by position, so the first row of an e-mail comes first. */
static int cmp_by_email(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    int c = strcmp(sort_rows[x].v[F_EMAIL], sort_rows[y].v[F_EMAIL]);
    return c ? c : (x > y) - (x < y);
}

/* The same e-mail twice in one export: rows after the first are bad. */
static void mark_repeats(const struct csv_table *t, const int *col, struct row *rows,
                         struct import_summary *sum)
{
    long *order = xcalloc((size_t)t->n_rows + 1, sizeof *order);
    long n = 0;
    for (long r = 0; r < t->n_rows; r++)
        if (rows[r].ok)
            order[n++] = r;
    sort_rows = rows;
    qsort(order, (size_t)n, sizeof *order, cmp_by_email);
    for (long i = 1; i < n; i++) {
        long r = order[i];
        if (strcmp(rows[order[i - 1]].v[F_EMAIL], rows[r].v[F_EMAIL]) != 0)
            continue;
        char why[512];
        snprintf(why, sizeof why, _("the e-mail %s appears a second time in the file"),
                 rows[r].v[F_EMAIL]);
        import_add_problem(sum, t->rows[r].line, t->headers[col[F_EMAIL]], why);
        rows[r].ok = 0;
    }
    free(order);
}

/* The candidates already known, by e-mail (lower case, as the unique
 * index compares them): one read of the table instead of a lookup per
 * row.  Open addressing; ids are never 0. */
struct email_map {
    const char **keys;
    int64_t *ids;
    size_t cap, n;
};

static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603ull;    /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void map_put(struct email_map *m, const char *key, int64_t id)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct email_map bigger = { NULL, NULL, m->cap ? m->cap * 2 : 1024, 0 };
        bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
        bigger.ids = xcalloc(bigger.cap, sizeof *bigger.ids);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                map_put(&bigger, m->keys[i], m->ids[i]);
        free(m->keys);
        free(m->ids);
        *m = bigger;
    }
    size_t i = hash_text(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    if (m->keys[i] == NULL)
        m->n++;
    m->keys[i] = key;
    m->ids[i] = id;
}

static int64_t map_get(const struct email_map *m, const char *key)
{
    if (m->cap == 0)
        return 0;
    size_t i = hash_text(key) & (m->cap - 1);
    for (; m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->keys[i], key) == 0)
            return m->ids[i];
    return 0;
}

static void map_free(struct email_map *m)
{
    free(m->keys);
    free(m->ids);
    memset(m, 0, sizeof *m);
}

/* When the table is much larger than the file, a lookup per row through
 * the e-mail index reads less than the whole table would. */
static int load_known(struct tt_db *db, long n_ok, struct email_map *m, struct arena *a,
                      int *by_index, struct tt_error *err)
{
    int64_t top = 0;
    int rc = db_scalar_int(db, "SELECT ifnull(max(id), 0) FROM tutor", &top, err);
    if (rc != TT_OK)
        return rc;
    *by_index = top > 8 * (int64_t)n_ok + 1024;
    if (*by_index || top == 0)
        return TT_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, lower(email) FROM tutor WHERE email IS NOT NULL",
                               err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW)
        map_put(m, arena_dup(a, (const char *)sqlite3_column_text(st, 1)),
                sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    return s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, _("Reading the tutor"));
}

/* NULL and "" are the same thing to a form. */
static int differs(sqlite3_stmt *st, int i, const char *v)
{
    const unsigned char *old = sqlite3_column_text(st, i);
    return strcmp(old ? (const char *)old : "", v) != 0;
}

/* The platform's fields of candidate id differ from the row's?  Gives
 * the row version to update from. */
static int read_known(struct tt_db *db, int64_t id, const struct row *row, int *changed,
                      int64_t *version, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT row_version, last_name, first_name, phone, category, institution, program,"
        " region, desired_org, availability_text, applied_on FROM tutor WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        return s == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND,
                                               _("This tutor no longer exists."))
                                : db_fail(db, s, err, _("Reading the tutor"));
    }
    static const int compared[] = { F_LAST, F_FIRST, F_PHONE, F_STATUS, F_INSTITUTION,
                                    F_PROGRAM, F_REGION, F_ORG, F_AVAILABILITY, F_APPLIED };
    *version = sqlite3_column_int64(st, 0);
    *changed = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(compared) && !*changed; i++)
        *changed = differs(st, (int)i + 1, row->v[compared[i]]);
    sqlite3_reset(st);
    return TT_OK;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (v[0])
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* The statements of the import, prepared once.  Fetching them again from
 * db_stmt writes the audit-log rows of the changes made since, so they are
 * fetched again every AUDIT_BATCH rows: the log is written in the same
 * transaction, a batch at a time, without holding the whole import's
 * entries in memory.  (One row per statement: an INSERT of many rows would
 * save the lookup tables SQLite builds for the IN (...) lists of the
 * tutor's CHECKs, but needs a statement journal of every page it touches,
 * which costs as much with the tutor's dozen indexes.) */
#define AUDIT_BATCH 2048

struct writers {
    sqlite3_stmt *insert, *history, *update;
};

static int writers_get(struct tt_db *db, struct writers *w, struct tt_error *err)
{
    /* What tutor_save writes: a new candidate starts "received" on the
     * day of its application (today without one), with its history row;
     * a known one gets the platform's fields only. */
    memset(w, 0, sizeof *w);
    w->insert = db_stmt(db,
        "INSERT INTO tutor (last_name, first_name, search_key, email, phone, category, source,"
        " institution, program, region, desired_org, availability_text, applied_on, status,"
        " status_date) VALUES (?2, ?3, ?4, ?5, ?6, ?7, 'platform', ?8, ?9, ?10, ?11, ?12, ?13,"
        " 'received', ?14)", err);
    if (w->insert)
        w->history = db_stmt(db,
            "INSERT INTO tutor_status_history (tutor_id, from_status, to_status, changed_on,"
            " changed_by) VALUES (?1, NULL, 'received', ?2, ?3)", err);
    if (w->history)
        w->update = db_stmt(db,
            "UPDATE tutor SET last_name = ?2, first_name = ?3, search_key = ?4, email = ?5,"
            " phone = ?6, category = ?7, institution = ?8, program = ?9, region = ?10,"
            " desired_org = ?11, availability_text = ?12, applied_on = ?13,"
            " row_version = row_version + 1, updated_at = datetime('now')"
            " WHERE id = ?1 AND row_version = ?14", err);
    return w->update ? TT_OK : err ? err->code : TT_ERR_DB;
}

static int save_failed(struct tt_db *db, int s, const struct row *row, struct tt_error *err)
{
    if ((s & 0xff) == SQLITE_CONSTRAINT && strstr(sqlite3_errmsg(db_handle(db)), "email"))
        return tt_error_set_field(err, TT_ERR_RULE, "email",
                                  _("Another candidate already has the e-mail %s."),
                                  row->v[F_EMAIL]);
    return db_fail(db, s, err, _("Saving the tutor"));
}

/* Adds a candidate (id 0) or refreshes a known one whose platform fields
 * changed; *what is 'a'dded, 'u'pdated or 'n'ot changed. */
static int save_row(struct tt_db *db, const struct writers *w, const struct row *row,
                    int64_t id, const char *today, char *what, struct tt_error *err)
{
    int64_t version = 0;
    if (id) {
        int changed = 0;
        int rc = read_known(db, id, row, &changed, &version, err);
        if (rc != TT_OK)
            return rc;
        if (!changed) {
            *what = 'n';
            return TT_OK;
        }
    }
    char *key = student_search_key(row->v[F_LAST], row->v[F_FIRST], "", "");
    const char *day = row->v[F_APPLIED][0] ? row->v[F_APPLIED] : today;
    sqlite3_stmt *st = id ? w->update : w->insert;
    if (id) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 14, version);
    } else {
        sqlite3_bind_text(st, 14, day, -1, SQLITE_STATIC);
    }
    sqlite3_bind_text(st, 2, row->v[F_LAST], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, row->v[F_FIRST], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, row->v[F_EMAIL], -1, SQLITE_STATIC);
    bind_opt(st, 6, row->v[F_PHONE]);
    sqlite3_bind_text(st, 7, row->v[F_STATUS], -1, SQLITE_STATIC);
    bind_opt(st, 8, row->v[F_INSTITUTION]);
    bind_opt(st, 9, row->v[F_PROGRAM]);
    bind_opt(st, 10, row->v[F_REGION]);
    bind_opt(st, 11, row->v[F_ORG]);
    bind_opt(st, 12, row->v[F_AVAILABILITY]);
    bind_opt(st, 13, row->v[F_APPLIED]);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free(key);
    if (s != SQLITE_DONE)
        return save_failed(db, s, row, err);
    if (id) {
        *what = 'u';
        return sqlite3_changes(db_handle(db)) ? TT_OK
             : tt_error_set(err, TT_ERR_CONFLICT,
                            _("Someone else changed this tutor since you opened it."));
    }
    *what = 'a';
    sqlite3_bind_int64(w->history, 1, db_last_id(db));
    sqlite3_bind_text(w->history, 2, day, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->history, 3, db_login(db), -1, SQLITE_STATIC);
    s = sqlite3_step(w->history);
    sqlite3_reset(w->history);
    return s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, _("Recording the status history"));
}

static int write_rows(struct tt_db *db, const struct csv_table *t, const struct row *rows,
                      long n_ok, const char *path, struct import_summary *sum,
                      struct tt_error *err)
{
    struct arena keys = { 0 };
    struct email_map known = { 0 };
    int by_index = 0;
    char today[11];
    date_iso(date_today(), today);
    int rc = load_known(db, n_ok, &known, &keys, &by_index, err);
    struct writers w;
    if (rc == TT_OK)
        rc = writers_get(db, &w, err);
    long done = 0;
    for (long r = 0; r < t->n_rows && rc == TT_OK; r++) {
        if (!rows[r].ok)
            continue;
        int64_t id = 0;
        if (by_index)
            rc = tutor_find_by_email(db, rows[r].v[F_EMAIL], &id, err);
        else
            id = map_get(&known, rows[r].v[F_EMAIL]);
        char what = 0;
        if (rc == TT_OK)
            rc = save_row(db, &w, &rows[r], id, today, &what, err);
        if (rc != TT_OK) {
            char msg[sizeof err->msg];
            tt_strlcpy(msg, err->msg, sizeof msg);
            tt_error_set(err, rc, _("%s, line %ld: %s"), path, t->rows[r].line, msg);
            break;
        }
        if (what == 'a')
            sum->added++;
        else if (what == 'u')
            sum->updated++;
        else
            sum->unchanged++;
        if (++done % AUDIT_BATCH == 0)
            rc = writers_get(db, &w, err);
    }
    map_free(&known);
    arena_free(&keys);
    return rc;
}

/* The indexes of the tutor table (names, e-mail, status and dates) and of
 * the audit log take their new entries all over: with SQLite's default
 * cache of 2 MB, 100,000 candidates made 5 million page writes to the WAL
 * and a million reads back (19 s instead of 9).  The connection's cache is
 * set back afterwards. */
#define IMPORT_CACHE_KB 65536

static int cache_grow(struct tt_db *db, int64_t *old, int *grown, struct tt_error *err)
{
    *grown = 0;
    int rc = db_scalar_int(db, "PRAGMA cache_size", old, err);
    if (rc != TT_OK)
        return rc;
    /* Negative: KiB; positive: pages, of 4 KiB here. */
    if ((*old < 0 ? -*old : *old * 4) >= IMPORT_CACHE_KB)
        return TT_OK;
    sqlite3_stmt *st = db_stmt(db, "PRAGMA cache_size = -65536", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    rc = db_step_done(db, st, _("Opening the database"), err);
    *grown = rc == TT_OK;
    return rc;
}

static void cache_restore(struct tt_db *db, int64_t old)
{
    /* PRAGMA takes no bound parameter; old is SQLite's own integer. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)old);
    sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
}

/* One unit of work: all the good rows or none. */
static int write_all(struct tt_db *db, const struct csv_table *t, const struct row *rows,
                     long n_ok, const char *path, struct import_summary *sum,
                     struct tt_error *err)
{
    int64_t cache = 0;
    int grown = 0;
    int rc = cache_grow(db, &cache, &grown, err);
    if (rc == TT_OK)
        rc = db_unit_begin(db, err);
    if (rc == TT_OK) {
        rc = write_rows(db, t, rows, n_ok, path, sum, err);
        int end = db_unit_end(db, rc == TT_OK, err);
        if (rc == TT_OK)
            rc = end;
    }
    if (grown)
        cache_restore(db, cache);
    return rc;
}

int import_candidates(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                      const char *rejects_path, struct import_summary *sum, struct tt_error *err)
{
    memset(sum, 0, sizeof *sum);
    struct csv_table *t = NULL;
    int rc = csv_table_read(path, &t, err);
    if (rc != TT_OK)
        return rc;
    int col[F__COUNT];
    rc = import_map_columns(t, s, "import_candidates", fields, F__COUNT, col, path, err);
    struct row *rows = rc == TT_OK ? xcalloc((size_t)t->n_rows + 1, sizeof *rows) : NULL;
    struct arena strings = { 0 };
    long n_ok = 0;
    if (rc == TT_OK) {
        struct tutor *scratch = xmalloc(sizeof *scratch);
        struct category_memo memo = { .n = 0 };
        sum->rows = t->n_rows;
        for (long r = 0; r < t->n_rows; r++)
            prepare_row(t, &t->rows[r], col, scratch, &memo, &strings, &rows[r], sum);
        free(scratch);
        mark_repeats(t, col, rows, sum);
        for (long r = 0; r < t->n_rows; r++)
            n_ok += rows[r].ok;
        rc = import_settle_problems(sum, path, skip_bad, err);
    }
    if (rc == TT_OK) {
        rc = write_all(db, t, rows, n_ok, path, sum, err);
        if (rc != TT_OK)
            sum->added = sum->updated = sum->unchanged = 0;
    }
    if (rc == TT_OK && sum->n_problems > 0) {
        if (rejects_path)
            tt_strlcpy(sum->rejects_path, rejects_path, sizeof sum->rejects_path);
        else
            snprintf(sum->rejects_path, sizeof sum->rejects_path, "%s.rejects.csv", path);
        char *ok = xcalloc((size_t)t->n_rows + 1, 1);
        for (long r = 0; r < t->n_rows; r++)
            ok[r] = (char)rows[r].ok;
        rc = import_write_rejects(t, ok, sum, sum->rejects_path, err);
        free(ok);
    }
    free(rows);
    arena_free(&strings);
    csv_table_free(t);
    return rc;
}
