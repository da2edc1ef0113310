/* Sessions screen: every session, the most recent first, with how many
 * students were present; today's sessions; and the sessions still waiting
 * for their attendance, oldest first.  Enter opens the attendance sheet. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "actions.h"
#include "dates.h"
#include "i18n.h"
#include "labels.h"
#include "listview.h"
#include "ui_attendance.h"
#include "util.h"
#include "widgets.h"

static void cell_date(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[0] ? r->col[0] : "");
}
static void cell_time(const struct store_row *r, char *buf, size_t n)
{
    char t[6] = "";
    if (r->col[1])
        time_format(atoi(r->col[1]), t);
    snprintf(buf, n, "%s", t);
}
static void cell_group(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[2] ? r->col[2] : "");
}
static void cell_tutor(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[3] ? r->col[3] : "");
}
static void cell_modality(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_MODALITY, r->col[4]));
}
static void cell_status(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_SESSION_STATUS, r->col[5]));
}
static void cell_minutes(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, _("%s min"), r->col[6] ? r->col[6] : "0");
}
static void cell_present(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[7] ? r->col[7] : "0");
}

static const struct list_column columns[] = {
    { N_("Date"), 10, 0, cell_date },
    { N_("Time"), 5, 0, cell_time },
    { N_("Group"), 12, 2, cell_group },
    { N_("Tutor"), 12, 2, cell_tutor },
    { N_("Modality"), 8, 0, cell_modality },
    { N_("Status"), 9, 1, cell_status },
    { N_("Length"), 7, 0, cell_minutes },
    { N_("Present"), 7, 0, cell_present },
};

struct sessions_state {
    struct list_screen all, to_complete, today;
    int view;       /* 0 all, 1 to complete, 2 today */
};

static struct sessions_state state = {
    .all = { .list = LIST_SESSIONS, .columns = columns, .n_columns = TT_ARRAY_LEN(columns),
             .empty_text = N_("No sessions yet.") },
    .to_complete = { .list = LIST_TO_COMPLETE, .columns = columns,
                     .n_columns = TT_ARRAY_LEN(columns),
                     .empty_text = N_("No session waits for its attendance.") },
    .today = { .list = LIST_TODAY, .columns = columns, .n_columns = TT_ARRAY_LEN(columns),
               .empty_text = N_("No session today.") },
};

static struct list_screen *current(struct sessions_state *st)
{
    return st->view == 1 ? &st->to_complete : st->view == 2 ? &st->today : &st->all;
}

static void sessions_enter(struct app *a, void *p)
{
    struct sessions_state *st = p;
    list_screen_enter(a, current(st));
    current(st)->lv.query.today = a->today;
}

static void sessions_draw(struct app *a, void *p, struct rect r)
{
    struct sessions_state *st = p;
    if (st->view) {
        ui_put(r.y, r.x + 1, r.w - 2,
               st->view == 1 ? _("Sessions to complete, oldest first; Enter: attendance; "
                                 "v: today's")
                             : _("Today's sessions; Enter: attendance; v: all sessions"),
               A_BOLD);
        r.y++;
        r.h--;
    }
    list_screen_draw(a, current(st), r);
}

static int sessions_handle(struct app *a, void *p, int action, int key)
{
    struct sessions_state *st = p;
    if (action == ACT_VIEW) {
        st->view = (st->view + 1) % 3;
        sessions_enter(a, st);
        return H_DONE;
    }
    if (action == ACT_OPEN) {
        const struct store_row *row = listview_current(&current(st)->lv);
        if (row && attendance_sheet_run(a, row->id)) {
            listview_reload(&st->all.lv);
            listview_reload(&st->to_complete.lv);
            listview_reload(&st->today.lv);
        }
        return H_DONE;
    }
    if (action == ACT_CANCEL && st->view) {
        st->view = 0;
        sessions_enter(a, st);
        return H_DONE;
    }
    return list_screen_handle(a, current(st), action, key);
}

static void sessions_fini(struct app *a, void *p)
{
    struct sessions_state *st = p;
    list_screen_fini(a, &st->all);
    list_screen_fini(a, &st->to_complete);
    list_screen_fini(a, &st->today);
}

static void sessions_load(struct app *a, void *p)
{
    list_screen_load(a, current(p));
}

void sessions_open_to_complete(struct app *a)
{
    state.view = 1;
    app_show(a, ACT_SCREEN_SESSIONS);
}

const struct screen_ops screen_sessions = {
    .name = "sessions",
    .title = N_("Sessions"),
    .action = ACT_SCREEN_SESSIONS,
    .enter = sessions_enter,
    .draw = sessions_draw,
    .handle = sessions_handle,
    .fini = sessions_fini,
    .load = sessions_load,
    .state = &state,
};
