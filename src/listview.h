/* A scrolling list over a paged store query: only the visible rows are
 * fetched, so the list costs the same for 50 rows or 200,000. */
#ifndef TT_LISTVIEW_H
#define TT_LISTVIEW_H
#include "screens.h"
#include "store.h"

struct list_column {
    const char *title;      /* N_() */
    int width;              /* minimum columns */
    int grow;               /* share of the extra width */
    /* Writes the cell's text for a row (translated words, formatted dates). */
    void (*cell)(const struct store_row *r, char *buf, size_t size);
};

#define LISTVIEW_MAX_ROWS 256

struct listview {
    struct store_query query;
    const struct list_column *columns;
    int n_columns;
    long count;
    long top;               /* first visible row */
    long selected;
    int page;               /* visible rows at the last draw */
    int stale;              /* reload the count and rows before drawing */
    struct store_row rows[LISTVIEW_MAX_ROWS];
    int n_rows;
    long rows_offset;
    int sort_column;        /* column shown as sorted (header mark) */
    int can_mark;           /* Space marks rows for an action on several */
    int64_t *marks;
    int n_marks;
    const char *empty_text; /* N_() shown when the list has no rows */
};

void listview_init(struct listview *lv, int list, const struct list_column *cols, int n,
                   const char *empty_text);
void listview_fini(struct listview *lv);
/* Marks the data as changed; the next draw reloads. */
void listview_reload(struct listview *lv);
void listview_draw(struct listview *lv, struct app *a, struct rect r);
/* Movement and sorting; H_IGNORED for other actions. */
int listview_handle(struct listview *lv, struct app *a, int action);
/* Marks or unmarks the selected row. */
void listview_toggle_mark(struct listview *lv);
void listview_clear_marks(struct listview *lv);
/* The selected row, or NULL. */
const struct store_row *listview_current(const struct listview *lv);

/* A screen that is just one list: its state, and handlers to put in its
 * screen_ops. */
struct list_screen {
    struct listview lv;
    int list;
    const struct list_column *columns;
    int n_columns;
    const char *empty_text;
    int ready;
};

void list_screen_enter(struct app *a, void *state);
void list_screen_draw(struct app *a, void *state, struct rect r);
int list_screen_handle(struct app *a, void *state, int action, int key);
void list_screen_fini(struct app *a, void *state);

#endif
