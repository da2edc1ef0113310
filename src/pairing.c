/* Assisted pairing (see pairing.h for the objective).
 *
 * The solver works on an instance held in memory, in three passes:
 *
 * 1. Construction.  Students are taken by priority weight, then the ones
 *    with the fewest possibilities first.
 *    a. Existing groups first, by augmenting chains: a student takes a free
 *       place in a compatible group, or the place of a student who moves on
 *       to another compatible group, and so on until a free place ends the
 *       chain.  With the groups fixed, placing students by decreasing weight
 *       along such chains gives the heaviest set that fits (the students
 *       that can be placed together form a transversal matroid).
 *    b. New groups, best first: every possible new group (tutor, modality,
 *       subject and band, one student or many, weekly start on the quarter
 *       hour) is valued by the weight of the heaviest waiting students it
 *       would take; the most valuable opens, with those students, and the
 *       others are valued again lazily (values only fall).  Ties go to the
 *       tutor fewer waiting students could use elsewhere, then to the hour
 *       most waiting students want (a demand count kept per subject, level,
 *       modality and quarter hour).
 *    c. The students still without a place try chains again, which may now
 *       end by opening a group for a student of the chain.
 * 2. Improvement (large neighbourhood search): each new group in turn is
 *    closed, or given another use (another hour, tutor, subject or band),
 *    each tutor's groups are planned again together by a small search, and
 *    then random sets of groups are closed and rebuilt with some noise in
 *    the choices.  Whatever a move leaves without a place is placed again
 *    (chains, then new groups best first); the move stays only when the
 *    objective rises, else a journal undoes it.
 * 3. Polish of the level distance: moves and exchanges between compatible
 *    groups, and a waiting student taking the place of one of the same
 *    weight further from the group's level.
 * Passes 2 and 3 have a fixed amount of work (counted in elementary steps,
 * not seconds), so the run time stays bounded and the same instance always
 * gives the same proposals.
 *
 * The loader reads the database with prepared statements only; the apply
 * step writes through the groups layer (src/groups.h) in one transaction. */
#include "config.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "groups.h"
#include "i18n.h"
#include "labels.h"
#include "pairing.h"
#include "text.h"
#include "util.h"

/* ---- codes ----------------------------------------------------------------- */

/* In the order of their codes, which is the order subjects are taken in. */
static const char *const subject_codes[PAIRING_SUBJECTS] = {
    "english", "fr_reading", "fr_writing", "math", "other", "science", "social", "study_skills"
};
static const char *const level_codes[PAIRING_LEVELS] = {
    "PRE4", "PRE5", "P1", "P2", "P3", "P4", "P5", "P6", "S1", "S2", "S3", "S4", "S5"
};
static const char *const band_codes[PAIRING_BANDS] = {
    "PRE", "P1-P2", "P3-P4", "P5-P6", "S1-S2", "S3-S5"
};
static const int level_band[PAIRING_LEVELS] = { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5 };

static int code_index(const char *const *codes, int n, const char *code)
{
    if (code == NULL)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return i;
    return -1;
}

int pairing_subject_index(const char *code) { return code_index(subject_codes, PAIRING_SUBJECTS, code); }
int pairing_level_index(const char *code) { return code_index(level_codes, PAIRING_LEVELS, code); }
int pairing_band_index(const char *code) { return code_index(band_codes, PAIRING_BANDS, code); }

const char *pairing_subject_code(int subject)
{
    return subject >= 0 && subject < PAIRING_SUBJECTS ? subject_codes[subject] : "";
}

const char *pairing_level_code(int level)
{
    return level >= 0 && level < PAIRING_LEVELS ? level_codes[level] : "";
}

const char *pairing_band_code(int band)
{
    return band >= 0 && band < PAIRING_BANDS ? band_codes[band] : "";
}

int pairing_band_of_level(int level)
{
    return level >= 0 && level < PAIRING_LEVELS ? level_band[level] : -1;
}

int pairing_weight(int priority)
{
    return priority == 1 ? 3 : priority == 2 ? 2 : 1;
}

void pairing_multipliers(size_t n_students, int64_t *m1, int64_t *m2)
{
    /* D <= 2 per student (a band spans at most three levels) and G <= N. */
    int64_t n = (int64_t)n_students;
    *m2 = 2 * n + 1;
    *m1 = (n + 1) * *m2;
}

/* ---- building instances ------------------------------------------------------ */

struct pairing_instance *pairing_instance_new(int group_size_limit)
{
    struct pairing_instance *in = xcalloc(1, sizeof *in);
    in->slot_minutes = PAIRING_SLOT_MINUTES;
    in->grid_minutes = PAIRING_GRID_MINUTES;
    in->group_size_limit = group_size_limit < 1 ? 1
                         : group_size_limit > PAIRING_MAX_SIZE ? PAIRING_MAX_SIZE : group_size_limit;
    in->today = TT_DAY_NONE;
    return in;
}

void pairing_instance_free(struct pairing_instance *in)
{
    if (in == NULL)
        return;
    for (size_t i = 0; i < in->n_students; i++)
        free(in->students[i].free);
    for (size_t i = 0; i < in->n_tutors; i++)
        free(in->tutors[i].free);
    free(in->students);
    free(in->tutors);
    free(in->groups);
    free(in);
}

/* Grows an array by one zeroed element. */
static void *grow(void *array, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        array = xreallocarray(array, *cap, size);
    }
    memset((char *)array + *n * size, 0, size);
    (*n)++;
    return array;
}

struct pairing_student *pairing_add_student(struct pairing_instance *in)
{
    in->students = grow(in->students, &in->n_students, &in->cap_students, sizeof *in->students);
    struct pairing_student *s = &in->students[in->n_students - 1];
    s->priority = 2;
    s->format = PAIRING_FORMAT_EITHER;
    s->modality = PAIRING_REMOTE;
    return s;
}

struct pairing_tutor *pairing_add_tutor(struct pairing_instance *in)
{
    in->tutors = grow(in->tutors, &in->n_tutors, &in->cap_tutors, sizeof *in->tutors);
    struct pairing_tutor *t = &in->tutors[in->n_tutors - 1];
    t->modality = PAIRING_REMOTE;
    t->free_minutes = PAIRING_TUTOR_MINUTES;
    return t;
}

struct pairing_group *pairing_add_group(struct pairing_instance *in)
{
    in->groups = grow(in->groups, &in->n_groups, &in->cap_groups, sizeof *in->groups);
    struct pairing_group *g = &in->groups[in->n_groups - 1];
    g->modality = PAIRING_REMOTE;
    g->size_limit = in->group_size_limit;
    g->ref_level = -1;
    return g;
}

static int interval_cmp(const struct pairing_interval *a, const struct pairing_interval *b)
{
    if (a->weekday != b->weekday)
        return a->weekday - b->weekday;
    return a->start_min - b->start_min;
}

void pairing_add_free(struct pairing_interval **list, size_t *n, int weekday, int start_min,
                      int end_min)
{
    if (weekday < 1 || weekday > 7)
        return;
    if (start_min < 0)
        start_min = 0;
    if (end_min > 1440)
        end_min = 1440;
    if (end_min <= start_min)
        return;
    /* Lists are short (a few stretches a week): insertion, then one merge
     * pass, keeps them sorted and without overlaps. */
    struct pairing_interval *l = xreallocarray(*list, *n + 1, sizeof *l);
    struct pairing_interval add = { weekday, start_min, end_min };
    size_t at = *n;
    while (at > 0 && interval_cmp(&l[at - 1], &add) > 0) {
        l[at] = l[at - 1];
        at--;
    }
    l[at] = add;
    size_t m = 0;
    for (size_t i = 0; i <= *n; i++) {
        if (m > 0 && l[m - 1].weekday == l[i].weekday && l[i].start_min <= l[m - 1].end_min) {
            if (l[i].end_min > l[m - 1].end_min)
                l[m - 1].end_min = l[i].end_min;
        } else {
            l[m++] = l[i];
        }
    }
    *list = l;
    *n = m;
}

void pairing_remove_busy(struct pairing_interval **list, size_t *n, int weekday, int start_min,
                         int minutes)
{
    int a = start_min, b = start_min + minutes;
    if (b > 1440)
        b = 1440;
    if (*n == 0 || b <= a)
        return;
    /* Each stretch loses the busy part; one may split in two. */
    struct pairing_interval *l = xreallocarray(*list, *n * 2, sizeof *l);
    struct pairing_interval *out = xreallocarray(NULL, *n * 2, sizeof *out);
    size_t m = 0;
    for (size_t i = 0; i < *n; i++) {
        struct pairing_interval v = l[i];
        if (v.weekday != weekday || v.end_min <= a || v.start_min >= b) {
            out[m++] = v;
            continue;
        }
        if (v.start_min < a)
            out[m++] = (struct pairing_interval){ v.weekday, v.start_min, a };
        if (v.end_min > b)
            out[m++] = (struct pairing_interval){ v.weekday, b, v.end_min };
    }
    free(l);
    *list = out;
    *n = m;
}

/* 1 when [start, start + minutes) lies inside one stretch of the list. */
static int inside_free(const struct pairing_interval *l, size_t n, int weekday, int start,
                       int minutes)
{
    int end = start + minutes;
    if (end > 1440)
        end = 1440;
    for (size_t i = 0; i < n; i++)
        if (l[i].weekday == weekday && l[i].start_min <= start && end <= l[i].end_min)
            return 1;
    return 0;
}

/* The lower median of up to PAIRING_MAX_SIZE levels and the distance of
 * the levels to it (the smallest total distance any level gives). */
static int median_cost(const int *levels, int n, int fixed_ref, int64_t *cost)
{
    int v[PAIRING_MAX_SIZE] = { 0 };
    int64_t d = 0;
    if (n <= 0) {
        *cost = 0;
        return fixed_ref;
    }
    if (n > PAIRING_MAX_SIZE)
        n = PAIRING_MAX_SIZE;
    for (int i = 0; i < n; i++) {
        int x = levels[i], j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    int ref = fixed_ref >= 0 ? fixed_ref : v[(n - 1) / 2];
    for (int i = 0; i < n; i++)
        d += v[i] > ref ? v[i] - ref : ref - v[i];
    *cost = d;
    return ref;
}

/* The rules a student and a group must share, apart from time and places. */
static int modality_ok(const struct pairing_student *st, int modality, int64_t school_id)
{
    if (modality == PAIRING_REMOTE)
        return (st->modality & PAIRING_REMOTE) != 0;
    return (st->modality & PAIRING_SCHOOL) != 0 && school_id != 0 && st->school_id == school_id;
}

static int tutor_mode_ok(const struct pairing_tutor *t, int modality)
{
    if (modality == PAIRING_REMOTE)
        return (t->modality & PAIRING_REMOTE) != 0;
    return (t->modality & PAIRING_SCHOOL) != 0 && t->school_id != 0;
}

/* An existing group takes the student: same subject and band, modality,
 * not an individual referral, every weekly slot inside the student's free
 * time.  Places are counted elsewhere. */
static int existing_ok(const struct pairing_student *st, const struct pairing_group *g)
{
    if (st->subject != g->subject || pairing_band_of_level(st->level) != g->band)
        return 0;
    if (st->format == PAIRING_FORMAT_INDIVIDUAL)
        return 0;
    if (!modality_ok(st, g->modality, g->school_id))
        return 0;
    for (int k = 0; k < g->n_slots; k++)
        if (!inside_free(st->free, st->n_free, g->slots[k].weekday, g->slots[k].start_min,
                         g->slots[k].minutes))
            return 0;
    return 1;
}

/* ---- the solver ---------------------------------------------------------------- */

#define NONE (-1)

/* A group as the solver sees it: the existing ones first, then the new
 * ones it opens (closed ones are kept for reuse). */
struct sgroup {
    int existing;            /* index in the instance, or NONE for a new group */
    int alive;
    int subject, band, modality;
    int64_t school_id;
    int individual;          /* a new group of one, for an individual referral */
    int cap;                 /* places the solver may fill */
    int tutor;               /* new groups */
    int pos;                 /* new groups: (weekday - 1) * quarters a day + quarter */
    int fixed_ref;           /* existing groups with members: their median level */
    int n;
    int members[PAIRING_MAX_SIZE];
    int64_t cost;            /* level distance of the members placed */
    int bucket_at;           /* new groups: place in their bucket's list */
};

enum { OP_PLACE, OP_UNPLACE, OP_OPEN, OP_CLOSE };

struct jentry {
    int op;
    int s, g;
    struct sgroup saved;     /* OP_CLOSE: the group as it was */
};

struct solver {
    const struct pairing_instance *in;
    int n, ne, nt;
    int L, K, grid, nq, npos, W;
    int limit;
    int64_t m1, m2;
    /* students */
    uint64_t *sfit;          /* n * W: starts of a new slot inside the student's free time */
    int *weight, *assign, *options, *counted, *combo_r, *combo_s;
    int *ecomp_at, *ecomp;   /* existing groups that take each student */
    int *noopen;             /* resource version when the student could not open a group */
    int version;
    /* tutors */
    uint64_t *tbase, *tfree;
    int *tcap, *tg_at, *tg_n, *tg;
    int *tl_at, *tl;         /* tutors teaching subject * 13 + level */
    /* groups */
    struct sgroup *g;
    int ng, capg;
    int *freeg, nfree;
    int *bucket_n, *bucket_cap, **bucket;
    /* demand of the students waiting, per combination and start */
    int nschools;
    int64_t *schools;
    int *combo_of;
    int ncombos;
    int32_t *hist;
    int demand_frozen;       /* after construction the counts only break ties */
    /* objective */
    int64_t w, ngroups, d;
    /* journal for undoing a move that did not pay */
    struct jentry *j;
    size_t nj, capj;
    int journaling;
    /* search scratch */
    int *seen_s, *seen_g, *queue, *from;
    int epoch;
    int *pending;
    size_t npending;
    int *in_pending;
    long long work, budget;
    /* Randomised repairs: noise added to the value of new groups (in
     * eighths of a weight), from a fixed seed so runs repeat. */
    int noise;
    uint64_t rng;
    int chains_first;        /* repair order, see repair() */
};

static int solver_rand(struct solver *S, int n)
{
    S->rng ^= S->rng << 13;
    S->rng ^= S->rng >> 7;
    S->rng ^= S->rng << 17;
    return n > 0 ? (int)(S->rng % (uint64_t)n) : 0;
}

static int bit_get(const uint64_t *b, int p) { return (int)((b[p >> 6] >> (p & 63)) & 1); }
static void bit_set(uint64_t *b, int p) { b[p >> 6] |= (uint64_t)1 << (p & 63); }

static int64_t solver_objective(const struct solver *S)
{
    return S->m1 * S->w - S->m2 * S->ngroups - S->d;
}

static void journal(struct solver *S, int op, int s, int g)
{
    if (!S->journaling)
        return;
    if (S->nj == S->capj) {
        S->capj = S->capj ? S->capj * 2 : 256;
        S->j = xreallocarray(S->j, S->capj, sizeof *S->j);
    }
    struct jentry *e = &S->j[S->nj++];
    e->op = op;
    e->s = s;
    e->g = g;
    if (op == OP_CLOSE)
        e->saved = S->g[g];
}

static void group_recost(struct solver *S, struct sgroup *gr)
{
    int lv[PAIRING_MAX_SIZE];
    for (int i = 0; i < gr->n; i++)
        lv[i] = S->in->students[gr->members[i]].level;
    S->d -= gr->cost;
    median_cost(lv, gr->n, gr->fixed_ref, &gr->cost);
    S->d += gr->cost;
}

/* The waiting demand moves with each student placed or set free. */
static void demand_add(struct solver *S, int s, int sign)
{
    if (!S->counted[s] || S->demand_frozen)
        return;
    int c[2] = { S->combo_r[s], S->combo_s[s] };
    const uint64_t *f = S->sfit + (size_t)s * S->W;
    for (int k = 0; k < 2; k++) {
        if (c[k] == NONE)
            continue;
        int32_t *h = S->hist + (size_t)c[k] * S->npos;
        for (int w = 0; w < S->W; w++)
            for (uint64_t m = f[w]; m; m &= m - 1)
                h[w * 64 + __builtin_ctzll(m)] += sign * S->weight[s];
    }
}

static void place(struct solver *S, int s, int gi)
{
    struct sgroup *gr = &S->g[gi];
    gr->members[gr->n++] = s;
    S->assign[s] = gi;
    S->w += S->weight[s];
    demand_add(S, s, -1);
    group_recost(S, gr);
    journal(S, OP_PLACE, s, gi);
}

static void unplace(struct solver *S, int s)
{
    int gi = S->assign[s];
    struct sgroup *gr = &S->g[gi];
    for (int i = 0; i < gr->n; i++)
        if (gr->members[i] == s) {
            gr->members[i] = gr->members[--gr->n];
            break;
        }
    S->assign[s] = NONE;
    S->w -= S->weight[s];
    demand_add(S, s, +1);
    group_recost(S, gr);
    journal(S, OP_UNPLACE, s, gi);
}

/* A tutor's free starts: the base minus an hour around each new group. */
static void tutor_refresh(struct solver *S, int t)
{
    uint64_t *f = S->tfree + (size_t)t * S->W;
    memcpy(f, S->tbase + (size_t)t * S->W, S->W * sizeof *f);
    for (int k = 0; k < S->tg_n[t]; k++) {
        int pos = S->g[S->tg[S->tg_at[t] + k]].pos;
        int day = pos / S->nq, q = pos % S->nq;
        for (int x = q - S->K + 1; x < q + S->K; x++)
            if (x >= 0 && x < S->nq)
                f[(day * S->nq + x) >> 6] &= ~((uint64_t)1 << ((day * S->nq + x) & 63));
    }
}

static void bucket_add(struct solver *S, int gi)
{
    int b = S->g[gi].subject * PAIRING_BANDS + S->g[gi].band;
    if (S->bucket_n[b] == S->bucket_cap[b]) {
        S->bucket_cap[b] = S->bucket_cap[b] ? S->bucket_cap[b] * 2 : 8;
        S->bucket[b] = xreallocarray(S->bucket[b], S->bucket_cap[b], sizeof **S->bucket);
    }
    S->g[gi].bucket_at = S->bucket_n[b];
    S->bucket[b][S->bucket_n[b]++] = gi;
}

static void bucket_remove(struct solver *S, int gi)
{
    int b = S->g[gi].subject * PAIRING_BANDS + S->g[gi].band;
    int at = S->g[gi].bucket_at, last = S->bucket[b][--S->bucket_n[b]];
    S->bucket[b][at] = last;
    S->g[last].bucket_at = at;
}

/* Opens a new group into slot gi (popped from the free stack or added). */
static void group_open_at(struct solver *S, int gi, const struct sgroup *params)
{
    S->g[gi] = *params;
    S->g[gi].alive = 1;
    S->g[gi].n = 0;
    S->g[gi].cost = 0;
    bucket_add(S, gi);
    int t = params->tutor;
    S->tg[S->tg_at[t] + S->tg_n[t]++] = gi;
    S->tcap[t]--;
    tutor_refresh(S, t);
    S->ngroups++;
    journal(S, OP_OPEN, NONE, gi);
}

static int group_open(struct solver *S, int t, int modality, int subject, int band,
                      int individual, int pos)
{
    struct sgroup p;
    memset(&p, 0, sizeof p);
    p.existing = NONE;
    p.subject = subject;
    p.band = band;
    p.modality = modality;
    p.school_id = modality == PAIRING_SCHOOL ? S->in->tutors[t].school_id : 0;
    p.individual = individual;
    p.cap = individual ? 1 : S->limit;
    p.tutor = t;
    p.pos = pos;
    p.fixed_ref = NONE;
    int gi;
    if (S->nfree > 0) {
        gi = S->freeg[--S->nfree];
    } else {
        if (S->ng == S->capg) {
            S->capg *= 2;
            S->g = xreallocarray(S->g, S->capg, sizeof *S->g);
            S->seen_g = xreallocarray(S->seen_g, S->capg, sizeof *S->seen_g);
            S->from = xreallocarray(S->from, S->capg, sizeof *S->from);
            S->freeg = xreallocarray(S->freeg, S->capg, sizeof *S->freeg);
            for (int i = S->ng; i < S->capg; i++)
                S->seen_g[i] = 0;
        }
        gi = S->ng++;
    }
    group_open_at(S, gi, &p);
    return gi;
}

/* Closes an empty new group; its tutor's hour and minutes come back. */
static void group_close(struct solver *S, int gi)
{
    journal(S, OP_CLOSE, NONE, gi);
    struct sgroup *gr = &S->g[gi];
    bucket_remove(S, gi);
    int t = gr->tutor;
    for (int k = 0; k < S->tg_n[t]; k++)
        if (S->tg[S->tg_at[t] + k] == gi) {
            S->tg[S->tg_at[t] + k] = S->tg[S->tg_at[t] + --S->tg_n[t]];
            break;
        }
    S->tcap[t]++;
    tutor_refresh(S, t);
    gr->alive = 0;
    S->freeg[S->nfree++] = gi;
    S->ngroups--;
    S->version++;
}

/* Undoes the journal back to mark, newest first. */
static void undo_to(struct solver *S, size_t mark)
{
    int was = S->journaling;
    S->journaling = 0;
    while (S->nj > mark) {
        struct jentry *e = &S->j[--S->nj];
        switch (e->op) {
        case OP_PLACE:
            unplace(S, e->s);
            break;
        case OP_UNPLACE:
            place(S, e->s, e->g);
            break;
        case OP_OPEN:
            group_close(S, e->g);
            break;
        case OP_CLOSE:
            /* Later openings were undone first, so the group is back on
             * top of the free stack. */
            S->nfree--;
            group_open_at(S, e->g, &e->saved);
            break;
        }
    }
    S->journaling = was;
}

/* A new group takes the student (places apart). */
static int fits_new(const struct solver *S, int s, const struct sgroup *gr)
{
    const struct pairing_student *st = &S->in->students[s];
    if (!gr->alive || st->subject != gr->subject || pairing_band_of_level(st->level) != gr->band)
        return 0;
    if ((st->format == PAIRING_FORMAT_INDIVIDUAL) != gr->individual)
        return 0;
    if (!modality_ok(st, gr->modality, gr->school_id))
        return 0;
    if (!(S->in->tutors[gr->tutor].skills[st->subject] & (1u << st->level)))
        return 0;
    return bit_get(S->sfit + (size_t)s * S->W, gr->pos);
}

/* The demand combination of a subject, level and modality key. */
static int combo_index(const struct solver *S, int subject, int level, int key)
{
    return S->combo_of[(subject * PAIRING_LEVELS + level) * (S->nschools + 1) + key];
}

static int school_key(const struct solver *S, int64_t school_id)
{
    int lo = 0, hi = S->nschools;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (S->schools[mid] < school_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < S->nschools && S->schools[lo] == school_id ? lo + 1 : NONE;
}

struct candidate {
    int tutor, modality, pos;
    int64_t score[3];
};

static int candidate_better(const struct candidate *a, const struct candidate *b)
{
    if (b->tutor == NONE)
        return 1;
    for (int k = 0; k < 3; k++)
        if (a->score[k] != b->score[k])
            return a->score[k] > b->score[k];
    return 0;
}

/* The best new group student s could open now, or 0. */
static int best_opening(struct solver *S, int s, struct candidate *best)
{
    const struct pairing_student *st = &S->in->students[s];
    best->tutor = NONE;
    if (S->noopen[s] == S->version)
        return 0;
    int individual = st->format == PAIRING_FORMAT_INDIVIDUAL;
    int band = pairing_band_of_level(st->level);
    int key = st->subject * PAIRING_LEVELS + st->level;
    const uint64_t *sf = S->sfit + (size_t)s * S->W;
    int64_t capw = 3 * (int64_t)S->limit;
    for (int k = S->tl_at[key]; k < S->tl_at[key + 1]; k++) {
        int t = S->tl[k];
        const struct pairing_tutor *tu = &S->in->tutors[t];
        if (S->tcap[t] <= 0)
            continue;
        for (int mode = PAIRING_REMOTE; mode <= PAIRING_SCHOOL; mode++) {
            if (!tutor_mode_ok(tu, mode) ||
                !modality_ok(st, mode, mode == PAIRING_SCHOOL ? tu->school_id : 0))
                continue;
            /* The demand rows this tutor could serve in this modality. */
            const int32_t *rows[3];
            int nrows = 0;
            int mk = mode == PAIRING_REMOTE ? 0 : school_key(S, tu->school_id);
            for (int l = 0; l < PAIRING_LEVELS && mk != NONE; l++)
                if (level_band[l] == band && (tu->skills[st->subject] & (1u << l))) {
                    int c = combo_index(S, st->subject, l, mk);
                    if (c != NONE)
                        rows[nrows++] = S->hist + (size_t)c * S->npos;
                }
            const uint64_t *tf = S->tfree + (size_t)t * S->W;
            for (int w = 0; w < S->W; w++) {
                for (uint64_t m = tf[w] & sf[w]; m; m &= m - 1) {
                    int p = w * 64 + __builtin_ctzll(m);
                    int64_t dem = 0;
                    for (int r = 0; r < nrows; r++)
                        dem += rows[r][p];
                    struct candidate c = { t, mode, p, { 0, 0, 0 } };
                    S->work++;
                    if (individual) {
                        /* Leave the hours many students want to groups. */
                        c.score[0] = S->tcap[t];
                        c.score[1] = -dem;
                    } else {
                        c.score[0] = dem < capw ? dem : capw;
                        c.score[1] = dem;
                        c.score[2] = S->tcap[t];
                    }
                    if (candidate_better(&c, best))
                        *best = c;
                }
            }
        }
    }
    if (best->tutor == NONE) {
        S->noopen[s] = S->version;
        return 0;
    }
    return 1;
}

static void pending_push(struct solver *S, int s)
{
    if (S->in_pending[s])
        return;
    S->in_pending[s] = 1;
    S->pending[S->npending++] = s;
}

/* Moves the chain ending on group gi, which has a free place: each
 * student takes the place the next one leaves, back to the start. */
static void apply_chain(struct solver *S, int gi, int start)
{
    for (;;) {
        int u = S->from[gi];
        int h = S->assign[u];
        if (h != NONE)
            unplace(S, u);
        place(S, u, gi);
        if (u == start || h == NONE)
            return;
        gi = h;
    }
}

#define BFS_MAX_STUDENTS 4000

/* Places student s (see the top of the file).  Returns 1 when placed. */
static int insert(struct solver *S, int s, int allow_open, int allow_drop)
{
    if (S->assign[s] != NONE || !S->options[s])
        return S->assign[s] != NONE;
    const struct pairing_instance *in = S->in;
    int qn = 0;
    S->epoch++;
    S->queue[qn++] = s;
    S->seen_s[s] = S->epoch;
    for (int head = 0; head < qn; head++) {
        int u = S->queue[head];
        const struct pairing_student *st = &in->students[u];
        int b = st->subject * PAIRING_BANDS + pairing_band_of_level(st->level);
        int ne = S->ecomp_at[u + 1] - S->ecomp_at[u];
        int nb = S->bucket_n[b];
        for (int k = 0; k < ne + nb; k++) {
            int gi = k < ne ? S->ecomp[S->ecomp_at[u] + k] : S->bucket[b][k - ne];
            S->work++;
            if (S->seen_g[gi] == S->epoch || gi == S->assign[u])
                continue;
            if (k >= ne && !fits_new(S, u, &S->g[gi]))
                continue;
            S->seen_g[gi] = S->epoch;
            S->from[gi] = u;
            struct sgroup *gr = &S->g[gi];
            if (gr->n < gr->cap) {
                apply_chain(S, gi, s);
                return 1;
            }
            for (int i = 0; i < gr->n && qn < BFS_MAX_STUDENTS; i++) {
                int v = gr->members[i];
                if (S->seen_s[v] != S->epoch) {
                    S->seen_s[v] = S->epoch;
                    S->queue[qn++] = v;
                }
            }
        }
    }
    if (allow_open) {
        for (int k = 0; k < qn; k++) {
            int v = S->queue[k];
            struct candidate c;
            if (!best_opening(S, v, &c))
                continue;
            const struct pairing_student *st = &in->students[v];
            int h = S->assign[v];
            if (h != NONE)
                unplace(S, v);
            int gi = group_open(S, c.tutor, c.modality, st->subject,
                                pairing_band_of_level(st->level),
                                st->format == PAIRING_FORMAT_INDIVIDUAL, c.pos);
            place(S, v, gi);
            if (h != NONE)
                apply_chain(S, h, s);
            return 1;
        }
    }
    if (allow_drop) {
        /* Set aside the lightest student of the chains, if lighter. */
        int drop = NONE;
        for (int k = 1; k < qn; k++) {
            int v = S->queue[k];
            if (S->weight[v] < S->weight[s] &&
                (drop == NONE || S->weight[v] < S->weight[drop]))
                drop = v;
        }
        if (drop != NONE) {
            int h = S->assign[drop];
            unplace(S, drop);
            pending_push(S, drop);
            apply_chain(S, h, s);
            return 1;
        }
    }
    return 0;
}

/* Order of placement: heavier first, then fewer possibilities, then the
 * instance's order. */
static const struct solver *sort_solver;

static int cmp_students(const void *a, const void *b)
{
    const struct solver *S = sort_solver;
    int x = *(const int *)a, y = *(const int *)b;
    if (S->weight[x] != S->weight[y])
        return S->weight[y] - S->weight[x];
    if (S->options[x] != S->options[y])
        return S->options[x] < S->options[y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* 1 when group gi may take student s (places apart). */
static int compatible(const struct solver *S, int s, int gi)
{
    if (S->g[gi].existing == NONE)
        return fits_new(S, s, &S->g[gi]);
    for (int k = S->ecomp_at[s]; k < S->ecomp_at[s + 1]; k++)
        if (S->ecomp[k] == gi)
            return 1;
    return 0;
}

/* Whether tutor t could take student s in some new group (time apart). */
static int tutor_serves(const struct solver *S, int t, int s)
{
    const struct pairing_student *st = &S->in->students[s];
    const struct pairing_tutor *tu = &S->in->tutors[t];
    if (!(tu->skills[st->subject] & (1u << st->level)))
        return 0;
    for (int mode = PAIRING_REMOTE; mode <= PAIRING_SCHOOL; mode++)
        if (tutor_mode_ok(tu, mode) &&
            modality_ok(st, mode, mode == PAIRING_SCHOOL ? tu->school_id : 0))
            return 1;
    return 0;
}

/* ---- opening new groups, best first ------------------------------------------ */

/* A new group that could open: tutor, modality, subject and band (as a
 * bucket), one or many, start.  key = value << 24 | weight of all the
 * students that would fit (the tie-break: hours more of them want). */
struct gcand {
    int64_t key;
    int t, mode, bucket, indiv, pos;
};

static void heap_push(struct gcand **h, size_t *n, size_t *cap, const struct gcand *c)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *h = xreallocarray(*h, *cap, sizeof **h);
    }
    size_t i = (*n)++;
    while (i > 0 && (*h)[(i - 1) / 2].key < c->key) {
        (*h)[i] = (*h)[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    (*h)[i] = *c;
}

static struct gcand heap_pop(struct gcand *h, size_t *n)
{
    struct gcand top = h[0], last = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1].key > h[c].key)
            c++;
        if (h[c].key <= last.key)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n > 0)
        h[i] = last;
    return top;
}

/* Tutor t in modality mode takes student s (time apart). */
static inline int served(const struct solver *S, int t, int mode, int s)
{
    const struct pairing_student *st = &S->in->students[s];
    const struct pairing_tutor *tu = &S->in->tutors[t];
    return (tu->skills[st->subject] & (1u << st->level)) &&
           modality_ok(st, mode, mode == PAIRING_SCHOOL ? tu->school_id : 0);
}

/* key = value << 40 | (KEY_LOW - potential of the tutor) << 20 | weight of
 * all who fit: the most valuable group first; between equals, the tutor
 * fewer waiting students could use elsewhere, then the hour more of them
 * want. */
#define KEY_SHIFT 20
#define KEY_LOW (((int64_t)1 << KEY_SHIFT) - 1)

static int64_t make_key(struct solver *S, int64_t value, int64_t potential, int64_t sum)
{
    value = value * 8 + (S->noise ? solver_rand(S, S->noise + 1) : 0);
    if (potential > KEY_LOW)
        potential = KEY_LOW;
    if (sum > KEY_LOW)
        sum = KEY_LOW;
    return (value << (2 * KEY_SHIFT)) | ((KEY_LOW - potential) << KEY_SHIFT) | sum;
}

/* Weight of the waiting students that tutor t could take in a group of
 * bucket at start pos in modality mode (from the demand counts). */
static int64_t demand_at(const struct solver *S, int t, int mode, int bucket, int pos)
{
    const struct pairing_tutor *tu = &S->in->tutors[t];
    int subject = bucket / PAIRING_BANDS, band = bucket % PAIRING_BANDS;
    int mk = mode == PAIRING_REMOTE ? 0 : school_key(S, tu->school_id);
    int64_t sum = 0;
    for (int l = 0; l < PAIRING_LEVELS && mk != NONE; l++)
        if (level_band[l] == band && (tu->skills[subject] & (1u << l))) {
            int ci = combo_index(S, subject, l, mk);
            if (ci != NONE)
                sum += S->hist[(size_t)ci * S->npos + pos];
        }
    return sum;
}

/* The students a candidate would take now: the first that fit in the
 * list's order (heaviest, then fewest possibilities), up to its size. */
static int64_t gcand_eval(struct solver *S, const struct gcand *c, const int *list, int nlist,
                          int64_t potential, int *top, int *ntop)
{
    int cap = c->indiv ? 1 : S->limit;
    int64_t value = 0;
    *ntop = 0;
    for (int k = 0; k < nlist && *ntop < cap; k++) {
        int s = list[k];
        S->work++;
        if (S->assign[s] != NONE || !served(S, c->t, c->mode, s) ||
            !bit_get(S->sfit + (size_t)s * S->W, c->pos))
            continue;
        top[(*ntop)++] = s;
        value += S->weight[s];
    }
    int64_t sum = c->indiv ? value : demand_at(S, c->t, c->mode, c->bucket, c->pos);
    return make_key(S, value, potential, sum);
}

/* Opens new groups for the students of P, the most valuable group first
 * (lazily: a candidate's value only falls as students are placed and
 * tutors' hours taken, so a popped candidate whose value, computed again,
 * still tops the heap is the best).  With use_hist (P holds every student
 * waiting), first values come from the demand counts. */
static void open_greedy(struct solver *S, const int *P, int np, int use_hist)
{
    const struct pairing_instance *in = S->in;
    int nk = PAIRING_SUBJECTS * PAIRING_BANDS * 2;
    int *at = xcalloc(nk + 1, sizeof(int)), *list = xcalloc(np + 1, sizeof(int));
    int *sorted = xcalloc(np + 1, sizeof(int));
    memcpy(sorted, P, np * sizeof(int));
    sort_solver = S;
    qsort(sorted, np, sizeof(int), cmp_students);
    for (int k = 0; k < np; k++) {
        const struct pairing_student *st = &in->students[sorted[k]];
        at[(st->subject * PAIRING_BANDS + level_band[st->level]) * 2 +
           (st->format == PAIRING_FORMAT_INDIVIDUAL) + 1]++;
    }
    for (int k = 0; k < nk; k++)
        at[k + 1] += at[k];
    int *fill = xcalloc(nk, sizeof(int));
    for (int k = 0; k < np; k++) {
        const struct pairing_student *st = &in->students[sorted[k]];
        int key = (st->subject * PAIRING_BANDS + level_band[st->level]) * 2 +
                  (st->format == PAIRING_FORMAT_INDIVIDUAL);
        list[at[key] + fill[key]++] = sorted[k];
    }
    free(fill);
    free(sorted);
    /* The tutors worth a look: those teaching one of the students. */
    char *tmark = xcalloc(S->nt + 1, 1);
    for (int k = 0; k < np; k++) {
        const struct pairing_student *st = &in->students[P[k]];
        int key = st->subject * PAIRING_LEVELS + st->level;
        for (int i = S->tl_at[key]; i < S->tl_at[key + 1]; i++)
            tmark[S->tl[i]] = 1;
    }
    /* Each tutor's potential: the weight of the students of P it could
     * take at one of its free hours. */
    int64_t *potential = xcalloc(S->nt + 1, sizeof(int64_t));
    for (int t = 0; t < S->nt; t++) {
        if (!tmark[t] || S->tcap[t] <= 0)
            continue;
        const struct pairing_tutor *tu = &in->tutors[t];
        const uint64_t *tf = S->tfree + (size_t)t * S->W;
        for (int k = 0; k < nk; k++) {
            int subject = k / 2 / PAIRING_BANDS;
            if (at[k + 1] == at[k] || !tu->skills[subject])
                continue;
            for (int i = at[k]; i < at[k + 1]; i++) {
                int s = list[i];
                S->work++;
                if (!served(S, t, PAIRING_REMOTE, s) && !served(S, t, PAIRING_SCHOOL, s))
                    continue;
                const uint64_t *sf = S->sfit + (size_t)s * S->W;
                for (int w = 0; w < S->W; w++)
                    if (sf[w] & tf[w]) {
                        potential[t] += S->weight[s];
                        break;
                    }
            }
        }
    }
    struct gcand *heap = NULL;
    size_t nh = 0, caph = 0;
    int top[PAIRING_MAX_SIZE], ntop;
    uint64_t *mask = xcalloc(S->W, sizeof *mask);
    for (int t = 0; t < S->nt; t++) {
        if (!tmark[t] || S->tcap[t] <= 0)
            continue;
        const struct pairing_tutor *tu = &in->tutors[t];
        const uint64_t *tf = S->tfree + (size_t)t * S->W;
        for (int k = 0; k < nk; k++) {
            if (at[k + 1] == at[k])
                continue;
            int b = k / 2, indiv = k % 2, subject = b / PAIRING_BANDS, band = b % PAIRING_BANDS;
            unsigned levels = 0;
            for (int l = 0; l < PAIRING_LEVELS; l++)
                if (level_band[l] == band)
                    levels |= 1u << l;
            if (!(tu->skills[subject] & levels))
                continue;
            for (int mode = PAIRING_REMOTE; mode <= PAIRING_SCHOOL; mode++) {
                if (!tutor_mode_ok(tu, mode))
                    continue;
                struct gcand c = { 0, t, mode, b, indiv, 0 };
                if (use_hist && !indiv) {
                    /* Demand rows of the levels the tutor teaches. */
                    const int32_t *rows[3];
                    int nrows = 0;
                    int mk = mode == PAIRING_REMOTE ? 0 : school_key(S, tu->school_id);
                    for (int l = 0; l < PAIRING_LEVELS && mk != NONE; l++)
                        if (level_band[l] == band && (tu->skills[subject] & (1u << l))) {
                            int ci = combo_index(S, subject, l, mk);
                            if (ci != NONE)
                                rows[nrows++] = S->hist + (size_t)ci * S->npos;
                        }
                    if (nrows == 0)
                        continue;
                    int64_t capw = 3 * (int64_t)S->limit;
                    for (int w = 0; w < S->W; w++)
                        for (uint64_t m = tf[w]; m; m &= m - 1) {
                            int p = w * 64 + __builtin_ctzll(m);
                            int64_t sum = 0;
                            for (int r = 0; r < nrows; r++)
                                sum += rows[r][p];
                            S->work++;
                            if (sum <= 0)
                                continue;
                            c.pos = p;
                            c.key = make_key(S, sum < capw ? sum : capw, potential[t], sum);
                            heap_push(&heap, &nh, &caph, &c);
                        }
                    continue;
                }
                /* Starts where one of the students fits, then each valued. */
                memset(mask, 0, S->W * sizeof *mask);
                for (int i = at[k]; i < at[k + 1]; i++) {
                    int s = list[i];
                    S->work++;
                    if (S->assign[s] == NONE && served(S, t, mode, s)) {
                        const uint64_t *sf = S->sfit + (size_t)s * S->W;
                        for (int w = 0; w < S->W; w++)
                            mask[w] |= sf[w];
                    }
                }
                for (int w = 0; w < S->W; w++)
                    for (uint64_t m = mask[w] & tf[w]; m; m &= m - 1) {
                        c.pos = w * 64 + __builtin_ctzll(m);
                        c.key = gcand_eval(S, &c, list + at[k], at[k + 1] - at[k], potential[t],
                                           top, &ntop);
                        if (ntop > 0)
                            heap_push(&heap, &nh, &caph, &c);
                    }
            }
        }
    }
    /* Lists lose their placed students as they go (in order). */
    int *len = xcalloc(nk + 1, sizeof(int)), *dead = xcalloc(nk + 1, sizeof(int));
    for (int k = 0; k < nk; k++)
        len[k] = at[k + 1] - at[k];
    while (nh > 0) {
        struct gcand c = heap_pop(heap, &nh);
        if (S->tcap[c.t] <= 0 || !bit_get(S->tfree + (size_t)c.t * S->W, c.pos))
            continue;
        int k = c.bucket * 2 + c.indiv;
        if (dead[k] * 2 > len[k]) {
            int m = 0;
            for (int i = 0; i < len[k]; i++)
                if (S->assign[list[at[k] + i]] == NONE)
                    list[at[k] + m++] = list[at[k] + i];
            len[k] = m;
            dead[k] = 0;
        }
        int64_t key = gcand_eval(S, &c, list + at[k], len[k], potential[c.t], top, &ntop);
        if (ntop == 0)
            continue;
        if (nh > 0 && key < heap[0].key) {
            c.key = key;
            heap_push(&heap, &nh, &caph, &c);
            continue;
        }
        int gi = group_open(S, c.t, c.mode, c.bucket / PAIRING_BANDS, c.bucket % PAIRING_BANDS,
                            c.indiv, c.pos);
        for (int i = 0; i < ntop; i++)
            place(S, top[i], gi);
        dead[k] += ntop;
    }
    free(len);
    free(dead);
    free(heap);
    free(mask);
    free(potential);
    free(tmark);
    free(at);
    free(list);
}

/* Places the pending students: first in the groups already open (chains
 * may set aside lighter students, who become pending), then in new groups
 * chosen best first, then by chains that may open a group. */
static void repair(struct solver *S)
{
    int *left = xcalloc(S->n + 1, sizeof(int));
    for (;;) {
        int nleft = 0;
        while (S->npending > 0) {
            size_t best = 0;
            sort_solver = S;
            for (size_t k = 1; k < S->npending; k++)
                if (cmp_students(&S->pending[k], &S->pending[best]) < 0)
                    best = k;
            int s = S->pending[best];
            S->pending[best] = S->pending[--S->npending];
            S->in_pending[s] = 0;
            if (!insert(S, s, 0, 1) && S->assign[s] == NONE)
                left[nleft++] = s;
        }
        if (nleft == 0)
            break;
        if (S->chains_first) {
            /* The other order: chains that may open a group first, so a
             * placed student can move to a new group and leave its place. */
            sort_solver = S;
            qsort(left, nleft, sizeof(int), cmp_students);
            int m = 0;
            for (int k = 0; k < nleft; k++)
                if (S->assign[left[k]] == NONE && !insert(S, left[k], 1, 1))
                    left[m++] = left[k];
            nleft = m;
        }
        open_greedy(S, left, nleft, 0);
        sort_solver = S;
        qsort(left, nleft, sizeof(int), cmp_students);
        for (int k = 0; k < nleft; k++)
            if (S->assign[left[k]] == NONE)
                insert(S, left[k], 1, 1);
        if (S->npending == 0)
            break;
    }
    free(left);
}

static int solver_init(struct solver *S, const struct pairing_instance *in, struct tt_error *err)
{
    memset(S, 0, sizeof *S);
    S->in = in;
    S->n = (int)in->n_students;
    S->ne = (int)in->n_groups;
    S->nt = (int)in->n_tutors;
    S->L = in->slot_minutes;
    S->grid = in->grid_minutes;
    if (S->grid < 1 || 1440 % S->grid != 0 || S->L < S->grid || S->L % S->grid != 0 ||
        S->L > 480)
        return tt_error_set(err, TT_ERR_INVALID, "%s",
                            _("Pairing: the length of new slots must be a whole number of grid "
                              "steps, at most 8 hours."));
    S->nq = 1440 / S->grid;
    S->K = S->L / S->grid;
    S->npos = 7 * S->nq;
    S->W = (S->npos + 63) / 64;
    S->limit = in->group_size_limit < 1 ? 1
             : in->group_size_limit > PAIRING_MAX_SIZE ? PAIRING_MAX_SIZE : in->group_size_limit;
    pairing_multipliers(in->n_students, &S->m1, &S->m2);
    int n = S->n, W = S->W;

    /* Students: weights and the starts that fit their free time. */
    S->sfit = xcalloc((size_t)n * W + 1, sizeof *S->sfit);
    S->weight = xcalloc(n + 1, sizeof(int));
    S->assign = xcalloc(n + 1, sizeof(int));
    S->options = xcalloc(n + 1, sizeof(int));
    S->counted = xcalloc(n + 1, sizeof(int));
    S->combo_r = xcalloc(n + 1, sizeof(int));
    S->combo_s = xcalloc(n + 1, sizeof(int));
    S->noopen = xcalloc(n + 1, sizeof(int));
    S->seen_s = xcalloc(n + 1, sizeof(int));
    S->queue = xcalloc(n + 1, sizeof(int));
    S->pending = xcalloc(n + 1, sizeof(int));
    S->in_pending = xcalloc(n + 1, sizeof(int));
    S->version = 1;
    for (int s = 0; s < n; s++) {
        const struct pairing_student *st = &in->students[s];
        S->assign[s] = NONE;
        S->noopen[s] = 0;
        S->weight[s] = pairing_weight(st->priority);
        if (st->level < 0 || st->level >= PAIRING_LEVELS || st->subject < 0 ||
            st->subject >= PAIRING_SUBJECTS)
            continue;
        uint64_t *f = S->sfit + (size_t)s * W;
        for (size_t k = 0; k < st->n_free; k++) {
            const struct pairing_interval *v = &st->free[k];
            if (v->weekday < 1 || v->weekday > 7)
                continue;
            for (int q = (v->start_min + S->grid - 1) / S->grid;
                 q <= S->nq - S->K && q * S->grid + S->L <= v->end_min; q++)
                bit_set(f, (v->weekday - 1) * S->nq + q);
        }
    }

    /* Groups: the existing ones first. */
    int total_cap = 0;
    S->tcap = xcalloc(S->nt + 1, sizeof(int));
    for (int t = 0; t < S->nt; t++) {
        int m = in->tutors[t].free_minutes / S->L;
        S->tcap[t] = m > 0 ? m : 0;
        total_cap += S->tcap[t];
    }
    S->capg = S->ne + total_cap + 1;
    S->g = xcalloc(S->capg, sizeof *S->g);
    S->seen_g = xcalloc(S->capg, sizeof(int));
    S->from = xcalloc(S->capg, sizeof(int));
    S->freeg = xcalloc(S->capg, sizeof(int));
    S->ng = S->ne;
    for (int i = 0; i < S->ne; i++) {
        const struct pairing_group *eg = &in->groups[i];
        struct sgroup *gr = &S->g[i];
        gr->existing = i;
        gr->alive = 1;
        gr->subject = eg->subject;
        gr->band = eg->band;
        gr->modality = eg->modality;
        gr->school_id = eg->school_id;
        gr->tutor = NONE;
        gr->cap = eg->size_limit - eg->members;
        if (gr->cap < 0 || eg->subject < 0 || eg->subject >= PAIRING_SUBJECTS || eg->band < 0 ||
            eg->band >= PAIRING_BANDS)
            gr->cap = 0;
        if (gr->cap > PAIRING_MAX_SIZE)
            gr->cap = PAIRING_MAX_SIZE;
        gr->fixed_ref = eg->members > 0 && eg->ref_level >= 0 ? eg->ref_level : NONE;
    }
    S->bucket_n = xcalloc(PAIRING_SUBJECTS * PAIRING_BANDS, sizeof(int));
    S->bucket_cap = xcalloc(PAIRING_SUBJECTS * PAIRING_BANDS, sizeof(int));
    S->bucket = xcalloc(PAIRING_SUBJECTS * PAIRING_BANDS, sizeof(int *));

    /* Which existing groups take each student: the groups of the student's
     * subject and band, found through a list per bucket. */
    int nb = PAIRING_SUBJECTS * PAIRING_BANDS;
    int *eb_at = xcalloc(nb + 1, sizeof(int)), *eb = xcalloc(S->ne + 1, sizeof(int));
    for (int i = 0; i < S->ne; i++)
        if (S->g[i].cap > 0)
            eb_at[S->g[i].subject * PAIRING_BANDS + S->g[i].band + 1]++;
    for (int b = 0; b < nb; b++)
        eb_at[b + 1] += eb_at[b];
    int *fill = xcalloc(nb, sizeof(int));
    for (int i = 0; i < S->ne; i++)
        if (S->g[i].cap > 0) {
            int b = S->g[i].subject * PAIRING_BANDS + S->g[i].band;
            eb[eb_at[b] + fill[b]++] = i;
        }
    free(fill);
    S->ecomp_at = xcalloc(n + 1, sizeof(int));
    size_t ecap = 64, ecount = 0;
    S->ecomp = xcalloc(ecap, sizeof(int));
    for (int s = 0; s < n; s++) {
        const struct pairing_student *st = &in->students[s];
        S->ecomp_at[s] = (int)ecount;
        if (st->level < 0 || st->level >= PAIRING_LEVELS || st->subject < 0 ||
            st->subject >= PAIRING_SUBJECTS)
            continue;
        int b = st->subject * PAIRING_BANDS + level_band[st->level];
        for (int k = eb_at[b]; k < eb_at[b + 1]; k++)
            if (existing_ok(st, &in->groups[eb[k]])) {
                if (ecount == ecap) {
                    ecap *= 2;
                    S->ecomp = xreallocarray(S->ecomp, ecap, sizeof(int));
                }
                S->ecomp[ecount++] = eb[k];
            }
    }
    S->ecomp_at[n] = (int)ecount;
    free(eb_at);
    free(eb);

    /* Tutors: the starts inside their free time, their groups, and who
     * teaches each subject at each level. */
    S->tbase = xcalloc((size_t)S->nt * W + 1, sizeof(uint64_t));
    S->tfree = xcalloc((size_t)S->nt * W + 1, sizeof(uint64_t));
    S->tg_at = xcalloc(S->nt + 1, sizeof(int));
    S->tg_n = xcalloc(S->nt + 1, sizeof(int));
    S->tg = xcalloc(total_cap + 1, sizeof(int));
    for (int t = 0; t < S->nt; t++) {
        const struct pairing_tutor *tu = &in->tutors[t];
        S->tg_at[t + 1] = S->tg_at[t] + S->tcap[t];
        uint64_t *f = S->tbase + (size_t)t * W;
        for (size_t k = 0; k < tu->n_free; k++) {
            const struct pairing_interval *v = &tu->free[k];
            if (v->weekday < 1 || v->weekday > 7)
                continue;
            for (int q = (v->start_min + S->grid - 1) / S->grid;
                 q <= S->nq - S->K && q * S->grid + S->L <= v->end_min; q++)
                bit_set(f, (v->weekday - 1) * S->nq + q);
        }
        memcpy(S->tfree + (size_t)t * W, f, W * sizeof *f);
    }
    int nkeys = PAIRING_SUBJECTS * PAIRING_LEVELS;
    S->tl_at = xcalloc(nkeys + 1, sizeof(int));
    for (int pass = 0; pass < 2; pass++) {
        int count = 0;
        for (int key = 0; key < nkeys; key++) {
            S->tl_at[key] = count;
            for (int t = 0; t < S->nt; t++) {
                const struct pairing_tutor *tu = &in->tutors[t];
                if (S->tcap[t] <= 0 || !(tu->skills[key / PAIRING_LEVELS] & (1u << key % PAIRING_LEVELS)) ||
                    !(tutor_mode_ok(tu, PAIRING_REMOTE) || tutor_mode_ok(tu, PAIRING_SCHOOL)))
                    continue;
                if (pass == 1)
                    S->tl[count] = t;
                count++;
            }
        }
        S->tl_at[nkeys] = count;
        if (pass == 0)
            S->tl = xcalloc(count + 1, sizeof(int));
    }

    /* How many ways each student could be placed, ignoring places. */
    for (int s = 0; s < n; s++) {
        const struct pairing_student *st = &in->students[s];
        S->options[s] = S->ecomp_at[s + 1] - S->ecomp_at[s];
        if (st->level < 0 || st->level >= PAIRING_LEVELS || st->subject < 0 ||
            st->subject >= PAIRING_SUBJECTS)
            continue;
        int key = st->subject * PAIRING_LEVELS + st->level;
        const uint64_t *sf = S->sfit + (size_t)s * W;
        for (int k = S->tl_at[key]; k < S->tl_at[key + 1]; k++) {
            int t = S->tl[k];
            if (!tutor_serves(S, t, s))
                continue;
            const uint64_t *tb = S->tbase + (size_t)t * W;
            for (int w = 0; w < W; w++)
                if (tb[w] & sf[w]) {
                    S->options[s]++;
                    break;
                }
        }
    }

    /* Demand: the schools where some tutor works in school, then one row
     * per subject, level and modality key that students use. */
    S->schools = xcalloc(S->nt + 1, sizeof(int64_t));
    for (int t = 0; t < S->nt; t++)
        if (S->tcap[t] > 0 && tutor_mode_ok(&in->tutors[t], PAIRING_SCHOOL)) {
            int64_t id = in->tutors[t].school_id;
            int at = S->nschools;
            while (at > 0 && S->schools[at - 1] > id)
                at--;
            if (at > 0 && S->schools[at - 1] == id)
                continue;
            memmove(S->schools + at + 1, S->schools + at, (S->nschools - at) * sizeof(int64_t));
            S->schools[at] = id;
            S->nschools++;
        }
    size_t ncombo_slots = (size_t)nkeys * (S->nschools + 1);
    S->combo_of = xmalloc(ncombo_slots * sizeof(int));
    for (size_t k = 0; k < ncombo_slots; k++)
        S->combo_of[k] = NONE;
    for (int s = 0; s < n; s++) {
        const struct pairing_student *st = &in->students[s];
        S->combo_r[s] = S->combo_s[s] = NONE;
        if (S->options[s] == 0 || st->format == PAIRING_FORMAT_INDIVIDUAL)
            continue;
        S->counted[s] = 1;
        int base = (st->subject * PAIRING_LEVELS + st->level) * (S->nschools + 1);
        if (st->modality & PAIRING_REMOTE) {
            if (S->combo_of[base] == NONE)
                S->combo_of[base] = S->ncombos++;
            S->combo_r[s] = S->combo_of[base];
        }
        int sk = (st->modality & PAIRING_SCHOOL) ? school_key(S, st->school_id) : NONE;
        if (sk != NONE) {
            if (S->combo_of[base + sk] == NONE)
                S->combo_of[base + sk] = S->ncombos++;
            S->combo_s[s] = S->combo_of[base + sk];
        }
    }
    S->hist = xcalloc((size_t)S->ncombos * S->npos + 1, sizeof(int32_t));
    for (int s = 0; s < n; s++)
        demand_add(S, s, +1);
    return TT_OK;
}

static void solver_free(struct solver *S)
{
    free(S->sfit);
    free(S->weight);
    free(S->assign);
    free(S->options);
    free(S->counted);
    free(S->combo_r);
    free(S->combo_s);
    free(S->noopen);
    free(S->seen_s);
    free(S->queue);
    free(S->pending);
    free(S->in_pending);
    free(S->tcap);
    free(S->g);
    free(S->seen_g);
    free(S->from);
    free(S->freeg);
    for (int b = 0; b < PAIRING_SUBJECTS * PAIRING_BANDS && S->bucket; b++)
        free(S->bucket[b]);
    free(S->bucket);
    free(S->bucket_n);
    free(S->bucket_cap);
    free(S->ecomp_at);
    free(S->ecomp);
    free(S->tbase);
    free(S->tfree);
    free(S->tg_at);
    free(S->tg_n);
    free(S->tg);
    free(S->tl_at);
    free(S->tl);
    free(S->schools);
    free(S->combo_of);
    free(S->hist);
    free(S->j);
}

static void construct(struct solver *S)
{
    int *order = xcalloc(S->n + 1, sizeof(int));
    int m = 0;
    for (int s = 0; s < S->n; s++)
        if (S->options[s])
            order[m++] = s;
    sort_solver = S;
    qsort(order, m, sizeof *order, cmp_students);
    /* Existing groups first, then the best new groups, then chains. */
    for (int k = 0; k < m; k++)
        insert(S, order[k], 0, 0);
    int *P = xcalloc(m + 1, sizeof(int)), np = 0;
    for (int k = 0; k < m; k++)
        if (S->assign[order[k]] == NONE)
            P[np++] = order[k];
    open_greedy(S, P, np, 1);
    free(P);
    for (int k = 0; k < m; k++)
        if (S->assign[order[k]] == NONE)
            insert(S, order[k], 1, 0);
    free(order);
}

/* ---- improvement ----------------------------------------------------------- */

/* Keeps the changes since mark when the objective went up, else undoes
 * them.  Returns 1 when kept. */
static int settle(struct solver *S, size_t mark, int64_t before)
{
    if (solver_objective(S) > before) {
        S->nj = mark;
        return 1;
    }
    undo_to(S, mark);
    return 0;
}

/* The students without a place that tutor t could teach, or that group
 * gi (new, closed or not) could take: they come back into the pending
 * list when t's hour frees up. */
static void pend_for_tutor(struct solver *S, const int *unplaced, int nun, int t)
{
    /* Near enough: the tutor teaches the subject at some level of the
     * student's band, so a chain through a group of that band may end at
     * the tutor. */
    const struct pairing_tutor *tu = &S->in->tutors[t];
    for (int k = 0; k < nun; k++) {
        int s = unplaced[k];
        const struct pairing_student *st = &S->in->students[s];
        unsigned band = 0;
        for (int l = 0; l < PAIRING_LEVELS; l++)
            if (level_band[l] == level_band[st->level])
                band |= 1u << l;
        if (S->assign[s] == NONE && (tu->skills[st->subject] & band))
            pending_push(S, s);
        S->work++;
    }
}

static int try_destroy(struct solver *S, int gi, const int *unplaced, int nun)
{
    /* Both orders of repair, the usual one first. */
    for (int order = 0; order < 2; order++) {
        size_t mark = S->nj;
        int64_t before = solver_objective(S);
        struct sgroup *gr = &S->g[gi];
        int t = gr->tutor;
        while (gr->n > 0) {
            int s = gr->members[0];
            unplace(S, s);
            pending_push(S, s);
        }
        group_close(S, gi);
        pend_for_tutor(S, unplaced, nun, t);
        S->chains_first = order;
        repair(S);
        S->chains_first = 0;
        if (settle(S, mark, before))
            return 1;
    }
    return 0;
}

#define RELOCATE_TRIES 48

/* Students of list that a new group (tutor t, modality, bucket, one or
 * many, start pos) would take, heaviest first: their weight, and the
 * chosen ones in top (at most the group's size). */
static int64_t dest_value(struct solver *S, int t, int mode, int bucket, int indiv, int pos,
                          const int *list, int nlist, int *top, int *ntop)
{
    const struct pairing_instance *in = S->in;
    int cap = indiv ? 1 : S->limit;
    int64_t v = 0;
    *ntop = 0;
    for (int c = 0; c < nlist && *ntop < cap; c++) {
        int s = list[c];
        const struct pairing_student *st = &in->students[s];
        S->work++;
        if (st->subject * PAIRING_BANDS + level_band[st->level] != bucket ||
            (st->format == PAIRING_FORMAT_INDIVIDUAL) != indiv || !served(S, t, mode, s) ||
            !bit_get(S->sfit + (size_t)s * S->W, pos))
            continue;
        top[(*ntop)++] = s;
        v += S->weight[s];
    }
    return v;
}

struct dest {
    int t, mode, bucket, indiv, pos;
    int64_t value;
};

static int cmp_dest(const void *a, const void *b)
{
    const struct dest *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    if (x->t != y->t)
        return x->t - y->t;
    return x->pos - y->pos;
}

/* Gives the hour of new group gi another use: the same tutor with other
 * students (another subject, band, modality or hour), or the same
 * students with another tutor or hour.  The group takes the heaviest
 * students that fit; the others, and those the tutor could now teach,
 * are placed again.  Destinations are tried from the most valuable. */
static int try_relocate(struct solver *S, int gi, const int *unplaced, int nun)
{
    const struct pairing_instance *in = S->in;
    struct sgroup orig = S->g[gi];
    int members[PAIRING_MAX_SIZE], nm = orig.n, t0 = orig.tutor;
    memcpy(members, orig.members, nm * sizeof(int));
    int obucket = orig.subject * PAIRING_BANDS + orig.band;
    /* Who could use the hour: the members, the waiting students the tutor
     * teaches, and the waiting students of the group's subject and band;
     * heaviest first. */
    int *cand = xcalloc(nm + nun + 1, sizeof(int)), nc = 0;
    for (int i = 0; i < nm; i++)
        cand[nc++] = members[i];
    for (int k = 0; k < nun; k++) {
        int s = unplaced[k];
        const struct pairing_student *st = &in->students[s];
        if (S->assign[s] == NONE &&
            (tutor_serves(S, t0, s) ||
             (st->subject * PAIRING_BANDS + level_band[st->level] == obucket &&
              (st->format == PAIRING_FORMAT_INDIVIDUAL) == orig.individual)))
            cand[nc++] = s;
    }
    sort_solver = S;
    qsort(cand, nc, sizeof(int), cmp_students);
    /* Free the group's own hour while looking. */
    size_t mark = S->nj;
    int64_t before = solver_objective(S);
    for (int i = 0; i < nm; i++)
        unplace(S, members[i]);
    group_close(S, gi);
    struct dest *dest = NULL;
    size_t nd = 0, capd = 0;
    int top[PAIRING_MAX_SIZE], ntop;
    /* Candidate tutors: the group's own, and those teaching its subject at
     * a level of its band. */
    char *tmark = xcalloc(S->nt + 1, 1);
    tmark[t0] = 1;
    for (int l = 0; l < PAIRING_LEVELS; l++)
        if (level_band[l] == orig.band) {
            int key = orig.subject * PAIRING_LEVELS + l;
            for (int k = S->tl_at[key]; k < S->tl_at[key + 1]; k++)
                tmark[S->tl[k]] = 1;
        }
    for (int t = 0; t < S->nt; t++) {
        if (!tmark[t] || S->tcap[t] <= 0)
            continue;
        const struct pairing_tutor *tu = &in->tutors[t];
        const uint64_t *tf = S->tfree + (size_t)t * S->W;
        for (int b = 0; b < PAIRING_SUBJECTS * PAIRING_BANDS; b++) {
            if (t != t0 && b != obucket)
                continue;
            unsigned levels = 0;
            for (int l = 0; l < PAIRING_LEVELS; l++)
                if (level_band[l] == b % PAIRING_BANDS)
                    levels |= 1u << l;
            if (!(tu->skills[b / PAIRING_BANDS] & levels))
                continue;
            for (int indiv = 0; indiv < 2; indiv++) {
                if (t != t0 && indiv != orig.individual)
                    continue;
                for (int mode = PAIRING_REMOTE; mode <= PAIRING_SCHOOL; mode++) {
                    if (!tutor_mode_ok(tu, mode))
                        continue;
                    for (int w = 0; w < S->W; w++)
                        for (uint64_t m = tf[w]; m; m &= m - 1) {
                            int p = w * 64 + __builtin_ctzll(m);
                            if (t == t0 && p == orig.pos && mode == orig.modality && b == obucket &&
                                indiv == orig.individual)
                                continue;
                            int64_t v = dest_value(S, t, mode, b, indiv, p, cand, nc, top, &ntop);
                            if (v == 0)
                                continue;
                            if (nd == capd) {
                                capd = capd ? capd * 2 : 64;
                                dest = xreallocarray(dest, capd, sizeof *dest);
                            }
                            dest[nd++] = (struct dest){ t, mode, b, indiv, p, v };
                        }
                }
            }
        }
    }
    free(tmark);
    undo_to(S, mark);
    if (nd > 0)
        qsort(dest, nd, sizeof *dest, cmp_dest);
    int kept = 0;
    for (size_t r = 0; r < nd && r < RELOCATE_TRIES && !kept && S->work < S->budget; r++) {
        /* The group is back at gi after each undo. */
        size_t m2 = S->nj;
        for (int i = 0; i < nm; i++)
            unplace(S, members[i]);
        group_close(S, gi);
        const struct dest *d = &dest[r];
        int ng = group_open(S, d->t, d->mode, d->bucket / PAIRING_BANDS, d->bucket % PAIRING_BANDS,
                            d->indiv, d->pos);
        dest_value(S, d->t, d->mode, d->bucket, d->indiv, d->pos, cand, nc, top, &ntop);
        for (int i = 0; i < ntop; i++)
            place(S, top[i], ng);
        for (int i = 0; i < nm; i++)
            if (S->assign[members[i]] == NONE)
                pending_push(S, members[i]);
        pend_for_tutor(S, unplaced, nun, t0);
        repair(S);
        kept = settle(S, m2, before);
    }
    free(dest);
    free(cand);
    return kept;
}

/* Rescheduling a tutor: all of its new groups close, then a small search
 * picks up to TUTOR_DEPTH groups for it again (among the TUTOR_BRANCH most
 * valuable at each step), from its former students and the waiting ones it
 * teaches; the students left out are placed again. */
#define TUTOR_DEPTH 3
#define TUTOR_BRANCH 5

struct plan {
    int n;
    struct dest d[TUTOR_DEPTH];
    int64_t value;
};

#define TUTOR_PLANS 8

struct tutor_search {
    int t;
    const int *pool;
    int npool;
    char *used;              /* per pool index */
    uint64_t *blocked;       /* starts the plan's groups rule out */
    struct plan cur;
    struct plan best[TUTOR_PLANS];   /* the most valuable plans, best first */
    int nbest;
};

static int plan_better(const struct plan *a, const struct plan *b)
{
    if (a->value != b->value)
        return a->value > b->value;
    return a->n < b->n;
}

static void tutor_dfs(struct solver *S, struct tutor_search *ts, int depth)
{
    if (ts->cur.n > 0) {
        int at = ts->nbest;
        while (at > 0 && plan_better(&ts->cur, &ts->best[at - 1]))
            at--;
        if (at < TUTOR_PLANS) {
            if (ts->nbest < TUTOR_PLANS)
                ts->nbest++;
            memmove(ts->best + at + 1, ts->best + at, (ts->nbest - 1 - at) * sizeof *ts->best);
            ts->best[at] = ts->cur;
        }
    }
    if (depth == TUTOR_DEPTH || depth >= S->tcap[ts->t] || S->work >= S->budget)
        return;
    const struct pairing_tutor *tu = &S->in->tutors[ts->t];
    const uint64_t *tf = S->tfree + (size_t)ts->t * S->W;
    int *avail = xcalloc(ts->npool + 1, sizeof(int)), na = 0;
    for (int k = 0; k < ts->npool; k++)
        if (!ts->used[k])
            avail[na++] = ts->pool[k];
    struct dest top[TUTOR_BRANCH];
    int ntopd = 0, chosen[PAIRING_MAX_SIZE], nch;
    for (int b = 0; b < PAIRING_SUBJECTS * PAIRING_BANDS; b++) {
        if (!tu->skills[b / PAIRING_BANDS])
            continue;
        for (int indiv = 0; indiv < 2; indiv++)
            for (int mode = PAIRING_REMOTE; mode <= PAIRING_SCHOOL; mode++) {
                if (!tutor_mode_ok(tu, mode))
                    continue;
                for (int w = 0; w < S->W; w++)
                    for (uint64_t m = tf[w] & ~ts->blocked[w]; m; m &= m - 1) {
                        int p = w * 64 + __builtin_ctzll(m);
                        int64_t v = dest_value(S, ts->t, mode, b, indiv, p, avail, na, chosen, &nch);
                        if (v == 0)
                            continue;
                        struct dest d = { ts->t, mode, b, indiv, p, v };
                        int at = ntopd;
                        while (at > 0 && cmp_dest(&d, &top[at - 1]) < 0)
                            at--;
                        if (at >= TUTOR_BRANCH)
                            continue;
                        if (ntopd < TUTOR_BRANCH)
                            ntopd++;
                        memmove(top + at + 1, top + at, (ntopd - 1 - at) * sizeof *top);
                        top[at] = d;
                    }
            }
    }
    free(avail);
    for (int i = 0; i < ntopd; i++) {
        const struct dest *d = &top[i];
        /* Take the students and the hour, go deeper, give them back. */
        int marks[PAIRING_MAX_SIZE], nmark = 0, cap = d->indiv ? 1 : S->limit;
        for (int k = 0; k < ts->npool && nmark < cap; k++) {
            int st = ts->pool[k];
            const struct pairing_student *ps = &S->in->students[st];
            if (ts->used[k] || ps->subject * PAIRING_BANDS + level_band[ps->level] != d->bucket ||
                (ps->format == PAIRING_FORMAT_INDIVIDUAL) != d->indiv ||
                !served(S, ts->t, d->mode, st) || !bit_get(S->sfit + (size_t)st * S->W, d->pos))
                continue;
            ts->used[k] = 1;
            marks[nmark++] = k;
        }
        uint64_t saved[16];
        int nw = S->W < 16 ? S->W : 16;
        memcpy(saved, ts->blocked, nw * sizeof *saved);
        int day = d->pos / S->nq, q = d->pos % S->nq;
        for (int x = q - S->K + 1; x < q + S->K; x++)
            if (x >= 0 && x < S->nq)
                bit_set(ts->blocked, day * S->nq + x);
        ts->cur.d[ts->cur.n++] = *d;
        ts->cur.value += d->value;
        tutor_dfs(S, ts, depth + 1);
        ts->cur.value -= d->value;
        ts->cur.n--;
        memcpy(ts->blocked, saved, nw * sizeof *saved);
        for (int k = 0; k < nmark; k++)
            ts->used[marks[k]] = 0;
    }
}

/* Opens the groups of a plan for tutor t with the heaviest students of
 * the pool that fit, then places the others again. */
static void plan_apply(struct solver *S, int t, const struct plan *pl, const int *pool, int np)
{
    int *avail = xcalloc(np + 1, sizeof(int));
    for (int i = 0; i < pl->n; i++) {
        const struct dest *d = &pl->d[i];
        if (S->tcap[t] <= 0 || !bit_get(S->tfree + (size_t)t * S->W, d->pos))
            continue;
        int chosen[PAIRING_MAX_SIZE], nch, na = 0;
        for (int k = 0; k < np; k++)
            if (S->assign[pool[k]] == NONE)
                avail[na++] = pool[k];
        dest_value(S, t, d->mode, d->bucket, d->indiv, d->pos, avail, na, chosen, &nch);
        if (nch == 0)
            continue;
        int gi = group_open(S, t, d->mode, d->bucket / PAIRING_BANDS, d->bucket % PAIRING_BANDS,
                            d->indiv, d->pos);
        for (int k = 0; k < nch; k++)
            place(S, chosen[k], gi);
    }
    free(avail);
    for (int k = 0; k < np; k++)
        if (S->assign[pool[k]] == NONE)
            pending_push(S, pool[k]);
    repair(S);
}

static int try_tutor(struct solver *S, int t, const int *unplaced, int nun)
{
    if (S->W > 16)
        return 0;
    size_t mark = S->nj;
    int64_t before = solver_objective(S);
    int *pool = xcalloc(S->n + 1, sizeof(int)), np = 0;
    /* Close the tutor's groups; their students join the pool. */
    while (S->tg_n[t] > 0) {
        int gi = S->tg[S->tg_at[t]];
        while (S->g[gi].n > 0) {
            int s = S->g[gi].members[0];
            unplace(S, s);
            pool[np++] = s;
        }
        group_close(S, gi);
    }
    for (int k = 0; k < nun; k++)
        if (S->assign[unplaced[k]] == NONE && tutor_serves(S, t, unplaced[k]))
            pool[np++] = unplaced[k];
    sort_solver = S;
    qsort(pool, np, sizeof(int), cmp_students);
    struct tutor_search *ts = xcalloc(1, sizeof *ts);
    ts->t = t;
    ts->pool = pool;
    ts->npool = np;
    ts->used = xcalloc(np + 1, 1);
    ts->blocked = xcalloc(S->W, sizeof(uint64_t));
    tutor_dfs(S, ts, 0);
    /* Each plan is judged on the whole objective, once the students it
     * leaves out are placed again. */
    int64_t best = before;
    int pick = -1;
    size_t inner = S->nj;
    for (int i = 0; i < ts->nbest && S->work < S->budget; i++) {
        plan_apply(S, t, &ts->best[i], pool, np);
        if (solver_objective(S) > best) {
            best = solver_objective(S);
            pick = i;
        }
        undo_to(S, inner);
    }
    if (pick >= 0)
        plan_apply(S, t, &ts->best[pick], pool, np);
    free(ts->used);
    free(ts->blocked);
    free(ts);
    free(pool);
    return settle(S, mark, before);
}

/* Students without a place who could have one, for the moves above. */
static int collect_unplaced(const struct solver *S, int *out)
{
    int m = 0;
    for (int s = 0; s < S->n; s++)
        if (S->assign[s] == NONE && S->options[s])
            out[m++] = s;
    return m;
}

#define LNS_PASSES 6
/* Above this many students, the demand counts stop following the moves
 * of the improvement passes (they then only break ties). */
#define DEMAND_LIVE_MAX 2000
#define IMPROVE_WORK 40000000LL
#define POLISH_WORK 20000000LL
#define LNS_RANDOM_MAX 40000

static void improve(struct solver *S)
{
    int *list = xcalloc(S->capg + 1, sizeof(int));
    int *unplaced = xcalloc(S->n + 1, sizeof(int));
    S->journaling = 1;
    for (int pass = 0; pass < LNS_PASSES && S->work < S->budget; pass++) {
        int improved = 0, nl = 0;
        for (int gi = S->ne; gi < S->ng; gi++)
            if (S->g[gi].alive)
                list[nl++] = gi;
        int nun = collect_unplaced(S, unplaced);
        for (int k = 0; k < nl && S->work < S->budget; k++)
            if (S->g[list[k]].alive && try_destroy(S, list[k], unplaced, nun)) {
                improved = 1;
                nun = collect_unplaced(S, unplaced);
            }
        nl = 0;
        for (int gi = S->ne; gi < S->ng; gi++)
            if (S->g[gi].alive && S->g[gi].n > 0)
                list[nl++] = gi;
        for (int k = 0; k < nl && S->work < S->budget; k++)
            if (S->g[list[k]].alive && S->g[list[k]].n > 0 &&
                try_relocate(S, list[k], unplaced, nun)) {
                improved = 1;
                nun = collect_unplaced(S, unplaced);
            }
        for (int t = 0; t < S->nt && S->work < S->budget; t++)
            if (S->tg_n[t] > 0 && try_tutor(S, t, unplaced, nun)) {
                improved = 1;
                nun = collect_unplaced(S, unplaced);
            }
        if (!improved)
            break;
    }
    /* Then random neighbourhoods: a group with, at times, the other groups
     * of its tutor and another group, closed and rebuilt with some noise
     * in the choice of new groups. */
    int rounds = 0;
    for (int gi = S->ne; gi < S->ng; gi++)
        rounds += S->g[gi].alive;
    rounds = rounds * 2000 < LNS_RANDOM_MAX ? rounds * 2000 : LNS_RANDOM_MAX;
    for (int it = 0; it < rounds && S->work < S->budget; it++) {
        int nl = 0;
        for (int gi = S->ne; gi < S->ng; gi++)
            if (S->g[gi].alive)
                list[nl++] = gi;
        if (nl == 0)
            break;
        int nun = collect_unplaced(S, unplaced);
        int g0 = list[solver_rand(S, nl)], t0 = S->g[g0].tutor;
        int with_tutor = solver_rand(S, 2), other = solver_rand(S, 2) ? list[solver_rand(S, nl)] : NONE;
        int with_other_tutor = other != NONE && solver_rand(S, 3) == 0;
        size_t mark = S->nj;
        int64_t before = solver_objective(S);
        int tutors[2] = { t0, other != NONE ? S->g[other].tutor : NONE };
        for (int k = 0; k < nl; k++) {
            int gi = list[k];
            if (gi != g0 && gi != other && !(with_tutor && S->g[gi].tutor == t0) &&
                !(with_other_tutor && S->g[gi].tutor == tutors[1]))
                continue;
            while (S->g[gi].n > 0) {
                int s = S->g[gi].members[0];
                unplace(S, s);
                pending_push(S, s);
            }
            group_close(S, gi);
        }
        for (int k = 0; k < 2; k++)
            if (tutors[k] != NONE)
                pend_for_tutor(S, unplaced, nun, tutors[k]);
        static const int noises[4] = { 4, 12, 12, 24 };
        S->noise = noises[solver_rand(S, 4)];
        S->chains_first = solver_rand(S, 2);
        repair(S);
        S->noise = 0;
        S->chains_first = 0;
        settle(S, mark, before);
    }
    S->journaling = 0;
    S->nj = 0;
    free(list);
    free(unplaced);
}

/* Level distance: a student moves to another group with a free place, or
 * two students of compatible groups exchange places, when the objective
 * rises (a new group left empty closes). */
static void polish_levels(struct solver *S)
{
    const struct pairing_instance *in = S->in;
    S->journaling = 1;
    for (int pass = 0; pass < 3 && S->work < S->budget; pass++) {
        int changed = 0;
        for (int s = 0; s < S->n && S->work < S->budget; s++) {
            int g1 = S->assign[s];
            if (g1 == NONE || S->g[g1].cost == 0)
                continue;
            const struct pairing_student *st = &in->students[s];
            int b = st->subject * PAIRING_BANDS + level_band[st->level];
            int ne = S->ecomp_at[s + 1] - S->ecomp_at[s];
            for (int k = 0; k < ne + S->bucket_n[b]; k++) {
                int g2 = k < ne ? S->ecomp[S->ecomp_at[s] + k] : S->bucket[b][k - ne];
                S->work++;
                if (g2 == g1 || (k >= ne && !fits_new(S, s, &S->g[g2])))
                    continue;
                int64_t before = solver_objective(S);
                size_t mark = S->nj;
                if (S->g[g2].n < S->g[g2].cap) {
                    unplace(S, s);
                    place(S, s, g2);
                    if (S->g[g1].existing == NONE && S->g[g1].n == 0)
                        group_close(S, g1);
                    if (settle(S, mark, before)) {
                        changed = 1;
                        break;
                    }
                    continue;
                }
                int done = 0;
                for (int i = 0; i < S->g[g2].n && !done; i++) {
                    int u = S->g[g2].members[i];
                    if (!compatible(S, u, g1))
                        continue;
                    unplace(S, s);
                    unplace(S, u);
                    place(S, s, g2);
                    place(S, u, g1);
                    done = settle(S, mark, before);
                }
                if (done) {
                    changed = 1;
                    break;
                }
            }
        }
        /* A student without a place takes the place of one of the same
         * weight who is further from the group's level (and who may find
         * another place). */
        for (int u = 0; u < S->n && S->work < S->budget; u++) {
            if (S->assign[u] != NONE || !S->options[u])
                continue;
            const struct pairing_student *st = &in->students[u];
            int b = st->subject * PAIRING_BANDS + level_band[st->level];
            int ne = S->ecomp_at[u + 1] - S->ecomp_at[u], done = 0;
            for (int k = 0; k < ne + S->bucket_n[b] && !done; k++) {
                int g2 = k < ne ? S->ecomp[S->ecomp_at[u] + k] : S->bucket[b][k - ne];
                S->work++;
                if (S->g[g2].cost == 0 || (k >= ne && !fits_new(S, u, &S->g[g2])))
                    continue;
                for (int i = 0; i < S->g[g2].n && !done; i++) {
                    int v = S->g[g2].members[i];
                    if (S->weight[v] != S->weight[u])
                        continue;
                    int64_t before = solver_objective(S);
                    size_t mark = S->nj;
                    unplace(S, v);
                    place(S, u, g2);
                    insert(S, v, 0, 0);
                    done = settle(S, mark, before);
                }
            }
            changed |= done;
        }
        if (!changed)
            break;
    }
    S->journaling = 0;
    S->nj = 0;
}

/* ---- proposals ------------------------------------------------------------------ */

static const char *dash(void) { return i18n_utf8() ? "\xe2\x80\x93" : "-"; }

void pairing_slot_text(const struct pairing_slot *slot, char *buf, size_t size)
{
    char day[2] = { (char)('0' + (slot->weekday >= 1 && slot->weekday <= 7 ? slot->weekday : 0)), 0 };
    int a = slot->start_min, b = slot->start_min + slot->minutes;
    if (b > 1440)
        b = 1440;
    snprintf(buf, size, "%s %02d:%02d%s%02d:%02d", label_for(LBL_WEEKDAY, day), a / 60, a % 60,
             dash(), b / 60, b % 60);
}

static void slots_text(const struct pairing_slot *slots, int n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (int k = 0; k < n && len + 1 < size; k++) {
        char one[96];
        pairing_slot_text(&slots[k], one, sizeof one);
        snprintf(buf + len, size - len, "%s%s", k ? ", " : "", one);
        len = strlen(buf);
    }
}

/* Cuts s to at most max characters (not bytes), on a character boundary. */
static void cut_chars(char *s, int max)
{
    int count = 0;
    for (char *p = s; *p; p++)
        if ((*p & 0xc0) != 0x80 && count++ == max) {
            *p = 0;
            return;
        }
}

/* Appends "; " and a formatted part to a growing reason. */
static void reason_add(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reason_add(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len && len + 2 < size) {
        memcpy(buf + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

static void level_reason(char *buf, size_t size, int64_t cost, int join)
{
    if (cost == 0)
        reason_add(buf, size, "%s", join ? _("same level as the group's median")
                                         : _("every member at the group's median level"));
    else if (join)
        reason_add(buf, size, ngettext("%d level away from the group's median",
                                       "%d levels away from the group's median", (unsigned long)cost),
                   (int)cost);
    else
        reason_add(buf, size, ngettext("%d level away from the median in all",
                                       "%d levels away from the median in all", (unsigned long)cost),
                   (int)cost);
}

static void member_fill(struct pairing_member *m, const struct pairing_instance *in, int s)
{
    const struct pairing_student *st = &in->students[s];
    m->student = (size_t)s;
    m->student_id = st->student_id;
    m->level = st->level;
    m->local_number = xstrdup(st->local_number);
    m->name = xstrdup(st->name);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static struct pairing_result *build_result(const struct solver *S)
{
    const struct pairing_instance *in = S->in;
    struct pairing_result *r = xcalloc(1, sizeof *r);
    r->today = in->today;
    r->covered = in->covered;
    r->no_subject = in->no_subject;
    size_t count = 0;
    int *newg = xcalloc(S->ng + 1, sizeof(int)), nn = 0;
    for (int gi = 0; gi < S->ng; gi++) {
        if (!S->g[gi].alive || S->g[gi].n == 0)
            continue;
        if (S->g[gi].existing != NONE) {
            count += S->g[gi].n;
        } else {
            count++;
            newg[nn++] = gi;
        }
    }
    /* New groups by tutor, then by hour. */
    for (int a = 1; a < nn; a++) {
        int x = newg[a], b = a;
        while (b > 0 && (S->g[newg[b - 1]].tutor > S->g[x].tutor ||
                         (S->g[newg[b - 1]].tutor == S->g[x].tutor && S->g[newg[b - 1]].pos > S->g[x].pos))) {
            newg[b] = newg[b - 1];
            b--;
        }
        newg[b] = x;
    }
    r->proposals = xcalloc(count + 1, sizeof *r->proposals);
    int *used = xcalloc(S->nt + 1, sizeof(int));
    for (int k = 0; k < nn; k++)
        used[S->g[newg[k]].tutor]++;
    char slots[512], buf[1024];
    for (int gi = 0; gi < S->ne; gi++) {
        const struct sgroup *gr = &S->g[gi];
        const struct pairing_group *eg = &in->groups[gi];
        if (gr->n == 0)
            continue;
        int mem[PAIRING_MAX_SIZE];
        memcpy(mem, gr->members, gr->n * sizeof(int));
        qsort(mem, gr->n, sizeof(int), cmp_int);
        int lv[PAIRING_MAX_SIZE];
        for (int i = 0; i < gr->n; i++)
            lv[i] = in->students[mem[i]].level;
        int64_t unused;
        int ref = median_cost(lv, gr->n, gr->fixed_ref, &unused);
        slots_text(eg->slots, eg->n_slots, slots, sizeof slots);
        for (int i = 0; i < gr->n; i++) {
            struct pairing_proposal *p = &r->proposals[r->n_proposals++];
            p->kind = PAIRING_JOIN;
            p->group = (size_t)gi;
            p->group_id = eg->group_id;
            p->group_name = xstrdup(eg->name);
            p->tutor = (size_t)-1;
            p->tutor_id = eg->tutor_id;
            p->tutor_name = xstrdup(eg->tutor_name);
            p->subject = eg->subject;
            p->band = eg->band;
            p->modality = eg->modality;
            p->school_id = eg->school_id;
            p->size_limit = eg->size_limit;
            p->taken = eg->members + gr->n;
            p->ref_level = ref;
            p->n_slots = eg->n_slots;
            memcpy(p->slots, eg->slots, sizeof p->slots);
            p->n_members = 1;
            member_fill(&p->members[0], in, mem[i]);
            buf[0] = 0;
            reason_add(buf, sizeof buf, "%s", _("same subject and level band"));
            reason_add(buf, sizeof buf, "%s", eg->modality == PAIRING_REMOTE
                       ? _("remote") : _("in school, at the student's school"));
            if (eg->n_slots > 0)
                reason_add(buf, sizeof buf, _("the student is free on %s"), slots);
            else
                reason_add(buf, sizeof buf, "%s", _("the group has no weekly slot yet"));
            reason_add(buf, sizeof buf, _("%d of %d places taken after pairing"), p->taken,
                       p->size_limit);
            int dist = lv[i] > ref ? lv[i] - ref : ref - lv[i];
            level_reason(buf, sizeof buf, dist, 1);
            p->reason = xstrdup(buf);
        }
    }
    for (int k = 0; k < nn; k++) {
        const struct sgroup *gr = &S->g[newg[k]];
        const struct pairing_tutor *tu = &in->tutors[gr->tutor];
        struct pairing_proposal *p = &r->proposals[r->n_proposals++];
        int mem[PAIRING_MAX_SIZE], lv[PAIRING_MAX_SIZE];
        memcpy(mem, gr->members, gr->n * sizeof(int));
        qsort(mem, gr->n, sizeof(int), cmp_int);
        for (int i = 0; i < gr->n; i++)
            lv[i] = in->students[mem[i]].level;
        int64_t cost;
        p->kind = PAIRING_NEW;
        p->group = (size_t)-1;
        p->tutor = (size_t)gr->tutor;
        p->tutor_id = tu->tutor_id;
        p->tutor_name = xstrdup(tu->name);
        p->subject = gr->subject;
        p->band = gr->band;
        p->modality = gr->modality;
        p->school_id = gr->school_id;
        p->size_limit = gr->individual ? 1 : S->limit;
        p->taken = gr->n;
        p->ref_level = median_cost(lv, gr->n, NONE, &cost);
        p->n_slots = 1;
        p->slots[0].weekday = gr->pos / S->nq + 1;
        p->slots[0].start_min = gr->pos % S->nq * S->grid;
        p->slots[0].minutes = S->L;
        p->n_members = (size_t)gr->n;
        for (int i = 0; i < gr->n; i++)
            member_fill(&p->members[i], in, mem[i]);
        pairing_slot_text(&p->slots[0], slots, sizeof slots);
        /* TRANSLATORS: name of a new group: subject, level band, tutor, slot. */
        snprintf(buf, sizeof buf, _("%s %s with %s, %s"),
                 label_for(LBL_SUBJECT, subject_codes[gr->subject]), band_codes[gr->band],
                 tu->name, slots);
        cut_chars(buf, 100);
        p->group_name = xstrdup(buf);
        buf[0] = 0;
        if (gr->individual)
            reason_add(buf, sizeof buf, "%s", _("individual tutoring, as the referral asks"));
        reason_add(buf, sizeof buf, "%s", _("the tutor teaches this subject at these levels"));
        reason_add(buf, sizeof buf, "%s", gr->modality == PAIRING_REMOTE
                   ? _("remote") : _("in school, where the tutor works"));
        reason_add(buf, sizeof buf,
                   ngettext("%s fits the availabilities of the tutor and of %d student",
                            "%s fits the availabilities of the tutor and of all %d students",
                            (unsigned long)gr->n), slots, gr->n);
        reason_add(buf, sizeof buf, _("the tutor keeps %d free minutes a week"),
                   tu->free_minutes - used[gr->tutor] * S->L);
        level_reason(buf, sizeof buf, cost, 0);
        p->reason = xstrdup(buf);
    }
    size_t nun = 0;
    for (int s = 0; s < S->n; s++)
        nun += S->assign[s] == NONE;
    r->unplaced = xcalloc(nun + 1, sizeof *r->unplaced);
    for (int s = 0; s < S->n; s++)
        if (S->assign[s] == NONE) {
            struct pairing_member *m = &r->unplaced[r->n_unplaced++];
            member_fill(m, in, s);
            m->no_option = S->options[s] == 0;
        }
    free(newg);
    free(used);
    pairing_objective(in, r, NULL, &r->score);
    return r;
}

int pairing_solve(const struct pairing_instance *in, struct pairing_result **out,
                  struct tt_error *err)
{
    struct solver S;
    *out = NULL;
    int rc = solver_init(&S, in, err);
    if (rc != TT_OK) {
        solver_free(&S);
        return rc;
    }
    /* A fixed amount of work for each improvement pass, so the run time
     * stays bounded and the result does not depend on the machine. */
    S.budget = INT64_MAX;
    S.rng = 0x9e3779b97f4a7c15ull;
    construct(&S);
    S.budget = S.work + IMPROVE_WORK;
    S.demand_frozen = S.n > DEMAND_LIVE_MAX;
    improve(&S);
    S.budget = S.work + POLISH_WORK;
    polish_levels(&S);
    *out = build_result(&S);
    solver_free(&S);
    return TT_OK;
}

static void member_free(struct pairing_member *m)
{
    free(m->local_number);
    free(m->name);
}

void pairing_result_free(struct pairing_result *r)
{
    if (r == NULL)
        return;
    for (size_t k = 0; k < r->n_proposals; k++) {
        struct pairing_proposal *p = &r->proposals[k];
        for (size_t i = 0; i < p->n_members && i < PAIRING_MAX_SIZE; i++)
            member_free(&p->members[i]);
        free(p->group_name);
        free(p->tutor_name);
        free(p->reason);
    }
    for (size_t k = 0; k < r->n_unplaced; k++)
        member_free(&r->unplaced[k]);
    free(r->unplaced);
    free(r->proposals);
    free(r);
}

/* ---- objective and rules, from scratch ------------------------------------------ */

static int chosen(const int *selected, size_t k) { return selected == NULL || selected[k]; }

int64_t pairing_objective(const struct pairing_instance *in, const struct pairing_result *r,
                          const int *selected, struct pairing_score *score)
{
    struct pairing_score sc;
    memset(&sc, 0, sizeof sc);
    sc.awaiting = in->n_students;
    pairing_multipliers(in->n_students, &sc.m1, &sc.m2);
    /* Joiners per existing group, for the median of an empty one. */
    size_t ng = in->n_groups;
    int *count = xcalloc(ng + 1, sizeof(int));
    int *levels = xcalloc((ng + 1) * PAIRING_MAX_SIZE, sizeof(int));
    for (size_t k = 0; k < r->n_proposals; k++) {
        const struct pairing_proposal *p = &r->proposals[k];
        if (!chosen(selected, k))
            continue;
        size_t nm = p->n_members < PAIRING_MAX_SIZE ? p->n_members : PAIRING_MAX_SIZE;
        for (size_t i = 0; i < nm; i++) {
            const struct pairing_member *m = &p->members[i];
            int prio = m->student < in->n_students ? in->students[m->student].priority : 3;
            sc.weight += pairing_weight(prio);
            sc.placed++;
        }
        if (p->kind == PAIRING_JOIN) {
            sc.joined += nm;
            if (p->group < ng)
                for (size_t i = 0; i < nm; i++)
                    if (count[p->group] < PAIRING_MAX_SIZE)
                        levels[p->group * PAIRING_MAX_SIZE + count[p->group]++] = p->members[i].level;
        } else {
            int lv[PAIRING_MAX_SIZE];
            int64_t cost;
            for (size_t i = 0; i < nm; i++)
                lv[i] = p->members[i].level;
            median_cost(lv, (int)nm, NONE, &cost);
            sc.level_distance += cost;
            sc.new_groups++;
        }
    }
    for (size_t gi = 0; gi < ng; gi++) {
        if (count[gi] == 0)
            continue;
        const struct pairing_group *g = &in->groups[gi];
        int64_t cost;
        median_cost(levels + gi * PAIRING_MAX_SIZE, count[gi],
                    g->members > 0 && g->ref_level >= 0 ? g->ref_level : NONE, &cost);
        sc.level_distance += cost;
    }
    free(count);
    free(levels);
    sc.objective = sc.m1 * sc.weight - sc.m2 * (int64_t)sc.new_groups - sc.level_distance;
    if (score)
        *score = sc;
    return sc.objective;
}

/* The student of a member, or NULL when the instance no longer has it. */
static const struct pairing_student *member_student(const struct pairing_instance *in,
                                                    const struct pairing_member *m)
{
    if (m->student >= in->n_students || in->students[m->student].student_id != m->student_id)
        return NULL;
    return &in->students[m->student];
}

static int refuse_student(struct tt_error *err, const struct pairing_member *m, const char *where,
                          const char *why)
{
    return tt_error_set(err, TT_ERR_RULE, _("%s (%s) cannot join %s: %s."), m->name,
                        m->local_number, where, why);
}

int pairing_check(const struct pairing_instance *in, const struct pairing_result *r,
                  const int *selected, struct tt_error *err)
{
    int L = in->slot_minutes;
    int limit = in->group_size_limit;
    char *seen = xcalloc(in->n_students + 1, 1);
    int *joiners = xcalloc(in->n_groups + 1, sizeof(int));
    int *tutor_groups = xcalloc(in->n_tutors + 1, sizeof(int));
    int rc = TT_OK;
    for (size_t k = 0; k < r->n_proposals && rc == TT_OK; k++) {
        const struct pairing_proposal *p = &r->proposals[k];
        if (!chosen(selected, k))
            continue;
        if (p->n_members == 0 || p->n_members > PAIRING_MAX_SIZE) {
            rc = tt_error_set(err, TT_ERR_RULE, _("The proposal for %s has no student or too many."),
                              p->group_name ? p->group_name : "");
            break;
        }
        for (size_t i = 0; i < p->n_members && rc == TT_OK; i++) {
            const struct pairing_member *m = &p->members[i];
            const struct pairing_student *st = member_student(in, m);
            if (st == NULL || st->subject != p->subject) {
                rc = tt_error_set(err, TT_ERR_RULE,
                                  _("%s (%s) is no longer awaiting pairing for this subject."),
                                  m->name, m->local_number);
            } else if (seen[m->student]) {
                rc = tt_error_set(err, TT_ERR_RULE, _("%s (%s) is proposed twice."), m->name,
                                  m->local_number);
            } else if (pairing_band_of_level(st->level) != p->band) {
                rc = refuse_student(err, m, p->group_name, _("another level band"));
            }
            if (rc == TT_OK)
                seen[m->student] = 1;
        }
        if (rc != TT_OK)
            break;
        if (p->kind == PAIRING_JOIN) {
            if (p->group >= in->n_groups || in->groups[p->group].group_id != p->group_id) {
                rc = tt_error_set(err, TT_ERR_RULE, _("The group %s is no longer open."),
                                  p->group_name);
                break;
            }
            const struct pairing_group *g = &in->groups[p->group];
            const struct pairing_member *m = &p->members[0];
            const struct pairing_student *st = &in->students[m->student];
            if (p->n_members != 1)
                rc = tt_error_set(err, TT_ERR_RULE, _("The proposal for %s has no student or too many."),
                                  p->group_name);
            else if (st->subject != g->subject || pairing_band_of_level(st->level) != g->band)
                rc = refuse_student(err, m, g->name, _("another subject or level band"));
            else if (st->format == PAIRING_FORMAT_INDIVIDUAL)
                rc = refuse_student(err, m, g->name, _("the referral asks for individual tutoring"));
            else if (!modality_ok(st, g->modality, g->school_id))
                rc = refuse_student(err, m, g->name, _("the modality or the school differs"));
            else if (!existing_ok(st, g))
                rc = refuse_student(err, m, g->name,
                                    _("a weekly slot is outside the student's availability"));
            else if (g->members + ++joiners[p->group] > g->size_limit)
                rc = tt_error_set(err, TT_ERR_RULE, _("The group %s would exceed its size limit of %d."),
                                  g->name, g->size_limit);
            continue;
        }
        /* A new group. */
        if (p->tutor >= in->n_tutors || in->tutors[p->tutor].tutor_id != p->tutor_id) {
            rc = tt_error_set(err, TT_ERR_RULE, _("The tutor %s is no longer available."),
                              p->tutor_name);
            break;
        }
        const struct pairing_tutor *tu = &in->tutors[p->tutor];
        const struct pairing_slot *sl = &p->slots[0];
        char when[96];
        pairing_slot_text(sl, when, sizeof when);
        if (p->n_slots != 1 || sl->minutes != L || sl->start_min % in->grid_minutes != 0 ||
            !inside_free(tu->free, tu->n_free, sl->weekday, sl->start_min, sl->minutes)) {
            rc = tt_error_set(err, TT_ERR_RULE, _("The tutor %s is not free at %s."), tu->name, when);
            break;
        }
        if (!tutor_mode_ok(tu, p->modality) ||
            p->school_id != (p->modality == PAIRING_SCHOOL ? tu->school_id : 0)) {
            rc = tt_error_set(err, TT_ERR_RULE, _("The tutor %s does not work in this modality."),
                              tu->name);
            break;
        }
        tutor_groups[p->tutor]++;
        if ((int64_t)tutor_groups[p->tutor] * L > tu->free_minutes) {
            rc = tt_error_set(err, TT_ERR_RULE,
                              _("The tutor %s would exceed the weekly minutes allowed."), tu->name);
            break;
        }
        /* No two new groups of the tutor at the same time. */
        for (size_t k2 = 0; k2 < k && rc == TT_OK; k2++) {
            const struct pairing_proposal *q = &r->proposals[k2];
            if (!chosen(selected, k2) || q->kind != PAIRING_NEW || q->tutor != p->tutor)
                continue;
            if (q->slots[0].weekday == sl->weekday &&
                q->slots[0].start_min < sl->start_min + sl->minutes &&
                sl->start_min < q->slots[0].start_min + q->slots[0].minutes)
                rc = tt_error_set(err, TT_ERR_RULE, _("The tutor %s is not free at %s."), tu->name,
                                  when);
        }
        if (rc != TT_OK)
            break;
        int individual = 0;
        for (size_t i = 0; i < p->n_members; i++)
            individual |= in->students[p->members[i].student].format == PAIRING_FORMAT_INDIVIDUAL;
        if ((individual && (p->n_members != 1 || p->size_limit != 1)) ||
            (!individual && p->size_limit != limit) || (int)p->n_members > p->size_limit) {
            rc = tt_error_set(err, TT_ERR_RULE,
                              _("The new group with %s does not respect its size limit."), tu->name);
            break;
        }
        for (size_t i = 0; i < p->n_members && rc == TT_OK; i++) {
            const struct pairing_member *m = &p->members[i];
            const struct pairing_student *st = &in->students[m->student];
            if (!(tu->skills[st->subject] & (1u << st->level)))
                rc = refuse_student(err, m, p->group_name,
                                    _("the tutor does not teach this subject at the student's level"));
            else if (!modality_ok(st, p->modality, p->school_id))
                rc = refuse_student(err, m, p->group_name, _("the modality or the school differs"));
            else if (!inside_free(st->free, st->n_free, sl->weekday, sl->start_min, sl->minutes))
                rc = refuse_student(err, m, p->group_name,
                                    _("a weekly slot is outside the student's availability"));
        }
    }
    free(seen);
    free(joiners);
    free(tutor_groups);
    return rc;
}

/* ---- the database ------------------------------------------------------------------ */

/* A referral awaiting pairing while it is read. */
struct ref_row {
    int64_t referral_id, student_id, school_id;
    char local_number[84];
    char name[416];
    int level, priority, format, modality;
    unsigned subjects, covered;
    size_t n_free;
    struct pairing_interval *free;
};

static int cmp_ref_by_referral(const void *a, const void *b)
{
    const struct ref_row *x = *(const struct ref_row *const *)a, *y = *(const struct ref_row *const *)b;
    return (x->referral_id > y->referral_id) - (x->referral_id < y->referral_id);
}

static struct ref_row *ref_by_referral(struct ref_row **index, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (index[mid]->referral_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && index[lo]->referral_id == id ? index[lo] : NULL;
}

static struct ref_row *ref_by_student(struct ref_row *rows, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid].student_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && rows[lo].student_id == id ? &rows[lo] : NULL;
}

static struct pairing_tutor *tutor_by_id(struct pairing_instance *in, int64_t id)
{
    size_t lo = 0, hi = in->n_tutors;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (in->tutors[mid].tutor_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < in->n_tutors && in->tutors[lo].tutor_id == id ? &in->tutors[lo] : NULL;
}

static struct pairing_group *group_by_id(struct pairing_instance *in, int64_t id)
{
    size_t lo = 0, hi = in->n_groups;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (in->groups[mid].group_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < in->n_groups && in->groups[lo].group_id == id ? &in->groups[lo] : NULL;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

static void display_name(char *dst, size_t size, const char *last, const char *first)
{
    char raw[832];
    snprintf(raw, sizeof raw, "%s, %s", last, first);
    text_safe(dst, size, raw);
}

static int modality_bits(const char *code)
{
    if (strcmp(code, "school") == 0)
        return PAIRING_SCHOOL;
    if (strcmp(code, "either") == 0 || strcmp(code, "both") == 0)
        return PAIRING_ANY;
    return PAIRING_REMOTE;
}

/* Steps a statement to its end; row() handles each row.  TT_OK, or the
 * database's error with what was being done. */
static int read_rows(struct tt_db *db, sqlite3_stmt *st, void (*row)(sqlite3_stmt *, void *),
                     void *ctx, struct tt_error *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        row(st, ctx);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the data for pairing"));
}

struct load_ctx {
    struct pairing_instance *in;
    struct ref_row *rows;
    size_t n_rows, cap_rows;
    struct ref_row **by_referral;
    /* Member levels of each open group, for their median. */
    int *levels;
    int *n_levels;
};

static void row_referral(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    int64_t student = sqlite3_column_int64(st, 1);
    /* Rows come by student, latest referral first: keep that one. */
    if (c->n_rows > 0 && c->rows[c->n_rows - 1].student_id == student)
        return;
    c->rows = grow(c->rows, &c->n_rows, &c->cap_rows, sizeof *c->rows);
    struct ref_row *r = &c->rows[c->n_rows - 1];
    r->referral_id = sqlite3_column_int64(st, 0);
    r->student_id = student;
    r->school_id = sqlite3_column_int64(st, 2);
    text_safe(r->local_number, sizeof r->local_number, col_text(st, 3));
    display_name(r->name, sizeof r->name, col_text(st, 4), col_text(st, 5));
    r->level = pairing_level_index(col_text(st, 6));
    r->priority = sqlite3_column_int(st, 7);
    const char *format = col_text(st, 8);
    r->format = strcmp(format, "individual") == 0 ? PAIRING_FORMAT_INDIVIDUAL
              : strcmp(format, "group") == 0 ? PAIRING_FORMAT_GROUP : PAIRING_FORMAT_EITHER;
    r->modality = modality_bits(col_text(st, 9));
}

static void row_subject(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct ref_row *r = ref_by_referral(c->by_referral, c->n_rows, sqlite3_column_int64(st, 0));
    int subject = pairing_subject_index(col_text(st, 1));
    if (r && subject >= 0)
        r->subjects |= 1u << subject;
}

static void row_covered(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct ref_row *r = ref_by_student(c->rows, c->n_rows, sqlite3_column_int64(st, 0));
    int subject = pairing_subject_index(col_text(st, 1));
    if (r && subject >= 0)
        r->covered |= 1u << subject;
}

static void row_availability(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct ref_row *r = ref_by_referral(c->by_referral, c->n_rows, sqlite3_column_int64(st, 0));
    if (r)
        pairing_add_free(&r->free, &r->n_free, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                         sqlite3_column_int(st, 3));
}

static void row_student_busy(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct ref_row *r = ref_by_student(c->rows, c->n_rows, sqlite3_column_int64(st, 0));
    if (r)
        pairing_remove_busy(&r->free, &r->n_free, sqlite3_column_int(st, 1),
                            sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
}

static void row_tutor(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_tutor *t = pairing_add_tutor(c->in);
    t->tutor_id = sqlite3_column_int64(st, 0);
    display_name(t->name, sizeof t->name, col_text(st, 1), col_text(st, 2));
    t->school_id = sqlite3_column_int64(st, 3);
    t->modality = modality_bits(col_text(st, 4));
    t->free_minutes = sqlite3_column_type(st, 5) == SQLITE_NULL ? PAIRING_TUTOR_MINUTES
                                                                : sqlite3_column_int(st, 5);
}

static void row_skill(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_tutor *t = tutor_by_id(c->in, sqlite3_column_int64(st, 0));
    int subject = pairing_subject_index(col_text(st, 1)), level = pairing_level_index(col_text(st, 2));
    if (t && subject >= 0 && level >= 0)
        t->skills[subject] |= (uint16_t)(1u << level);
}

static void row_tutor_free(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_tutor *t = tutor_by_id(c->in, sqlite3_column_int64(st, 0));
    if (t)
        pairing_add_free(&t->free, &t->n_free, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                         sqlite3_column_int(st, 3));
}

static void row_tutor_busy(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_tutor *t = tutor_by_id(c->in, sqlite3_column_int64(st, 0));
    if (t == NULL)
        return;
    int minutes = sqlite3_column_int(st, 3);
    t->free_minutes -= minutes;
    pairing_remove_busy(&t->free, &t->n_free, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                        minutes);
}

static void row_group(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_group *g = pairing_add_group(c->in);
    g->group_id = sqlite3_column_int64(st, 0);
    text_safe(g->name, sizeof g->name, col_text(st, 1));
    g->tutor_id = sqlite3_column_int64(st, 2);
    g->school_id = sqlite3_column_int64(st, 3);
    g->subject = pairing_subject_index(col_text(st, 4));
    g->band = pairing_band_index(col_text(st, 5));
    g->modality = strcmp(col_text(st, 6), "school") == 0 ? PAIRING_SCHOOL : PAIRING_REMOTE;
    g->size_limit = sqlite3_column_int(st, 7);
    display_name(g->tutor_name, sizeof g->tutor_name, col_text(st, 8), col_text(st, 9));
    g->members = sqlite3_column_int(st, 10);
}

static void row_member_level(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_group *g = group_by_id(c->in, sqlite3_column_int64(st, 0));
    int level = pairing_level_index(col_text(st, 1));
    if (g == NULL || level < 0)
        return;
    size_t gi = (size_t)(g - c->in->groups);
    if (c->n_levels[gi] < PAIRING_MAX_SIZE)
        c->levels[gi * PAIRING_MAX_SIZE + c->n_levels[gi]++] = level;
}

static void row_group_slot(sqlite3_stmt *st, void *p)
{
    struct load_ctx *c = p;
    struct pairing_group *g = group_by_id(c->in, sqlite3_column_int64(st, 0));
    if (g == NULL || g->n_slots >= PAIRING_MAX_SLOTS)
        return;
    struct pairing_slot *s = &g->slots[g->n_slots++];
    s->weekday = sqlite3_column_int(st, 1);
    s->start_min = sqlite3_column_int(st, 2);
    s->minutes = sqlite3_column_int(st, 3);
}

/* One statement, all its rows. */
#define READ(sql, fn)                                                        \
    do {                                                                     \
        sqlite3_stmt *st_ = db_stmt(db, sql, err);                           \
        if (st_ == NULL) {                                                   \
            rc = err ? err->code : TT_ERR_DB;                                \
            goto done;                                                       \
        }                                                                    \
        if ((rc = read_rows(db, st_, fn, &c, err)) != TT_OK)                 \
            goto done;                                                       \
    } while (0)

int pairing_load(struct tt_db *db, const struct settings *s, tt_day today,
                 struct pairing_instance **out, struct tt_error *err)
{
    *out = NULL;
    struct load_ctx c;
    memset(&c, 0, sizeof c);
    c.in = pairing_instance_new(s ? (int)settings_int(s, SET_GROUP_SIZE_LIMIT) : 5);
    c.in->today = today;
    int rc = TT_OK;

    /* The latest referral of each student, when it awaits pairing. */
    READ("SELECT r.id, r.student_id, st.school_id, st.local_number, st.last_name, st.first_name,"
         " st.level, r.priority, r.format, r.modality"
         " FROM referral r JOIN student st ON st.id = r.student_id"
         " WHERE r.status = 'awaiting_pairing' AND st.anonymised = 0"
         " AND NOT EXISTS (SELECT 1 FROM referral r2 WHERE r2.student_id = r.student_id"
         "   AND (r2.referral_date > r.referral_date"
         "        OR (r2.referral_date = r.referral_date AND r2.id > r.id)))"
         " ORDER BY r.student_id, r.referral_date DESC, r.id DESC", row_referral);
    c.by_referral = xcalloc(c.n_rows + 1, sizeof *c.by_referral);
    for (size_t k = 0; k < c.n_rows; k++)
        c.by_referral[k] = &c.rows[k];
    qsort(c.by_referral, c.n_rows, sizeof *c.by_referral, cmp_ref_by_referral);
    READ("SELECT rs.referral_id, rs.subject FROM referral_subject rs"
         " JOIN referral r ON r.id = rs.referral_id WHERE r.status = 'awaiting_pairing'",
         row_subject);
    /* A subject with an active group is covered: that student stays where
     * they are for it. */
    READ("SELECT m.student_id, g.subject FROM membership m"
         " JOIN tutoring_group g ON g.id = m.group_id"
         " WHERE m.left_on IS NULL AND g.status <> 'ended'", row_covered);
    READ("SELECT ra.referral_id, ra.weekday, ra.start_min, ra.end_min"
         " FROM referral_availability ra JOIN referral r ON r.id = ra.referral_id"
         " WHERE r.status = 'awaiting_pairing'", row_availability);
    /* The hours of the student's current groups are no longer free. */
    READ("SELECT m.student_id, gs.weekday, gs.start_min, gs.minutes FROM membership m"
         " JOIN tutoring_group g ON g.id = m.group_id JOIN group_slot gs ON gs.group_id = g.id"
         " WHERE m.left_on IS NULL AND g.status <> 'ended'", row_student_busy);

    /* Tutors who may lead a group (the rule of the schema's trigger). */
    READ("SELECT id, last_name, first_name, ifnull(school_id, 0), modality, max_weekly_minutes"
         " FROM tutor WHERE status = 'hired' AND check_status = 'completed'"
         " AND check_result = 'clear' ORDER BY id", row_tutor);
    READ("SELECT tutor_id, subject, level FROM tutor_skill", row_skill);
    READ("SELECT tutor_id, weekday, start_min, end_min FROM tutor_availability", row_tutor_free);
    READ("SELECT g.tutor_id, gs.weekday, gs.start_min, gs.minutes FROM tutoring_group g"
         " JOIN group_slot gs ON gs.group_id = g.id WHERE g.status <> 'ended'", row_tutor_busy);

    /* Open groups whose tutor may still lead them. */
    READ("SELECT g.id, g.name, g.tutor_id, ifnull(g.school_id, 0), g.subject, g.level_band,"
         " g.modality, g.size_limit, t.last_name, t.first_name,"
         " (SELECT count(*) FROM membership m WHERE m.group_id = g.id AND m.left_on IS NULL)"
         " FROM tutoring_group g JOIN tutor t ON t.id = g.tutor_id"
         " WHERE g.status IN ('planned', 'active') AND t.status = 'hired'"
         " AND t.check_status = 'completed' AND t.check_result = 'clear' ORDER BY g.id", row_group);
    c.levels = xcalloc((c.in->n_groups + 1) * PAIRING_MAX_SIZE, sizeof(int));
    c.n_levels = xcalloc(c.in->n_groups + 1, sizeof(int));
    READ("SELECT m.group_id, st.level FROM membership m JOIN student st ON st.id = m.student_id"
         " JOIN tutoring_group g ON g.id = m.group_id"
         " WHERE m.left_on IS NULL AND g.status IN ('planned', 'active')", row_member_level);
    READ("SELECT gs.group_id, gs.weekday, gs.start_min, gs.minutes FROM group_slot gs"
         " JOIN tutoring_group g ON g.id = gs.group_id WHERE g.status IN ('planned', 'active')"
         " ORDER BY gs.group_id, gs.weekday, gs.start_min", row_group_slot);
    for (size_t gi = 0; gi < c.in->n_groups; gi++) {
        int64_t unused;
        c.in->groups[gi].ref_level = c.n_levels[gi] > 0
            ? median_cost(c.levels + gi * PAIRING_MAX_SIZE, c.n_levels[gi], NONE, &unused) : -1;
    }

    /* The students, each for the first subject without a group. */
    for (size_t k = 0; k < c.n_rows; k++) {
        struct ref_row *r = &c.rows[k];
        unsigned open = r->subjects & ~r->covered;
        if (r->subjects == 0) {
            c.in->no_subject++;
            continue;
        }
        if (open == 0 || r->level < 0) {
            c.in->covered += open == 0;
            continue;
        }
        struct pairing_student *st = pairing_add_student(c.in);
        st->student_id = r->student_id;
        st->referral_id = r->referral_id;
        st->school_id = r->school_id;
        memcpy(st->local_number, r->local_number, sizeof st->local_number);
        memcpy(st->name, r->name, sizeof st->name);
        st->level = r->level;
        st->subject = __builtin_ctz(open);
        st->priority = r->priority;
        st->format = r->format;
        st->modality = r->modality;
        st->free = r->free;
        st->n_free = r->n_free;
        r->free = NULL;
    }
done:
    for (size_t k = 0; k < c.n_rows; k++)
        free(c.rows[k].free);
    free(c.rows);
    free(c.by_referral);
    free(c.levels);
    free(c.n_levels);
    if (rc != TT_OK) {
        pairing_instance_free(c.in);
        return rc;
    }
    *out = c.in;
    return TT_OK;
}

/* The proposals with their indexes moved onto another instance of the
 * same database (ids stay); a member, group or tutor the instance no
 * longer has gets an index past the end, which pairing_check refuses. */
static struct pairing_proposal *remap(const struct pairing_result *r, struct pairing_instance *in)
{
    struct pairing_proposal *p = xcalloc(r->n_proposals + 1, sizeof *p);
    memcpy(p, r->proposals, r->n_proposals * sizeof *p);
    for (size_t k = 0; k < r->n_proposals; k++) {
        for (size_t i = 0; i < p[k].n_members && i < PAIRING_MAX_SIZE; i++) {
            struct pairing_member *m = &p[k].members[i];
            size_t lo = 0, hi = in->n_students;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (in->students[mid].student_id < m->student_id)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            m->student = lo < in->n_students && in->students[lo].student_id == m->student_id
                       ? lo : in->n_students;
        }
        if (p[k].kind == PAIRING_JOIN) {
            struct pairing_group *g = group_by_id(in, p[k].group_id);
            p[k].group = g ? (size_t)(g - in->groups) : in->n_groups;
        } else {
            struct pairing_tutor *t = tutor_by_id(in, p[k].tutor_id);
            p[k].tutor = t ? (size_t)(t - in->tutors) : in->n_tutors;
        }
    }
    return p;
}

static int apply_one(struct tt_db *db, const struct settings *s, const struct pairing_proposal *p,
                     tt_day today, struct tt_error *err)
{
    int64_t group_id = p->group_id;
    int rc;
    if (p->kind == PAIRING_NEW) {
        struct group *g = xcalloc(1, sizeof *g);
        tt_strlcpy(g->name, p->group_name, sizeof g->name);
        g->school_id = p->school_id;
        g->tutor_id = p->tutor_id;
        tt_strlcpy(g->subject, pairing_subject_code(p->subject), sizeof g->subject);
        tt_strlcpy(g->level_band, pairing_band_code(p->band), sizeof g->level_band);
        tt_strlcpy(g->modality, p->modality == PAIRING_SCHOOL ? "school" : "remote",
                   sizeof g->modality);
        date_iso(today, g->start_date);
        g->size_limit = p->size_limit;
        /* Planned: the coordinator still sets the place or the link and
         * the first session. */
        tt_strlcpy(g->status, "planned", sizeof g->status);
        g->n_slots = 1;
        g->slots[0].weekday = p->slots[0].weekday;
        g->slots[0].start_min = p->slots[0].start_min;
        g->slots[0].minutes = p->slots[0].minutes;
        rc = group_create(db, s, g, err);
        group_id = g->id;
        free(g);
        if (rc != TT_OK)
            return rc;
    }
    for (size_t i = 0; i < p->n_members; i++) {
        rc = group_add_member(db, group_id, p->members[i].student_id, today, p->reason, NULL, err);
        if (rc != TT_OK)
            return rc;
    }
    return TT_OK;
}

int pairing_apply(struct tt_db *db, const struct settings *s, const struct pairing_result *r,
                  const int *selected, const char *user, struct tt_error *err)
{
    char login[80];
    tt_strlcpy(login, db_login(db), sizeof login);
    if (user && user[0])
        db_set_login(db, user);
    int rc = db_begin(db, err);
    if (rc != TT_OK) {
        db_set_login(db, login);
        return rc;
    }
    /* Inside the transaction (taken for writing up front), the data read
     * now is what the proposals will meet: check them again against it,
     * since someone may have changed a group or a referral since the dry
     * run. */
    tt_day today = r->today != TT_DAY_NONE ? r->today : date_today();
    struct pairing_instance *now = NULL;
    rc = pairing_load(db, s, today, &now, err);
    if (rc == TT_OK) {
        struct pairing_result copy = *r;
        copy.proposals = remap(r, now);
        rc = pairing_check(now, &copy, selected, err);
        free(copy.proposals);
    }
    for (size_t k = 0; k < r->n_proposals && rc == TT_OK; k++) {
        if (!chosen(selected, k))
            continue;
        struct tt_error why;
        tt_error_clear(&why);
        rc = apply_one(db, s, &r->proposals[k], today, &why);
        if (rc != TT_OK)
            tt_error_set(err, rc, _("Proposal %zu (%s): %s"), k + 1, r->proposals[k].group_name,
                         why.msg);
    }
    pairing_instance_free(now);
    if (rc == TT_OK)
        rc = db_commit(db, err);
    if (rc != TT_OK)
        db_rollback(db);
    db_set_login(db, login);
    return rc;
}

/* ---- display ----------------------------------------------------------------------- */

void pairing_print(FILE *f, const struct pairing_result *r)
{
    const char *arrow = i18n_utf8() ? "\xe2\x86\x92" : "->";
    for (size_t k = 0; k < r->n_proposals; k++) {
        const struct pairing_proposal *p = &r->proposals[k];
        char slots[512];
        slots_text(p->slots, p->n_slots, slots, sizeof slots);
        if (p->kind == PAIRING_JOIN) {
            const struct pairing_member *m = &p->members[0];
            /* TRANSLATORS: 12. Student (local number) -> group (tutor: name), slots */
            fprintf(f, _("%zu. %s (%s) %s group %s (tutor: %s), %s\n"), k + 1, m->name,
                    m->local_number, arrow, p->group_name, p->tutor_name,
                    p->n_slots ? slots : _("no weekly slot"));
        } else {
            fprintf(f, _("%zu. New group: %s, %s, tutor %s, %s, %s\n"), k + 1,
                    label_for(LBL_SUBJECT, pairing_subject_code(p->subject)),
                    pairing_band_code(p->band), p->tutor_name,
                    p->modality == PAIRING_SCHOOL ? _("at school") : _("remote"), slots);
            for (size_t i = 0; i < p->n_members; i++)
                fprintf(f, "     %s %s (%s), %s\n", arrow, p->members[i].name,
                        p->members[i].local_number, pairing_level_code(p->members[i].level));
        }
        fprintf(f, "     %s\n", p->reason);
    }
    if (r->n_unplaced > 0) {
        fprintf(f, _("Not placed (%zu):\n"), r->n_unplaced);
        for (size_t k = 0; k < r->n_unplaced; k++)
            /* TRANSLATORS: a student left without a place: name (local number): why. */
            fprintf(f, _("  %s (%s): %s\n"), r->unplaced[k].name, r->unplaced[k].local_number,
                    r->unplaced[k].no_option
                        ? _("no group or tutor matches the subject, level, modality and availability")
                        : _("every group and tutor that matches is full or busy"));
    }
    const struct pairing_score *sc = &r->score;
    fprintf(f, _("Placed: %zu of %zu students awaiting pairing (%zu in existing groups, %zu in "
                 "%zu new groups).\n"), sc->placed, sc->awaiting, sc->joined,
            sc->placed - sc->joined, sc->new_groups);
    if (r->covered || r->no_subject)
        fprintf(f, _("Left aside: %zu students whose subjects all have a group, %zu referrals "
                     "without a subject.\n"), r->covered, r->no_subject);
    fprintf(f, _("Objective: %lld (priority weight %lld, new groups %zu, level distance %lld).\n"),
            (long long)sc->objective, (long long)sc->weight, sc->new_groups,
            (long long)sc->level_distance);
}
