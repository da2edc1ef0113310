#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "actions.h"
#include "i18n.h"
#include "listview.h"
#include "text.h"
#include "util.h"
#include "widgets.h"

/* What the next draw must read before drawing. */
enum { WANT_NOTHING, WANT_HOME, WANT_END, WANT_KEEP };

/* A count or a row number that went stale is redone at most once in this
 * many times what it cost, so a list under other users' steady changes
 * does not spend the machine recounting 3,000,000 sessions. */
#define RECOUNT_FACTOR 20

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void listview_init(struct listview *lv, int list, const struct list_column *cols, int n,
                   const char *empty_text)
{
    memset(lv, 0, sizeof *lv);
    lv->query.list = list;
    lv->columns = cols;
    lv->n_columns = n;
    lv->empty_text = empty_text;
    lv->want = WANT_HOME;
}

static void clear_rows(struct listview *lv)
{
    store_rows_clear(lv->rows, lv->n_rows);
    lv->n_rows = 0;
    lv->sel = 0;
}

void listview_fini(struct listview *lv)
{
    clear_rows(lv);
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
    if (lv->want == WANT_NOTHING)
        lv->want = WANT_KEEP;
    /* Forces the counts to be redone even if no change shows in the mark. */
    if (lv->count_state == LV_KNOWN)
        lv->count_state = LV_STALE;
    lv->counted_at = 0;
}

void listview_home(struct listview *lv)
{
    lv->want = WANT_HOME;
    lv->count_state = LV_UNKNOWN;
    lv->top_state = LV_UNKNOWN;
}

static void report(struct listview *lv, struct app *a, const struct tt_error *err)
{
    (void)lv;
    app_message(a, 1, "%s", err->msg);
}

/* ---- reading the window -------------------------------------------------- */

/* The rows above rows[0] moved by d (a scroll). */
static void shift_top(struct listview *lv, long d)
{
    if (lv->top_state == LV_KNOWN || lv->top_state == LV_STALE) {
        lv->top += d;
        if (lv->top < 0)
            lv->top = 0;
    }
    if (lv->from_end > 0)
        lv->from_end -= d;
}

/* rows[0] is the list's first row. */
static void at_start(struct listview *lv, int64_t mark)
{
    lv->top = 0;
    lv->top_state = LV_KNOWN;
    (void)mark;
}

/* The window holds the list's last row: with the top known, so is the
 * count, without counting. */
static void at_end(struct listview *lv, int64_t mark)
{
    if (lv->top_state == LV_KNOWN) {
        lv->count = lv->top + lv->n_rows;
        lv->count_state = LV_KNOWN;
        lv->count_mark = mark;
    }
}

static int read_home(struct listview *lv, struct app *a, int64_t mark)
{
    struct tt_error err;
    tt_error_clear(&err);
    clear_rows(lv);
    if (store_page(a->db, &lv->query, STORE_FIRST, NULL, lv->page, lv->rows, &lv->n_rows, &err)
        != TT_OK) {
        report(lv, a, &err);
        return -1;
    }
    at_start(lv, mark);
    lv->from_end = -1;
    if (lv->n_rows < lv->page)
        at_end(lv, mark);
    return 0;
}

static int read_end(struct listview *lv, struct app *a, int64_t mark)
{
    struct tt_error err;
    tt_error_clear(&err);
    clear_rows(lv);
    if (store_page(a->db, &lv->query, STORE_LAST, NULL, lv->page, lv->rows, &lv->n_rows, &err)
        != TT_OK) {
        report(lv, a, &err);
        return -1;
    }
    lv->sel = lv->n_rows > 0 ? lv->n_rows - 1 : 0;
    lv->from_end = lv->n_rows;
    if (lv->n_rows < lv->page) {
        at_start(lv, mark);
        at_end(lv, mark);
    } else if (lv->count_state == LV_KNOWN) {
        lv->top = lv->count - lv->n_rows;
        lv->top_state = lv->top >= 0 ? LV_KNOWN : LV_UNKNOWN;
    } else {
        lv->top_state = LV_UNKNOWN;
    }
    return 0;
}

/* Reads the window again around a row, which keeps its place on the
 * screen (the row at sel): the row itself if it is still in the list, else
 * whatever now follows its old place. */
static int read_around(struct listview *lv, struct app *a, int64_t mark,
                       const struct store_row *anchor, int sel)
{
    struct tt_error err;
    tt_error_clear(&err);
    int page = lv->page;
    int want_before = sel < page - 1 ? sel : page - 1;
    static struct store_row before[LISTVIEW_MAX_ROWS], after[LISTVIEW_MAX_ROWS];
    int nb = 0, na = 0;
    int rc = store_page(a->db, &lv->query, STORE_BEFORE, anchor, want_before, before, &nb, &err);
    int asked_after = page - nb;
    if (rc == TT_OK)
        rc = store_page(a->db, &lv->query, STORE_FROM, anchor, asked_after, after, &na, &err);
    int first = nb < want_before;   /* fewer rows before than asked: the list starts there */
    if (rc == TT_OK && nb + na < page && !first) {
        /* Near the end: fill the screen from above. */
        const struct store_row *edge = nb > 0 ? &before[0] : anchor;
        static struct store_row more[LISTVIEW_MAX_ROWS];
        int nm = 0;
        int want = page - nb - na;
        rc = store_page(a->db, &lv->query, STORE_BEFORE, edge, want, more, &nm, &err);
        if (rc == TT_OK) {
            memmove(before + nm, before, (size_t)nb * sizeof *before);
            memcpy(before, more, (size_t)nm * sizeof *more);
            nb += nm;
            first = nm < want;
        }
    }
    if (rc != TT_OK) {
        store_rows_clear(before, nb);
        store_rows_clear(after, na);
        report(lv, a, &err);
        return -1;
    }
    clear_rows(lv);
    memcpy(lv->rows, before, (size_t)nb * sizeof *before);
    memcpy(lv->rows + nb, after, (size_t)na * sizeof *after);
    lv->n_rows = nb + na;
    lv->sel = na > 0 ? nb : (nb > 0 ? nb - 1 : 0);
    lv->from_end = -1;
    if (first)
        at_start(lv, mark);
    else if (lv->top_state != LV_UNKNOWN)
        lv->top_state = LV_STALE;   /* the old number shows until recounted */
    lv->ranked_at = 0;
    if (na < asked_after)
        at_end(lv, mark);
    return 0;
}

static int find_row(const struct listview *lv, int64_t key_id)
{
    for (int i = 0; i < lv->n_rows; i++)
        if (lv->rows[i].key[2] && sqlite3_value_int64(lv->rows[i].key[2]) == key_id)
            return i;
    return -1;
}

/* Reads the rows again after a change.  The window stays where it was (at
 * the start if it was there, so what arrives on top shows) and the
 * selection on the same record; if the change took the record out of the
 * window (a new name), the window follows it. */
static int read_keep(struct listview *lv, struct app *a, int64_t mark)
{
    if (lv->n_rows == 0)
        return read_home(lv, a, mark);
    struct tt_error err;
    tt_error_clear(&err);
    struct store_row selected, fresh, top;
    store_row_copy(&selected, &lv->rows[lv->sel]);
    store_row_copy(&top, &lv->rows[0]);
    int64_t id = selected.key[2] ? sqlite3_value_int64(selected.key[2]) : 0;
    int old_sel = lv->sel, found = 0, rc = 0;
    long old_top = lv->top;
    int was_first = lv->top_state == LV_KNOWN && lv->top == 0;
    if (store_row_again(a->db, &lv->query, &selected, &fresh, &found, &err) != TT_OK) {
        report(lv, a, &err);
        rc = -1;
    } else if (was_first) {
        rc = read_home(lv, a, mark);
    } else {
        rc = read_around(lv, a, mark, &top, 0);
    }
    if (rc == 0) {
        int at = find_row(lv, id);
        if (at >= 0) {
            lv->sel = at;
        } else if (found) {
            rc = read_around(lv, a, mark, &fresh, old_sel);
        } else {
            lv->sel = old_sel < lv->n_rows ? old_sel : (lv->n_rows > 0 ? lv->n_rows - 1 : 0);
        }
        if (rc == 0 && lv->top_state == LV_STALE && at >= 0 && !was_first)
            lv->top = old_top;
    }
    store_rows_clear(&selected, 1);
    store_rows_clear(&top, 1);
    if (found)
        store_rows_clear(&fresh, 1);
    return rc;
}

/* Reads what the window needs before a draw. */
static void read_window(struct listview *lv, struct app *a, int page)
{
    int64_t mark = store_change_mark(a->db);
    if (page != lv->page && lv->want == WANT_NOTHING)
        lv->want = WANT_KEEP;
    lv->page = page;
    if (mark != lv->rows_mark && lv->want == WANT_NOTHING)
        lv->want = WANT_KEEP;
    if (lv->count_state == LV_KNOWN && lv->count_mark != mark)
        lv->count_state = LV_STALE;
    int want = lv->want;
    lv->want = WANT_NOTHING;
    lv->rows_mark = mark;
    if (want == WANT_HOME)
        read_home(lv, a, mark);
    else if (want == WANT_END)
        read_end(lv, a, mark);
    else if (want == WANT_KEEP)
        read_keep(lv, a, mark);
    if (lv->top_state == LV_UNKNOWN && lv->count_state == LV_KNOWN && lv->from_end > 0 &&
        lv->from_end <= lv->count) {
        lv->top = lv->count - lv->from_end;
        lv->top_state = LV_KNOWN;
    }
}

/* ---- moving ------------------------------------------------------------- */

/* Drops n rows from the top (d > 0) or the bottom of the window. */
static void drop_rows(struct listview *lv, int n, int from_top)
{
    if (n <= 0)
        return;
    if (n > lv->n_rows)
        n = lv->n_rows;
    if (from_top) {
        store_rows_clear(lv->rows, n);
        memmove(lv->rows, lv->rows + n, (size_t)(lv->n_rows - n) * sizeof *lv->rows);
    } else {
        store_rows_clear(lv->rows + lv->n_rows - n, n);
    }
    lv->n_rows -= n;
}

/* Down by `by` rows: 1 for the arrow, a page for PgDn.  The window moves
 * when the selection would leave it. */
static void move_down(struct listview *lv, struct app *a, int by)
{
    if (lv->n_rows == 0)
        return;
    if (lv->sel + by < lv->n_rows) {
        lv->sel += by;
        return;
    }
    int64_t mark = store_change_mark(a->db);
    struct tt_error err;
    tt_error_clear(&err);
    static struct store_row more[LISTVIEW_MAX_ROWS];
    int want = by < lv->page ? by : lv->page;
    int n = 0;
    if (store_page(a->db, &lv->query, STORE_AFTER, &lv->rows[lv->n_rows - 1], want, more, &n,
                   &err) != TT_OK) {
        report(lv, a, &err);
        return;
    }
    if (n < want)
        at_end(lv, mark);
    /* Whole list window: keep the last `page` rows of old and new. */
    int total = lv->n_rows + n;
    int drop = total > lv->page ? total - lv->page : 0;
    if (drop > lv->n_rows)
        drop = lv->n_rows;
    long sel_abs = lv->sel + by;        /* in the old window's numbering */
    drop_rows(lv, drop, 1);
    memcpy(lv->rows + lv->n_rows, more, (size_t)n * sizeof *more);
    lv->n_rows += n;
    shift_top(lv, drop);
    sel_abs -= drop;
    lv->sel = sel_abs < lv->n_rows ? (int)sel_abs : lv->n_rows - 1;
    if (n < want)
        at_end(lv, mark);
}

static void move_up(struct listview *lv, struct app *a, int by)
{
    if (lv->n_rows == 0)
        return;
    if (lv->sel - by >= 0) {
        lv->sel -= by;
        return;
    }
    int64_t mark = store_change_mark(a->db);
    struct tt_error err;
    tt_error_clear(&err);
    static struct store_row more[LISTVIEW_MAX_ROWS];
    int want = by < lv->page ? by : lv->page;
    int n = 0;
    if (store_page(a->db, &lv->query, STORE_BEFORE, &lv->rows[0], want, more, &n, &err)
        != TT_OK) {
        report(lv, a, &err);
        return;
    }
    int total = lv->n_rows + n;
    int drop = total > lv->page ? total - lv->page : 0;
    if (drop > lv->n_rows)
        drop = lv->n_rows;
    long sel_abs = lv->sel - by + n;    /* in the new window's numbering */
    drop_rows(lv, drop, 0);
    memmove(lv->rows + n, lv->rows, (size_t)lv->n_rows * sizeof *lv->rows);
    memcpy(lv->rows, more, (size_t)n * sizeof *more);
    lv->n_rows += n;
    shift_top(lv, -n);
    lv->sel = sel_abs < 0 ? 0 : sel_abs >= lv->n_rows ? lv->n_rows - 1 : (int)sel_abs;
    if (n < want)
        at_start(lv, mark);
}

/* ---- drawing ------------------------------------------------------------ */

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

/* Whether the load hook has counting to do now. */
static int load_due(const struct listview *lv, double now)
{
    if (lv->count_state == LV_UNKNOWN)
        return 1;
    if (lv->count_state == LV_STALE && now >= lv->counted_at + RECOUNT_FACTOR * lv->count_ms)
        return 1;
    if (lv->n_rows == 0)
        return 0;
    if (lv->top_state == LV_UNKNOWN)
        return 1;
    return lv->top_state == LV_STALE && now >= lv->ranked_at + RECOUNT_FACTOR * lv->rank_ms;
}

/* "12 of 3,400"; while a number is being counted, "…" in its place. */
static void position_text(const struct listview *lv, char *buf, size_t size)
{
    long total = lv->count_state != LV_UNKNOWN ? lv->count : -1;
    long pos = -1;
    if (lv->top_state != LV_UNKNOWN)
        pos = lv->top + lv->sel + 1;
    if (total >= 0 && pos > total)
        pos = total;
    char where[128];
    if (lv->n_rows == 0)
        snprintf(where, sizeof where, "%s", _("no rows"));
    else if (pos >= 0 && total >= 0)
        snprintf(where, sizeof where, _("%ld of %ld"), pos, total);
    else if (pos >= 0)
        snprintf(where, sizeof where, _("%ld of …"), pos);
    else if (total >= 0)
        snprintf(where, sizeof where, _("… of %ld"), total);
    else
        snprintf(where, sizeof where, "%s", _("… of …"));
    if (lv->n_rows > 0 && lv->n_marks > 0)
        snprintf(buf, size, _("%d marked, %s"), lv->n_marks, where);
    else
        snprintf(buf, size, "%s", where);
}

void listview_draw(struct listview *lv, struct app *a, struct rect r)
{
    if (r.h < 3)
        return;
    int page = r.h - 2; /* header and position line */
    if (page > LISTVIEW_MAX_ROWS)
        page = LISTVIEW_MAX_ROWS;
    read_window(lv, a, page);
    if (load_due(lv, now_ms()))
        a->pending_load = 1;

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
        if (i >= lv->n_rows) {
            ui_fill(y, r.x, r.w, A_NORMAL);
            continue;
        }
        const struct store_row *row = &lv->rows[i];
        attr_t attr = i == lv->sel ? ui_attr(UI_SELECTED) : A_NORMAL;
        if (i == lv->sel)
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
    if (lv->n_rows == 0)
        ui_put(r.y + 2, r.x + 2, r.w - 4, _(lv->empty_text), ui_attr(UI_DIM));

    char pos[256];
    position_text(lv, pos, sizeof pos);
    int pw = text_width(pos);
    ui_fill(r.y + r.h - 1, r.x, r.w, A_NORMAL);
    ui_put(r.y + r.h - 1, r.x + r.w - pw - 1, pw, pos, ui_attr(UI_DIM));
    /* The hardware cursor follows the selection, for screen readers. */
    move(cursor_y, r.x);
}

void listview_load(struct listview *lv, struct app *a)
{
    double now = now_ms();
    if (!load_due(lv, now))
        return;
    struct tt_error err;
    tt_error_clear(&err);
    int64_t mark = store_change_mark(a->db);
    if (lv->count_state != LV_KNOWN) {
        long count = 0;
        if (store_count(a->db, &lv->query, &count, &err) != TT_OK) {
            if (!store_was_interrupted(a->db)) {
                report(lv, a, &err);
                lv->count_state = LV_KNOWN;    /* not asked again until a change */
                lv->count_mark = mark;
            }
            return;
        }
        lv->count = count;
        lv->count_state = LV_KNOWN;
        lv->count_mark = mark;
        lv->counted_at = now_ms();
        lv->count_ms = lv->counted_at - now;
        if (lv->top_state == LV_UNKNOWN && lv->from_end > 0 && lv->from_end <= count) {
            lv->top = count - lv->from_end;
            lv->top_state = LV_KNOWN;
        }
    }
    if (lv->n_rows > 0 && lv->top_state != LV_KNOWN) {
        double t0 = now_ms();
        long rank = 0;
        if (store_rank(a->db, &lv->query, &lv->rows[0], &rank, &err) != TT_OK) {
            if (!store_was_interrupted(a->db)) {
                report(lv, a, &err);
                lv->top_state = LV_KNOWN;
            }
            return;
        }
        lv->top = rank;
        lv->top_state = LV_KNOWN;
        lv->ranked_at = now_ms();
        lv->rank_ms = lv->ranked_at - t0;
    }
}

int listview_handle(struct listview *lv, struct app *a, int action)
{
    int page = lv->page > 1 ? lv->page : 1;
    switch (action) {
    case ACT_UP: move_up(lv, a, 1); break;
    case ACT_DOWN: move_down(lv, a, 1); break;
    case ACT_PAGE_UP: move_up(lv, a, page); break;
    case ACT_PAGE_DOWN: move_down(lv, a, page); break;
    case ACT_HOME:
        lv->want = WANT_HOME;
        break;
    case ACT_END:
        lv->want = WANT_END;
        break;
    case ACT_SORT: {
        int n = store_sort_count(lv->query.list);
        if (n <= 1) {
            app_message(a, 0, "%s", _("This list has a single order."));
            return H_DONE;
        }
        lv->query.sort = (lv->query.sort + 1) % n;
        lv->query.descending = 0;
        lv->sort_column = lv->query.sort;
        lv->want = WANT_HOME;
        lv->query.plan = 0;
        return H_DONE;
    }
    case ACT_REVERSE:
        lv->query.descending = !lv->query.descending;
        lv->want = WANT_HOME;
        return H_DONE;
    default:
        return H_IGNORED;
    }
    return H_DONE;
}

const struct store_row *listview_current(const struct listview *lv)
{
    if (lv->n_rows == 0 || lv->sel < 0 || lv->sel >= lv->n_rows)
        return NULL;
    return &lv->rows[lv->sel];
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
    (void)a;
    list_screen_ready(ls);
    /* Rows again (cheap); the counts only if the data changed. */
    if (ls->lv.want == WANT_NOTHING)
        ls->lv.want = WANT_KEEP;
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
    (void)key;
    list_screen_ready(ls);
    return listview_handle(&ls->lv, a, action);
}

void list_screen_load(struct app *a, void *state)
{
    struct list_screen *ls = state;
    if (ls->ready)
        listview_load(&ls->lv, a);
}

void list_screen_fini(struct app *a, void *state)
{
    struct list_screen *ls = state;
    (void)a;
    if (ls->ready)
        listview_fini(&ls->lv);
    ls->ready = 0;
}
