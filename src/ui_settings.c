/* Settings screen: every setting in force, where it comes from, and the
 * database in use.  v goes through the other views: the school calendar,
 * where days off are added and removed; the users and their roles; the
 * register of privacy incidents (Law 25).  Esc comes back. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "calendar.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "money.h"
#include "settings.h"
#include "text.h"
#include "ui_access.h"
#include "ui_incidents.h"
#include "ui_schools.h"
#include "ui_users.h"
#include "util.h"
#include "widgets.h"

enum settings_view {
    VIEW_SETTINGS,
    VIEW_SCHOOLS,
    VIEW_CALENDAR,
    VIEW_USERS,
    VIEW_INCIDENTS,
    VIEW_ACCESS,
    VIEW__COUNT
};

struct settings_state {
    int top;
    int view;                   /* enum settings_view */
    struct calendar_day *days;
    size_t n_days;
    int selected;
};

static void calendar_load(struct app *a, struct settings_state *st)
{
    struct tt_error err;
    tt_error_clear(&err);
    free(st->days);
    st->days = NULL;
    st->n_days = 0;
    if (calendar_list(a->db, settings_year_start(a->settings, a->today),
                      settings_year_end(a->settings, a->today), &st->days, &st->n_days,
                      &err) != TT_OK)
        app_message(a, 1, "%s", err.msg);
    if (st->selected >= (int)st->n_days)
        st->selected = (int)st->n_days - 1;
    if (st->selected < 0)
        st->selected = 0;
}

static const char *kind_label(const char *kind)
{
    return strcmp(kind, "holiday") == 0       ? _("holiday")
           : strcmp(kind, "pedagogical") == 0 ? _("pedagogical day")
                                              : _("other");
}

static void calendar_draw(struct app *a, struct settings_state *st, struct rect r)
{
    char line[900], from[11], to[11];
    date_iso(settings_year_start(a->settings, a->today), from);
    date_iso(settings_year_end(a->settings, a->today), to);
    snprintf(line, sizeof line, _("School calendar, %s to %s: days without sessions"),
             from, to);
    ui_put(r.y, r.x + 1, r.w - 2, line, A_BOLD);
    int rows = r.h - 3;
    int first = st->selected >= rows ? st->selected - rows + 1 : 0;
    for (int i = 0; i < rows && first + i < (int)st->n_days; i++) {
        const struct calendar_day *d = &st->days[first + i];
        tt_day day;
        date_parse(d->day, &day);
        char wd[64], kind[96], label[160];
        text_fit(wd, sizeof wd, label_weekday(date_weekday(day)), 9, 1);
        text_fit(kind, sizeof kind, kind_label(d->kind), 19, 1);
        /* The school (or "every school") keeps about 18 columns. */
        int lw = r.w - 2 - (10 + 2 + 9 + 2 + 19 + 2 + 2) - 18;
        text_fit(label, sizeof label, d->label, lw < 10 ? 10 : lw > 40 ? 40 : lw, 1);
        snprintf(line, sizeof line, "%s  %s  %s  %s  %s", d->day, wd, kind, label,
                 d->school[0] ? d->school : _("every school"));
        ui_put(r.y + 2 + i, r.x + 1, r.w - 2, line,
               first + i == st->selected ? ui_attr(UI_SELECTED) : A_NORMAL);
    }
    if (st->n_days == 0)
        ui_put(r.y + 2, r.x + 1, r.w - 2, _("No day off yet: n adds one."), ui_attr(UI_DIM));
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2, _("n: add a day off  Del: remove it  v: users"),
           ui_attr(UI_DIM));
    move(r.y + 2 + (st->selected - first), r.x + 1);
}

static void calendar_add_dialog(struct app *a, struct settings_state *st)
{
    static const struct form_choice kinds[] = { { "pedagogical", N_("pedagogical day") },
                                                { "holiday", N_("holiday") },
                                                { "other", N_("other") } };
    static const char *const pages[] = { "" };
    struct form_field fields[] = {
        { .id = "day", .label = N_("Date"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "kind", .label = N_("Kind"), .kind = FK_CHOICE, .choices = kinds, .n_choices = 3 },
        { .id = "label", .label = N_("Label"), .kind = FK_TEXT, .max_chars = 100 },
    };
    struct form f = { .title = N_("Day off"), .page_titles = pages, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "kind", "pedagogical");
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char label[404];
        form_get_text(&f, "label", label, sizeof label);
        tt_day day;
        if (form_read_date(&f, "day", _("Date"), &day, msg, sizeof msg))
            continue;
        struct tt_error err;
        tt_error_clear(&err);
        if (calendar_add(a->db, a->settings, day, form_get_choice(&f, "kind"), label, 0, &err) !=
            TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Day off added; sessions planned from now on skip it."));
        calendar_load(a, st);
        char iso[11];
        date_iso(day, iso);
        for (size_t i = 0; i < st->n_days; i++)
            if (strcmp(st->days[i].day, iso) == 0)
                st->selected = (int)i;
        break;
    }
    form_free(&f);
}

static void settings_draw(struct app *a, void *state, struct rect r)
{
    struct settings_state *st = state;
    switch (st->view) {
    case VIEW_SCHOOLS: schools_view_draw(a, r); return;
    case VIEW_CALENDAR: calendar_draw(a, st, r); return;
    case VIEW_USERS: users_view_draw(a, r); return;
    case VIEW_INCIDENTS: incidents_view_draw(a, r); return;
    case VIEW_ACCESS: access_view_draw(a, r); return;
    default: break;
    }
    size_t n;
    const struct setting_def *t = settings_table(&n);
    char line[512];
    snprintf(line, sizeof line, _("Database: %s"), db_path(a->db));
    ui_put(r.y, r.x + 1, r.w - 2, line, A_BOLD);
    int kw = 26, vw = 14;
    ui_put(r.y + 1, r.x, kw + 1, _("Setting"), ui_attr(UI_TITLE));
    ui_put(r.y + 1, r.x + kw + 1, vw + 1, _("Value"), ui_attr(UI_TITLE));
    ui_put(r.y + 1, r.x + kw + vw + 2, r.w - kw - vw - 2, _("Origin"), ui_attr(UI_TITLE));
    int rows = r.h - 3;
    if (st->top > (int)n - rows)
        st->top = (int)n - rows;
    if (st->top < 0)
        st->top = 0;
    for (int i = 0; i < rows && st->top + i < (int)n; i++) {
        const struct setting_def *d = &t[st->top + i];
        int y = r.y + 2 + i;
        snprintf(line, sizeof line, "[%s] %s", d->section, d->key);
        ui_put(y, r.x + 1, kw, line, A_NORMAL);
        char value[64];
        if (d->type == ST_MONEY)
            money_format(settings_money(a->settings, d->id), value, sizeof value);
        else if (d->type == ST_PERCENT)
            snprintf(value, sizeof value, "%s %%", settings_str(a->settings, d->id));
        else
            snprintf(value, sizeof value, "%s", settings_str(a->settings, d->id));
        ui_put(y, r.x + kw + 1, vw, value, A_BOLD);
        const char *origin = settings_origin(a->settings, d->id);
        ui_put(y, r.x + kw + vw + 2, r.w - kw - vw - 3, origin ? origin : _("default"),
               ui_attr(UI_DIM));
    }
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           _("Settings are changed in the configuration files (man tutorat); v: the schools"),
           ui_attr(UI_DIM));
    move(r.y + 2, r.x + 1);
}

/* Shown again or switched to: other users may have changed the lists
 * since they were last read. */
static void settings_enter(struct app *a, void *state)
{
    struct settings_state *st = state;
    if (st->view == VIEW_SCHOOLS)
        schools_view_load(a);
    else if (st->view == VIEW_CALENDAR)
        calendar_load(a, st);
    else if (st->view == VIEW_USERS)
        users_view_load(a);
    else if (st->view == VIEW_INCIDENTS)
        incidents_view_load(a);
    else if (st->view == VIEW_ACCESS)
        access_view_load(a);
}

static int settings_handle(struct app *a, void *state, int action, int key)
{
    struct settings_state *st = state;
    if (action == ACT_VIEW || (action == ACT_CANCEL && st->view != VIEW_SETTINGS)) {
        st->view = action == ACT_VIEW ? (st->view + 1) % VIEW__COUNT : VIEW_SETTINGS;
        settings_enter(a, st);
        return H_DONE;
    }
    if (st->view == VIEW_SCHOOLS)
        return schools_view_handle(a, action, key);
    if (st->view == VIEW_USERS)
        return users_view_handle(a, action, key);
    if (st->view == VIEW_INCIDENTS)
        return incidents_view_handle(a, action, key);
    if (st->view == VIEW_ACCESS)
        return access_view_handle(a, action, key);
    if (st->view == VIEW_CALENDAR) {
        switch (action) {
        case ACT_UP: if (st->selected > 0) st->selected--; return H_DONE;
        case ACT_DOWN: if (st->selected + 1 < (int)st->n_days) st->selected++; return H_DONE;
        case ACT_HOME: st->selected = 0; return H_DONE;
        case ACT_END: st->selected = (int)st->n_days - 1; return H_DONE;
        case ACT_NEW: calendar_add_dialog(a, st); return H_DONE;
        case ACT_REMOVE:
            if (st->n_days > 0) {
                char q[600];
                snprintf(q, sizeof q, _("Remove %s from the school calendar?"),
                         st->days[st->selected].day);
                if (ui_confirm(a, q)) {
                    struct tt_error err;
                    tt_error_clear(&err);
                    if (calendar_remove(a->db, st->days[st->selected].id, &err) != TT_OK)
                        app_message(a, 1, "%s", err.msg);
                    else
                        app_message(a, 0, "%s", _("Day off removed."));
                    calendar_load(a, st);
                }
            }
            return H_DONE;
        default: return H_IGNORED;
        }
    }
    switch (action) {
    case ACT_UP: st->top--; return H_DONE;
    case ACT_DOWN: st->top++; return H_DONE;
    case ACT_HOME: st->top = 0; return H_DONE;
    case ACT_END: st->top = 1000; return H_DONE;
    default: return H_IGNORED;
    }
}


static void settings_fini(struct app *a, void *state)
{
    struct settings_state *st = state;
    (void)a;
    free(st->days);
    st->days = NULL;
    st->n_days = 0;
    users_view_free();
    schools_view_free();
    access_view_free();
    incidents_view_free();
}

static struct settings_state state;

const struct screen_ops screen_settings = {
    .name = "settings",
    .title = N_("Settings"),
    .action = ACT_SCREEN_SETTINGS,
    .enter = settings_enter,
    .draw = settings_draw,
    .handle = settings_handle,
    .fini = settings_fini,
    .state = &state,
};
