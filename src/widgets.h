/* Small drawing helpers and dialogs shared by every screen.  All text goes
 * through text_fit, so control characters and over-long names never reach
 * the terminal raw and columns line up with accents and wide characters. */
#ifndef TT_WIDGETS_H
#define TT_WIDGETS_H
#include <curses.h>
#include "screens.h"

enum ui_color {
    UI_NORMAL = 0,
    UI_TITLE,       /* tab bar, headers */
    UI_TAB_CURRENT,
    UI_SELECTED,
    UI_FKEY_NUM,
    UI_FKEY_LABEL,
    UI_ERROR,
    UI_DIM,
    UI_GOOD
};

void ui_colors_init(int use_color);
/* The attribute for a role: a colour pair, or bold/reverse without colour. */
attr_t ui_attr(int role);
/* Writes s at (y, x) in exactly width columns (cut with "…", padded). */
void ui_put(int y, int x, int width, const char *s, attr_t attr);
/* Writes s at (y, x) without padding; returns the columns used. */
int ui_print(int y, int x, int max_width, const char *s, attr_t attr);
/* Fills a row segment with spaces in attr. */
void ui_fill(int y, int x, int width, attr_t attr);
/* Asks a yes/no question in a centred box; 1 for yes.  Handles resizing. */
int ui_confirm(struct app *a, const char *question);
/* Shows text (lines separated by '\n') full screen until Esc, q or Enter;
 * arrows and PgUp/PgDn scroll.  For reports such as an import's. */
void ui_text_pager(struct app *a, const char *title, const char *text);
/* Up, Down, PgUp (10 rows), PgDn, Home and End over rows 0..count-1 of
 * the small lists of Settings; 1 when action was one of them. */
int ui_move_selection(int action, int *selected, int count);
/* Reads one key as a TT key int (see actions.h); ERR on timeout.  After
 * the idle time it shows the privacy screen and returns KEY_RESIZE, so
 * every loop redraws. */
int ui_read_key(int *key);
/* Minutes without a key before the privacy screen; 0 never. */
void ui_set_idle_minutes(long minutes);
void ui_set_idle_seconds(long seconds);

/* Draws the whole application (shell and current screen); dialogs call it
 * to repaint what lies under them after a resize. */
void ui_draw_app(struct app *a);
/* After a frame is on the terminal: marks it for bench/keys_bench and the
 * random-keys test when TUTORAT_FRAME_MARK is set (nothing otherwise). */
void ui_frame_mark(void);
/* 1 once SIGTERM, SIGHUP or SIGINT arrived: loops must unwind and exit. */
int ui_should_exit(void);

#endif
