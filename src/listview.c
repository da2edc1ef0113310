#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "i18n.h"
#include "listview.h"
#include "text.h"
#include "util.h"
#include "widgets.h"

void listview_init(struct listview *lv, int list, const struct list_column *cols, int n,
                   const char *empty_text)
{
    memset(lv, 0, sizeof *lv);
    lv->query.list = list;
    lv->columns = cols;
    lv->n_columns = n;
    lv->empty_text = empty_text;
    lv->stale = 1;
}

void listview_fini(struct listview *lv)
{
    store_rows_clear(lv->rows, lv->n_rows);
    lv->n_rows = 0;
    listview_clear_marks(lv);
}

static int marked(const struct listview *lv, int64_t id)
{
    for (int i = 0; i < lv->n_marks; i++)
        if (lv->marks[i] == id)
            return 1;
    return 0;
}

void listview_toggle_mark(struct listview *lv)
{
    const struct store_row *row = listview_current(lv);
    if (row == NULL)
        return;
    for (int i = 0; i < lv->n_marks; i++) {
        if (lv->marks[i] == row->id) {
            lv->marks[i] = lv->marks[--lv->n_marks];
            return;
        }
    }
    lv->marks = xreallocarray(lv->marks, (size_t)lv->n_marks + 1, sizeof *lv->marks);
    lv->marks[lv->n_marks++] = row->id;
}

void listview_clear_marks(struct listview *lv)
{
    free(lv->marks);
    lv->marks = NULL;
    lv->n_marks = 0;
}

void listview_reload(struct listview *lv)
{
    lv->stale = 1;
}

static void clamp(struct listview *lv)
{
    if (lv->selected >= lv->count)
        lv->selected = lv->count - 1;
    if (lv->selected < 0)
        lv->selected = 0;
    int page = lv->page > 0 ? lv->page : 1;
    if (lv->top > lv->selected)
        lv->top = lv->selected;
    if (lv->selected >= lv->top + page)
        lv->top = lv->selected - page + 1;
    if (lv->top > lv->count - page)
        lv->top = lv->count - page;
    if (lv->top < 0)
        lv->top = 0;
}

/* Fetches the visible window unless it is already loaded. */
static int load_window(struct listview *lv, struct app *a, int page)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (lv->stale) {
        if (store_count(a->db, &lv->query, &lv->count, &err) != TT_OK) {
            app_message(a, 1, "%s", err.msg);
            return -1;
        }
        lv->query.total = lv->count;
    }
    lv->page = page;
    clamp(lv);
    if (!lv->stale && lv->rows_offset == lv->top && lv->n_rows >= page)
        return 0;
    if (!lv->stale && lv->rows_offset == lv->top && lv->n_rows == lv->count - lv->top)
        return 0;
    store_rows_clear(lv->rows, lv->n_rows);
    lv->n_rows = 0;
    int limit = page < LISTVIEW_MAX_ROWS ? page : LISTVIEW_MAX_ROWS;
    if (store_fetch(a->db, &lv->query, lv->top, limit, lv->rows, &lv->n_rows, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return -1;
    }
    lv->rows_offset = lv->top;
    lv->stale = 0;
    return 0;
}

/* Minimum widths first; what is left goes to the growing columns. */
static void column_widths(const struct listview *lv, int total, int *w)
{
    int used = 0, grow = 0;
    for (int c = 0; c < lv->n_columns; c++) {
        w[c] = lv->columns[c].width;
        used += w[c] + (c ? 1 : 0);
        grow += lv->columns[c].grow;
    }
    int extra = total - used;
    if (extra > 0 && grow > 0) {
        int given = 0, last = -1;
        for (int c = 0; c < lv->n_columns; c++) {
            if (lv->columns[c].grow == 0)
                continue;
            int add = extra * lv->columns[c].grow / grow;
            w[c] += add;
            given += add;
            last = c;
        }
        if (last >= 0)
            w[last] += extra - given;
    }
}

void listview_draw(struct listview *lv, struct app *a, struct rect r)
{
    if (r.h < 3)
        return;
    int page = r.h - 2; /* header and position line */
    if (page > LISTVIEW_MAX_ROWS)
        page = LISTVIEW_MAX_ROWS;
    if (load_window(lv, a, page) != 0)
        return;

    int w[16];
    column_widths(lv, r.w, w);
    ui_fill(r.y, r.x, r.w, ui_attr(UI_TITLE));
    int x = r.x;
    for (int c = 0; c < lv->n_columns && x < r.x + r.w; c++) {
        char title[128];
        const char *mark = "";
        if (c == lv->sort_column)
            mark = lv->query.descending ? (a->utf8 ? "▼" : "v") : (a->utf8 ? "▲" : "^");
        /* The sort mark stays visible however narrow the column. */
        int mw = mark[0] ? 1 : 0;
        int width = w[c] < r.x + r.w - x ? w[c] : r.x + r.w - x;
        text_fit(title, sizeof title, _(lv->columns[c].title), width - mw, 0);
        ui_print(r.y, x, width, title, ui_attr(UI_TITLE));
        if (mw)
            ui_print(r.y, x + text_width(title), 1, mark, ui_attr(UI_TITLE));
        x += w[c] + 1;
    }

    int cursor_y = r.y + 1;
    for (int i = 0; i < page; i++) {
        int y = r.y + 1 + i;
        long idx = lv->top + i;
        if (idx >= lv->count || i >= lv->n_rows) {
            ui_fill(y, r.x, r.w, A_NORMAL);
            continue;
        }
        const struct store_row *row = &lv->rows[i];
        attr_t attr = idx == lv->selected ? ui_attr(UI_SELECTED) : A_NORMAL;
        if (idx == lv->selected)
            cursor_y = y;
        x = r.x;
        ui_fill(y, r.x, r.w, attr);
        for (int c = 0; c < lv->n_columns && x < r.x + r.w; c++) {
            char cell[1024];
            cell[0] = '\0';
            if (c == 0 && lv->can_mark) {
                /* The mark sits in front of the first cell. */
                char rest[1000] = "";
                lv->columns[c].cell(row, rest, sizeof rest);
                snprintf(cell, sizeof cell, "%s%s", marked(lv, row->id) ? "* " : "  ", rest);
            } else {
                lv->columns[c].cell(row, cell, sizeof cell);
            }
            int width = w[c] < r.x + r.w - x ? w[c] : r.x + r.w - x;
            ui_put(y, x, width, cell, attr);
            x += w[c] + 1;
        }
    }
    if (lv->count == 0)
        ui_put(r.y + 2, r.x + 2, r.w - 4, _(lv->empty_text), ui_attr(UI_DIM));

    char pos[128];
    if (lv->count > 0 && lv->n_marks > 0)
        snprintf(pos, sizeof pos, _("%d marked, %ld of %ld"), lv->n_marks, lv->selected + 1,
                 lv->count);
    else if (lv->count > 0)
        snprintf(pos, sizeof pos, _("%ld of %ld"), lv->selected + 1, lv->count);
    else
        snprintf(pos, sizeof pos, "%s", _("no rows"));
    int pw = text_width(pos);
    ui_fill(r.y + r.h - 1, r.x, r.w, A_NORMAL);
    ui_put(r.y + r.h - 1, r.x + r.w - pw - 1, pw, pos, ui_attr(UI_DIM));
    /* The hardware cursor follows the selection, for screen readers. */
    move(cursor_y, r.x);
}

int listview_handle(struct listview *lv, struct app *a, int action)
{
    int page = lv->page > 1 ? lv->page : 1;
    switch (action) {
    case ACT_UP: lv->selected--; break;
    case ACT_DOWN: lv->selected++; break;
    case ACT_PAGE_UP: lv->selected -= page; lv->top -= page; break;
    case ACT_PAGE_DOWN: lv->selected += page; lv->top += page; break;
    case ACT_HOME: lv->selected = 0; break;
    case ACT_END: lv->selected = lv->count - 1; break;
    case ACT_SORT: {
        int n = store_sort_count(lv->query.list);
        if (n <= 1) {
            app_message(a, 0, "%s", _("This list has a single order."));
            return H_DONE;
        }
        lv->query.sort = (lv->query.sort + 1) % n;
        lv->query.descending = 0;
        lv->sort_column = lv->query.sort;
        lv->stale = 1;
        return H_DONE;
    }
    case ACT_REVERSE:
        lv->query.descending = !lv->query.descending;
        lv->stale = 1;
        return H_DONE;
    default:
        return H_IGNORED;
    }
    clamp(lv);
    return H_DONE;
}

const struct store_row *listview_current(const struct listview *lv)
{
    long i = lv->selected - lv->rows_offset;
    if (lv->count == 0 || i < 0 || i >= lv->n_rows)
        return NULL;
    return &lv->rows[i];
}

static void list_screen_ready(struct list_screen *ls)
{
    if (!ls->ready) {
        listview_init(&ls->lv, ls->list, ls->columns, ls->n_columns, ls->empty_text);
        ls->ready = 1;
    }
}

void list_screen_enter(struct app *a, void *state)
{
    struct list_screen *ls = state;
    list_screen_ready(ls);
    listview_reload(&ls->lv);
}

void list_screen_draw(struct app *a, void *state, struct rect r)
{
    struct list_screen *ls = state;
    list_screen_ready(ls);
    listview_draw(&ls->lv, a, r);
}

int list_screen_handle(struct app *a, void *state, int action, int key)
{
    struct list_screen *ls = state;
    list_screen_ready(ls);
    return listview_handle(&ls->lv, a, action);
}

void list_screen_fini(struct app *a, void *state)
{
    struct list_screen *ls = state;
    if (ls->ready)
        listview_fini(&ls->lv);
    ls->ready = 0;
}
