#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "consent.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "referral_status.h"
#include "referrals.h"
#include "student_file.h"
#include "ui_referral.h"
#include "ui_student_file.h"
#include "text.h"
#include "util.h"
#include "widgets.h"

#define MAX_LINES 400

struct line {
    char text[512];
    int role;           /* UI_* colour role */
};

static struct {
    int open;
    int changed;
    int64_t student_id;
    struct student_file *f;
    struct line lines[MAX_LINES];
    int n_lines;
    int top;
    int reveal;         /* identifiers shown, for this opening only */
} sf;

static void add(int role, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(int role, const char *fmt, ...)
{
    if (sf.n_lines >= MAX_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sf.lines[sf.n_lines].text, sizeof sf.lines[0].text, fmt, ap);
    va_end(ap);
    sf.lines[sf.n_lines++].role = role;
}

static const char *or_dash(const char *s)
{
    return s && s[0] ? s : "-";
}

static void subjects_text(const char *codes, char *buf, size_t size)
{
    buf[0] = '\0';
    char tmp[256];
    tt_strlcpy(tmp, codes, sizeof tmp);
    char *save = NULL;
    for (char *w = strtok_r(tmp, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "", label_for(LBL_SUBJECT, w));
    }
}

static void build_lines(struct app *a)
{
    const struct student_file *f = sf.f;
    const struct student *s = &f->s;
    sf.n_lines = 0;
    char date[64];
    add(UI_TITLE, "%s, %s", s->last_name, s->first_name);
    /* Law 25: the code permanent and the birth date stay masked until asked
     * for (R), which the access log records. */
    add(UI_NORMAL, _("Local number: %s   Code permanent: %s   School: %s"), s->local_number,
        !s->code_permanent[0] ? "-" : sf.reveal ? s->code_permanent : "************",
        f->school);
    if (s->birth_date[0] && sf.reveal) {
        tt_day b;
        date_parse(s->birth_date, &b);
        date_long(b, date, sizeof date);
    } else if (s->birth_date[0]) {
        /* TRANSLATORS: a birth date hidden on screen until R is pressed. */
        tt_strlcpy(date, _("hidden (R shows it)"), sizeof date);
    } else {
        tt_strlcpy(date, "-", sizeof date);
    }
    add(UI_NORMAL, _("Born: %s   Level: %s   Class group: %s   Language: %s"), date,
        label_for(LBL_LEVEL, s->level), or_dash(s->class_group),
        s->language[0] ? label_for(LBL_LANGUAGE, s->language) : "-");
    add(UI_NORMAL, _("Intervention plan: %s   Francization: %s"),
        s->has_intervention_plan ? _("yes") : _("no"), s->needs_francization ? _("yes") : _("no"));
    add(UI_NORMAL, "%s", "");

    add(UI_TITLE, "%s", _("Holders of parental authority"));
    if (f->n_guardians == 0)
        add(UI_DIM, "%s", _("None recorded."));
    for (int i = 0; i < f->n_guardians; i++) {
        const struct guardian *g = &f->guardians[i];
        add(UI_NORMAL, "%s (%s)  %s  %s  %s", g->full_name, label_for(LBL_RELATIONSHIP, g->relationship),
            or_dash(g->phone), or_dash(g->email),
            g->language[0] ? label_for(LBL_LANGUAGE, g->language) : "");
    }
    add(UI_NORMAL, "%s", "");

    add(UI_TITLE, "%s", _("Referrals"));
    if (f->n_referrals == 0)
        add(UI_DIM, "%s", _("None."));
    for (int i = 0; i < f->n_referrals; i++) {
        const struct file_referral *r = &f->referrals[i];
        char subj[512];
        subjects_text(r->subjects, subj, sizeof subj);
        char pr[8];
        snprintf(pr, sizeof pr, "%d", r->priority);
        add(UI_NORMAL, _("%s  %s (since %s)  priority %s  by %s"), r->date,
            label_for(LBL_REFERRAL_STATUS, r->status), r->status_date,
            label_for(LBL_PRIORITY, pr), r->referrer);
        add(UI_NORMAL, "    %s", subj);
        if (r->closed_reason[0])
            add(UI_DIM, _("    Closed: %s"), r->closed_reason);
    }
    add(UI_NORMAL, "%s", "");

    if (f->n_partners > 0) {
        add(UI_TITLE, "%s", _("Partner referrals"));
        for (int i = 0; i < f->n_partners; i++)
            add(UI_NORMAL, _("%s  %s  by %s  %s"), f->partners[i].sent_on,
                label_for(LBL_PARTNER_ORG, f->partners[i].partner), f->partners[i].sent_by,
                f->partners[i].outcome);
        add(UI_NORMAL, "%s", "");
    }

    add(UI_TITLE, "%s", _("Consents"));
    if (f->n_consents == 0)
        add(UI_ERROR, "%s", _("No consent recorded: no session may take place."));
    for (int i = 0; i < f->n_consents; i++) {
        const struct file_consent *c = &f->consents[i];
        char extra[256] = "", how[256];
        if (c->withdrawn_on[0])
            snprintf(extra, sizeof extra, _(", withdrawn on %s"), c->withdrawn_on);
        if (c->noted_by[0])
            snprintf(how, sizeof how, _("%s, noted by %s"), label_for(LBL_CONSENT_METHOD, c->method),
                     c->noted_by);
        else
            snprintf(how, sizeof how, "%s", c->method[0] ? label_for(LBL_CONSENT_METHOD, c->method)
                                                         : "-");
        add(strcmp(c->status, "given") == 0 ? UI_GOOD : UI_NORMAL,
            _("%s: %s %s (%s), until %s%s"), label_for(LBL_CONSENT_PURPOSE, c->purpose),
            label_for(LBL_CONSENT_STATUS, c->status), or_dash(c->decided_on), how,
            or_dash(c->expires_on), extra);
    }
    {
        int ok = 0;
        char reason[256] = "";
        struct tt_error err;
        tt_error_clear(&err);
        if (consent_may_attend(a->db, s->id, a->today, "remote", &ok, reason, sizeof reason,
                               &err) == TT_OK)
            add(ok ? UI_GOOD : UI_ERROR, "%s",
                ok ? _("Today: may attend remote and in-school sessions.") : reason);
    }
    add(UI_NORMAL, "%s", "");

    add(UI_TITLE, "%s", _("Groups"));
    if (f->n_groups == 0)
        add(UI_DIM, "%s", _("Not in a group."));
    for (int i = 0; i < f->n_groups; i++) {
        const struct file_membership *m = &f->groups[i];
        if (m->left_on[0])
            add(UI_DIM, _("%s (%s, %s): %s to %s, %s"), m->group, m->tutor,
                label_for(LBL_SUBJECT, m->subject), m->joined_on, m->left_on, m->leave_reason);
        else
            add(UI_NORMAL, _("%s (%s, %s): since %s"), m->group, m->tutor,
                label_for(LBL_SUBJECT, m->subject), m->joined_on);
    }
    add(UI_NORMAL, "%s", "");

    add(UI_TITLE, _("Sessions attended: %ld, %ld h %02ld"), f->sessions_present,
        f->minutes_present / 60, f->minutes_present % 60);
    for (int i = 0; i < f->n_sessions; i++) {
        const struct file_session *x = &f->sessions[i];
        add(UI_NORMAL, _("%s  %s  %s  %d min"), x->date, x->group,
            label_for(LBL_ATTENDANCE, x->attendance), x->minutes);
    }
    add(UI_NORMAL, "%s", "");

    add(UI_TITLE, "%s", _("Progress notes"));
    if (f->n_notes == 0)
        add(UI_DIM, "%s", _("No note yet: o adds one."));
    for (int i = 0; i < f->n_notes; i++) {
        const struct file_note *n = &f->notes[i];
        const char *kind = strcmp(n->kind, "start") == 0    ? _("start assessment")
                           : strcmp(n->kind, "middle") == 0 ? _("middle assessment")
                           : strcmp(n->kind, "end") == 0    ? _("end assessment")
                                                            : _("note");
        char score[32] = "";
        if (n->score)
            snprintf(score, sizeof score, _(", score %d/5"), n->score);
        add(UI_NORMAL, _("%s  %s, %s%s (%s)"), n->date, label_for(LBL_SUBJECT, n->subject), kind,
            score, n->author);
        if (n->body[0]) {
            char safe[4004];
            text_safe(safe, sizeof safe, n->body);
            add(UI_DIM, "    %s", safe);
        }
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
    add(UI_NORMAL, "%s", "");

    add(UI_TITLE, "%s", _("History"));
    for (int i = 0; i < f->n_history; i++) {
        const struct file_event *e = &f->history[i];
        add(UI_NORMAL, _("%s  %s -> %s  by %s  %s"), e->on,
            e->from[0] ? label_for(LBL_REFERRAL_STATUS, e->from) : "",
            label_for(LBL_REFERRAL_STATUS, e->to), e->by, e->note);
    }
}

static int reload(struct app *a)
{
    struct student_file *f = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (student_file_load(a->db, sf.student_id, &f, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    free(sf.f);
    sf.f = f;
    build_lines(a);
    return 0;
}

void student_file_open(struct app *a, int64_t student_id)
{
    sf.student_id = student_id;
    sf.top = 0;
    sf.reveal = 0;
    if (reload(a) == 0)
        sf.open = 1;
}

int student_file_active(void)
{
    return sf.open;
}

int student_file_changed(void)
{
    int c = sf.changed;
    sf.changed = 0;
    return c;
}

void student_file_draw(struct app *a, struct rect r)
{
    if (sf.top > sf.n_lines - r.h + 1)
        sf.top = sf.n_lines - r.h + 1;
    if (sf.top < 0)
        sf.top = 0;
    for (int i = 0; i < r.h - 1; i++) {
        int k = sf.top + i;
        if (k >= sf.n_lines)
            break;
        ui_put(r.y + i, r.x + 1, r.w - 2, sf.lines[k].text, ui_attr(sf.lines[k].role));
    }
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           _("c consent  w withdraw  t status  p partner  o note  r new  E correct  R show"),
           ui_attr(UI_DIM));
    move(r.y, r.x + 1);
}

/* ---- consent ------------------------------------------------------------ */

static struct form_choice purpose_choices[4], status_choices[3], method_choices[4],
    agreement_choices[3], guardian_choices[2];
static char guardian_ids[2][24];

static struct form_field consent_fields[] = {
    { .id = "purpose", .label = N_("Purpose"), .kind = FK_CHOICE },
    { .id = "status", .label = N_("Answer"), .kind = FK_CHOICE },
    { .id = "guardian", .label = N_("Given by"), .kind = FK_CHOICE, .literal = 1 },
    { .id = "decided_on", .label = N_("Date of the answer"), .kind = FK_TEXT, .max_chars = 10,
      .hint = N_("2021-02-24 or 24/02/2021; empty while pending") },
    { .id = "method", .label = N_("How"), .kind = FK_CHOICE },
    { .id = "noted_by", .label = N_("Noted by (phone)"), .kind = FK_TEXT, .max_chars = 100 },
    { .id = "expires_on", .label = N_("Valid until"), .kind = FK_TEXT, .max_chars = 10,
      .hint = N_("Empty: the end of the school year") },
    { .id = "student_agreement", .label = N_("Student's own agreement (14+)"), .kind = FK_CHOICE },
    { .id = "note", .label = N_("Note"), .kind = FK_TEXT, .max_chars = 1000 },
};
static const char *const consent_pages[] = { N_("consent") };
static struct form consent_form = {
    .title = N_("Parental consent"), .page_titles = consent_pages, .n_pages = 1,
    .fields = consent_fields, .n_fields = TT_ARRAY_LEN(consent_fields),
};

static void set_field_choices(struct form *f, const char *id, struct form_choice *c, int n)
{
    struct form_field *x = form_field(f, id);
    x->choices = c;
    x->n_choices = n;
}

static void record_consent(struct app *a)
{
    int n = label_count(LBL_CONSENT_PURPOSE);
    for (int i = 0; i < n; i++)
        purpose_choices[i] = (struct form_choice){ label_code(LBL_CONSENT_PURPOSE, i),
                                                   label_msgid(LBL_CONSENT_PURPOSE, i) };
    set_field_choices(&consent_form, "purpose", purpose_choices, n);
    /* A new record is pending, given or refused; withdrawal is its own act. */
    for (int i = 0; i < 3; i++)
        status_choices[i] = (struct form_choice){ label_code(LBL_CONSENT_STATUS, i),
                                                  label_msgid(LBL_CONSENT_STATUS, i) };
    set_field_choices(&consent_form, "status", status_choices, 3);
    n = label_count(LBL_CONSENT_METHOD);
    for (int i = 0; i < n; i++)
        method_choices[i] = (struct form_choice){ label_code(LBL_CONSENT_METHOD, i),
                                                  label_msgid(LBL_CONSENT_METHOD, i) };
    set_field_choices(&consent_form, "method", method_choices, n);
    agreement_choices[0] = (struct form_choice){ "-1", N_("not noted") };
    agreement_choices[1] = (struct form_choice){ "1", N_("yes") };
    agreement_choices[2] = (struct form_choice){ "0", N_("no") };
    set_field_choices(&consent_form, "student_agreement", agreement_choices, 3);
    for (int i = 0; i < sf.f->n_guardians; i++) {
        snprintf(guardian_ids[i], sizeof guardian_ids[i], "%lld",
                 (long long)sf.f->guardians[i].id);
        guardian_choices[i] = (struct form_choice){ guardian_ids[i], sf.f->guardians[i].full_name };
    }
    set_field_choices(&consent_form, "guardian", guardian_choices, sf.f->n_guardians);

    form_init(&consent_form);
    form_set_choice(&consent_form, "purpose", "tutoring");
    form_set_choice(&consent_form, "status", "given");
    form_set_choice(&consent_form, "method", "signed_form");
    form_set_choice(&consent_form, "student_agreement", "-1");
    if (sf.f->n_guardians > 0)
        form_set_choice(&consent_form, "guardian", guardian_ids[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&consent_form, "decided_on", today);
    char msg[1024] = "";
    for (;;) {
        if (form_run_modal(&consent_form, a, msg) != FORM_SAVE)
            break;
        struct consent c;
        memset(&c, 0, sizeof c);
        c.student_id = sf.student_id;
        c.guardian_id = atoll(form_get_choice(&consent_form, "guardian"));
        tt_strlcpy(c.purpose, form_get_choice(&consent_form, "purpose"), sizeof c.purpose);
        tt_strlcpy(c.status, form_get_choice(&consent_form, "status"), sizeof c.status);
        form_get_text(&consent_form, "decided_on", c.decided_on, sizeof c.decided_on);
        if (strcmp(c.status, "pending") == 0) {
            tt_strlcpy(c.requested_on, c.decided_on, sizeof c.requested_on);
            c.decided_on[0] = '\0';
        } else {
            tt_strlcpy(c.method, form_get_choice(&consent_form, "method"), sizeof c.method);
        }
        form_get_text(&consent_form, "noted_by", c.noted_by, sizeof c.noted_by);
        form_get_text(&consent_form, "expires_on", c.expires_on, sizeof c.expires_on);
        c.student_agreement = atoi(form_get_choice(&consent_form, "student_agreement"));
        form_get_text(&consent_form, "note", c.note, sizeof c.note);
        struct tt_error err;
        tt_error_clear(&err);
        if (consent_record(a->db, &c, settings_consent_expiry(a->settings, a->today), &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&consent_form, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Consent recorded."));
        sf.changed = 1;
        reload(a);
        break;
    }
    form_free(&consent_form);
}

/* ---- withdrawal -------------------------------------------------------- */

static struct form_choice given_choices[32];
static char given_ids[32][24], given_labels[32][256];
static struct form_field withdraw_fields[] = {
    { .id = "consent", .label = N_("Consent"), .kind = FK_CHOICE, .literal = 1 },
    { .id = "withdrawn_on", .label = N_("Withdrawn on"), .kind = FK_TEXT, .max_chars = 10,
      .hint = N_("From this day on, no session is covered") },
    { .id = "note", .label = N_("Note"), .kind = FK_TEXT, .max_chars = 1000 },
};
static const char *const withdraw_pages[] = { N_("withdrawal") };
static struct form withdraw_form = {
    .title = N_("Withdraw a consent"), .page_titles = withdraw_pages, .n_pages = 1,
    .fields = withdraw_fields, .n_fields = TT_ARRAY_LEN(withdraw_fields),
};

static void withdraw_consent(struct app *a)
{
    int n = 0;
    for (int i = 0; i < sf.f->n_consents && n < 32; i++) {
        const struct file_consent *c = &sf.f->consents[i];
        if (strcmp(c->status, "given") != 0)
            continue;
        snprintf(given_ids[n], sizeof given_ids[n], "%lld", (long long)c->id);
        snprintf(given_labels[n], sizeof given_labels[n], "%s (%s)",
                 label_for(LBL_CONSENT_PURPOSE, c->purpose), c->decided_on);
        given_choices[n] = (struct form_choice){ given_ids[n], given_labels[n] };
        n++;
    }
    if (n == 0) {
        app_message(a, 1, "%s", _("No given consent to withdraw."));
        return;
    }
    set_field_choices(&withdraw_form, "consent", given_choices, n);
    form_init(&withdraw_form);
    form_set_choice(&withdraw_form, "consent", given_ids[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&withdraw_form, "withdrawn_on", today);
    char msg[1024] = "";
    for (;;) {
        if (form_run_modal(&withdraw_form, a, msg) != FORM_SAVE)
            break;
        char day[32], note[1100];
        form_get_text(&withdraw_form, "withdrawn_on", day, sizeof day);
        form_get_text(&withdraw_form, "note", note, sizeof note);
        tt_day on;
        if (date_parse(day, &on) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Withdrawn on"), day);
            form_focus(&withdraw_form, "withdrawn_on");
            continue;
        }
        struct tt_error err;
        tt_error_clear(&err);
        if (consent_withdraw(a->db, atoll(form_get_choice(&withdraw_form, "consent")), on, note,
                             &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Consent withdrawn; its history is kept."));
        sf.changed = 1;
        reload(a);
        break;
    }
    form_free(&withdraw_form);
}

/* ---- referral status ---------------------------------------------------- */

static struct form_choice next_choices[6];
static struct form_field status_fields[] = {
    { .id = "to", .label = N_("New status"), .kind = FK_CHOICE },
    { .id = "on", .label = N_("Date"), .kind = FK_TEXT, .max_chars = 10 },
    { .id = "closed_reason", .label = N_("Reason (when closing)"), .kind = FK_TEXT,
      .max_chars = 500 },
    { .id = "note", .label = N_("Note"), .kind = FK_TEXT, .max_chars = 1000 },
};
static const char *const status_pages[] = { N_("status") };
static struct form status_form = {
    .title = N_("Referral status"), .page_titles = status_pages, .n_pages = 1,
    .fields = status_fields, .n_fields = TT_ARRAY_LEN(status_fields),
};

static void change_status(struct app *a)
{
    if (sf.f->n_referrals == 0) {
        app_message(a, 1, "%s", _("This student has no referral."));
        return;
    }
    const struct file_referral *r = &sf.f->referrals[0];
    const char *codes[6];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (referral_next_statuses(a->db, r->status, codes, 6, &n, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return;
    }
    if (n == 0) {
        app_message(a, 1, _("A referral that is %s cannot change status."),
                    label_for(LBL_REFERRAL_STATUS, r->status));
        return;
    }
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < label_count(LBL_REFERRAL_STATUS); k++)
            if (strcmp(label_code(LBL_REFERRAL_STATUS, k), codes[i]) == 0)
                next_choices[i] = (struct form_choice){ codes[i],
                                                        label_msgid(LBL_REFERRAL_STATUS, k) };
    }
    set_field_choices(&status_form, "to", next_choices, n);
    form_init(&status_form);
    form_set_choice(&status_form, "to", codes[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&status_form, "on", today);
    char msg[1024] = "";
    for (;;) {
        if (form_run_modal(&status_form, a, msg) != FORM_SAVE)
            break;
        char day[32], reason[600], note[1100];
        form_get_text(&status_form, "on", day, sizeof day);
        form_get_text(&status_form, "closed_reason", reason, sizeof reason);
        form_get_text(&status_form, "note", note, sizeof note);
        tt_day on;
        if (date_parse(day, &on) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Date"), day);
            form_focus(&status_form, "on");
            continue;
        }
        tt_error_clear(&err);
        if (referral_set_status(a->db, r->id, form_get_choice(&status_form, "to"), on, note,
                                reason, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&status_form, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Status changed."));
        sf.changed = 1;
        reload(a);
        break;
    }
    form_free(&status_form);
}

/* ---- partner referral ---------------------------------------------------- */

static struct form_choice partner_choices[2];
static struct form_field partner_fields[] = {
    { .id = "partner", .label = N_("Partner"), .kind = FK_CHOICE },
    { .id = "sent_on", .label = N_("Sent on"), .kind = FK_TEXT, .max_chars = 10 },
    { .id = "outcome", .label = N_("Outcome"), .kind = FK_TEXT, .max_chars = 1000,
      .hint = N_("What came of it, when known") },
};
static const char *const partner_pages[] = { N_("partner") };
static struct form partner_form = {
    .title = N_("Partner referral"), .page_titles = partner_pages, .n_pages = 1,
    .fields = partner_fields, .n_fields = TT_ARRAY_LEN(partner_fields),
};

static void refer_to_partner(struct app *a)
{
    for (int i = 0; i < 2; i++)
        partner_choices[i] = (struct form_choice){ label_code(LBL_PARTNER_ORG, i),
                                                   label_msgid(LBL_PARTNER_ORG, i) };
    set_field_choices(&partner_form, "partner", partner_choices, 2);
    form_init(&partner_form);
    form_set_choice(&partner_form, "partner", "alloprof");
    char today[11];
    date_iso(a->today, today);
    form_set_text(&partner_form, "sent_on", today);
    char msg[1024] = "";
    while (form_run_modal(&partner_form, a, msg) == FORM_SAVE) {
        char day[32], outcome[1100];
        form_get_text(&partner_form, "sent_on", day, sizeof day);
        form_get_text(&partner_form, "outcome", outcome, sizeof outcome);
        struct tt_error err;
        tt_error_clear(&err);
        int64_t rid = sf.f->n_referrals ? sf.f->referrals[0].id : 0;
        if (partner_referral_add(a->db, sf.student_id, rid,
                                 form_get_choice(&partner_form, "partner"), day, outcome,
                                 &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&partner_form, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Partner referral recorded."));
        sf.changed = 1;
        reload(a);
        break;
    }
    form_free(&partner_form);
}

static void add_note(struct app *a)
{
    static struct form_choice subjects[16], kinds[4] = {
        { "start", N_("start assessment") }, { "middle", N_("middle assessment") },
        { "end", N_("end assessment") }, { "note", N_("note") } };
    for (int i = 0; i < label_count(LBL_SUBJECT) && i < 16; i++)
        subjects[i] = (struct form_choice){ label_code(LBL_SUBJECT, i), label_msgid(LBL_SUBJECT, i) };
    static const char *const pages[] = { "" };
    struct form_field fields[] = {
        { .id = "subject", .label = N_("Subject"), .kind = FK_CHOICE, .choices = subjects,
          .n_choices = label_count(LBL_SUBJECT) },
        { .id = "kind", .label = N_("Kind"), .kind = FK_CHOICE, .choices = kinds, .n_choices = 4 },
        { .id = "on", .label = N_("Date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "score", .label = N_("Score (1 to 5)"), .kind = FK_TEXT, .max_chars = 1 },
        { .id = "body", .label = N_("Note"), .kind = FK_AREA, .max_chars = 4000, .lines = 6 },
    };
    struct form f = { .title = N_("Progress note"), .page_titles = pages, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    /* The subject the student was referred for comes first. */
    const char *subject = "math";
    char first[256] = "";
    if (sf.f->n_referrals) {
        tt_strlcpy(first, sf.f->referrals[0].subjects, sizeof first);
        char *sp = strchr(first, ' ');
        if (sp)
            *sp = '\0';
        if (first[0])
            subject = first;
    }
    form_set_choice(&f, "subject", subject);
    form_set_choice(&f, "kind", "note");
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char score_text[8], body[4100];
        form_get_text(&f, "score", score_text, sizeof score_text);
        form_get_text(&f, "body", body, sizeof body);
        tt_day on;
        if (form_read_date(&f, "on", _("Date"), &on, msg, sizeof msg))
            continue;
        tt_trim(score_text);
        int score = score_text[0] >= '1' && score_text[0] <= '5' ? score_text[0] - '0' : 0;
        if (score_text[0] && score == 0) {
            snprintf(msg, sizeof msg, "%s", _("The score goes from 1 to 5 (empty: none)."));
            form_focus(&f, "score");
            continue;
        }
        struct tt_error err;
        tt_error_clear(&err);
        if (progress_note_add(a->db, sf.student_id, form_get_choice(&f, "subject"),
                              form_get_choice(&f, "kind"), on, score, body, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Progress note recorded."));
        sf.changed = 1;
        reload(a);
        break;
    }
    form_free(&f);
}

int student_file_handle(struct app *a, int action, int key)
{
    if (!sf.open)
        return H_IGNORED;
    switch (action) {
    case ACT_UP: sf.top--; return H_DONE;
    case ACT_DOWN: sf.top++; return H_DONE;
    case ACT_PAGE_UP: sf.top -= LINES - 6; return H_DONE;
    case ACT_PAGE_DOWN: sf.top += LINES - 6; return H_DONE;
    case ACT_HOME: sf.top = 0; return H_DONE;
    case ACT_END: sf.top = sf.n_lines; return H_DONE;
    case ACT_CANCEL:
        sf.open = 0;
        free(sf.f);
        sf.f = NULL;
        return H_DONE;
    case ACT_CONSENT: record_consent(a); return H_DONE;
    case ACT_WITHDRAW: withdraw_consent(a); return H_DONE;
    case ACT_STATUS: change_status(a); return H_DONE;
    case ACT_PARTNER: refer_to_partner(a); return H_DONE;
    case ACT_NOTE: add_note(a); return H_DONE;
    case ACT_NEW_FOR:
        sf.open = 0;
        referral_editor_open(a, sf.student_id);
        return H_DONE;
    case ACT_EDIT:
        if (sf.f->n_referrals == 0) {
            app_message(a, 1, "%s", _("This student has no referral to correct; r starts one."));
            return H_DONE;
        }
        sf.open = 0;
        referral_editor_edit(a, sf.student_id, sf.f->referrals[0].id);
        return H_DONE;
    case ACT_REVEAL:
        if (!sf.reveal) {
            struct tt_error err;
            tt_error_clear(&err);
            if (student_file_log_reveal(a->db, sf.student_id, &err) != TT_OK) {
                app_message(a, 1, "%s", err.msg);
                return H_DONE;
            }
        }
        sf.reveal = !sf.reveal;
        build_lines(a);
        return H_DONE;
    default:
        return H_IGNORED;
    }
}
