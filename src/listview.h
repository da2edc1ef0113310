/* A scrolling list over a store query.  It holds the visible rows only and
 * reads the next ones by seeking from the edge of what it shows (see
 * store.h), so a keystroke costs the same for 50 rows or 3,000,000.  What
 * takes longer, counting the rows and the selection's number for "row X of
 * N", is left to the screen's load hook, after the frame, where a key stops
 * it. */
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

/* What a number of the list is worth: never read, right, or right a moment
 * ago (the data changed; shown until it is read again). */
enum { LV_UNKNOWN, LV_KNOWN, LV_STALE };

struct listview {
    struct store_query query;
    const struct list_column *columns;
    int n_columns;
    struct store_row rows[LISTVIEW_MAX_ROWS];   /* the visible rows, top first */
    int n_rows;
    int sel;                /* the selected row, in rows */
    int page;               /* visible rows at the last draw */
    int want;               /* what the next draw reads first (listview.c) */
    long count;             /* rows in the list, per count_state */
    int count_state;
    int64_t count_mark;     /* the database's change mark when counted */
    double count_ms;        /* what the last count cost, and when it ended */
    double counted_at;
    long top;               /* rows above rows[0], per top_state */
    int top_state;
    long from_end;          /* after End, before the count: rows from rows[0] on
                               to the end (-1 unknown) */
    double rank_ms, ranked_at;
    int64_t rows_mark;      /* the change mark the rows were read at */
    int sort_column;        /* column shown as sorted (header mark) */
    int can_mark;           /* Space marks rows for an action on several */
    int64_t *marks;
    int n_marks;
    const char *empty_text; /* N_() shown when the list has no rows */
};

void listview_init(struct listview *lv, int list, const struct list_column *cols, int n,
                   const char *empty_text);
void listview_fini(struct listview *lv);
/* The data changed (a save here): the next draw reads the rows again, the
 * selection staying on the same record, and the counts are redone.  A draw
 * does the same by itself when the database changed since the rows were
 * read, by this program or another user's (store_change_mark). */
void listview_reload(struct listview *lv);
/* The query changed (search, filters): back to the first row, recounted. */
void listview_home(struct listview *lv);
void listview_draw(struct listview *lv, struct app *a, struct rect r);
/* Movement and sorting; H_IGNORED for other actions. */
int listview_handle(struct listview *lv, struct app *a, int action);
/* The counts the last draw could not show, for a screen's load hook: stops
 * when a key is pressed (the shell's progress handler) and is asked again. */
void listview_load(struct listview *lv, struct app *a);
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
void list_screen_load(struct app *a, void *state);
void list_screen_fini(struct app *a, void *state);

#endif
