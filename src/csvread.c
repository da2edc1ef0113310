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

struct csv_reader {
    char *path;
    char *text;                 /* the whole file, UTF-8, NUL-terminated */
    size_t len, pos;
    struct csv_parser parser;
    long line;                  /* lines given to the parser so far */
    long open_line;             /* where the record not yet ended began */
    int at_end;                 /* the parser has seen the end of the file */
    struct csv_table header;
    /* The record being assembled. */
    char **fields;
    int n_fields, cap_fields;
    long record_line;
    /* Records completed but not handed out yet: one line usually completes
     * one record, but a file with bare carriage returns completes several. */
    struct csv_record *queue;
    size_t head, n_queue, cap_queue;
    struct csv_record current;  /* handed out; freed by the next call */
};

static void record_free(struct csv_record *rec)
{
    for (int i = 0; i < rec->n_fields; i++)
        free(rec->fields[i]);
    free(rec->fields);
    rec->fields = NULL;
    rec->n_fields = 0;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct csv_reader *r = ctx;
    char *v = xmalloc(len + 1);
    if (len)
        memcpy(v, data, len);
    v[len] = '\0';
    if (r->n_fields == 0) {
        /* The field ended on this line; its own line breaks say where the
         * record began. */
        long breaks = 0;
        for (size_t i = 0; i < len; i++)
            breaks += v[i] == '\n';
        r->record_line = r->line - breaks;
    }
    if (r->n_fields == r->cap_fields) {
        r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 16;
        r->fields = xreallocarray(r->fields, (size_t)r->cap_fields, sizeof *r->fields);
    }
    r->fields[r->n_fields++] = v;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

static void on_record(int c, void *ctx)
{
    (void)c;
    struct csv_reader *r = ctx;
    struct csv_record rec = { r->fields, r->n_fields, r->record_line };
    r->fields = NULL;
    r->n_fields = r->cap_fields = 0;
    r->record_line = 0;
    int empty = 1;
    for (int i = 0; i < rec.n_fields && empty; i++)
        empty = blank(rec.fields[i]);
    if (empty) {
        record_free(&rec);
        return;
    }
    if (r->n_queue == r->cap_queue) {
        r->cap_queue = r->cap_queue ? r->cap_queue * 2 : 4;
        r->queue = xreallocarray(r->queue, r->cap_queue, sizeof *r->queue);
    }
    r->queue[r->n_queue++] = rec;
}

/* The separator of the header line (the first that is not blank):
 * whichever of ';' and ',' appears more often outside quotes (French
 * Excel writes ';'). */
static char detect_delimiter(const char *s)
{
    s += strspn(s, " \t\r\n");
    int quoted = 0, semi = 0, comma = 0;
    for (; *s && (quoted || *s != '\n'); s++) {
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

/* Gives the parser one more line, so that each record knows where it
 * starts; at the end of the text, flushes the last record. */
static int feed(struct csv_reader *r, struct tt_error *err)
{
    if (r->pos < r->len) {
        const char *start = r->text + r->pos;
        const char *nl = memchr(start, '\n', r->len - r->pos);
        size_t chunk = nl ? (size_t)(nl - start) + 1 : r->len - r->pos;
        r->line++;
        /* Between records (libcsv's state 0), the next one starts here:
         * the only way to place a first field that never closes. */
        if (r->n_fields == 0 && r->parser.pstate == 0)
            r->open_line = r->line;
        r->pos += chunk;
        if (csv_parse(&r->parser, start, chunk, on_field, on_record, r) != chunk)
            return tt_error_set(err, TT_ERR_INVALID, _("%s, line %ld: %s."), r->path, r->line,
                                csv_strerror(csv_error(&r->parser)));
        return TT_OK;
    }
    r->at_end = 1;
    /* Lenient with stray quotes inside fields, as spreadsheets are; strict
     * about a quoted field that never closes, which would swallow rows.
     * libcsv checks that only in its fully strict mode, so look at its
     * state: a field begun (2) and quoted at the end of the file. */
    if (r->parser.pstate == 2 && r->parser.quoted)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("%s, line %ld: a quoted field is never closed."), r->path,
                            r->n_fields ? r->record_line : r->open_line);
    if (csv_fini(&r->parser, on_field, on_record, r) != 0)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("%s, line %ld: a quoted field is never closed."), r->path,
                            r->n_fields ? r->record_line : r->open_line);
    return TT_OK;
}

int csv_reader_next(struct csv_reader *r, const struct csv_record **rec, struct tt_error *err)
{
    *rec = NULL;
    record_free(&r->current);
    while (r->head == r->n_queue && !r->at_end) {
        r->head = r->n_queue = 0;
        int rc = feed(r, err);
        if (rc != TT_OK)
            return rc;
    }
    if (r->head < r->n_queue) {
        r->current = r->queue[r->head++];
        *rec = &r->current;
    }
    return TT_OK;
}

void csv_reader_close(struct csv_reader *r)
{
    if (r == NULL)
        return;
    csv_free(&r->parser);
    record_free(&r->current);
    for (size_t i = r->head; i < r->n_queue; i++)
        record_free(&r->queue[i]);
    free(r->queue);
    for (int i = 0; i < r->n_fields; i++)
        free(r->fields[i]);
    free(r->fields);
    for (int i = 0; i < r->header.n_headers; i++)
        free(r->header.headers[i]);
    free(r->header.headers);
    free(r->text);
    free(r->path);
    free(r);
}

int csv_reader_open(const char *path, struct csv_reader **out, struct tt_error *err)
{
    *out = NULL;
    size_t len = 0;
    char *raw = read_all(path, &len, err);
    if (raw == NULL)
        return err ? err->code : TT_ERR_IO;
    size_t skip = len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (memchr(raw + skip, '\0', len - skip) != NULL) {
        free(raw);
        return tt_error_set(err, TT_ERR_INVALID, _("%s: this is not a text file."), path);
    }
    struct csv_reader *r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    if (text_is_utf8(raw + skip)) {
        memmove(raw, raw + skip, len - skip + 1);
        r->text = raw;
        r->len = len - skip;
    } else {
        r->text = text_cp1252_to_utf8(raw + skip, len - skip);
        r->len = strlen(r->text);
        r->header.was_cp1252 = 1;
        free(raw);
    }
    r->header.delimiter = detect_delimiter(r->text);
    if (csv_init(&r->parser, CSV_APPEND_NULL) != 0) {
        csv_reader_close(r);
        return tt_error_set(err, TT_ERR_IO, "%s", _("Out of memory while reading the file."));
    }
    csv_set_delim(&r->parser, (unsigned char)r->header.delimiter);
    const struct csv_record *rec;
    int rc = csv_reader_next(r, &rec, err);
    if (rc == TT_OK && rec == NULL)
        rc = tt_error_set(err, TT_ERR_INVALID, _("%s: the file is empty."), path);
    if (rc != TT_OK) {
        csv_reader_close(r);
        return rc;
    }
    r->header.headers = r->current.fields;
    r->header.n_headers = r->current.n_fields;
    r->current.fields = NULL;
    r->current.n_fields = 0;
    for (int i = 0; i < r->header.n_headers; i++)
        tt_trim(r->header.headers[i]);
    *out = r;
    return TT_OK;
}

const struct csv_table *csv_reader_header(const struct csv_reader *r)
{
    return &r->header;
}

/* Room for one more row; tables only grow through here, so the capacity
 * is the next power of two and needs no field of its own. */
static void grow_rows(struct csv_table *t)
{
    long n = t->n_rows;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0))
        t->rows = xreallocarray(t->rows, n ? (size_t)n * 2 : 16, sizeof *t->rows);
}

int csv_table_read(const char *path, struct csv_table **out, struct tt_error *err)
{
    *out = NULL;
    struct csv_reader *r;
    int rc = csv_reader_open(path, &r, err);
    if (rc != TT_OK)
        return rc;
    struct csv_table *t = xcalloc(1, sizeof *t);
    *t = r->header;
    r->header.headers = NULL;
    r->header.n_headers = 0;
    const struct csv_record *rec;
    while ((rc = csv_reader_next(r, &rec, err)) == TT_OK && rec != NULL) {
        grow_rows(t);
        t->rows[t->n_rows++] = r->current;
        r->current.fields = NULL;
        r->current.n_fields = 0;
    }
    csv_reader_close(r);
    if (rc != TT_OK) {
        csv_table_free(t);
        return rc;
    }
    *out = t;
    return TT_OK;
}

struct csv_table *csv_table_new_like(const struct csv_table *t)
{
    struct csv_table *c = xcalloc(1, sizeof *c);
    c->headers = xcalloc((size_t)t->n_headers + 1, sizeof *c->headers);
    for (int i = 0; i < t->n_headers; i++)
        c->headers[i] = xstrdup(t->headers[i]);
    c->n_headers = t->n_headers;
    c->delimiter = t->delimiter;
    c->was_cp1252 = t->was_cp1252;
    return c;
}

void csv_table_append(struct csv_table *t, const struct csv_record *rec)
{
    grow_rows(t);
    struct csv_record *c = &t->rows[t->n_rows++];
    c->fields = xcalloc((size_t)rec->n_fields + 1, sizeof *c->fields);
    for (int i = 0; i < rec->n_fields; i++)
        c->fields[i] = xstrdup(rec->fields[i] ? rec->fields[i] : "");
    c->n_fields = rec->n_fields;
    c->line = rec->line;
}

void csv_table_free(struct csv_table *t)
{
    if (t == NULL)
        return;
    for (int i = 0; i < t->n_headers; i++)
        free(t->headers[i]);
    free(t->headers);
    for (long r = 0; r < t->n_rows; r++)
        record_free(&t->rows[r]);
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
