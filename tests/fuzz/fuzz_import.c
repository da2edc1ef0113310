/* libFuzzer: the two CSV importers (the school's student list and the
 * candidate bank) on arbitrary files, into a fresh in-memory database. */
#include "config.h"
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "db.h"
#include "import_candidates.h"
#include "import_common.h"
#include "import_students.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64], rejects[80];
    static struct settings *s;
    if (s == NULL) {
        setlocale(LC_ALL, "C.UTF-8");
        setenv("TUTORAT_TODAY", "2021-04-19", 1);
        snprintf(path, sizeof path, "/tmp/tutorat-fuzz-import-%d.csv", (int)getpid());
        snprintf(rejects, sizeof rejects, "%s.rejects.csv", path);
        import_students_register_settings();
        import_candidates_register_settings();
        s = settings_new();
    }
    if (size < 1)
        return 0;
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    /* The first byte picks the importer and the mode. */
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(":memory:", DB_OPEN_CREATE, &db, &err) != TT_OK)
        return 0;
    sqlite3_exec(db_handle(db), "INSERT INTO school (code, name) VALUES ('SEDO', 'École')", NULL,
                 NULL, NULL);
    struct import_summary sum;
    memset(&sum, 0, sizeof sum);
    if (data[0] & 1)
        import_students(db, s, path, (data[0] & 2) != 0, rejects, &sum, &err);
    else
        import_candidates(db, s, path, (data[0] & 2) != 0, rejects, &sum, &err);
    import_summary_free(&sum);
    db_close(db);
    unlink(rejects);
    return 0;
}
