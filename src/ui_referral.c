#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "ui_referral.h"
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

static void draft_path(struct app *a)
{
    char *dir = paths_state_dir();
    snprintf(ed.draft_path, sizeof ed.draft_path, "%s/drafts/referral-%s.txt", dir,
             db_login(a->db));
    free(dir);
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
        char head[128];
        int hn = snprintf(head, sizeof head, "_student_id\t%lld\n_student_version\t%lld\n",
                          (long long)ed.student_id, (long long)ed.student_version);
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

static char *draft_read(struct app *a, time_t *when)
{
    draft_path(a);
    FILE *f = fopen(ed.draft_path, "r");
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

void referral_editor_open(struct app *a, int64_t student_id)
{
    open_blank(a);
    if (student_id > 0)
        load_student(a, student_id);
    form.current = student_id > 0 ? form_field(&form, "referral_date") - fields : 0;
    form.changed = 0;
    curs_set(1);
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
        if (err.field[0])
            form_focus(&form, err.field);
        app_message(a, 1, "%s", err.msg);
        referral_free(r);
        return;
    }
    app_message(a, 0, _("Referral saved for %s %s."), s.first_name, s.last_name);
    referral_free(r);
    draft_remove(a);
    ed.saved = 1;
    close_editor(a);
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
    char *text = draft_read(a, &when);
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
        char aside[1100];
        snprintf(aside, sizeof aside, "%s.set-aside", ed.draft_path);
        if (rename(ed.draft_path, aside) != 0)
            unlink(ed.draft_path);
        free(text);
        return 0;
    }
    open_blank(a);
    const char *p = text;
    /* The two hidden lines first, then the fields. */
    for (int i = 0; i < 2; i++) {
        long long v = 0;
        if (sscanf(p, "_student_id\t%lld", &v) == 1)
            ed.student_id = v;
        else if (sscanf(p, "_student_version\t%lld", &v) == 1)
            ed.student_version = v;
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
