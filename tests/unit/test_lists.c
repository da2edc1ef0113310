/* The lists' paging (src/store.c): a page read after a row, before a row or
 * from the last row gives the same rows, in the same order, as reading the
 * whole list; the two ways of reading a search agree; names sort without
 * regard to accents and levels in school order; a row's number is its
 * place. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "store.h"
#include "students.h"
#include "text.h"
#include "testutil.h"
#include "util.h"

static struct tt_db *db;
static char dir[512];

#define N_STUDENTS 240
#define MAX_ROWS 400

/* With names a search by name must not lose: typed with a sign first, in
 * capitals with accents the sort key keeps, with ligatures. */
static const char *const lasts[] = { "Tremblay", "Émond", "Bédard", "Bouchard", "Côté",
                                     "Côté-Bélanger", "Dupuis", "Fortin", "gagnon", "Gagné",
                                     "De La Fontaine", "Roy", "Roya", "Ouellet", "Zola",
                                     "Èvequoz", "Lévesque", "Núñez", "'Gagnon", "CÔTÉ",
                                     " Roy", "Œuvray", "Sjöberg", "Gagnon" };
static const char *const firsts[] = { "Zoé", "Anne", "Élodie", "Marie-Ève", "Loïc", "anaïs",
                                      "Théo", "Éloïse", "Gaël" };
static const char *const levels[] = { "P3", "PRE4", "S1", "P6", "PRE5", "P1", "S5" };
static const char *const statuses[] = { NULL, "received", "awaiting_consent" };

static void add_student(int i, const char *last, const char *first, const char *level)
{
    char local[16];
    snprintf(local, sizeof local, "%07d", 5000000 + (i * 7919) % 1000000);
    char *key = student_search_key(last, first, local, "");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, search_key,"
        " level) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_int(st, 2, 1 + i % 3);
    sqlite3_bind_text(st, 3, local, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, last, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, first, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, level, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    free(key);
}

static int setup(void **unused)
{
    db = test_db_new(dir, "INSERT INTO school (id, code, name) VALUES (1, 'B', 'École B'),"
                          " (2, 'A', 'École A'), (3, 'C', 'École C')");
    db_set_audit(db, 0);
    test_exec(db, "BEGIN");
    for (int i = 1; i <= N_STUDENTS; i++) {
        add_student(i, lasts[(i * 7) % TT_ARRAY_LEN(lasts)], firsts[(i * 5) % TT_ARRAY_LEN(firsts)],
                    levels[i % TT_ARRAY_LEN(levels)]);
        const char *status = statuses[i % TT_ARRAY_LEN(statuses)];
        if (status == NULL)
            continue;
        char sql[400];
        snprintf(sql, sizeof sql,
                 "INSERT INTO referral (student_id, school_id, referral_date, referrer_name,"
                 " referrer_role, status_date, created_by) VALUES (%d, 1, '2021-02-0%d', 'Mme Roy',"
                 " 'teacher', '2021-02-01', 't')", i, 1 + i % 9);
        test_exec(db, sql);
        if (strcmp(status, "received") != 0) {
            snprintf(sql, sizeof sql, "UPDATE referral SET status = '%s' WHERE student_id = %d",
                     status, i);
            test_exec(db, sql);
        }
    }
    test_exec(db, "COMMIT");
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

/* The whole list as ids, read in one page. */
static int whole(struct store_query *q, int64_t *ids)
{
    static struct store_row rows[MAX_ROWS];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(store_page(db, q, STORE_FIRST, NULL, MAX_ROWS, rows, &n, &err), TT_OK);
    for (int i = 0; i < n; i++)
        ids[i] = rows[i].id;
    store_rows_clear(rows, n);
    return n;
}

/* The list read page by page, forwards from the first row, or backwards
 * from the last. */
static int paged(struct store_query *q, int backwards, int page, int64_t *ids)
{
    struct store_row rows[16], anchor;
    int n = 0, total = 0, have_anchor = 0;
    struct tt_error err;
    tt_error_clear(&err);
    for (;;) {
        int seek = have_anchor ? (backwards ? STORE_BEFORE : STORE_AFTER)
                               : (backwards ? STORE_LAST : STORE_FIRST);
        assert_int_equal(store_page(db, q, seek, have_anchor ? &anchor : NULL, page, rows, &n,
                                    &err), TT_OK);
        if (have_anchor)
            store_rows_clear(&anchor, 1);
        have_anchor = 0;
        if (n == 0)
            break;
        assert_true(total + n <= MAX_ROWS);
        if (backwards) {
            memmove(ids + n, ids, (size_t)total * sizeof *ids);
            for (int i = 0; i < n; i++)
                ids[i] = rows[i].id;
        } else {
            for (int i = 0; i < n; i++)
                ids[total + i] = rows[i].id;
        }
        total += n;
        store_row_copy(&anchor, &rows[backwards ? 0 : n - 1]);
        have_anchor = 1;
        store_rows_clear(rows, n);
    }
    return total;
}

static void assert_same(const int64_t *a, int na, const int64_t *b, int nb)
{
    assert_int_equal(na, nb);
    for (int i = 0; i < na; i++)
        if (a[i] != b[i])
            fail_msg("row %d differs: %lld and %lld", i, (long long)a[i], (long long)b[i]);
}

static void pages_join_up_in_every_order(void **unused)
{
    static int64_t all[MAX_ROWS], fwd[MAX_ROWS], back[MAX_ROWS];
    struct tt_error err;
    tt_error_clear(&err);
    for (int sort = 0; sort < store_sort_count(LIST_STUDENTS); sort++) {
        for (int desc = 0; desc < 2; desc++) {
            struct store_query q = { .list = LIST_STUDENTS, .sort = sort, .descending = desc };
            int n = whole(&q, all);
            assert_int_equal(n, N_STUDENTS);
            for (int page = 1; page <= 13; page += 6) {
                assert_same(all, n, fwd, paged(&q, 0, page, fwd));
                assert_same(all, n, back, paged(&q, 1, page, back));
            }
            /* The place of a row is the rows before it; a row read again
             * from its place is itself. */
            static struct store_row rows[MAX_ROWS];
            int got = 0;
            assert_int_equal(store_page(db, &q, STORE_FIRST, NULL, MAX_ROWS, rows, &got, &err),
                             TT_OK);
            for (int i = 0; i < got; i += 37) {
                long rank = -1;
                assert_int_equal(store_rank(db, &q, &rows[i], &rank, &err), TT_OK);
                assert_int_equal(rank, i);
                struct store_row from[2];
                int nf = 0;
                assert_int_equal(store_page(db, &q, STORE_FROM, &rows[i], 2, from, &nf, &err),
                                 TT_OK);
                assert_int_equal(nf, 2);
                assert_int_equal(from[0].id, rows[i].id);
                store_rows_clear(from, nf);
            }
            /* store_fetch reads the same rows by their numbers. */
            q.total = n;
            struct store_row some[9];
            int ns = 0;
            for (long off = 0; off < n; off += 50) {
                assert_int_equal(store_fetch(db, &q, off, 9, some, &ns, &err), TT_OK);
                for (int i = 0; i < ns; i++)
                    assert_int_equal(some[i].id, all[off + i]);
                store_rows_clear(some, ns);
            }
            store_rows_clear(rows, got);
        }
    }
}

static int position_of(const char *last, const int64_t *ids, int n, char names[][64])
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], last) == 0)
            return i;
    (void)ids;
    return -1;
}

static void names_ignore_accents_and_levels_go_in_school_order(void **unused)
{
    struct store_query q = { .list = LIST_STUDENTS };
    static struct store_row rows[MAX_ROWS];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(store_page(db, &q, STORE_FIRST, NULL, MAX_ROWS, rows, &n, &err), TT_OK);
    static char names[MAX_ROWS][64];
    static int64_t ids[MAX_ROWS];
    for (int i = 0; i < n; i++) {
        tt_strlcpy(names[i], rows[i].col[0], sizeof names[i]);
        ids[i] = rows[i].id;
    }
    /* First occurrences: Bédard before Bouchard, Émond between Dupuis and
     * Fortin, Èvequoz after Émond, lower-case gagnon between Fortin and
     * Gagné... as a person files them. */
    int bedard = position_of("Bédard", ids, n, names);
    int bouchard = position_of("Bouchard", ids, n, names);
    int dupuis = position_of("Dupuis", ids, n, names), emond = position_of("Émond", ids, n, names);
    int eve = position_of("Èvequoz", ids, n, names), fortin = position_of("Fortin", ids, n, names);
    int gagne = position_of("Gagné", ids, n, names), gagnon = position_of("gagnon", ids, n, names);
    int nunez = position_of("Núñez", ids, n, names);
    int ouellet = position_of("Ouellet", ids, n, names);
    int roy = position_of("Roy", ids, n, names), roya = position_of("Roya", ids, n, names);
    int cote = position_of("Côté", ids, n, names);
    int cote_b = position_of("Côté-Bélanger", ids, n, names);
    assert_true(bedard >= 0 && bedard < bouchard);
    assert_true(dupuis < emond && emond < eve && eve < fortin);
    assert_true(fortin < gagne && gagne < gagnon);
    assert_true(nunez < ouellet);
    /* Every Roy, then the Royas; every Côté, then Côté-Bélanger. */
    assert_true(roy < roya && strcmp(names[roya - 1], "Roy") == 0);
    assert_true(cote < cote_b && strcmp(names[cote_b - 1], "Côté") == 0);
    store_rows_clear(rows, n);

    q.sort = 3; /* level */
    assert_int_equal(store_page(db, &q, STORE_FIRST, NULL, MAX_ROWS, rows, &n, &err), TT_OK);
    static const char *const school_order[] = { "PRE4", "PRE5", "P1", "P3", "P6", "S1", "S5" };
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        while (at < TT_ARRAY_LEN(school_order) && strcmp(rows[i].col[4], school_order[at]) != 0)
            at++;
        if (at == TT_ARRAY_LEN(school_order))
            fail_msg("level %s out of school order at row %d", rows[i].col[4], i);
    }
    store_rows_clear(rows, n);
}

/* The order of a name search: the rows whose folded name starts with the
 * first word typed, then the others, from the rows in name order. */
static void starting_first(struct store_query *q, const char *folded, const int64_t *ids, int n,
                           int64_t *out)
{
    size_t len = strcspn(folded, " ");
    struct store_query plain = *q;
    plain.plan = STORE_PLAN_WALK;
    static struct store_row rows[MAX_ROWS];
    int got = 0;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(store_page(db, &plain, STORE_FIRST, NULL, MAX_ROWS, rows, &got, &err),
                     TT_OK);
    assert_int_equal(got, n);
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            assert_int_equal(rows[i].id, ids[i]);
            const char *key = (const char *)sqlite3_value_text(rows[i].key[1]);
            int starts = strncmp(key, folded, len) == 0;
            if (starts == (pass == 0))
                out[k++] = ids[i];
        }
    store_rows_clear(rows, got);
}

static void check_ranks(struct store_query *q, const int64_t *ids, int n)
{
    struct store_row rows[8];
    int got = 0;
    struct tt_error err;
    tt_error_clear(&err);
    for (int i = 0; i < n; i += 5) {
        /* The row itself, read from its place. */
        assert_int_equal(store_page(db, q, STORE_FIRST, NULL, 1, rows, &got, &err), TT_OK);
        struct store_row at = rows[0];
        for (int k = 0; k < i; k++) {
            int one = 0;
            assert_int_equal(store_page(db, q, STORE_AFTER, &at, 1, rows, &one, &err), TT_OK);
            assert_int_equal(one, 1);
            store_rows_clear(&at, 1);
            at = rows[0];
        }
        assert_int_equal(at.id, ids[i]);
        long rank = -1;
        assert_int_equal(store_rank(db, q, &at, &rank, &err), TT_OK);
        assert_int_equal(rank, i);
        store_rows_clear(&at, 1);
    }
}

/* Walking the index and sorting the matches give the same pages. */
static void both_ways_of_searching_agree(void **unused)
{
    static int64_t walked[MAX_ROWS], sorted[MAX_ROWS];
    static const char *const searches[] = { "ga", "côté", "e", "marie eve", "5", "zzz",
                                            "gagnon", "roy", "oe", "sjob" };
    for (size_t s = 0; s < TT_ARRAY_LEN(searches); s++) {
        for (int sort = 0; sort < store_sort_count(LIST_STUDENTS); sort++) {
            for (int filter = 0; filter < 2; filter++) {
                struct store_query q = { .list = LIST_STUDENTS, .sort = sort,
                                         .search = searches[s], .descending = sort % 2,
                                         .status = filter ? "received" : NULL };
                char *folded = text_fold(searches[s]);
                q.plan = STORE_PLAN_WALK;
                tt_strlcpy(q.plan_text, folded, sizeof q.plan_text);
                int nw = paged(&q, 0, 5, walked);
                assert_int_equal(q.plan, STORE_PLAN_WALK);
                q.plan = STORE_PLAN_SORTED;
                tt_strlcpy(q.plan_text, folded, sizeof q.plan_text);
                int ns = paged(&q, s % 2, 5, sorted);
                assert_int_equal(q.plan, STORE_PLAN_SORTED);
                assert_same(walked, nw, sorted, ns);
                /* By name and without filters, the names starting with
                 * the first word come first, then the others, each in the
                 * same order; walked, or from the matches. */
                if (sort == 0 && !filter) {
                    static int64_t expect[MAX_ROWS], split[MAX_ROWS];
                    starting_first(&q, folded, walked, nw, expect);
                    for (int ranges = 0; ranges <= 7; ranges += 7) {
                        q.plan = STORE_PLAN_SPLIT;
                        q.plan_ranges = ranges;
                        tt_strlcpy(q.plan_text, folded, sizeof q.plan_text);
                        int nsp = paged(&q, s % 2, 3, split);
                        assert_int_equal(q.plan, STORE_PLAN_SPLIT);
                        assert_same(expect, nw, split, nsp);
                        /* A row's number is its place in that order. */
                        check_ranks(&q, split, nsp);
                        /* Reversed, the same rows the other way. */
                        q.descending = 1;
                        q.plan_ranges = ranges;
                        nsp = paged(&q, !(s % 2), 4, split);
                        assert_int_equal(nsp, nw);
                        for (int i = 0; i < nw; i++)
                            assert_int_equal(split[i], expect[nw - 1 - i]);
                        check_ranks(&q, split, nsp);
                        q.descending = 0;
                    }
                }
                free(folded);
                long count = -1;
                struct tt_error err;
                tt_error_clear(&err);
                assert_int_equal(store_count(db, &q, &count, &err), TT_OK);
                assert_int_equal(count, nw);
                if (strcmp(searches[s], "zzz") != 0 && !filter)
                    assert_true(nw > 0);
            }
        }
    }
}

/* A filter in name order: the rows of the whole list that pass, in the
 * same order, however it is read. */
static void filters_keep_the_name_order(void **unused)
{
    static int64_t all[MAX_ROWS], expect[MAX_ROWS], got[MAX_ROWS], back[MAX_ROWS];
    static struct store_row rows[MAX_ROWS];
    struct tt_error err;
    tt_error_clear(&err);
    struct store_query plain = { .list = LIST_STUDENTS };
    int n = 0;
    assert_int_equal(store_page(db, &plain, STORE_FIRST, NULL, MAX_ROWS, rows, &n, &err), TT_OK);
    for (int i = 0; i < n; i++)
        all[i] = rows[i].id;
    static const struct {
        const char *status, *consent, *level;
        int64_t school;
    } filters[] = {
        { "received", NULL, NULL, 0 }, { "none", NULL, NULL, 0 }, { NULL, "none", NULL, 0 },
        { NULL, NULL, "PRE4", 0 }, { NULL, NULL, NULL, 2 }, { "awaiting_consent", NULL, "P3", 0 },
        { "closed", NULL, NULL, 0 },
    };
    for (size_t f = 0; f < TT_ARRAY_LEN(filters); f++) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            const struct store_row *r = &rows[i];
            const char *status = r->col[6] ? r->col[6] : "none";
            const char *school = r->col[3];
            if (filters[f].status && strcmp(status, filters[f].status) != 0)
                continue;
            if (filters[f].consent && r->col[7] != NULL)
                continue;
            if (filters[f].level && strcmp(r->col[4], filters[f].level) != 0)
                continue;
            if (filters[f].school && strcmp(school, "A") != 0)
                continue;
            expect[k++] = all[i];
        }
        for (int desc = 0; desc < 2; desc++) {
            struct store_query q = { .list = LIST_STUDENTS, .status = filters[f].status,
                                     .consent = filters[f].consent, .level = filters[f].level,
                                     .school_id = filters[f].school, .descending = desc };
            int ng = paged(&q, 0, 4, got), nb = paged(&q, 1, 7, back);
            assert_int_equal(ng, k);
            assert_same(got, ng, back, nb);
            for (int i = 0; i < k; i++)
                assert_int_equal(got[i], expect[desc ? k - 1 - i : i]);
            long count = -1;
            assert_int_equal(store_count(db, &q, &count, &err), TT_OK);
            assert_int_equal(count, k);
            check_ranks(&q, got, ng);
        }
    }
    store_rows_clear(rows, n);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pages_join_up_in_every_order),
        cmocka_unit_test(names_ignore_accents_and_levels_go_in_school_order),
        cmocka_unit_test(both_ways_of_searching_agree),
        cmocka_unit_test(filters_keep_the_name_order),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    test_rmdir(dir);
    return rc;
}
