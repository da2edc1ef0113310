/* The Law 25 register of privacy incidents: the eight fields kept as
 * typed once checked (dates, the order of the dates, the count), each
 * refusal naming its field and writing nothing; a save over a newer
 * version is a conflict; administrators only may write, everyone reads. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "incidents.h"
#include "testutil.h"
#include "users.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;
static tt_day today;

static int setup(void **unused)
{
    db = test_db_new(dir, NULL);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(user_add(db, "secretaire", "secretary", NULL, &err), TT_OK);
    assert_int_equal(user_add(db, "lecteur", "readonly", NULL, &err), TT_OK);
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    return 0;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_scalar_int(db, sql, &n, &err), TT_OK);
    return n;
}

/* A complete entry, as a school would write it. */
static struct incident *sample(void)
{
    struct incident *in = xcalloc(1, sizeof *in);
    tt_strlcpy(in->information, "Noms, niveaux et téléphones des parents de 12 élèves",
               sizeof in->information);
    tt_strlcpy(in->circumstances, "Liste imprimée oubliée dans la salle des enseignants",
               sizeof in->circumstances);
    tt_strlcpy(in->occurred_on, " 12/04/2021 ", sizeof in->occurred_on);
    tt_strlcpy(in->discovered_on, "2021-04-13", sizeof in->discovered_on);
    tt_strlcpy(in->people_count, "12", sizeof in->people_count);
    tt_strlcpy(in->risk_assessment, "Risque faible : liste récupérée le jour même",
               sizeof in->risk_assessment);
    tt_strlcpy(in->people_notified_on, "2021-04-14", sizeof in->people_notified_on);
    tt_strlcpy(in->measures, "Listes déchiquetées après usage; rappel au personnel",
               sizeof in->measures);
    return in;
}

static void an_incident_is_recorded_and_listed(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct incident *in = sample();
    assert_int_equal(incident_save(db, in, today, &err), TT_OK);
    assert_true(in->id > 0);
    assert_int_equal(in->row_version, 1);
    /* Dates are stored in one form whatever way they were typed. */
    assert_string_equal(in->occurred_on, "2021-04-12");
    assert_string_equal(in->people_count, "12");
    assert_string_equal(in->recorded_by, db_login(db));
    assert_string_equal(in->commission_notified_on, "");

    struct incident *back = xcalloc(1, sizeof *back);
    assert_int_equal(incident_get(db, in->id, back, &err), TT_OK);
    assert_string_equal(back->circumstances, in->circumstances);
    assert_string_equal(back->measures, in->measures);
    assert_string_equal(back->people_notified_on, "2021-04-14");

    /* An unknown date and count are allowed: the register says so. */
    struct incident *second = sample();
    second->occurred_on[0] = second->people_count[0] = second->people_notified_on[0] = '\0';
    tt_strlcpy(second->discovered_on, "2021-04-16", sizeof second->discovered_on);
    tt_strlcpy(second->information, "Courriel\nenvoyé au mauvais parent",
               sizeof second->information);
    assert_int_equal(incident_save(db, second, today, &err), TT_OK);

    struct incident_row *rows;
    size_t n;
    assert_int_equal(incidents_list(db, &rows, &n, &err), TT_OK);
    assert_int_equal(n, 2);
    /* The latest discovered first, on one line. */
    assert_int_equal(rows[0].id, second->id);
    assert_string_equal(rows[0].information, "Courriel envoyé au mauvais parent");
    assert_int_equal(rows[0].people_count, -1);
    assert_int_equal(rows[1].people_count, 12);
    assert_string_equal(rows[1].discovered_on, "2021-04-13");
    assert_string_equal(rows[1].people_notified_on, "2021-04-14");
    free(rows);
    /* Written to the audit log like every other change. */
    assert_true(count("SELECT count(*) FROM audit_log WHERE table_name = 'privacy_incident'") >= 2);
    free(second);
    free(back);
    free(in);
}

/* Each bad field is named, and nothing is written. */
static void wrong_fields_are_named(void **unused)
{
    static const struct {
        const char *field, *value, *want_field, *want_text;
    } cases[] = {
        { "information", "  ", "information", "required" },
        { "circumstances", "", "circumstances", "required" },
        { "occurred_on", "31/02/2021", "occurred_on", "not a real date" },
        { "occurred_on", "2021-04-14", "discovered_on", "before it happened" },
        { "discovered_on", "", "discovered_on", "required" },
        { "discovered_on", "2021-04-20", "discovered_on", "after today" },
        { "discovered_on", "hier", "discovered_on", "not a real date" },
        { "people_count", "douze", "people_count", "whole number" },
        { "people_count", "-3", "people_count", "whole number" },
        { "people_count", "12.5", "people_count", "whole number" },
        { "commission_notified_on", "2021-04-10", "commission_notified_on",
          "before the discovery" },
        { "people_notified_on", "2021-13-01", "people_notified_on", "not a real date" },
    };
    int64_t before = count("SELECT count(*) FROM privacy_incident");
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        struct incident *in = sample();
        char *target = strcmp(cases[i].field, "information") == 0     ? in->information
                       : strcmp(cases[i].field, "circumstances") == 0 ? in->circumstances
                       : strcmp(cases[i].field, "occurred_on") == 0   ? in->occurred_on
                       : strcmp(cases[i].field, "discovered_on") == 0 ? in->discovered_on
                       : strcmp(cases[i].field, "people_count") == 0  ? in->people_count
                       : strcmp(cases[i].field, "commission_notified_on") == 0
                           ? in->commission_notified_on
                           : in->people_notified_on;
        strcpy(target, cases[i].value);
        struct tt_error err;
        tt_error_clear(&err);
        assert_int_equal(incident_save(db, in, today, &err), TT_ERR_INVALID);
        if (strcmp(err.field, cases[i].want_field) != 0 || !strstr(err.msg, cases[i].want_text))
            fail_msg("%s = \"%s\": field %s, \"%s\"", cases[i].field, cases[i].value, err.field,
                     err.msg);
        free(in);
    }
    struct incident *in = sample();
    memset(in->measures, 'x', INCIDENT_TEXT_MAX + 1);
    in->measures[INCIDENT_TEXT_MAX + 1] = '\0';
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(incident_save(db, in, today, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "measures");
    free(in);
    assert_int_equal(count("SELECT count(*) FROM privacy_incident"), before);
}

/* Two administrators open the same entry: the second save is refused
 * and the first one's text stays. */
static void a_stale_save_is_a_conflict(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct incident *in = sample();
    assert_int_equal(incident_save(db, in, today, &err), TT_OK);
    struct incident *mine = xcalloc(1, sizeof *mine), *theirs = xcalloc(1, sizeof *theirs);
    assert_int_equal(incident_get(db, in->id, mine, &err), TT_OK);
    assert_int_equal(incident_get(db, in->id, theirs, &err), TT_OK);
    tt_strlcpy(theirs->commission_notified_on, "2021-04-15", sizeof theirs->commission_notified_on);
    assert_int_equal(incident_save(db, theirs, today, &err), TT_OK);
    assert_int_equal(theirs->row_version, 2);
    tt_strlcpy(mine->measures, "Autre chose", sizeof mine->measures);
    assert_int_equal(incident_save(db, mine, today, &err), TT_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "Someone else changed"));
    struct incident *now = xcalloc(1, sizeof *now);
    assert_int_equal(incident_get(db, in->id, now, &err), TT_OK);
    assert_string_equal(now->commission_notified_on, "2021-04-15");
    assert_string_equal(now->measures, in->measures);
    /* Keeping one's own version is a save over the current one. */
    mine->row_version = now->row_version;
    assert_int_equal(incident_save(db, mine, today, &err), TT_OK);
    assert_int_equal(mine->row_version, 3);
    assert_string_equal(mine->measures, "Autre chose");
    free(now);
    free(mine);
    free(theirs);
    free(in);
}

/* Secretaries and read-only users read the register but never write it. */
static void only_administrators_write(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct incident *in = sample();
    assert_int_equal(incident_save(db, in, today, &err), TT_OK);
    char admin[65];
    tt_strlcpy(admin, db_login(db), sizeof admin);
    int64_t before = count("SELECT row_version FROM privacy_incident"
                           " WHERE id = (SELECT max(id) FROM privacy_incident)");
    int64_t rows = count("SELECT count(*) FROM privacy_incident");
    static const char *const logins[] = { "secretaire", "lecteur" };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(db_use_login(db, logins[i], &err), TT_OK);
        struct incident *other = sample();
        assert_int_equal(incident_save(db, other, today, &err), TT_ERR_PERM);
        assert_non_null(strstr(err.msg, "Only an administrator"));
        free(other);
        struct incident *edit = xcalloc(1, sizeof *edit);
        assert_int_equal(incident_get(db, in->id, edit, &err), TT_OK);
        tt_strlcpy(edit->measures, "changé", sizeof edit->measures);
        assert_int_equal(incident_save(db, edit, today, &err), TT_ERR_PERM);
        free(edit);
        assert_int_equal(incidents_may_write(db, &err), TT_ERR_PERM);
        struct incident_row *list;
        size_t n;
        assert_int_equal(incidents_list(db, &list, &n, &err), TT_OK);
        assert_int_equal((int64_t)n, rows);
        free(list);
    }
    /* Below the data layer too: the database refuses a read-only user's
     * raw write. */
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE privacy_incident SET measures = 'x'",
                                  NULL, NULL, &msg),
                     SQLITE_AUTH);
    sqlite3_free(msg);
    assert_int_equal(count("SELECT row_version FROM privacy_incident"
                           " WHERE id = (SELECT max(id) FROM privacy_incident)"),
                     before);
    assert_int_equal(count("SELECT count(*) FROM privacy_incident"), rows);
    assert_int_equal(db_use_login(db, admin, &err), TT_OK);
    assert_int_equal(incidents_may_write(db, &err), TT_OK);
    free(in);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    assert_int_equal(date_parse("2021-04-19", &today), 0);
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_incident_is_recorded_and_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_fields_are_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_stale_save_is_a_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(only_administrators_write, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
