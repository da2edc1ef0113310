/* The help screen, generated from the action table so that it always shows
 * the keys actually bound, including the user's own. */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include "actions.h"
#include "i18n.h"
#include "text.h"
#include "util.h"
#include "widgets.h"

void ui_help_show(struct app *a);

static void draw_help(int top, int *max_top)
{
    size_t n;
    const struct action_def *t = actions_table(&n);
    erase();
    ui_fill(0, 0, COLS, ui_attr(UI_TITLE));
    ui_put(0, 1, COLS - 2, _("Help: keys (Esc, q or F1 closes)"), ui_attr(UI_TITLE));
    int keys_w = 22;
    int rows = LINES - 3;
    int total = (int)n + 3;
    *max_top = total > rows ? total - rows : 0;
    for (int i = 0; i < rows; i++) {
        int line = top + i;
        int y = 2 + i;
        if (line < (int)n) {
            ui_put(y, 2, keys_w, actions_keys_text(t[line].id), A_BOLD);
            ui_put(y, 3 + keys_w, COLS - keys_w - 4, _(t[line].help), A_NORMAL);
        } else if (line == (int)n + 1) {
            ui_put(y, 2, COLS - 4,
                   _("Keys can be changed in the [keys] section of the configuration file."),
                   ui_attr(UI_DIM));
        } else if (line == (int)n + 2) {
            ui_put(y, 2, COLS - 4, _("See also: man tutorat."), ui_attr(UI_DIM));
        }
    }
    move(2, 2);
    refresh();
}

void ui_help_show(struct app *a)
{
    int top = 0, max_top = 0;
    for (;;) {
        if (COLS < 80 || LINES < 24) {
            ui_draw_app(a);
        } else {
            draw_help(top, &max_top);
        }
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                return;
            continue;
        }
        if (key == TT_KEY(KEY_RESIZE))
            continue;
        int action = actions_for_key(key);
        switch (action) {
        case ACT_UP: top--; break;
        case ACT_DOWN: top++; break;
        case ACT_PAGE_UP: top -= LINES - 4; break;
        case ACT_PAGE_DOWN: top += LINES - 4; break;
        case ACT_HOME: top = 0; break;
        case ACT_END: top = max_top; break;
        case ACT_HELP:
        case ACT_CANCEL:
        case ACT_QUIT:
            return;
        default:
            break;
        }
        if (top > max_top)
            top = max_top;
        if (top < 0)
            top = 0;
    }
}
