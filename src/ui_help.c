/* The help screen, generated from the action table so that it always shows
 * the keys actually bound, including the user's own. */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "i18n.h"
#include "text.h"
#include "util.h"
#include "widgets.h"

void ui_help_show(struct app *a);

/* One screen line: the keys on an action's first line, its description
 * wrapped on as many lines as it needs. */
struct help_line {
    const char *keys;       /* NULL on continuation lines */
    char text[512];
    int role;
};

static struct help_line *help_lines(int width, int *count)
{
    size_t n;
    const struct action_def *t = actions_table(&n);
    int cap = (int)n * 3 + 8, k = 0;
    struct help_line *v = xcalloc((size_t)cap, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *p = _(t[i].help);
        int first = 1;
        while (*p && k < cap - 3) {
            size_t next;
            size_t len = text_line_break(p, width, &next);
            v[k].keys = first ? actions_keys_text(t[i].id) : NULL;
            /* actions_keys_text uses a static buffer: keep a copy. */
            if (first) {
                static char keys_copy[64][64];
                tt_strlcpy(keys_copy[i % 64], v[k].keys, sizeof keys_copy[0]);
                v[k].keys = keys_copy[i % 64];
            }
            tt_strlcpy(v[k].text, p, len + 1 < sizeof v[k].text ? len + 1 : sizeof v[k].text);
            v[k].role = UI_NORMAL;
            k++;
            first = 0;
            p += next ? next : strlen(p);
        }
    }
    k++; /* a blank line */
    tt_strlcpy(v[k].text, _("Keys can be changed in the [keys] section of the configuration file."),
               sizeof v[k].text);
    v[k++].role = UI_DIM;
    tt_strlcpy(v[k].text, _("See also: man tutorat."), sizeof v[k].text);
    v[k++].role = UI_DIM;
    *count = k;
    return v;
}

static void draw_help(int top, int *max_top)
{
    int keys_w = 16;
    int count;
    struct help_line *v = help_lines(COLS - keys_w - 5, &count);
    erase();
    ui_fill(0, 0, COLS, ui_attr(UI_TITLE));
    ui_put(0, 1, COLS - 2, _("Help: keys (Esc, q or F1 closes)"), ui_attr(UI_TITLE));
    int rows = LINES - 3;
    *max_top = count > rows ? count - rows : 0;
    if (top > *max_top)
        top = *max_top;
    for (int i = 0; i < rows && top + i < count; i++) {
        const struct help_line *l = &v[top + i];
        int y = 2 + i;
        if (l->keys) {
            ui_put(y, 2, keys_w, l->keys, A_BOLD);
            ui_put(y, 3 + keys_w, COLS - keys_w - 4, l->text, A_NORMAL);
        } else if (l->role == UI_DIM) {
            ui_put(y, 2, COLS - 4, l->text, ui_attr(UI_DIM));
        } else {
            ui_put(y, 3 + keys_w, COLS - keys_w - 4, l->text, A_NORMAL);
        }
    }
    free(v);
    move(2, 2);
    refresh();
    ui_frame_mark();
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
