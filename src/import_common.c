#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "i18n.h"
#include "import_common.h"
#include "text.h"
#include "util.h"

int import_check_mapping(const struct import_field *fields, int n, const char *key,
                         const char *value, char *expected, size_t size)
{
    for (int i = 0; i < n; i++)
        if (strcmp(fields[i].name, key) == 0)
            return value[0] ? 0 : (snprintf(expected, size, "%s", _("a column header")), -1);
    size_t used = (size_t)snprintf(expected, size, "%s", _("a field name among: "));
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(expected + used, size - used, "%s%s", i ? ", " : "",
                                 fields[i].name);
    return -1;
}

static int alias_matches(const char *aliases, const char *folded)
{
    size_t n = strlen(folded);
    for (const char *a = aliases; *a; ) {
        size_t w = strcspn(a, "|");
        if (w == n && strncmp(a, folded, n) == 0)
            return 1;
        a += w;
        if (*a == '|')
            a++;
    }
    return 0;
}

int import_map_columns(const struct csv_table *t, const struct settings *s, const char *section,
                       const struct import_field *fields, int n, int *col, const char *path,
                       struct tt_error *err)
{
    for (int f = 0; f < n; f++) {
        col[f] = -1;
        const char *custom = settings_section_get(s, section, fields[f].name);
        char *want = custom ? text_fold(custom) : NULL;
        for (int c = 0; c < t->n_headers && col[f] < 0; c++) {
            char *h = text_fold(t->headers[c]);
            if (want ? strcmp(h, want) == 0 : alias_matches(fields[f].aliases, h))
                col[f] = c;
            free(h);
        }
        if (col[f] < 0 && fields[f].required) {
            char first[64];
            size_t w = strcspn(fields[f].aliases, "|");
            snprintf(first, sizeof first, "%.*s", (int)w, fields[f].aliases);
            int rc = tt_error_set(err, TT_ERR_INVALID,
                                  _("%s: no column for %s; expected a header such as \"%s\", or "
                                    "a mapping %s = HEADER in the [%s] section."),
                                  path, fields[f].name, custom ? custom : first, fields[f].name,
                                  section);
            free(want);
            return rc;
        }
        free(want);
    }
    return TT_OK;
}

const char *import_cell(const struct csv_record *r, const int *col, int field)
{
    if (col[field] < 0 || col[field] >= r->n_fields || r->fields[col[field]] == NULL)
        return "";
    return r->fields[col[field]];
}

void import_add_problem(struct import_summary *sum, long line, const char *column,
                        const char *reason)
{
    sum->problems = xreallocarray(sum->problems, (size_t)sum->n_problems + 1,
                                  sizeof *sum->problems);
    struct import_problem *p = &sum->problems[sum->n_problems++];
    p->line = line;
    tt_strlcpy(p->column, column ? column : "", sizeof p->column);
    tt_strlcpy(p->reason, reason, sizeof p->reason);
}

static int cmp_problem(const void *a, const void *b)
{
    const struct import_problem *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

int import_settle_problems(struct import_summary *sum, const char *path, int skip_bad,
                           struct tt_error *err)
{
    if (sum->n_problems > 1)
        qsort(sum->problems, (size_t)sum->n_problems, sizeof *sum->problems, cmp_problem);
    sum->rejected = sum->n_problems;
    if (sum->n_problems > 0 && !skip_bad)
        return tt_error_set(err, TT_ERR_INVALID,
                            ngettext("%s: %ld row is wrong; nothing was imported.",
                                     "%s: %ld rows are wrong; nothing was imported.",
                                     (unsigned long)sum->n_problems),
                            path, sum->n_problems);
    return TT_OK;
}

int import_write_rejects(const struct csv_table *t, const char *ok,
                         const struct import_summary *sum, const char *path,
                         struct tt_error *err)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return tt_error_set(err, TT_ERR_IO, _("%s: cannot write the rejected rows: %s."), tmp,
                            strerror(errno));
    char **fieldsv = xcalloc((size_t)t->n_headers + 1, sizeof *fieldsv);
    for (int i = 0; i < t->n_headers; i++)
        fieldsv[i] = t->headers[i];
    fieldsv[t->n_headers] = (char *)_("Reason");
    csv_write_record(f, t->delimiter, fieldsv, t->n_headers + 1);
    long p = 0;
    for (long r = 0; r < t->n_rows; r++) {
        if (ok[r])
            continue;
        const struct csv_record *rec = &t->rows[r];
        for (int i = 0; i < t->n_headers; i++)
            fieldsv[i] = i < rec->n_fields && rec->fields[i] ? rec->fields[i] : (char *)"";
        while (p < sum->n_problems && sum->problems[p].line < rec->line)
            p++;
        char reason[800] = "";
        if (p < sum->n_problems && sum->problems[p].line == rec->line)
            snprintf(reason, sizeof reason, "%s%s%s", sum->problems[p].column,
                     sum->problems[p].column[0] ? ": " : "", sum->problems[p].reason);
        fieldsv[t->n_headers] = reason;
        csv_write_record(f, t->delimiter, fieldsv, t->n_headers + 1);
    }
    free(fieldsv);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return tt_error_set(err, TT_ERR_IO, _("%s: cannot write the rejected rows: %s."), path,
                            strerror(e));
    }
    return TT_OK;
}

void import_summary_free(struct import_summary *sum)
{
    free(sum->problems);
    sum->problems = NULL;
    sum->n_problems = 0;
}

void import_summary_print(const struct import_summary *sum, FILE *out)
{
    for (long i = 0; i < sum->n_problems; i++) {
        const struct import_problem *p = &sum->problems[i];
        if (p->column[0])
            fprintf(out, _("line %ld, column \"%s\": %s\n"), p->line, p->column, p->reason);
        else
            fprintf(out, _("line %ld: %s\n"), p->line, p->reason);
    }
    fprintf(out, _("%ld rows read: %ld added, %ld updated, %ld unchanged, %ld rejected.\n"),
            sum->rows, sum->added, sum->updated, sum->unchanged, sum->rejected);
    if (sum->rejects_path[0])
        fprintf(out, _("The rejected rows, with their reasons, are in %s.\n"), sum->rejects_path);
}
