/* Assisted pairing: each rule on a small instance that breaks without it,
 * the solver against GLPK's exact optimum of the same objective on 50
 * generated instances, and the loader and apply step on real databases
 * (a dry run writes nothing; a refusal writes nothing either). */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <math.h>
#include <sys/wait.h>
#include "db.h"
#include "i18n.h"
#include "pairing.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct settings *settings;

enum { MON = 1, TUE, WED, THU, FRI };
#define HM(h, m) ((h) * 60 + (m))
#define MATH 3        /* index of "math" among the subject codes */
#define FR_READING 1
#define P3 4
#define P4 5
#define P5 6

/* ---- small instances built by hand ---------------------------------------------- */

static struct pairing_student *student(struct pairing_instance *in, int subject, int level,
                                       int priority, int format, int modality, int64_t school)
{
    struct pairing_student *s = pairing_add_student(in);
    s->student_id = (int64_t)in->n_students;
    s->referral_id = 1000 + (int64_t)in->n_students;
    s->school_id = school;
    snprintf(s->local_number, sizeof s->local_number, "L%03zu", in->n_students);
    snprintf(s->name, sizeof s->name, "Student %zu", in->n_students);
    s->subject = subject;
    s->level = level;
    s->priority = priority;
    s->format = format;
    s->modality = modality;
    return s;
}

static struct pairing_tutor *tutor(struct pairing_instance *in, int modality, int64_t school,
                                   int minutes)
{
    struct pairing_tutor *t = pairing_add_tutor(in);
    t->tutor_id = 100 + (int64_t)in->n_tutors;
    snprintf(t->name, sizeof t->name, "Tutor %zu", in->n_tutors);
    t->modality = modality;
    t->school_id = school;
    t->free_minutes = minutes;
    return t;
}

static struct pairing_group *group(struct pairing_instance *in, int subject, int band,
                                   int modality, int64_t school, int limit, int members,
                                   int ref_level, int weekday, int start)
{
    struct pairing_group *g = pairing_add_group(in);
    g->group_id = 500 + (int64_t)in->n_groups;
    g->tutor_id = 999;
    snprintf(g->name, sizeof g->name, "Group %zu", in->n_groups);
    snprintf(g->tutor_name, sizeof g->tutor_name, "Lead %zu", in->n_groups);
    g->subject = subject;
    g->band = band;
    g->modality = modality;
    g->school_id = school;
    g->size_limit = limit;
    g->members = members;
    g->ref_level = members > 0 ? ref_level : -1;
    g->n_slots = 1;
    g->slots[0] = (struct pairing_slot){ weekday, start, 60 };
    return g;
}

static void sfree(struct pairing_student *s, int day, int a, int b)
{
    pairing_add_free(&s->free, &s->n_free, day, a, b);
}

static void tfree(struct pairing_tutor *t, int day, int a, int b)
{
    pairing_add_free(&t->free, &t->n_free, day, a, b);
}

/* Solves, checks every rule of the answer and its objective, and returns
 * it. */
static struct pairing_result *solve(const struct pairing_instance *in)
{
    struct pairing_result *r = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(pairing_solve(in, &r, &err), TT_OK);
    assert_non_null(r);
    if (pairing_check(in, r, NULL, &err) != TT_OK)
        fail_msg("the solver broke a rule: %s", err.msg);
    struct pairing_score sc;
    assert_true(pairing_objective(in, r, NULL, &sc) == r->score.objective);
    assert_int_equal(sc.placed + r->n_unplaced, in->n_students);
    return r;
}

/* Where student s (1-based, as created) ended: a group id, -(tutor id)
 * for a new group, or 0. */
static int64_t where(const struct pairing_result *r, int64_t student_id)
{
    for (size_t k = 0; k < r->n_proposals; k++)
        for (size_t i = 0; i < r->proposals[k].n_members; i++)
            if (r->proposals[k].members[i].student_id == student_id)
                return r->proposals[k].kind == PAIRING_JOIN ? r->proposals[k].group_id
                                                            : -r->proposals[k].tutor_id;
    return 0;
}

/* The usual pair: a remote tutor teaching mathematics in P3-P4, free on
 * Tuesday 15:00-18:00, and a remote student in P3 free on Tuesday 15:00-17:00. */
static struct pairing_instance *base(void)
{
    struct pairing_instance *in = pairing_instance_new(5);
    struct pairing_tutor *t = tutor(in, PAIRING_REMOTE, 0, 600);
    t->skills[MATH] = (1u << P3) | (1u << P4);
    tfree(t, TUE, HM(15, 0), HM(18, 0));
    struct pairing_student *s = student(in, MATH, P3, 2, PAIRING_FORMAT_EITHER, PAIRING_REMOTE, 1);
    sfree(s, TUE, HM(15, 0), HM(17, 0));
    return in;
}

static void control_places_the_student(void **unused)
{
    struct pairing_instance *in = base();
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 1);
    assert_int_equal(r->score.new_groups, 1);
    const struct pairing_proposal *p = &r->proposals[0];
    assert_int_equal(p->kind, PAIRING_NEW);
    assert_int_equal(p->slots[0].weekday, TUE);
    assert_true(p->slots[0].start_min >= HM(15, 0) && p->slots[0].start_min + 60 <= HM(17, 0));
    assert_int_equal(p->slots[0].start_min % 15, 0);
    assert_non_null(strstr(p->reason, "availabilities"));
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_subject(void **unused)
{
    struct pairing_instance *in = base();
    in->students[0].subject = FR_READING;
    group(in, MATH, 2, PAIRING_REMOTE, 0, 5, 1, P3, TUE, HM(15, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 0);
    assert_int_equal(r->n_unplaced, 1);
    assert_true(r->unplaced[0].no_option);
    pairing_result_free(r);
    /* The same group takes a student of its subject. */
    in->students[0].subject = MATH;
    in->tutors[0].free_minutes = 0;
    r = solve(in);
    assert_int_equal(where(r, 1), in->groups[0].group_id);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_level_band(void **unused)
{
    struct pairing_instance *in = base();
    in->tutors[0].skills[MATH] = 1u << P5;              /* P5-P6 only */
    group(in, MATH, 3, PAIRING_REMOTE, 0, 5, 1, P5, TUE, HM(15, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    /* The tutor must teach the student's own level, not only the band. */
    in->groups[0].band = 1;                              /* P1-P2 */
    in->tutors[0].skills[MATH] = 1u << P4;
    r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    in->groups[0].band = 2;                              /* P3-P4 */
    r = solve(in);
    assert_int_equal(where(r, 1), in->groups[0].group_id);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_modality_and_school(void **unused)
{
    struct pairing_instance *in = base();
    in->students[0].modality = PAIRING_SCHOOL;
    in->students[0].school_id = 1;
    /* A remote tutor and a remote group: nothing for an in-school student. */
    group(in, MATH, 2, PAIRING_REMOTE, 0, 5, 1, P3, TUE, HM(15, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    /* In school, but at another school. */
    in->tutors[0].modality = PAIRING_SCHOOL;
    in->tutors[0].school_id = 2;
    in->groups[0].modality = PAIRING_SCHOOL;
    in->groups[0].school_id = 2;
    r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    /* At the student's school: the existing group first. */
    in->groups[0].school_id = 1;
    in->tutors[0].school_id = 1;
    r = solve(in);
    assert_int_equal(where(r, 1), in->groups[0].group_id);
    pairing_result_free(r);
    /* Without the group, a new group in school at that school. */
    in->groups[0].size_limit = 1;
    r = solve(in);
    assert_int_equal(r->score.new_groups, 1);
    assert_int_equal(r->proposals[0].modality, PAIRING_SCHOOL);
    assert_int_equal(r->proposals[0].school_id, 1);
    pairing_result_free(r);
    /* "either" fits a remote group too. */
    in->students[0].modality = PAIRING_ANY;
    in->groups[0].modality = PAIRING_REMOTE;
    in->groups[0].school_id = 0;
    in->groups[0].size_limit = 5;
    r = solve(in);
    assert_int_equal(where(r, 1), in->groups[0].group_id);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_availability(void **unused)
{
    struct pairing_instance *in = base();
    /* The group meets at 16:30-17:30, past the student's 17:00. */
    group(in, MATH, 2, PAIRING_REMOTE, 0, 5, 1, P3, TUE, HM(16, 30));
    in->tutors[0].n_free = 0;
    tfree(&in->tutors[0], WED, HM(15, 0), HM(18, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    /* Every slot of the group must fit, not just one. */
    in->groups[0].slots[0].start_min = HM(16, 0);
    in->groups[0].n_slots = 2;
    in->groups[0].slots[1] = (struct pairing_slot){ THU, HM(16, 0), 60 };
    r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    sfree(&in->students[0], THU, HM(15, 45), HM(17, 0));
    r = solve(in);
    assert_int_equal(where(r, 1), in->groups[0].group_id);
    pairing_result_free(r);
    /* A new group needs one hour inside both the tutor's and the
     * student's free time: 16:00-17:00 on Tuesday only. */
    in->groups[0].size_limit = 1;
    in->tutors[0].n_free = 0;
    tfree(&in->tutors[0], TUE, HM(16, 0), HM(19, 0));
    r = solve(in);
    assert_int_equal(r->score.new_groups, 1);
    assert_int_equal(r->proposals[0].slots[0].weekday, TUE);
    assert_int_equal(r->proposals[0].slots[0].start_min, HM(16, 0));
    pairing_result_free(r);
    in->tutors[0].n_free = 0;
    tfree(&in->tutors[0], TUE, HM(16, 15), HM(19, 0));
    r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_size_limit(void **unused)
{
    /* An existing group with one place left, no tutor with time: one of
     * three students joins. */
    struct pairing_instance *in = base();
    in->tutors[0].free_minutes = 0;
    group(in, MATH, 2, PAIRING_REMOTE, 0, 3, 2, P3, TUE, HM(15, 0));
    for (int k = 0; k < 2; k++)
        sfree(student(in, MATH, P4, 2, PAIRING_FORMAT_GROUP, PAIRING_REMOTE, 1), TUE, HM(15, 0),
              HM(17, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 1);
    assert_int_equal(r->proposals[0].taken, 3);
    assert_non_null(strstr(r->proposals[0].reason, "3 of 3 places"));
    pairing_result_free(r);
    /* New groups hold the setting's size limit: 2 here, one group. */
    in->n_groups = 0;
    in->group_size_limit = 2;
    in->tutors[0].free_minutes = 60;
    r = solve(in);
    assert_int_equal(r->score.placed, 2);
    assert_int_equal(r->score.new_groups, 1);
    assert_int_equal(r->proposals[0].size_limit, 2);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_tutor_minutes(void **unused)
{
    /* Two students free at different hours: two groups need 120 minutes. */
    struct pairing_instance *in = base();
    sfree(student(in, MATH, P3, 2, PAIRING_FORMAT_EITHER, PAIRING_REMOTE, 1), TUE, HM(17, 0),
          HM(18, 0));
    in->tutors[0].free_minutes = 119;
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 1);
    pairing_result_free(r);
    in->tutors[0].free_minutes = 120;
    r = solve(in);
    assert_int_equal(r->score.placed, 2);
    assert_int_equal(r->score.new_groups, 2);
    pairing_result_free(r);
    /* Minutes are not enough: the two hours must not overlap. */
    in->tutors[0].n_free = 0;
    tfree(&in->tutors[0], TUE, HM(16, 15), HM(18, 0));
    in->students[0].n_free = 0;
    sfree(&in->students[0], TUE, HM(16, 15), HM(17, 15));
    in->students[1].n_free = 0;
    sfree(&in->students[1], TUE, HM(16, 45), HM(18, 0));
    in->students[1].format = PAIRING_FORMAT_INDIVIDUAL;
    r = solve(in);
    assert_int_equal(r->score.placed, 1);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void rule_individual(void **unused)
{
    /* An individual referral never joins a group, even one with room. */
    struct pairing_instance *in = base();
    in->students[0].format = PAIRING_FORMAT_INDIVIDUAL;
    in->tutors[0].free_minutes = 0;
    group(in, MATH, 2, PAIRING_REMOTE, 0, 5, 1, P3, TUE, HM(15, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 0);
    pairing_result_free(r);
    /* It gets a new group of one, which nobody else joins: the tutor has
     * one hour, and the student of priority 1 gets it. */
    in->n_groups = 0;
    in->students[0].priority = 1;
    in->tutors[0].free_minutes = 60;
    sfree(student(in, MATH, P3, 2, PAIRING_FORMAT_EITHER, PAIRING_REMOTE, 1), TUE, HM(15, 0),
          HM(17, 0));
    r = solve(in);
    assert_int_equal(r->score.placed, 1);
    assert_int_equal(where(r, 1), -in->tutors[0].tutor_id);
    assert_int_equal(r->proposals[0].size_limit, 1);
    assert_int_equal(r->proposals[0].n_members, 1);
    pairing_result_free(r);
    /* With a second hour, the other student gets a group of its own. */
    in->tutors[0].free_minutes = 120;
    r = solve(in);
    assert_int_equal(r->score.placed, 2);
    assert_int_equal(r->score.new_groups, 2);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void priority_and_existing_groups_first(void **unused)
{
    /* One place, three students: the high priority one gets it. */
    struct pairing_instance *in = base();
    in->tutors[0].free_minutes = 0;
    in->students[0].priority = 3;
    group(in, MATH, 2, PAIRING_REMOTE, 0, 2, 1, P3, TUE, HM(15, 0));
    sfree(student(in, MATH, P3, 1, PAIRING_FORMAT_EITHER, PAIRING_REMOTE, 1), TUE, HM(15, 0),
          HM(17, 0));
    sfree(student(in, MATH, P3, 2, PAIRING_FORMAT_EITHER, PAIRING_REMOTE, 1), TUE, HM(15, 0),
          HM(17, 0));
    struct pairing_result *r = solve(in);
    assert_int_equal(r->score.placed, 1);
    assert_int_equal(where(r, 2), in->groups[0].group_id);
    assert_int_equal(r->score.weight, 3);
    pairing_result_free(r);
    /* With a tutor free too, the existing group is filled and one new
     * group takes the other two. */
    in->tutors[0].free_minutes = 600;
    in->groups[0].size_limit = 3;
    r = solve(in);
    assert_int_equal(r->score.placed, 3);
    assert_int_equal(r->score.joined, 2);
    assert_int_equal(r->score.new_groups, 1);
    pairing_result_free(r);
    /* Level: of two P3/P4 students and one place in a P4 group, the P4
     * student takes it. */
    in->tutors[0].free_minutes = 0;
    in->groups[0].ref_level = P4;
    in->groups[0].size_limit = 2;
    for (int s = 0; s < 3; s++)
        in->students[s].priority = 2;
    in->students[2].level = P4;
    r = solve(in);
    assert_int_equal(where(r, 3), in->groups[0].group_id);
    assert_int_equal(r->score.level_distance, 0);
    pairing_result_free(r);
    pairing_instance_free(in);
}

static void check_refuses_broken_proposals(void **unused)
{
    struct pairing_instance *in = base();
    struct pairing_result *r = solve(in);
    struct tt_error err;
    tt_error_clear(&err);
    r->proposals[0].slots[0].weekday = WED;
    assert_int_equal(pairing_check(in, r, NULL, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "not free"));
    r->proposals[0].slots[0].weekday = TUE;
    in->tutors[0].skills[MATH] = 1u << P4;
    assert_int_equal(pairing_check(in, r, NULL, &err), TT_ERR_RULE);
    int none = 0;
    assert_int_equal(pairing_check(in, r, &none, &err), TT_OK);
    assert_int_equal(pairing_objective(in, r, &none, NULL), 0);
    pairing_result_free(r);
    pairing_instance_free(in);
}

/* ---- the exact optimum, by GLPK -------------------------------------------------- */

static uint64_t rng;

static int rnd(int n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((rng >> 33) % (uint64_t)n);
}

static const int gen_subjects[2] = { MATH, FR_READING };
static const int gen_bands[2] = { 2, 5 };            /* P3-P4, S3-S5 */

static int gen_level(int band)
{
    return band == 2 ? P3 + rnd(2) : 10 + rnd(3);
}

/* Small and tight on purpose: few tutors with little time, narrow
 * availabilities on three weekdays, groups of 3 to 5. */
static struct pairing_instance *generate(uint64_t seed)
{
    rng = seed * 2654435761u + 12345;
    for (int k = 0; k < 4; k++)
        rnd(2);
    struct pairing_instance *in = pairing_instance_new(3 + rnd(3));
    int nsub = 1 + rnd(2), nband = 1 + rnd(2);
    int n = 8 + rnd(8);
    for (int i = 0; i < n; i++) {
        int band = gen_bands[rnd(nband)];
        int f = rnd(20), m = rnd(10);
        struct pairing_student *s = student(in, gen_subjects[rnd(nsub)], gen_level(band), 1 + rnd(3),
            f < 3 ? PAIRING_FORMAT_INDIVIDUAL : f < 8 ? PAIRING_FORMAT_GROUP : PAIRING_FORMAT_EITHER,
            m < 5 ? PAIRING_REMOTE : m < 7 ? PAIRING_SCHOOL : PAIRING_ANY, 1 + rnd(2));
        for (int d = 0, nd = 1 + rnd(2); d < nd; d++) {
            int a = HM(15, 0) + 15 * rnd(5);
            sfree(s, MON + rnd(3), a, a + 60 + 15 * rnd(7));
        }
    }
    for (int t = 0, nt = 2 + rnd(2); t < nt; t++) {
        int m = rnd(10);
        struct pairing_tutor *tu = tutor(in, m < 5 ? PAIRING_REMOTE : m < 7 ? PAIRING_SCHOOL
                                                                            : PAIRING_ANY,
                                         1 + rnd(2), 60 * (1 + rnd(3)) + 15 * rnd(2));
        for (int k = 0; k < nsub; k++)
            for (int b = 0; b < nband; b++)
                for (int l = 0; l < 13; l++)
                    if (pairing_band_of_level(l) == gen_bands[b] && rnd(10) < 7)
                        tu->skills[gen_subjects[k]] |= (uint16_t)(1u << l);
        for (int d = 0, nd = 1 + rnd(2); d < nd; d++) {
            int a = HM(14, 30) + 15 * rnd(6);
            tfree(tu, MON + rnd(3), a, a + 90 + 15 * rnd(8));
        }
    }
    for (int g = 0, ng = rnd(3); g < ng; g++) {
        int band = gen_bands[rnd(nband)], limit = 2 + rnd(4), members = rnd(limit);
        int school = rnd(3) == 0;
        group(in, gen_subjects[rnd(nsub)], band, school ? PAIRING_SCHOOL : PAIRING_REMOTE,
              school ? 1 + rnd(2) : 0, limit, members, gen_level(band), MON + rnd(3),
              HM(15, 0) + 15 * rnd(6));
    }
    return in;
}

static int inside(const struct pairing_interval *l, size_t n, int day, int start, int minutes)
{
    for (size_t i = 0; i < n; i++)
        if (l[i].weekday == day && l[i].start_min <= start && start + minutes <= l[i].end_min)
            return 1;
    return 0;
}

static int mode_fits(const struct pairing_student *s, int mode, int64_t school)
{
    return mode == PAIRING_REMOTE ? (s->modality & PAIRING_REMOTE) != 0
                                  : (s->modality & PAIRING_SCHOOL) && s->school_id == school;
}

/* The model, written from the rules independently of the solver:
 *   max sum (M1 w_i - |level_i - ref|) x  -  M2 sum y
 * x: a student in an existing group, or in a candidate new group c (tutor,
 * subject, band, modality, one or many, weekday, start) with a reference
 * level l; y_c: group c opens; r: reference level chosen for a new or
 * empty group. */
static void write_lp(const struct pairing_instance *in, FILE *f)
{
    int64_t m1, m2;
    pairing_multipliers(in->n_students, &m1, &m2);
    int L = in->slot_minutes, grid = in->grid_minutes;
    char **rows_student = xcalloc(in->n_students + 1, sizeof(char *));
    size_t *row_len = xcalloc(in->n_students + 1, sizeof(size_t));
    /* Text is gathered per section, then written in LP order. */
    char *obj = NULL, *cons = NULL, *bin = NULL;
    size_t lobj = 0, lcons = 0, lbin = 0;
    FILE *fo = open_memstream(&obj, &lobj), *fc = open_memstream(&cons, &lcons),
         *fb = open_memstream(&bin, &lbin);
    FILE **fs = xcalloc(in->n_students + 1, sizeof(FILE *));
    for (size_t i = 0; i < in->n_students; i++)
        fs[i] = open_memstream(&rows_student[i], &row_len[i]);
    fprintf(fo, " obj: 0 dummy");
    fprintf(fb, " dummy\n");
    for (size_t g = 0; g < in->n_groups; g++) {
        const struct pairing_group *gr = &in->groups[g];
        int cap = gr->size_limit - gr->members;
        if (cap <= 0)
            continue;
        int fixed = gr->members > 0 ? gr->ref_level : -1;
        int any = 0;
        char *caprow = NULL;
        size_t lcap = 0;
        FILE *fk = open_memstream(&caprow, &lcap);
        for (size_t i = 0; i < in->n_students; i++) {
            const struct pairing_student *s = &in->students[i];
            int ok = s->subject == gr->subject && pairing_band_of_level(s->level) == gr->band &&
                     s->format != PAIRING_FORMAT_INDIVIDUAL && mode_fits(s, gr->modality, gr->school_id);
            for (int k = 0; ok && k < gr->n_slots; k++)
                ok = inside(s->free, s->n_free, gr->slots[k].weekday, gr->slots[k].start_min,
                            gr->slots[k].minutes);
            if (!ok)
                continue;
            int w = pairing_weight(s->priority);
            for (int l = 0; l < 13; l++) {
                if (fixed >= 0 ? l != fixed : pairing_band_of_level(l) != gr->band)
                    continue;
                int d = abs(s->level - l);
                fprintf(fo, " + %" PRId64 " xe_%zu_%zu_%d", m1 * w - d, i, g, l);
                fprintf(fk, " + xe_%zu_%zu_%d", i, g, l);
                fprintf(fs[i], " + xe_%zu_%zu_%d", i, g, l);
                fprintf(fb, " xe_%zu_%zu_%d\n", i, g, l);
                if (fixed < 0)
                    fprintf(fc, " lk_%zu_%zu_%d: xe_%zu_%zu_%d - re_%zu_%d <= 0\n", i, g, l, i, g,
                            l, g, l);
                any = 1;
            }
        }
        fclose(fk);
        fprintf(fc, " cap_g%zu: 0 dummy%s <= %d\n", g, caprow, cap);
        free(caprow);
        if (any && fixed < 0) {
            fprintf(fc, " ref_g%zu: 0 dummy", g);
            for (int l = 0; l < 13; l++)
                if (pairing_band_of_level(l) == gr->band) {
                    fprintf(fc, " + re_%zu_%d", g, l);
                    fprintf(fb, " re_%zu_%d\n", g, l);
                }
            fprintf(fc, " <= 1\n");
        }
    }
    /* Candidate new groups; the y of each tutor, per weekday and start,
     * for the minutes and overlap rows. */
    int nc = 0;
    for (size_t t = 0; t < in->n_tutors; t++) {
        const struct pairing_tutor *tu = &in->tutors[t];
        if (tu->free_minutes < L)
            continue;
        char *tmin = NULL;
        size_t ltmin = 0;
        FILE *ft = open_memstream(&tmin, &ltmin);
        /* ys[day][start / grid] lists the y covering that start. */
        char *cover[8][1440 / 5];
        size_t lcover[8][1440 / 5];
        FILE *fcov[8][1440 / 5];
        int ncov[8][1440 / 5];
        memset(ncov, 0, sizeof ncov);
        memset(fcov, 0, sizeof fcov);
        for (int subject = 0; subject < PAIRING_SUBJECTS; subject++)
            for (int band = 0; band < PAIRING_BANDS; band++)
                for (int mode = PAIRING_REMOTE; mode <= PAIRING_SCHOOL; mode++)
                    for (int indiv = 0; indiv < 2; indiv++)
                        for (int day = 1; day <= 7; day++)
                            for (int start = 0; start + L <= 1440; start += grid) {
                                if (mode == PAIRING_REMOTE ? !(tu->modality & PAIRING_REMOTE)
                                                           : !(tu->modality & PAIRING_SCHOOL) || !tu->school_id)
                                    continue;
                                if (!inside(tu->free, tu->n_free, day, start, L))
                                    continue;
                                int64_t school = mode == PAIRING_SCHOOL ? tu->school_id : 0;
                                int members = 0;
                                for (size_t i = 0; i < in->n_students; i++) {
                                    const struct pairing_student *s = &in->students[i];
                                    if (s->subject != subject || pairing_band_of_level(s->level) != band ||
                                        (s->format == PAIRING_FORMAT_INDIVIDUAL) != indiv ||
                                        !(tu->skills[subject] & (1u << s->level)) ||
                                        !mode_fits(s, mode, school) ||
                                        !inside(s->free, s->n_free, day, start, L))
                                        continue;
                                    int w = pairing_weight(s->priority);
                                    for (int l = 0; l < 13; l++) {
                                        if (pairing_band_of_level(l) != band)
                                            continue;
                                        fprintf(fo, " + %" PRId64 " xn_%d_%zu_%d", m1 * w - abs(s->level - l), nc, i, l);
                                        fprintf(fs[i], " + xn_%d_%zu_%d", nc, i, l);
                                        fprintf(fb, " xn_%d_%zu_%d\n", nc, i, l);
                                        fprintf(fc, " lkn_%d_%zu_%d: xn_%d_%zu_%d - rn_%d_%d <= 0\n",
                                                nc, i, l, nc, i, l, nc, l);
                                    }
                                    members++;
                                }
                                if (members == 0)
                                    continue;
                                int cap = indiv ? 1 : in->group_size_limit;
                                fprintf(fo, " - %" PRId64 " y_%d", m2, nc);
                                fprintf(fb, " y_%d\n", nc);
                                /* Size: at most cap members, and none unless open. */
                                fprintf(fc, " size_%d: 0 dummy - %d y_%d", nc, cap, nc);
                                char *size_terms = NULL;
                                size_t lsize = 0;
                                FILE *fz = open_memstream(&size_terms, &lsize);
                                for (size_t i = 0; i < in->n_students; i++) {
                                    const struct pairing_student *s = &in->students[i];
                                    if (s->subject != subject || pairing_band_of_level(s->level) != band ||
                                        (s->format == PAIRING_FORMAT_INDIVIDUAL) != indiv ||
                                        !(tu->skills[subject] & (1u << s->level)) ||
                                        !mode_fits(s, mode, school) ||
                                        !inside(s->free, s->n_free, day, start, L))
                                        continue;
                                    for (int l = 0; l < 13; l++)
                                        if (pairing_band_of_level(l) == band)
                                            fprintf(fz, " + xn_%d_%zu_%d", nc, i, l);
                                }
                                fclose(fz);
                                fprintf(fc, "%s <= 0\n", size_terms);
                                free(size_terms);
                                /* Reference level: one, and only in an open group. */
                                fprintf(fc, " ref_%d: 0 dummy", nc);
                                for (int l = 0; l < 13; l++)
                                    if (pairing_band_of_level(l) == band) {
                                        fprintf(fc, " + rn_%d_%d", nc, l);
                                        fprintf(fb, " rn_%d_%d\n", nc, l);
                                    }
                                fprintf(fc, " - y_%d <= 0\n", nc);
                                fprintf(ft, " + %d y_%d", L, nc);
                                for (int q = start; q < start + L; q += grid) {
                                    int k = q / grid;
                                    if (fcov[day][k] == NULL)
                                        fcov[day][k] = open_memstream(&cover[day][k], &lcover[day][k]);
                                    fprintf(fcov[day][k], " + y_%d", nc);
                                    ncov[day][k]++;
                                }
                                nc++;
                            }
        fclose(ft);
        if (ltmin > 0)
            fprintf(fc, " minutes_t%zu:%s <= %d\n", t, tmin, tu->free_minutes);
        free(tmin);
        for (int day = 1; day <= 7; day++)
            for (int k = 0; k < 1440 / grid; k++)
                if (fcov[day][k]) {
                    fclose(fcov[day][k]);
                    if (ncov[day][k] > 1)
                        fprintf(fc, " overlap_t%zu_%d_%d:%s <= 1\n", t, day, k, cover[day][k]);
                    free(cover[day][k]);
                }
    }
    for (size_t i = 0; i < in->n_students; i++) {
        fclose(fs[i]);
        if (row_len[i] > 0)
            fprintf(fc, " one_s%zu:%s <= 1\n", i, rows_student[i]);
        free(rows_student[i]);
    }
    fclose(fo);
    fclose(fc);
    fclose(fb);
    fprintf(f, "Maximize\n%s\nSubject To\n%s dummy_zero: dummy = 0\nBinary\n%sEnd\n", obj, cons, bin);
    free(obj);
    free(cons);
    free(bin);
    free(fs);
    free(rows_student);
    free(row_len);
}

/* Runs glpsol on the model; returns the optimum, or NAN. */
static double glpk_optimum(const struct pairing_instance *in, int k)
{
    char lp[700], out[700], cmd[2400];
    snprintf(lp, sizeof lp, "%s/pair%d.lp", dir, k);
    snprintf(out, sizeof out, "%s/pair%d.out", dir, k);
    FILE *f = fopen(lp, "w");
    assert_non_null(f);
    write_lp(in, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "glpsol --lp '%s' --tmlim 300 -w '%s' >'%s.log' 2>&1", lp, out, out);
    int st = system(cmd);
    if (st != 0)
        return NAN;
    /* The first line: "s mip ROWS COLS STATUS OBJECTIVE", status o for
     * an integer optimum. */
    f = fopen(out, "r");
    if (f == NULL)
        return NAN;
    char line[256];
    double value = NAN;
    while (fgets(line, sizeof line, f)) {
        char status;
        int rows, cols;
        if (sscanf(line, "s mip %d %d %c %lf", &rows, &cols, &status, &value) == 4) {
            if (status != 'o')
                value = NAN;
            break;
        }
    }
    fclose(f);
    return value;
}

static int have_glpsol(void)
{
    return system("glpsol --version >/dev/null 2>&1") == 0;
}

#define N_INSTANCES 50

static void optimality_against_glpk(void **unused)
{
    if (!have_glpsol()) {
        printf("# SKIP glpsol (package glpk-utils) is not installed: no exact optimum to compare with\n");
        skip();
    }
    double min_ratio = 2, sum_ratio = 0;
    int exact = 0;
    for (int k = 0; k < N_INSTANCES; k++) {
        struct pairing_instance *in = generate((uint64_t)k + 1);
        struct pairing_result *r = solve(in);
        double opt = glpk_optimum(in, k);
        if (isnan(opt))
            fail_msg("instance %d: glpsol found no optimum", k);
        double ours = (double)r->score.objective;
        if (ours > opt + 0.5)
            fail_msg("instance %d: ours %.0f above the optimum %.0f: the objective is miscounted",
                     k, ours, opt);
        double ratio = opt > 0 ? ours / opt : 1.0;
        if (ratio < 0.99)
            fail_msg("instance %d: %.0f is %.4f of the optimum %.0f (placed %zu of %zu, weight %lld, "
                     "%zu new groups, distance %lld)", k, ours, ratio, opt, r->score.placed,
                     r->score.awaiting, (long long)r->score.weight, r->score.new_groups,
                     (long long)r->score.level_distance);
        exact += ours > opt - 0.5;
        if (ratio < min_ratio)
            min_ratio = ratio;
        sum_ratio += ratio;
        pairing_result_free(r);
        pairing_instance_free(in);
    }
    printf("# optimality over %d instances: min %.6f, mean %.6f, %d exactly optimal\n", N_INSTANCES,
           min_ratio, sum_ratio / N_INSTANCES, exact);
}

/* ---- the database ------------------------------------------------------------------ */

/* Zoé (1) is in the mathematics group of Léa (1) on Tuesday 15:00 and
 * awaits pairing for French reading too; Théo (2) fits that group; Anaïs
 * (3) is free on Tuesday from 16:00 only; Noé (4) asks for individual
 * tutoring; Chloé (5) is in S1, which nobody teaches; Jade (6) still awaits
 * consent.  Éric (2) tutors at school A, 120 minutes a week; Luc (3) is not
 * hired. */
static const char seed[] =
    "INSERT INTO school (id, code, name) VALUES (1, 'A', 'École A'), (2, 'B', 'École B');"
    "INSERT INTO tutor (id, last_name, first_name, category, source, status, status_date,"
    "  hire_date, check_status, check_completed_on, check_result, modality, school_id,"
    "  max_weekly_minutes) VALUES"
    "  (1, 'Gagné', 'Léa', 'university', 'platform', 'hired', '2021-02-01', '2021-02-01',"
    "   'completed', '2021-02-02', 'clear', 'remote', NULL, NULL),"
    "  (2, 'Roy', 'Éric', 'staff_regular', 'staff', 'hired', '2021-02-01', '2021-02-01',"
    "   'completed', '2021-02-02', 'clear', 'school', 1, 120),"
    "  (3, 'Paré', 'Luc', 'college', 'platform', 'processing', '2021-02-01', NULL,"
    "   'none', NULL, NULL, 'remote', NULL, NULL);"
    "INSERT INTO tutor_skill (tutor_id, subject, level) VALUES (1, 'math', 'P3'), (1, 'math', 'P4'),"
    "  (2, 'fr_reading', 'P3'), (2, 'fr_reading', 'P4'), (3, 'math', 'S1');"
    "INSERT INTO tutor_availability (tutor_id, weekday, start_min, end_min) VALUES"
    "  (1, 2, 900, 1080), (2, 3, 900, 1080), (3, 2, 900, 1080);"
    "INSERT INTO tutoring_group (id, name, tutor_id, subject, level_band, modality, start_date,"
    "  size_limit) VALUES (1, 'Maths P3-P4 mardi', 1, 'math', 'P3-P4', 'remote', '2021-03-01', 3);"
    "INSERT INTO group_slot (group_id, weekday, start_min, minutes) VALUES (1, 2, 900, 60);"
    "INSERT INTO student (id, school_id, local_number, last_name, first_name, level) VALUES"
    "  (1, 1, '1001', 'Côté', 'Zoé', 'P3'), (2, 1, '1002', 'Roy', 'Théo', 'P4'),"
    "  (3, 2, '1003', 'Bélanger', 'Anaïs', 'P3'), (4, 1, '1004', 'Lévesque', 'Noé', 'P3'),"
    "  (5, 1, '1005', 'Ménard', 'Chloé', 'S1'), (6, 1, '1006', 'Hébert', 'Jade', 'P3'),"
    "  (7, 1, '1007', 'Dubé', 'Loïc', 'P4'), (8, 1, '1008', 'Paré', 'Maëlle', 'P4');"
    "INSERT INTO membership (group_id, student_id, joined_on, created_by) VALUES"
    "  (1, 1, '2021-03-01', 'x');"
    "INSERT INTO referral (id, student_id, school_id, referral_date, referrer_name, referrer_role,"
    "  status_date, created_by, priority, format, modality) VALUES"
    "  (1, 1, 1, '2021-02-20', 'Mme Roy', 'teacher', '2021-02-20', 'x', 1, 'either', 'either'),"
    "  (2, 2, 1, '2021-02-20', 'Mme Roy', 'teacher', '2021-02-20', 'x', 2, 'group', 'remote'),"
    "  (3, 3, 2, '2021-02-20', 'M. Roy', 'teacher', '2021-02-20', 'x', 2, 'either', 'remote'),"
    "  (4, 4, 1, '2021-02-20', 'Mme Roy', 'teacher', '2021-02-20', 'x', 3, 'individual', 'remote'),"
    "  (5, 5, 1, '2021-02-20', 'Mme Roy', 'teacher', '2021-02-20', 'x', 1, 'either', 'remote'),"
    "  (6, 6, 1, '2021-02-20', 'Mme Roy', 'teacher', '2021-02-20', 'x', 1, 'either', 'remote');"
    "INSERT INTO referral_subject (referral_id, subject) VALUES (1, 'math'), (1, 'fr_reading'),"
    "  (2, 'math'), (3, 'math'), (4, 'math'), (5, 'math'), (6, 'math');"
    "INSERT INTO referral_availability (referral_id, weekday, start_min, end_min) VALUES"
    "  (1, 2, 900, 1020), (1, 3, 900, 1020), (2, 2, 900, 1020), (3, 2, 960, 1050),"
    "  (4, 2, 960, 1080), (5, 2, 900, 1080), (6, 2, 900, 1080);"
    "UPDATE referral SET status = 'awaiting_consent';"
    "UPDATE referral SET status = 'awaiting_pairing' WHERE id <> 6;";

static struct tt_db *db;

static int db_setup(void **unused)
{
    db = test_db_new(dir, seed);
    return 0;
}

static int db_teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static int64_t count(const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Changes made with test_exec reach the audit log at the connection's
 * next statement: let that happen before counting changes. */
static void settle_audit(void)
{
    int64_t one;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_scalar_int(db, "SELECT 1", &one, &err), TT_OK);
}

static struct pairing_student *find_student(struct pairing_instance *in, int64_t id)
{
    for (size_t k = 0; k < in->n_students; k++)
        if (in->students[k].student_id == id)
            return &in->students[k];
    return NULL;
}

static void load_reads_what_awaits(void **unused)
{
    struct pairing_instance *in;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(pairing_load(db, settings, date_today(), &in, &err), TT_OK);
    assert_int_equal(in->n_students, 5);
    assert_null(find_student(in, 6));
    /* Zoé keeps her mathematics group: she is placed for French reading,
     * and her Tuesday 15:00 hour is no longer free. */
    struct pairing_student *zoe = find_student(in, 1);
    assert_non_null(zoe);
    assert_int_equal(zoe->subject, FR_READING);
    assert_int_equal(zoe->priority, 1);
    assert_int_equal(zoe->modality, PAIRING_ANY);
    assert_int_equal(zoe->n_free, 2);
    assert_int_equal(zoe->free[0].weekday, TUE);
    assert_int_equal(zoe->free[0].start_min, HM(16, 0));
    assert_string_equal(zoe->name, "Côté, Zoé");
    assert_int_equal(find_student(in, 4)->format, PAIRING_FORMAT_INDIVIDUAL);
    /* Two cleared tutors; Léa already leads an hour. */
    assert_int_equal(in->n_tutors, 2);
    assert_int_equal(in->tutors[0].free_minutes, PAIRING_TUTOR_MINUTES - 60);
    assert_int_equal(in->tutors[0].free[0].start_min, HM(16, 0));
    assert_int_equal(in->tutors[1].free_minutes, 120);
    assert_int_equal(in->tutors[1].modality, PAIRING_SCHOOL);
    assert_int_equal(in->n_groups, 1);
    assert_int_equal(in->groups[0].members, 1);
    assert_int_equal(in->groups[0].ref_level, P3);
    assert_int_equal(in->group_size_limit, 5);
    pairing_instance_free(in);
}

static struct pairing_result *dry_run(void)
{
    struct pairing_instance *in;
    struct pairing_result *r;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(pairing_load(db, settings, date_today(), &in, &err), TT_OK);
    assert_int_equal(pairing_solve(in, &r, &err), TT_OK);
    assert_int_equal(pairing_check(in, r, NULL, &err), TT_OK);
    pairing_instance_free(in);
    return r;
}

static void dry_run_writes_nothing(void **unused)
{
    settle_audit();
    int before = sqlite3_total_changes(db_handle(db));
    struct pairing_result *r = dry_run();
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    pairing_print(f, r);
    fclose(f);
    assert_int_equal(sqlite3_total_changes(db_handle(db)), before);
    assert_int_equal(count("SELECT count(*) FROM tutoring_group"), 1);
    assert_int_equal(count("SELECT count(*) FROM membership"), 1);
    /* Théo joins the Tuesday group; Zoé, Anaïs and Noé get new groups;
     * Chloé has no tutor. */
    assert_int_equal(r->score.placed, 4);
    assert_int_equal(r->score.joined, 1);
    assert_int_equal(r->score.new_groups, 3);
    assert_int_equal(r->n_unplaced, 1);
    assert_int_equal(r->unplaced[0].student_id, 5);
    assert_non_null(strstr(text, "Roy, Théo (1002)"));
    assert_non_null(strstr(text, "Maths P3-P4 mardi"));
    assert_non_null(strstr(text, "Wednesday"));
    assert_non_null(strstr(text, "Ménard, Chloé"));
    assert_non_null(strstr(text, "Placed: 4 of 5 students"));
    free(text);
    pairing_result_free(r);
}

static void apply_writes_groups_and_memberships(void **unused)
{
    struct pairing_result *r = dry_run();
    struct tt_error err;
    tt_error_clear(&err);
    char login[80];
    tt_strlcpy(login, db_login(db), sizeof login);
    assert_int_equal(pairing_apply(db, settings, r, NULL, "coord", &err), TT_OK);
    assert_string_equal(db_login(db), login);
    assert_int_equal(count("SELECT count(*) FROM tutoring_group"), 4);
    assert_int_equal(count("SELECT count(*) FROM tutoring_group WHERE status = 'planned'"), 3);
    assert_int_equal(count("SELECT count(*) FROM group_slot"), 4);
    assert_int_equal(count("SELECT count(*) FROM membership"), 5);
    assert_int_equal(count("SELECT count(*) FROM membership WHERE created_by = 'coord'"), 4);
    assert_int_equal(count("SELECT count(*) FROM membership WHERE join_reason IS NULL"), 1);
    /* Nobody already placed was moved. */
    assert_int_equal(count("SELECT count(*) FROM membership WHERE left_on IS NOT NULL"), 0);
    /* Zoé stays in her group; she is now also in Éric's French group at
     * school A, Wednesday. */
    assert_int_equal(count("SELECT count(*) FROM membership WHERE student_id = 1 AND group_id = 1"
                           " AND left_on IS NULL"), 1);
    assert_int_equal(count("SELECT count(*) FROM membership m JOIN tutoring_group g"
                           " ON g.id = m.group_id JOIN group_slot s ON s.group_id = g.id"
                           " WHERE m.student_id = 1 AND g.subject = 'fr_reading' AND g.tutor_id = 2"
                           " AND g.modality = 'school' AND g.school_id = 1 AND s.weekday = 3"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM membership WHERE student_id = 2 AND group_id = 1"),
                     1);
    assert_int_equal(count("SELECT size_limit FROM tutoring_group g JOIN membership m"
                           " ON m.group_id = g.id WHERE m.student_id = 4"), 1);
    pairing_result_free(r);
    /* Nothing left to do but Chloé. */
    r = dry_run();
    assert_int_equal(r->score.placed, 0);
    assert_int_equal(r->covered, 4);     /* referrals await pairing until the first session */
    pairing_result_free(r);
}

static void apply_selected_only(void **unused)
{
    struct pairing_result *r = dry_run();
    int *selected = xcalloc(r->n_proposals, sizeof(int));
    for (size_t k = 0; k < r->n_proposals; k++)
        selected[k] = r->proposals[k].kind == PAIRING_JOIN;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(pairing_apply(db, settings, r, selected, NULL, &err), TT_OK);
    assert_int_equal(count("SELECT count(*) FROM tutoring_group"), 1);
    assert_int_equal(count("SELECT count(*) FROM membership"), 2);
    free(selected);
    pairing_result_free(r);
}

static void refusal_writes_nothing(void **unused)
{
    struct pairing_result *r = dry_run();
    /* Meanwhile, two students fill the Tuesday group. */
    test_exec(db, "INSERT INTO membership (group_id, student_id, joined_on, created_by) VALUES"
                  "  (1, 7, '2021-04-01', 'x'), (1, 8, '2021-04-01', 'x');");
    settle_audit();
    int before = sqlite3_total_changes(db_handle(db));
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(pairing_apply(db, settings, r, NULL, NULL, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "Maths P3-P4 mardi"));
    assert_int_equal(count("SELECT count(*) FROM tutoring_group"), 1);
    assert_int_equal(count("SELECT count(*) FROM membership"), 3);
    assert_int_equal(sqlite3_total_changes(db_handle(db)), before);
    pairing_result_free(r);

    /* A refusal from the data layer itself, after groups were written:
     * everything goes. */
    test_exec(db, "UPDATE membership SET left_on = '2021-04-02', leave_reason = 'moved'"
                  " WHERE student_id IN (7, 8);"
                  "CREATE TEMP TRIGGER no_noe BEFORE INSERT ON membership WHEN NEW.student_id = 4"
                  " BEGIN SELECT RAISE(ABORT, 'tutorat:group_full'); END;");
    r = dry_run();
    tt_error_clear(&err);
    assert_int_not_equal(pairing_apply(db, settings, r, NULL, NULL, &err), TT_OK);
    assert_non_null(strstr(err.msg, "full"));
    assert_int_equal(count("SELECT count(*) FROM tutoring_group"), 1);
    assert_int_equal(count("SELECT count(*) FROM group_slot"), 1);
    assert_int_equal(count("SELECT count(*) FROM membership"), 3);
    pairing_result_free(r);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    settings = settings_new();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(control_places_the_student),
        cmocka_unit_test(rule_subject),
        cmocka_unit_test(rule_level_band),
        cmocka_unit_test(rule_modality_and_school),
        cmocka_unit_test(rule_availability),
        cmocka_unit_test(rule_size_limit),
        cmocka_unit_test(rule_tutor_minutes),
        cmocka_unit_test(rule_individual),
        cmocka_unit_test(priority_and_existing_groups_first),
        cmocka_unit_test(check_refuses_broken_proposals),
        cmocka_unit_test(optimality_against_glpk),
        cmocka_unit_test_setup_teardown(load_reads_what_awaits, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(dry_run_writes_nothing, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(apply_writes_groups_and_memberships, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(apply_selected_only, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(refusal_writes_nothing, db_setup, db_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
