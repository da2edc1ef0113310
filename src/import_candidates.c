#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "import_candidates.h"
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

struct row {
    struct tutor t;
    int ok;
};

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

static void prepare_row(const struct csv_table *t, const struct csv_record *rec, const int *col,
                        struct row *row, struct import_summary *sum)
{
    memset(row, 0, sizeof *row);
    struct tutor *x = &row->t;
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
    const char *status = import_cell(rec, col, F_STATUS);
    if (parse_category(status, x->category) != 0) {
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
    row->ok = 1;
}

static const struct row *sort_rows;

/* By e-mail, then by position, so the first row of an e-mail comes first. */
static int cmp_by_email(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    int c = strcmp(sort_rows[x].t.email, sort_rows[y].t.email);
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
        if (strcmp(rows[order[i - 1]].t.email, rows[r].t.email) != 0)
            continue;
        char why[512];
        snprintf(why, sizeof why, _("the e-mail %s appears a second time in the file"),
                 rows[r].t.email);
        import_add_problem(sum, t->rows[r].line, t->headers[col[F_EMAIL]], why);
        rows[r].ok = 0;
    }
    free(order);
}

/* The platform's fields differ from what is stored? */
static int platform_fields_differ(const struct tutor *a, const struct tutor *b)
{
    return strcmp(a->last_name, b->last_name) || strcmp(a->first_name, b->first_name) ||
           strcmp(a->phone, b->phone) || strcmp(a->category, b->category) ||
           strcmp(a->institution, b->institution) || strcmp(a->program, b->program) ||
           strcmp(a->region, b->region) || strcmp(a->desired_org, b->desired_org) ||
           strcmp(a->availability_text, b->availability_text) ||
           strcmp(a->applied_on, b->applied_on);
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
    if (rc == TT_OK) {
        sum->rows = t->n_rows;
        for (long r = 0; r < t->n_rows; r++)
            prepare_row(t, &t->rows[r], col, &rows[r], sum);
        mark_repeats(t, col, rows, sum);
        rc = import_settle_problems(sum, path, skip_bad, err);
    }
    if (rc == TT_OK)
        rc = db_unit_begin(db, err);
    if (rc == TT_OK) {
        for (long r = 0; r < t->n_rows && rc == TT_OK; r++) {
            if (!rows[r].ok)
                continue;
            struct tutor *x = &rows[r].t;
            int64_t id = 0;
            rc = tutor_find_by_email(db, x->email, &id, err);
            if (rc != TT_OK)
                break;
            if (id) {
                struct tutor old;
                rc = tutor_get(db, id, &old, err);
                if (rc != TT_OK)
                    break;
                if (!platform_fields_differ(x, &old)) {
                    sum->unchanged++;
                    continue;
                }
                /* Keep what the school recorded; refresh what the platform knows. */
                x->id = old.id;
                x->row_version = old.row_version;
                tt_strlcpy(x->source, old.source, sizeof x->source);
                x->school_id = old.school_id;
                tt_strlcpy(x->modality, old.modality, sizeof x->modality);
                tt_strlcpy(x->notes, old.notes, sizeof x->notes);
            }
            rc = tutor_save(db, x, "received", err);
            if (rc != TT_OK) {
                char msg[sizeof err->msg];
                tt_strlcpy(msg, err->msg, sizeof msg);
                tt_error_set(err, rc, _("%s, line %ld: %s"), path, t->rows[r].line, msg);
                break;
            }
            if (id)
                sum->updated++;
            else
                sum->added++;
        }
        int end = db_unit_end(db, rc == TT_OK, err);
        if (rc == TT_OK)
            rc = end;
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
    csv_table_free(t);
    return rc;
}
