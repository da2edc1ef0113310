#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "form.h"
#include "groups.h"
#include "history.h"
#include "i18n.h"
#include "labels.h"
#include "sessions.h"
#include "settings.h"
#include "store.h"
#include "text.h"
#include "tutors.h"
#include "ui_group_page.h"
#include "util.h"
#include "widgets.h"

#define MAX_LINES 300

static struct {
    int open, changed, top;
    int64_t id;
    struct group g;
    char lines[MAX_LINES][512];
    int roles[MAX_LINES];
    int n;
} gp;

static void add(int role, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(int role, const char *fmt, ...)
{
    if (gp.n >= MAX_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(gp.lines[gp.n], sizeof gp.lines[0], fmt, ap);
    va_end(ap);
    gp.roles[gp.n++] = role;
}

static const char *dash(const char *s)
{
    return s && s[0] ? s : "-";
}

static void slot_text(const struct group_slot *sl, char *buf, size_t size)
{
    char from[6], to[6];
    time_format(sl->start_min, from);
    time_format(sl->start_min + sl->minutes, to);
    snprintf(buf, size, "%s %s-%s", label_weekday(sl->weekday), from, to);
}

static int build(struct app *a, struct tt_error *err)
{
    struct group *g = &gp.g;
    int rc = group_get(a->db, gp.id, g, err);
    if (rc != TT_OK)
        return rc;
    struct tutor t;
    char tutor[820] = "";
    if (tutor_get(a->db, g->tutor_id, &t, err) == TT_OK)
        snprintf(tutor, sizeof tutor, "%s, %s", t.last_name, t.first_name);
    struct group_member *m = NULL, *h = NULL;
    size_t nm = 0, nh = 0;
    struct group_warning *w = NULL;
    size_t nw = 0;
    struct group_sessions_summary sum;
    if ((rc = group_members(a->db, gp.id, a->today, 0, &m, &nm, err)) != TT_OK ||
        (rc = group_members(a->db, gp.id, a->today, 1, &h, &nh, err)) != TT_OK ||
        (rc = group_warnings(a->db, a->settings, gp.id, a->today, &w, &nw, err)) != TT_OK ||
        (rc = group_sessions_summary(a->db, gp.id, a->today, &sum, err)) != TT_OK) {
        free(m);
        free(h);
        free(w);
        return rc;
    }
    gp.n = 0;
    add(UI_TITLE, "%s", g->name);
    add(UI_NORMAL, _("Tutor: %s   Subject: %s   Levels: %s"), tutor, label_for(LBL_SUBJECT, g->subject),
        label_for(LBL_LEVEL_BAND, g->level_band));
    add(UI_NORMAL, _("Modality: %s   Place: %s   Link: %s"), label_for(LBL_MODALITY, g->modality),
        dash(g->place), dash(g->meeting_link));
    add(UI_NORMAL, _("From %s to %s   Status: %s   Members: %zu of %d"), g->start_date,
        dash(g->end_date), label_for(LBL_GROUP_STATUS, g->status), nm, g->size_limit);
    char slots[400] = "";
    for (int i = 0; i < g->n_slots; i++) {
        char one[80];
        slot_text(&g->slots[i], one, sizeof one);
        size_t len = strlen(slots);
        snprintf(slots + len, sizeof slots - len, "%s%s", len ? ", " : "", one);
    }
    add(UI_NORMAL, _("Every week: %s"), slots[0] ? slots : _("no time slot"));
    for (size_t i = 0; i < nw; i++)
        add(UI_ERROR, _("Warning: %s"), w[i].text);
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("Members"));
    for (size_t i = 0; i < nm; i++) {
        if (m[i].consent_ok)
            add(UI_NORMAL, _("  %s (%s), since %s"), m[i].name, label_for(LBL_LEVEL, m[i].level),
                m[i].joined_on);
        else
            add(UI_DIM, _("  %s (%s), since %s: may not attend; %s"), m[i].name,
                label_for(LBL_LEVEL, m[i].level), m[i].joined_on, m[i].consent_reason);
    }
    if (nm == 0)
        add(UI_DIM, "%s", _("  No student yet: + adds one."));
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("Sessions"));
    char rate[16] = "-";
    if (sum.attendance_rate >= 0)
        snprintf(rate, sizeof rate, "%d %%", sum.attendance_rate);
    add(UI_NORMAL, _("Held: %ld  Planned: %ld (next %s)  Cancelled: %ld  Attendance: %s"),
        sum.held, sum.planned, dash(sum.next), sum.cancelled, rate);
    if (sum.to_complete)
        add(UI_ERROR, _("%ld past sessions wait for their attendance (F6, v)."), sum.to_complete);
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("Membership history"));
    for (size_t i = 0; i < nh; i++) {
        add(UI_NORMAL, _("  %s  joined  %s  %s"), h[i].joined_on, h[i].name, h[i].join_reason);
        if (h[i].left_on[0])
            add(UI_NORMAL, _("  %s  left    %s  %s"), h[i].left_on, h[i].name, h[i].leave_reason);
    }
    struct change_entry changes[24];
    int nc = 0;
    rc = history_recent(a->db, HISTORY_GROUP, gp.id, changes, 24, &nc, err);
    add(UI_NORMAL, "%s", "");
    add(UI_TITLE, "%s", _("Changes (audit log)"));
    if (rc == TT_OK && nc == 0)
        add(UI_DIM, "%s", _("No change recorded."));
    for (int i = 0; i < nc; i++) {
        char line[512];
        history_describe(&changes[i], line, sizeof line);
        add(UI_NORMAL, "%s", line);
    }
    free(m);
    free(h);
    free(w);
    return rc;
}

static int reload(struct app *a)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (build(a, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    return 0;
}

void group_page_open(struct app *a, int64_t id)
{
    gp.id = id;
    gp.top = 0;
    if (reload(a) == 0)
        gp.open = 1;
}

int group_page_active(void)
{
    return gp.open;
}

int group_page_changed(void)
{
    int c = gp.changed;
    gp.changed = 0;
    return c;
}

void group_page_draw(struct app *a, struct rect r)
{
    if (gp.top > gp.n - r.h + 1)
        gp.top = gp.n - r.h + 1;
    if (gp.top < 0)
        gp.top = 0;
    for (int i = 0; i < r.h - 1 && gp.top + i < gp.n; i++)
        ui_put(r.y + i, r.x + 1, r.w - 2, gp.lines[gp.top + i], ui_attr(gp.roles[gp.top + i]));
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           _("+: add  -: leaves  d: plan sessions  n: extra session  u: tutor  Esc: back"),
           ui_attr(UI_DIM));
    move(r.y, r.x + 1);
    (void)a;
}

/* ---- dialogs ------------------------------------------------------------ */

static const char *const one_page[] = { "" };

static void fill_labels(struct form_choice *c, int kind, int from, int count)
{
    for (int i = 0; i < count; i++)
        c[i] = (struct form_choice){ label_code(kind, from + i), label_msgid(kind, from + i) };
}

int tutor_choices_load(struct tt_db *db, struct tutor_choices *tc, struct tt_error *err)
{
    memset(tc, 0, sizeof *tc);
    int rc = group_eligible_tutors(db, &tc->t, &tc->n, err);
    if (rc != TT_OK)
        return rc;
    tc->codes = xcalloc(tc->n ? tc->n : 1, sizeof *tc->codes);
    tc->c = xcalloc(tc->n ? tc->n : 1, sizeof *tc->c);
    for (size_t i = 0; i < tc->n; i++) {
        snprintf(tc->codes[i], sizeof tc->codes[i], "%lld", (long long)tc->t[i].id);
        tc->c[i] = (struct form_choice){ tc->codes[i], tc->t[i].name };
    }
    return TT_OK;
}

void tutor_choices_free(struct tutor_choices *tc)
{
    free(tc->t);
    free(tc->codes);
    free(tc->c);
}

/* The tutors who may lead a group, or a message saying why there is none. */
static int load_tutors(struct app *a, struct tutor_choices *tc)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (tutor_choices_load(a->db, tc, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    if (tc->n == 0) {
        app_message(a, 1, "%s", _("No tutor may lead a group yet: hire one and record a clear "
                                  "judicial-record check (F4)."));
        tutor_choices_free(tc);
        return -1;
    }
    return 0;
}

int group_new_dialog(struct app *a)
{
    struct tutor_choices tc;
    if (load_tutors(a, &tc) != 0)
        return 0;
    static struct form_choice subjects[16], bands[8], modalities[2], days[6];
    /* The school counts the group's hours in the weekly report. */
    enum { MAX_SCHOOLS = 64 };
    static struct store_school schools[MAX_SCHOOLS];
    static char school_ids[MAX_SCHOOLS][24];
    static struct form_choice school_c[MAX_SCHOOLS + 1];
    int ns = 0;
    struct tt_error serr;
    tt_error_clear(&serr);
    if (store_schools(a->db, schools, MAX_SCHOOLS, &ns, &serr) != TT_OK) {
        app_message(a, 1, "%s", serr.msg);
        tutor_choices_free(&tc);
        return 0;
    }
    school_c[0] = (struct form_choice){ "", _("none (remote, for every school)") };
    for (int i = 0; i < ns; i++) {
        snprintf(school_ids[i], sizeof school_ids[i], "%lld", (long long)schools[i].id);
        school_c[i + 1] = (struct form_choice){ school_ids[i], schools[i].name };
    }
    fill_labels(subjects, LBL_SUBJECT, 0, label_count(LBL_SUBJECT));
    fill_labels(bands, LBL_LEVEL_BAND, 0, label_count(LBL_LEVEL_BAND));
    fill_labels(modalities, LBL_MODALITY, 0, 2);
    days[0] = (struct form_choice){ "", N_("none") };
    fill_labels(days + 1, LBL_WEEKDAY, 0, 5);
    struct form_field fields[] = {
        { .id = "name", .label = N_("Group name"), .kind = FK_TEXT, .max_chars = 100 },
        { .id = "tutor_id", .label = N_("Tutor"), .kind = FK_CHOICE, .choices = tc.c,
          .n_choices = (int)tc.n, .literal = 1 },
        { .id = "subject", .label = N_("Subject"), .kind = FK_CHOICE, .choices = subjects,
          .n_choices = label_count(LBL_SUBJECT) },
        { .id = "level_band", .label = N_("Levels"), .kind = FK_CHOICE, .choices = bands,
          .n_choices = label_count(LBL_LEVEL_BAND) },
        { .id = "modality", .label = N_("Modality"), .kind = FK_CHOICE, .choices = modalities,
          .n_choices = 2 },
        { .id = "school_id", .label = N_("School"), .kind = FK_CHOICE, .choices = school_c,
          .n_choices = ns + 1, .literal = 1 },
        { .id = "place", .label = N_("Place"), .kind = FK_TEXT, .max_chars = 200 },
        { .id = "meeting_link", .label = N_("Meeting link"), .kind = FK_TEXT, .max_chars = 500 },
        { .id = "start_date", .label = N_("Start date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "end_date", .label = N_("End date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "day1", .label = N_("Day"), .kind = FK_CHOICE, .choices = days, .n_choices = 6 },
        { .id = "time1", .label = N_("Time"), .kind = FK_TEXT, .max_chars = 8 },
        { .id = "day2", .label = N_("Second day"), .kind = FK_CHOICE, .choices = days,
          .n_choices = 6 },
        { .id = "time2", .label = N_("Second time"), .kind = FK_TEXT, .max_chars = 8 },
        { .id = "minutes", .label = N_("Minutes"), .kind = FK_TEXT, .max_chars = 3 },
        { .id = "size_limit", .label = N_("Most students"), .kind = FK_TEXT, .max_chars = 2 },
    };
    struct form f = { .title = N_("New group"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "tutor_id", tc.codes[0]);
    form_set_choice(&f, "subject", "math");
    form_set_choice(&f, "level_band", "P3-P4");
    form_set_choice(&f, "modality", "school");
    form_set_choice(&f, "day1", "2");
    form_set_choice(&f, "school_id", ns > 0 ? school_ids[0] : "");
    form_set_choice(&f, "day2", "");
    char today[11], limit[8];
    date_iso(a->today, today);
    form_set_text(&f, "start_date", today);
    date_iso(settings_year_end(a->settings, a->today), today);
    form_set_text(&f, "end_date", today);
    form_set_text(&f, "time1", "15:30");
    form_set_text(&f, "minutes", "60");
    snprintf(limit, sizeof limit, "%ld", settings_int(a->settings, SET_GROUP_SIZE_LIMIT));
    form_set_text(&f, "size_limit", limit);
    char msg[1024] = "";
    int created = 0;
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        struct group g;
        memset(&g, 0, sizeof g);
        msg[0] = '\0';
        form_get_text(&f, "name", g.name, sizeof g.name);
        g.tutor_id = strtoll(form_get_choice(&f, "tutor_id"), NULL, 10);
        tt_strlcpy(g.subject, form_get_choice(&f, "subject"), sizeof g.subject);
        tt_strlcpy(g.level_band, form_get_choice(&f, "level_band"), sizeof g.level_band);
        tt_strlcpy(g.modality, form_get_choice(&f, "modality"), sizeof g.modality);
        g.school_id = strtoll(form_get_choice(&f, "school_id"), NULL, 10);
        form_get_text(&f, "place", g.place, sizeof g.place);
        form_get_text(&f, "meeting_link", g.meeting_link, sizeof g.meeting_link);
        form_get_text(&f, "start_date", g.start_date, sizeof g.start_date);
        form_get_text(&f, "end_date", g.end_date, sizeof g.end_date);
        int minutes = 0;
        if (form_read_int(&f, "minutes", _("Minutes"), 5, 480, &minutes, msg, sizeof msg) ||
            form_read_int(&f, "size_limit", _("Most students"), 1, 10, &g.size_limit, msg,
                        sizeof msg))
            continue;
        const char *day_ids[2] = { "day1", "day2" }, *time_ids[2] = { "time1", "time2" };
        for (int k = 0; k < 2 && msg[0] == '\0'; k++) {
            const char *d = form_get_choice(&f, day_ids[k]);
            if (d[0] == '\0')
                continue;
            struct group_slot *sl = &g.slots[g.n_slots];
            sl->weekday = atoi(d);
            sl->minutes = minutes;
            if (form_read_time(&f, time_ids[k], _("Time"), &sl->start_min, msg, sizeof msg) == 0)
                g.n_slots++;
        }
        if (msg[0])
            continue;
        struct tt_error err;
        tt_error_clear(&err);
        if (group_create(a->db, a->settings, &g, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, strcmp(err.field, "slots") == 0 ? "day1" : err.field);
            continue;
        }
        app_message(a, 0, _("Group \"%s\" created."), g.name);
        created = 1;
        group_page_open(a, g.id);
        break;
    }
    form_free(&f);
    tutor_choices_free(&tc);
    return created;
}

/* Asks for a name or a local number, then which of the students found. */
static int pick_student(struct app *a, int64_t *id)
{
    char typed[200] = "";
    if (!form_prompt(a, N_("Add a student"), N_("Name or local number"), typed, sizeof typed))
        return 0;
    struct store_query q = { .list = LIST_STUDENTS, .search = typed, .today = a->today };
    struct store_row rows[12];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    memset(rows, 0, sizeof rows);
    if (store_fetch(a->db, &q, 0, 12, rows, &n, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return 0;
    }
    if (n == 0) {
        char safe[200];
        text_safe(safe, sizeof safe, typed);
        app_message(a, 1, _("No student matches \"%s\"."), safe);
        return 0;
    }
    static char labels[12][500], codes[12][24];
    struct form_choice c[12];
    for (int i = 0; i < n; i++) {
        char raw[480];
        snprintf(raw, sizeof raw, "%s, %s (%s, %s)", rows[i].col[0] ? rows[i].col[0] : "",
                 rows[i].col[1] ? rows[i].col[1] : "", rows[i].col[2] ? rows[i].col[2] : "",
                 label_for(LBL_LEVEL, rows[i].col[4]));
        text_safe(labels[i], sizeof labels[i], raw);
        snprintf(codes[i], sizeof codes[i], "%lld", (long long)rows[i].id);
        c[i] = (struct form_choice){ codes[i], labels[i] };
    }
    store_rows_clear(rows, n);
    struct form_field fields[] = {
        { .id = "student", .label = N_("Student"), .kind = FK_CHOICE, .choices = c, .n_choices = n,
          .literal = 1 },
        { .id = "on", .label = N_("Joins on"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "reason", .label = N_("Reason"), .kind = FK_TEXT, .max_chars = 100 },
    };
    struct form f = { .title = N_("Add a student"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "student", codes[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    char msg[1024] = "";
    int added = 0;
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        tt_day on;
        char reason[404];
        if (form_read_date(&f, "on", _("Joins on"), &on, msg, sizeof msg))
            continue;
        form_get_text(&f, "reason", reason, sizeof reason);
        *id = strtoll(form_get_choice(&f, "student"), NULL, 10);
        tt_error_clear(&err);
        if (group_add_member(a->db, gp.id, *id, on, reason, NULL, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Student added to the group."));
        added = 1;
        break;
    }
    form_free(&f);
    return added;
}

static void end_member(struct app *a)
{
    struct group_member *m = NULL;
    size_t n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (group_members(a->db, gp.id, a->today, 0, &m, &n, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return;
    }
    if (n == 0) {
        app_message(a, 1, "%s", _("The group has no member."));
        free(m);
        return;
    }
    char (*codes)[24] = xcalloc(n, sizeof *codes);
    struct form_choice *c = xcalloc(n, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        snprintf(codes[i], sizeof codes[i], "%lld", (long long)m[i].membership_id);
        c[i] = (struct form_choice){ codes[i], m[i].name };
    }
    struct form_field fields[] = {
        { .id = "member", .label = N_("Student"), .kind = FK_CHOICE, .choices = c,
          .n_choices = (int)n, .literal = 1 },
        { .id = "on", .label = N_("Last day"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "reason", .label = N_("Reason"), .kind = FK_TEXT, .max_chars = 100 },
    };
    struct form f = { .title = N_("A student leaves the group"), .page_titles = one_page,
                      .n_pages = 1, .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "member", codes[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        tt_day on;
        char reason[404];
        if (form_read_date(&f, "on", _("Last day"), &on, msg, sizeof msg))
            continue;
        form_get_text(&f, "reason", reason, sizeof reason);
        tt_trim(reason);
        tt_error_clear(&err);
        if (group_end_member(a->db, strtoll(form_get_choice(&f, "member"), NULL, 10), on, reason,
                             &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Membership ended; it stays in the history."));
        gp.changed = 1;
        break;
    }
    form_free(&f);
    free(codes);
    free(c);
    free(m);
}

static void plan_sessions(struct app *a)
{
    struct form_field fields[] = {
        { .id = "from", .label = N_("From"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "to", .label = N_("To"), .kind = FK_TEXT, .max_chars = 10 },
    };
    struct form f = { .title = N_("Plan sessions from the weekly time slots"),
                      .page_titles = one_page, .n_pages = 1, .fields = fields,
                      .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    char day[11];
    tt_day start;
    date_parse(gp.g.start_date, &start);
    date_iso(start > a->today ? start : a->today, day);
    form_set_text(&f, "from", day);
    if (gp.g.end_date[0])
        form_set_text(&f, "to", gp.g.end_date);
    else {
        date_iso(settings_year_end(a->settings, a->today), day);
        form_set_text(&f, "to", day);
    }
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        tt_day from, to;
        if (form_read_date(&f, "from", _("From"), &from, msg, sizeof msg) ||
            form_read_date(&f, "to", _("To"), &to, msg, sizeof msg))
            continue;
        int created = 0;
        struct tt_error err;
        tt_error_clear(&err);
        if (sessions_generate(a->db, gp.id, from, to, &created, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0,
                    ngettext("%d session planned; weekends and days off skipped.",
                             "%d sessions planned; weekends and days off skipped.",
                             (unsigned long)created), created);
        gp.changed = 1;
        break;
    }
    form_free(&f);
}

static void change_tutor(struct app *a)
{
    struct tutor_choices tc;
    if (load_tutors(a, &tc) != 0)
        return;
    struct form_field fields[] = {
        { .id = "tutor_id", .label = N_("Tutor"), .kind = FK_CHOICE, .choices = tc.c,
          .n_choices = (int)tc.n, .literal = 1 },
        { .id = "on", .label = N_("From"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "reason", .label = N_("Reason"), .kind = FK_TEXT, .max_chars = 200 },
    };
    struct form f = { .title = N_("Another tutor for the group"), .page_titles = one_page,
                      .n_pages = 1, .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "tutor_id", tc.codes[0]);
    char today[11];
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        tt_day on;
        char reason[404];
        if (form_read_date(&f, "on", _("From"), &on, msg, sizeof msg))
            continue;
        form_get_text(&f, "reason", reason, sizeof reason);
        tt_trim(reason);
        struct tt_error err;
        tt_error_clear(&err);
        if (group_change_tutor(a->db, gp.id, strtoll(form_get_choice(&f, "tutor_id"), NULL, 10),
                               on, reason, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Tutor changed; planned sessions follow the new tutor."));
        gp.changed = 1;
        break;
    }
    form_free(&f);
    tutor_choices_free(&tc);
}

static void extra_session(struct app *a)
{
    struct form_field fields[] = {
        { .id = "on", .label = N_("Date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "time", .label = N_("Time"), .kind = FK_TEXT, .max_chars = 8 },
        { .id = "minutes", .label = N_("Minutes"), .kind = FK_TEXT, .max_chars = 3 },
    };
    struct form f = { .title = N_("Session outside the schedule"), .page_titles = one_page,
                      .n_pages = 1, .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    char today[11], len[8] = "60", at[6] = "15:30";
    date_iso(a->today, today);
    form_set_text(&f, "on", today);
    if (gp.g.n_slots > 0) {
        time_format(gp.g.slots[0].start_min, at);
        snprintf(len, sizeof len, "%d", gp.g.slots[0].minutes);
    }
    form_set_text(&f, "time", at);
    form_set_text(&f, "minutes", len);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        tt_day on;
        int start, minutes;
        if (form_read_date(&f, "on", _("Date"), &on, msg, sizeof msg) ||
            form_read_time(&f, "time", _("Time"), &start, msg, sizeof msg) ||
            form_read_int(&f, "minutes", _("Minutes"), 5, 480, &minutes, msg, sizeof msg))
            continue;
        struct tt_error err;
        tt_error_clear(&err);
        if (session_add(a->db, gp.id, on, start, minutes, 0, NULL, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Session added."));
        gp.changed = 1;
        break;
    }
    form_free(&f);
}

int group_page_handle(struct app *a, int action, int key)
{
    (void)key;
    if (!gp.open)
        return H_IGNORED;
    switch (action) {
    case ACT_UP: gp.top--; return H_DONE;
    case ACT_DOWN: gp.top++; return H_DONE;
    case ACT_PAGE_UP: gp.top -= LINES - 6; return H_DONE;
    case ACT_PAGE_DOWN: gp.top += LINES - 6; return H_DONE;
    case ACT_HOME: gp.top = 0; return H_DONE;
    case ACT_END: gp.top = gp.n; return H_DONE;
    case ACT_CANCEL: gp.open = 0; return H_DONE;
    case ACT_ADD_MEMBER: {
        int64_t id;
        if (pick_student(a, &id))
            gp.changed = 1;
        break;
    }
    case ACT_END_MEMBER: end_member(a); break;
    case ACT_PLAN: plan_sessions(a); break;
    case ACT_CHANGE_TUTOR: change_tutor(a); break;
    case ACT_NEW: extra_session(a); break;
    default: return H_IGNORED;
    }
    int changed = gp.changed;
    reload(a);
    gp.changed = changed;
    return H_DONE;
}
