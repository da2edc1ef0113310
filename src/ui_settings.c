/* Settings screen: every setting in force, where it comes from, and the
 * database in use. */
#include "config.h"
#include <stdio.h>
#include "actions.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "settings.h"
#include "widgets.h"

struct settings_state {
    int top;
};

static void settings_draw(struct app *a, void *state, struct rect r)
{
    struct settings_state *st = state;
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
           _("Settings are changed in the configuration files; see man tutorat."),
           ui_attr(UI_DIM));
    move(r.y + 2, r.x + 1);
}

static int settings_handle(struct app *a, void *state, int action, int key)
{
    struct settings_state *st = state;
    switch (action) {
    case ACT_UP: st->top--; return H_DONE;
    case ACT_DOWN: st->top++; return H_DONE;
    case ACT_HOME: st->top = 0; return H_DONE;
    case ACT_END: st->top = 1000; return H_DONE;
    default: return H_IGNORED;
    }
}

static struct settings_state state;

const struct screen_ops screen_settings = {
    .name = "settings",
    .title = N_("Settings"),
    .action = ACT_SCREEN_SETTINGS,
    .enter = NULL,
    .draw = settings_draw,
    .handle = settings_handle,
    .state = &state,
};
