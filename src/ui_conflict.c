#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "i18n.h"
#include "text.h"
#include "ui_conflict.h"
#include "util.h"
#include "widgets.h"

/* One screen line of the comparison: a piece of each column. */
struct cline {
    const char *label;      /* only on a row's first line */
    char mine[512];
    char theirs[512];
};

/* Cuts s into pieces of at most cols columns; an empty value shows as "-"
 * so a cleared field is seen as a change. */
static int pieces(const char *s, int cols, char out[][512], int max)
{
    if (s == NULL || s[0] == '\0') {
        tt_strlcpy(out[0], "-", sizeof out[0]);
        return 1;
    }
    int n = 0;
    for (const char *p = s; *p && n < max; ) {
        size_t next;
        size_t len = text_line_break(p, cols, &next);
        if (len >= sizeof out[0])
            len = sizeof out[0] - 1;
        memcpy(out[n], p, len);
        out[n][len] = '\0';
        n++;
        p += next ? next : 1;
    }
    return n;
}

static struct cline *layout(const struct conflict_row *rows, int n_rows, int col_w, int *count)
{
    enum { MAX_PIECES = 40 };
    static char a[MAX_PIECES][512], b[MAX_PIECES][512];
    int cap = 64, n = 0;
    struct cline *out = xcalloc((size_t)cap, sizeof *out);
    for (int i = 0; i < n_rows; i++) {
        int na = pieces(rows[i].mine, col_w, a, MAX_PIECES);
        int nb = pieces(rows[i].theirs, col_w, b, MAX_PIECES);
        int h = na > nb ? na : nb;
        for (int k = 0; k < h; k++) {
            if (n == cap) {
                cap *= 2;
                out = xreallocarray(out, (size_t)cap, sizeof *out);
            }
            memset(&out[n], 0, sizeof out[n]);
            out[n].label = k == 0 ? rows[i].label : NULL;
            if (k < na)
                tt_strlcpy(out[n].mine, a[k], sizeof out[n].mine);
            if (k < nb)
                tt_strlcpy(out[n].theirs, b[k], sizeof out[n].theirs);
            n++;
        }
    }
    *count = n;
    return out;
}

static int is_key(int key, const char *line)
{
    int c = (unsigned char)line[0];
    return key == c || (c >= 'a' && c <= 'z' && key == c - 'a' + 'A');
}

int ui_conflict(struct app *a, const char *title, const char *who,
                const struct conflict_row *rows, int n)
{
    /* The keys are the first letters of their translated explanations, so
     * a translation keeps them consistent; no English fallback, since "o"
     * answers yes in French. */
    const char *keep_line = _("y = keep yours (the other version stays in the record's history)");
    const char *take_line =
        _("o = take the other (yours is kept in a file)   Esc = back to your form");
    int top = 0;
    for (;;) {
        if (COLS < 80 || LINES < 24) {
            ui_draw_app(a);
        } else {
            int label_w = 24, col_w = (COLS - label_w - 4) / 2;
            int count = 0;
            struct cline *lines = layout(rows, n, col_w, &count);
            erase();
            ui_fill(0, 0, COLS, ui_attr(UI_TITLE));
            ui_put(0, 1, COLS - 2, title, ui_attr(UI_TITLE));
            char intro[512];
            if (who && who[0])
                snprintf(intro, sizeof intro, _("%s saved this record after you opened it."), who);
            else
                snprintf(intro, sizeof intro, "%s",
                         _("Someone saved this record after you opened it."));
            /* Two lines for the sentence: a translation may be longer. */
            int y = 1;
            for (const char *p = intro; *p && y <= 2; y++) {
                size_t next, len = text_line_break(p, COLS - 2, &next);
                char piece[512];
                tt_strlcpy(piece, p, len + 1 < sizeof piece ? len + 1 : sizeof piece);
                ui_put(y, 1, COLS - 2, piece, ui_attr(UI_ERROR));
                p += next ? next : 1;
            }
            char differ[128];
            snprintf(differ, sizeof differ,
                     ngettext("%d field differs:", "%d fields differ:", n), n);
            ui_put(y, 1, COLS - 2, differ, A_NORMAL);
            y++;
            ui_put(y, 1, label_w, _("Field"), ui_attr(UI_TITLE));
            ui_put(y, 2 + label_w, col_w, _("Yours (on screen)"), ui_attr(UI_TITLE));
            ui_put(y, 3 + label_w + col_w, col_w, _("Saved meanwhile"), ui_attr(UI_TITLE));
            int first = y + 1;
            int body = LINES - 2 - first;
            if (top > count - body)
                top = count - body;
            if (top < 0)
                top = 0;
            for (int i = 0; i < body && top + i < count; i++) {
                const struct cline *l = &lines[top + i];
                ui_put(first + i, 1, label_w, l->label ? l->label : "", A_BOLD);
                ui_put(first + i, 2 + label_w, col_w, l->mine, A_NORMAL);
                ui_put(first + i, 3 + label_w + col_w, col_w, l->theirs, A_NORMAL);
            }
            if (n == 0)
                ui_put(first, 1, COLS - 2,
                       _("No field differs: the other save changed nothing you see here."),
                       ui_attr(UI_DIM));
            ui_put(LINES - 2, 1, COLS - 2, keep_line, A_BOLD);
            ui_put(LINES - 1, 1, COLS - 2, take_line, A_BOLD);
            move(LINES - 1, 1);
            refresh();
            ui_frame_mark();
            free(lines);
        }
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                return CONFLICT_BACK;
            continue;
        }
        if (key == TT_KEY(KEY_RESIZE))
            continue;
        if (is_key(key, keep_line))
            return CONFLICT_KEEP_MINE;
        if (is_key(key, take_line))
            return CONFLICT_TAKE_THEIRS;
        int action = actions_for_key(key);
        if (action == ACT_CANCEL)
            return CONFLICT_BACK;
        if (action == ACT_DOWN)
            top++;
        else if (action == ACT_UP)
            top--;
        else if (action == ACT_PAGE_DOWN)
            top += LINES - 8;
        else if (action == ACT_PAGE_UP)
            top -= LINES - 8;
        else if (action == ACT_HOME)
            top = 0;
        else if (action == ACT_END)
            top = 1 << 20;
    }
}
