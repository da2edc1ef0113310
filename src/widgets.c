#include "config.h"
#include <curses.h>
#include <string.h>
#include "actions.h"
#include "i18n.h"
#include "text.h"
#include "util.h"
#include "widgets.h"
#include <stdlib.h>
#include <time.h>

static int colors_on;

void ui_colors_init(int use_color)
{
    colors_on = use_color && has_colors();
    if (!colors_on)
        return;
    start_color();
    use_default_colors();
    init_pair(UI_TITLE, COLOR_WHITE, COLOR_BLUE);
    init_pair(UI_TAB_CURRENT, COLOR_BLACK, COLOR_CYAN);
    init_pair(UI_SELECTED, COLOR_BLACK, COLOR_CYAN);
    init_pair(UI_FKEY_NUM, -1, -1);
    init_pair(UI_FKEY_LABEL, COLOR_BLACK, COLOR_CYAN);
    init_pair(UI_ERROR, COLOR_RED, -1);
    init_pair(UI_DIM, COLOR_BLUE, -1);
    init_pair(UI_GOOD, COLOR_GREEN, -1);
}

attr_t ui_attr(int role)
{
    if (colors_on) {
        switch (role) {
        case UI_NORMAL: return A_NORMAL;
        case UI_TAB_CURRENT: return COLOR_PAIR(role) | A_BOLD;
        case UI_ERROR: return COLOR_PAIR(role) | A_BOLD;
        default: return COLOR_PAIR(role);
        }
    }
    /* Monochrome terminals and NO_COLOR: meaning carried by attributes. */
    switch (role) {
    case UI_TITLE: return A_BOLD;
    case UI_TAB_CURRENT: return A_REVERSE | A_BOLD;
    case UI_SELECTED: return A_REVERSE;
    case UI_FKEY_NUM: return A_BOLD;
    case UI_FKEY_LABEL: return A_REVERSE;
    case UI_ERROR: return A_BOLD;
    case UI_DIM: return A_DIM;
    case UI_GOOD: return A_BOLD;
    default: return A_NORMAL;
    }
}

void ui_put(int y, int x, int width, const char *s, attr_t attr)
{
    if (width <= 0)
        return;
    char buf[4096];
    text_fit(buf, sizeof buf, s ? s : "", width, 1);
    attrset(attr);
    mvaddstr(y, x, buf);
    attrset(A_NORMAL);
}

int ui_print(int y, int x, int max_width, const char *s, attr_t attr)
{
    if (max_width <= 0)
        return 0;
    char buf[4096];
    int used = text_fit(buf, sizeof buf, s ? s : "", max_width, 0);
    attrset(attr);
    mvaddstr(y, x, buf);
    attrset(A_NORMAL);
    return used;
}

void ui_fill(int y, int x, int width, attr_t attr)
{
    if (width <= 0)
        return;
    attrset(attr);
    mvhline(y, x, ' ', width);
    attrset(A_NORMAL);
}

static long idle_limit;     /* seconds; 0: never hide */
static time_t last_key;

void ui_set_idle_seconds(long seconds)
{
    idle_limit = seconds;
    last_key = time(NULL);
}

void ui_set_idle_minutes(long minutes)
{
    ui_set_idle_seconds(minutes * 60);
}

/* A shared workstation left open must not show children's data to the
 * next person: after the idle time the whole screen is replaced by this
 * notice until a key is pressed.  That key only wakes the screen; what was
 * being typed stays in its form. */
static void privacy_screen(void)
{
    for (;;) {
        erase();
        const char *lines[] = { _("tutorat"),
                                _("The screen is hidden to protect personal information."),
                                _("Press a key to continue.") };
        for (int i = 0; i < 3; i++) {
            int w = text_width(lines[i]);
            int x = (COLS - w) / 2;
            ui_print(LINES / 2 - 1 + i, x > 0 ? x : 0, COLS, lines[i], i == 0 ? A_BOLD : A_NORMAL);
        }
        curs_set(0);
        refresh();
        wint_t wc;
        int r = get_wch(&wc);
        if (ui_should_exit())
            break;
        if (r == ERR || (r == KEY_CODE_YES && wc == KEY_RESIZE))
            continue;
        break;
    }
    last_key = time(NULL);
    clearok(curscr, TRUE);
}

int ui_read_key(int *key)
{
    wint_t wc;
    int r = get_wch(&wc);
    if (r == ERR) {
        if (idle_limit > 0 && !ui_should_exit() && time(NULL) - last_key >= idle_limit) {
            privacy_screen();
            /* The caller redraws what was under it (a form keeps its text). */
            *key = TT_KEY(KEY_RESIZE);
            return OK;
        }
        return ERR;
    }
    last_key = time(NULL);
    *key = r == KEY_CODE_YES ? TT_KEY((int)wc) : (int)wc;
    return OK;
}

/* A centred box with the question wrapped on as many lines as it needs. */
static void draw_confirm(const char *question, const char *choices)
{
    int w = COLS - 4 < 76 ? COLS - 4 : 76;
    int inner = w - 4;
    char lines[8][512];
    int n = 0;
    const char *p = question;
    while (*p && n < 8) {
        size_t next;
        size_t len = text_line_break(p, inner, &next);
        if (len >= sizeof lines[n])
            len = sizeof lines[n] - 1;
        memcpy(lines[n], p, len);
        lines[n][len] = '\0';
        n++;
        p += next;
    }
    int widest = text_width(choices);
    for (int i = 0; i < n; i++)
        if (text_width(lines[i]) > widest)
            widest = text_width(lines[i]);
    if (widest + 4 < w)
        w = widest + 4;
    int h = n + 4;
    int y = (LINES - h) / 2, x = (COLS - w) / 2;
    if (y < 0)
        y = 0;
    if (x < 0)
        x = 0;
    attr_t box = ui_attr(UI_SELECTED);
    for (int i = 0; i < h && y + i < LINES; i++)
        ui_fill(y + i, x, w, box);
    for (int i = 0; i < n; i++)
        ui_put(y + 1 + i, x + 2, w - 4, lines[i], box | A_BOLD);
    ui_put(y + h - 2, x + 2, w - 4, choices, box);
    move(y + h - 2, x + 2);
    refresh();
}

int ui_confirm(struct app *a, const char *question)
{
    /* TRANSLATORS: the letters must match the "yes" and "no" letters below. */
    const char *choices = _("y = yes, n = no");
    const char *yes = _("y");
    const char *no = _("n");
    for (;;) {
        ui_draw_app(a);
        draw_confirm(question, choices);
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                return 0;
            continue;
        }
        if (key == TT_KEY(KEY_RESIZE))
            continue;
        if (key == yes[0] || key == 'y' || key == 'Y' || key == (yes[0] & ~0x20))
            return 1;
        if (key == no[0] || key == 'n' || key == 'N' || key == 27)
            return 0;
    }
}

/* Splits text into lines of at most cols columns (wrapping long ones). */
static char **wrap_text(const char *text, int cols, int *count)
{
    int cap = 64, n = 0;
    char **lines = xcalloc((size_t)cap, sizeof *lines);
    for (const char *p = text; *p; ) {
        size_t next;
        size_t len = text_line_break(p, cols, &next);
        if (n == cap) {
            cap *= 2;
            lines = xreallocarray(lines, (size_t)cap, sizeof *lines);
        }
        lines[n++] = xstrndup(p, len);
        p += next ? next : 1;
    }
    *count = n;
    return lines;
}

void ui_text_pager(struct app *a, const char *title, const char *text)
{
    int top = 0;
    for (;;) {
        int n = 0;
        char **lines = NULL;
        if (COLS < 80 || LINES < 24) {
            ui_draw_app(a);
        } else {
            lines = wrap_text(text, COLS - 2, &n);
            erase();
            ui_fill(0, 0, COLS, ui_attr(UI_TITLE));
            ui_put(0, 1, COLS - 2, title, ui_attr(UI_TITLE));
            int rows = LINES - 3;
            if (top > n - rows)
                top = n - rows;
            if (top < 0)
                top = 0;
            for (int i = 0; i < rows && top + i < n; i++)
                ui_put(1 + i, 1, COLS - 2, lines[top + i], A_NORMAL);
            ui_put(LINES - 1, 1, COLS - 2, _("Arrows, PgUp, PgDn: scroll; Esc, q or Enter: close"),
                   ui_attr(UI_DIM));
            move(1, 1);
            refresh();
            ui_frame_mark();
            for (int i = 0; i < n; i++)
                free(lines[i]);
            free(lines);
        }
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                return;
            continue;
        }
        int action = actions_for_key(key);
        if (action == ACT_CANCEL || action == ACT_QUIT || action == ACT_OPEN)
            return;
        if (action == ACT_UP)
            top--;
        else if (action == ACT_DOWN)
            top++;
        else if (action == ACT_PAGE_UP)
            top -= LINES - 4;
        else if (action == ACT_PAGE_DOWN)
            top += LINES - 4;
        else if (action == ACT_HOME)
            top = 0;
        else if (action == ACT_END)
            top = 1 << 20;
    }
}

int ui_move_selection(int action, int *selected, int count)
{
    int last = count > 0 ? count - 1 : 0, sel = *selected;
    switch (action) {
    case ACT_UP: sel--; break;
    case ACT_DOWN: sel++; break;
    case ACT_PAGE_UP: sel -= 10; break;
    case ACT_PAGE_DOWN: sel += 10; break;
    case ACT_HOME: sel = 0; break;
    case ACT_END: sel = last; break;
    default: return 0;
    }
    *selected = sel < 0 ? 0 : sel > last ? last : sel;
    return 1;
}
