/* A writer for the crash and concurrency tests: adds COUNT progress notes,
 * one unit of work each, through the data layer, and prints "LABEL N" on
 * stdout once note N is committed, so a test killing it knows what was
 * reported saved. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include "db.h"
#include "i18n.h"
#include "student_file.h"

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    if (argc != 4) {
        fprintf(stderr, "usage: writer DB COUNT LABEL\n");
        return 2;
    }
    long count = strtol(argv[2], NULL, 10);
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(argv[1], 0, &db, &err) != TT_OK) {
        fprintf(stderr, "writer: %s\n", err.msg);
        return 1;
    }
    tt_day today = date_today();
    for (long i = 1; i <= count; i++) {
        char body[64];
        snprintf(body, sizeof body, "%s %ld", argv[3], i);
        if (progress_note_add(db, 1, "math", "note", today, 0, body, &err) != TT_OK) {
            fprintf(stderr, "writer %s: %s\n", body, err.msg);
            db_close(db);
            return 1;
        }
        printf("%s\n", body);
        fflush(stdout);
    }
    db_close(db);
    return 0;
}
