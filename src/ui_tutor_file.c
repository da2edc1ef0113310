#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "tutor_file.h"
#include "ui_tutor_file.h"
#include "util.h"
#include "widgets.h"

#define MAX_LINES 200

static struct {
    int open, changed, top;
    int64_t id;
    struct tutor_file *f;
    char lines[MAX_LINES][512];
    int roles[MAX_LINES];
    int n;
} tf;

static void add(int role, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(int role, const char *fmt, ...)
{
    if (tf.n >= MAX_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tf.lines[tf.n], sizeof tf.lines[0], fmt, ap);
    va_end(ap);
    tf.roles[tf.n++] = role;
}

static const char *dash(const char *s)
{
    return s && s[0] ? s : "-";
}

static void build(struct app *a)
{
    const struct tutor_file *f = tf.f;
    const struct tutor *t = &f->t;
    char money[32];
    tf.n = 0;
    add(UI_TITLE, "%s, %s", t->last_name, t->first_name);
    add(UI_NORMAL, _("E-mail: %s   Phone: %s"), dash(t->email), dash(t->phone));
    add(UI_NORMAL, _("Category: %s   Source: %s   Modality: %s"),
        label_for(LBL_TUTOR_CATEGORY, t->category), label_for(LBL_TUTOR_SOURCE, t->source),
        label_for(LBL_MODALITY, t->modality));
    add(UI_NORMAL, _("Institution: %s   Program: %s"), dash(t->institution), dash(t->program));
    add(UI_NORMAL, _("Region: %s   Organisation wished: %s   School: %s"), dash(t->region),
        dash(t->desired_org), dash(f->school));
    char skills[1024] = "";
    for (int i = 0; i < f->n_skills; i++) {
        size_t len = strlen(skills);
        snprintf(skills + len, sizeof skills - len, "%s%s (%s)", len ? ", " : "",
                 label_for(LBL_SUBJECT, f->skills[i].subject), f->skills[i].level);
    }
    add(UI_NORMAL, _("Subjects and levels: %s"), dash(skills));
    add(UI_NORMAL, _("Availability: %s"), f->availability_text[0] ? f->availability_text
                                                                 : dash(t->availability_text));
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("Recruitment"));
    add(UI_NORMAL, _("Status: %s since %s   Applied on: %s"), label_for(LBL_TUTOR_STATUS, t->status),
        dash(f->status_date), dash(t->applied_on));
    if (f->answered_on[0])
        add(UI_GOOD, _("Answered on %s (%s) by %s"), f->answered_on,
            label_for(LBL_ANSWER_HOW, f->answered_how), f->answered_by);
    else
        add(UI_ERROR, "%s", _("Not answered yet."));
    add(UI_NORMAL, _("Hired on: %s   Employee number: %s"), dash(f->hire_date),
        dash(f->employee_number));
    add(UI_NORMAL, _("Judicial-record check: %s   requested %s   completed %s   result %s"),
        label_for(LBL_CHECK_STATUS, f->check_status), dash(f->check_requested_on),
        dash(f->check_completed_on), f->check_result[0] ? label_for(LBL_CHECK_RESULT, f->check_result)
                                                        : "-");
    add(UI_NORMAL, _("Training: %s   Confidentiality undertaking: %s"), dash(f->training_on),
        dash(f->confidentiality_on));
    if (f->may_lead)
        add(UI_GOOD, "%s", _("May lead a group."));
    else {
        add(UI_ERROR, "%s", _("May not lead a group yet:"));
        add(UI_ERROR, "  %s.", f->may_lead_why);
    }
    add(UI_NORMAL, "%s", "");
    money_format(f->rate_today, money, sizeof money);
    add(UI_TITLE, _("Hourly rate today: %s"), money);
    for (int i = 0; i < f->n_rates; i++) {
        money_format(f->rates[i].rate, money, sizeof money);
        add(UI_NORMAL, _("  from %s: %s (set by %s)"), f->rates[i].from, money, f->rates[i].by);
    }
    if (f->n_rates == 0)
        add(UI_DIM, "%s", _("  the category's rate from the settings"));
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, _("Groups led: %d   Hours given: %ld h %02ld"), f->n_groups,
        f->minutes_given / 60, f->minutes_given % 60);
    for (int i = 0; i < f->n_groups; i++)
        add(UI_NORMAL, "  %s", f->groups[i]);
    for (int i = 0; i < f->n_own_students; i++)
        add(UI_ERROR, _("  Warning: this tutor referred %s as their teacher."), f->own_students[i]);
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("History"));
    for (int i = 0; i < f->n_history; i++) {
        const struct tutor_event *e = &f->history[i];
        add(UI_NORMAL, _("%s  %s -> %s  by %s  %s"), e->on,
            e->from[0] ? label_for(LBL_TUTOR_STATUS, e->from) : "",
            label_for(LBL_TUTOR_STATUS, e->to), e->by, e->note);
    }
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("Changes (audit log)"));
    if (f->n_changes == 0)
        add(UI_DIM, "%s", _("No change recorded."));
    for (int i = 0; i < f->n_changes; i++) {
        char line[512];
        history_describe(&f->changes[i], line, sizeof line);
        add(UI_NORMAL, "%s", line);
    }
    (void)a;
}

static int reload(struct app *a)
{
    struct tutor_file *f = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (tutor_file_load(a->db, a->settings, tf.id, a->today, &f, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    free(tf.f);
    tf.f = f;
    build(a);
    return 0;
}

void tutor_file_open(struct app *a, int64_t id)
{
    tf.id = id;
    tf.top = 0;
    if (reload(a) == 0)
        tf.open = 1;
}

int tutor_file_active(void)
{
    return tf.open;
}

int tutor_file_changed(void)
{
    int c = tf.changed;
    tf.changed = 0;
    return c;
}

void tutor_file_draw(struct app *a, struct rect r)
{
    if (tf.top > tf.n - r.h + 1)
        tf.top = tf.n - r.h + 1;
    if (tf.top < 0)
        tf.top = 0;
    for (int i = 0; i < r.h - 1 && tf.top + i < tf.n; i++)
        ui_put(r.y + i, r.x + 1, r.w - 2, tf.lines[tf.top + i], ui_attr(tf.roles[tf.top + i]));
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           _("t: status  a: answer  K: check  m: rate  Esc: back to the list"), ui_attr(UI_DIM));
    move(r.y, r.x + 1);
}

/* ---- dialogs -------------------------------------------------------------- */

static struct form_choice choice_buf[8];

static void fill(struct form *f, const char *id, int kind, int from, int count)
{
    struct form_field *x = form_field(f, id);
    for (int i = 0; i < count; i++)
        choice_buf[i] = (struct form_choice){ label_code(kind, from + i), label_msgid(kind, from + i) };
    x->choices = choice_buf;
    x->n_choices = count;
}

static const char *const one_page[] = { "" };

int tutor_answer_dialog(struct app *a, const int64_t *ids, int n)
{
    struct form_field fields[] = {
        { .id = "on", .label = N_("Answered on"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "how", .label = N_("How"), .kind = FK_CHOICE },
    };
    struct form f = { .title = N_("Answer to the candidates"), .page_titles = one_page,
                      .n_pages = 1, .fields = fields, .n_fields = 2 };
    fill(&f, "how", LBL_ANSWER_HOW, 0, label_count(LBL_ANSWER_HOW));
    form_init(&f);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    form_set_choice(&f, "how", "email");
    char msg[1024] = "";
    int done = 0;
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char day[32];
        form_get_text(&f, "on", day, sizeof day);
        tt_day on;
        if (date_parse(day, &on) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Answered on"), day);
            continue;
        }
        struct tt_error err;
        tt_error_clear(&err);
        if (tutor_answer(a->db, ids, n, on, form_get_choice(&f, "how"), &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, ngettext("Answer recorded for %d candidate.",
                                   "Answer recorded for %d candidates.", (unsigned long)n), n);
        done = 1;
        break;
    }
    form_free(&f);
    return done;
}

static void change_status(struct app *a)
{
    const char *codes[6];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (tutor_next_statuses(a->db, tf.f->t.status, codes, 6, &n, &err) != TT_OK || n == 0) {
        app_message(a, 1, "%s", n == 0 ? _("This recruitment status is final.") : err.msg);
        return;
    }
    static struct form_choice next[6];
    for (int i = 0; i < n; i++)
        for (int k = 0; k < label_count(LBL_TUTOR_STATUS); k++)
            if (strcmp(label_code(LBL_TUTOR_STATUS, k), codes[i]) == 0)
                next[i] = (struct form_choice){ codes[i], label_msgid(LBL_TUTOR_STATUS, k) };
    struct form_field fields[] = {
        { .id = "to", .label = N_("New status"), .kind = FK_CHOICE, .choices = next, .n_choices = n },
        { .id = "on", .label = N_("Date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "note", .label = N_("Note"), .kind = FK_TEXT, .max_chars = 1000 },
    };
    struct form f = { .title = N_("Recruitment status"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = 3 };
    form_init(&f);
    form_set_choice(&f, "to", codes[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char day[32], note[1100];
        form_get_text(&f, "on", day, sizeof day);
        form_get_text(&f, "note", note, sizeof note);
        tt_day on;
        if (date_parse(day, &on) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Date"), day);
            continue;
        }
        if (tutor_set_status(a->db, tf.id, form_get_choice(&f, "to"), on, note, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Status changed."));
        tf.changed = 1;
        reload(a);
        break;
    }
    form_free(&f);
}

static void record_check(struct app *a)
{
    static struct form_choice steps[2] = { { "requested", N_("requested") },
                                           { "completed", N_("completed") } };
    struct form_field fields[] = {
        { .id = "status", .label = N_("Check"), .kind = FK_CHOICE, .choices = steps, .n_choices = 2 },
        { .id = "on", .label = N_("Date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "result", .label = N_("Result"), .kind = FK_CHOICE },
    };
    struct form f = { .title = N_("Judicial-record check"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = 3 };
    fill(&f, "result", LBL_CHECK_RESULT, 0, label_count(LBL_CHECK_RESULT));
    form_init(&f);
    form_set_choice(&f, "status", "completed");
    form_set_choice(&f, "result", "clear");
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char day[32];
        form_get_text(&f, "on", day, sizeof day);
        tt_day on;
        if (date_parse(day, &on) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Date"), day);
            continue;
        }
        struct tt_error err;
        tt_error_clear(&err);
        if (tutor_record_check(a->db, tf.id, form_get_choice(&f, "status"), on,
                               form_get_choice(&f, "result"), &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Judicial-record check recorded."));
        tf.changed = 1;
        reload(a);
        break;
    }
    form_free(&f);
}

static void set_rate(struct app *a)
{
    struct form_field fields[] = {
        { .id = "from", .label = N_("From"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "rate", .label = N_("Hourly rate"), .kind = FK_TEXT, .max_chars = 16 },
        { .id = "note", .label = N_("Note"), .kind = FK_TEXT, .max_chars = 500 },
    };
    struct form f = { .title = N_("Hourly rate"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = 3 };
    form_init(&f);
    char today[11], money[32];
    date_iso(a->today, today);
    form_set_text(&f, "from", today);
    money_format(tf.f->rate_today, money, sizeof money);
    form_set_text(&f, "rate", money);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char day[32], amount[32], note[600];
        form_get_text(&f, "from", day, sizeof day);
        form_get_text(&f, "rate", amount, sizeof amount);
        form_get_text(&f, "note", note, sizeof note);
        tt_day from;
        tt_cents cents;
        if (date_parse(day, &from) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("From"), day);
            continue;
        }
        if (money_parse(amount, &cents) != 0) {
            snprintf(msg, sizeof msg, _("Hourly rate: \"%s\" is not an amount such as 23,00."),
                     amount);
            continue;
        }
        struct tt_error err;
        tt_error_clear(&err);
        if (tutor_set_rate(a->db, tf.id, from, cents, note, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Rate recorded; earlier hours keep their rate."));
        tf.changed = 1;
        reload(a);
        break;
    }
    form_free(&f);
}

int tutor_file_handle(struct app *a, int action, int key)
{
    if (!tf.open)
        return H_IGNORED;
    switch (action) {
    case ACT_UP: tf.top--; return H_DONE;
    case ACT_DOWN: tf.top++; return H_DONE;
    case ACT_PAGE_UP: tf.top -= LINES - 6; return H_DONE;
    case ACT_PAGE_DOWN: tf.top += LINES - 6; return H_DONE;
    case ACT_HOME: tf.top = 0; return H_DONE;
    case ACT_END: tf.top = tf.n; return H_DONE;
    case ACT_CANCEL:
        tf.open = 0;
        free(tf.f);
        tf.f = NULL;
        return H_DONE;
    case ACT_STATUS: change_status(a); return H_DONE;
    case ACT_CHECK: record_check(a); return H_DONE;
    case ACT_RATE: set_rate(a); return H_DONE;
    case ACT_ANSWER:
        if (tutor_answer_dialog(a, &tf.id, 1)) {
            tf.changed = 1;
            reload(a);
        }
        return H_DONE;
    default:
        return H_IGNORED;
    }
}
