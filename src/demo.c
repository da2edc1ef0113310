/* The demo: a fictional school service centre written through the data
 * layer, so that everything it holds obeys the rules the program enforces.
 * Deterministic for a given "today": the same seed gives the same people. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "consent.h"
#include "demo.h"
#include "i18n.h"
#include "referral_status.h"
#include "referrals.h"
#include "students.h"
#include "util.h"

static uint64_t rng_state;

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rng(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

#define PICK(arr) (arr)[rng((int)TT_ARRAY_LEN(arr))]

static const char *const girls[] = {
    "Éloïse", "Zoé", "Noémie", "Anaïs", "Maëlle", "Chloé", "Océane", "Léa", "Héloïse", "Mégane",
    "Frédérique", "Émilie", "Rosalie", "Béatrice", "Marianne", "Léonie", "Amélie", "Juliette",
    "Clémence", "Maïka", "Ève", "Laurence", "Anne-Sophie", "Florence",
};
static const char *const boys[] = {
    "Gaël", "Jérémie", "Loïc", "Benoît", "Raphaël", "Théo", "François", "Éric", "Mathéo",
    "Noé", "Zacharie", "Félix", "Jérôme", "Olivier", "Étienne", "Médéric", "Xavier", "Thomas",
    "Édouard", "Anthony", "Samuel", "Léo", "Louis-Philippe", "Nathan",
};
static const char *const last_names[] = {
    "Côté", "Bélanger", "Gagné", "Lévesque", "Bérubé", "Pelletier", "Tremblay", "Gélinas",
    "Ménard", "Thériault", "Lefèbvre", "Boisvert", "Leblanc", "Champagne", "Dubé", "Désilets",
    "Gagnon", "Roy", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Bédard", "Paré",
    "Séguin", "Hébert", "Lemieux", "Giguère", "Poirier", "Vézina", "Brisebois", "Lachapelle",
};
static const char *const adults[] = {
    "Julie", "Isabelle", "Nathalie", "Mélanie", "Geneviève", "Stéphanie", "Karine", "Josée",
    "Martin", "Sébastien", "Patrick", "Éric", "François", "Stéphane", "Jean-François", "Hugo",
};
static const char *const difficulties[] = {
    "Lit lentement et devine les mots longs; la compréhension suit mal.",
    "Confond les opérations en résolution de problèmes; oublie les retenues.",
    "Rédige des phrases courtes, peu d'accords; hésite à se relire.",
    "Décroche depuis l'enseignement à distance; devoirs rarement remis.",
    "Bases fragiles en fractions et en proportions.",
    "Vocabulaire anglais limité, manque de confiance à l'oral.",
};
static const char *const strengths[] = {
    "Curieux, aime les sciences et les animaux.", "Persévérante quand on l'encourage.",
    "Très bon en sport, leader positif dans son groupe.", "Aime dessiner et raconter des histoires.",
    "Travaille bien en petit groupe.",
};
static const char *const strategies[] = {
    "Récupération le midi, lecture guidée en classe.", "Aide aux devoirs à l'école, appel aux parents.",
    "Plan de travail adapté, outils visuels.", "",
};

struct demo {
    struct tt_db *db;
    const struct settings *s;
    tt_day today, monday, year_start, year_end, groups_start;
    int64_t school[2];
    int64_t year_id;
    char login[65];
    struct tt_error *err;
};

/* Runs a cached statement with parameters described by fmt: i = int64,
 * n = int64 or NULL when negative, t = text (NULL binds NULL), d = day (as
 * ISO text). */
static int exec_bound(struct demo *d, const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *st = db_stmt(d->db, sql, d->err);
    if (st == NULL)
        return d->err->code;
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i') {
            sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        } else if (fmt[i] == 'n') {
            int64_t v = va_arg(ap, int64_t);
            if (v >= 0)
                sqlite3_bind_int64(st, i + 1, v);
        } else if (fmt[i] == 't') {
            const char *v = va_arg(ap, const char *);
            if (v)
                sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
        } else if (fmt[i] == 'd') {
            char iso[11];
            date_iso((tt_day)va_arg(ap, int), iso);
            sqlite3_bind_text(st, i + 1, iso, -1, SQLITE_TRANSIENT);
        }
    }
    va_end(ap);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_fail(d->db, rc, d->err, _("Creating the demo data"));
    return TT_OK;
}

/* Easter Sunday (anonymous Gregorian algorithm): Good Friday and Easter
 * Monday are holidays in Québec schools. */
static tt_day easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - dd - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
    tt_day t;
    date_from_ymd(y, month, day, &t);
    return t;
}

static int is_non_school_day(const tt_day *days, int n, tt_day t)
{
    for (int i = 0; i < n; i++)
        if (days[i] == t)
            return 1;
    return 0;
}

static tt_day nsd[16];
static int n_nsd;

static int create_organisation(struct demo *d)
{
    int rc = exec_bound(d, "INSERT INTO organisation (id, name, kind, ministry_code, budget_cents)"
                           " VALUES (1, ?1, 'css', '751000', 600000)",
                        "t", "Centre de services scolaire des Hautes-Rivières");
    if (rc == TT_OK)
        rc = exec_bound(d, "INSERT INTO school (code, name, budget_cents) VALUES (?1, ?2, 9000000)",
                        "tt", "SEDO", "École primaire Saint-Édouard");
    d->school[0] = db_last_id(d->db);
    if (rc == TT_OK)
        rc = exec_bound(d, "INSERT INTO school (code, name, budget_cents) VALUES (?1, ?2, 12000000)",
                        "tt", "FLEC", "École secondaire Félix-Leclerc");
    d->school[1] = db_last_id(d->db);
    int sy, sm, sd, ey, em, ed;
    date_to_ymd(d->year_start, &sy, &sm, &sd);
    date_to_ymd(d->year_end, &ey, &em, &ed);
    char label[16];
    snprintf(label, sizeof label, "%04d-%04d", sy % 10000, ey % 10000);
    if (rc == TT_OK)
        rc = exec_bound(d, "INSERT INTO school_year (label, start_date, end_date) VALUES (?1, ?2, ?3)",
                        "tdd", label, (int)d->year_start, (int)d->year_end);
    d->year_id = db_last_id(d->db);
    /* Holidays of the year, and pedagogical days every ten weeks or so. */
    tt_day e = easter(ey);
    n_nsd = 0;
    nsd[n_nsd++] = e - 2;
    nsd[n_nsd++] = e + 1;
    for (int w = 6; w < 44 && n_nsd < 8; w += 9)
        nsd[n_nsd++] = date_week_monday(d->year_start) + w * 7 + 4;
    for (int i = 0; rc == TT_OK && i < n_nsd; i++)
        rc = exec_bound(d, "INSERT INTO non_school_day (school_year_id, day, kind, label)"
                           " VALUES (?1, ?2, ?3, ?4)", "idtt", d->year_id, (int)nsd[i],
                        i < 2 ? "holiday" : "pedagogical",
                        i == 0 ? "Vendredi saint" : i == 1 ? "Lundi de Pâques"
                                                           : "Journée pédagogique");
    return rc;
}

struct demo_student {
    int64_t id;
    int school;        /* 0 primary, 1 secondary */
    int level;         /* 0..5 = P1..P6 or S1..S5 */
    int taken;
};
#define N_STUDENTS 150
static struct demo_student students[N_STUDENTS];

static const char *level_code(int school, int level)
{
    static const char *const p[] = { "P1", "P2", "P3", "P4", "P5", "P6" };
    static const char *const s[] = { "S1", "S2", "S3", "S4", "S5" };
    return school == 0 ? p[level] : s[level];
}

static int create_students(struct demo *d)
{
    for (int i = 0; i < N_STUDENTS; i++) {
        struct demo_student *ds = &students[i];
        ds->school = i < 90 ? 0 : 1;
        ds->level = ds->school == 0 ? i % 6 : i % 5;
        struct student s;
        memset(&s, 0, sizeof s);
        s.school_id = d->school[ds->school];
        int girl = rng(2);
        const char *last = PICK(last_names);
        if (rng(6) == 0) {
            const char *second = PICK(last_names);
            if (strcmp(second, last) != 0)
                snprintf(s.last_name, sizeof s.last_name, "%s-%s", last, second);
            else
                tt_strlcpy(s.last_name, last, sizeof s.last_name);
        } else {
            tt_strlcpy(s.last_name, last, sizeof s.last_name);
        }
        tt_strlcpy(s.first_name, girl ? PICK(girls) : PICK(boys), sizeof s.first_name);
        snprintf(s.local_number, sizeof s.local_number, "%07d", 2100001 + i * 37);
        int sy, sm, sd;
        date_to_ymd(d->year_start, &sy, &sm, &sd);
        int age = (ds->school == 0 ? 6 : 12) + ds->level;
        tt_day birth;
        date_from_ymd(sy - age, 1 + rng(12), 1 + rng(28), &birth);
        date_iso(birth, s.birth_date);
        /* Two students in three have a code permanent: letters of the names,
         * the birth date (girls' months plus 50) and two digits. */
        if (rng(3) != 0) {
            int by, bm, bd;
            date_to_ymd(birth, &by, &bm, &bd);
            char l4[5] = "XXXX";
            const char *src = s.last_name;
            for (int k = 0, o = 0; src[k] && o < 3; k++)
                if ((src[k] >= 'A' && src[k] <= 'Z') || (src[k] >= 'a' && src[k] <= 'z'))
                    l4[o++] = (char)(src[k] & ~0x20);
            l4[3] = (char)(s.first_name[0] >= 'A' && s.first_name[0] <= 'Z' ? s.first_name[0] : 'E');
            snprintf(s.code_permanent, sizeof s.code_permanent, "%s%02d%02d%02d%02d", l4, bd,
                     bm + (girl ? 50 : 0), by % 100, (i * 7) % 100);
        }
        tt_strlcpy(s.level, level_code(ds->school, ds->level), sizeof s.level);
        snprintf(s.class_group, sizeof s.class_group, "%d%02d", ds->level + 1, 1 + rng(3));
        tt_strlcpy(s.language, rng(12) == 0 ? "en" : "fr", sizeof s.language);
        s.has_intervention_plan = rng(8) == 0;
        s.needs_francization = rng(15) == 0;
        int rc = student_save(d->db, &s, d->err);
        if (rc == TT_ERR_RULE && strcmp(d->err->field, "code_permanent") == 0) {
            /* Made-up codes may collide; such a student simply has none. */
            s.code_permanent[0] = '\0';
            rc = student_save(d->db, &s, d->err);
        }
        if (rc != TT_OK)
            return rc;
        ds->id = s.id;

        struct guardian g;
        memset(&g, 0, sizeof g);
        g.rank = 1;
        snprintf(g.full_name, sizeof g.full_name, "%s %s", PICK(adults), last);
        tt_strlcpy(g.relationship, rng(3) ? "mother" : "father", sizeof g.relationship);
        snprintf(g.phone, sizeof g.phone, "819-555-%04d", 100 + i);
        snprintf(g.email, sizeof g.email, "parent%03d@courriel.example", i + 1);
        tt_strlcpy(g.language, s.language, sizeof g.language);
        rc = guardian_save(d->db, s.id, &g, d->err);
        if (rc == TT_OK && rng(2)) {
            g.rank = 2;
            snprintf(g.full_name, sizeof g.full_name, "%s %s", PICK(adults), PICK(last_names));
            tt_strlcpy(g.relationship, rng(5) ? "father" : "guardian", sizeof g.relationship);
            snprintf(g.phone, sizeof g.phone, "819-555-%04d", 5100 + i);
            g.email[0] = '\0';
            rc = guardian_save(d->db, s.id, &g, d->err);
        }
        if (rc != TT_OK)
            return rc;
    }
    return TT_OK;
}

/* A referral through the same function the form uses. */
static int refer(struct demo *d, struct demo_student *ds, tt_day on, unsigned subjects,
                 int64_t *referral_id)
{
    struct student s;
    struct guardian g[2];
    int ng = 0;
    int rc = student_get(d->db, ds->id, &s, d->err);
    if (rc == TT_OK)
        rc = guardians_get(d->db, ds->id, g, &ng, d->err);
    if (rc != TT_OK)
        return rc;
    for (int i = ng; i < 2; i++) {
        memset(&g[i], 0, sizeof g[i]);
        g[i].rank = i + 1;
    }
    /* guardians_get orders by rank; the form expects slot i = rank i+1. */
    struct referral *r = referral_new();
    r->school_id = s.school_id;
    date_iso(on, r->referral_date);
    snprintf(r->referrer_name, sizeof r->referrer_name, "%s %s", rng(2) ? "Mme" : "M.",
             PICK(last_names));
    tt_strlcpy(r->referrer_role, rng(5) ? "teacher" : "special_ed", sizeof r->referrer_role);
    tt_strlcpy(r->class_group, s.class_group, sizeof r->class_group);
    r->subjects = subjects;
    tt_strlcpy(r->difficulties, PICK(difficulties), sizeof r->difficulties);
    tt_strlcpy(r->strengths, PICK(strengths), sizeof r->strengths);
    tt_strlcpy(r->strategies_tried, PICK(strategies), sizeof r->strategies_tried);
    tt_strlcpy(r->since_when, rng(2) ? "Depuis septembre" : "Depuis le retour en classe",
               sizeof r->since_when);
    r->rai_level = 2 + rng(2);
    r->priority = 1 + rng(3);
    tt_strlcpy(r->format, rng(3) ? "group" : "either", sizeof r->format);
    tt_strlcpy(r->modality, rng(4) ? "remote" : "either", sizeof r->modality);
    r->has_device = rng(10) != 0;
    r->has_internet = rng(12) != 0;
    r->wellbeing_concern = rng(8) == 0;
    r->availability = AVAIL_BIT(rng(5), 2) | AVAIL_BIT(rng(5), 2) | AVAIL_BIT(rng(5), 1);
    rc = referral_save_form(d->db, &s, g, r, d->err);
    *referral_id = r->id;
    referral_free(r);
    return rc;
}

static int move(struct demo *d, int64_t rid, const char *to, tt_day on, const char *note,
                const char *reason)
{
    return referral_set_status(d->db, rid, to, on, note, reason, d->err);
}

static int consent(struct demo *d, int64_t student, const char *purpose, const char *status,
                   tt_day on)
{
    struct consent c;
    memset(&c, 0, sizeof c);
    c.student_id = student;
    c.student_agreement = -1;
    tt_strlcpy(c.purpose, purpose, sizeof c.purpose);
    tt_strlcpy(c.status, status, sizeof c.status);
    if (strcmp(status, "pending") == 0) {
        date_iso(on, c.requested_on);
    } else {
        date_iso(on, c.decided_on);
        int how = rng(3);
        tt_strlcpy(c.method, how == 0 ? "signed_form" : how == 1 ? "email" : "phone",
                   sizeof c.method);
        if (how == 2)
            tt_strlcpy(c.noted_by, "Secrétariat", sizeof c.noted_by);
    }
    struct guardian g[2];
    int ng = 0;
    if (guardians_get(d->db, student, g, &ng, d->err) == TT_OK && ng > 0)
        c.guardian_id = g[0].id;
    return consent_record(d->db, &c, d->year_end, d->err);
}

struct demo_group {
    const char *name;
    int school;
    const char *subject;
    int subject_bit;
    int level_lo, level_hi;     /* within the school's levels */
    const char *band;
    const char *modality;
    int size;                   /* members to place */
    int weekday, start_min, minutes;
    int64_t id, tutor;
    int64_t members[5];
    int n_members;
};

static struct demo_group groups[] = {
    { "Lecture 1re-2e", 0, "fr_reading", 0, 0, 1, "P1-P2", "school", 4, 2, 930, 45, 0, 0, {0}, 0 },
    { "Mathématiques 3e-4e", 0, "math", 2, 2, 3, "P3-P4", "remote", 3, 3, 945, 60, 0, 0, {0}, 0 },
    { "Lecture 3e-4e", 0, "fr_reading", 0, 2, 3, "P3-P4", "remote", 3, 1, 945, 45, 0, 0, {0}, 0 },
    { "Écriture 5e-6e", 0, "fr_writing", 1, 4, 5, "P5-P6", "remote", 3, 4, 945, 60, 0, 0, {0}, 0 },
    { "Mathématiques 5e-6e", 0, "math", 2, 4, 5, "P5-P6", "school", 3, 2, 700, 50, 0, 0, {0}, 0 },
    { "Mathématiques sec. 1-2", 1, "math", 2, 0, 1, "S1-S2", "remote", 3, 1, 960, 60, 0, 0, {0}, 0 },
    { "Français sec. 1-2", 1, "fr_writing", 1, 0, 1, "S1-S2", "remote", 3, 3, 960, 60, 0, 0, {0}, 0 },
    { "Sciences sec. 3-5", 1, "science", 4, 2, 4, "S3-S5", "remote", 2, 2, 1110, 60, 0, 0, {0}, 0 },
    { "Anglais sec. 3-5", 1, "english", 3, 2, 4, "S3-S5", "remote", 2, 4, 1110, 45, 0, 0, {0}, 0 },
    { "Mathématiques sec. 4 (individuel)", 1, "math", 2, 3, 3, "S3-S5", "remote", 1, 1, 1140, 60, 0, 0, {0}, 0 },
};
#define N_GROUPS ((int)TT_ARRAY_LEN(groups))

struct demo_tutor {
    const char *first, *last, *category, *source, *final;
    const char *institution, *program;
};
static const struct demo_tutor tutors[] = {
    { "Camille", "Ouellet", "university", "platform", "hired", "Université de Sherbrooke", "Baccalauréat en enseignement au primaire" },
    { "Alexandre", "Beaulieu", "university", "platform", "hired", "Université Laval", "Baccalauréat en mathématiques" },
    { "Sarah-Maude", "Lapointe", "college", "platform", "hired", "Cégep de Trois-Rivières", "Techniques d'éducation à l'enfance" },
    { "Denis", "Gingras", "retiree", "platform", "hired", NULL, "Enseignant retraité, mathématiques" },
    { "Lucie", "Brassard", "staff_regular", "staff", "hired", NULL, NULL },
    { "Marc-André", "Pépin", "substitute", "staff", "hired", NULL, NULL },
    { "Justine", "Émond", "university", "platform", "hired", "UQTR", "Baccalauréat en enseignement du français" },
    { "Kevin", "Marchand", "college", "platform", "hired", "Cégep de Drummondville", "Sciences de la nature" },
    { "Hélène", "Caron", "retiree", "platform", "hired", NULL, "Orthopédagogue retraitée" },
    { "Ariane", "St-Pierre", "university", "platform", "hired", "Université de Montréal", "Baccalauréat en enseignement de l'anglais" },
    { "Philippe", "Grégoire", "staff_parttime", "staff", "hired", NULL, NULL },
    { "Nadia", "Benoît", "university", "platform", "hired", "UQAM", "Maîtrise en didactique" },
    { "Olivier", "Dufresne", "college", "platform", "processing", "Cégep de Sherbrooke", "Sciences humaines" },
    { "Audrey", "Lemay", "university", "platform", "processing", "Université Laval", "Psychoéducation" },
    { "Gilles", "Turcotte", "retiree", "platform", "processing", NULL, "Directeur d'école retraité" },
    { "Valérie", "Proulx", "substitute", "staff", "processing", NULL, NULL },
    { "Mathieu", "Paquette", "college", "platform", "received", "Cégep de Victoriaville", "Techniques de loisir" },
    { "Élise", "Nadeau", "university", "platform", "received", "Université de Sherbrooke", "Orthopédagogie" },
    { "Simon", "Drouin", "university", "platform", "received", "UQTR", "Génie mécanique" },
    { "Isabelle", "Robitaille", "retiree", "direct", "received", NULL, "Secrétaire d'école retraitée" },
    { "Martine", "Allard", "staff_regular", "staff", "interest", NULL, NULL },
    { "Yannick", "Cloutier", "substitute", "staff", "interest", NULL, NULL },
    { "Rémi", "Fournier", "college", "platform", "declined", "Cégep de Granby", "Arts visuels" },
    { "Catherine", "Villeneuve", "university", "platform", "declined", "Université McGill", "Droit" },
    { "Antoine", "Marcoux", "university", "platform", "withdrawn", "Université Laval", "Kinésiologie" },
};
#define N_TUTORS ((int)TT_ARRAY_LEN(tutors))
static int64_t tutor_ids[N_TUTORS];

static int tutor_move(struct demo *d, int64_t id, const char *from, const char *to, tt_day on,
                      const char *note)
{
    int rc = exec_bound(d, "UPDATE tutor SET status = ?2, status_date = ?3 WHERE id = ?1", "itd",
                        id, to, (int)on);
    if (rc == TT_OK)
        rc = exec_bound(d, "INSERT INTO tutor_status_history (tutor_id, from_status, to_status,"
                           " changed_on, changed_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        "ittdtt", id, from, to, (int)on, d->login, note);
    return rc;
}

static int create_tutors(struct demo *d)
{
    tt_day applied = d->groups_start - 30;
    for (int i = 0; i < N_TUTORS; i++) {
        const struct demo_tutor *t = &tutors[i];
        char email[200];
        snprintf(email, sizeof email, "candidat%02d@tutorat.example", i + 1);
        const char *start = strcmp(t->final, "interest") == 0 || strcmp(t->source, "staff") == 0
                                ? "interest" : "received";
        tt_day on = applied + rng(10);
        char *key = student_search_key(t->last, t->first, "", "");
        int rc = exec_bound(d,
            "INSERT INTO tutor (last_name, first_name, search_key, email, phone, category, source,"
            " institution, program, region, desired_org, applied_on, school_id, modality, status,"
            " status_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'Mauricie', ?10, ?11, ?12,"
            " ?13, ?14, ?11)", "ttttttttttditt",
            t->last, t->first, key, email, "819-555-7000", t->category, t->source,
            t->institution, t->program, "Centre de services scolaire des Hautes-Rivières",
            (int)on, d->school[i % 2], i % 3 == 0 ? "both" : "remote", start);
        free(key);
        if (rc != TT_OK)
            return rc;
        int64_t id = db_last_id(d->db);
        tutor_ids[i] = id;
        rc = exec_bound(d, "INSERT INTO tutor_status_history (tutor_id, from_status, to_status,"
                           " changed_on, changed_by) VALUES (?1, NULL, ?2, ?3, ?4)", "itdt",
                        id, start, (int)on, d->login);
        const char *final = t->final;
        tt_day step = on + 3;
        if (rc == TT_OK && strcmp(final, "interest") != 0 && strcmp(start, "interest") == 0)
            rc = tutor_move(d, id, "interest", "processing", step++, "Bénévole du personnel");
        else if (rc == TT_OK && (strcmp(final, "processing") == 0 || strcmp(final, "hired") == 0))
            rc = tutor_move(d, id, "received", "processing", step++, "Entrevue planifiée");
        if (rc == TT_OK && strcmp(final, "hired") == 0) {
            char emp[16];
            snprintf(emp, sizeof emp, "E%05d", 40100 + i);
            rc = exec_bound(d, "UPDATE tutor SET hire_date = ?2, employee_number = ?3,"
                               " check_status = 'completed', check_requested_on = ?4,"
                               " check_completed_on = ?5, check_result = 'clear', training_on = ?5,"
                               " confidentiality_on = ?5, max_weekly_minutes = 360 WHERE id = ?1",
                            "idtdd", id, (int)(step + 7), emp, (int)step, (int)(step + 6));
            if (rc == TT_OK)
                rc = tutor_move(d, id, "processing", "hired", step + 7, "Vérification complétée");
        } else if (rc == TT_OK && strcmp(final, "declined") == 0) {
            rc = tutor_move(d, id, "received", "declined", step + 5, "Profil ne correspondant pas");
        } else if (rc == TT_OK && strcmp(final, "withdrawn") == 0) {
            rc = tutor_move(d, id, "received", "withdrawn", step + 4, "A accepté un autre emploi");
        }
        /* Every candidate gets an answer, but not all of them yet. */
        if (rc == TT_OK && (strcmp(final, "hired") == 0 || strcmp(final, "declined") == 0 ||
                            strcmp(final, "processing") == 0 || i % 4 == 0))
            rc = exec_bound(d, "UPDATE tutor SET answered_on = ?2, answered_how = ?3,"
                               " answered_by = ?4 WHERE id = ?1", "idtt", id, (int)(on + 2),
                            rng(2) ? "email" : "phone", d->login);
        for (int k = 0; rc == TT_OK && k < 3; k++) {
            static const char *const subj[] = { "fr_reading", "fr_writing", "math", "english",
                                                "science" };
            const char *lv = i % 2 == 0 ? (k == 0 ? "P3" : k == 1 ? "P5" : "P1")
                                        : (k == 0 ? "S1" : k == 1 ? "S3" : "S4");
            rc = exec_bound(d, "INSERT OR IGNORE INTO tutor_skill (tutor_id, subject, level)"
                               " VALUES (?1, ?2, ?3)", "itt", id, subj[(i + k) % 5], lv);
        }
        for (int k = 1; rc == TT_OK && k <= 4; k++)
            if ((i + k) % 2 == 0)
                rc = exec_bound(d, "INSERT INTO tutor_availability (tutor_id, weekday, start_min,"
                                   " end_min) VALUES (?1, ?2, 930, 1200)", "ii", id, (int64_t)k);
        if (rc != TT_OK)
            return rc;
    }
    /* A raise mid-term for one tutor: past hours keep the old rate. */
    return exec_bound(d, "INSERT INTO tutor_rate (tutor_id, effective_on, rate_cents, set_by, note)"
                         " VALUES (?1, ?2, 2500, ?3, 'Entente particulière')", "idt",
                      tutor_ids[1], (int)(d->monday - 21), d->login);
}

/* Group members are referred, consented and paired before the groups
 * start; the other referrals stop at every other step of the way. */
static int create_referrals_and_groups(struct demo *d)
{
    int rc = TT_OK;
    tt_day referred = d->groups_start - 28;
    int hired_seen = 0;
    for (int g = 0; g < N_GROUPS && rc == TT_OK; g++) {
        struct demo_group *grp = &groups[g];
        /* The g-th hired tutor leads group g. */
        int k = 0;
        for (int i = 0; i < N_TUTORS; i++) {
            if (strcmp(tutors[i].final, "hired") != 0)
                continue;
            if (k++ == hired_seen) {
                grp->tutor = tutor_ids[i];
                break;
            }
        }
        hired_seen++;
        rc = exec_bound(d,
            "INSERT INTO tutoring_group (name, school_id, tutor_id, subject, level_band, modality,"
            " place, meeting_link, start_date, size_limit, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
            " ?7, ?8, ?9, ?10, 'active')", "tiitttttdi", grp->name, d->school[grp->school],
            grp->tutor, grp->subject, grp->band, grp->modality,
            strcmp(grp->modality, "school") == 0 ? "Bibliothèque" : NULL,
            strcmp(grp->modality, "remote") == 0 ? "https://visio.example/tutorat" : NULL,
            (int)d->groups_start, (int64_t)(grp->size == 1 ? 1 : 5));
        if (rc != TT_OK)
            break;
        grp->id = db_last_id(d->db);
        rc = exec_bound(d, "INSERT INTO group_slot (group_id, weekday, start_min, minutes)"
                           " VALUES (?1, ?2, ?3, ?4)", "iiii", grp->id, (int64_t)grp->weekday,
                        (int64_t)grp->start_min, (int64_t)grp->minutes);
        if (rc == TT_OK && grp->size > 1)
            rc = exec_bound(d, "INSERT INTO group_slot (group_id, weekday, start_min, minutes)"
                               " VALUES (?1, ?2, ?3, ?4)", "iiii", grp->id,
                            (int64_t)(grp->weekday + 2), (int64_t)grp->start_min,
                            (int64_t)grp->minutes);
        if (rc == TT_OK)
            rc = exec_bound(d, "INSERT INTO group_tutor_history (group_id, tutor_id, from_date,"
                               " reason, changed_by) VALUES (?1, ?2, ?3, 'Jumelage initial', ?4)",
                            "iidt", grp->id, grp->tutor, (int)d->groups_start, d->login);
        /* Members: unreferred students of the right school and levels. */
        for (int i = 0; i < N_STUDENTS && grp->n_members < grp->size && rc == TT_OK; i++) {
            struct demo_student *ds = &students[i];
            if (ds->taken || ds->school != grp->school || ds->level < grp->level_lo ||
                ds->level > grp->level_hi)
                continue;
            ds->taken = 1;
            int64_t rid;
            rc = refer(d, ds, referred + rng(7), 1u << grp->subject_bit | (rng(3) ? 0 : 1u << 6),
                       &rid);
            if (rc == TT_OK)
                rc = move(d, rid, "awaiting_consent", referred + 8, "Décision de la direction", NULL);
            if (rc == TT_OK)
                rc = consent(d, ds->id, "tutoring", "given", referred + 12);
            if (rc == TT_OK)
                rc = consent(d, ds->id, "remote", "given", referred + 12);
            if (rc == TT_OK && rng(3) == 0)
                rc = consent(d, ds->id, "share_referral", "given", referred + 12);
            if (rc == TT_OK)
                rc = move(d, rid, "awaiting_pairing", referred + 13, NULL, NULL);
            if (rc == TT_OK)
                rc = exec_bound(d, "INSERT INTO membership (group_id, student_id, referral_id,"
                                   " joined_on, join_reason, created_by) VALUES (?1, ?2, ?3, ?4,"
                                   " 'Jumelage', ?5)", "iiidt", grp->id, ds->id, rid,
                                (int)d->groups_start, d->login);
            if (rc == TT_OK)
                rc = move(d, rid, "active", d->groups_start, "Première séance", NULL);
            grp->members[grp->n_members++] = ds->id;
        }
    }
    /* The other referrals, one status after another, among students
     * visited in a stride that mixes schools and levels. */
    static const char *const stops[] = { "received", "awaiting_consent", "awaiting_pairing",
                                         "suspended", "closed" };
    static const int counts[] = { 7, 9, 10, 3, 4 };
    int total = 0;
    for (int g = 0; g < N_GROUPS; g++)
        total += groups[g].n_members;
    int i = 0;
    for (size_t s = 0; s < TT_ARRAY_LEN(stops) && rc == TT_OK; s++) {
        for (int c = 0; c < counts[s] && total < 60 && rc == TT_OK; c++) {
            do
                i = (i + 7) % N_STUDENTS;
            while (students[i].taken);
            struct demo_student *ds = &students[i];
            ds->taken = 1;
            total++;
            int64_t rid;
            tt_day on = d->groups_start + 7 * (int)s + rng(14);
            if (on >= d->today)
                on = d->today - 1 - rng(5);
            rc = refer(d, ds, on, 1u << rng(4) | (rng(2) ? 1u << 2 : 0), &rid);
            if (rc != TT_OK || strcmp(stops[s], "received") == 0)
                continue;
            if (strcmp(stops[s], "closed") == 0) {
                if (c % 2 == 0) {
                    rc = move(d, rid, "awaiting_consent", on, NULL, NULL);
                    if (rc == TT_OK)
                        rc = consent(d, ds->id, "tutoring", "refused", on + 1);
                    if (rc == TT_OK)
                        rc = move(d, rid, "closed", on + 1, NULL, "Refus des parents");
                } else {
                    rc = move(d, rid, "closed", on, NULL, "Suivi assuré par l'orthopédagogue");
                }
                continue;
            }
            rc = move(d, rid, "awaiting_consent", on, NULL, NULL);
            if (rc == TT_OK && strcmp(stops[s], "awaiting_consent") == 0) {
                if (c % 3 != 2)
                    rc = consent(d, ds->id, "tutoring", "pending", on);
                continue;
            }
            if (rc == TT_OK)
                rc = consent(d, ds->id, "tutoring", "given", on);
            if (rc == TT_OK && c % 2 == 0)
                rc = consent(d, ds->id, "remote", "given", on);
            if (rc == TT_OK)
                rc = move(d, rid, "awaiting_pairing", on, NULL, NULL);
            if (rc == TT_OK && strcmp(stops[s], "suspended") == 0) {
                rc = move(d, rid, "active", on, NULL, NULL);
                if (rc == TT_OK)
                    rc = move(d, rid, "suspended", on + 2, "Hospitalisation", NULL);
            }
        }
    }
    return rc;
}

/* One member of a group leaves: the history shows it, the referral is
 * suspended, and the parents withdraw their consent that day. */
static int member_leaves(struct demo *d)
{
    struct demo_group *grp = &groups[0];
    if (grp->n_members < 2)
        return TT_OK;
    int64_t student = grp->members[grp->n_members - 1];
    tt_day left = d->monday - 14 - 3;
    int rc = exec_bound(d, "UPDATE membership SET left_on = ?3, leave_reason = 'Déménagement'"
                           " WHERE group_id = ?1 AND student_id = ?2", "iid", grp->id, student,
                        (int)left);
    int64_t rid = 0;
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(d->db, "SELECT id FROM referral WHERE student_id = ?1"
                                          " AND status = 'active'", d->err);
        if (st == NULL)
            return d->err->code;
        sqlite3_bind_int64(st, 1, student);
        if (sqlite3_step(st) == SQLITE_ROW)
            rid = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    if (rc == TT_OK && rid)
        rc = move(d, rid, "suspended", left, "A quitté le groupe", NULL);
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(d->db, "SELECT id FROM consent WHERE student_id = ?1"
                                          " AND purpose = 'tutoring' AND status = 'given'", d->err);
        if (st == NULL)
            return d->err->code;
        sqlite3_bind_int64(st, 1, student);
        int64_t cid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (cid)
            rc = consent_withdraw(d->db, cid, left, "Retrait par courriel", d->err);
    }
    return rc;
}

static int is_member_on(struct demo *d, int64_t group, int64_t student, tt_day on)
{
    char iso[11];
    date_iso(on, iso);
    sqlite3_stmt *st = db_stmt(d->db, "SELECT count(*) FROM membership WHERE group_id = ?1"
                                      " AND student_id = ?2 AND joined_on <= ?3"
                                      " AND (left_on IS NULL OR left_on > ?3)", d->err);
    if (st == NULL)
        return 0;
    sqlite3_bind_int64(st, 1, group);
    sqlite3_bind_int64(st, 2, student);
    sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
    int yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    return yes;
}

/* Eight weeks of sessions before this week, and this week's, planned. */
static int create_sessions(struct demo *d)
{
    int rc = TT_OK;
    int64_t spare = tutor_ids[10];
    for (int g = 0; g < N_GROUPS && rc == TT_OK; g++) {
        struct demo_group *grp = &groups[g];
        int n_days = grp->size > 1 ? 2 : 1;
        for (int w = -8; w <= 0 && rc == TT_OK; w++) {
            for (int k = 0; k < n_days && rc == TT_OK; k++) {
                tt_day day = d->monday + 7 * w + (grp->weekday + 2 * k - 1);
                if (day < d->groups_start || is_non_school_day(nsd, n_nsd, day))
                    continue;
                int r = rng(20);
                const char *status = "held";
                const char *reason = NULL;
                if (day >= d->today || (w == -1 && g < 3)) {
                    status = "planned";
                } else if (r == 0) {
                    status = "cancelled_student";
                    reason = "Sortie scolaire";
                } else if (r == 1) {
                    status = "cancelled_tutor";
                    reason = "Tuteur malade";
                }
                int held = strcmp(status, "held") == 0;
                int minutes = grp->minutes - (held && rng(6) == 0 ? 5 : 0);
                int64_t tutor = grp->tutor;
                if (g == 1 && w == -4 && k == 0)
                    tutor = spare; /* a replacement, recorded on the session */
                rc = exec_bound(d,
                    "INSERT INTO session (group_id, session_date, start_min, planned_minutes,"
                    " actual_minutes, tutor_id, modality, status, cancel_reason)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "idiinittt", grp->id,
                    (int)day, (int64_t)grp->start_min, (int64_t)grp->minutes,
                    held ? (int64_t)minutes : (int64_t)-1, tutor, grp->modality, status, reason);
                if (rc != TT_OK || !held)
                    continue;
                int64_t sid = db_last_id(d->db);
                for (int m = 0; m < grp->n_members && rc == TT_OK; m++) {
                    int64_t student = grp->members[m];
                    if (!is_member_on(d, grp->id, student, day))
                        continue;
                    int a = rng(20);
                    const char *att = a < 17 ? "present" : a < 19 ? "absent" : "excused";
                    rc = exec_bound(d, "INSERT INTO attendance (session_id, student_id, status,"
                                       " minutes, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                                    "iitit", sid, student, att,
                                    strcmp(att, "present") == 0 ? (int64_t)minutes : (int64_t)0,
                                    d->login);
                }
            }
        }
    }
    return rc;
}

static int create_notes(struct demo *d)
{
    int rc = TT_OK;
    for (int g = 0; g < N_GROUPS && rc == TT_OK; g++) {
        struct demo_group *grp = &groups[g];
        for (int m = 0; m < grp->n_members && rc == TT_OK; m++) {
            rc = exec_bound(d, "INSERT INTO progress_note (student_id, subject, kind, note_date,"
                               " score, body, author) VALUES (?1, ?2, 'start', ?3, ?4, ?5, ?6)",
                            "itditt", grp->members[m], grp->subject, (int)(d->groups_start + 1),
                            (int64_t)(1 + rng(3)), "Évaluation de départ.", d->login);
            if (rc == TT_OK && m % 2 == 0)
                rc = exec_bound(d, "INSERT INTO progress_note (student_id, subject, kind,"
                                   " note_date, score, body, author) VALUES (?1, ?2, 'middle',"
                                   " ?3, ?4, ?5, ?6)", "itditt", grp->members[m], grp->subject,
                                (int)(d->monday - 10), (int64_t)(2 + rng(3)),
                                "Progrès visibles, plus d'autonomie.", d->login);
        }
    }
    if (rc == TT_OK) {
        char sent[11];
        date_iso(d->groups_start + 10, sent);
        rc = partner_referral_add(d->db, groups[1].members[0], 0, "alloprof", sent,
                                  "Inscrit au service de tutorat du dimanche", d->err);
    }
    return rc;
}

static int count(struct demo *d, const char *sql, long *out)
{
    int64_t n = 0;
    int rc = db_scalar_int(d->db, sql, &n, d->err);
    *out = (long)n;
    return rc;
}

int demo_create(struct tt_db *db, const struct settings *s, tt_day today,
                struct demo_summary *sum, struct tt_error *err)
{
    int64_t existing = 0;
    int rc = db_scalar_int(db, "SELECT count(*) FROM student", &existing, err);
    if (rc != TT_OK)
        return rc;
    if (existing > 0)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("The database already holds students; the demo only fills an "
                              "empty database."));
    struct demo d = { .db = db, .s = s, .today = today, .err = err };
    tt_strlcpy(d.login, db_login(db), sizeof d.login);
    d.monday = date_week_monday(today);
    d.year_start = settings_year_start(s, today);
    d.year_end = settings_year_end(s, today);
    d.groups_start = d.monday - 8 * 7 - 3;
    rng_state = 20210127;
    memset(students, 0, sizeof students);
    for (int g = 0; g < N_GROUPS; g++) {
        groups[g].n_members = 0;
        memset(groups[g].members, 0, sizeof groups[g].members);
    }

    rc = db_begin(db, err);
    if (rc != TT_OK)
        return rc;
    rc = create_organisation(&d);
    if (rc == TT_OK)
        rc = create_students(&d);
    if (rc == TT_OK)
        rc = create_tutors(&d);
    if (rc == TT_OK)
        rc = create_referrals_and_groups(&d);
    if (rc == TT_OK)
        rc = member_leaves(&d);
    if (rc == TT_OK)
        rc = create_sessions(&d);
    if (rc == TT_OK)
        rc = create_notes(&d);
    if (rc == TT_OK)
        rc = db_commit(db, err);
    if (rc != TT_OK) {
        db_rollback(db);
        return rc;
    }
    memset(sum, 0, sizeof *sum);
    count(&d, "SELECT count(*) FROM school", &sum->schools);
    count(&d, "SELECT count(*) FROM student", &sum->students);
    count(&d, "SELECT count(*) FROM referral", &sum->referrals);
    count(&d, "SELECT count(*) FROM consent", &sum->consents);
    count(&d, "SELECT count(*) FROM tutor", &sum->tutors);
    count(&d, "SELECT count(*) FROM tutoring_group", &sum->groups);
    count(&d, "SELECT count(*) FROM session", &sum->sessions);
    return count(&d, "SELECT count(*) FROM attendance", &sum->attendance);
}
