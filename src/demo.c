/* The demo: a fictional school service centre written straight into the
 * schema, so that it passes through every CHECK and trigger that guards real
 * data; a demo that broke a rule would teach the wrong thing.
 *
 * Deterministic for a given "today": one seeded generator, no rand(), no
 * clock.  Every date is placed relative to today's week, so the demo looks
 * alive whenever it is created (groups under way for eight weeks, sessions
 * to complete, consents waiting). */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "demo.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#define N_STUDENTS 150
#define N_PRIMARY 90            /* the first 90 go to the primary school */
#define GROUP_LIMIT 5           /* the ministry's letters allow five */
#define SESSION_WEEKS 8

static const char ORG_NAME[] = "Centre de services scolaire des Hautes-Rivières";

/* ---- Binding ---------------------------------------------------------- */

/* A statement's parameters as a typed array, so that every call site binds
 * through one checked path and no value is ever pasted into SQL. */
enum { V_NULL, V_INT, V_TEXT, V_DAY };
struct val {
    int kind;
    int64_t i;
    const char *t;
};
#define P_NULL ((struct val){ V_NULL, 0, NULL })
#define P_INT(x) ((struct val){ V_INT, (int64_t)(x), NULL })
#define P_TXT(x) ((struct val){ V_TEXT, 0, (x) })            /* NULL binds NULL */
#define P_DAY(x) ((struct val){ V_DAY, (int64_t)(x), NULL })  /* TT_DAY_NONE binds NULL */
/* The order in which a compound literal's initialisers are evaluated is
 * unspecified, so arguments never call the generator: draws are made into
 * locals first, which keeps the demo identical across compilers. */
#define RUN(d, sql, ...) \
    run((d), (sql), (const struct val[]){ __VA_ARGS__ }, \
        sizeof((const struct val[]){ __VA_ARGS__ }) / sizeof(struct val))

/* ---- The cast: students, tutors and groups ----------------------------- */

struct pupil {
    int64_t id, guardian, referral, membership;
    int level;                  /* index in levels[]: P1..P6 = 0..5, S1..S5 = 6..10 */
    int girl;
    int taken;                  /* has a referral */
    tt_day birth, left_on;      /* left_on: TT_DAY_NONE while still in the group */
    const char *status;         /* where the referral stands, for the history */
    char last[80], first[40], class_group[8], lang[8], code[13];
};

struct group_def {
    const char *name;
    int school;                 /* 0 primary, 1 secondary */
    const char *subject, *band;
    int lo, hi;                 /* levels served, as indexes in levels[] */
    const char *modality, *place;
    int tutor;                  /* index in tutors[] */
    int size;                   /* members placed at the start */
    int weekday[2], n_slots, start_min, minutes;
};

struct tutor_def {
    const char *first, *last, *category, *source, *final;
    const char *institution, *program;
    int answered;               /* the candidate has had an answer */
    const char *subject[2];
    int lo, hi;                 /* levels taught, as indexes in levels[] */
};

static const char *const levels[] = {
    "P1", "P2", "P3", "P4", "P5", "P6", "S1", "S2", "S3", "S4", "S5",
};

static const struct tutor_def tutors[] = {
    { "Camille", "Ouellet", "university", "platform", "hired", "Université de Sherbrooke",
      "Baccalauréat en enseignement au primaire", 1, { "fr_reading", "math" }, 0, 5 },
    { "Alexandre", "Beaulieu", "university", "platform", "hired", "Université Laval",
      "Baccalauréat en mathématiques", 1, { "math", "science" }, 6, 10 },
    { "Sarah-Maude", "Lapointe", "college", "platform", "hired", "Cégep de Trois-Rivières",
      "Techniques d'éducation à l'enfance", 1, { "fr_reading", "fr_writing" }, 0, 3 },
    { "Denis", "Gingras", "retiree", "platform", "hired", NULL,
      "Enseignant retraité, mathématiques", 1, { "math", "science" }, 6, 10 },
    { "Lucie", "Brassard", "staff_regular", "staff", "hired", NULL, NULL, 1,
      { "fr_reading", "fr_writing" }, 0, 2 },
    { "Marc-André", "Pépin", "substitute", "staff", "hired", NULL, NULL, 1,
      { "math", "fr_writing" }, 0, 5 },
    { "Justine", "Émond", "university", "platform", "hired", "UQTR",
      "Baccalauréat en enseignement du français", 1, { "fr_writing", "fr_reading" }, 6, 10 },
    { "Kevin", "Marchand", "college", "platform", "hired", "Cégep de Drummondville",
      "Sciences de la nature", 1, { "science", "math" }, 6, 10 },
    { "Hélène", "Caron", "retiree", "platform", "hired", NULL, "Orthopédagogue retraitée", 1,
      { "fr_writing", "fr_reading" }, 0, 5 },
    { "Ariane", "St-Pierre", "university", "platform", "hired", "Université de Montréal",
      "Baccalauréat en enseignement de l'anglais", 1, { "english", "fr_writing" }, 6, 10 },
    { "Philippe", "Grégoire", "staff_parttime", "staff", "hired", NULL, NULL, 1,
      { "math", "science" }, 3, 5 },
    { "Nadia", "Benoît", "university", "platform", "hired", "UQAM", "Maîtrise en didactique", 1,
      { "math", "fr_writing" }, 6, 10 },
    { "Olivier", "Dufresne", "college", "platform", "processing", "Cégep de Sherbrooke",
      "Sciences humaines", 1, { "social", "study_skills" }, 6, 8 },
    { "Audrey", "Lemay", "university", "platform", "processing", "Université Laval",
      "Psychoéducation", 1, { "study_skills", "fr_reading" }, 0, 5 },
    { "Gilles", "Turcotte", "retiree", "platform", "processing", NULL,
      "Directeur d'école retraité", 1, { "math", "social" }, 6, 10 },
    { "Valérie", "Proulx", "substitute", "staff", "processing", NULL, NULL, 1,
      { "english", "math" }, 2, 5 },
    { "Mathieu", "Paquette", "college", "platform", "received", "Cégep de Victoriaville",
      "Techniques de loisir", 1, { "study_skills", "other" }, 0, 5 },
    { "Élise", "Nadeau", "university", "platform", "received", "Université de Sherbrooke",
      "Baccalauréat en orthopédagogie", 0, { "fr_reading", "fr_writing" }, 0, 5 },
    { "Simon", "Drouin", "university", "platform", "received", "UQTR", "Génie mécanique", 0,
      { "math", "science" }, 8, 10 },
    { "Isabelle", "Robitaille", "retiree", "direct", "received", NULL,
      "Secrétaire d'école retraitée", 0, { "fr_reading", "study_skills" }, 0, 2 },
    { "Martine", "Allard", "staff_regular", "staff", "interest", NULL, NULL, 1,
      { "english", "fr_reading" }, 0, 5 },
    { "Yannick", "Cloutier", "substitute", "staff", "interest", NULL, NULL, 0,
      { "science", "math" }, 6, 10 },
    { "Rémi", "Fournier", "college", "platform", "declined", "Cégep de Granby", "Arts visuels", 1,
      { "other", "study_skills" }, 0, 5 },
    { "Catherine", "Villeneuve", "university", "platform", "declined", "Université McGill",
      "Droit", 1, { "social", "fr_writing" }, 8, 10 },
    { "Antoine", "Marcoux", "university", "platform", "withdrawn", "Université Laval",
      "Kinésiologie", 1, { "science", "study_skills" }, 6, 10 },
};
#define N_TUTORS ((int)TT_ARRAY_LEN(tutors))
#define REPLACEMENT 0           /* a hired tutor without a group of her own */

static const struct group_def groups[] = {
    { "Lecture 1re-2e", 0, "fr_reading", "P1-P2", 0, 1, "school", "Bibliothèque de l'école",
      4, 4, { 2, 4 }, 2, 930, 45 },
    { "Mathématiques 3e-4e", 0, "math", "P3-P4", 2, 3, "remote", NULL, 5, 3, { 1, 0 }, 1, 945, 60 },
    { "Lecture 3e-4e", 0, "fr_reading", "P3-P4", 2, 3, "remote", NULL, 2, 4, { 1, 3 }, 2, 945, 45 },
    { "Écriture 5e-6e", 0, "fr_writing", "P5-P6", 4, 5, "remote", NULL, 8, 3, { 4, 0 }, 1, 945,
      60 },
    { "Mathématiques 5e-6e", 0, "math", "P5-P6", 4, 5, "school", "Local 112", 10, 3, { 2, 4 }, 2,
      930, 50 },
    { "Mathématiques sec. 1-2", 1, "math", "S1-S2", 6, 7, "remote", NULL, 1, 4, { 1, 3 }, 2, 960,
      60 },
    { "Français sec. 1-2", 1, "fr_writing", "S1-S2", 6, 7, "remote", NULL, 6, 3, { 2, 0 }, 1, 960,
      60 },
    { "Sciences sec. 3-5", 1, "science", "S3-S5", 8, 10, "remote", NULL, 7, 3, { 3, 0 }, 1, 1110,
      60 },
    { "Anglais sec. 3-5", 1, "english", "S3-S5", 8, 10, "remote", NULL, 9, 2, { 4, 0 }, 1, 1110,
      45 },
    { "Mathématiques sec. 4-5", 1, "math", "S3-S5", 9, 10, "remote", NULL, 3, 2, { 1, 3 }, 2, 1140,
      60 },
};
#define N_GROUPS ((int)TT_ARRAY_LEN(groups))

/* ---- State, statements, draws ----------------------------------------- */

struct demo {
    struct tt_db *db;
    const struct settings *s;
    struct tt_error *err;
    const char *login;
    uint64_t seed;
    tt_day today, monday, year_start, year_end, expires, groups_start;
    int64_t year_id, school[2];
    tt_day off[16];             /* non-school days, which sessions skip */
    int n_off;
    struct pupil pupil[N_STUDENTS];
    int64_t tutor[N_TUTORS];
    int64_t group[N_GROUPS];
    int member[N_GROUPS][GROUP_LIMIT];
    int n_member[N_GROUPS];
};

static int run(struct demo *d, const char *sql, const struct val *v, size_t n)
{
    sqlite3_stmt *st = db_stmt(d->db, sql, d->err);
    if (st == NULL)
        return d->err->code ? d->err->code : TT_ERR_DB;
    int rc = SQLITE_OK;
    for (size_t k = 0; k < n && rc == SQLITE_OK; k++) {
        int col = (int)k + 1;
        char iso[11];
        if (v[k].kind == V_INT) {
            rc = sqlite3_bind_int64(st, col, v[k].i);
        } else if (v[k].kind == V_TEXT && v[k].t) {
            rc = sqlite3_bind_text(st, col, v[k].t, -1, SQLITE_TRANSIENT);
        } else if (v[k].kind == V_DAY && v[k].i != TT_DAY_NONE) {
            date_iso((tt_day)v[k].i, iso);
            rc = sqlite3_bind_text(st, col, iso, -1, SQLITE_TRANSIENT);
        } else {
            rc = sqlite3_bind_null(st, col);
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    /* The message is read before the reset, while it still describes the
     * failure (a trigger's "tutorat:<rule>"). */
    int out = rc == SQLITE_DONE ? TT_OK : db_fail(d->db, rc, d->err, _("Creating the demo data"));
    sqlite3_reset(st);
    return out;
}

/* splitmix64: tiny, and the same sequence on every machine. */
static int pick(struct demo *d, int n)
{
    uint64_t z = (d->seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (int)(z % (uint64_t)n);
}

#define PICK(d, arr) (arr)[pick((d), (int)TT_ARRAY_LEN(arr))]

static int is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* ---- The people ------------------------------------------------------- */

static const char *const girls[] = {
    "Éloïse", "Zoé", "Noémie", "Anaïs", "Maëlle", "Chloé", "Océane", "Léa", "Héloïse",
    "Mégane", "Frédérique", "Émilie", "Rosalie", "Béatrice", "Léonie", "Amélie", "Juliette",
    "Clémence", "Maïka", "Ève", "Laurence", "Anne-Sophie", "Florence", "Marianne",
};
static const char *const boys[] = {
    "Gaël", "Jérémie", "Loïc", "Benoît", "Raphaël", "Théo", "François", "Mathéo", "Noé",
    "Zacharie", "Félix", "Jérôme", "Olivier", "Étienne", "Médéric", "Xavier", "Thomas",
    "Édouard", "Samuel", "Léo", "Louis-Philippe", "Nathan", "Éric", "Anthony",
};
static const char *const last_names[] = {
    "Côté", "Bélanger", "Gagné", "Lévesque", "Bérubé", "Pelletier", "Tremblay", "Gélinas",
    "Ménard", "Thériault", "Lefèbvre", "Boisvert", "Leblanc", "Champagne", "Dubé", "Désilets",
    "Gagnon", "Roy", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Bédard", "Paré",
    "Séguin", "Hébert", "Lemieux", "Giguère", "Poirier", "Vézina", "Brisebois", "Lachapelle",
};
static const char *const women[] = {
    "Julie", "Isabelle", "Nathalie", "Mélanie", "Geneviève", "Stéphanie", "Karine", "Josée",
    "Valérie", "Émilie", "Marie-Ève", "Annie",
};
static const char *const men[] = {
    "Martin", "Sébastien", "Patrick", "Éric", "François", "Stéphane", "Jean-François", "Hugo",
    "Mathieu", "Frédéric", "Dominic", "Jérôme",
};

/* "Éloïse Côté" -> "eloise.cote27@courriel.example": e-mail addresses are
 * ASCII in practice, and the number keeps families apart. */
static char *email_for(const char *name, int number, const char *domain)
{
    char *local = text_fold(name);
    for (char *c = local; *c; c++)
        if (*c == ' ')
            *c = '.';
    char *out = number >= 0 ? xasprintf("%s%d@%s", local, number, domain)
                            : xasprintf("%s@%s", local, domain);
    free(local);
    return out;
}

/* The same key the student form writes (names folded, local number, code
 * permanent), so the search finds demo students as it finds real ones. */
static char *student_key(const struct pupil *p, const char *local)
{
    char *names = xasprintf("%s %s", p->last, p->first);
    char *folded = text_fold(names);
    char *code = text_fold(p->code);
    char *key = xasprintf("%s %s %s", folded, local, code);
    free(names);
    free(folded);
    free(code);
    return tt_trim(key);
}

/* Easter Sunday (anonymous Gregorian algorithm): Good Friday and Easter
 * Monday are school holidays in Québec. */
static tt_day easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, e = b / 4, f = b % 4, g = (b + 8) / 25;
    int h = (b - g + 1) / 3, k = (19 * a + b - e - h + 15) % 30, i = c / 4, j = c % 4;
    int l = (32 + 2 * f + 2 * i - k - j) % 7, m = (a + 11 * k + 22 * l) / 451;
    int month = (k + l - 7 * m + 114) / 31, day = (k + l - 7 * m + 114) % 31 + 1;
    tt_day t = 0;
    date_from_ymd(y, month, day, &t);
    return t;
}

static tt_day nth_monday(int y, int m, int nth)
{
    tt_day first = 0;
    date_from_ymd(y, m, 1, &first);
    return first + (8 - date_weekday(first)) % 7 + 7 * (nth - 1);
}

/* Offices work on weekdays: a Saturday or Sunday becomes the Friday
 * before, which never moves a date past a later step of the same story. */
static tt_day workday(tt_day day)
{
    int wd = date_weekday(day);
    return wd > 5 ? day - (wd - 5) : day;
}

static int is_off(const struct demo *d, tt_day day)
{
    for (int i = 0; i < d->n_off; i++)
        if (d->off[i] == day)
            return 1;
    return 0;
}

/* Days outside the year, at weekends or already listed are skipped: the
 * table allows one row per day. */
static int add_day_off(struct demo *d, tt_day day, const char *kind, const char *label)
{
    if (day < d->year_start || day > d->year_end || date_weekday(day) > 5 || is_off(d, day) ||
        d->n_off >= (int)TT_ARRAY_LEN(d->off))
        return TT_OK;
    d->off[d->n_off++] = day;
    return RUN(d, "INSERT INTO non_school_day (school_year_id, school_id, day, kind, label)"
                  " VALUES (?1, NULL, ?2, ?3, ?4)",
               P_INT(d->year_id), P_DAY(day), P_TXT(kind), P_TXT(label));
}

static int create_organisation(struct demo *d)
{
    int rc = RUN(d, "INSERT INTO organisation (id, name, kind, ministry_code, budget_cents)"
                    " VALUES (1, ?1, 'css', ?2, ?3)",
                 P_TXT(ORG_NAME), P_TXT("751000"), P_INT(1200000));
    static const struct { const char *code, *name; int64_t budget; } schools[2] = {
        { "SEDO", "École primaire Saint-Édouard", 500000 },
        { "FLEC", "École secondaire Félix-Leclerc", 700000 },
    };
    for (int i = 0; i < 2 && rc == TT_OK; i++) {
        rc = RUN(d, "INSERT INTO school (code, name, budget_cents) VALUES (?1, ?2, ?3)",
                 P_TXT(schools[i].code), P_TXT(schools[i].name), P_INT(schools[i].budget));
        d->school[i] = db_last_id(d->db);
    }
    return rc;
}

static int create_school_year(struct demo *d)
{
    int sy, ey, m, dd;
    date_to_ymd(d->year_start, &sy, &m, &dd);
    date_to_ymd(d->year_end, &ey, &m, &dd);
    char label[16];
    snprintf(label, sizeof label, "%04d-%04d", sy, ey);
    int rc = RUN(d, "INSERT INTO school_year (label, start_date, end_date) VALUES (?1, ?2, ?3)",
                 P_TXT(label), P_DAY(d->year_start), P_DAY(d->year_end));
    if (rc != TT_OK)
        return rc;
    d->year_id = db_last_id(d->db);
    tt_day e = easter(ey), may24 = 0;
    date_from_ymd(ey, 5, 24, &may24);
    rc = add_day_off(d, nth_monday(sy, 9, 1), "holiday", "Fête du Travail");
    if (rc == TT_OK)
        rc = add_day_off(d, nth_monday(sy, 10, 2), "holiday", "Action de grâce");
    if (rc == TT_OK)
        rc = add_day_off(d, e - 2, "holiday", "Vendredi saint");
    if (rc == TT_OK)
        rc = add_day_off(d, e + 1, "holiday", "Lundi de Pâques");
    if (rc == TT_OK)
        rc = add_day_off(d, may24 - (date_weekday(may24) - 1), "holiday",
                         "Journée nationale des patriotes");
    /* A pedagogical day every eight weeks or so, on a Friday. */
    for (int w = 5; w < 44 && rc == TT_OK; w += 8)
        rc = add_day_off(d, date_week_monday(d->year_start) + 7 * w + 4, "pedagogical",
                         "Journée pédagogique");
    return rc;
}

/* Letters of the names, birth date (girls' months plus 50), two digits:
 * the usual shape, made unique among the demo's own codes. */
static void make_code(struct demo *d, struct pupil *p)
{
    char *last = text_fold(p->last), *first = text_fold(p->first);
    char letters[5] = "XXXX";
    for (int k = 0, o = 0; last[k] && o < 3; k++)
        if (last[k] >= 'a' && last[k] <= 'z')
            letters[o++] = (char)(last[k] - 'a' + 'A');
    if (first[0] >= 'a' && first[0] <= 'z')
        letters[3] = (char)(first[0] - 'a' + 'A');
    free(last);
    free(first);
    int y, m, dd;
    date_to_ymd(p->birth, &y, &m, &dd);
    int serial = 10 + pick(d, 80);
    for (int tries = 0; tries < 100; tries++, serial = (serial + 1) % 100) {
        /* Unsigned remainders let the compiler see each field is two digits. */
        snprintf(p->code, sizeof p->code, "%s%02u%02u%02u%02u", letters, (unsigned)dd % 100u,
                 (unsigned)(m + (p->girl ? 50 : 0)) % 100u, (unsigned)y % 100u,
                 (unsigned)serial % 100u);
        int clash = 0;
        for (struct pupil *o = d->pupil; o < p && !clash; o++)
            clash = is(o->code, p->code);
        if (!clash)
            return;
    }
    p->code[0] = '\0';
}

static int add_guardian(struct demo *d, const struct pupil *p, int rank, const char *name,
                        const char *relationship, const char *phone, const char *email,
                        const char *lang)
{
    return RUN(d, "INSERT INTO guardian (student_id, rank, full_name, relationship, phone, email,"
                  " language) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
               P_INT(p->id), P_INT(rank), P_TXT(name), P_TXT(relationship), P_TXT(phone),
               P_TXT(email), P_TXT(lang));
}

static int create_guardians(struct demo *d, struct pupil *p, int index)
{
    /* A compound name usually comes from both parents. */
    char first_part[80], second_part[80];
    tt_strlcpy(first_part, p->last, sizeof first_part);
    second_part[0] = '\0';
    char *dash = strchr(first_part, '-');
    if (dash) {
        tt_strlcpy(second_part, dash + 1, sizeof second_part);
        *dash = '\0';
    }
    int mother_first = pick(d, 3) != 0;
    int two = dash != NULL || pick(d, 20) < 11;
    const char *given1 = mother_first ? PICK(d, women) : PICK(d, men);
    const char *given2 = mother_first ? PICK(d, men) : PICK(d, women);
    int guardian2 = pick(d, 10) == 0;
    const char *other_last = PICK(d, last_names);
    int same_last = pick(d, 3) != 0;
    int email2 = pick(d, 2);
    int lang2_en = pick(d, 8) == 0;

    char name[200], phone[40];
    snprintf(name, sizeof name, "%s %s", given1, first_part);
    snprintf(phone, sizeof phone, "819-555-%04d", 1000 + index);
    char *mail = email_for(name, index + 1, "courriel.example");
    const char *lang = is(p->lang, "other") ? "other" : p->lang;
    int rc = add_guardian(d, p, 1, name, mother_first ? "mother" : "father", phone, mail, lang);
    free(mail);
    p->guardian = db_last_id(d->db);
    if (rc != TT_OK || !two)
        return rc;
    snprintf(name, sizeof name, "%s %s", given2,
             dash ? second_part : same_last ? first_part : other_last);
    snprintf(phone, sizeof phone, "819-555-%04d", 5000 + index);
    mail = email2 ? email_for(name, index + 1, "courriel.example") : NULL;
    rc = add_guardian(d, p, 2, name, guardian2 ? "guardian" : mother_first ? "father" : "mother",
                      phone, mail, lang2_en ? "en" : lang);
    free(mail);
    return rc;
}

static int create_students(struct demo *d)
{
    int sy, m, dd;
    date_to_ymd(d->year_start, &sy, &m, &dd);
    int rc = TT_OK;
    for (int i = 0; i < N_STUDENTS && rc == TT_OK; i++) {
        struct pupil *p = &d->pupil[i];
        int primary = i < N_PRIMARY;
        int grade = primary ? i % 6 : (i - N_PRIMARY) % 5;
        p->level = primary ? grade : 6 + grade;
        p->left_on = TT_DAY_NONE;
        p->girl = pick(d, 2);
        const char *last = PICK(d, last_names);
        const char *second = PICK(d, last_names);
        int compound = pick(d, 6) == 0 && !is(last, second);
        if (compound)
            snprintf(p->last, sizeof p->last, "%s-%s", last, second);
        else
            tt_strlcpy(p->last, last, sizeof p->last);
        tt_strlcpy(p->first, p->girl ? PICK(d, girls) : PICK(d, boys), sizeof p->first);
        /* Old enough on September 30 for the grade, as the school rules. */
        tt_day cutoff = 0;
        date_from_ymd(sy - (primary ? 6 : 12) - grade, 9, 30, &cutoff);
        p->birth = cutoff - pick(d, 365);
        int has_code = pick(d, 3) != 0;
        if (has_code)
            make_code(d, p);
        snprintf(p->class_group, sizeof p->class_group, "%u%02u", (unsigned)(grade + 1) % 10u,
                 (unsigned)(1 + pick(d, 3)) % 100u);
        int lang = pick(d, 24);
        tt_strlcpy(p->lang, lang < 2 ? "en" : lang == 2 ? "other" : "fr", sizeof p->lang);
        int plan = pick(d, 8) == 0;
        char local[16];
        snprintf(local, sizeof local, "%07d", 2100001 + 37 * i);
        char *key = student_key(p, local);
        rc = RUN(d, "INSERT INTO student (school_id, local_number, code_permanent, last_name,"
                    " first_name, search_key, birth_date, level, class_group, language,"
                    " has_intervention_plan, needs_francization)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                 P_INT(d->school[primary ? 0 : 1]), P_TXT(local),
                 P_TXT(p->code[0] ? p->code : NULL), P_TXT(p->last), P_TXT(p->first), P_TXT(key),
                 P_DAY(p->birth), P_TXT(levels[p->level]), P_TXT(p->class_group), P_TXT(p->lang),
                 P_INT(plan), P_INT(is(p->lang, "other")));
        free(key);
        p->id = db_last_id(d->db);
        if (rc == TT_OK)
            rc = create_guardians(d, p, i);
    }
    return rc;
}

/* ---- Tutors and candidates -------------------------------------------- */

/* from is NULL for the line that records how the file came in. */
static int tutor_history(struct demo *d, int64_t id, const char *from, const char *to, tt_day on,
                         const char *note)
{
    return RUN(d, "INSERT INTO tutor_status_history (tutor_id, from_status, to_status, changed_on,"
                  " changed_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
               P_INT(id), P_TXT(from), P_TXT(to), P_DAY(on), P_TXT(d->login), P_TXT(note));
}

static int tutor_move(struct demo *d, int64_t id, const char *from, const char *to, tt_day on,
                      const char *note)
{
    int rc = RUN(d, "UPDATE tutor SET status = ?2, status_date = ?3, row_version = row_version + 1"
                    " WHERE id = ?1", P_INT(id), P_TXT(to), P_DAY(on));
    return rc == TT_OK ? tutor_history(d, id, from, to, on, note) : rc;
}

/* Skills, and availability that covers the slots of the tutor's group. */
static int tutor_details(struct demo *d, int i, int64_t id)
{
    const struct tutor_def *t = &tutors[i];
    int rc = TT_OK;
    for (int k = 0; k < 2 && rc == TT_OK; k++)
        for (int l = t->lo; l <= t->hi && rc == TT_OK; l++)
            rc = RUN(d, "INSERT INTO tutor_skill (tutor_id, subject, level) VALUES (?1, ?2, ?3)",
                     P_INT(id), P_TXT(t->subject[k]), P_TXT(levels[l]));
    unsigned days = 1u << (1 + i % 5) | 1u << (1 + (i + 2) % 5);
    for (int g = 0; g < N_GROUPS; g++)
        if (groups[g].tutor == i)
            for (int k = 0; k < groups[g].n_slots; k++)
                days |= 1u << groups[g].weekday[k];
    int staff = is(t->source, "staff");
    for (int wd = 1; wd <= 5 && rc == TT_OK; wd++)
        if (days & 1u << wd)
            rc = RUN(d, "INSERT INTO tutor_availability (tutor_id, weekday, start_min, end_min)"
                        " VALUES (?1, ?2, ?3, ?4)",
                     P_INT(id), P_INT(wd), P_INT(930), P_INT(staff ? 1050 : 1230));
    return rc;
}

static int create_tutor(struct demo *d, int i)
{
    const struct tutor_def *t = &tutors[i];
    tt_day gs = d->groups_start, today = d->today;
    int staff = is(t->source, "staff");
    int hired = is(t->final, "hired"), processing = is(t->final, "processing");
    int declined = is(t->final, "declined"), withdrawn = is(t->final, "withdrawn");
    tt_day applied = hired ? gs - 100 + pick(d, 15)
                   : processing ? today - 45 + pick(d, 15)
                   : declined ? today - 60 - pick(d, 10)
                   : withdrawn ? today - 50 - pick(d, 5)
                   : today - 4 - pick(d, 25);
    tt_day step = applied + 4 + pick(d, 5);
    tt_day checked = step + 12 + pick(d, 8);
    tt_day hire = workday(checked + 2);
    int by_phone = pick(d, 3) == 0;
    /* A refusal is the answer; the others were told their file is followed. */
    tt_day decision = declined ? applied + 10 + 5 * (i % 2) : TT_DAY_NONE;
    tt_day answered = !t->answered ? TT_DAY_NONE : declined ? decision : applied + 2;
    const char *how = answered == TT_DAY_NONE ? NULL : by_phone ? "phone" : "email";
    const char *start = staff || is(t->final, "interest") ? "interest" : "received";

    char name[160], phone[40];
    snprintf(name, sizeof name, "%s %s", t->first, t->last);
    snprintf(phone, sizeof phone, "819-555-%04d", 7000 + 17 * i);
    char *mail = email_for(name, -1, staff ? "hautes-rivieres.example" : "courriel.example");
    char *names = xasprintf("%s %s", t->last, t->first);
    char *key = text_fold(names);
    free(names);
    int rc = RUN(d, "INSERT INTO tutor (last_name, first_name, search_key, email, phone, category,"
                    " source, institution, program, region, desired_org, applied_on, school_id,"
                    " modality, status, status_date, answered_on, answered_how, answered_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                    " ?12, ?16, ?17, ?18)",
                 P_TXT(t->last), P_TXT(t->first), P_TXT(key), P_TXT(mail), P_TXT(phone),
                 P_TXT(t->category), P_TXT(t->source), P_TXT(t->institution), P_TXT(t->program),
                 P_TXT("Mauricie"), P_TXT(is(t->source, "platform") ? ORG_NAME : NULL),
                 P_DAY(applied), P_INT(d->school[t->lo < 6 ? 0 : 1]),
                 P_TXT(staff || is(t->category, "retiree") ? "both" : "remote"), P_TXT(start),
                 P_DAY(answered), P_TXT(how), P_TXT(how ? d->login : NULL));
    free(key);
    free(mail);
    if (rc != TT_OK)
        return rc;
    int64_t id = d->tutor[i] = db_last_id(d->db);
    rc = tutor_history(d, id, NULL, start, applied, NULL);

    if (rc == TT_OK && (hired || processing || (declined && i % 2 == 0)))
        rc = tutor_move(d, id, start, "processing", step,
                        staff ? "Bénévole du personnel" : "Entrevue planifiée");
    if (rc == TT_OK && processing && i % 2 == 1)
        rc = RUN(d, "UPDATE tutor SET check_status = 'requested', check_requested_on = ?2"
                    " WHERE id = ?1", P_INT(id), P_DAY(step + 1));
    if (rc == TT_OK && hired) {
        /* The hiring gate: a completed, clear check before any group. */
        char number[16];
        snprintf(number, sizeof number, "E%05d", 40100 + i);
        rc = RUN(d, "UPDATE tutor SET hire_date = ?2, employee_number = ?3,"
                    " check_status = 'completed', check_requested_on = ?4,"
                    " check_completed_on = ?5, check_result = 'clear', training_on = ?6,"
                    " confidentiality_on = ?2, max_weekly_minutes = ?7 WHERE id = ?1",
                 P_INT(id), P_DAY(hire), P_TXT(number), P_DAY(step), P_DAY(checked),
                 P_DAY(hire + 3), P_INT(staff ? 180 : 360));
        if (rc == TT_OK)
            rc = tutor_move(d, id, "processing", "hired", hire,
                            "Vérification des antécédents complétée");
    }
    if (rc == TT_OK && declined)
        rc = tutor_move(d, id, i % 2 == 0 ? "processing" : start, "declined", decision,
                        i % 2 == 0 ? "Aucun besoin dans sa matière pour le moment"
                                   : "Disponibilités incompatibles avec l'horaire des groupes");
    if (rc == TT_OK && withdrawn)
        rc = tutor_move(d, id, start, "withdrawn", applied + 8, "A accepté un autre emploi");
    if (rc == TT_OK)
        rc = tutor_details(d, i, id);
    return rc;
}

static int add_rate(struct demo *d, int64_t tutor, tt_day from, int64_t cents, const char *note)
{
    return RUN(d, "INSERT INTO tutor_rate (tutor_id, effective_on, rate_cents, set_by, note)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
               P_INT(tutor), P_DAY(from), P_INT(cents), P_TXT(d->login), P_TXT(note));
}

static int create_tutors(struct demo *d)
{
    int rc = TT_OK;
    for (int i = 0; i < N_TUTORS && rc == TT_OK; i++)
        rc = create_tutor(d, i);
    /* A raise in the middle of a pay period: hours before it keep the old
     * rate, which is what payroll must show. */
    int64_t beaulieu = d->tutor[1];
    if (rc == TT_OK)
        rc = add_rate(d, beaulieu, d->groups_start, settings_money(d->s, SET_RATE_UNIVERSITY),
                      "Taux des étudiants universitaires");
    if (rc == TT_OK)
        rc = add_rate(d, beaulieu, d->monday - 19, 2500, "Début de la maîtrise: taux ajusté");
    return rc;
}

/* ---- Referrals and consents ------------------------------------------- */

static const struct { const char *subject, *text; } difficulties[] = {
    { "fr_reading", "Lit lentement et devine les mots longs; la compréhension de texte suit mal." },
    { "fr_writing", "Rédige des phrases courtes, peu d'accords; hésite à se relire." },
    { "math", "Confond les opérations en résolution de problèmes; bases fragiles en fractions." },
    { "english", "Vocabulaire anglais limité, manque de confiance à l'oral." },
    { "science", "Peine à suivre la démarche expérimentale; vocabulaire scientifique fragile." },
    { "social", "Repères de temps et d'espace fragiles en univers social." },
    { "study_skills", "Décroche depuis l'enseignement à distance; devoirs rarement remis." },
};
static const char *const strengths[] = {
    "Curieux, aime les sciences et les animaux.",
    "Persévérante quand on l'encourage.",
    "Très bon en sport, leader positif dans son groupe.",
    "Aime dessiner et raconter des histoires.",
    "Travaille bien en petit groupe.",
    "Soucieuse de bien faire, très polie.",
};
static const char *const strategies[] = {
    "Récupération le midi, lecture guidée en classe.",
    "Aide aux devoirs à l'école, appel aux parents.",
    "Plan de travail adapté, outils visuels.",
    "Travail en sous-groupe avec l'orthopédagogue.",
    NULL,
};
static const char *const since[] = {
    "Depuis septembre", "Depuis le retour en classe en janvier", "Depuis la 2e étape",
    "Depuis l'an dernier",
};
static const char *const constraints[] = {
    "Préfère une tutrice.", "Pas dans le même groupe que son frère.",
    "Besoin d'un tuteur patient; anxiété de performance.",
};
static const char *const primary_subjects[] = { "fr_reading", "fr_writing", "math" };
static const char *const secondary_subjects[] = { "math", "fr_writing", "english", "science" };

static const char *difficulty(const char *subject)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(difficulties); i++)
        if (is(difficulties[i].subject, subject))
            return difficulties[i].text;
    return NULL;
}

/* from is NULL for the line that records the referral's arrival. */
static int referral_history(struct demo *d, const struct pupil *p, const char *from,
                            const char *to, tt_day on, const char *note)
{
    return RUN(d, "INSERT INTO referral_status_history (referral_id, from_status, to_status,"
                  " changed_on, changed_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
               P_INT(p->referral), P_TXT(from), P_TXT(to), P_DAY(on), P_TXT(d->login),
               P_TXT(note));
}

/* One referral as the form writes it, with its first line of history.
 * With a group, the subject, modality and availability agree with it. */
static int refer(struct demo *d, struct pupil *p, tt_day on, const struct group_def *g,
                 int wellbeing)
{
    int primary = p->level < 6;
    const char *subject = g ? g->subject
                        : primary ? PICK(d, primary_subjects) : PICK(d, secondary_subjects);
    const char *second = primary ? PICK(d, primary_subjects) : PICK(d, secondary_subjects);
    int add_second = pick(d, 4) == 0 && !is(second, subject);
    int add_skills = pick(d, 3) == 0;
    int modality_draw = pick(d, 6);
    const char *modality;
    if (g)
        modality = is(g->modality, "remote") ? (modality_draw < 4 ? "remote" : "either")
                                             : (modality_draw < 3 ? "school" : "either");
    else
        modality = modality_draw < 3 ? "remote" : modality_draw < 5 ? "either" : "school";
    int format_draw = pick(d, 6);
    const char *format = g ? (format_draw < 4 ? "group" : "either")
                           : format_draw < 3 ? "group" : format_draw < 5 ? "either" : "individual";
    int role_draw = pick(d, 20);
    const char *role = role_draw < 14 ? "teacher" : role_draw < 17 ? "special_ed"
                     : role_draw < 19 ? "professional" : "principal";
    int woman = pick(d, 3) != 0;
    const char *given = woman ? PICK(d, women) : PICK(d, men);
    const char *family = PICK(d, last_names);
    char referrer[120];
    snprintf(referrer, sizeof referrer, "%s %s %s", woman ? "Mme" : "M.", given, family);
    if (wellbeing < 0)
        wellbeing = pick(d, 10) == 0;
    int alloprof = pick(d, 6) == 0;
    const char *partner = wellbeing ? (alloprof ? "both" : "teljeunes")
                                    : alloprof ? "alloprof" : "none";
    int rai_draw = pick(d, 10);
    int rai = rai_draw < 1 ? 1 : rai_draw < 7 ? 2 : 3;
    int priority = 1 + pick(d, 3);
    int remote = !is(modality, "school");
    int device = remote || pick(d, 8) != 0, internet = remote || pick(d, 10) != 0;
    const char *constraint = pick(d, 8) == 0 ? PICK(d, constraints) : NULL;
    const char *strength = PICK(d, strengths), *tried = PICK(d, strategies);
    const char *since_when = PICK(d, since);
    int64_t year = on >= d->year_start && on <= d->year_end ? d->year_id : -1;

    int rc = RUN(d, "INSERT INTO referral (student_id, school_id, school_year_id, referral_date,"
                    " referrer_name, referrer_role, class_group, difficulties, strengths,"
                    " strategies_tried, since_when, wellbeing_concern, partner_suggestion,"
                    " rai_level, priority, format, modality, has_device, has_internet,"
                    " pairing_constraints, status_date, created_by) VALUES (?1, ?2, ?3, ?4, ?5,"
                    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?4,"
                    " ?21)",
                 P_INT(p->id), P_INT(d->school[primary ? 0 : 1]),
                 year > 0 ? P_INT(year) : P_NULL, P_DAY(on), P_TXT(referrer), P_TXT(role),
                 P_TXT(p->class_group), P_TXT(difficulty(subject)), P_TXT(strength), P_TXT(tried),
                 P_TXT(since_when), P_INT(wellbeing), P_TXT(partner), P_INT(rai), P_INT(priority),
                 P_TXT(format), P_TXT(modality), P_INT(device), P_INT(internet),
                 P_TXT(constraint), P_TXT(d->login));
    if (rc != TT_OK)
        return rc;
    p->referral = db_last_id(d->db);
    p->status = "received";
    p->taken = 1;
    rc = referral_history(d, p, NULL, "received", on, NULL);

    const char *subjects[3] = { subject, add_second ? second : NULL,
                                add_skills ? "study_skills" : NULL };
    for (int k = 0; k < 3 && rc == TT_OK; k++)
        if (subjects[k])
            rc = RUN(d, "INSERT INTO referral_subject (referral_id, subject) VALUES (?1, ?2)",
                     P_INT(p->referral), P_TXT(subjects[k]));

    /* After school, at lunch or (secondary) in the evening; a group's own
     * slots when the student is placed in one. */
    int wd0 = 1 + pick(d, 5), window = pick(d, 4);
    int from = window == 0 ? 705 : window == 1 && !primary ? 1080 : 930;
    int to = from == 705 ? 765 : from == 1080 ? 1200 : 1020;
    int n = g ? g->n_slots : 2 + pick(d, 2);
    for (int k = 0; k < n && rc == TT_OK; k++) {
        int wd = g ? g->weekday[k] : (wd0 - 1 + 2 * k) % 5 + 1;
        int a = g ? g->start_min - 15 : from, b = g ? g->start_min + g->minutes + 15 : to;
        rc = RUN(d, "INSERT INTO referral_availability (referral_id, weekday, start_min, end_min)"
                    " VALUES (?1, ?2, ?3, ?4)", P_INT(p->referral), P_INT(wd), P_INT(a), P_INT(b));
    }
    return rc;
}

/* The allowed moves only (the schema's trigger refuses the others), each
 * with its line of history. */
static int move(struct demo *d, struct pupil *p, const char *to, tt_day on, const char *note,
                const char *closed_reason)
{
    int rc = RUN(d, "UPDATE referral SET status = ?2, status_date = ?3, closed_reason = ?4,"
                    " row_version = row_version + 1 WHERE id = ?1",
                 P_INT(p->referral), P_TXT(to), P_DAY(on), P_TXT(closed_reason));
    if (rc == TT_OK)
        rc = referral_history(d, p, p->status, to, on, note);
    if (rc == TT_OK)
        p->status = to;
    return rc;
}

/* A consent for one purpose, given by the first holder of parental
 * authority.  decided is TT_DAY_NONE while pending; withdrawn likewise
 * unless the parent took it back. */
static int consent(struct demo *d, const struct pupil *p, const char *purpose, const char *status,
                   tt_day asked, tt_day decided, tt_day withdrawn, const char *note)
{
    int how = pick(d, 3);
    int pending = decided == TT_DAY_NONE;
    const char *method = pending ? NULL : how == 0 ? "signed_form" : how == 1 ? "email" : "phone";
    const char *noted_by = method && is(method, "phone") ? d->login : NULL;
    /* From 14, the student's own agreement is noted too. */
    int older = !pending && date_age(p->birth, decided) >= 14;
    return RUN(d, "INSERT INTO consent (student_id, guardian_id, purpose, status, requested_on,"
                  " decided_on, method, noted_by, expires_on, withdrawn_on, student_agreement,"
                  " note, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                  " ?13)",
               P_INT(p->id), P_INT(p->guardian), P_TXT(purpose), P_TXT(status), P_DAY(asked),
               P_DAY(decided), P_TXT(method), P_TXT(noted_by),
               P_DAY(d->expires), P_DAY(withdrawn),
               older && !is(status, "refused") ? P_INT(1) : P_NULL, P_TXT(note),
               P_TXT(d->login));
}

/* ---- Groups ----------------------------------------------------------- */

/* Referred, decided, consented and paired before the group starts, so
 * every session it attends is covered. */
static int place_member(struct demo *d, int g, struct pupil *p)
{
    const struct group_def *gd = &groups[g];
    tt_day gs = d->groups_start;
    tt_day referred = workday(gs - 40 + pick(d, 12));
    tt_day accepted = workday(referred + 3 + pick(d, 3));
    tt_day decided = accepted + 2 + pick(d, 6);
    int share = pick(d, 3) == 0;
    int rc = refer(d, p, referred, gd, -1);
    if (rc == TT_OK)
        rc = move(d, p, "awaiting_consent", accepted, "Acceptée par la direction", NULL);
    if (rc == TT_OK)
        rc = consent(d, p, "tutoring", "given", accepted, decided, TT_DAY_NONE, NULL);
    if (rc == TT_OK && is(gd->modality, "remote"))
        rc = consent(d, p, "remote", "given", accepted, decided, TT_DAY_NONE, NULL);
    if (rc == TT_OK && share)
        rc = consent(d, p, "share_referral", "given", accepted, decided, TT_DAY_NONE, NULL);
    if (rc == TT_OK)
        rc = move(d, p, "awaiting_pairing", decided, "Consentement reçu", NULL);
    if (rc == TT_OK)
        rc = RUN(d, "INSERT INTO membership (group_id, student_id, referral_id, joined_on,"
                    " join_reason, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 P_INT(d->group[g]), P_INT(p->id), P_INT(p->referral), P_DAY(gs),
                 P_TXT("Jumelage initial"), P_TXT(d->login));
    p->membership = db_last_id(d->db);
    if (rc == TT_OK) {
        char note[200];
        snprintf(note, sizeof note, "Jumelé au groupe « %s »", gd->name);
        rc = move(d, p, "active", gs, note, NULL);
    }
    d->member[g][d->n_member[g]++] = (int)(p - d->pupil);
    return rc;
}

static int create_groups(struct demo *d)
{
    int rc = TT_OK;
    for (int g = 0; g < N_GROUPS && rc == TT_OK; g++) {
        const struct group_def *gd = &groups[g];
        int remote = is(gd->modality, "remote");
        char link[80];
        snprintf(link, sizeof link, "https://visio.example/hautes-rivieres/tutorat-%02d", g + 1);
        rc = RUN(d, "INSERT INTO tutoring_group (name, school_id, tutor_id, subject, level_band,"
                    " modality, place, meeting_link, start_date, size_limit, status)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'active')",
                 P_TXT(gd->name), P_INT(d->school[gd->school]), P_INT(d->tutor[gd->tutor]),
                 P_TXT(gd->subject), P_TXT(gd->band), P_TXT(gd->modality), P_TXT(gd->place),
                 P_TXT(remote ? link : NULL), P_DAY(d->groups_start), P_INT(GROUP_LIMIT));
        if (rc != TT_OK)
            break;
        d->group[g] = db_last_id(d->db);
        for (int k = 0; k < gd->n_slots && rc == TT_OK; k++)
            rc = RUN(d, "INSERT INTO group_slot (group_id, weekday, start_min, minutes)"
                        " VALUES (?1, ?2, ?3, ?4)", P_INT(d->group[g]), P_INT(gd->weekday[k]),
                     P_INT(gd->start_min), P_INT(gd->minutes));
        if (rc == TT_OK)
            rc = RUN(d, "INSERT INTO group_tutor_history (group_id, tutor_id, from_date, reason,"
                        " changed_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                     P_INT(d->group[g]), P_INT(d->tutor[gd->tutor]), P_DAY(d->groups_start),
                     P_TXT("Jumelage initial"), P_TXT(d->login));
        /* Members of the right school and levels, found from a drawn
         * starting point so groups do not all take the first students. */
        int start = pick(d, N_STUDENTS);
        for (int k = 0; k < N_STUDENTS && d->n_member[g] < gd->size && rc == TT_OK; k++) {
            struct pupil *p = &d->pupil[(start + k) % N_STUDENTS];
            if (!p->taken && p->level >= gd->lo && p->level <= gd->hi)
                rc = place_member(d, g, p);
        }
    }
    return rc;
}

/* Two members leave, dated and explained: the history stays, and the
 * sessions after that day no longer count them. */
static int end_memberships(struct demo *d)
{
    static const struct {
        int group, days_before_monday;
        const char *reason, *status, *note;
    } leaves[] = {
        { 0, 18, "Déménagement hors du territoire", "closed", NULL },
        { 5, 32, "Absence prolongée pour raison de santé", "suspended",
          "Reprise prévue au retour de l'élève" },
    };
    int rc = TT_OK;
    for (size_t i = 0; i < TT_ARRAY_LEN(leaves) && rc == TT_OK; i++) {
        int g = leaves[i].group;
        struct pupil *p = &d->pupil[d->member[g][d->n_member[g] - 1]];
        p->left_on = d->monday - leaves[i].days_before_monday;
        rc = RUN(d, "UPDATE membership SET left_on = ?2, leave_reason = ?3 WHERE id = ?1",
                 P_INT(p->membership), P_DAY(p->left_on), P_TXT(leaves[i].reason));
        if (rc == TT_OK)
            rc = move(d, p, leaves[i].status, p->left_on, leaves[i].note,
                      is(leaves[i].status, "closed") ? leaves[i].reason : NULL);
    }
    return rc;
}

static int add_partner_referral(struct demo *d, const struct pupil *p, const char *partner,
                                tt_day sent, const char *outcome, tt_day outcome_on)
{
    return RUN(d, "INSERT INTO partner_referral (student_id, referral_id, partner, sent_on,"
                  " sent_by, outcome, outcome_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
               P_INT(p->id), P_INT(p->referral), P_TXT(partner), P_DAY(sent), P_TXT(d->login),
               P_TXT(outcome), P_DAY(outcome_on));
}

/* ---- The other referrals ---------------------------------------------- */

enum story {
    RECEIVED,       /* waiting for the administration's decision */
    PENDING,        /* accepted; the consent form is out */
    TAKEN_BACK,     /* consent withdrawn before pairing: back to awaiting consent */
    PAIRING,        /* consented, waiting for a group */
    PAUSED,         /* paired, then suspended */
    REFUSED,        /* the parents said no: closed */
    REDIRECTED,     /* another service takes it: closed at once */
    RESOLVED,       /* caught up before a place was found: closed */
};

static int tell(struct demo *d, struct pupil *p, enum story s, int nth)
{
    tt_day t = d->today;
    tt_day on = workday(s == RECEIVED ? t - 1 - pick(d, 14)
              : s == PENDING ? t - 12 - pick(d, 25)
              : s == TAKEN_BACK ? t - 50 - pick(d, 10)
              : s == PAIRING ? t - 20 - pick(d, 40)
              : s == PAUSED ? t - 70 - pick(d, 15)
              : s == REFUSED ? t - 30 - pick(d, 30)
              : s == REDIRECTED ? t - 40 - pick(d, 40)
              : t - 60 - pick(d, 20));
    tt_day accepted = workday(on + 2 + pick(d, 4));
    tt_day decided = accepted + 2 + pick(d, 6);
    tt_day later = t - 5 - pick(d, 10);
    int remote_too = pick(d, 4) != 0;
    int rc = refer(d, p, on, NULL, s == PAUSED && nth == 0 ? 1 : -1);
    if (rc != TT_OK || s == RECEIVED)
        return rc;
    if (s == REDIRECTED)
        return move(d, p, "closed", on + 5, NULL,
                    "Besoin pris en charge par l'orthopédagogue de l'école");
    rc = move(d, p, "awaiting_consent", accepted, "Acceptée par la direction", NULL);
    if (rc != TT_OK)
        return rc;
    switch (s) {
    case PENDING:
        rc = consent(d, p, "tutoring", "pending", accepted, TT_DAY_NONE, TT_DAY_NONE,
                     "Formulaire remis à l'élève");
        if (rc == TT_OK && remote_too)
            rc = consent(d, p, "remote", "pending", accepted, TT_DAY_NONE, TT_DAY_NONE, NULL);
        return rc;
    case REFUSED:
        rc = consent(d, p, "tutoring", "refused", accepted, decided, TT_DAY_NONE,
                     "Le parent préfère l'aide aux devoirs de l'école");
        return rc == TT_OK ? move(d, p, "closed", decided, NULL, "Refus des parents") : rc;
    case TAKEN_BACK:
        rc = consent(d, p, "tutoring", "withdrawn", accepted, decided, later,
                     "Retrait par courriel");
        if (rc == TT_OK)
            rc = move(d, p, "awaiting_pairing", decided, "Consentement reçu", NULL);
        return rc == TT_OK ? move(d, p, "awaiting_consent", later,
                                  "Consentement retiré par le parent", NULL) : rc;
    default:
        break;
    }
    rc = consent(d, p, "tutoring", "given", accepted, decided, TT_DAY_NONE, NULL);
    if (rc == TT_OK && remote_too)
        rc = consent(d, p, "remote", "given", accepted, decided, TT_DAY_NONE, NULL);
    /* One family keeps the referral itself from the tutor. */
    if (rc == TT_OK && s == PAIRING && nth % 3 == 0)
        rc = consent(d, p, "share_referral", nth == 0 ? "refused" : "given", accepted, decided,
                     TT_DAY_NONE, nth == 0 ? "Ne pas transmettre la référence au tuteur" : NULL);
    if (rc == TT_OK)
        rc = move(d, p, "awaiting_pairing", decided, "Consentement reçu", NULL);
    if (rc == TT_OK && s == RESOLVED)
        rc = move(d, p, "closed", later, NULL,
                  "Progrès suffisants selon l'enseignante; plus de besoin");
    if (rc == TT_OK && s == PAUSED) {
        rc = move(d, p, "active", decided + 7, "Jumelage individuel", NULL);
        if (rc == TT_OK)
            rc = move(d, p, "suspended", t - 10 - pick(d, 10),
                      nth == 0 ? "Hospitalisation; reprise prévue après le congé"
                               : "Suspendu à la demande des parents (période d'examens)", NULL);
        if (rc == TT_OK && nth == 0)
            rc = add_partner_referral(d, p, "teljeunes", on + 6, NULL, TT_DAY_NONE);
    }
    return rc;
}

/* Sixty referrals in all: the group members' (active) and these, which
 * stop at every other step of the way. */
static int create_other_referrals(struct demo *d)
{
    static const struct { enum story story; int count; } plan[] = {
        { RECEIVED, 7 }, { PENDING, 6 }, { TAKEN_BACK, 1 }, { PAIRING, 8 },
        { PAUSED, 2 }, { REFUSED, 2 }, { REDIRECTED, 2 }, { RESOLVED, 1 },
    };
    int rc = TT_OK, i = 3;
    for (size_t s = 0; s < TT_ARRAY_LEN(plan) && rc == TT_OK; s++) {
        for (int n = 0; n < plan[s].count && rc == TT_OK; n++) {
            /* A stride prime to the count visits every student, mixing
             * schools and levels. */
            do
                i = (i + 7) % N_STUDENTS;
            while (d->pupil[i].taken);
            rc = tell(d, &d->pupil[i], plan[s].story, n);
        }
    }
    return rc;
}

/* ---- Sessions and notes ----------------------------------------------- */

static int is_member_on(const struct pupil *p, tt_day day, tt_day joined)
{
    return day >= joined && (p->left_on == TT_DAY_NONE || day < p->left_on);
}

static int attend(struct demo *d, int g, int64_t session, tt_day day, int minutes)
{
    int rc = TT_OK;
    for (int m = 0; m < d->n_member[g] && rc == TT_OK; m++) {
        const struct pupil *p = &d->pupil[d->member[g][m]];
        if (!is_member_on(p, day, d->groups_start))
            continue;
        int a = pick(d, 20);
        const char *status = a < 17 ? "present" : a < 19 ? "absent" : "excused";
        int present = is(status, "present");
        rc = RUN(d, "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)",
                 P_INT(session), P_INT(p->id), P_TXT(status), P_INT(present ? minutes : 0),
                 P_TXT(d->login));
    }
    return rc;
}

/* A few cancellations, placed by hand: drawn ones bunch up by chance, and
 * a demo should look like an ordinary term. */
static const struct {
    int group, week, slot;
    const char *status, *reason;
} cancellations[] = {
    { 3, -6, 0, "cancelled_tutor", "Tutrice malade" },
    { 9, -2, 1, "cancelled_tutor", "Tuteur retenu par un rendez-vous médical" },
    { 7, -3, 0, "cancelled_student", "Sortie éducative de l'école" },
    { 5, -5, 1, "cancelled_student", "Examens de fin d'étape" },
    { 1, -7, 0, "cancelled_student", "Élèves retenus par une activité de l'école" },
};

static const char *cancelled(int g, int w, int k, const char **reason)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(cancellations); i++) {
        if (cancellations[i].group == g && cancellations[i].week == w &&
            cancellations[i].slot == k) {
            *reason = cancellations[i].reason;
            return cancellations[i].status;
        }
    }
    return NULL;
}

/* The eight weeks before this one from each group's slots, skipping the
 * days off; this week's sessions are still planned. */
static int create_sessions(struct demo *d)
{
    int rc = TT_OK;
    for (int g = 0; g < N_GROUPS && rc == TT_OK; g++) {
        const struct group_def *gd = &groups[g];
        for (int w = -SESSION_WEEKS; w <= 0 && rc == TT_OK; w++) {
            for (int k = 0; k < gd->n_slots && rc == TT_OK; k++) {
                tt_day day = d->monday + 7 * w + gd->weekday[k] - 1;
                int late = pick(d, 6) == 0;
                if (day < d->groups_start || is_off(d, day))
                    continue;
                const char *reason = NULL, *status = cancelled(g, w, k, &reason);
                int64_t tutor = d->tutor[gd->tutor];
                if (day >= d->today || (w == -1 && (g == 2 || g == 6))) {
                    status = "planned";     /* the last two: attendance still to enter */
                    reason = NULL;
                } else if (status == NULL) {
                    status = "held";
                }
                if (g == 2 && w == -4 && k == 0)
                    tutor = d->tutor[REPLACEMENT];
                int held = is(status, "held");
                int minutes = gd->minutes - (held && late ? 10 : 0);
                rc = RUN(d, "INSERT INTO session (group_id, session_date, start_min,"
                            " planned_minutes, actual_minutes, tutor_id, modality, status,"
                            " cancel_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         P_INT(d->group[g]), P_DAY(day), P_INT(gd->start_min),
                         P_INT(gd->minutes), held ? P_INT(minutes) : P_NULL, P_INT(tutor),
                         P_TXT(gd->modality), P_TXT(status), P_TXT(reason));
                if (rc == TT_OK && held)
                    rc = attend(d, g, db_last_id(d->db), day, minutes);
            }
        }
    }
    return rc;
}

static int add_note(struct demo *d, const struct pupil *p, const char *subject, const char *kind,
                    tt_day on, int score, const char *body)
{
    return RUN(d, "INSERT INTO progress_note (student_id, subject, kind, note_date, score, body,"
                  " author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
               P_INT(p->id), P_TXT(subject), P_TXT(kind), P_DAY(on), P_INT(score), P_TXT(body),
               P_TXT(d->login));
}

/* A short assessment when each student starts, another half-way for
 * about half of those still there; one family also goes to Alloprof. */
static int create_notes(struct demo *d)
{
    static const char *const start_notes[] = {
        "Évaluation de départ: notions de base à revoir.",
        "Évaluation de départ: bonne volonté, peu d'autonomie.",
        "Évaluation de départ: difficultés ciblées, motivation présente.",
    };
    static const char *const middle_notes[] = {
        "Progrès visibles, plus d'autonomie.", "Participe davantage; à consolider.",
        "Progrès lents mais réguliers.",
    };
    int rc = TT_OK;
    for (int g = 0; g < N_GROUPS && rc == TT_OK; g++) {
        const struct group_def *gd = &groups[g];
        tt_day first = date_week_monday(d->monday - 7 * SESSION_WEEKS) + gd->weekday[0] - 1;
        for (int m = 0; m < d->n_member[g] && rc == TT_OK; m++) {
            const struct pupil *p = &d->pupil[d->member[g][m]];
            int score = 1 + pick(d, 3), gain = pick(d, 2);
            gain += pick(d, 3) != 0;
            const char *body = PICK(d, start_notes), *later = PICK(d, middle_notes);
            rc = add_note(d, p, gd->subject, "start", first, score, body);
            if (rc == TT_OK && m % 2 == 0 && p->left_on == TT_DAY_NONE)
                rc = add_note(d, p, gd->subject, "middle", first + 28,
                              score + gain > 5 ? 5 : score + gain, later);
        }
    }
    if (rc == TT_OK)
        rc = add_partner_referral(d, &d->pupil[d->member[5][0]], "alloprof",
                                  d->groups_start + 10, "Inscrit à l'aide aux devoirs en ligne",
                                  d->groups_start + 17);
    return rc;
}

static int summarise(struct demo *d, struct demo_summary *sum)
{
    sqlite3_stmt *st = db_stmt(d->db,
        "SELECT (SELECT count(*) FROM school), (SELECT count(*) FROM student),"
        " (SELECT count(*) FROM referral), (SELECT count(*) FROM consent),"
        " (SELECT count(*) FROM tutor), (SELECT count(*) FROM tutoring_group),"
        " (SELECT count(*) FROM session), (SELECT count(*) FROM attendance)", d->err);
    if (st == NULL)
        return d->err->code ? d->err->code : TT_ERR_DB;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        int out = db_fail(d->db, rc, d->err, _("Reading the database"));
        sqlite3_reset(st);
        return out;
    }
    long *fields[] = { &sum->schools, &sum->students, &sum->referrals, &sum->consents,
                       &sum->tutors, &sum->groups, &sum->sessions, &sum->attendance };
    for (int i = 0; i < (int)TT_ARRAY_LEN(fields); i++)
        *fields[i] = (long)sqlite3_column_int64(st, i);
    sqlite3_reset(st);
    return TT_OK;
}

int demo_create(struct tt_db *db, const struct settings *s, tt_day today,
                struct demo_summary *sum, struct tt_error *err)
{
    struct tt_error local;
    tt_error_clear(&local);
    if (err == NULL)
        err = &local;
    memset(sum, 0, sizeof *sum);
    struct demo *d = xcalloc(1, sizeof *d);
    d->db = db;
    d->s = s;
    d->err = err;
    d->login = db_login(db);
    d->seed = 20210127;
    d->today = today;
    d->monday = date_week_monday(today);
    d->year_start = settings_year_start(s, today);
    d->year_end = settings_year_end(s, today);
    /* In summer the year has ended; consents must still cover the demo's
     * sessions, which always run up to this week. */
    d->expires = d->year_end > d->monday + 6 ? d->year_end : d->monday + 6;
    /* Formed on the Friday before the first of the eight weeks. */
    d->groups_start = d->monday - 7 * SESSION_WEEKS - 3;

    int rc = db_begin(db, err);
    if (rc != TT_OK) {
        free(d);
        return rc;
    }
    /* Checked inside the transaction, so two people starting the demo at
     * once cannot both fill the database. */
    int64_t existing = 0;
    rc = db_scalar_int(db, "SELECT count(*) FROM student", &existing, err);
    if (rc == TT_OK && existing > 0)
        rc = tt_error_set(err, TT_ERR_INVALID,
                          _("The database already holds students; the demo only fills an "
                            "empty database."));
    if (rc == TT_OK)
        rc = create_organisation(d);
    if (rc == TT_OK)
        rc = create_school_year(d);
    if (rc == TT_OK)
        rc = create_students(d);
    if (rc == TT_OK)
        rc = create_tutors(d);
    if (rc == TT_OK)
        rc = create_groups(d);
    if (rc == TT_OK)
        rc = end_memberships(d);
    if (rc == TT_OK)
        rc = create_other_referrals(d);
    if (rc == TT_OK)
        rc = create_sessions(d);
    if (rc == TT_OK)
        rc = create_notes(d);
    if (rc == TT_OK)
        rc = summarise(d, sum);
    if (rc == TT_OK)
        rc = db_commit(db, err);
    if (rc != TT_OK) {
        db_rollback(db);
        memset(sum, 0, sizeof *sum);
    }
    free(d);
    return rc;
}
