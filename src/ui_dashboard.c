/* Dashboard: the first screen, saying what needs doing today.  Each count
 * opens the list it counts; this week against last; twelve weeks of
 * session-hours; the budget of measure 15021. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "budget.h"
#include "dosage.h"
#include "i18n.h"
#include "money.h"
#include "store.h"
#include "util.h"
#include "widgets.h"

#define WEEKS 12

enum todo { TODO_DECIDE, TODO_CONSENT, TODO_EXPIRING, TODO_PAIRING, TODO_ANSWER, TODO_SESSIONS,
            TODO_DOSAGE, TODO__COUNT };

struct dashboard_state {
    struct store_dashboard d;
    long last_week_students, last_week_minutes;
    long weeks[WEEKS];
    struct budget budget;
    size_t dosage;
    int loaded;
    int selected;
};

/* Entering only asks for the numbers: they are counted after the first
 * frame (see screens.h), which shows the screen's frame at once. */
static void dashboard_enter(struct app *a, void *state)
{
    struct dashboard_state *st = state;
    st->loaded = 0;
    a->pending_load = 1;
}

static void dashboard_load(struct app *a, void *state)
{
    struct dashboard_state *st = state;
    struct tt_error err;
    tt_error_clear(&err);
    tt_day start = settings_year_start(a->settings, a->today);
    tt_day program;
    const char *p = settings_str(a->settings, SET_PROGRAM_START);
    if (strcmp(p, "auto") == 0 || date_parse(p, &program) != 0)
        program = start;
    int warn = (int)settings_int(a->settings, SET_CONSENT_WARN_DAYS);
    st->loaded =
        store_dashboard(a->db, a->today, program, warn, &st->d, &err) == TT_OK &&
        store_week_totals(a->db, date_week_monday(a->today) - 7, &st->last_week_students,
                          &st->last_week_minutes, &err) == TT_OK &&
        store_weekly_minutes(a->db, date_week_monday(a->today), WEEKS, st->weeks, &err) == TT_OK &&
        budget_compute(a->db, a->settings, a->today, &st->budget, &err) == TT_OK;
    struct dosage_row *rows = NULL;
    if (st->loaded)
        st->loaded = dosage_warnings(a->db, a->settings, a->today, &rows, &st->dosage, &err) == TT_OK;
    free(rows);
    if (!st->loaded)
        app_message(a, 1, "%s", err.msg);
}

static void count_line(int y, int x, int w, const char *label, long value, int selected)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", value);
    attr_t attr = selected ? ui_attr(UI_SELECTED) : A_NORMAL;
    ui_put(y, x, w - 8, label, attr);
    ui_put(y, x + w - 8, 8, "", attr);
    ui_put(y, x + w - 7, 6, num, selected ? attr : value > 0 ? ui_attr(UI_ERROR) : A_BOLD);
}

static void hours(long minutes, char *buf, size_t size)
{
    snprintf(buf, size, "%ld h %02ld", minutes / 60, minutes % 60);
}

/* Session-hours of the last twelve weeks as bars; block characters when
 * the terminal speaks UTF-8, '#' otherwise. */
static void chart(struct app *a, const struct dashboard_state *st, int y, int x, int w, int h)
{
    static const char *const blocks[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
    long max = 1;
    for (int i = 0; i < WEEKS; i++)
        if (st->weeks[i] > max)
            max = st->weeks[i];
    int col_w = (w - 1) / WEEKS;
    if (col_w < 2)
        col_w = 2;
    for (int i = 0; i < WEEKS; i++) {
        /* Eighths of a row, so small weeks still show. */
        long eighths = st->weeks[i] * (h * 8) / max;
        for (int row = 0; row < h; row++) {
            long fill = eighths - (long)(h - 1 - row) * 8;
            if (fill < 0)
                fill = 0;
            if (fill > 8)
                fill = 8;
            /* Up to 3 bytes a column; wide terminals make wide bars. */
            char cell[3 * 40 + 1] = "";
            for (int k = 0; k < col_w - 1 && k < 40; k++)
                strcat(cell, a->utf8 ? blocks[fill] : (fill >= 4 ? "#" : " "));
            ui_print(y + row, x + i * col_w, col_w - 1, cell, ui_attr(UI_GOOD));
        }
        int iso_year, week;
        date_iso_week(date_week_monday(a->today) - 7 * (WEEKS - 1 - i), &iso_year, &week);
        char label[16];
        snprintf(label, sizeof label, _("W%02d"), week);
        ui_print(y + h, x + i * col_w, col_w - 1, label, ui_attr(UI_DIM));
    }
}

static void dashboard_draw(struct app *a, void *state, struct rect r)
{
    struct dashboard_state *st = state;
    if (!st->loaded) {
        ui_put(r.y + 2, r.x + 2, r.w - 4, _("Counting..."), ui_attr(UI_DIM));
        return;
    }
    const struct store_dashboard *d = &st->d;
    char today[64], line[300];
    date_long(a->today, today, sizeof today);
    snprintf(line, sizeof line, _("Today: %s"), today);
    ui_put(r.y, r.x + 2, r.w - 4, line, A_BOLD);

    int col = (r.w - 6) / 2;
    int lx = r.x + 2, rx = r.x + 4 + col;
    int y = r.y + 2;
    ui_put(y++, lx, col, _("To do (Enter opens the list)"), ui_attr(UI_TITLE));
    const struct { const char *label; long value; } todo[TODO__COUNT] = {
        { _("Referrals to decide"), d->referrals_to_decide },
        { _("Awaiting consent"), d->awaiting_consent },
        { _("Consents expiring soon"), d->consents_expiring },
        { _("Awaiting pairing"), d->awaiting_pairing },
        { _("Candidates not answered"), d->candidates_unanswered },
        { _("Sessions to complete"), d->sessions_to_complete },
        { _("Dosage warnings"), (long)st->dosage },
    };
    int cursor_y = y;
    for (int i = 0; i < TODO__COUNT; i++) {
        if (i == st->selected)
            cursor_y = y;
        count_line(y++, lx, col, todo[i].label, todo[i].value, i == st->selected);
    }

    y = r.y + 2;
    ui_put(y++, rx, col, _("This week (last week)"), ui_attr(UI_TITLE));
    snprintf(line, sizeof line, "%ld (%ld)", d->week_students, st->last_week_students);
    ui_put(y, rx, col - 14, _("Students present"), A_NORMAL);
    ui_put(y++, rx + col - 14, 14, line, A_BOLD);
    char h1[32], h2[32];
    hours(d->week_session_minutes, h1, sizeof h1);
    hours(st->last_week_minutes, h2, sizeof h2);
    snprintf(line, sizeof line, "%s (%s)", h1, h2);
    ui_put(y, rx, col - 18, _("Session-hours"), A_NORMAL);
    ui_put(y++, rx + col - 18, 18, line, A_BOLD);
    snprintf(line, sizeof line, "%ld / %ld / %ld", d->students, d->tutors_hired, d->groups_active);
    /* The numbers keep their width; the label takes what is left. */
    int vw = (int)strlen(line) + 1;
    if (vw > col / 2)
        vw = col / 2;
    ui_put(y, rx, col - vw - 1, _("Students/tutors/groups"), A_NORMAL);
    ui_put(y++, rx + col - vw, vw, line, A_BOLD);

    /* The budget gauge. */
    y++;
    const struct budget *b = &st->budget;
    char spent[32], alloc[32], proj[32];
    money_format(b->spent, spent, sizeof spent);
    money_format(b->allocation, alloc, sizeof alloc);
    money_format(b->projected, proj, sizeof proj);
    ui_put(y++, rx, col, _("Budget of measure 15021"), ui_attr(UI_TITLE));
    if (b->allocation > 0)
        snprintf(line, sizeof line, _("Spent %s of %s"), spent, alloc);
    else
        /* Without an allocation there is nothing to compare with; say where
         * it is recorded rather than show "of $0.00". */
        snprintf(line, sizeof line, _("Spent %s; no budget (F8, v)"), spent);
    ui_put(y++, rx, col, line, A_NORMAL);
    int bar = col - 2;
    int filled = b->allocation > 0 ? (int)((double)b->spent / (double)b->allocation * bar) : 0;
    if (filled > bar)
        filled = bar;
    char gauge[512] = "";
    for (int i = 0; i < bar && i < 120; i++)
        strcat(gauge, i < filled ? (a->utf8 ? "█" : "#") : (a->utf8 ? "░" : "."));
    ui_put(y++, rx, col, gauge, b->overrun ? ui_attr(UI_ERROR) : ui_attr(UI_GOOD));
    snprintf(line, sizeof line, b->overrun ? _("Projected %s: over the allocation!")
                                           : _("Projected at this pace: %s"), proj);
    ui_put(y++, rx, col, line, b->overrun ? ui_attr(UI_ERROR) : A_NORMAL);

    int cy = r.y + 10;
    if (cy < y + 1)
        cy = y + 1;
    ui_put(cy++, lx, r.w - 4, _("Session-hours, last 12 weeks"), ui_attr(UI_TITLE));
    int ch = r.y + r.h - cy - 2;
    if (ch > 6)
        ch = 6;
    if (ch >= 2)
        chart(a, st, cy, lx, r.w - 4, ch);
    move(cursor_y, lx);
}

/* The follow-up view: every student the dosage rules flag, with why. */
static void dosage_follow_up(struct app *a)
{
    struct dosage_row *rows = NULL;
    size_t n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (dosage_warnings(a->db, a->settings, a->today, &rows, &n, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return;
    }
    size_t cap = 256 + n * 700, len = 0;
    char *text = xmalloc(cap);
    len += (size_t)snprintf(text, cap,
                            ngettext("%zu student to follow up, over the %ld weeks before this one:",
                                     "%zu students to follow up, over the %ld weeks before this one:",
                                     (unsigned long)n),
                            n, settings_int(a->settings, SET_DOSAGE_WEEKS));
    len += (size_t)snprintf(text + len, cap - len, "\n\n");
    for (size_t i = 0; i < n && len < cap; i++) {
        char why[600];
        dosage_describe(a->settings, &rows[i], why, sizeof why);
        len += (size_t)snprintf(text + len, cap - len, "%s: %s\n", rows[i].name, why);
    }
    ui_text_pager(a, _("Follow-up: dosage warnings"), text);
    free(text);
    free(rows);
}

static int dashboard_handle(struct app *a, void *state, int action, int key)
{
    struct dashboard_state *st = state;
    switch (action) {
    case ACT_UP:
        if (st->selected > 0)
            st->selected--;
        return H_DONE;
    case ACT_DOWN:
        if (st->selected < TODO__COUNT - 1)
            st->selected++;
        return H_DONE;
    case ACT_HOME:
        st->selected = 0;
        return H_DONE;
    case ACT_END:
        st->selected = TODO__COUNT - 1;
        return H_DONE;
    case ACT_OPEN:
        switch (st->selected) {
        case TODO_DECIDE: students_open(a, STUDENTS_TO_DECIDE); break;
        case TODO_CONSENT: students_open(a, STUDENTS_AWAITING_CONSENT); break;
        case TODO_EXPIRING: students_open(a, STUDENTS_CONSENTS_EXPIRING); break;
        case TODO_PAIRING: students_open(a, STUDENTS_AWAITING_PAIRING); break;
        case TODO_ANSWER: tutors_open_unanswered(a); break;
        case TODO_SESSIONS: sessions_open_to_complete(a); break;
        default: dosage_follow_up(a); break;
        }
        return H_DONE;
    default:
        return H_IGNORED;
    }
}

static struct dashboard_state state;

const struct screen_ops screen_dashboard = {
    .name = "dashboard",
    .title = N_("Dashboard"),
    .action = ACT_SCREEN_DASHBOARD,
    .enter = dashboard_enter,
    .load = dashboard_load,
    .draw = dashboard_draw,
    .handle = dashboard_handle,
    .state = &state,
};
