/* Dashboard: the first screen, saying what needs doing today. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "actions.h"
#include "i18n.h"
#include "store.h"
#include "widgets.h"

struct dashboard_state {
    struct store_dashboard d;
    int loaded;
};

static void dashboard_enter(struct app *a, void *state)
{
    struct dashboard_state *st = state;
    struct tt_error err;
    tt_error_clear(&err);
    tt_day start = settings_year_start(a->settings, a->today);
    tt_day program;
    const char *p = settings_str(a->settings, SET_PROGRAM_START);
    if (strcmp(p, "auto") == 0 || date_parse(p, &program) != 0)
        program = start;
    st->loaded = store_dashboard(a->db, a->today, program, &st->d, &err) == TT_OK;
    if (!st->loaded)
        app_message(a, 1, "%s", err.msg);
}

static void line(int y, int x, int w, const char *label, long value, int highlight)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", value);
    ui_put(y, x, w - 8, label, A_NORMAL);
    ui_put(y, x + w - 7, 6, num, highlight && value > 0 ? ui_attr(UI_ERROR) : A_BOLD);
}

static void dashboard_draw(struct app *a, void *state, struct rect r)
{
    struct dashboard_state *st = state;
    if (!st->loaded)
        dashboard_enter(a, state);
    if (!st->loaded)
        return;
    const struct store_dashboard *d = &st->d;
    char today[64], title[160];
    date_long(a->today, today, sizeof today);
    snprintf(title, sizeof title, _("Today: %s"), today);
    ui_put(r.y + 1, r.x + 2, r.w - 4, title, A_BOLD);

    int col = (r.w - 6) / 2;
    int lx = r.x + 2, rx = r.x + 4 + col;
    int y = r.y + 3;
    ui_put(y++, lx, col, _("To do"), ui_attr(UI_TITLE));
    line(y++, lx, col, _("Referrals to decide"), d->referrals_to_decide, 1);
    line(y++, lx, col, _("Students awaiting consent"), d->awaiting_consent, 1);
    line(y++, lx, col, _("Students awaiting pairing"), d->awaiting_pairing, 1);
    line(y++, lx, col, _("Candidates not answered"), d->candidates_unanswered, 1);
    line(y++, lx, col, _("Sessions to complete"), d->sessions_to_complete, 1);

    y = r.y + 3;
    ui_put(y++, rx, col, _("Program"), ui_attr(UI_TITLE));
    line(y++, rx, col, _("Students"), d->students, 0);
    line(y++, rx, col, _("Students being tutored"), d->referrals_active, 0);
    line(y++, rx, col, _("Tutors hired"), d->tutors_hired, 0);
    line(y++, rx, col, _("Active groups"), d->groups_active, 0);

    y = r.y + 10;
    ui_put(y++, lx, r.w - 4, _("This week"), ui_attr(UI_TITLE));
    line(y++, lx, col, _("Students present"), d->week_students, 0);
    char hours[64];
    snprintf(hours, sizeof hours, "%ld h %02ld", d->week_session_minutes / 60,
             d->week_session_minutes % 60);
    ui_put(y, lx, col - 8, _("Session-hours (tutor time)"), A_NORMAL);
    ui_put(y, lx + col - 7, 7, hours, A_BOLD);
    move(r.y + 1, r.x + 2);
}

static int dashboard_handle(struct app *a, void *state, int action, int key)
{
    return H_IGNORED;
}

static struct dashboard_state state;

const struct screen_ops screen_dashboard = {
    .name = "dashboard",
    .title = N_("Dashboard"),
    .action = ACT_SCREEN_DASHBOARD,
    .enter = dashboard_enter,
    .draw = dashboard_draw,
    .handle = dashboard_handle,
    .state = &state,
};
