/* Reads the CSV files that school systems and French Excel write: UTF-8
 * with or without a byte-order mark, or Windows-1252; comma or semicolon;
 * quoted fields holding separators and line breaks (parsed by libcsv).
 * Every record remembers the line it starts on, for error messages.
 *
 * Two ways in: csv_table_read keeps every record in memory; the reader
 * hands out one record at a time, so an import of 200,000 rows holds only
 * the file's bytes, not a parsed copy of it.  Both skip blank records
 * (a line of separators only, as Excel leaves below a table). */
#ifndef TT_CSVREAD_H
#define TT_CSVREAD_H
#include <stddef.h>
#include <stdio.h>
#include "error.h"

struct csv_record {
    char **fields;      /* UTF-8 */
    int n_fields;
    long line;          /* 1-based line where the record starts */
};

struct csv_table {
    char **headers;     /* trimmed; "" for a missing one */
    int n_headers;
    struct csv_record *rows;
    long n_rows;
    char delimiter;
    int was_cp1252;     /* converted from Windows-1252 */
};

int csv_table_read(const char *path, struct csv_table **out, struct tt_error *err);
/* A table with t's headers, delimiter and encoding, and no rows: to
 * collect some records of a file (the rejected ones) with csv_table_append. */
struct csv_table *csv_table_new_like(const struct csv_table *t);
/* Appends a copy of rec.  t must come from csv_table_read or
 * csv_table_new_like. */
void csv_table_append(struct csv_table *t, const struct csv_record *rec);
void csv_table_free(struct csv_table *t);

struct csv_reader;
/* Reads path, detects its encoding and separator, and reads the header
 * line.  On failure *out is NULL and err names the file (and the line). */
int csv_reader_open(const char *path, struct csv_reader **out, struct tt_error *err);
/* The header names, delimiter and encoding, as a table without rows. */
const struct csv_table *csv_reader_header(const struct csv_reader *r);
/* The next record, valid until the next call; *rec is NULL at the end of
 * the file.  A quoted field that never closes is an error. */
int csv_reader_next(struct csv_reader *r, const struct csv_record **rec, struct tt_error *err);
void csv_reader_close(struct csv_reader *r);

/* Writes one record, quoting where needed, with the table's delimiter. */
void csv_write_record(FILE *f, char delimiter, char *const *fields, int n);

#endif
