/* Reports screen: the program's totals since its start, from attendance
 * actually recorded. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "actions.h"
#include "i18n.h"
#include "store.h"
#include "widgets.h"

struct reports_state {
    struct store_dashboard d;
    tt_day program_start;
    int loaded;
};

static void reports_enter(struct app *a, void *state)
{
    struct reports_state *st = state;
    struct tt_error err;
    tt_error_clear(&err);
    const char *p = settings_str(a->settings, SET_PROGRAM_START);
    if (strcmp(p, "auto") == 0 || date_parse(p, &st->program_start) != 0)
        st->program_start = settings_year_start(a->settings, a->today);
    st->loaded = store_dashboard(a->db, a->today, st->program_start, &st->d, &err) == TT_OK;
    if (!st->loaded)
        app_message(a, 1, "%s", err.msg);
}

static void hours_line(int y, int x, int w, const char *label, long minutes)
{
    char v[32];
    snprintf(v, sizeof v, "%ld h %02ld", minutes / 60, minutes % 60);
    ui_put(y, x, w - 14, label, A_NORMAL);
    ui_put(y, x + w - 13, 12, v, A_BOLD);
}

static void reports_draw(struct app *a, void *state, struct rect r)
{
    struct reports_state *st = state;
    if (!st->loaded)
        reports_enter(a, state);
    if (!st->loaded)
        return;
    char since[64], title[200];
    date_long(st->program_start, since, sizeof since);
    snprintf(title, sizeof title, _("Totals since the program's start (%s)"), since);
    int w = r.w - 4;
    int y = r.y + 1;
    ui_put(y, r.x + 2, w, title, ui_attr(UI_TITLE));
    y += 2;
    hours_line(y++, r.x + 2, w, _("Session-hours: tutor time of held sessions"),
               st->d.total_session_minutes);
    hours_line(y++, r.x + 2, w, _("Student-hours: minutes present, added over students"),
               st->d.total_student_minutes);
    y++;
    ui_put(y++, r.x + 2, w,
           _("Session-hours count each held session once; student-hours count each student "
             "present."), ui_attr(UI_DIM));
    move(r.y + 1, r.x + 2);
}

static int reports_handle(struct app *a, void *state, int action, int key)
{
    return H_IGNORED;
}

static struct reports_state state;

const struct screen_ops screen_reports = {
    .name = "reports",
    .title = N_("Reports"),
    .action = ACT_SCREEN_REPORTS,
    .enter = reports_enter,
    .draw = reports_draw,
    .handle = reports_handle,
    .state = &state,
};
