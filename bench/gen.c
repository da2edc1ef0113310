/* The benchmarks' generator (see gen.h).  Everything is planned in memory
 * first (students by school and level, groups, memberships, who is served,
 * each referral's path), then written table by table in one transaction,
 * many rows per INSERT: an INSERT into a table whose CHECKs hold IN (...)
 * lists builds a lookup table for each list at every run, so one run per
 * 256 rows instead of per row is most of the speed.  Nothing is switched off
 * but the audit log (generated data is nobody's change): CHECKs, foreign
 * keys and every trigger (status moves, group size, one group per subject,
 * consent before attendance) judge each row, and gen_verify checks the
 * rules again over the whole file at the end.
 *
 * Randomness is a hash of (seed, what, which): each decision depends only
 * on the seed and the entity, never on the order things are written in. */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "csvread.h"
#include "dates.h"
#include "db.h"
#include "gen.h"
#include "students.h"
#include "util.h"

/* ---- randomness ------------------------------------------------------ */

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t g_seed;

/* What a random draw is about; each has its own stream. */
enum what {
    W_LEVEL = 1, W_POOL, W_SIZE, W_LAST, W_LAST2, W_HYPHEN, W_FIRST, W_FIRST2, W_DOUBLE,
    W_GSTATUS, W_START, W_END, W_SUBJECT, W_MODALITY, W_TIME, W_DAYS, W_MINUTES, W_LEAVE,
    W_LEAVE_DAY, W_REASON, W_FATE, W_SUSPEND, W_WITHDRAW, W_REFDAY, W_CONSENT, W_METHOD,
    W_REMOTE, W_SHARE, W_TSTATUS, W_CATEGORY, W_APPLIED, W_SESSION, W_ATTEND, W_LATE,
    W_REPLACE, W_EXTRA, W_NOTE, W_SCORE, W_GUARDIAN, W_PHONE, W_EMAIL, W_TEXT, W_PRIORITY,
    W_CHANGE, W_CP, W_BIRTH, W_LANG, W_FLAG, W_PARTNER, W_ANSWER, W_SKILL, W_RATE,
    W_INSTITUTION, W_PROGRAM, W_REGION
};

static uint64_t rnd(enum what w, uint64_t id, uint64_t k)
{
    return mix(g_seed ^ mix(((uint64_t)w << 56) ^ (id << 8) ^ k));
}

/* Uniform in [0, 1). */
static double unif(enum what w, uint64_t id, uint64_t k)
{
    return (double)(rnd(w, id, k) >> 11) * (1.0 / 9007199254740992.0);
}

static long pick(enum what w, uint64_t id, uint64_t k, long n)
{
    return (long)(rnd(w, id, k) % (uint64_t)n);
}

/* ---- names and words ------------------------------------------------- */

/* Québec's most frequent family names, with those of families from
 * elsewhere that the province's schools hold. */
static const char *const LAST[] = {
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier",
    "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau",
    "Martin", "Landry", "Martel", "Bédard", "Grenier", "Lessard", "Bernier", "Richard",
    "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte", "Lachance", "Parent", "Blais",
    "Gosselin", "Savard", "Proulx", "Beaudoin", "Demers", "Perreault", "Boudreau", "Lemieux",
    "Cyr", "Perron", "Dufour", "Dion", "Mercier", "Bolduc", "Bérubé", "Boisvert", "Langlois",
    "Ménard", "Duchesne", "Leduc", "Deschênes", "Gingras", "Vachon", "Lacroix", "Brassard",
    "Thériault", "Paré", "Séguin", "Benoît", "Charbonneau", "Rousseau", "Gélinas", "Lemay",
    "Lalonde", "Vallée", "Émond", "Audet", "Jacques", "Labbé", "Drouin", "Allard", "Tessier",
    "Chabot", "Lamontagne", "Létourneau", "Bisson", "Champagne", "Larouche", "Harvey",
    "Gaudreault", "Côté-Rioux", "Després", "Goulet", "Guérin", "Huot", "Jobin", "Lepage",
    "Marchand", "Ménard", "Nolet", "Pépin", "Potvin", "Quirion", "Rioux", "Sirois", "Veilleux",
    "Vézina", "Zhang", "Nguyễn", "Trần", "Lê", "Phạm", "Haddad", "Khoury", "Saint-Louis",
    "Jean-Baptiste", "Joseph", "Pierre", "Diallo", "Traoré", "Ndiaye", "Benali", "Bouzid",
    "El Amrani", "Singh", "Wong", "Chen", "Li", "Rodríguez", "González", "Murphy", "O'Neill",
    "Smith", "MacDonald", "Ahmed", "Mohamed", "Rahman", "Nazari", "Kowalski", "Papadopoulos",
};

static const char *const FIRST_F[] = {
    "Emma", "Léa", "Alice", "Florence", "Olivia", "Charlotte", "Zoé", "Béatrice", "Rosalie",
    "Juliette", "Mia", "Chloé", "Éloïse", "Maëlle", "Camille", "Clara", "Jade", "Laurence",
    "Sofia", "Livia", "Eva", "Romane", "Mila", "Anaïs", "Noémie", "Océane", "Léonie", "Ève",
    "Élodie", "Émilie", "Gabrielle", "Maélie", "Justine", "Amélie", "Frédérique", "Marguerite",
    "Héloïse", "Mégane", "Laurie", "Élisabeth", "Coralie", "Maïka", "Ariane", "Annabelle",
    "Léanne", "Aurélie", "Anne-Sophie", "Marie-Ève", "Sarah-Maude", "Marie-Pier", "Lan",
    "Thị Hoa", "Yasmine", "Fatoumata", "Aïcha", "Inès", "Nour", "Salomé", "Naomie", "Kayla",
};

static const char *const FIRST_M[] = {
    "William", "Liam", "Noah", "Thomas", "Jacob", "Léo", "Édouard", "Nathan", "Félix", "Logan",
    "Émile", "Raphaël", "Arthur", "Louis", "Olivier", "Samuel", "Alexis", "Gabriel", "Charles",
    "Théo", "Zack", "Mathis", "Jérémy", "Xavier", "Antoine", "Éthan", "Loïc", "Benjamin",
    "Jean-François", "Jean-Philippe", "Marc-André", "Pierre-Luc", "Louis-Philippe", "Mathéo",
    "Maël", "Noé", "Éli", "Hugo", "Tristan", "Zacharie", "Adam", "Amir", "Mohamed", "Minh",
    "Quốc Anh", "Jérôme", "Étienne", "Médérik", "Anthony", "Isaac", "Nolan", "Rémi", "Cédric",
    "Ludovic", "Maxime", "Frédéric", "Joël", "Gaël", "Yanis", "Ibrahim",
};

/* The tutors: the network's own staff (mostly in their forties and
 * fifties), retirees, and college and university students. */
static const char *const ADULT_F[] = {
    "Sylvie", "Nathalie", "Isabelle", "Julie", "Marie-Claude", "Guylaine", "Jocelyne", "Ginette",
    "Hélène", "Josée", "Mélanie", "Geneviève", "Véronique", "Karine", "Annie", "Chantal",
    "Francine", "Lucie", "Manon", "Johanne", "Caroline", "Stéphanie", "Valérie", "Mireille",
    "Andrée-Anne", "Marie-Josée", "Marie-Hélène", "Danielle", "Céline", "Louise",
};
static const char *const ADULT_M[] = {
    "Stéphane", "Martin", "Sébastien", "François", "Luc", "Réjean", "Gaétan", "Denis", "André",
    "Benoît", "Mathieu", "Jonathan", "Frédéric", "Éric", "Patrick", "Sylvain", "Daniel",
    "Michel", "Pierre", "Alain", "Normand", "Gilles", "Yves", "Jean-Guy", "Marc-Antoine",
    "Jean-Sébastien", "Guillaume", "Hugues", "Jacques", "Raymond",
};

static const char *const PLACES[] = {
    "Saint-Édouard", "Sainte-Thérèse", "Notre-Dame-des-Neiges", "du Boisé", "de la Rivière",
    "des Érables", "Jean-de-Brébeuf", "Marguerite-Bourgeoys", "Louis-Riel", "des Sources",
    "Sacré-Cœur", "Saint-Joseph", "de l'Envolée", "des Trois-Saisons", "Félix-Leclerc",
    "Gabrielle-Roy", "Émile-Nelligan", "Anne-Hébert", "du Plateau", "de la Montée",
    "Saint-François-d'Assise", "des Hauts-Bois", "Marie-Victorin", "de l'Érablière",
    "Sainte-Famille", "du Phare", "La Chanterelle", "Les Explorateurs", "de la Passerelle",
    "des Pionniers", "Sainte-Marie", "Saint-Michel", "Vanier", "Curé-Labelle", "Pie-XII",
};
static const char *const TOWNS[] = {
    "Granby", "Sherbrooke", "Lévis", "Rimouski", "Trois-Rivières", "Saguenay", "Gatineau",
    "Laval", "Longueuil", "Québec", "Montréal", "Drummondville", "Saint-Jérôme", "Joliette",
    "Victoriaville", "Rouyn-Noranda", "Sept-Îles", "Gaspé", "Alma", "Magog", "Val-d'Or",
    "Saint-Hyacinthe", "Shawinigan", "Beloeil", "Chicoutimi", "Baie-Comeau", "Matane",
};

static const char *const REGIONS[] = {
    "Bas-Saint-Laurent", "Saguenay–Lac-Saint-Jean", "Capitale-Nationale", "Mauricie",
    "Estrie", "Montréal", "Outaouais", "Abitibi-Témiscamingue", "Côte-Nord",
    "Gaspésie–Îles-de-la-Madeleine", "Chaudière-Appalaches", "Laval", "Lanaudière",
    "Laurentides", "Montérégie", "Centre-du-Québec",
};

static const char *const INSTITUTIONS[] = {
    "Cégep de Sherbrooke", "Cégep de Granby", "Cégep de Trois-Rivières", "Cégep Limoilou",
    "Collège de Maisonneuve", "Cégep de Rimouski", "Cégep de l'Outaouais", "Dawson College",
    "Université Laval", "Université de Montréal", "Université de Sherbrooke", "UQAM", "UQTR",
    "UQAC", "UQAR", "Université McGill", "Université Concordia", "Université du Québec en "
    "Outaouais",
};
static const char *const PROGRAMS[] = {
    "Sciences de la nature", "Sciences humaines", "Arts, lettres et communication",
    "Baccalauréat en éducation préscolaire et primaire", "Baccalauréat en enseignement "
    "secondaire", "Orthopédagogie", "Psychoéducation", "Génie civil", "Mathématiques",
    "Techniques d'éducation à l'enfance", "Psychologie", "Sciences infirmières",
};

static const char *const DIFFICULTIES[] = {
    "Lecture lente et hésitante; comprend mal ce qu'il lit.",
    "Difficultés en résolution de problèmes écrits.",
    "Retard en écriture : structure de phrase et accords.",
    "Tables de multiplication non maîtrisées; fractions.",
    "A manqué plusieurs semaines en 2020; lacunes en français.",
    "Peu de vocabulaire en anglais; gêne à l'oral.",
    "Organisation du travail et devoirs non remis.",
    "Compréhension de lecture à consolider avant la 1re secondaire.",
};
static const char *const STRENGTHS[] = {
    "Très curieuse, aime les sciences.", "Persévérant, demande de l'aide.",
    "Bonne mémoire, aime dessiner.", "Sportif, leader dans l'équipe.",
    "Aime lire des bandes dessinées.", "Calme et appliquée.",
};
static const char *const STRATEGIES[] = {
    "Récupération le midi, 2 fois par semaine.", "Plan d'intervention en cours.",
    "Lecture guidée en petit groupe.", "Manipulation de matériel concret.",
    "Aide aux devoirs à la maison.",
};
static const char *const SINCE[] = {
    "depuis septembre", "depuis la 2e année", "depuis le retour en classe",
    "depuis le début du secondaire", "depuis la fermeture des écoles",
};
static const char *const REFERRERS[] = {
    "Mme Gagnon", "M. Tremblay", "Mme Côté", "Mme Bélanger", "M. Lévesque", "Mme Ouellet",
    "M. Nguyễn", "Mme Pelletier", "Mme Bérubé", "M. Thériault", "Mme Séguin", "M. Paré",
};
static const char *const REFERRER_ROLES[] = { "teacher", "teacher", "teacher", "special_ed",
                                               "professional", "principal", "other" };
static const char *const LEAVE_REASONS[] = {
    "Déménagement", "Horaire incompatible avec le sport", "Objectifs atteints",
    "Changement de groupe", "Absences répétées", "Demande des parents",
};
static const char *const CLOSE_REASONS[] = {
    "Objectifs atteints", "Déménagement hors du territoire", "Les parents ont retiré leur "
    "consentement", "Fin du suivi", "L'élève ne souhaite plus participer",
};
static const char *const CLOSE_UNSERVED[] = {
    "Besoin comblé par l'enseignante", "Référé à un autre service", "Consentement refusé",
    "L'élève a quitté l'école",
};
static const char *const CANCEL_STUDENT[] = {
    "Élève malade", "Sortie scolaire", "Rendez-vous médical", "Panne d'internet à la maison",
    "Élève absent sans motif",
};
static const char *const CANCEL_TUTOR[] = {
    "Tuteur malade", "Tempête : école fermée", "Conflit d'horaire du tuteur",
    "Formation du personnel",
};
static const char *const NOTES[] = {
    "Bon départ; lit des textes courts avec aide.", "Progrès en calcul mental.",
    "Doit encore travailler les accords.", "Plus confiant à l'oral.",
    "Comprend mieux les problèmes écrits.", "Objectifs du trimestre atteints.",
};

/* Levels, with their share of referred students (elementary first). */
static const char *const LEVELS[] = { "PRE5", "P1", "P2", "P3", "P4", "P5", "P6",
                                      "S1", "S2", "S3", "S4", "S5" };
static const double LEVEL_SHARE[] = { 0.02, 0.09, 0.10, 0.11, 0.11, 0.10, 0.09,
                                      0.08, 0.08, 0.08, 0.07, 0.07 };
/* Band of each level (index in BANDS). */
static const int LEVEL_BAND[] = { 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5 };
static const char *const BANDS[] = { "PRE", "P1-P2", "P3-P4", "P5-P6", "S1-S2", "S3-S5" };
static const int BAND_LEVELS[6][3] = { { 0, -1, -1 }, { 1, 2, -1 }, { 3, 4, -1 },
                                       { 5, 6, -1 }, { 7, 8, -1 }, { 9, 10, 11 } };

static const char *const SUBJECTS[] = { "math", "fr_reading", "fr_writing", "english",
                                        "science", "social", "study_skills", "other" };
static const char *const SUBJECT_NAME[] = { "Mathématiques", "Lecture", "Écriture", "Anglais",
                                            "Sciences", "Univers social", "Méthodes de travail",
                                            "Soutien" };

/* Slot keys: a start time and a set of weekdays that never overlaps another
 * key's, so that a tutor given one group per key never has two at once.
 * Pass 1 (a student's first subject) meets at 15:30 or 16:45, pass 2 (a
 * second subject) at 18:30 or 19:45: a student's two groups never clash. */
static const int KEY_TIME[] = { 930, 1005, 1110, 1185 };
/* Weekdays of each key, 0-terminated: in the afternoon, Monday-Wednesday-
 * Friday or Tuesday-Thursday; in the evening, two evenings or Friday. */
static const int DAYSET[4][3][4] = {
    { { 1, 3, 5, 0 }, { 2, 4, 0, 0 }, { 0, 0, 0, 0 } },
    { { 1, 3, 5, 0 }, { 2, 4, 0, 0 }, { 0, 0, 0, 0 } },
    { { 1, 3, 0, 0 }, { 2, 4, 0, 0 }, { 5, 0, 0, 0 } },
    { { 1, 3, 0, 0 }, { 2, 4, 0, 0 }, { 5, 0, 0, 0 } },
};
#define N_KEYS 12

static const int *days_of(int key)
{
    return DAYSET[key / 3][key % 3];
}

static int meets_on(int key, int weekday)
{
    for (const int *d = days_of(key); *d; d++)
        if (*d == weekday)
            return 1;
    return 0;
}

/* ---- the scales -------------------------------------------------------- */

struct scale {
    const char *name;
    long students, tutors, groups;
    int schools;
    double served;          /* share of students placed in a group at some point */
    double size5, size4;    /* groups of 5 and 4; the rest have 3 (fewer at a block's end) */
    int start_days;         /* group starts spread over this many days from START */
    double once_a_week;     /* second-subject groups meeting on Fridays only */
    double three_days;      /* first-subject groups meeting three times a week */
};

static const struct scale SCALES[] = {
    { "school", 300, 30, 75, 1, 0.84, 0.45, 0.40, 84, 0.10, 0.3 },
    { "centre", 15000, 1500, 4000, 60, 0.84, 0.90, 0.10, 28, 0.06, 0.8 },
    { "province", 200000, 20000, 50000, 1200, 0.84, 0.75, 0.20, 84, 0.12, 0.25 },
};

static const struct scale *scale_named(const char *name)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(SCALES); i++)
        if (strcmp(SCALES[i].name, name) == 0)
            return &SCALES[i];
    return NULL;
}

int gen_scale_known(const char *scale)
{
    return scale_named(scale) ? 0 : -1;
}

/* ---- the plan ---------------------------------------------------------- */

static tt_day D(int y, int m, int d)
{
    tt_day t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

static tt_day YEAR_START, YEAR_END, START, LAST_SESSION, TODAY, EXPIRY;

/* Days off for every school: statutory holidays, the holidays, the spring
 * break and the pedagogical days of a 2020-2021 calendar. */
static const struct { int y, m, d, n; const char *kind, *label; } OFF[] = {
    { 2020, 9, 7, 1, "holiday", "Fête du Travail" },
    { 2020, 10, 12, 1, "holiday", "Action de grâce" },
    { 2020, 10, 23, 1, "pedagogical", "Journée pédagogique" },
    { 2020, 11, 13, 1, "pedagogical", "Journée pédagogique" },
    { 2020, 12, 21, 15, "holiday", "Vacances des fêtes" },
    { 2021, 1, 29, 1, "pedagogical", "Journée pédagogique" },
    { 2021, 3, 1, 5, "holiday", "Semaine de relâche" },
    { 2021, 4, 2, 1, "holiday", "Vendredi saint" },
    { 2021, 4, 5, 1, "holiday", "Lundi de Pâques" },
    { 2021, 5, 14, 1, "pedagogical", "Journée pédagogique" },
    { 2021, 5, 24, 1, "holiday", "Journée nationale des patriotes" },
};

static unsigned char *day_off;   /* by day - YEAR_START */

static void calendar_init(void)
{
    YEAR_START = D(2020, 8, 31);
    YEAR_END = D(2021, 6, 23);
    START = D(2020, 9, 21);
    LAST_SESSION = D(2021, 6, 4);
    TODAY = D(2021, 4, 19);
    EXPIRY = D(2021, 6, 30);
    free(day_off);
    day_off = xcalloc((size_t)(YEAR_END - YEAR_START + 1), 1);
    for (size_t i = 0; i < TT_ARRAY_LEN(OFF); i++)
        for (int k = 0; k < OFF[i].n; k++) {
            tt_day d = D(OFF[i].y, OFF[i].m, OFF[i].d) + k;
            if (date_weekday(d) <= 5)
                day_off[d - YEAR_START] = 1;
        }
}

static int school_day(tt_day d)
{
    return d >= YEAR_START && d <= YEAR_END && date_weekday(d) <= 5 && !day_off[d - YEAR_START];
}

enum fate {
    F_NONE, F_NO_REFERRAL, F_RECEIVED, F_AWAIT_CONSENT, F_AWAIT_PAIRING, F_ACTIVE, F_SUSPENDED,
    F_CLOSED_SERVED, F_WAITING_AGAIN, F_CLOSED_UNSERVED
};

struct gstudent {
    int school;
    signed char level;
    unsigned char pool;         /* placed in a group at some point */
    unsigned char fate;
    unsigned char subjects;     /* bit per SUBJECTS entry: its groups' subjects */
    unsigned char remote;       /* in a remote group */
    unsigned char days;         /* weekday bits of its groups' slots */
    unsigned char refused;      /* consent refused (awaiting or closed) */
    unsigned char pending;      /* consent asked, not answered */
    unsigned char late_slot;    /* one of its groups meets after 18:00 */
    int n_members, n_open;
    tt_day first_join, first_held, last_left, suspend, withdraw;
    tt_day referral, asked, consent;
    int open_planned;           /* open memberships in planned groups only */
};

struct ggroup {
    int school, band, subject, key, minutes, tutor, old_tutor, pass;
    char status;                /* 'a'ctive, 'e'nded, 'p'lanned */
    char remote;
    tt_day start, end, change;  /* end 0: none; change: the tutor's change, 0 none */
    int has_end_date;
    long first_member;
    int n_members;
    int extra;                  /* one session outside the schedule */
};

struct gmember {
    int student;
    tt_day joined, left;        /* left 0: still in */
    signed char reason;         /* LEAVE_REASONS index, -1: the group ended */
};

struct gtutor {
    char status[12];
    int category;               /* index in CATEGORIES */
    tt_day applied, answered, hired, checked, left;
    int n_groups;
    unsigned char skills[8];    /* per subject: band bits */
    unsigned char days[4];      /* per KEY_TIME: weekday bits */
    char withdrawn_from_hired;
    char not_clear;             /* declined after an unfavourable check */
};

static const char *const CATEGORIES[] = { "staff_regular", "staff_parttime", "substitute",
                                          "retiree", "college", "university", "other" };
static const double CATEGORY_SHARE[] = { 0.45, 0.10, 0.12, 0.10, 0.10, 0.11, 0.02 };

struct plan {
    const struct scale *sc;
    struct gstudent *st;
    long n_st;
    struct ggroup *gr;
    long n_gr, cap_gr;
    struct gmember *mb;
    long n_mb, cap_mb;
    struct gtutor *tu;
    long n_tu;
    long *hired;                /* tutors leading groups */
    long n_hired;
    long *former;               /* hired, then withdrawn: a changed group's first tutor */
    long n_former;
    long *school_first;         /* first student of each school; [schools] = n_st */
};

static int weighted(enum what w, uint64_t id, uint64_t k, const double *share, int n)
{
    double u = unif(w, id, k), acc = 0;
    for (int i = 0; i < n - 1; i++) {
        acc += share[i];
        if (u < acc)
            return i;
    }
    return n - 1;
}

static tt_day monday_of(tt_day d)
{
    return d - (date_weekday(d) - 1);
}

/* The group's first session on or after from, or 0. */
static tt_day first_session_from(const struct ggroup *g, tt_day from)
{
    tt_day last = g->end ? g->end : LAST_SESSION;
    for (tt_day d = from < g->start ? g->start : from; d <= last; d++)
        if (meets_on(g->key, date_weekday(d)) && school_day(d))
            return d;
    return 0;
}

static void add_group(struct plan *p, const struct ggroup *g)
{
    if (p->n_gr == p->cap_gr) {
        p->cap_gr = p->cap_gr ? p->cap_gr * 2 : 1024;
        p->gr = xreallocarray(p->gr, (size_t)p->cap_gr, sizeof *p->gr);
    }
    p->gr[p->n_gr++] = *g;
}

static void add_member(struct plan *p, int student, tt_day joined)
{
    if (p->n_mb == p->cap_mb) {
        p->cap_mb = p->cap_mb ? p->cap_mb * 2 : 4096;
        p->mb = xreallocarray(p->mb, (size_t)p->cap_mb, sizeof *p->mb);
    }
    p->mb[p->n_mb++] = (struct gmember){ student, joined, 0, 0 };
}

static int group_size(const struct scale *sc, uint64_t id)
{
    double u = unif(W_SIZE, id, 0);
    return u < sc->size5 ? 5 : u < sc->size5 + sc->size4 ? 4 : 3;
}

/* Students of one school and band, in id order: pass 1 puts every pooled
 * student in a group; pass 2 a second group (another subject, evening
 * slots) for the first `second` of them. */
static void plan_block(struct plan *p, int school, int band, long from, long to, int pass,
                       long second)
{
    static const double FIRST_SUBJECTS[] = { 0.45, 0.30, 0.25 };
    static const double SECOND_SUBJECTS[] = { 0.40, 0.25, 0.15, 0.15, 0.05 };
    long i = from, taken = 0;
    while (i < to && (pass == 1 || taken < second)) {
        uint64_t gid = (uint64_t)p->n_gr + 1;
        struct ggroup g;
        memset(&g, 0, sizeof g);
        g.school = school;
        g.band = band;
        g.pass = pass;
        g.first_member = p->n_mb;
        g.old_tutor = -1;
        int size = group_size(p->sc, gid);
        /* No group of one or two left at the block's end. */
        long left = 0;
        for (long j = i; j < to && left < 9; j++)
            left += p->st[j].pool;
        if (pass == 2 && left > second - taken)
            left = second - taken;
        if (left <= 5)
            size = (int)left;
        else if (left - size < 3)
            size = (int)(left - 3 < 3 ? 3 : left - 3);
        while (i < to && g.n_members < size && (pass == 1 || taken < second)) {
            if (p->st[i].pool) {
                add_member(p, (int)i, 0);
                g.n_members++;
                taken++;
            }
            i++;
        }
        if (g.n_members == 0)
            break;
        g.subject = pass == 1 ? weighted(W_SUBJECT, gid, 0, FIRST_SUBJECTS, 3)
                              : 3 + weighted(W_SUBJECT, gid, 1, SECOND_SUBJECTS, 5);
        g.remote = unif(W_MODALITY, gid, 0) < (pass == 1 ? 0.5 : 0.9);
        int time = (pass == 1 ? 0 : 2) + (int)pick(W_TIME, gid, 0, 2);
        double u = unif(W_DAYS, gid, 0);
        int dayset = pass == 1 ? u >= p->sc->three_days
                   : u < p->sc->once_a_week ? 2 : u < (1 + p->sc->once_a_week) / 2 ? 0 : 1;
        g.key = time * 3 + dayset;
        g.minutes = band <= 1 ? 45 : band <= 3 ? 60 : unif(W_MINUTES, gid, 0) < 0.8 ? 60 : 75;
        double s = unif(W_GSTATUS, gid, 0);
        g.status = s < 0.02 ? 'p' : s < 0.08 ? 'e' : 'a';
        if (g.status == 'p') {
            g.start = monday_of(TODAY) + 7 * (1 + (int)pick(W_START, gid, 0, 3));
            g.has_end_date = 1;
            g.end = LAST_SESSION;
        } else {
            double v = unif(W_START, gid, 0);
            g.start = monday_of(START + (tt_day)(v * v * p->sc->start_days));
            if (g.status == 'e') {
                tt_day lo = g.start + 56, hi = TODAY - 7;
                g.end = lo >= hi ? hi : lo + (tt_day)pick(W_END, gid, 0, hi - lo);
                g.has_end_date = 1;
                if (g.end <= g.start + 14)
                    g.status = 'a', g.end = 0, g.has_end_date = 0;
            }
            if (g.status == 'a') {
                g.has_end_date = unif(W_END, gid, 1) < 0.7;
                g.end = g.has_end_date ? LAST_SESSION : 0;
            }
        }
        g.extra = g.status == 'a' && unif(W_EXTRA, gid, 0) < 0.02;
        add_group(p, &g);
    }
}

static void plan_students(struct plan *p)
{
    const struct scale *sc = p->sc;
    p->n_st = sc->students;
    p->st = xcalloc((size_t)p->n_st, sizeof *p->st);
    p->school_first = xcalloc((size_t)sc->schools + 1, sizeof *p->school_first);
    long per = sc->students / sc->schools, extra = sc->students % sc->schools, i = 0;
    for (int s = 0; s < sc->schools; s++) {
        long n = per + (s < extra);
        p->school_first[s] = i;
        /* Levels in order within the school, in their shares: the students
         * of a band are neighbours, as the groups take them. */
        for (long j = 0; j < n; j++, i++) {
            double f = (j + 0.5) / (double)n, acc = 0;
            int lv = 0;
            while (lv < 11 && f >= acc + LEVEL_SHARE[lv])
                acc += LEVEL_SHARE[lv++];
            p->st[i].school = s;
            p->st[i].level = (signed char)lv;
            p->st[i].pool = unif(W_POOL, (uint64_t)i, 0) < sc->served;
        }
    }
    p->school_first[sc->schools] = i;
}

/* Pass 1 everywhere first, to know how many second groups make the
 * scale's count. */
static void plan_groups(struct plan *p)
{
    const struct scale *sc = p->sc;
    for (int s = 0; s < sc->schools; s++) {
        long i = p->school_first[s], end = p->school_first[s + 1];
        while (i < end) {
            int band = LEVEL_BAND[p->st[i].level];
            long j = i;
            while (j < end && LEVEL_BAND[p->st[j].level] == band)
                j++;
            plan_block(p, s, band, i, j, 1, 0);
            i = j;
        }
    }
    long first_pass = p->n_gr;
    double share = first_pass >= sc->groups ? 0
                 : (double)(sc->groups - first_pass) / (double)first_pass;
    for (int s = 0; s < sc->schools && p->n_gr < sc->groups; s++) {
        long i = p->school_first[s], end = p->school_first[s + 1];
        while (i < end && p->n_gr < sc->groups) {
            int band = LEVEL_BAND[p->st[i].level];
            long j = i, pool = 0;
            while (j < end && LEVEL_BAND[p->st[j].level] == band)
                pool += p->st[j++].pool;
            long second = (long)(share * (double)pool + unif(W_SIZE, (uint64_t)i, 9));
            plan_block(p, s, band, i, j, 2, second);
            i = j;
        }
    }
}

/* Join and leave dates, then each student's fate from its memberships. */
static void plan_memberships(struct plan *p)
{
    for (long gi = 0; gi < p->n_gr; gi++) {
        struct ggroup *g = &p->gr[gi];
        for (int k = 0; k < g->n_members; k++) {
            struct gmember *m = &p->mb[g->first_member + k];
            uint64_t mid = (uint64_t)(g->first_member + k);
            if (g->status == 'p') {
                m->joined = TODAY - (tt_day)pick(W_LEAVE_DAY, mid, 1, 10);
            } else {
                m->joined = g->start;
                if (g->status == 'e') {
                    m->left = g->end;
                    m->reason = -1;
                } else if (unif(W_LEAVE, mid, 0) < 0.07 && g->start + 21 < TODAY - 1) {
                    m->left = g->start + 21 + (tt_day)pick(W_LEAVE_DAY, mid, 0,
                                                           TODAY - 1 - g->start - 21);
                    m->reason = (signed char)pick(W_REASON, mid, 0,
                                                  (long)TT_ARRAY_LEN(LEAVE_REASONS));
                }
            }
            struct gstudent *s = &p->st[m->student];
            s->n_members++;
            s->subjects |= (unsigned char)(1u << g->subject);
            s->remote |= (unsigned char)g->remote;
            s->late_slot |= (unsigned char)(g->key / 3 >= 2);
            for (const int *d = days_of(g->key); *d; d++)
                s->days |= (unsigned char)(1u << *d);
            if (s->first_join == 0 || m->joined < s->first_join)
                s->first_join = m->joined;
            if (m->left) {
                if (m->left > s->last_left)
                    s->last_left = m->left;
            } else if (g->status == 'p') {
                s->open_planned++;
            } else {
                s->n_open++;
            }
            if (g->status != 'p') {
                tt_day held = first_session_from(g, m->joined);
                if (held && held < TODAY && (s->first_held == 0 || held < s->first_held))
                    s->first_held = held;
            }
        }
    }
}

static void plan_fates(struct plan *p)
{
    static const double UNSERVED[] = { 0.05, 0.20, 0.25, 0.30, 0.20 };
    for (long i = 0; i < p->n_st; i++) {
        struct gstudent *s = &p->st[i];
        uint64_t id = (uint64_t)i;
        if (s->n_members == 0) {
            static const unsigned char F[] = { F_NO_REFERRAL, F_RECEIVED, F_AWAIT_CONSENT,
                                               F_AWAIT_PAIRING, F_CLOSED_UNSERVED };
            s->fate = F[weighted(W_FATE, id, 0, UNSERVED, 5)];
            if (s->fate == F_NO_REFERRAL)
                continue;
            s->referral = D(2020, 9, 1) + (tt_day)pick(W_REFDAY, id, 0, TODAY - 30 - D(2020, 9, 1));
            s->asked = s->referral + 1 + (tt_day)pick(W_REFDAY, id, 1, 3);
            s->consent = s->asked + 2 + (tt_day)pick(W_REFDAY, id, 2, 20);
            if (s->fate == F_AWAIT_CONSENT) {
                s->pending = unif(W_CONSENT, id, 0) < 0.85;
                s->refused = !s->pending;
            } else if (s->fate == F_CLOSED_UNSERVED && unif(W_CONSENT, id, 1) < 0.5) {
                s->refused = 1;
            }
            continue;
        }
        if (s->first_held == 0) {
            /* Placed, not started yet: its group begins after today. */
            s->fate = F_AWAIT_PAIRING;
        } else if (s->n_open > 0) {
            s->fate = F_ACTIVE;
            if (unif(W_SUSPEND, id, 0) < 0.03 && s->first_held + 30 < TODAY - 2) {
                s->fate = F_SUSPENDED;
                s->suspend = s->first_held + 30 +
                             (tt_day)pick(W_SUSPEND, id, 1, TODAY - 2 - s->first_held - 30);
            }
        } else if (s->open_planned > 0) {
            s->fate = F_WAITING_AGAIN;
        } else {
            s->fate = unif(W_FATE, id, 1) < 0.6 ? F_CLOSED_SERVED : F_WAITING_AGAIN;
            if (s->fate == F_CLOSED_SERVED && unif(W_WITHDRAW, id, 0) < 0.33 &&
                s->last_left + 1 <= TODAY)
                s->withdraw = s->last_left + 1;
        }
        tt_day before = s->first_join - 14 - (tt_day)pick(W_REFDAY, id, 0, 27);
        s->referral = before < YEAR_START ? YEAR_START : before;
        s->asked = s->referral + 1 + (tt_day)pick(W_REFDAY, id, 1, 2);
        tt_day span = s->first_join - 2 - s->asked;
        s->consent = s->asked + 1 + (tt_day)pick(W_REFDAY, id, 2, span > 1 ? span - 1 : 1);
        if (s->consent >= s->first_join)
            s->consent = s->first_join - 1;
    }
}

static void plan_tutors(struct plan *p)
{
    const struct scale *sc = p->sc;
    p->n_tu = sc->tutors;
    p->tu = xcalloc((size_t)p->n_tu, sizeof *p->tu);
    p->hired = xcalloc((size_t)p->n_tu, sizeof *p->hired);
    p->former = xcalloc((size_t)p->n_tu, sizeof *p->former);
    /* Statuses in the recruitment's own shares: most tutors hired, some
     * withdrawn after leading a group, the rest along the way. */
    static const char *const STATUS[] = { "hired", "withdrawn_h", "interest", "received",
                                          "processing", "declined", "withdrawn" };
    static const double SHARE[] = { 0.70, 0.03, 0.04, 0.08, 0.08, 0.05, 0.02 };
    for (long t = 0; t < p->n_tu; t++) {
        struct gtutor *x = &p->tu[t];
        uint64_t id = (uint64_t)t;
        /* The first ones take each status and category once, so that even
         * the school scale shows them all. */
        int k = t < 6 ? (int)t + 1 : weighted(W_TSTATUS, id, 0, SHARE, 7);
        x->category = t < 7 ? (int)t : weighted(W_CATEGORY, id, 0, CATEGORY_SHARE, 7);
        x->not_clear = k == 5 && (t == 4 || unif(W_TSTATUS, id, 1) < 0.33);
        /* Interest is what the network's own staff express. */
        if (k == 2 && x->category > 2)
            x->category = 0;
        if (k == 1) {
            tt_strlcpy(x->status, "withdrawn", sizeof x->status);
            x->withdrawn_from_hired = 1;
        } else {
            tt_strlcpy(x->status, STATUS[k], sizeof x->status);
        }
        int hired = k <= 1;
        x->applied = hired ? D(2020, 8, 10) + (tt_day)pick(W_APPLIED, id, 0, 20)
                           : D(2020, 8, 20) +
                                 (tt_day)pick(W_APPLIED, id, 1, TODAY - 4 - D(2020, 8, 20));
        if (hired) {
            x->checked = x->applied + 5 + (tt_day)pick(W_APPLIED, id, 2, 5);
            x->hired = x->checked + 1 + (tt_day)pick(W_APPLIED, id, 3, 5);
            if (k == 0)
                p->hired[p->n_hired++] = t;
            else
                p->former[p->n_former++] = t;
        }
        if (t == 2)
            x->applied = TODAY - 10;    /* the forced "received": not answered yet */
        /* Every candidate gets an answer; the latest ones are waiting. */
        if (strcmp(x->status, "interest") != 0 &&
            !(strcmp(x->status, "received") == 0 && x->applied > TODAY - 25))
            x->answered = x->applied + 2 + (tt_day)pick(W_ANSWER, id, 0, 5);
    }
}

/* Each group's tutor: one per slot key, from a window of the hired tutors
 * that shifts with the key, so that tutors lead about the same number of
 * groups and never two at the same time. */
static void plan_assign(struct plan *p)
{
    long count[N_KEYS] = { 0 };
    long changes = 0;
    for (long gi = 0; gi < p->n_gr; gi++) {
        struct ggroup *g = &p->gr[gi];
        long offset = (long)((double)g->key * (double)p->n_hired / N_KEYS);
        long t = p->hired[(offset + count[g->key]++) % p->n_hired];
        g->tutor = (int)t;
        p->tu[t].n_groups++;
        p->tu[t].skills[g->subject] |= (unsigned char)(1u << g->band);
        for (const int *d = days_of(g->key); *d; d++)
            p->tu[t].days[g->key / 3] |= (unsigned char)(1u << *d);
        /* A few groups changed tutor: their first one withdrew. */
        if (g->status == 'a' && changes < p->n_former && g->start + 42 < TODAY - 14 &&
            unif(W_CHANGE, (uint64_t)gi, 0) < 0.02) {
            long old = p->former[changes++];
            g->old_tutor = (int)old;
            g->change = g->start + 42 +
                        (tt_day)pick(W_CHANGE, (uint64_t)gi, 1, TODAY - 14 - g->start - 42);
            p->tu[old].left = g->change;
            p->tu[old].skills[g->subject] |= (unsigned char)(1u << g->band);
            p->tu[old].n_groups++;
        }
    }
    /* Former tutors who led nothing withdrew before their first group. */
    for (long k = changes; k < p->n_former; k++)
        p->tu[p->former[k]].left = p->tu[p->former[k]].hired + 10;
}

static void plan_free(struct plan *p)
{
    free(p->st);
    free(p->gr);
    free(p->mb);
    free(p->tu);
    free(p->hired);
    free(p->former);
    free(p->school_first);
    memset(p, 0, sizeof *p);
}

static void plan_make(struct plan *p, const struct scale *sc, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    g_seed = mix(seed);
    calendar_init();
    p->sc = sc;
    plan_students(p);
    plan_groups(p);
    plan_memberships(p);
    plan_fates(p);
    plan_tutors(p);
    plan_assign(p);
}

/* ---- sessions -------------------------------------------------------- */

struct gsession {
    int64_t id;
    tt_day day;
    int start_min, minutes, actual;     /* actual -1: none */
    long tutor;
    const char *status, *reason;
    int outside;
};

/* Calls fn for each session of group gi, in date order. */
typedef int (*session_fn)(void *ctx, long gi, const struct gsession *s);

static int each_session(const struct plan *p, long gi, int64_t *next_id, session_fn fn, void *ctx)
{
    const struct ggroup *g = &p->gr[gi];
    tt_day last = g->end ? g->end : LAST_SESSION;
    tt_day extra = 0;
    if (g->extra) {
        /* A make-up session on a Saturday morning. */
        tt_day lo = g->start + 7, hi = TODAY - 3;
        if (lo < hi) {
            tt_day d = lo + (tt_day)pick(W_EXTRA, (uint64_t)gi, 1, hi - lo);
            extra = d + (6 - date_weekday(d) + 7) % 7;
            if (extra >= TODAY || extra > last)
                extra = 0;
        }
    }
    for (tt_day d = g->start; d <= last; d++) {
        int wd = date_weekday(d);
        int regular = meets_on(g->key, wd) && school_day(d);
        if (!regular && d != extra)
            continue;
        struct gsession s;
        memset(&s, 0, sizeof s);
        s.id = (*next_id)++;
        s.day = d;
        s.start_min = regular ? KEY_TIME[g->key / 3] : 600;
        s.minutes = g->minutes;
        s.outside = !regular;
        s.tutor = g->old_tutor >= 0 && d < g->change ? g->old_tutor : g->tutor;
        s.actual = -1;
        uint64_t sid = (uint64_t)s.id;
        if (d >= TODAY || g->status == 'p') {
            s.status = "planned";
        } else {
            double u = unif(W_SESSION, sid, 0);
            double unrecorded = d >= TODAY - 10 ? 0.12 : 0.003;
            if (u < unrecorded) {
                s.status = "planned";
            } else if (u < unrecorded + 0.03) {
                s.status = "cancelled_student";
                s.reason =
                    CANCEL_STUDENT[pick(W_REASON, sid, 1, (long)TT_ARRAY_LEN(CANCEL_STUDENT))];
            } else if (u < unrecorded + 0.05) {
                s.status = "cancelled_tutor";
                s.reason = CANCEL_TUTOR[pick(W_REASON, sid, 2, (long)TT_ARRAY_LEN(CANCEL_TUTOR))];
            } else {
                s.status = "held";
                s.actual = unif(W_LATE, sid, 0) < 0.85
                               ? s.minutes : s.minutes - 5 - (int)pick(W_LATE, sid, 1, 11);
                if (unif(W_REPLACE, sid, 0) < 0.02)
                    s.tutor = p->hired[(s.tutor + p->n_hired / 2 + 1) % p->n_hired];
            }
        }
        int rc = fn(ctx, gi, &s);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Attendance of one member at a held session: 'p', 'a', 'e' or 0 when
 * the student was not in the group that day. */
static char attendance_of(const struct plan *p, const struct gmember *m, const struct gsession *s,
                          int *minutes)
{
    if (m->joined > s->day || (m->left && m->left < s->day))
        return 0;
    const struct gstudent *st = &p->st[m->student];
    uint64_t k = ((uint64_t)s->id << 3) ^ (uint64_t)m->student;
    *minutes = 0;
    if (st->suspend && s->day >= st->suspend)
        return 'e';
    double u = unif(W_ATTEND, k, 0);
    if (u < 0.09)
        return 'a';
    if (u < 0.14)
        return 'e';
    *minutes = unif(W_ATTEND, k, 1) < 0.9 ? s->actual
                                          : s->actual - 1 - (int)pick(W_ATTEND, k, 2, 10);
    if (*minutes < 1)
        *minutes = 1;
    return 'p';
}

struct plan_count {
    const struct plan *p;
    struct gen_counts *c;
};

static int count_session(void *ctx, long gi, const struct gsession *s)
{
    struct plan_count *pc = ctx;
    pc->c->sessions++;
    if (strcmp(s->status, "held") != 0)
        return 0;
    const struct ggroup *g = &pc->p->gr[gi];
    for (int k = 0; k < g->n_members; k++) {
        int minutes;
        if (attendance_of(pc->p, &pc->p->mb[g->first_member + k], s, &minutes))
            pc->c->attendance++;
    }
    return 0;
}

static void count_plan(const struct plan *p, struct gen_counts *c)
{
    memset(c, 0, sizeof *c);
    c->schools = p->sc->schools;
    c->students = p->n_st;
    c->tutors = p->n_tu;
    c->groups = p->n_gr;
    c->memberships = p->n_mb;
    for (long i = 0; i < p->n_st; i++)
        c->referrals += p->st[i].fate != F_NO_REFERRAL;
    struct plan_count pc = { p, c };
    int64_t next = 1;
    for (long gi = 0; gi < p->n_gr; gi++)
        each_session(p, gi, &next, count_session, &pc);
}

void gen_plan(const char *scale, uint64_t seed, struct gen_counts *counts)
{
    struct plan p;
    plan_make(&p, scale_named(scale), seed);
    count_plan(&p, counts);
    plan_free(&p);
}

/* ---- writing --------------------------------------------------------- */

/* Rows of one table gathered and written BATCH_ROWS per INSERT; what is
 * left at the end goes one row at a time.  Text is copied in, so callers
 * may pass buffers that change.  A child table's batch (held) waits for
 * its parents' batch: it is written, whole statements only, each time the
 * parents' batch is, so that every reference finds its row already there
 * and the foreign keys are checked row by row as the program's are. */
#define BATCH_ROWS 256
#define MAX_CHILDREN 4

struct value {
    int type;                   /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT */
    int64_t i;
    size_t off;                 /* into text */
};

struct batch {
    struct tt_db *db;
    sqlite3_stmt *many, *one;
    const char *table;
    int cols, col, held;
    long n, cap;                /* rows gathered; room for cap rows */
    struct value *v;
    char *text;
    size_t used, cap_text;
    struct batch *children[MAX_CHILDREN];
    int n_children;
};

static void die_db(struct tt_db *db, const char *what, struct tt_error *err)
{
    tt_error_set(err, TT_ERR_DB, "%s: %s", what, sqlite3_errmsg(db_handle(db)));
}

static int batch_init(struct batch *b, struct tt_db *db, const char *table, int cols,
                      const char *sql_one, const char *sql_many, struct tt_error *err)
{
    memset(b, 0, sizeof *b);
    b->db = db;
    b->table = table;
    b->cols = cols;
    b->cap = BATCH_ROWS;
    b->v = xcalloc((size_t)(b->cap * cols), sizeof *b->v);
    b->one = db_stmt(db, sql_one, err);
    b->many = b->one ? db_stmt(db, sql_many, err) : NULL;
    if (b->many == NULL)
        return TT_ERR_DB;
    if (sqlite3_bind_parameter_count(b->one) != cols ||
        sqlite3_bind_parameter_count(b->many) != cols * BATCH_ROWS)
        return tt_error_set(err, TT_ERR_DB, "%s: the statements do not take %d values a row",
                            table, cols);
    return TT_OK;
}

/* child is written after b, each time b is. */
static void batch_child(struct batch *b, struct batch *child)
{
    child->held = 1;
    b->children[b->n_children++] = child;
}

static struct value *b_next(struct batch *b)
{
    if (b->col == 0 && b->n == b->cap) {
        b->cap *= 2;
        b->v = xreallocarray(b->v, (size_t)(b->cap * b->cols), sizeof *b->v);
    }
    return &b->v[b->n * b->cols + b->col++];
}

static void b_int(struct batch *b, int64_t v)
{
    struct value *x = b_next(b);
    x->type = SQLITE_INTEGER;
    x->i = v;
}

static void b_null(struct batch *b)
{
    b_next(b)->type = SQLITE_NULL;
}

static void b_text(struct batch *b, const char *s)
{
    if (s == NULL) {
        b_null(b);
        return;
    }
    size_t n = strlen(s) + 1;
    if (b->used + n > b->cap_text) {
        b->cap_text = (b->used + n) * 2 + 4096;
        b->text = xrealloc(b->text, b->cap_text);
    }
    memcpy(b->text + b->used, s, n);
    struct value *x = b_next(b);
    x->type = SQLITE_TEXT;
    x->off = b->used;
    b->used += n;
}

static void b_date(struct batch *b, tt_day d)
{
    if (d == 0) {
        b_null(b);
        return;
    }
    char iso[11];
    date_iso(d, iso);
    b_text(b, iso);
}

static void bind_rows(struct batch *b, sqlite3_stmt *st, long first, int rows)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < b->cols; c++) {
            const struct value *x = &b->v[(first + r) * b->cols + c];
            int k = r * b->cols + c + 1;
            if (x->type == SQLITE_INTEGER)
                sqlite3_bind_int64(st, k, x->i);
            else if (x->type == SQLITE_TEXT)
                sqlite3_bind_text(st, k, b->text + x->off, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, k);
        }
}

/* Writes the rows gathered: whole statements, and the rest one by one
 * when all (the end of the table), then the children's. */
static int batch_write(struct batch *b, int all, struct tt_error *err)
{
    long first = 0;
    while (first < b->n) {
        int whole = b->n - first >= BATCH_ROWS;
        if (!whole && !all)
            break;
        sqlite3_stmt *st = whole ? b->many : b->one;
        bind_rows(b, st, first, whole ? BATCH_ROWS : 1);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s != SQLITE_DONE) {
            die_db(b->db, b->table, err);
            return TT_ERR_DB;
        }
        first += whole ? BATCH_ROWS : 1;
    }
    /* Keep what was not written, at the start, text included. */
    long rest = b->n - first;
    if (first > 0 && rest > 0) {
        memmove(b->v, b->v + first * b->cols, (size_t)(rest * b->cols) * sizeof *b->v);
        size_t used = 0;
        for (long k = 0; k < rest * b->cols; k++)
            if (b->v[k].type == SQLITE_TEXT) {
                size_t len = strlen(b->text + b->v[k].off) + 1;
                memmove(b->text + used, b->text + b->v[k].off, len);
                b->v[k].off = used;
                used += len;
            }
        b->used = used;
    } else if (rest == 0) {
        b->used = 0;
    }
    b->n = rest;
    for (int i = 0; i < b->n_children; i++) {
        int rc = batch_write(b->children[i], all, err);
        if (rc != TT_OK)
            return rc;
    }
    return TT_OK;
}

static int batch_flush(struct batch *b, struct tt_error *err)
{
    return batch_write(b, 1, err);
}

/* Ends a row; writes the batch when a statement's worth is there. */
static int b_row(struct batch *b, struct tt_error *err)
{
    if (b->col != b->cols) {
        tt_error_set(err, TT_ERR_DB, "%s: %d values for %d columns", b->table, b->col, b->cols);
        return TT_ERR_DB;
    }
    b->col = 0;
    b->n++;
    return !b->held && b->n == BATCH_ROWS ? batch_write(b, 0, err) : TT_OK;
}

/* Writes everything left, children included, and frees the batch. */
static int batch_end(struct batch *b, struct tt_error *err)
{
    int rc = batch_write(b, 1, err);
    free(b->v);
    free(b->text);
    b->v = NULL;
    b->text = NULL;
    return rc;
}

#define X2(r) r "," r
#define X4(r) X2(r) "," X2(r)
#define X8(r) X4(r) "," X4(r)
#define X16(r) X8(r) "," X8(r)
#define X32(r) X16(r) "," X16(r)
#define X64(r) X32(r) "," X32(r)
#define X128(r) X64(r) "," X64(r)
#define X256(r) X128(r) "," X128(r)
/* BATCH_ROWS copies of a row; batch_init checks that they agree. */
#define XBATCH(r) X256(r)
/* The one-row and the BATCH_ROWS-row statements of an INSERT. */
#define BATCH_SQL(head, row) head row, head XBATCH(row)
#define BATCH(b, db, table, cols, head, row, err) \
    batch_init(b, db, table, cols, BATCH_SQL(head, row), err)
/* The same with SQL after the rows. */
#define BATCH_TAIL(b, db, table, cols, head, row, tail, err) \
    batch_init(b, db, table, cols, head row tail, head XBATCH(row) tail, err)

static int exec(struct tt_db *db, const char *sql, struct tt_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        tt_error_set(err, TT_ERR_DB, "%s: %s", sql, msg ? msg : "");
        sqlite3_free(msg);
        return TT_ERR_DB;
    }
    return TT_OK;
}

/* ---- names ----------------------------------------------------------- */

static const char *last_name(enum what w, uint64_t id, char *buf, size_t size)
{
    /* Zipf-like: the first names of the list are the most frequent. */
    double u = unif(w, id, 0);
    long n = (long)TT_ARRAY_LEN(LAST);
    long i = (long)(pow(u, 2.2) * (double)n);
    if (unif(W_HYPHEN, id, (uint64_t)w) < 0.07) {
        long j = pick(W_LAST2, id, (uint64_t)w, n);
        if (j != i && strchr(LAST[i], ' ') == NULL && strchr(LAST[j], ' ') == NULL) {
            snprintf(buf, size, "%s-%s", LAST[i], LAST[j]);
            return buf;
        }
    }
    tt_strlcpy(buf, LAST[i], size);
    return buf;
}

static const char *first_name(const char *const *list, size_t n, uint64_t id, uint64_t k,
                              char *buf, size_t size)
{
    double u = unif(W_FIRST, id, k);
    long i = (long)(pow(u, 1.6) * (double)n);
    /* Compound first names, as Québec writes them. */
    if (unif(W_DOUBLE, id, k) < 0.05 && strchr(list[i], '-') == NULL &&
        strchr(list[i], ' ') == NULL) {
        long j = pick(W_FIRST2, id, k, (long)n);
        if (j != i && strchr(list[j], '-') == NULL && strchr(list[j], ' ') == NULL) {
            snprintf(buf, size, "%s-%s", list[i], list[j]);
            return buf;
        }
    }
    tt_strlcpy(buf, list[i], size);
    return buf;
}

/* ASCII letters of a name, for e-mail addresses and codes permanents. */
static void ascii_of(const char *s, char *out, size_t size, int upper)
{
    static const struct { const char *utf8; char c; } map[] = {
        { "é", 'e' }, { "è", 'e' }, { "ê", 'e' }, { "ë", 'e' }, { "É", 'e' }, { "È", 'e' },
        { "à", 'a' }, { "â", 'a' }, { "ä", 'a' }, { "á", 'a' }, { "À", 'a' }, { "î", 'i' },
        { "ï", 'i' }, { "í", 'i' }, { "ô", 'o' }, { "ö", 'o' }, { "ó", 'o' }, { "ồ", 'o' },
        { "ù", 'u' }, { "û", 'u' }, { "ü", 'u' }, { "ú", 'u' }, { "ç", 'c' }, { "Ç", 'c' },
        { "ễ", 'e' }, { "ầ", 'a' }, { "ạ", 'a' }, { "ị", 'i' }, { "ố", 'o' }, { "Œ", 'o' },
        { "œ", 'o' }, { "ế", 'e' }, { "ả", 'a' }, { "ủ", 'u' }, { "Ê", 'e' }, { "Î", 'i' },
        { "Ô", 'o' }, { "ạ", 'a' }, { "ơ", 'o' }, { "ư", 'u' }, { "ă", 'a' }, { "Ă", 'a' },
    };
    size_t o = 0;
    for (const char *p = s; *p && o + 1 < size;) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                out[o++] = (char)(upper ? (c & ~0x20) : (c | 0x20));
            p++;
            continue;
        }
        int done = 0;
        for (size_t k = 0; k < TT_ARRAY_LEN(map) && !done; k++) {
            size_t n = strlen(map[k].utf8);
            if (strncmp(p, map[k].utf8, n) == 0) {
                out[o++] = (char)(upper ? map[k].c - 32 : map[k].c);
                p += n;
                done = 1;
            }
        }
        if (!done) {
            p++;
            while (((unsigned char)*p & 0xC0) == 0x80)
                p++;
        }
    }
    out[o] = '\0';
}

static void phone(uint64_t id, enum what w, char *buf, size_t size)
{
    static const char *const AREA[] = { "514", "438", "450", "418", "581", "819", "873" };
    snprintf(buf, size, "%s-%03ld-%04ld", AREA[pick(w, id, 0, 7)], 200 + pick(w, id, 1, 799),
             pick(w, id, 2, 10000));
}

/* ---- stages -------------------------------------------------------- */

struct gen {
    struct tt_db *db;
    struct plan *p;
    FILE *log;
    double t0;
    struct gen_counts *c;
    char login[65];
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void stage(struct gen *g, const char *what)
{
    if (g->log) {
        fprintf(g->log, "  %-44s %7.1f s\n", what, now_s() - g->t0);
        fflush(g->log);
    }
}

static int write_setup(struct gen *g, struct tt_error *err)
{
    const struct plan *p = g->p;
    int rc = exec(g->db, "INSERT INTO organisation (id, name, kind, ministry_code) VALUES"
                         " (1, 'Centre de services scolaire des Hautes-Rivières', 'css', '869000')",
                  err);
    if (rc == TT_OK)
        rc = exec(g->db, "INSERT INTO school_year (id, label, start_date, end_date) VALUES"
                         " (1, '2020-2021', '2020-08-31', '2021-06-23')", err);
    if (rc == TT_OK)
        rc = exec(g->db, "INSERT OR IGNORE INTO app_user (login, full_name, role) VALUES"
                         " ('secretariat', 'Josée Bérubé', 'secretary'),"
                         " ('direction', 'Réjean Côté', 'admin'),"
                         " ('conseillere', 'Marie-Ève Thériault', 'readonly')", err);
    struct batch b;
    if (rc == TT_OK)
        rc = BATCH(&b, g->db, "non_school_day", 4,
                   "INSERT INTO non_school_day (school_year_id, day, kind, label) VALUES ",
                   "(?,?,?,?)", err);
    for (size_t i = 0; rc == TT_OK && i < TT_ARRAY_LEN(OFF); i++)
        for (int k = 0; rc == TT_OK && k < OFF[i].n; k++) {
            tt_day d = D(OFF[i].y, OFF[i].m, OFF[i].d) + k;
            if (date_weekday(d) > 5)
                continue;
            b_int(&b, 1);
            b_date(&b, d);
            b_text(&b, OFF[i].kind);
            b_text(&b, OFF[i].label);
            rc = b_row(&b, err);
        }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    if (rc == TT_OK)
        rc = BATCH(&b, g->db, "school", 3, "INSERT INTO school (id, code, name) VALUES ",
                   "(?,?,?)", err);
    for (int s = 0; rc == TT_OK && s < p->sc->schools; s++) {
        char code[16], name[200];
        snprintf(code, sizeof code, "%03d%03d", 700 + s / 1000, s % 1000);
        const char *kind = s % 3 == 2 ? "secondaire" : "primaire";
        const char *place = PLACES[s % TT_ARRAY_LEN(PLACES)];
        const char *town = TOWNS[(s / TT_ARRAY_LEN(PLACES)) % TT_ARRAY_LEN(TOWNS)];
        long round = (long)(s / (TT_ARRAY_LEN(PLACES) * TT_ARRAY_LEN(TOWNS)));
        if (round)
            snprintf(name, sizeof name, "École %s %s (%s, %ld)", kind, place, town, round + 1);
        else
            snprintf(name, sizeof name, "École %s %s (%s)", kind, place, town);
        b_int(&b, s + 1);
        b_text(&b, code);
        b_text(&b, name);
        rc = b_row(&b, err);
    }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    g->c->schools = p->sc->schools;
    return rc;
}

static const char *tutor_first(const struct gtutor *x, uint64_t id, char *buf, size_t size)
{
    int young = x->category == 4 || x->category == 5;
    int woman = unif(W_FIRST, id, 77) < 0.72;   /* three tutors in four are women */
    if (young)
        return woman ? first_name(FIRST_F, TT_ARRAY_LEN(FIRST_F), id, 5, buf, size)
                     : first_name(FIRST_M, TT_ARRAY_LEN(FIRST_M), id, 5, buf, size);
    return woman ? first_name(ADULT_F, TT_ARRAY_LEN(ADULT_F), id, 5, buf, size)
                 : first_name(ADULT_M, TT_ARRAY_LEN(ADULT_M), id, 5, buf, size);
}

/* The statuses a candidate went through to reach its own. */
static int tutor_path(const struct gtutor *x, const char **path)
{
    int staff = x->category <= 2;
    int n = 0;
    path[n++] = staff ? "interest" : "received";
    if (strcmp(x->status, path[0]) == 0)
        return n;
    if (strcmp(x->status, "received") == 0) {
        path[n++] = "received";
        return n;
    }
    if (strcmp(x->status, "declined") == 0 || (strcmp(x->status, "withdrawn") == 0 &&
                                               !x->withdrawn_from_hired)) {
        path[n++] = "processing";
        path[n++] = x->status;
        return n;
    }
    path[n++] = "processing";
    if (strcmp(x->status, "processing") == 0)
        return n;
    path[n++] = "hired";
    if (x->withdrawn_from_hired)
        path[n++] = "withdrawn";
    return n;
}

static int write_tutors(struct gen *g, struct tt_error *err)
{
    struct plan *p = g->p;
    struct batch b, h, sk, av;
    int rc = BATCH(&b, g->db, "tutor", 29,
        "INSERT INTO tutor (id, last_name, first_name, search_key, email, phone, category, source,"
        " institution, program, region, desired_org, availability_text, applied_on, school_id,"
        " modality, status, status_date, answered_on, answered_how, answered_by, hire_date,"
        " employee_number, check_status, check_requested_on, check_completed_on, check_result,"
        " training_on, confidentiality_on) VALUES ",
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&h, g->db, "tutor_status_history", 5,
                   "INSERT INTO tutor_status_history (tutor_id, from_status, to_status, changed_on,"
                   " changed_by) VALUES ", "(?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&sk, g->db, "tutor_skill", 3,
                   "INSERT INTO tutor_skill (tutor_id, subject, level) VALUES ", "(?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&av, g->db, "tutor_availability", 4,
                   "INSERT INTO tutor_availability (tutor_id, weekday, start_min, end_min) VALUES ",
                   "(?,?,?,?)", err);
    if (rc == TT_OK) {
        batch_child(&b, &h);
        batch_child(&b, &sk);
        batch_child(&b, &av);
    }
    for (long t = 0; rc == TT_OK && t < p->n_tu; t++) {
        struct gtutor *x = &p->tu[t];
        uint64_t id = (uint64_t)t + 1000000;
        char last[200], first[200], email[400], fa[120], la[120], tel[20];
        last_name(W_LAST, id, last, sizeof last);
        tutor_first(x, id, first, sizeof first);
        ascii_of(first, fa, sizeof fa, 0);
        ascii_of(last, la, sizeof la, 0);
        snprintf(email, sizeof email, "%s.%s%ld@%s", fa, la, t + 1,
                 x->category <= 2 ? "csshr.gouv.qc.ca" : x->category == 3 ? "videotron.ca"
                 : x->category == 4 ? "etu.cegep.qc.ca" : "courriel.ulaval.ca");
        phone(id, W_PHONE, tel, sizeof tel);
        char *key = student_search_key(last, first, "", "");
        const char *path[6];
        int n = tutor_path(x, path);
        tt_day day[6];
        day[0] = x->applied;
        for (int k = 1; k < n; k++) {
            if (strcmp(path[k], "hired") == 0)
                day[k] = x->hired;
            else if (strcmp(path[k], "processing") == 0)
                day[k] = x->hired ? x->applied + 3 : x->answered ? x->answered : x->applied + 3;
            else if (x->withdrawn_from_hired && strcmp(path[k], "withdrawn") == 0)
                day[k] = x->left;
            else
                day[k] = day[k - 1] + 5 + (tt_day)pick(W_APPLIED, id, (uint64_t)k, 20);
            if (day[k] > TODAY)
                day[k] = TODAY;
            if (day[k] < day[k - 1])
                day[k] = day[k - 1];
        }
        int staff = x->category <= 2, hired = x->hired != 0;
        int requested = strcmp(x->status, "processing") == 0;
        int refused_check = x->not_clear;
        b_int(&b, t + 1);
        b_text(&b, last);
        b_text(&b, first);
        b_text(&b, key);
        b_text(&b, email);
        b_text(&b, tel);
        b_text(&b, CATEGORIES[x->category]);
        b_text(&b, staff ? "staff" : x->category == 6 ? "direct" : "platform");
        b_text(&b, x->category == 4 || x->category == 5
                       ? INSTITUTIONS[pick(W_INSTITUTION, id, 0, (long)TT_ARRAY_LEN(INSTITUTIONS))]
                       : NULL);
        b_text(&b, x->category == 4 || x->category == 5
                       ? PROGRAMS[pick(W_PROGRAM, id, 0, (long)TT_ARRAY_LEN(PROGRAMS))] : NULL);
        b_text(&b, REGIONS[pick(W_REGION, id, 0, (long)TT_ARRAY_LEN(REGIONS))]);
        b_text(&b, staff ? NULL : "Centre de services scolaire des Hautes-Rivières");
        b_text(&b, x->n_groups ? "Soirs de semaine après 15 h 30" : "Lundi et mercredi soir");
        b_date(&b, x->applied);
        if (staff)
            b_int(&b, 1 + pick(W_TEXT, id, 0, g->p->sc->schools));
        else
            b_null(&b);
        b_text(&b, x->n_groups > 1 ? "both" : unif(W_REMOTE, id, 0) < 0.6 ? "remote" : "school");
        b_text(&b, x->status);
        b_date(&b, day[n - 1]);
        b_date(&b, x->answered);
        b_text(&b, x->answered ? (t % 4 ? "email" : "phone") : NULL);
        b_text(&b, x->answered ? "secretariat" : NULL);
        b_date(&b, x->hired);
        if (hired && staff) {
            char emp[32];
            snprintf(emp, sizeof emp, "E%07ld", 1000000 + t);
            b_text(&b, emp);
        } else {
            b_null(&b);
        }
        b_text(&b, hired || refused_check ? "completed" : requested ? "requested" : "none");
        b_date(&b, hired ? x->checked - 4 : refused_check || requested ? day[1] + 1 : 0);
        b_date(&b, hired ? x->checked : refused_check ? day[1] + 9 : 0);
        b_text(&b, hired ? "clear" : refused_check ? "not_clear" : NULL);
        b_date(&b, hired ? x->hired + 2 : 0);
        b_date(&b, hired ? x->hired : 0);
        free(key);
        rc = b_row(&b, err);
        for (int k = 0; rc == TT_OK && k < n; k++) {
            b_int(&h, t + 1);
            b_text(&h, k ? path[k - 1] : NULL);
            b_text(&h, path[k]);
            b_date(&h, day[k]);
            b_text(&h, k ? "secretariat" : g->login);
            rc = b_row(&h, err);
        }
        /* What a tutor can teach: at least what its groups need. */
        for (int s = 0; rc == TT_OK && s < 8; s++) {
            unsigned bands = x->skills[s];
            if (bands == 0 && s == (int)pick(W_SKILL, id, 0, 3) && !hired)
                bands = 1u << (1 + pick(W_SKILL, id, 1, 5));
            for (int bd = 0; rc == TT_OK && bd < 6; bd++) {
                if (!(bands & (1u << bd)))
                    continue;
                for (int l = 0; rc == TT_OK && l < 3 && BAND_LEVELS[bd][l] >= 0; l++) {
                    b_int(&sk, t + 1);
                    b_text(&sk, SUBJECTS[s]);
                    b_text(&sk, LEVELS[BAND_LEVELS[bd][l]]);
                    rc = b_row(&sk, err);
                }
            }
        }
        for (int k = 0; rc == TT_OK && k < 4; k++)
            for (int wd = 1; rc == TT_OK && wd <= 5; wd++) {
                if (!(x->days[k] & (1u << wd)))
                    continue;
                b_int(&av, t + 1);
                b_int(&av, wd);
                b_int(&av, KEY_TIME[k] - 15);
                b_int(&av, KEY_TIME[k] + 90);
                rc = b_row(&av, err);
            }
    }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    if (rc == TT_OK)
        rc = batch_end(&h, err);
    if (rc == TT_OK)
        rc = batch_end(&sk, err);
    if (rc == TT_OK)
        rc = batch_end(&av, err);
    g->c->tutors = p->n_tu;
    /* A few own rates, from the new year (the others: their category's). */
    if (rc == TT_OK)
        rc = exec(g->db, "INSERT INTO tutor_rate (tutor_id, effective_on, rate_cents, set_by, note)"
                         " SELECT id, '2021-01-04', 2500, 'direction', 'Entente particulière'"
                         " FROM tutor WHERE category = 'university' AND status = 'hired'"
                         " AND id % 10 = 0", err);
    return rc;
}

static const char *student_first(uint64_t id, char *buf, size_t size)
{
    return unif(W_FIRST, id, 99) < 0.5
               ? first_name(FIRST_F, TT_ARRAY_LEN(FIRST_F), id, 1, buf, size)
               : first_name(FIRST_M, TT_ARRAY_LEN(FIRST_M), id, 1, buf, size);
}

/* Codes permanents given so far: two students may share the letters,
 * the birth date and the two digits, which the schema refuses. */
struct code_set {
    char (*code)[13];
    size_t cap, n;
};

static int code_add(struct code_set *c, const char *code)
{
    if ((c->n + 1) * 2 > c->cap) {
        struct code_set big = { NULL, c->cap ? c->cap * 2 : 4096, 0 };
        big.code = xcalloc(big.cap, sizeof *big.code);
        for (size_t i = 0; i < c->cap; i++)
            if (c->code[i][0])
                code_add(&big, c->code[i]);
        free(c->code);
        *c = big;
    }
    uint64_t h = 1469598103934665603ull;
    for (const char *p = code; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    size_t i = h & (c->cap - 1);
    for (; c->code[i][0]; i = (i + 1) & (c->cap - 1))
        if (strcmp(c->code[i], code) == 0)
            return -1;
    tt_strlcpy(c->code[i], code, sizeof c->code[i]);
    c->n++;
    return 0;
}

/* Students, their guardians. */
static int write_students(struct gen *g, struct tt_error *err)
{
    struct code_set codes = { NULL, 0, 0 };
    struct plan *p = g->p;
    struct batch b, gu;
    int rc = BATCH(&b, g->db, "student", 13,
        "INSERT INTO student (id, school_id, local_number, code_permanent, last_name, first_name,"
        " search_key, birth_date, level, class_group, language, has_intervention_plan,"
        " needs_francization) VALUES ", "(?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&gu, g->db, "guardian", 7,
                   "INSERT INTO guardian (student_id, rank, full_name, relationship, phone, email,"
                   " language) VALUES ", "(?,?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        batch_child(&b, &gu);
    for (long i = 0; rc == TT_OK && i < p->n_st; i++) {
        const struct gstudent *s = &p->st[i];
        uint64_t id = (uint64_t)i;
        char last[200], first[200], local[32], cp[32], klass[32];
        last_name(W_LAST, id, last, sizeof last);
        student_first(id, first, sizeof first);
        int girl = 0;
        for (size_t k = 0; k < TT_ARRAY_LEN(FIRST_F); k++)
            if (strncmp(first, FIRST_F[k], strlen(FIRST_F[k])) == 0)
                girl = 1;
        snprintf(local, sizeof local, "%07ld", 1000000 + i * 3 + (long)pick(W_CP, id, 1, 3));
        /* Born in the school year's cohort of its level. */
        int lv = s->level == 0 ? -1 : s->level - 1;    /* P1 = 0 */
        tt_day born = D(2013 - lv, 10, 1) + (tt_day)pick(W_BIRTH, id, 0, 365);
        int y, m, d;
        date_to_ymd(born, &y, &m, &d);
        const char *cpp = NULL;
        if (unif(W_CP, id, 0) < 0.7) {
            char la[120], fa[120];
            ascii_of(last, la, sizeof la, 1);
            ascii_of(first, fa, sizeof fa, 1);
            /* Letters, day, month (+50 for girls), year, and two digits
             * that keep it unique here. */
            for (long k = 0; k < 100 && cpp == NULL; k++) {
                snprintf(cp, sizeof cp, "%.3s%s%c%02d%02d%02d%02ld", la,
                         strlen(la) >= 3 ? "" : strlen(la) == 2 ? "X" : "XX",
                         fa[0] ? fa[0] : 'X', d, m + (girl ? 50 : 0), y % 100, (i + k) % 100);
                if (code_add(&codes, cp) == 0)
                    cpp = cp;
            }
        }
        snprintf(klass, sizeof klass, "%s-%02ld", LEVELS[s->level], 1 + pick(W_TEXT, id, 3, 4));
        char *key = student_search_key(last, first, local, cpp ? cpp : "");
        double lang = unif(W_LANG, id, 0);
        b_int(&b, i + 1);
        b_int(&b, s->school + 1);
        b_text(&b, local);
        b_text(&b, cpp);
        b_text(&b, last);
        b_text(&b, first);
        b_text(&b, key);
        b_date(&b, born);
        b_text(&b, LEVELS[s->level]);
        b_text(&b, klass);
        b_text(&b, lang < 0.85 ? "fr" : lang < 0.97 ? "en" : "other");
        b_int(&b, unif(W_FLAG, id, 0) < 0.12);
        b_int(&b, unif(W_FLAG, id, 1) < 0.04);
        free(key);
        rc = b_row(&b, err);
        int two = unif(W_GUARDIAN, id, 0) < 0.7;
        for (int r = 1; rc == TT_OK && r <= 1 + two; r++) {
            char name[400], other[200], gf[200], tel[20], mail[300], ga[120], la2[120];
            /* The first is the mother four times in five; the second, the
             * other parent. */
            int mother = r == 1 && unif(W_GUARDIAN, id, 1) < 0.8;
            int woman = r == 1 ? mother : !(unif(W_GUARDIAN, id, 1) < 0.8);
            first_name(woman ? ADULT_F : ADULT_M, woman ? TT_ARRAY_LEN(ADULT_F)
                                                        : TT_ARRAY_LEN(ADULT_M),
                       id, 10 + (uint64_t)r, gf, sizeof gf);
            const char *glast = r == 2 && unif(W_GUARDIAN, id, 2) < 0.4
                                    ? last_name(W_LAST2, id, other, sizeof other) : last;
            snprintf(name, sizeof name, "%s %s", gf, glast);
            phone(id * 2 + (uint64_t)r, W_PHONE, tel, sizeof tel);
            ascii_of(gf, ga, sizeof ga, 0);
            ascii_of(glast, la2, sizeof la2, 0);
            snprintf(mail, sizeof mail, "%s.%s%ld@exemple.qc.ca", ga, la2, (long)i);
            b_int(&gu, i + 1);
            b_int(&gu, r);
            b_text(&gu, name);
            b_text(&gu, r == 1 ? (mother ? "mother" : "father")
                   : unif(W_GUARDIAN, id, 3) < 0.1 ? "guardian" : woman ? "mother" : "father");
            b_text(&gu, tel);
            b_text(&gu, unif(W_EMAIL, id, (uint64_t)r) < 0.75 ? mail : NULL);
            b_text(&gu, lang < 0.85 ? "fr" : "en");
            rc = b_row(&gu, err);
            g->c->guardians++;
        }
    }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    if (rc == TT_OK)
        rc = batch_end(&gu, err);
    free(codes.code);
    g->c->students = p->n_st;
    return rc;
}

/* The statuses a referral went through, with their days. */
static int referral_path(const struct gstudent *s, const char **to, tt_day *day,
                         const char **reason, uint64_t id)
{
    int n = 0;
    *reason = NULL;
    switch (s->fate) {
    case F_RECEIVED:
        return 0;
    case F_CLOSED_UNSERVED:
        if (s->refused) {
            to[n] = "awaiting_consent", day[n++] = s->asked;
            to[n] = "closed", day[n++] = s->consent + 1;
            *reason = "Consentement refusé par les parents";
        } else {
            to[n] = "closed", day[n++] = s->asked + 5;
            *reason = CLOSE_UNSERVED[pick(W_REASON, id, 3, 2)];
        }
        return n;
    default:
        break;
    }
    to[n] = "awaiting_consent", day[n++] = s->asked;
    if (s->fate == F_AWAIT_CONSENT)
        return n;
    to[n] = "awaiting_pairing", day[n++] = s->consent;
    if (s->first_held == 0)
        return n;
    to[n] = "active", day[n++] = s->first_held;
    if (s->fate == F_SUSPENDED) {
        to[n] = "suspended", day[n++] = s->suspend;
    } else if (s->fate == F_CLOSED_SERVED) {
        to[n] = "closed", day[n++] = s->withdraw ? s->withdraw : s->last_left;
        *reason = s->withdraw ? "Les parents ont retiré leur consentement"
                              : CLOSE_REASONS[pick(W_REASON, id, 4, 2) * 3];
    } else if (s->fate == F_WAITING_AGAIN) {
        to[n] = "awaiting_pairing", day[n++] = s->last_left;
    }
    return n;
}

static int write_referrals(struct gen *g, struct tt_error *err)
{
    struct plan *p = g->p;
    struct batch r, su, av, hi, pa;
    int rc = BATCH(&r, g->db, "referral", 20,
        "INSERT INTO referral (id, student_id, school_id, school_year_id, referral_date,"
        " referrer_name, referrer_role, class_group, difficulties, strengths, strategies_tried,"
        " since_when, wellbeing_concern, partner_suggestion, rai_level, priority, format,"
        " modality, status_date, created_by) VALUES ",
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&su, g->db, "referral_subject", 2,
                   "INSERT INTO referral_subject (referral_id, subject) VALUES ", "(?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&av, g->db, "referral_availability", 4,
                   "INSERT INTO referral_availability (referral_id, weekday, start_min, end_min)"
                   " VALUES ", "(?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&hi, g->db, "referral_status_history", 6,
                   "INSERT INTO referral_status_history (referral_id, from_status, to_status,"
                   " changed_on, changed_by, note) VALUES ", "(?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&pa, g->db, "partner_referral", 6,
                   "INSERT INTO partner_referral (student_id, referral_id, partner, sent_on,"
                   " sent_by, outcome) VALUES ", "(?,?,?,?,?,?)", err);
    if (rc == TT_OK) {
        batch_child(&r, &su);
        batch_child(&r, &av);
        batch_child(&r, &pa);
        batch_child(&r, &hi);
    }
    for (long i = 0; rc == TT_OK && i < p->n_st; i++) {
        const struct gstudent *s = &p->st[i];
        if (s->fate == F_NO_REFERRAL)
            continue;
        uint64_t id = (uint64_t)i;
        int wellbeing = unif(W_PARTNER, id, 0) < 0.05;
        char klass[16];
        snprintf(klass, sizeof klass, "%s-%02ld", LEVELS[s->level], 1 + pick(W_TEXT, id, 3, 4));
        b_int(&r, i + 1);
        b_int(&r, i + 1);
        b_int(&r, s->school + 1);
        b_int(&r, 1);
        b_date(&r, s->referral);
        b_text(&r, REFERRERS[pick(W_TEXT, id, 10, (long)TT_ARRAY_LEN(REFERRERS))]);
        b_text(&r, REFERRER_ROLES[pick(W_TEXT, id, 11, (long)TT_ARRAY_LEN(REFERRER_ROLES))]);
        b_text(&r, klass);
        b_text(&r, DIFFICULTIES[pick(W_TEXT, id, 12, (long)TT_ARRAY_LEN(DIFFICULTIES))]);
        b_text(&r, unif(W_TEXT, id, 13) < 0.7
                       ? STRENGTHS[pick(W_TEXT, id, 14, (long)TT_ARRAY_LEN(STRENGTHS))] : NULL);
        b_text(&r, unif(W_TEXT, id, 15) < 0.6
                       ? STRATEGIES[pick(W_TEXT, id, 16, (long)TT_ARRAY_LEN(STRATEGIES))] : NULL);
        b_text(&r, SINCE[pick(W_TEXT, id, 17, (long)TT_ARRAY_LEN(SINCE))]);
        b_int(&r, wellbeing);
        b_text(&r, wellbeing ? (i % 2 ? "alloprof" : "teljeunes") : "none");
        b_int(&r, 1 + pick(W_PRIORITY, id, 0, 3));
        b_int(&r, 1 + pick(W_PRIORITY, id, 1, 3));
        b_text(&r, unif(W_PRIORITY, id, 2) < 0.8 ? "group" : "either");
        b_text(&r, s->remote ? "remote" : s->n_members ? "either"
                   : unif(W_REMOTE, id, 1) < 0.5 ? "remote" : "school");
        b_date(&r, s->referral);
        b_text(&r, "secretariat");
        rc = b_row(&r, err);
        /* Subjects: its groups' ones, or one or two for those not placed. */
        unsigned subjects = s->subjects;
        if (subjects == 0) {
            subjects = 1u << pick(W_SUBJECT, id, 5, 3);
            if (unif(W_SUBJECT, id, 6) < 0.3)
                subjects |= 1u << (3 + pick(W_SUBJECT, id, 7, 3));
        }
        for (int k = 0; rc == TT_OK && k < 8; k++)
            if (subjects & (1u << k)) {
                b_int(&su, i + 1);
                b_text(&su, SUBJECTS[k]);
                rc = b_row(&su, err);
            }
        /* Available when its groups meet (or on two afternoons). */
        unsigned days = s->days ? s->days : (1u << (1 + pick(W_TEXT, id, 20, 2))) | (1u << 5);
        for (int wd = 1; rc == TT_OK && wd <= 5; wd++)
            if (days & (1u << wd)) {
                b_int(&av, i + 1);
                b_int(&av, wd);
                b_int(&av, 915);
                b_int(&av, s->late_slot ? 1290 : 1110);
                rc = b_row(&av, err);
            }
        if (rc == TT_OK && wellbeing) {
            b_int(&pa, i + 1);
            b_int(&pa, i + 1);
            b_text(&pa, i % 2 ? "alloprof" : "teljeunes");
            b_date(&pa, s->referral + 2);
            b_text(&pa, "secretariat");
            b_text(&pa, unif(W_PARTNER, id, 1) < 0.5 ? "Suivi amorcé" : NULL);
            rc = b_row(&pa, err);
        }
        if (rc == TT_OK) {
            b_int(&hi, i + 1);
            b_null(&hi);
            b_text(&hi, "received");
            b_date(&hi, s->referral);
            b_text(&hi, "secretariat");
            b_null(&hi);
            rc = b_row(&hi, err);
        }
        g->c->referrals++;
    }
    if (rc == TT_OK)
        rc = batch_end(&r, err);
    if (rc == TT_OK)
        rc = batch_end(&su, err);
    if (rc == TT_OK)
        rc = batch_end(&av, err);
    if (rc == TT_OK)
        rc = batch_end(&pa, err);
    /* Every referral is in: their history rows need not wait any more. */
    hi.held = 0;
    /* Each referral moves along its path through the schema's transition
     * trigger, one move at a time as referral_set_status does: every
     * referral's first move, then every second move, and so on, many
     * referrals per UPDATE. */
    struct batch mv;
    if (rc == TT_OK)
        rc = BATCH_TAIL(&mv, g->db, "referral status", 4,
                        "UPDATE referral SET status = v.column2, status_date = v.column3,"
                        " closed_reason = v.column4, row_version = row_version + 1"
                        " FROM (VALUES ", "(?,?,?,?)", ") AS v WHERE referral.id = v.column1",
                        err);
    for (int round = 0; rc == TT_OK && round < 6; round++) {
        for (long i = 0; rc == TT_OK && i < p->n_st; i++) {
            const struct gstudent *s = &p->st[i];
            if (s->fate == F_NO_REFERRAL)
                continue;
            const char *to[6], *reason;
            tt_day day[6];
            int n = referral_path(s, to, day, &reason, (uint64_t)i);
            if (round >= n)
                continue;
            int closing = strcmp(to[round], "closed") == 0;
            b_int(&mv, i + 1);
            b_text(&mv, to[round]);
            b_date(&mv, day[round]);
            b_text(&mv, closing ? reason : NULL);
            rc = b_row(&mv, err);
            if (rc != TT_OK)
                break;
            b_int(&hi, i + 1);
            b_text(&hi, round ? to[round - 1] : "received");
            b_text(&hi, to[round]);
            b_date(&hi, day[round]);
            b_text(&hi, strcmp(to[round], "active") == 0 ? "bench" : "secretariat");
            b_text(&hi, closing ? reason : strcmp(to[round], "active") == 0 ? "première séance"
                                                                            : NULL);
            rc = b_row(&hi, err);
        }
        if (rc == TT_OK)
            rc = batch_flush(&mv, err);
    }
    if (rc == TT_OK)
        rc = batch_end(&mv, err);
    if (rc == TT_OK)
        rc = batch_end(&hi, err);
    return rc;
}

static int write_consents(struct gen *g, struct tt_error *err)
{
    struct plan *p = g->p;
    struct batch b;
    int rc = BATCH(&b, g->db, "consent", 13,
        "INSERT INTO consent (student_id, guardian_id, purpose, status, requested_on, decided_on,"
        " method, noted_by, expires_on, withdrawn_on, student_agreement, note, created_by)"
        " VALUES ", "(?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    /* Guardians were written in student order, rank 1 first. */
    int64_t guardian = 0;
    for (long i = 0; rc == TT_OK && i < p->n_st; i++) {
        const struct gstudent *s = &p->st[i];
        uint64_t id = (uint64_t)i;
        int64_t first_guardian = guardian + 1;
        guardian += 1 + (unif(W_GUARDIAN, id, 0) < 0.7);
        if (s->fate == F_NO_REFERRAL || s->fate == F_RECEIVED ||
            (s->fate == F_CLOSED_UNSERVED && !s->refused))
            continue;
        double mu = unif(W_METHOD, id, 0);
        const char *method = mu < 0.5 ? "signed_form" : mu < 0.85 ? "email" : "phone";
        int older = s->level >= 9;      /* S3 and up: 14 and over */
        const char *purposes[3] = { "tutoring", NULL, NULL };
        int np = 1;
        int given = !s->pending && !s->refused;
        if (given && (s->remote || unif(W_REMOTE, id, 2) < 0.5))
            purposes[np++] = "remote";
        if (given && unif(W_SHARE, id, 0) < 0.6)
            purposes[np++] = "share_referral";
        for (int k = 0; rc == TT_OK && k < np; k++) {
            const char *status = s->pending ? "pending" : s->refused ? "refused"
                               : s->withdraw && k < 2 ? "withdrawn" : "given";
            b_int(&b, i + 1);
            b_int(&b, first_guardian);
            b_text(&b, purposes[k]);
            b_text(&b, status);
            b_date(&b, s->asked);
            b_date(&b, s->pending ? 0 : s->consent);
            b_text(&b, s->pending ? NULL : method);
            b_text(&b, !s->pending && strcmp(method, "phone") == 0 ? "Josée Bérubé" : NULL);
            b_date(&b, s->pending || s->refused ? 0 : EXPIRY);
            b_date(&b, strcmp(status, "withdrawn") == 0 ? s->withdraw : 0);
            if (older && !s->pending)
                b_int(&b, !s->refused);
            else
                b_null(&b);
            b_text(&b, s->refused ? "Les parents préfèrent l'aide aux devoirs" : NULL);
            b_text(&b, "secretariat");
            rc = b_row(&b, err);
            g->c->consents++;
        }
    }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    return rc;
}

static int write_groups(struct gen *g, struct tt_error *err)
{
    struct plan *p = g->p;
    struct batch b, sl, th, mb;
    int rc = BATCH(&b, g->db, "tutoring_group", 12,
        "INSERT INTO tutoring_group (id, name, school_id, tutor_id, subject, level_band,"
        " modality, place, meeting_link, start_date, end_date, status) VALUES ",
        "(?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&sl, g->db, "group_slot", 4,
                   "INSERT INTO group_slot (group_id, weekday, start_min, minutes) VALUES ",
                   "(?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&th, g->db, "group_tutor_history", 6,
                   "INSERT INTO group_tutor_history (group_id, tutor_id, from_date, to_date,"
                   " reason, changed_by) VALUES ", "(?,?,?,?,?,?)", err);
    if (rc == TT_OK) {
        batch_child(&b, &sl);
        batch_child(&b, &th);
    }
    if (rc == TT_OK)
        rc = BATCH(&mb, g->db, "membership", 8,
                   "INSERT INTO membership (id, group_id, student_id, referral_id, joined_on,"
                   " join_reason, left_on, leave_reason, created_by) VALUES ",
                   "(?,?,?,?,?,NULL,?,?,?)", err);
    /* the join reason is always NULL: 8 values per row */
    long per_school[4096] = { 0 };
    for (long gi = 0; rc == TT_OK && gi < p->n_gr; gi++) {
        const struct ggroup *x = &p->gr[gi];
        char name[120], place[40], link[80];
        long n = ++per_school[x->school % 4096];
        snprintf(name, sizeof name, "%s %s – %ld", SUBJECT_NAME[x->subject], BANDS[x->band], n);
        snprintf(place, sizeof place, "Local %ld", 100 + pick(W_TEXT, (uint64_t)gi, 30, 250));
        snprintf(link, sizeof link, "https://meet.exemple.qc.ca/g%06ld", gi + 1);
        b_int(&b, gi + 1);
        b_text(&b, name);
        b_int(&b, x->school + 1);
        b_int(&b, x->tutor + 1);
        b_text(&b, SUBJECTS[x->subject]);
        b_text(&b, BANDS[x->band]);
        b_text(&b, x->remote ? "remote" : "school");
        b_text(&b, x->remote ? NULL : place);
        b_text(&b, x->remote ? link : NULL);
        b_date(&b, x->start);
        b_date(&b, x->has_end_date ? x->end : 0);
        b_text(&b, x->status == 'e' ? "ended" : x->status == 'p' ? "planned" : "active");
        rc = b_row(&b, err);
        for (const int *d = days_of(x->key); rc == TT_OK && *d; d++) {
            b_int(&sl, gi + 1);
            b_int(&sl, *d);
            b_int(&sl, KEY_TIME[x->key / 3]);
            b_int(&sl, x->minutes);
            rc = b_row(&sl, err);
        }
        if (rc == TT_OK && x->old_tutor >= 0) {
            b_int(&th, gi + 1);
            b_int(&th, x->old_tutor + 1);
            b_date(&th, x->start);
            b_date(&th, x->change);
            b_null(&th);
            b_text(&th, "direction");
            rc = b_row(&th, err);
        }
        if (rc == TT_OK) {
            b_int(&th, gi + 1);
            b_int(&th, x->tutor + 1);
            b_date(&th, x->old_tutor >= 0 ? x->change : x->start);
            b_date(&th, 0);
            b_text(&th, x->old_tutor >= 0 ? "Départ du tuteur" : NULL);
            b_text(&th, "direction");
            rc = b_row(&th, err);
        }
    }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    if (rc == TT_OK)
        rc = batch_end(&sl, err);
    if (rc == TT_OK)
        rc = batch_end(&th, err);
    /* Memberships after every group: the size and one-group-per-subject
     * triggers read the groups. */
    for (long gi = 0; rc == TT_OK && gi < p->n_gr; gi++) {
        const struct ggroup *x = &p->gr[gi];
        for (int k = 0; rc == TT_OK && k < x->n_members; k++) {
            long mi = x->first_member + k;
            const struct gmember *m = &p->mb[mi];
            const struct gstudent *s = &p->st[m->student];
            b_int(&mb, mi + 1);
            b_int(&mb, gi + 1);
            b_int(&mb, m->student + 1);
            b_int(&mb, m->student + 1);     /* its referral has the student's number */
            b_date(&mb, m->joined);
            b_date(&mb, m->left);
            if (m->left == 0)
                b_null(&mb);
            else if (m->reason < 0)
                b_text(&mb, "Fin du groupe");
            else if (s->withdraw && m->left == s->last_left)
                b_text(&mb, "Retrait du consentement");
            else
                b_text(&mb, LEAVE_REASONS[m->reason]);
            b_text(&mb, "secretariat");
            rc = b_row(&mb, err);
        }
    }
    if (rc == TT_OK)
        rc = batch_end(&mb, err);
    g->c->groups = p->n_gr;
    g->c->memberships = p->n_mb;
    return rc;
}

/* Attendance rows wait for their session's batch to be written: the
 * foreign key and the consent trigger read the session. */
struct pending_attendance {
    int64_t session;
    int student, minutes;
    char status;
};

struct session_writer {
    struct gen *g;
    struct batch se, at;
    struct pending_attendance *wait;
    size_t n_wait, cap_wait;
    struct tt_error *err;
};

static int release_attendance(struct session_writer *w)
{
    int rc = TT_OK;
    for (size_t i = 0; rc == TT_OK && i < w->n_wait; i++) {
        const struct pending_attendance *a = &w->wait[i];
        b_int(&w->at, a->session);
        b_int(&w->at, a->student + 1);
        b_text(&w->at, a->status == 'p' ? "present" : a->status == 'a' ? "absent" : "excused");
        b_int(&w->at, a->minutes);
        b_text(&w->at, w->g->login);
        rc = b_row(&w->at, w->err);
    }
    w->n_wait = 0;
    return rc;
}

static int write_session(void *ctx, long gi, const struct gsession *s)
{
    struct session_writer *w = ctx;
    const struct plan *p = w->g->p;
    const struct ggroup *g = &p->gr[gi];
    struct batch *b = &w->se;
    if (strcmp(s->status, "held") == 0)
        for (int k = 0; k < g->n_members; k++) {
            const struct gmember *m = &p->mb[g->first_member + k];
            int minutes = 0;
            char a = attendance_of(p, m, s, &minutes);
            if (!a)
                continue;
            if (w->n_wait == w->cap_wait) {
                w->cap_wait = w->cap_wait ? w->cap_wait * 2 : 1024;
                w->wait = xreallocarray(w->wait, w->cap_wait, sizeof *w->wait);
            }
            w->wait[w->n_wait++] = (struct pending_attendance){ s->id, m->student, minutes, a };
            w->g->c->attendance++;
        }
    b_int(b, s->id);
    b_int(b, gi + 1);
    b_date(b, s->day);
    b_int(b, s->start_min);
    b_int(b, s->minutes);
    if (s->actual >= 0)
        b_int(b, s->actual);
    else
        b_null(b);
    b_int(b, s->tutor + 1);
    b_text(b, g->remote ? "remote" : "school");
    b_text(b, s->status);
    b_text(b, s->reason);
    b_int(b, s->outside);
    int rc = b_row(b, w->err);
    w->g->c->sessions++;
    /* The session batch just went in: its attendance may follow. */
    if (rc == TT_OK && b->n == 0)
        rc = release_attendance(w);
    return rc;
}

static int write_sessions(struct gen *g, struct tt_error *err)
{
    struct session_writer w = { .g = g, .err = err };
    int rc = BATCH(&w.se, g->db, "session", 11,
        "INSERT INTO session (id, group_id, session_date, start_min, planned_minutes,"
        " actual_minutes, tutor_id, modality, status, cancel_reason, outside_schedule) VALUES ",
        "(?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc == TT_OK)
        rc = BATCH(&w.at, g->db, "attendance", 5,
                   "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
                   " VALUES ", "(?,?,?,?,?)", err);
    int64_t next = 1;
    long step = g->p->n_gr / 10 + 1;
    for (long gi = 0; rc == TT_OK && gi < g->p->n_gr; gi++) {
        rc = each_session(g->p, gi, &next, write_session, &w);
        if (rc == TT_OK && g->log && gi % step == step - 1 && g->p->n_gr > 20000) {
            char what[80];
            snprintf(what, sizeof what, "sessions: %ld of %ld groups", gi + 1, g->p->n_gr);
            stage(g, what);
        }
    }
    if (rc == TT_OK)
        rc = batch_end(&w.se, err);
    if (rc == TT_OK)
        rc = release_attendance(&w);
    if (rc == TT_OK)
        rc = batch_end(&w.at, err);
    free(w.wait);
    return rc;
}

static int write_notes(struct gen *g, struct tt_error *err)
{
    struct plan *p = g->p;
    struct batch b;
    int rc = BATCH(&b, g->db, "progress_note", 7,
                   "INSERT INTO progress_note (student_id, subject, kind, note_date, score, body,"
                   " author) VALUES ", "(?,?,?,?,?,?,?)", err);
    for (long gi = 0; rc == TT_OK && gi < p->n_gr; gi++) {
        const struct ggroup *x = &p->gr[gi];
        if (x->status == 'p')
            continue;
        for (int k = 0; rc == TT_OK && k < x->n_members; k++) {
            long mi = x->first_member + k;
            const struct gmember *m = &p->mb[mi];
            static const char *const KIND[] = { "start", "middle", "end" };
            tt_day when[3] = { m->joined + 7, m->joined + 63, m->left };
            double chance[3] = { 0.7, 0.4, 0.5 };
            for (int n = 0; rc == TT_OK && n < 3; n++) {
                if (when[n] == 0 || when[n] >= TODAY || (m->left && when[n] > m->left) ||
                    unif(W_NOTE, (uint64_t)mi, (uint64_t)n) >= chance[n])
                    continue;
                b_int(&b, m->student + 1);
                b_text(&b, SUBJECTS[x->subject]);
                b_text(&b, KIND[n]);
                b_date(&b, when[n]);
                b_int(&b, 1 + n + pick(W_SCORE, (uint64_t)mi, (uint64_t)n, 3));
                b_text(&b, NOTES[pick(W_NOTE, (uint64_t)mi, 10 + (uint64_t)n,
                                      (long)TT_ARRAY_LEN(NOTES))]);
                b_text(&b, "tuteur");
                rc = b_row(&b, err);
                g->c->notes++;
            }
        }
    }
    if (rc == TT_OK)
        rc = batch_end(&b, err);
    return rc;
}

/* The rules again, over the whole file: each query counts rows that break
 * one; all must be 0. */
static int gen_verify(struct tt_db *db, struct tt_error *err)
{
    sqlite3_stmt *fk = NULL;
    if (sqlite3_prepare_v2(db_handle(db), "PRAGMA foreign_key_check", -1, &fk, NULL) != SQLITE_OK)
        return tt_error_set(err, TT_ERR_DB, "foreign_key_check: %s", sqlite3_errmsg(db_handle(db)));
    int s = sqlite3_step(fk);
    if (s == SQLITE_ROW) {
        tt_error_set(err, TT_ERR_RULE, "generated data break a reference: %s row %lld -> %s",
                     (const char *)sqlite3_column_text(fk, 0),
                     (long long)sqlite3_column_int64(fk, 1),
                     (const char *)sqlite3_column_text(fk, 2));
        sqlite3_finalize(fk);
        return TT_ERR_RULE;
    }
    sqlite3_finalize(fk);
    if (s != SQLITE_DONE)
        return tt_error_set(err, TT_ERR_DB, "foreign_key_check: %s", sqlite3_errmsg(db_handle(db)));
    static const struct { const char *rule, *sql; } checks[] = {
        { "attendance without consent on the session's date",
          "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
          " WHERE a.status = 'present' AND NOT EXISTS (SELECT 1 FROM consent c"
          "  WHERE c.student_id = a.student_id AND c.purpose = 'tutoring'"
          "  AND c.status IN ('given','withdrawn') AND c.decided_on <= s.session_date"
          "  AND (c.expires_on IS NULL OR s.session_date <= c.expires_on)"
          "  AND (c.withdrawn_on IS NULL OR s.session_date < c.withdrawn_on))" },
        { "remote attendance without remote consent",
          "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
          " WHERE a.status = 'present' AND s.modality = 'remote' AND NOT EXISTS (SELECT 1"
          "  FROM consent c WHERE c.student_id = a.student_id AND c.purpose = 'remote'"
          "  AND c.status IN ('given','withdrawn') AND c.decided_on <= s.session_date"
          "  AND (c.expires_on IS NULL OR s.session_date <= c.expires_on)"
          "  AND (c.withdrawn_on IS NULL OR s.session_date < c.withdrawn_on))" },
        { "attendance of a student not in the group that day, or at a session not held",
          "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
          " WHERE s.status <> 'held' OR NOT EXISTS (SELECT 1 FROM membership m"
          "  WHERE m.group_id = s.group_id AND m.student_id = a.student_id"
          "  AND m.joined_on <= s.session_date"
          "  AND (m.left_on IS NULL OR m.left_on >= s.session_date))" },
        { "present for longer than the session",
          "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
          " WHERE a.status = 'present' AND (a.minutes < 1 OR a.minutes > s.actual_minutes)" },
        { "group over its size limit",
          "SELECT count(*) FROM (SELECT g.id FROM tutoring_group g JOIN membership m"
          " ON m.group_id = g.id AND m.left_on IS NULL GROUP BY g.id"
          " HAVING count(*) > g.size_limit)" },
        { "student in two active groups of one subject",
          "SELECT count(*) FROM (SELECT m.student_id FROM membership m JOIN tutoring_group g"
          " ON g.id = m.group_id WHERE m.left_on IS NULL AND g.status <> 'ended'"
          " GROUP BY m.student_id, g.subject HAVING count(*) > 1)" },
        { "group led by a tutor not hired and cleared",
          "SELECT count(*) FROM tutoring_group g JOIN tutor t ON t.id = g.tutor_id"
          " WHERE t.status <> 'hired' OR t.check_status <> 'completed'"
          " OR t.check_result <> 'clear'" },
        { "referral whose history does not end at its status",
          "SELECT count(*) FROM referral r WHERE r.status IS NOT (SELECT h.to_status"
          " FROM referral_status_history h WHERE h.referral_id = r.id"
          " ORDER BY h.id DESC LIMIT 1)" },
        { "tutor whose history does not end at its status",
          "SELECT count(*) FROM tutor t WHERE t.status IS NOT (SELECT h.to_status"
          " FROM tutor_status_history h WHERE h.tutor_id = t.id ORDER BY h.id DESC LIMIT 1)" },
        { "tutor-status move not allowed",
          "SELECT count(*) FROM tutor_status_history h WHERE h.from_status IS NOT NULL"
          " AND NOT EXISTS (SELECT 1 FROM tutor_transition x WHERE x.from_status = h.from_status"
          " AND x.to_status = h.to_status)" },
        { "referral-status move not allowed",
          "SELECT count(*) FROM referral_status_history h WHERE h.from_status IS NOT NULL"
          " AND NOT EXISTS (SELECT 1 FROM referral_transition x"
          " WHERE x.from_status = h.from_status AND x.to_status = h.to_status)" },
        { "session on a day off or a weekend while in the schedule",
          "SELECT count(*) FROM session s WHERE s.outside_schedule = 0 AND"
          " (strftime('%w', s.session_date) IN ('0','6') OR EXISTS (SELECT 1 FROM non_school_day d"
          " WHERE d.day = s.session_date))" },
        { "active referral without a held session attended",
          "SELECT count(*) FROM referral r WHERE r.status = 'active' AND NOT EXISTS"
          " (SELECT 1 FROM attendance a WHERE a.student_id = r.student_id)" },
        { "student's kept statuses out of date",
          "SELECT count(*) FROM student s WHERE s.referral_status IS NOT (SELECT status"
          " FROM referral WHERE student_id = s.id ORDER BY referral_date DESC, id DESC LIMIT 1)" },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(checks); i++) {
        int64_t n = -1;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db_handle(db), checks[i].sql, -1, &st, NULL) != SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW) {
            tt_error_set(err, TT_ERR_DB, "check \"%s\": %s", checks[i].rule,
                         sqlite3_errmsg(db_handle(db)));
            sqlite3_finalize(st);
            return TT_ERR_DB;
        }
        n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (n != 0)
            return tt_error_set(err, TT_ERR_RULE, "generated data break a rule: %s (%lld rows)",
                                checks[i].rule, (long long)n);
    }
    return TT_OK;
}

int gen_database(const char *path, const char *scale, uint64_t seed, int verify, FILE *log,
                 struct gen_counts *counts, struct tt_error *err)
{
    const struct scale *sc = scale_named(scale);
    if (sc == NULL)
        return tt_error_set(err, TT_ERR_INVALID, "unknown scale %s (school, centre, province)",
                            scale);
    struct gen_counts local = { 0 };
    struct gen_counts *c = counts ? counts : &local;
    memset(c, 0, sizeof *c);
    struct plan p;
    struct gen g = { .p = &p, .log = log, .t0 = now_s(), .c = c };
    plan_make(&p, sc, seed);
    stage(&g, "plan");
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    char side[1200];
    snprintf(side, sizeof side, "%s-wal", tmp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", tmp);
    unlink(side);
    int rc = db_open(tmp, DB_OPEN_CREATE, &g.db, err);
    if (rc != TT_OK) {
        plan_free(&p);
        return rc;
    }
    tt_strlcpy(g.login, db_login(g.db), sizeof g.login);
    /* Generated data is nobody's change: no audit rows.  A new file that
     * is thrown away if anything fails needs no journal and no syncs. */
    db_set_audit(g.db, 0);
    rc = exec(g.db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                    " PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY", err);
    if (rc == TT_OK)
        rc = db_begin(g.db, err);
    if (rc == TT_OK && (rc = write_setup(&g, err)) == TT_OK)
        stage(&g, "organisation, schools, calendar");
    if (rc == TT_OK && (rc = write_tutors(&g, err)) == TT_OK)
        stage(&g, "tutors, their history and skills");
    if (rc == TT_OK && (rc = write_students(&g, err)) == TT_OK)
        stage(&g, "students and guardians");
    if (rc == TT_OK && (rc = write_referrals(&g, err)) == TT_OK)
        stage(&g, "referrals and their status moves");
    if (rc == TT_OK && (rc = write_consents(&g, err)) == TT_OK)
        stage(&g, "consents");
    if (rc == TT_OK && (rc = write_groups(&g, err)) == TT_OK)
        stage(&g, "groups and memberships");
    if (rc == TT_OK && (rc = write_sessions(&g, err)) == TT_OK)
        stage(&g, "sessions and attendance");
    if (rc == TT_OK && (rc = write_notes(&g, err)) == TT_OK)
        stage(&g, "progress notes");
    if (rc == TT_OK && verify && (rc = gen_verify(g.db, err)) == TT_OK)
        stage(&g, "rules checked over the whole file");
    if (rc == TT_OK)
        rc = db_commit(g.db, err);
    /* The file as tutorat makes it: in WAL mode. */
    if (rc == TT_OK)
        rc = exec(g.db, "PRAGMA journal_mode = WAL", err);
    db_close(g.db);
    plan_free(&p);
    if (rc == TT_OK && rename(tmp, path) != 0)
        rc = tt_error_set(err, TT_ERR_IO, "%s: %s", path, strerror(errno));
    if (rc != TT_OK)
        unlink(tmp);
    else
        stage(&g, "written");
    return rc;
}

/* ---- the candidates' bank --------------------------------------------- */

int gen_candidates_csv(const char *path, long n, uint64_t seed, struct tt_error *err)
{
    g_seed = mix(seed ^ 0xca5d);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return tt_error_set(err, TT_ERR_IO, "%s: %s", path, strerror(errno));
    static const char *const STATUTS[] = { "Étudiant collégial", "Étudiante universitaire",
                                           "Retraité du réseau scolaire", "Étudiant universitaire",
                                           "Étudiante collégiale", "Retraitée" };
    static const char *const DISPOS[] = { "Lundi et mercredi après 16 h",
                                          "Soirs de semaine, à distance",
                                          "Mardi, jeudi; \"disponible en juin\"",
                                          "Fins de semaine seulement", "" };
    static const char *const HEAD[] = { "Nom", "Prénom", "Courriel", "Téléphone", "Statut",
                                        "Établissement", "Programme", "Région",
                                        "Organisme souhaité", "Disponibilités",
                                        "Date de candidature" };
    csv_write_record(f, ',', (char *const *)HEAD, 11);
    for (long i = 0; i < n; i++) {
        uint64_t id = (uint64_t)i + 5000000;
        char last[200], first[200], fa[120], la[120], tel[20], mail[300], iso[11];
        last_name(W_LAST, id, last, sizeof last);
        int woman = unif(W_FIRST, id, 99) < 0.6;
        first_name(woman ? FIRST_F : FIRST_M, woman ? TT_ARRAY_LEN(FIRST_F) : TT_ARRAY_LEN(FIRST_M),
                   id, 1, first, sizeof first);
        ascii_of(first, fa, sizeof fa, 0);
        ascii_of(last, la, sizeof la, 0);
        snprintf(mail, sizeof mail, "%s.%s%ld@%s", fa, la, i,
                 i % 3 ? "courriel.exemple.ca" : "etu.exemple.qc.ca");
        phone(id, W_PHONE, tel, sizeof tel);
        const char *statut = STATUTS[pick(W_CATEGORY, id, 0, (long)TT_ARRAY_LEN(STATUTS))];
        int student = strstr(statut, "Retrait") == NULL;
        date_iso(D(2020, 8, 17) + (tt_day)pick(W_APPLIED, id, 0, 240), iso);
        const char *row[11] = {
            last, first, mail, tel, statut,
            student ? INSTITUTIONS[pick(W_INSTITUTION, id, 0, (long)TT_ARRAY_LEN(INSTITUTIONS))]
                    : "",
            student ? PROGRAMS[pick(W_PROGRAM, id, 0, (long)TT_ARRAY_LEN(PROGRAMS))] : "",
            REGIONS[pick(W_REGION, id, 0, (long)TT_ARRAY_LEN(REGIONS))],
            i % 4 ? "CSS des Hautes-Rivières" : "",
            DISPOS[pick(W_TEXT, id, 0, (long)TT_ARRAY_LEN(DISPOS))], iso,
        };
        csv_write_record(f, ',', (char *const *)row, 11);
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    return bad ? tt_error_set(err, TT_ERR_IO, "%s: %s", path, strerror(errno)) : TT_OK;
}
