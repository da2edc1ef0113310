#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "actions.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "paths.h"
#include "referrals.h"
#include "store.h"
#include "students.h"
#include "ui_conflict.h"
#include "ui_referral.h"
#include "ui_student_file.h"
#include "util.h"
#include "widgets.h"

#define MAX_SCHOOLS 512

static const char *const page_titles[] = {
    N_("student"), N_("holders of parental authority"), N_("the referral"),
    N_("needs and availability"),
};
static const char *const day_labels[AVAIL_DAYS] = {
    N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
};
static const char *slot_labels[AVAIL_SLOTS];

/* Pick-lists built once from the label tables and the schools. */
static struct form_choice level_choices[16], language_choices[4], relationship_choices[5],
    role_choices[6], rai_choices[4], priority_choices[4], format_choices[4],
    modality_choices[4], partner_choices[5], subject_choices[SUBJECT_COUNT];
static struct form_choice school_choices[MAX_SCHOOLS];
static char school_ids[MAX_SCHOOLS][24];
static char school_labels[MAX_SCHOOLS][440];
static int n_schools;

static struct form_field fields[] = {
    { .id = "school", .label = N_("School"), .kind = FK_CHOICE, .page = 0, .literal = 1 },
    { .id = "last_name", .label = N_("Last name"), .kind = FK_TEXT, .page = 0, .max_chars = 100 },
    { .id = "first_name", .label = N_("First name"), .kind = FK_TEXT, .page = 0, .max_chars = 100 },
    { .id = "local_number", .label = N_("Local student number"), .kind = FK_TEXT, .page = 0,
      .max_chars = 20 },
    { .id = "code_permanent", .label = N_("Code permanent"), .kind = FK_TEXT, .page = 0,
      .max_chars = 16, .hint = N_("Four letters and eight digits, such as ABCD12345678; "
                                  "may stay empty") },
    { .id = "birth_date", .label = N_("Birth date"), .kind = FK_TEXT, .page = 0, .max_chars = 10,
      .hint = N_("2021-02-24 or 24/02/2021") },
    { .id = "level", .label = N_("Level"), .kind = FK_CHOICE, .page = 0 },
    { .id = "class_group", .label = N_("Class group"), .kind = FK_TEXT, .page = 0, .max_chars = 20 },
    { .id = "language", .label = N_("Language"), .kind = FK_CHOICE, .page = 0 },
    { .id = "has_intervention_plan", .label = N_("Has an intervention plan"), .kind = FK_BOOL,
      .page = 0 },
    { .id = "needs_francization", .label = N_("Needs francization"), .kind = FK_BOOL, .page = 0 },

    { .id = "guardian1_name", .label = N_("Guardian 1: name"), .kind = FK_TEXT, .page = 1,
      .max_chars = 200 },
    { .id = "guardian1_relationship", .label = N_("Guardian 1: relationship"), .kind = FK_CHOICE,
      .page = 1 },
    { .id = "guardian1_phone", .label = N_("Guardian 1: phone"), .kind = FK_TEXT, .page = 1,
      .max_chars = 40 },
    { .id = "guardian1_email", .label = N_("Guardian 1: e-mail"), .kind = FK_TEXT, .page = 1,
      .max_chars = 200 },
    { .id = "guardian1_language", .label = N_("Guardian 1: language"), .kind = FK_CHOICE, .page = 1 },
    { .id = "guardian2_name", .label = N_("Guardian 2: name"), .kind = FK_TEXT, .page = 1,
      .max_chars = 200, .hint = N_("Leave empty when there is only one") },
    { .id = "guardian2_relationship", .label = N_("Guardian 2: relationship"), .kind = FK_CHOICE,
      .page = 1 },
    { .id = "guardian2_phone", .label = N_("Guardian 2: phone"), .kind = FK_TEXT, .page = 1,
      .max_chars = 40 },
    { .id = "guardian2_email", .label = N_("Guardian 2: e-mail"), .kind = FK_TEXT, .page = 1,
      .max_chars = 200 },
    { .id = "guardian2_language", .label = N_("Guardian 2: language"), .kind = FK_CHOICE, .page = 1 },

    { .id = "referral_date", .label = N_("Referral date"), .kind = FK_TEXT, .page = 2,
      .max_chars = 10, .hint = N_("2021-02-24 or 24/02/2021") },
    { .id = "referrer_name", .label = N_("Referred by"), .kind = FK_TEXT, .page = 2,
      .max_chars = 200 },
    { .id = "referrer_role", .label = N_("Role"), .kind = FK_CHOICE, .page = 2 },
    { .id = "ref_class_group", .label = N_("Class group"), .kind = FK_TEXT, .page = 2,
      .max_chars = 20 },
    { .id = "subjects", .label = N_("Subjects"), .kind = FK_MULTI, .page = 2 },
    { .id = "since_when", .label = N_("Since when"), .kind = FK_TEXT, .page = 2, .max_chars = 200 },
    { .id = "difficulties", .label = N_("Specific difficulties"), .kind = FK_AREA, .page = 2,
      .max_chars = 4000, .lines = 3 },
    { .id = "strengths", .label = N_("Strengths and interests"), .kind = FK_AREA, .page = 2,
      .max_chars = 4000, .lines = 3 },
    { .id = "strategies_tried", .label = N_("Strategies already tried"), .kind = FK_AREA,
      .page = 2, .max_chars = 4000, .lines = 3 },

    { .id = "rai_level", .label = N_("RAI level"), .kind = FK_CHOICE, .page = 3 },
    { .id = "priority", .label = N_("Priority"), .kind = FK_CHOICE, .page = 3 },
    { .id = "format", .label = N_("Format"), .kind = FK_CHOICE, .page = 3 },
    { .id = "modality", .label = N_("Modality"), .kind = FK_CHOICE, .page = 3 },
    { .id = "has_device", .label = N_("Has a device"), .kind = FK_BOOL, .page = 3 },
    { .id = "has_internet", .label = N_("Has internet access"), .kind = FK_BOOL, .page = 3 },
    { .id = "wellbeing_concern", .label = N_("Well-being concern"), .kind = FK_BOOL, .page = 3 },
    { .id = "partner_suggestion", .label = N_("Partner referral"), .kind = FK_CHOICE, .page = 3 },
    { .id = "availability", .label = N_("Availability"), .kind = FK_GRID, .page = 3 },
    { .id = "pairing_constraints", .label = N_("Pairing constraints"), .kind = FK_AREA,
      .page = 3, .max_chars = 2000, .lines = 2 },
};

static struct form form = {
    .title = N_("Referral"),
    .page_titles = page_titles,
    .n_pages = 4,
    .fields = fields,
    .n_fields = TT_ARRAY_LEN(fields),
    .grid_cols = AVAIL_DAYS,
    .grid_col_labels = day_labels,
    .grid_rows = AVAIL_SLOTS,
};

static struct {
    int open;
    int saved;
    int64_t student_id;
    int64_t student_version;
    int64_t referral_id;        /* 0: a new referral */
    int64_t referral_version;
    char draft_path[1024];
} ed;

static void fill_from_labels(struct form_choice *out, int kind, int *n)
{
    *n = label_count(kind);
    for (int i = 0; i < *n; i++)
        out[i] = (struct form_choice){ label_code(kind, i), label_msgid(kind, i) };
}

static void set_choices(const char *id, struct form_choice *c, int n)
{
    struct form_field *x = form_field(&form, id);
    x->choices = c;
    x->n_choices = n;
}

static void build_choices(struct app *a)
{
    int n;
    fill_from_labels(level_choices, LBL_LEVEL, &n);
    set_choices("level", level_choices, n);
    fill_from_labels(language_choices, LBL_LANGUAGE, &n);
    set_choices("language", language_choices, n);
    set_choices("guardian1_language", language_choices, n);
    set_choices("guardian2_language", language_choices, n);
    fill_from_labels(relationship_choices, LBL_RELATIONSHIP, &n);
    set_choices("guardian1_relationship", relationship_choices, n);
    set_choices("guardian2_relationship", relationship_choices, n);
    fill_from_labels(role_choices, LBL_REFERRER_ROLE, &n);
    set_choices("referrer_role", role_choices, n);
    fill_from_labels(rai_choices, LBL_RAI, &n);
    set_choices("rai_level", rai_choices, n);
    fill_from_labels(priority_choices, LBL_PRIORITY, &n);
    set_choices("priority", priority_choices, n);
    fill_from_labels(format_choices, LBL_FORMAT, &n);
    set_choices("format", format_choices, n);
    fill_from_labels(modality_choices, LBL_REFERRAL_MODALITY, &n);
    set_choices("modality", modality_choices, n);
    fill_from_labels(partner_choices, LBL_PARTNER, &n);
    set_choices("partner_suggestion", partner_choices, n);
    for (int i = 0; i < SUBJECT_COUNT; i++)
        subject_choices[i] = (struct form_choice){ subject_code(i),
            label_msgid(LBL_SUBJECT, i) };
    set_choices("subjects", subject_choices, SUBJECT_COUNT);
    for (int i = 0; i < AVAIL_SLOTS; i++)
        slot_labels[i] = avail_slots()[i].name;
    form.grid_row_labels = slot_labels;

    struct store_school schools[MAX_SCHOOLS];
    struct tt_error err;
    tt_error_clear(&err);
    n_schools = 0;
    if (store_schools(a->db, schools, MAX_SCHOOLS, &n_schools, &err) != TT_OK)
        app_message(a, 1, "%s", err.msg);
    for (int i = 0; i < n_schools; i++) {
        snprintf(school_ids[i], sizeof school_ids[i], "%lld", (long long)schools[i].id);
        snprintf(school_labels[i], sizeof school_labels[i], "%s (%s)", schools[i].name,
                 schools[i].code);
        school_choices[i] = (struct form_choice){ school_ids[i], school_labels[i] };
    }
    set_choices("school", school_choices, n_schools);
}

/* ---- drafts ------------------------------------------------------------ */

/* One draft per process: two sessions of the same login (a shared
 * secretariat account) must never write over each other's typing. */
static void draft_path(struct app *a)
{
    char *dir = paths_state_dir();
    snprintf(ed.draft_path, sizeof ed.draft_path, "%s/drafts/referral-%s-%ld.txt", dir,
             db_login(a->db), (long)getpid());
    free(dir);
}

/* The hidden lines before the fields: which records the form corrects, at
 * which versions (read back by referral_editor_offer_draft). */
static int draft_header(char *buf, size_t size)
{
    return snprintf(buf, size,
                    "_student_id\t%lld\n_student_version\t%lld\n"
                    "_referral_id\t%lld\n_referral_version\t%lld\n",
                    (long long)ed.student_id, (long long)ed.student_version,
                    (long long)ed.referral_id, (long long)ed.referral_version);
}

/* Written whole to a temporary file then renamed, readable by the owner
 * only: a draft holds a child's personal data. */
static void draft_write(struct app *a)
{
    if (ed.draft_path[0] == '\0')
        draft_path(a);
    char *dir = paths_dirname(ed.draft_path);
    struct tt_error err;
    tt_error_clear(&err);
    if (paths_mkdir_p(dir, 0700, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        free(dir);
        return;
    }
    free(dir);
    char *body = form_serialise(&form);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", ed.draft_path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int ok = fd >= 0;
    if (ok) {
        char head[256];
        int hn = draft_header(head, sizeof head);
        ok = write(fd, head, (size_t)hn) == hn;
        size_t len = strlen(body);
        ok = ok && write(fd, body, len) == (ssize_t)len;
        ok = close(fd) == 0 && ok;
    }
    if (ok)
        ok = rename(tmp, ed.draft_path) == 0;
    if (!ok) {
        app_message(a, 1, _("The draft could not be saved in %s: %s."), ed.draft_path,
                    strerror(errno));
        unlink(tmp);
    }
    free(body);
}

static void draft_remove(struct app *a)
{
    if (ed.draft_path[0] == '\0')
        draft_path(a);
    unlink(ed.draft_path);
}

/* The process that owns a draft still runs: not a zombie, and still a
 * tutorat (a process id is reused once its owner is gone). */
static int draft_owner_alive(long pid)
{
    if (pid == (long)getpid())
        return 0;
    if (kill((pid_t)pid, 0) != 0)
        return 0;
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* "pid (comm) state ...": comm may hold spaces and parentheses. */
    char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
    if (open_paren == NULL || close_paren == NULL || close_paren < open_paren)
        return 1;
    *close_paren = '\0';
    char state = close_paren[1] == ' ' ? close_paren[2] : '?';
    return state != 'Z' && state != 'X' && strstr(open_paren + 1, "tutorat") != NULL;
}

/* A draft left behind by this login: the older single-file name, or one
 * whose process is gone (a dropped connection).  A live session's draft is
 * its own business.  The newest wins; its name goes to found. */
static int find_left_draft(struct app *a, char *found, size_t size)
{
    char *state = paths_state_dir();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/drafts", state);
    free(state);
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    char prefix[128], legacy[128];
    snprintf(prefix, sizeof prefix, "referral-%s-", db_login(a->db));
    snprintf(legacy, sizeof legacy, "referral-%s.txt", db_login(a->db));
    time_t best = 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strcmp(name, legacy) != 0) {
            if (strncmp(name, prefix, strlen(prefix)) != 0)
                continue;
            char *end;
            long pid = strtol(name + strlen(prefix), &end, 10);
            if (pid <= 0 || strcmp(end, ".txt") != 0)
                continue;
            if (draft_owner_alive(pid))
                continue;
        }
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == 0 || st.st_mtime > best) {
            best = st.st_mtime;
            tt_strlcpy(found, path, size);
        }
        n++;
    }
    closedir(d);
    return n > 0;
}

static char *draft_read(struct app *a, time_t *when, char *path, size_t size)
{
    if (!find_left_draft(a, path, size))
        return NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size > 1 << 20) {
        fclose(f);
        return NULL;
    }
    *when = st.st_mtime;
    char *buf = xmalloc((size_t)st.st_size + 1);
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* ---- opening and saving ------------------------------------------------ */

static void load_referral(struct app *a, int64_t id)
{
    struct referral *r = referral_new();
    struct tt_error err;
    tt_error_clear(&err);
    if (referral_get(a->db, id, r, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        referral_free(r);
        return;
    }
    ed.referral_id = r->id;
    ed.referral_version = r->row_version;
    form_set_text(&form, "referral_date", r->referral_date);
    form_set_text(&form, "referrer_name", r->referrer_name);
    form_set_choice(&form, "referrer_role", r->referrer_role);
    form_set_text(&form, "ref_class_group", r->class_group);
    form_set_bits(&form, "subjects", r->subjects);
    form_set_text(&form, "since_when", r->since_when);
    form_set_text(&form, "difficulties", r->difficulties);
    form_set_text(&form, "strengths", r->strengths);
    form_set_text(&form, "strategies_tried", r->strategies_tried);
    char num[16];
    snprintf(num, sizeof num, "%d", r->rai_level);
    form_set_choice(&form, "rai_level", num);
    snprintf(num, sizeof num, "%d", r->priority);
    form_set_choice(&form, "priority", num);
    form_set_choice(&form, "format", r->format);
    form_set_choice(&form, "modality", r->modality);
    form_set_choice(&form, "has_device", r->has_device == 1 ? "1" : "0");
    form_set_choice(&form, "has_internet", r->has_internet == 1 ? "1" : "0");
    form_set_choice(&form, "wellbeing_concern", r->wellbeing_concern ? "1" : "0");
    form_set_choice(&form, "partner_suggestion", r->partner_suggestion);
    form_set_bits(&form, "availability", r->availability);
    form_set_text(&form, "pairing_constraints", r->pairing_constraints);
    referral_free(r);
}

static void load_student(struct app *a, int64_t id)
{
    struct student s;
    struct guardian g[2];
    int ng = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (student_get(a->db, id, &s, &err) != TT_OK ||
        guardians_get(a->db, id, g, &ng, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return;
    }
    ed.student_id = s.id;
    ed.student_version = s.row_version;
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)s.school_id);
    form_set_choice(&form, "school", sid);
    form_set_text(&form, "last_name", s.last_name);
    form_set_text(&form, "first_name", s.first_name);
    form_set_text(&form, "local_number", s.local_number);
    form_set_text(&form, "code_permanent", s.code_permanent);
    form_set_text(&form, "birth_date", s.birth_date);
    form_set_choice(&form, "level", s.level);
    form_set_text(&form, "class_group", s.class_group);
    form_set_text(&form, "ref_class_group", s.class_group);
    form_set_choice(&form, "language", s.language);
    form_set_choice(&form, "has_intervention_plan", s.has_intervention_plan ? "1" : "0");
    form_set_choice(&form, "needs_francization", s.needs_francization ? "1" : "0");
    for (int i = 0; i < ng; i++) {
        char id_name[32], id_rel[40], id_phone[32], id_mail[32], id_lang[32];
        int r = g[i].rank;
        snprintf(id_name, sizeof id_name, "guardian%d_name", r);
        snprintf(id_rel, sizeof id_rel, "guardian%d_relationship", r);
        snprintf(id_phone, sizeof id_phone, "guardian%d_phone", r);
        snprintf(id_mail, sizeof id_mail, "guardian%d_email", r);
        snprintf(id_lang, sizeof id_lang, "guardian%d_language", r);
        form_set_text(&form, id_name, g[i].full_name);
        form_set_choice(&form, id_rel, g[i].relationship);
        form_set_text(&form, id_phone, g[i].phone);
        form_set_text(&form, id_mail, g[i].email);
        form_set_choice(&form, id_lang, g[i].language);
    }
}

static void open_blank(struct app *a)
{
    form_free(&form);
    build_choices(a);
    form_init(&form);
    ed.student_id = 0;
    ed.student_version = 0;
    ed.referral_id = 0;
    ed.referral_version = 0;
    ed.open = 1;
    char today[11];
    date_iso(a->today, today);
    form_set_text(&form, "referral_date", today);
    form_set_choice(&form, "priority", "2");
    form_set_choice(&form, "format", "either");
    form_set_choice(&form, "modality", "remote");
    form_set_choice(&form, "partner_suggestion", "none");
    form_set_choice(&form, "referrer_role", "teacher");
    form_set_choice(&form, "language", "fr");
    form_set_choice(&form, "has_device", "1");
    form_set_choice(&form, "has_internet", "1");
    if (n_schools == 1)
        form_set_choice(&form, "school", school_ids[0]);
}

static void close_editor(struct app *a);

void referral_editor_open(struct app *a, int64_t student_id)
{
    open_blank(a);
    /* Every referral names its school: without one there is nothing to
     * choose, so say where schools come from instead of a dead form. */
    if (n_schools == 0) {
        close_editor(a);
        app_message(a, 1, "%s", _("No school is recorded yet: an administrator adds them in "
                                  "Settings (F8, v) or with tutorat school add."));
        return;
    }
    if (student_id > 0)
        load_student(a, student_id);
    form.current = student_id > 0 ? form_field(&form, "referral_date") - fields : 0;
    form.changed = 0;
    curs_set(1);
}

void referral_editor_edit(struct app *a, int64_t student_id, int64_t referral_id)
{
    open_blank(a);
    load_student(a, student_id);
    load_referral(a, referral_id);
    form.current = form_field(&form, "referrer_name") - fields;
    form.changed = 0;
    curs_set(1);
    app_message(a, 0, "%s", _("Correcting the referral: F2 saves, Esc leaves it unchanged."));
}

int referral_editor_active(void)
{
    return ed.open;
}

int referral_editor_unsaved(void)
{
    return ed.open && form.changed;
}

int referral_editor_saved(void)
{
    int s = ed.saved;
    ed.saved = 0;
    return s;
}

void referral_editor_flush(struct app *a)
{
    if (referral_editor_unsaved())
        draft_write(a);
}

static void close_editor(struct app *a)
{
    ed.open = 0;
    form.changed = 0;
    form_free(&form);
    curs_set(0);
}

static void collect(struct app *a, struct student *s, struct guardian g[2], struct referral *r)
{
    memset(s, 0, sizeof *s);
    memset(g, 0, 2 * sizeof *g);
    s->id = ed.student_id;
    s->row_version = ed.student_version;
    r->id = ed.referral_id;
    r->row_version = ed.referral_version;
    s->school_id = atoll(form_get_choice(&form, "school"));
    form_get_text(&form, "last_name", s->last_name, sizeof s->last_name);
    form_get_text(&form, "first_name", s->first_name, sizeof s->first_name);
    form_get_text(&form, "local_number", s->local_number, sizeof s->local_number);
    form_get_text(&form, "code_permanent", s->code_permanent, sizeof s->code_permanent);
    form_get_text(&form, "birth_date", s->birth_date, sizeof s->birth_date);
    tt_strlcpy(s->level, form_get_choice(&form, "level"), sizeof s->level);
    form_get_text(&form, "class_group", s->class_group, sizeof s->class_group);
    tt_strlcpy(s->language, form_get_choice(&form, "language"), sizeof s->language);
    s->has_intervention_plan = form_get_choice(&form, "has_intervention_plan")[0] == '1';
    s->needs_francization = form_get_choice(&form, "needs_francization")[0] == '1';
    for (int i = 0; i < 2; i++) {
        char id[40];
        g[i].rank = i + 1;
        snprintf(id, sizeof id, "guardian%d_name", i + 1);
        form_get_text(&form, id, g[i].full_name, sizeof g[i].full_name);
        snprintf(id, sizeof id, "guardian%d_relationship", i + 1);
        tt_strlcpy(g[i].relationship, form_get_choice(&form, id), sizeof g[i].relationship);
        snprintf(id, sizeof id, "guardian%d_phone", i + 1);
        form_get_text(&form, id, g[i].phone, sizeof g[i].phone);
        snprintf(id, sizeof id, "guardian%d_email", i + 1);
        form_get_text(&form, id, g[i].email, sizeof g[i].email);
        snprintf(id, sizeof id, "guardian%d_language", i + 1);
        tt_strlcpy(g[i].language, form_get_choice(&form, id), sizeof g[i].language);
    }
    r->school_id = s->school_id;
    form_get_text(&form, "referral_date", r->referral_date, sizeof r->referral_date);
    form_get_text(&form, "referrer_name", r->referrer_name, sizeof r->referrer_name);
    tt_strlcpy(r->referrer_role, form_get_choice(&form, "referrer_role"), sizeof r->referrer_role);
    form_get_text(&form, "ref_class_group", r->class_group, sizeof r->class_group);
    r->subjects = form_get_bits(&form, "subjects");
    form_get_text(&form, "since_when", r->since_when, sizeof r->since_when);
    form_get_text(&form, "difficulties", r->difficulties, sizeof r->difficulties);
    form_get_text(&form, "strengths", r->strengths, sizeof r->strengths);
    form_get_text(&form, "strategies_tried", r->strategies_tried, sizeof r->strategies_tried);
    r->rai_level = atoi(form_get_choice(&form, "rai_level"));
    r->priority = atoi(form_get_choice(&form, "priority"));
    tt_strlcpy(r->format, form_get_choice(&form, "format"), sizeof r->format);
    tt_strlcpy(r->modality, form_get_choice(&form, "modality"), sizeof r->modality);
    r->has_device = form_get_choice(&form, "has_device")[0] == '1';
    r->has_internet = form_get_choice(&form, "has_internet")[0] == '1';
    r->wellbeing_concern = form_get_choice(&form, "wellbeing_concern")[0] == '1';
    tt_strlcpy(r->partner_suggestion, form_get_choice(&form, "partner_suggestion"),
               sizeof r->partner_suggestion);
    r->availability = form_get_bits(&form, "availability");
    form_get_text(&form, "pairing_constraints", r->pairing_constraints,
                  sizeof r->pairing_constraints);
    (void)a;
}

/* A new student that looks like one already there: show it, and let the
 * secretary attach the referral to it instead of creating a twin. */
static int resolve_duplicate(struct app *a, struct student *s)
{
    if (s->id != 0)
        return 0;
    int64_t ids[4];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (student_find_duplicates(a->db, s, ids, 4, &n, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    if (n == 0)
        return 0;
    struct student other;
    if (student_get(a->db, ids[0], &other, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    char q[1024];
    snprintf(q, sizeof q,
             _("This student seems to exist already: %s, %s (local number %s, born %s). "
               "Add the referral to that student?"),
             other.last_name, other.first_name, other.local_number,
             other.birth_date[0] ? other.birth_date : "?");
    if (!ui_confirm(a, q)) {
        form_focus(&form, "local_number");
        app_message(a, 1, _("Same student as %s, %s (local number %s): check the local number, "
                            "the code permanent, the name and the birth date."),
                    other.last_name, other.first_name, other.local_number);
        return -1;
    }
    ed.student_id = other.id;
    ed.student_version = other.row_version;
    /* The existing file wins for identity; what was typed for the referral
     * and the guardians is kept. */
    struct student keep = other;
    *s = keep;
    return 0;
}

/* Empties the fields the other version is read into: what the other
 * person removed must show as removed. */
static void clear_fields(int last_page)
{
    for (int i = 0; i < form.n_fields; i++) {
        struct form_field *x = &fields[i];
        if (x->page > last_page)
            continue;
        if (x->kind == FK_TEXT || x->kind == FK_AREA)
            form_set_text(&form, x->id, "");
        else if (x->kind == FK_CHOICE)
            x->choice = -1;
        else if (x->kind == FK_BOOL)
            x->choice = 0;
        else
            x->bits = 0;
    }
}

/* Yours is written beside the drafts, whole, so taking the other version
 * never loses what was typed. */
static int set_aside_mine(struct app *a, const char *mine, char *path, size_t size)
{
    char *state = paths_state_dir();
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(path, size, "%s/drafts/referral-%s-yours-%s.txt", state, db_login(a->db), stamp);
    free(state);
    char *dir = paths_dirname(path);
    struct tt_error err;
    tt_error_clear(&err);
    int rc = paths_mkdir_p(dir, 0700, &err);
    free(dir);
    if (rc != TT_OK)
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    char head[256];
    int hn = draft_header(head, sizeof head);
    size_t len = strlen(mine);
    int ok = write(fd, head, (size_t)hn) == hn && write(fd, mine, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    if (!ok)
        unlink(path);
    return ok ? 0 : -1;
}

/* Someone saved the student or the referral after this form was opened.
 * Shows the fields that differ and lets the secretary keep hers (saved
 * over, theirs stays in the audit log) or take theirs (hers goes to a file
 * beside the drafts).  Returns 1 when the form should be saved again. */
static int resolve_conflict(struct app *a)
{
    char *mine = form_serialise(&form);
    int64_t my_sv = ed.student_version, my_rv = ed.referral_version;
    int current = form.current;
    int n = form.n_fields;
    char **mine_shown = xcalloc((size_t)n, sizeof *mine_shown);
    char **theirs_shown = xcalloc((size_t)n, sizeof *theirs_shown);
    size_t cap = 8192;
    for (int i = 0; i < n; i++) {
        mine_shown[i] = xmalloc(cap);
        form_field_display(&form, &fields[i], mine_shown[i], cap);
    }
    /* A new referral for a known student conflicts on the student only. */
    clear_fields(ed.referral_id ? form.n_pages : 1);
    load_student(a, ed.student_id);
    if (ed.referral_id)
        load_referral(a, ed.referral_id);
    int64_t their_sv = ed.student_version, their_rv = ed.referral_version;
    char *theirs = form_serialise(&form);
    struct conflict_row *rows = xcalloc((size_t)n, sizeof *rows);
    int k = 0;
    for (int i = 0; i < n; i++) {
        theirs_shown[i] = xmalloc(cap);
        form_field_display(&form, &fields[i], theirs_shown[i], cap);
        if (strcmp(mine_shown[i], theirs_shown[i]) == 0)
            continue;
        rows[k].label = _(fields[i].label);
        rows[k].mine = mine_shown[i];
        rows[k].theirs = theirs_shown[i];
        k++;
    }
    char who[80], at[32], by[160] = "";
    struct tt_error err;
    tt_error_clear(&err);
    if (referral_last_change(a->db, ed.referral_id, ed.student_id, who, sizeof who, at,
                             sizeof at, &err) == TT_OK && who[0])
        /* TRANSLATORS: who saved last and when, e.g. "marie (2021-04-19 10:42)". */
        snprintf(by, sizeof by, _("%s (%s)"), who, at);
    /* Yours back on screen whatever is chosen next. */
    form_deserialise(&form, mine);
    form.current = current;
    form.changed = 1;
    ed.student_version = my_sv;
    ed.referral_version = my_rv;
    int choice = ui_conflict(a, _("Referral: saved by someone else meanwhile"), by, rows, k);
    int again = 0;
    if (choice == CONFLICT_KEEP_MINE) {
        ed.student_version = their_sv;
        ed.referral_version = their_rv;
        again = 1;
    } else if (choice == CONFLICT_TAKE_THEIRS) {
        char path[1400];
        if (set_aside_mine(a, mine, path, sizeof path) != 0) {
            app_message(a, 1, _("Your version could not be kept in a file (%s); nothing was "
                                "changed."), strerror(errno));
        } else {
            draft_remove(a);
            int64_t sid = ed.student_id;
            close_editor(a);
            student_file_open(a, sid);
            app_message(a, 0, _("The other version is kept. Yours is in %s."), path);
        }
    } else {
        app_message(a, 1, "%s", _("Not saved: the other version is still the one recorded. "
                                  "F2 shows the differences again."));
    }
    for (int i = 0; i < n; i++) {
        free(mine_shown[i]);
        free(theirs_shown[i]);
    }
    free(mine_shown);
    free(theirs_shown);
    free(rows);
    free(mine);
    free(theirs);
    return again;
}

static void save(struct app *a)
{
    struct student s;
    struct guardian g[2];
    struct referral *r = referral_new();
    collect(a, &s, g, r);
    struct tt_error err;
    tt_error_clear(&err);
    /* Named errors first; only a well-formed student is compared with the
     * others. */
    if (referral_form_validate(&s, g, r, &err) != TT_OK) {
        if (err.field[0])
            form_focus(&form, err.field);
        app_message(a, 1, "%s", err.msg);
        referral_free(r);
        return;
    }
    if (resolve_duplicate(a, &s) != 0) {
        referral_free(r);
        return;
    }
    r->school_id = s.school_id;
    if (referral_save_form(a->db, &s, g, r, &err) != TT_OK) {
        referral_free(r);
        if (err.code == TT_ERR_CONFLICT && ed.student_id) {
            if (resolve_conflict(a))
                save(a);
            return;
        }
        if (err.field[0])
            form_focus(&form, err.field);
        app_message(a, 1, "%s", err.msg);
        return;
    }
    int edited = ed.referral_id != 0;
    int64_t sid = s.id;
    char first[sizeof s.first_name], last[sizeof s.last_name];
    tt_strlcpy(first, s.first_name, sizeof first);
    tt_strlcpy(last, s.last_name, sizeof last);
    referral_free(r);
    draft_remove(a);
    ed.saved = 1;
    close_editor(a);
    /* A correction goes back to the file it came from. */
    if (edited)
        student_file_open(a, sid);
    app_message(a, 0, _("Referral saved for %s %s."), first, last);
}

int referral_editor_handle(struct app *a, int action, int key)
{
    if (!ed.open)
        return H_IGNORED;
    /* Screen keys leave the form open behind, like another tab. */
    switch (action) {
    case ACT_SCREEN_STUDENTS:
    case ACT_SCREEN_TUTORS:
    case ACT_SCREEN_GROUPS:
    case ACT_SCREEN_SESSIONS:
    case ACT_SCREEN_REPORTS:
    case ACT_SCREEN_SETTINGS:
    case ACT_HELP:
        if (key != '?')
            return H_IGNORED;
        break;
    case ACT_QUIT:
        if (key != 'q')
            return H_IGNORED;
        break;
    default:
        break;
    }
    int r = form_handle_key(&form, a, key);
    switch (r) {
    case FORM_SAVE:
        save(a);
        break;
    case FORM_CANCEL:
        if (!form.changed || ui_confirm(a, _("Discard what was typed in this referral?"))) {
            draft_remove(a);
            close_editor(a);
            app_message(a, 0, "%s", _("Referral discarded."));
        }
        break;
    case FORM_EDITED:
        a->message[0] = '\0';
        draft_write(a);
        break;
    default:
        break;
    }
    return H_DONE;
}

void referral_editor_draw(struct app *a, struct rect r)
{
    form_draw(&form, a, r);
}

int referral_editor_offer_draft(struct app *a)
{
    time_t when;
    char found[1400];
    char *text = draft_read(a, &when, found, sizeof found);
    if (text == NULL)
        return 0;
    struct tm tm;
    localtime_r(&when, &tm);
    char stamp[64];
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M", &tm);
    char q[512];
    snprintf(q, sizeof q, _("A referral form you were typing (%s) was kept. Open it again?"),
             stamp);
    if (!ui_confirm(a, q)) {
        /* Set aside rather than deleted: nothing typed is ever lost. */
        char aside[1500];
        snprintf(aside, sizeof aside, "%s.set-aside", found);
        if (rename(found, aside) != 0)
            unlink(found);
        free(text);
        return 0;
    }
    open_blank(a);
    /* The draft becomes this session's own, so it is not offered twice. */
    draft_path(a);
    if (strcmp(found, ed.draft_path) != 0 && rename(found, ed.draft_path) != 0)
        tt_strlcpy(ed.draft_path, found, sizeof ed.draft_path);
    const char *p = text;
    /* The hidden lines first (two in older drafts, four now), then the
     * fields. */
    while (*p == '_') {
        long long v = 0;
        if (sscanf(p, "_student_id\t%lld", &v) == 1)
            ed.student_id = v;
        else if (sscanf(p, "_student_version\t%lld", &v) == 1)
            ed.student_version = v;
        else if (sscanf(p, "_referral_id\t%lld", &v) == 1)
            ed.referral_id = v;
        else if (sscanf(p, "_referral_version\t%lld", &v) == 1)
            ed.referral_version = v;
        const char *nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    form_deserialise(&form, p);
    form.changed = 1;
    free(text);
    return 1;
}
