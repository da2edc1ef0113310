#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access_log.h"
#include "actions.h"
#include "i18n.h"
#include "text.h"
#include "ui_access.h"
#include "util.h"
#include "widgets.h"

/* The newest entries; older ones are for tutorat access-log --from. */
#define SHOWN 1000

static struct {
    struct access_entry *rows;
    size_t n;
    int selected;
    char refusal[512];
} av;

void access_view_free(void)
{
    free(av.rows);
    av.rows = NULL;
    av.n = 0;
}

void access_view_load(struct app *a)
{
    access_view_free();
    av.refusal[0] = '\0';
    struct tt_error err;
    tt_error_clear(&err);
    if (access_log_list(a->db, NULL, NULL, SHOWN, &av.rows, &av.n, &err) != TT_OK)
        tt_strlcpy(av.refusal, err.msg, sizeof av.refusal);
    if (av.selected >= (int)av.n)
        av.selected = (int)av.n - 1;
    if (av.selected < 0)
        av.selected = 0;
}

static void row_text(char *line, size_t size, int width, const char *at, const char *login,
                     const char *action, const char *whose)
{
    int ww = width - (19 + 2 + 12 + 2 + 10 + 2);
    if (ww < 8)
        ww = 8;
    char c1[64], c2[128], c3[64], c4[1024];
    text_fit(c1, sizeof c1, at, 19, 1);
    text_fit(c2, sizeof c2, login, 12, 1);
    text_fit(c3, sizeof c3, action, 10, 1);
    text_fit(c4, sizeof c4, whose, ww, 0);
    snprintf(line, size, "%s  %s  %s  %s", c1, c2, c3, c4);
}

void access_view_draw(struct app *a, struct rect r)
{
    (void)a;
    char line[2048];
    ui_put(r.y, r.x + 1, r.w - 2, _("Access log: who viewed, printed or exported whose data"),
           A_BOLD);
    if (av.refusal[0]) {
        ui_put(r.y + 2, r.x + 1, r.w - 2, av.refusal, ui_attr(UI_ERROR));
    } else {
        row_text(line, sizeof line, r.w - 2, _("When"), _("Login"), _("Action"), _("Whose data"));
        ui_put(r.y + 1, r.x + 1, r.w - 2, line, ui_attr(UI_TITLE));
        int rows = r.h - 3;
        int first = av.selected >= rows ? av.selected - rows + 1 : 0;
        for (int i = 0; i < rows && first + i < (int)av.n; i++) {
            const struct access_entry *e = &av.rows[first + i];
            char whose[900];
            if (e->whose[0])
                snprintf(whose, sizeof whose, "%s%s%s", e->whose, e->detail[0] ? "  " : "",
                         e->detail);
            else
                snprintf(whose, sizeof whose, "%s #%lld%s%s", e->subject,
                         (long long)e->subject_id, e->detail[0] ? "  " : "", e->detail);
            row_text(line, sizeof line, r.w - 2, e->at, e->login,
                     access_action_label(e->action), whose);
            ui_put(r.y + 2 + i, r.x + 1, r.w - 2, line,
                   first + i == av.selected ? ui_attr(UI_SELECTED) : A_NORMAL);
        }
        if (av.n == 0)
            ui_put(r.y + 2, r.x + 1, r.w - 2, _("No access recorded."), ui_attr(UI_DIM));
    }
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           _("The newest first; tutorat access-log --from DATE for older ones.  v: settings"),
           ui_attr(UI_DIM));
}

int access_view_handle(struct app *a, int action, int key)
{
    (void)a;
    (void)key;
    return ui_move_selection(action, &av.selected, (int)av.n) ? H_DONE : H_IGNORED;
}
