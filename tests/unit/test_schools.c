/* The organisation and its schools: recorded and changed by an
 * administrator, with named-field errors; codes and names unique; other
 * roles refused by the database itself. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "schools.h"
#include "testutil.h"
#include "users.h"
#include "util.h"

static char dir[512];

static struct school school(const char *code, const char *name)
{
    struct school s;
    memset(&s, 0, sizeof s);
    tt_strlcpy(s.code, code, sizeof s.code);
    tt_strlcpy(s.name, name, sizeof s.name);
    s.active = 1;
    return s;
}

static void the_organisation_is_recorded_then_changed(void **unused)
{
    (void)unused;
    struct tt_db *db = test_db_new(dir, NULL);
    struct tt_error err;
    tt_error_clear(&err);
    struct organisation o;
    assert_int_equal(organisation_get(db, &o, &err), TT_OK);
    assert_int_equal(o.exists, 0);
    tt_strlcpy(o.name, "  Centre de services scolaire des Sommets  ", sizeof o.name);
    tt_strlcpy(o.ministry_code, "765000", sizeof o.ministry_code);
    o.has_budget = 1;
    o.budget = 12345678;
    assert_int_equal(organisation_save(db, &o, &err), TT_OK);
    struct organisation back;
    assert_int_equal(organisation_get(db, &back, &err), TT_OK);
    assert_int_equal(back.exists, 1);
    assert_string_equal(back.name, "Centre de services scolaire des Sommets");
    assert_string_equal(back.kind, "css");
    assert_int_equal(back.budget, 12345678);

    tt_strlcpy(back.kind, "private", sizeof back.kind);
    back.has_budget = 0;
    assert_int_equal(organisation_save(db, &back, &err), TT_OK);
    assert_int_equal(organisation_get(db, &o, &err), TT_OK);
    assert_string_equal(o.kind, "private");
    assert_int_equal(o.has_budget, 0);

    tt_strlcpy(o.kind, "cegep", sizeof o.kind);
    assert_int_equal(organisation_save(db, &o, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "kind");
    tt_strlcpy(o.kind, "css", sizeof o.kind);
    o.name[0] = '\0';
    assert_int_equal(organisation_save(db, &o, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "name");
    tt_strlcpy(o.name, "X", sizeof o.name);
    o.has_budget = 1;
    o.budget = -1;
    assert_int_equal(organisation_save(db, &o, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "budget");
    db_close(db);
}

static void schools_are_added_changed_and_unique(void **unused)
{
    (void)unused;
    struct tt_db *db = test_db_new(dir, NULL);
    struct tt_error err;
    tt_error_clear(&err);
    struct school a = school("SEDO", "École Saint-Édouard");
    assert_int_equal(school_save(db, &a, &err), TT_OK);
    assert_true(a.id > 0);
    struct school b = school("FLEC", "École secondaire Fréchette");
    b.has_budget = 1;
    b.budget = 500000;
    assert_int_equal(school_save(db, &b, &err), TT_OK);

    struct school dup = school("SEDO", "Autre école");
    assert_int_equal(school_save(db, &dup, &err), TT_ERR_RULE);
    assert_string_equal(err.field, "code");
    dup = school("AUTR", "École Saint-Édouard");
    assert_int_equal(school_save(db, &dup, &err), TT_ERR_RULE);
    assert_string_equal(err.field, "name");
    dup = school("A B", "École deux mots");
    assert_int_equal(school_save(db, &dup, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "code");

    /* A school closed is kept, listed after the open ones. */
    a.active = 0;
    assert_int_equal(school_save(db, &a, &err), TT_OK);
    struct school *list = NULL;
    size_t n = 0;
    assert_int_equal(schools_list(db, &list, &n, &err), TT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].code, "FLEC");
    assert_int_equal(list[0].budget, 500000);
    assert_string_equal(list[1].code, "SEDO");
    assert_int_equal(list[1].active, 0);
    free(list);

    struct school got;
    assert_int_equal(school_get_by_code(db, "FLEC", &got, &err), TT_OK);
    assert_string_equal(got.name, "École secondaire Fréchette");
    assert_int_equal(school_get_by_code(db, "NONE", &got, &err), TT_ERR_NOTFOUND);
    db_close(db);
}

static void only_an_administrator_changes_them(void **unused)
{
    (void)unused;
    struct tt_db *db = test_db_new(dir, NULL);
    struct tt_error err;
    tt_error_clear(&err);
    struct school a = school("SEDO", "École Saint-Édouard");
    assert_int_equal(school_save(db, &a, &err), TT_OK);
    assert_int_equal(user_add(db, "secretaire", "secretary", "Secrétaire", &err), TT_OK);
    assert_int_equal(user_add(db, "lecteur", "readonly", "Lecteur", &err), TT_OK);
    const char *logins[] = { "secretaire", "lecteur" };
    for (int i = 0; i < 2; i++) {
        assert_int_equal(db_use_login(db, logins[i], &err), TT_OK);
        struct school b = school("FLEC", "École secondaire Fréchette");
        assert_int_equal(school_save(db, &b, &err), TT_ERR_PERM);
        struct school c = a;
        tt_strlcpy(c.name, "Renommée", sizeof c.name);
        assert_int_equal(school_save(db, &c, &err), TT_ERR_PERM);
        struct organisation o;
        assert_int_equal(organisation_get(db, &o, &err), TT_OK);
        tt_strlcpy(o.name, "Quelconque", sizeof o.name);
        assert_int_equal(organisation_save(db, &o, &err), TT_ERR_PERM);
        /* Reading stays allowed. */
        struct school *list = NULL;
        size_t n = 0;
        assert_int_equal(schools_list(db, &list, &n, &err), TT_OK);
        assert_int_equal(n, 1);
        assert_string_equal(list[0].name, "École Saint-Édouard");
        free(list);
    }
    db_close(db);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_organisation_is_recorded_then_changed),
        cmocka_unit_test(schools_are_added_changed_and_unique),
        cmocka_unit_test(only_an_administrator_changes_them),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
