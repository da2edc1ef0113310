/* Students and the referral form's data layer: validation that names the
 * field, normalisation, duplicates, and all-or-nothing saving. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "referrals.h"
#include "store.h"
#include "students.h"
#include "testutil.h"
#include "util.h"

static struct tt_db *db;
static char dir[512];

static int setup(void **unused)
{
    db = test_db_new(dir, "INSERT INTO school (id, code, name) VALUES (1, 'SEDO',"
                          " 'École Saint-Édouard')");
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static void fill(struct student *s)
{
    memset(s, 0, sizeof *s);
    s->school_id = 1;
    tt_strlcpy(s->last_name, "Côté-Bélanger", sizeof s->last_name);
    tt_strlcpy(s->first_name, "Éloïse", sizeof s->first_name);
    tt_strlcpy(s->local_number, "1234567", sizeof s->local_number);
    tt_strlcpy(s->code_permanent, "cote 1234 5678", sizeof s->code_permanent);
    tt_strlcpy(s->birth_date, "24/02/2013", sizeof s->birth_date);
    tt_strlcpy(s->level, "P3", sizeof s->level);
}

static void code_permanent_forms(void **unused)
{
    char out[13];
    assert_int_equal(student_code_permanent_normalise("abcd 1234 5678", out), 0);
    assert_string_equal(out, "ABCD12345678");
    assert_int_equal(student_code_permanent_normalise("ABCD1234567", out), -1);
    assert_int_equal(student_code_permanent_normalise("ABC112345678", out), -1);
    assert_int_equal(student_code_permanent_normalise("ABCD123456789", out), -1);
    assert_int_equal(student_code_permanent_normalise("ÉBCD12345678", out), -1);
}

static void validation_names_the_field(void **unused)
{
    static const struct {
        const char *field, *value, *expect_field, *expect_text;
    } cases[] = {
        { "code_permanent", "ABC12345678", "code_permanent", "four letters" },
        { "birth_date", "31/02/2013", "birth_date", "31/02/2013" },
        { "birth_date", "2013-13-01", "birth_date", "real date" },
        { "last_name", "   ", "last_name", "required" },
        { "first_name", "", "first_name", "required" },
        { "local_number", "", "local_number", "required" },
        { "level", "P9", "level", "list" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct student s;
        fill(&s);
        char *dst = strcmp(cases[i].field, "code_permanent") == 0 ? s.code_permanent
                  : strcmp(cases[i].field, "birth_date") == 0 ? s.birth_date
                  : strcmp(cases[i].field, "last_name") == 0 ? s.last_name
                  : strcmp(cases[i].field, "first_name") == 0 ? s.first_name
                  : strcmp(cases[i].field, "local_number") == 0 ? s.local_number : s.level;
        strcpy(dst, cases[i].value);
        struct tt_error err;
        tt_error_clear(&err);
        assert_int_equal(student_validate(&s, &err), TT_ERR_INVALID);
        assert_string_equal(err.field, cases[i].expect_field);
        if (strstr(err.msg, cases[i].expect_text) == NULL)
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].expect_text);
    }
    struct student s;
    fill(&s);
    memset(s.last_name, 'a', 101);
    s.last_name[101] = '\0';
    struct tt_error err;
    assert_int_equal(student_validate(&s, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "last_name");
    /* A hundred accented letters are a hundred characters, not 200 bytes. */
    fill(&s);
    s.last_name[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(s.last_name, "é");
    assert_int_equal(student_validate(&s, &err), TT_OK);
}

static void names_are_stored_as_typed(void **unused)
{
    struct student s;
    fill(&s);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(student_save(db, &s, &err), TT_OK);
    struct student back;
    assert_int_equal(student_get(db, s.id, &back, &err), TT_OK);
    assert_string_equal(back.last_name, "Côté-Bélanger");
    assert_string_equal(back.first_name, "Éloïse");
    assert_string_equal(back.code_permanent, "COTE12345678");
    assert_string_equal(back.birth_date, "2013-02-24");
}

static void search_finds_without_accents(void **unused)
{
    struct student s;
    fill(&s);
    struct tt_error err;
    assert_int_equal(student_save(db, &s, &err), TT_OK);
    const char *queries[] = { "eloise", "cote", "COTE bel", "1234", "cote1234", "Élo" };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        struct store_query q = { .list = LIST_STUDENTS, .search = queries[i] };
        long n = -1;
        assert_int_equal(store_count(db, &q, &n, &err), TT_OK);
        if (n != 1)
            fail_msg("search \"%s\" found %ld", queries[i], n);
    }
    struct store_query q = { .list = LIST_STUDENTS, .search = "gagnon" };
    long n = -1;
    assert_int_equal(store_count(db, &q, &n, &err), TT_OK);
    assert_int_equal(n, 0);
    /* Quotes and FTS syntax typed by a user are only text. */
    q.search = "\"cote\" OR NEAR(";
    assert_int_equal(store_count(db, &q, &n, &err), TT_OK);
}

static void duplicates_are_found(void **unused)
{
    struct student s;
    fill(&s);
    struct tt_error err;
    assert_int_equal(student_save(db, &s, &err), TT_OK);
    int64_t ids[4];
    int n;
    struct student t;
    fill(&t);   /* same local number */
    tt_strlcpy(t.code_permanent, "", sizeof t.code_permanent);
    assert_int_equal(student_find_duplicates(db, &t, ids, 4, &n, &err), TT_OK);
    assert_int_equal(n, 1);
    fill(&t);   /* same code permanent */
    tt_strlcpy(t.local_number, "999", sizeof t.local_number);
    student_validate(&t, &err);
    assert_int_equal(student_find_duplicates(db, &t, ids, 4, &n, &err), TT_OK);
    assert_int_equal(n, 1);
    fill(&t);   /* same name (other accents and case) and birth date */
    tt_strlcpy(t.local_number, "999", sizeof t.local_number);
    t.code_permanent[0] = '\0';
    tt_strlcpy(t.last_name, "COTE BELANGER", sizeof t.last_name);
    tt_strlcpy(t.first_name, "eloise", sizeof t.first_name);
    student_validate(&t, &err);
    assert_int_equal(student_find_duplicates(db, &t, ids, 4, &n, &err), TT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], s.id);
    tt_strlcpy(t.birth_date, "2013-02-25", sizeof t.birth_date);
    assert_int_equal(student_find_duplicates(db, &t, ids, 4, &n, &err), TT_OK);
    assert_int_equal(n, 0);
}

static void form_saves_all_or_nothing(void **unused)
{
    struct student s;
    fill(&s);
    struct guardian g[2];
    memset(g, 0, sizeof g);
    tt_strlcpy(g[0].full_name, "Julie Côté", sizeof g[0].full_name);
    tt_strlcpy(g[0].relationship, "mother", sizeof g[0].relationship);
    tt_strlcpy(g[0].email, "julie@example.org", sizeof g[0].email);
    struct referral *r = referral_new();
    tt_strlcpy(r->referrer_name, "Mme Gagnon", sizeof r->referrer_name);
    tt_strlcpy(r->referral_date, "2021-02-24", sizeof r->referral_date);
    struct tt_error err;
    tt_error_clear(&err);
    /* No subject: nothing is written, the student included. */
    assert_int_equal(referral_save_form(db, &s, g, r, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "subjects");
    int64_t count = -1;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM student", &count, &err), TT_OK);
    assert_int_equal(count, 0);
    r->subjects = 1u << 0 | 1u << 2;
    r->availability = AVAIL_BIT(0, 2) | AVAIL_BIT(2, 2);
    /* A bad guardian e-mail names its field. */
    tt_strlcpy(g[0].email, "julie-at-example", sizeof g[0].email);
    assert_int_equal(referral_save_form(db, &s, g, r, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "guardian1_email");
    tt_strlcpy(g[0].email, "julie@example.org", sizeof g[0].email);
    assert_int_equal(referral_save_form(db, &s, g, r, &err), TT_OK);
    assert_true(s.id > 0);
    assert_true(r->id > 0);
    struct referral *back = referral_new();
    assert_int_equal(referral_get(db, r->id, back, &err), TT_OK);
    assert_string_equal(back->status, "received");
    assert_int_equal(back->subjects, r->subjects);
    assert_int_equal(back->availability, r->availability);
    assert_string_equal(back->referrer_name, "Mme Gagnon");
    referral_free(back);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM referral_status_history", &count,
                                   &err), TT_OK);
    assert_int_equal(count, 1);
    /* A second referral for a twin local number fails and leaves no trace. */
    struct student twin;
    fill(&twin);
    tt_strlcpy(twin.code_permanent, "", sizeof twin.code_permanent);
    struct referral *r2 = referral_new();
    *r2 = *r;
    r2->id = 0;
    assert_int_equal(referral_save_form(db, &twin, g, r2, &err), TT_ERR_RULE);
    assert_string_equal(err.field, "local_number");
    assert_int_equal(twin.id, 0);
    assert_int_equal(r2->id, 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM referral", &count, &err), TT_OK);
    assert_int_equal(count, 1);
    referral_free(r2);
    referral_free(r);
}

static void concurrent_change_is_detected(void **unused)
{
    struct student s;
    fill(&s);
    struct tt_error err;
    assert_int_equal(student_save(db, &s, &err), TT_OK);
    struct student mine = s, theirs = s;
    tt_strlcpy(theirs.class_group, "302", sizeof theirs.class_group);
    assert_int_equal(student_save(db, &theirs, &err), TT_OK);
    tt_strlcpy(mine.class_group, "301", sizeof mine.class_group);
    assert_int_equal(student_save(db, &mine, &err), TT_ERR_CONFLICT);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_permanent_forms),
        cmocka_unit_test(validation_names_the_field),
        cmocka_unit_test_setup_teardown(names_are_stored_as_typed, setup, teardown),
        cmocka_unit_test_setup_teardown(search_finds_without_accents, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicates_are_found, setup, teardown),
        cmocka_unit_test_setup_teardown(form_saves_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_change_is_detected, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
