/* Reports screen: the ministry's weekly report for any week, as it will be
 * sent, and its export to Excel or CSV. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "form.h"
#include "i18n.h"
#include "money.h"
#include "payroll.h"
#include "report_weekly.h"
#include "util.h"
#include "widgets.h"

struct reports_state {
    struct weekly_report r;
    tt_day monday;
    int loaded;
};

static void load(struct app *a, struct reports_state *st)
{
    struct tt_error err;
    tt_error_clear(&err);
    report_weekly_free(&st->r);
    st->loaded = report_weekly(a->db, a->settings, st->monday, a->today, &st->r, &err) == TT_OK;
    if (!st->loaded)
        app_message(a, 1, "%s", err.msg);
}

/* The report is computed after a first frame (see screens.h). */
static void defer(struct app *a, struct reports_state *st)
{
    st->loaded = 0;
    a->pending_load = 1;
}

static void reports_load(struct app *a, void *state)
{
    load(a, state);
}

static void reports_enter(struct app *a, void *state)
{
    struct reports_state *st = state;
    if (st->monday == 0)
        st->monday = report_default_week(a->settings, a->today);
    defer(a, st);
}

static void hours(long minutes, char *buf, size_t size)
{
    snprintf(buf, size, "%ld h %02ld", minutes / 60, minutes % 60);
}

static void reports_draw(struct app *a, void *state, struct rect r)
{
    struct reports_state *st = state;
    if (!st->loaded) {
        ui_put(r.y, r.x + 1, r.w - 2, _("Counting..."), ui_attr(UI_DIM));
        return;
    }
    const struct weekly_report *w = &st->r;
    char line[600], week[9], day[64];
    week_format(w->monday, week);
    date_long(w->monday, day, sizeof day);
    snprintf(line, sizeof line, _("Weekly report, week of %s (%s); Left/Right: other weeks, "
                                  "e: export, P: payroll"), day, week);
    int y = r.y;
    ui_put(y++, r.x + 1, r.w - 2, line, A_BOLD);
    y++;
    ui_put(y++, r.x + 1, r.w - 2, _("Table 1: candidates and staff"), ui_attr(UI_TITLE));
    snprintf(line, sizeof line, "%-28s %12s %14s %10s", _("Platform candidates"), _("Received"),
             _("In processing"), _("Hired"));
    ui_put(y++, r.x + 1, r.w - 2, line, A_BOLD);
    static const char *const cats[] = { N_("Retirees"), N_("College students"),
                                        N_("University students") };
    for (int c = 0; c < RPT_CATEGORIES; c++) {
        char label[64];
        snprintf(label, sizeof label, "%s", _(cats[c]));
        /* Column widths in characters, not bytes: pad by display width. */
        char padded[128];
        int pad = 28 - (int)strlen(label);
        for (const char *p = label; *p; p++)
            if (((unsigned char)*p & 0xC0) == 0x80)
                pad++;
        snprintf(padded, sizeof padded, "%s%*s", label, pad > 0 ? pad : 0, "");
        snprintf(line, sizeof line, "%s %12ld %14ld %10ld", padded, w->received[c],
                 w->processing[c], w->hired[c]);
        ui_put(y++, r.x + 1, r.w - 2, line, A_NORMAL);
    }
    snprintf(line, sizeof line, _("Staff and substitutes who expressed interest: %ld   "
                                  "Total hired (all sources): %ld"), w->staff_interest,
             w->total_hired);
    ui_put(y++, r.x + 1, r.w - 2, line, A_NORMAL);
    y++;
    ui_put(y++, r.x + 1, r.w - 2, _("Table 2: students served and hours of tutoring"),
           ui_attr(UI_TITLE));
    snprintf(line, sizeof line, "%-24s %8s %10s %10s   %8s %10s %10s", _("School"),
             _("Students"), _("Session-h"), _("Student-h"), _("Total"), _("Session-h"),
             _("Student-h"));
    ui_put(y++, r.x + 1, r.w - 2, line, A_BOLD);
    for (int i = 0; i <= w->n_schools && y < r.y + r.h - 2; i++) {
        const struct weekly_service *x = i < w->n_schools ? &w->schools[i] : &w->total;
        char h[4][32];
        hours(x->session_minutes_week, h[0], sizeof h[0]);
        hours(x->student_minutes_week, h[1], sizeof h[1]);
        hours(x->session_minutes_total, h[2], sizeof h[2]);
        hours(x->student_minutes_total, h[3], sizeof h[3]);
        const char *name = i < w->n_schools ? x->school : _("Total");
        char cut[256];
        ui_print(y, r.x + 1, 24, name, i < w->n_schools ? A_NORMAL : A_BOLD);
        snprintf(cut, sizeof cut, "%8ld %10s %10s   %8ld %10s %10s", x->students_week, h[0], h[1],
                 x->students_total, h[2], h[3]);
        ui_put(y++, r.x + 26, r.w - 27, cut, i < w->n_schools ? A_NORMAL : A_BOLD);
    }
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           _("Session-hours: tutor time of held sessions; student-hours: minutes present, "
             "added over students."), ui_attr(UI_DIM));
    move(r.y, r.x + 1);
}

static void export(struct app *a, struct reports_state *st)
{
    char week[9];
    week_format(st->monday, week);
    char path[1024];
    snprintf(path, sizeof path, "rapport-tutorat-%s.xlsx", week);
    if (!form_prompt(a, N_("Export the weekly report"), N_("File (.xlsx or .csv)"), path,
                     sizeof path))
        return;
    struct tt_error err;
    tt_error_clear(&err);
    if (report_weekly_write(&st->r, path, &err) != TT_OK)
        app_message(a, 1, "%s", err.msg);
    else
        app_message(a, 0, _("Weekly report %s written to %s."), week, path);
}

/* The payroll of a pay period, exported, and the period closed when asked. */
static void payroll_dialog(struct app *a)
{
    static struct form_choice close_choices[2] = { { "0", N_("no") }, { "1", N_("yes") } };
    static const char *const pages[] = { "" };
    struct form_field fields[] = {
        { .id = "from", .label = N_("From"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "to", .label = N_("To"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "output", .label = N_("File (.csv)"), .kind = FK_TEXT, .max_chars = 1000 },
        { .id = "close", .label = N_("Close the period after"), .kind = FK_CHOICE,
          .choices = close_choices, .n_choices = 2,
          .hint = N_("A closed period is frozen; later changes become adjustments") },
    };
    struct form f = { .title = N_("Payroll"), .page_titles = pages, .n_pages = 1,
                      .fields = fields, .n_fields = 4 };
    form_init(&f);
    /* The previous two weeks, a common pay period. */
    char from[11], to[11];
    tt_day monday = date_week_monday(a->today);
    date_iso(monday - 14, from);
    date_iso(monday - 1, to);
    form_set_text(&f, "from", from);
    form_set_text(&f, "to", to);
    char out[1100];
    snprintf(out, sizeof out, "paie-%s-%s.csv", from, to);
    form_set_text(&f, "output", out);
    form_set_choice(&f, "close", "0");
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char a1[32], b1[32], path[1100];
        form_get_text(&f, "from", a1, sizeof a1);
        form_get_text(&f, "to", b1, sizeof b1);
        form_get_text(&f, "output", path, sizeof path);
        tt_day d1, d2;
        if (date_parse(a1, &d1) != 0 || date_parse(b1, &d2) != 0) {
            snprintf(msg, sizeof msg, _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Date"), date_parse(a1, &d1) ? a1 : b1);
            continue;
        }
        struct payroll p;
        struct tt_error err;
        tt_error_clear(&err);
        int rc = payroll_compute(a->db, a->settings, d1, d2, &p, &err);
        if (rc == TT_OK)
            rc = payroll_write_csv(&p, path, &err);
        if (rc == TT_OK && form_get_choice(&f, "close")[0] == '1' && !p.closed)
            rc = payroll_close(a->db, a->settings, d1, d2, &err);
        if (rc != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            payroll_free(&p);
            continue;
        }
        char total[32];
        money_format(p.total, total, sizeof total);
        app_message(a, 0, _("Payroll written to %s: %ld lines, %s."), path, p.n_lines, total);
        payroll_free(&p);
        break;
    }
    form_free(&f);
}

static int reports_handle(struct app *a, void *state, int action, int key)
{
    struct reports_state *st = state;
    switch (action) {
    case ACT_PREV_WEEK:
        st->monday -= 7;
        defer(a, st);
        return H_DONE;
    case ACT_NEXT_WEEK:
        st->monday += 7;
        defer(a, st);
        return H_DONE;
    case ACT_EXPORT:
        if (st->loaded)
            export(a, st);
        return H_DONE;
    case ACT_PAYROLL:
        payroll_dialog(a);
        return H_DONE;
    default:
        return H_IGNORED;
    }
}

static void reports_fini(struct app *a, void *state)
{
    struct reports_state *st = state;
    report_weekly_free(&st->r);
}

static struct reports_state state;

const struct screen_ops screen_reports = {
    .name = "reports",
    .title = N_("Reports"),
    .action = ACT_SCREEN_REPORTS,
    .enter = reports_enter,
    .load = reports_load,
    .draw = reports_draw,
    .handle = reports_handle,
    .fini = reports_fini,
    .state = &state,
};
