#include "config.h"
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csvread.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* Larger files are not rosters; refusing them keeps memory bounded. */
#define CSV_MAX_BYTES (512L * 1024 * 1024)

struct builder {
    struct csv_table *t;
    char **fields;
    int n_fields, cap_fields;
    long record_line;       /* where the current record started, or 0 */
    long line;              /* line being parsed */
    size_t rows_cap;
};

static void on_field(void *data, size_t len, void *ctx)
{
    struct builder *b = ctx;
    char *v = xmalloc(len + 1);
    if (len)
        memcpy(v, data, len);
    v[len] = '\0';
    if (b->n_fields == 0) {
        /* The field ended on this line; its own line breaks say where the
         * record began. */
        long breaks = 0;
        for (size_t i = 0; i < len; i++)
            breaks += v[i] == '\n';
        b->record_line = b->line - breaks;
    }
    if (b->n_fields == b->cap_fields) {
        b->cap_fields = b->cap_fields ? b->cap_fields * 2 : 16;
        b->fields = xreallocarray(b->fields, (size_t)b->cap_fields, sizeof *b->fields);
    }
    b->fields[b->n_fields++] = v;
}

static void on_record(int c, void *ctx)
{
    (void)c;
    struct builder *b = ctx;
    struct csv_table *t = b->t;
    if (t->headers == NULL) {
        t->headers = b->fields;
        t->n_headers = b->n_fields;
    } else {
        if ((size_t)t->n_rows == b->rows_cap) {
            b->rows_cap = b->rows_cap ? b->rows_cap * 2 : 256;
            t->rows = xreallocarray(t->rows, b->rows_cap, sizeof *t->rows);
        }
        t->rows[t->n_rows++] = (struct csv_record){ b->fields, b->n_fields, b->record_line };
    }
    b->fields = NULL;
    b->n_fields = b->cap_fields = 0;
    b->record_line = 0;
}

/* The separator of the header line: whichever of ';' and ',' appears more
 * often outside quotes (French Excel writes ';'). */
static char detect_delimiter(const char *s)
{
    int quoted = 0, semi = 0, comma = 0;
    for (; *s && *s != '\n'; s++) {
        if (*s == '"')
            quoted = !quoted;
        else if (!quoted && *s == ';')
            semi++;
        else if (!quoted && *s == ',')
            comma++;
    }
    return semi > comma ? ';' : ',';
}

static char *read_all(const char *path, size_t *len, struct tt_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        tt_error_set(err, TT_ERR_IO, _("%s: cannot read the file: %s."), path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CSV_MAX_BYTES) {
        fclose(f);
        tt_error_set(err, TT_ERR_IO, _("%s: not a regular file of at most 512 MB."), path);
        return NULL;
    }
    char *buf = xmalloc((size_t)st.st_size + 1);
    *len = fread(buf, 1, (size_t)st.st_size, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        tt_error_set(err, TT_ERR_IO, _("%s: cannot read the file: %s."), path, strerror(EIO));
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

int csv_table_read(const char *path, struct csv_table **out, struct tt_error *err)
{
    *out = NULL;
    size_t len = 0;
    char *raw = read_all(path, &len, err);
    if (raw == NULL)
        return err ? err->code : TT_ERR_IO;
    struct csv_table *t = xcalloc(1, sizeof *t);
    char *text = raw;
    if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
        text = raw + 3;
        len -= 3;
    }
    if (memchr(text, '\0', len) != NULL) {
        free(raw);
        free(t);
        return tt_error_set(err, TT_ERR_INVALID, _("%s: this is not a text file."), path);
    }
    char *utf8 = NULL;
    if (!text_is_utf8(text)) {
        utf8 = text_cp1252_to_utf8(text, len);
        text = utf8;
        len = strlen(text);
        t->was_cp1252 = 1;
    }
    t->delimiter = detect_delimiter(text);

    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(raw);
        free(utf8);
        free(t);
        return tt_error_set(err, TT_ERR_IO, "%s", _("Out of memory while reading the file."));
    }
    csv_set_delim(&p, (unsigned char)t->delimiter);
    struct builder b = { .t = t };
    int rc = TT_OK;
    /* Line by line, so that each record knows where it starts. */
    size_t pos = 0;
    while (pos < len && rc == TT_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t chunk = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        b.line++;
        if (csv_parse(&p, text + pos, chunk, on_field, on_record, &b) != chunk)
            rc = tt_error_set(err, TT_ERR_INVALID, _("%s, line %ld: %s."), path, b.line,
                              csv_strerror(csv_error(&p)));
        pos += chunk;
    }
    /* Lenient with stray quotes inside fields, as spreadsheets are; strict
     * about a quoted field that never closes, which would swallow rows.
     * libcsv checks that only in its fully strict mode, so look at its
     * state: a field begun (2) and quoted at the end of the file. */
    if (rc == TT_OK && p.pstate == 2 && p.quoted)
        rc = tt_error_set(err, TT_ERR_INVALID,
                          _("%s, line %ld: a quoted field is never closed."), path,
                          b.record_line ? b.record_line : b.line);
    if (rc == TT_OK && csv_fini(&p, on_field, on_record, &b) != 0)
        rc = tt_error_set(err, TT_ERR_INVALID,
                          _("%s, line %ld: a quoted field is never closed."), path, b.record_line);
    csv_free(&p);
    for (int i = 0; i < b.n_fields; i++)
        free(b.fields[i]);
    free(b.fields);
    free(raw);
    free(utf8);
    if (rc == TT_OK && t->headers == NULL)
        rc = tt_error_set(err, TT_ERR_INVALID, _("%s: the file is empty."), path);
    if (rc != TT_OK) {
        csv_table_free(t);
        return rc;
    }
    /* Header cells: trimmed, and a missing one is an empty name. */
    for (int i = 0; i < t->n_headers; i++) {
        if (t->headers[i] == NULL)
            t->headers[i] = xstrdup("");
        tt_trim(t->headers[i]);
    }
    *out = t;
    return TT_OK;
}

void csv_table_free(struct csv_table *t)
{
    if (t == NULL)
        return;
    for (int i = 0; i < t->n_headers; i++)
        free(t->headers[i]);
    free(t->headers);
    for (long r = 0; r < t->n_rows; r++) {
        for (int i = 0; i < t->rows[r].n_fields; i++)
            free(t->rows[r].fields[i]);
        free(t->rows[r].fields);
    }
    free(t->rows);
    free(t);
}

void csv_write_record(FILE *f, char delimiter, char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        const char *v = fields[i] ? fields[i] : "";
        int quote = strchr(v, delimiter) || strchr(v, '"') || strchr(v, '\n') || strchr(v, '\r');
        if (i)
            fputc(delimiter, f);
        if (!quote) {
            fputs(v, f);
            continue;
        }
        fputc('"', f);
        for (const char *c = v; *c; c++) {
            if (*c == '"')
                fputc('"', f);
            fputc(*c, f);
        }
        fputc('"', f);
    }
    fputs("\r\n", f);
}
