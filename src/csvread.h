/* Reads the CSV files that school systems and French Excel write: UTF-8
 * with or without a byte-order mark, or Windows-1252; comma or semicolon;
 * quoted fields holding separators and line breaks (parsed by libcsv).
 * Every record remembers the line it starts on, for error messages. */
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
    char **headers;
    int n_headers;
    struct csv_record *rows;
    long n_rows;
    char delimiter;
    int was_cp1252;     /* converted from Windows-1252 */
};

int csv_table_read(const char *path, struct csv_table **out, struct tt_error *err);
void csv_table_free(struct csv_table *t);
/* Writes one record, quoting where needed, with the table's delimiter. */
void csv_write_record(FILE *f, char delimiter, char *const *fields, int n);

#endif
