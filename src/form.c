#include "config.h"
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include "actions.h"
#include "form.h"
#include "i18n.h"
#include "text.h"
#include "util.h"
#include "widgets.h"

void form_init(struct form *f)
{
    for (int i = 0; i < f->n_fields; i++) {
        struct form_field *x = &f->fields[i];
        x->text = NULL;
        x->len = x->cap = x->cursor = 0;
        x->choice = x->kind == FK_BOOL ? 0 : -1;
        x->bits = 0;
        x->sub = 0;
    }
    f->current = 0;
    f->changed = 0;
}

void form_free(struct form *f)
{
    for (int i = 0; i < f->n_fields; i++) {
        free(f->fields[i].text);
        f->fields[i].text = NULL;
        f->fields[i].len = f->fields[i].cap = 0;
    }
}

struct form_field *form_field(struct form *f, const char *id)
{
    for (int i = 0; i < f->n_fields; i++)
        if (strcmp(f->fields[i].id, id) == 0)
            return &f->fields[i];
    return NULL;
}

int form_focus(struct form *f, const char *id)
{
    for (int i = 0; i < f->n_fields; i++) {
        if (strcmp(f->fields[i].id, id) == 0) {
            f->current = i;
            return 0;
        }
    }
    return -1;
}

static const char *choice_label(const struct form_field *x, int i)
{
    return x->literal ? x->choices[i].label : _(x->choices[i].label);
}

static int is_text(const struct form_field *x)
{
    return x->kind == FK_TEXT || x->kind == FK_AREA;
}

static void text_reserve(struct form_field *x, size_t n)
{
    if (n + 1 > x->cap) {
        x->cap = (n + 1) * 2;
        x->text = xreallocarray(x->text, x->cap, sizeof *x->text);
    }
}

void form_set_text(struct form *f, const char *id, const char *utf8)
{
    struct form_field *x = form_field(f, id);
    if (x == NULL || !is_text(x))
        return;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = strlen(utf8);
    text_reserve(x, n);
    x->len = 0;
    const char *p = utf8;
    while (*p) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, p, strlen(p), &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            /* Invalid bytes never reach the screen: replace, keep going. */
            wc = L'?';
            k = 1;
            memset(&st, 0, sizeof st);
        }
        if (x->max_chars <= 0 || (int)x->len < x->max_chars)
            x->text[x->len++] = wc;
        p += k;
    }
    x->text[x->len] = L'\0';
    x->cursor = x->len;
}

void form_get_text(const struct form *f, const char *id, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < f->n_fields; i++) {
        const struct form_field *x = &f->fields[i];
        if (strcmp(x->id, id) != 0 || !is_text(x))
            continue;
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t used = 0;
        for (size_t k = 0; k < x->len; k++) {
            char mb[MB_LEN_MAX];
            size_t n = wcrtomb(mb, x->text[k], &st);
            if (n == (size_t)-1 || used + n >= size)
                break;
            memcpy(buf + used, mb, n);
            used += n;
        }
        buf[used] = '\0';
        return;
    }
}

const char *form_get_choice(const struct form *f, const char *id)
{
    for (int i = 0; i < f->n_fields; i++) {
        const struct form_field *x = &f->fields[i];
        if (strcmp(x->id, id) == 0 && x->kind == FK_CHOICE && x->choice >= 0 &&
            x->choice < x->n_choices)
            return x->choices[x->choice].code;
        if (strcmp(x->id, id) == 0 && x->kind == FK_BOOL)
            return x->choice ? "1" : "0";
    }
    return "";
}

void form_set_choice(struct form *f, const char *id, const char *code)
{
    struct form_field *x = form_field(f, id);
    if (x == NULL)
        return;
    if (x->kind == FK_BOOL) {
        x->choice = code && strcmp(code, "1") == 0;
        return;
    }
    x->choice = -1;
    for (int i = 0; code && i < x->n_choices; i++)
        if (strcmp(x->choices[i].code, code) == 0)
            x->choice = i;
}

unsigned form_get_bits(const struct form *f, const char *id)
{
    for (int i = 0; i < f->n_fields; i++)
        if (strcmp(f->fields[i].id, id) == 0)
            return f->fields[i].bits;
    return 0;
}

void form_set_bits(struct form *f, const char *id, unsigned bits)
{
    struct form_field *x = form_field(f, id);
    if (x)
        x->bits = bits;
}

/* ---- editing ----------------------------------------------------------- */

static void insert_char(struct form_field *x, wchar_t wc)
{
    if (x->max_chars > 0 && (int)x->len >= x->max_chars)
        return;
    text_reserve(x, x->len + 1);
    memmove(&x->text[x->cursor + 1], &x->text[x->cursor], (x->len - x->cursor) * sizeof(wchar_t));
    x->text[x->cursor++] = wc;
    x->len++;
    x->text[x->len] = L'\0';
}

static void delete_at(struct form_field *x, size_t at)
{
    if (at >= x->len)
        return;
    memmove(&x->text[at], &x->text[at + 1], (x->len - at - 1) * sizeof(wchar_t));
    x->len--;
    x->text[x->len] = L'\0';
}

static int is_enter(int key)
{
    return key == '\r' || key == '\n' || key == TT_KEY(KEY_ENTER);
}

static int is_backspace(int key)
{
    return key == 127 || key == 8 || key == TT_KEY(KEY_BACKSPACE);
}

/* Characters a person types; control characters (including C1) never get
 * into a field. */
static int is_typed(int key)
{
    return key >= 32 && key < TT_KEY_CODE && key != 127 && !(key >= 0x80 && key < 0xA0);
}

static int edit_text(struct form_field *x, int key)
{
    if (is_typed(key)) {
        insert_char(x, (wchar_t)key);
        return FORM_EDITED;
    }
    if (is_backspace(key)) {
        if (x->cursor == 0)
            return FORM_NOTHING;
        x->cursor--;
        delete_at(x, x->cursor);
        return FORM_EDITED;
    }
    switch (key) {
    case TT_KEY(KEY_DC):
        if (x->cursor >= x->len)
            return FORM_NOTHING;
        delete_at(x, x->cursor);
        return FORM_EDITED;
    case TT_KEY(KEY_LEFT):
        if (x->cursor > 0)
            x->cursor--;
        return FORM_MOVED;
    case TT_KEY(KEY_RIGHT):
        if (x->cursor < x->len)
            x->cursor++;
        return FORM_MOVED;
    case TT_KEY(KEY_HOME):
    case 1: /* C-a */
        x->cursor = 0;
        return FORM_MOVED;
    case TT_KEY(KEY_END):
    case 5: /* C-e */
        x->cursor = x->len;
        return FORM_MOVED;
    case 21: /* C-u */
        if (x->len == 0)
            return FORM_NOTHING;
        x->len = x->cursor = 0;
        x->text[0] = L'\0';
        return FORM_EDITED;
    default:
        return -1;
    }
}

static int choice_popup(struct form *f, struct app *a, struct form_field *x);

static int edit_choice(struct form *f, struct app *a, struct form_field *x, int key)
{
    if (x->n_choices == 0)
        return -1;
    if (key == TT_KEY(KEY_RIGHT) || key == TT_KEY(KEY_LEFT)) {
        int step = key == TT_KEY(KEY_RIGHT) ? 1 : -1;
        x->choice = x->choice < 0 ? (step > 0 ? 0 : x->n_choices - 1)
                                  : (x->choice + step + x->n_choices) % x->n_choices;
        return FORM_EDITED;
    }
    if (key == ' ')
        return choice_popup(f, a, x);
    if (is_typed(key)) {
        /* A letter jumps to the next choice starting with it. */
        wint_t want = towlower((wint_t)key);
        for (int k = 1; k <= x->n_choices; k++) {
            int i = (x->choice + k + x->n_choices) % x->n_choices;
            wchar_t first;
            if (mbtowc(&first, choice_label(x, i), MB_CUR_MAX) > 0 &&
                towlower((wint_t)first) == want) {
                x->choice = i;
                return FORM_EDITED;
            }
        }
        return FORM_NOTHING;
    }
    return -1;
}

static int edit_multi(struct form_field *x, int key)
{
    switch (key) {
    case TT_KEY(KEY_RIGHT):
        if (x->sub < x->n_choices - 1)
            x->sub++;
        return FORM_MOVED;
    case TT_KEY(KEY_LEFT):
        if (x->sub > 0)
            x->sub--;
        return FORM_MOVED;
    case ' ':
        x->bits ^= 1u << x->sub;
        return FORM_EDITED;
    default:
        return -1;
    }
}

static int edit_bool(struct form_field *x, int key)
{
    const char *yes = _("y");
    if (key == ' ' || key == TT_KEY(KEY_LEFT) || key == TT_KEY(KEY_RIGHT)) {
        x->choice = !x->choice;
        return FORM_EDITED;
    }
    if (key == 'y' || key == 'Y' || key == (unsigned char)yes[0]) {
        x->choice = 1;
        return FORM_EDITED;
    }
    if (key == 'n' || key == 'N') {
        x->choice = 0;
        return FORM_EDITED;
    }
    return -1;
}

/* In the grid the arrows move between cells; they leave the field only
 * past its top or bottom row. */
static int edit_grid(struct form *f, struct form_field *x, int key)
{
    int col = x->sub % f->grid_cols, row = x->sub / f->grid_cols;
    switch (key) {
    case TT_KEY(KEY_RIGHT):
        if (col < f->grid_cols - 1)
            x->sub++;
        return FORM_MOVED;
    case TT_KEY(KEY_LEFT):
        if (col > 0)
            x->sub--;
        return FORM_MOVED;
    case TT_KEY(KEY_DOWN):
        if (row < f->grid_rows - 1) {
            x->sub += f->grid_cols;
            return FORM_MOVED;
        }
        return -1;
    case TT_KEY(KEY_UP):
        if (row > 0) {
            x->sub -= f->grid_cols;
            return FORM_MOVED;
        }
        return -1;
    case ' ': {
        /* Bits are stored day-major (day * rows + slot), like the data layer. */
        unsigned bit = 1u << (col * f->grid_rows + row);
        x->bits ^= bit;
        return FORM_EDITED;
    }
    default:
        return -1;
    }
}

static void go_page(struct form *f, int page)
{
    for (int i = 0; i < f->n_fields; i++) {
        if (f->fields[i].page == page) {
            f->current = i;
            return;
        }
    }
}

int form_handle_key(struct form *f, struct app *a, int key)
{
    struct form_field *x = &f->fields[f->current];
    int r = -1;
    if (key == 27)
        return FORM_CANCEL;
    if (key == TT_KEY(KEY_F(2)))
        return FORM_SAVE;
    if (is_text(x))
        r = edit_text(x, key);
    else if (x->kind == FK_CHOICE)
        r = edit_choice(f, a, x, key);
    else if (x->kind == FK_MULTI)
        r = edit_multi(x, key);
    else if (x->kind == FK_BOOL)
        r = edit_bool(x, key);
    else if (x->kind == FK_GRID)
        r = edit_grid(f, x, key);
    if (r >= 0) {
        if (r == FORM_EDITED)
            f->changed = 1;
        return r;
    }
    if (is_enter(key)) {
        if (f->current == f->n_fields - 1)
            return FORM_SAVE;
        f->current++;
        return FORM_MOVED;
    }
    switch (key) {
    case '\t':
    case TT_KEY(KEY_DOWN):
        if (f->current < f->n_fields - 1)
            f->current++;
        return FORM_MOVED;
    case TT_KEY(KEY_BTAB):
    case TT_KEY(KEY_UP):
        if (f->current > 0)
            f->current--;
        return FORM_MOVED;
    case TT_KEY(KEY_NPAGE):
        if (x->page < f->n_pages - 1)
            go_page(f, x->page + 1);
        return FORM_MOVED;
    case TT_KEY(KEY_PPAGE):
        if (x->page > 0)
            go_page(f, x->page - 1);
        return FORM_MOVED;
    default:
        return FORM_NOTHING;
    }
}

/* ---- drawing ----------------------------------------------------------- */

/* Display columns of text[from, to). */
static int wcols(const wchar_t *text, size_t from, size_t to)
{
    int w = 0;
    for (size_t i = from; i < to; i++) {
        int c = wcwidth(text[i]);
        w += c < 0 ? 1 : c;
    }
    return w;
}

static void put_wide(int y, int x, const wchar_t *text, size_t from, size_t to, int width,
                     attr_t attr)
{
    attrset(attr);
    mvhline(y, x, ' ', width);
    int used = 0;
    move(y, x);
    for (size_t i = from; i < to; i++) {
        int c = wcwidth(text[i]);
        if (c < 0)
            c = 1;
        if (used + c > width)
            break;
        addnwstr(&text[i], 1);
        used += c;
    }
    attrset(A_NORMAL);
}

/* Where each wrapped line of an area starts (at most max lines). */
static int wrap_lines(const struct form_field *x, int width, size_t *starts, int max)
{
    int n = 0;
    size_t i = 0;
    starts[n++] = 0;
    while (i < x->len && n < max) {
        size_t line_start = i, last_space = 0;
        int w = 0;
        while (i < x->len) {
            int c = wcwidth(x->text[i]);
            if (c < 0)
                c = 1;
            if (w + c > width)
                break;
            if (x->text[i] == L' ')
                last_space = i + 1;
            w += c;
            i++;
        }
        if (i >= x->len)
            break;
        if (last_space > line_start)
            i = last_space;
        starts[n++] = i;
    }
    return n;
}

static int multi_rows(const struct form_field *x, int width, int draw, int y, int x0,
                      int current, int *cur_y, int *cur_x)
{
    int row = 0, col = 0;
    for (int i = 0; i < x->n_choices; i++) {
        char item[256];
        snprintf(item, sizeof item, "[%s] %s", (x->bits & (1u << i)) ? "x" : " ",
                 choice_label(x, i));
        int w = text_width(item);
        if (col > 0 && col + w > width) {
            row++;
            col = 0;
        }
        if (draw) {
            attr_t attr = current && x->sub == i ? ui_attr(UI_SELECTED) : A_NORMAL;
            ui_put(y + row, x0 + col, w < width ? w : width, item, attr);
            if (current && x->sub == i) {
                *cur_y = y + row;
                *cur_x = x0 + col + 1;
            }
        }
        col += w + 2;
    }
    return row + 1;
}

static int field_height(const struct form *f, const struct form_field *x, int width)
{
    switch (x->kind) {
    case FK_AREA: return x->lines > 0 ? x->lines : 3;
    case FK_MULTI: return multi_rows(x, width, 0, 0, 0, 0, NULL, NULL);
    case FK_GRID: return f->grid_rows + 1;
    default: return 1;
    }
}

static void draw_grid(const struct form *f, const struct form_field *x, int y, int x0,
                      int width, int current, int *cur_y, int *cur_x)
{
    int label_w = 14, cell_w = 5;
    for (int c = 0; c < f->grid_cols; c++)
        ui_put(y, x0 + label_w + c * cell_w, cell_w, _(f->grid_col_labels[c]), A_BOLD);
    for (int r = 0; r < f->grid_rows; r++) {
        ui_put(y + 1 + r, x0, label_w, _(f->grid_row_labels[r]), A_NORMAL);
        for (int c = 0; c < f->grid_cols; c++) {
            int on = (x->bits >> (c * f->grid_rows + r)) & 1;
            int here = current && x->sub == r * f->grid_cols + c;
            ui_put(y + 1 + r, x0 + label_w + c * cell_w, 3, on ? "[x]" : "[ ]",
                   here ? ui_attr(UI_SELECTED) : A_NORMAL);
            if (here) {
                *cur_y = y + 1 + r;
                *cur_x = x0 + label_w + c * cell_w + 1;
            }
        }
    }
}

static void draw_value(const struct form *f, const struct form_field *x, int y, int x0,
                       int width, int current, int *cur_y, int *cur_x)
{
    attr_t field_attr = current ? ui_attr(UI_SELECTED) : A_UNDERLINE;
    switch (x->kind) {
    case FK_TEXT: {
        /* Scroll so the cursor stays in view. */
        size_t from = 0;
        while (wcols(x->text, from, x->cursor) > width - 1)
            from++;
        put_wide(y, x0, x->text ? x->text : L"", from, x->len, width, field_attr);
        if (current) {
            *cur_y = y;
            *cur_x = x0 + wcols(x->text, from, x->cursor);
        }
        break;
    }
    case FK_AREA: {
        size_t starts[256];
        int n = wrap_lines(x, width - 1, starts, 256);
        int lines = x->lines > 0 ? x->lines : 3;
        int cursor_line = 0;
        for (int i = 0; i < n; i++)
            if (starts[i] <= x->cursor)
                cursor_line = i;
        int first = cursor_line >= lines ? cursor_line - lines + 1 : 0;
        for (int i = 0; i < lines; i++) {
            int li = first + i;
            size_t a = li < n ? starts[li] : x->len;
            size_t b = li + 1 < n ? starts[li + 1] : x->len;
            if (li >= n)
                a = b = x->len;
            put_wide(y + i, x0, x->text ? x->text : L"", a, b, width, field_attr);
        }
        if (current) {
            *cur_y = y + cursor_line - first;
            *cur_x = x0 + wcols(x->text, starts[cursor_line], x->cursor);
        }
        break;
    }
    case FK_CHOICE: {
        char v[256];
        snprintf(v, sizeof v, "< %s >",
                 x->choice >= 0 ? choice_label(x, x->choice) : _("(choose)"));
        ui_put(y, x0, width, v, field_attr);
        if (current) {
            *cur_y = y;
            *cur_x = x0 + 2;
        }
        break;
    }
    case FK_BOOL: {
        char v[64];
        snprintf(v, sizeof v, "[%s] %s", x->choice ? "x" : " ", x->choice ? _("yes") : _("no"));
        ui_put(y, x0, width, v, field_attr);
        if (current) {
            *cur_y = y;
            *cur_x = x0 + 1;
        }
        break;
    }
    case FK_MULTI:
        multi_rows(x, width, 1, y, x0, current, cur_y, cur_x);
        break;
    case FK_GRID:
        draw_grid(f, x, y, x0, width, current, cur_y, cur_x);
        break;
    }
}

void form_draw(struct form *f, struct app *a, struct rect r)
{
    const struct form_field *cur = &f->fields[f->current];
    int page = cur->page;
    char title[256];
    if (f->n_pages > 1)
        snprintf(title, sizeof title, _("%s: page %d of %d, %s"), _(f->title), page + 1,
                 f->n_pages, _(f->page_titles[page]));
    else
        snprintf(title, sizeof title, "%s", _(f->title));
    ui_put(r.y, r.x, r.w, title, ui_attr(UI_TITLE));
    int label_w = r.w / 3 < 26 ? r.w / 3 : 26;
    int value_x = r.x + label_w + 2, value_w = r.w - label_w - 3;

    /* First field of the page, scrolled so the current one is visible. */
    int first = 0;
    while (first < f->n_fields && f->fields[first].page != page)
        first++;
    int avail = r.h - 3;
    for (;;) {
        int h = 0;
        for (int i = first; i <= f->current; i++)
            h += field_height(f, &f->fields[i], value_w) + (f->fields[i].kind == FK_AREA ? 0 : 0);
        if (h <= avail || first >= f->current)
            break;
        first++;
    }
    int y = r.y + 2, cur_y = r.y + 2, cur_x = value_x;
    for (int i = first; i < f->n_fields && f->fields[i].page == page; i++) {
        const struct form_field *x = &f->fields[i];
        int h = field_height(f, x, value_w);
        if (y + h > r.y + r.h - 1)
            break;
        ui_put(y, r.x + 1, label_w, _(x->label), i == f->current ? A_BOLD : A_NORMAL);
        draw_value(f, x, y, value_x, value_w, i == f->current, &cur_y, &cur_x);
        y += h;
    }
    const char *hint = cur->hint ? _(cur->hint) : NULL;
    if (hint == NULL) {
        switch (cur->kind) {
        case FK_CHOICE: hint = _("Left/Right: change; Space: list; a letter: jump"); break;
        case FK_MULTI: hint = _("Left/Right: move; Space: tick or untick"); break;
        case FK_GRID: hint = _("Arrows: move; Space: available or not"); break;
        case FK_BOOL: hint = _("Space: yes or no"); break;
        default: hint = _("Tab, Enter: next field; F2: save; Esc: cancel; PgDn: next page"); break;
        }
    }
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2, hint, ui_attr(UI_DIM));
    move(cur_y, cur_x);
    curs_set(is_text(cur) ? 1 : 0);
}

/* ---- pick-list pop-up ------------------------------------------------- */

static void draw_popup(const struct form_field *x, int sel)
{
    int w = 10;
    for (int i = 0; i < x->n_choices; i++) {
        int cw = text_width(choice_label(x, i)) + 4;
        if (cw > w)
            w = cw;
    }
    if (w > COLS - 4)
        w = COLS - 4;
    int h = x->n_choices + 2;
    if (h > LINES - 2)
        h = LINES - 2;
    int top = sel >= h - 2 ? sel - (h - 3) : 0;
    int y = (LINES - h) / 2, x0 = (COLS - w) / 2;
    attr_t box = ui_attr(UI_TITLE);
    for (int i = 0; i < h; i++)
        ui_fill(y + i, x0, w, box);
    ui_put(y, x0 + 1, w - 2, _(x->label), box | A_BOLD);
    for (int i = 0; i < h - 2 && top + i < x->n_choices; i++) {
        int k = top + i;
        ui_put(y + 1 + i, x0 + 2, w - 4, choice_label(x, k),
               k == sel ? ui_attr(UI_SELECTED) : box);
    }
    move(y + 1 + sel - top, x0 + 2);
    refresh();
}

static int choice_popup(struct form *f, struct app *a, struct form_field *x)
{
    int sel = x->choice >= 0 ? x->choice : 0;
    curs_set(0);
    for (;;) {
        ui_draw_app(a);
        if (COLS >= 80 && LINES >= 24)
            draw_popup(x, sel);
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                return FORM_NOTHING;
            continue;
        }
        if (key == 27)
            return FORM_NOTHING;
        if (is_enter(key) || key == ' ') {
            int changed = x->choice != sel;
            x->choice = sel;
            return changed ? FORM_EDITED : FORM_MOVED;
        }
        if (key == TT_KEY(KEY_UP) && sel > 0)
            sel--;
        else if (key == TT_KEY(KEY_DOWN) && sel < x->n_choices - 1)
            sel++;
        else if (key == TT_KEY(KEY_HOME))
            sel = 0;
        else if (key == TT_KEY(KEY_END))
            sel = x->n_choices - 1;
        else if (is_typed(key)) {
            wint_t want = towlower((wint_t)key);
            for (int k = 1; k <= x->n_choices; k++) {
                int i = (sel + k) % x->n_choices;
                wchar_t first;
                if (mbtowc(&first, choice_label(x, i), MB_CUR_MAX) > 0 &&
                    towlower((wint_t)first) == want) {
                    sel = i;
                    break;
                }
            }
        }
    }
}

/* ---- drafts ------------------------------------------------------------ */

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

char *form_serialise(const struct form *f)
{
    size_t len = 0, cap = 1024;
    char *out = xmalloc(cap);
    out[0] = '\0';
    for (int i = 0; i < f->n_fields; i++) {
        const struct form_field *x = &f->fields[i];
        append(&out, &len, &cap, x->id, strlen(x->id));
        append(&out, &len, &cap, "\t", 1);
        if (is_text(x)) {
            size_t size = x->len * MB_LEN_MAX + 1;
            char *v = xmalloc(size);
            form_get_text(f, x->id, v, size);
            for (const char *p = v; *p; p++) {
                if (*p == '\\')
                    append(&out, &len, &cap, "\\\\", 2);
                else if (*p == '\n')
                    append(&out, &len, &cap, "\\n", 2);
                else if (*p == '\t')
                    append(&out, &len, &cap, "\\t", 2);
                else
                    append(&out, &len, &cap, p, 1);
            }
            free(v);
        } else {
            char v[64];
            if (x->kind == FK_CHOICE)
                snprintf(v, sizeof v, "%s", x->choice >= 0 ? x->choices[x->choice].code : "");
            else if (x->kind == FK_BOOL)
                snprintf(v, sizeof v, "%d", x->choice);
            else
                snprintf(v, sizeof v, "%u", x->bits);
            append(&out, &len, &cap, v, strlen(v));
        }
        append(&out, &len, &cap, "\n", 1);
    }
    return out;
}

/* What the field holds as the user reads it on screen: labels rather than
 * codes, so a comparison of two versions speaks the form's language. */
void form_field_display(const struct form *f, const struct form_field *x, char *buf,
                        size_t size)
{
    buf[0] = '\0';
    if (size == 0)
        return;
    if (is_text(x)) {
        form_get_text(f, x->id, buf, size);
        return;
    }
    size_t len = 0;
    switch (x->kind) {
    case FK_CHOICE:
        if (x->choice >= 0 && x->choice < x->n_choices) {
            const char *l = x->choices[x->choice].label;
            tt_strlcpy(buf, x->literal ? l : _(l), size);
        }
        return;
    case FK_BOOL:
        tt_strlcpy(buf, x->choice ? _("yes") : _("no"), size);
        return;
    case FK_MULTI:
        for (int i = 0; i < x->n_choices && i < 32; i++) {
            if (!(x->bits & (1u << i)))
                continue;
            len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                     x->literal ? x->choices[i].label : _(x->choices[i].label));
        }
        return;
    case FK_GRID:
        for (int c = 0; c < f->grid_cols; c++) {
            for (int r = 0; r < f->grid_rows; r++) {
                if (!(x->bits & (1u << (c * f->grid_rows + r))))
                    continue;
                len = strlen(buf);
                snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "",
                         _(f->grid_col_labels[c]), _(f->grid_row_labels[r]));
            }
        }
        return;
    default:
        return;
    }
}

void form_deserialise(struct form *f, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        char *line = xstrndup(p, n);
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            struct form_field *x = form_field(f, line);
            char *v = tab + 1;
            if (x && is_text(x)) {
                char *o = v;
                for (char *s = v; *s; s++) {
                    if (*s == '\\' && s[1]) {
                        s++;
                        *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
                    } else {
                        *o++ = *s;
                    }
                }
                *o = '\0';
                form_set_text(f, line, v);
            } else if (x && x->kind == FK_CHOICE) {
                form_set_choice(f, line, v);
            } else if (x && x->kind == FK_BOOL) {
                x->choice = atoi(v) != 0;
            } else if (x) {
                x->bits = (unsigned)strtoul(v, NULL, 10);
            }
        }
        free(line);
        p += n;
        if (*p == '\n')
            p++;
    }
}

int form_run_modal(struct form *f, struct app *a, const char *message)
{
    char msg[1024];
    tt_strlcpy(msg, message ? message : "", sizeof msg);
    for (;;) {
        ui_draw_app(a);
        if (COLS >= 80 && LINES >= 24) {
            struct rect r = { 2, 3, LINES - 5, COLS - 6 };
            for (int i = -1; i <= r.h; i++)
                ui_fill(r.y + i, 0, COLS, A_NORMAL);
            form_draw(f, a, r);
            /* An error explains a refusal: it gets the two lines under the
             * box (the screen's own message line is stale while a form is
             * open), wrapped rather than cut. */
            ui_fill(r.y + r.h + 1, 0, COLS, A_NORMAL);
            const char *p = msg;
            for (int line = 0; line < 2 && *p; line++) {
                size_t next;
                size_t len = text_line_break(p, r.w, &next);
                char part[1024];
                tt_strlcpy(part, p, len + 1 < sizeof part ? len + 1 : sizeof part);
                ui_put(r.y + r.h + line, r.x, r.w, part, ui_attr(UI_ERROR));
                p += next ? next : strlen(p);
            }
            int y, x;
            getyx(stdscr, y, x);
            move(y, x);
            refresh();
        }
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                return FORM_CANCEL;
            continue;
        }
        if (key == TT_KEY(KEY_RESIZE))
            continue;
        int r = form_handle_key(f, a, key);
        if (r == FORM_SAVE || r == FORM_CANCEL) {
            curs_set(0);
            return r;
        }
        if (r == FORM_EDITED)
            msg[0] = '\0';
    }
}

int form_prompt(struct app *a, const char *title, const char *label, char *buf, size_t size)
{
    static const char *const pages[] = { "" };
    struct form_field field = { .id = "value", .label = label, .kind = FK_TEXT, .max_chars = 1000 };
    struct form f = { .title = title, .page_titles = pages, .n_pages = 1, .fields = &field,
                      .n_fields = 1 };
    form_init(&f);
    form_set_text(&f, "value", buf);
    int r = form_run_modal(&f, a, NULL);
    if (r == FORM_SAVE)
        form_get_text(&f, "value", buf, size);
    form_free(&f);
    return r == FORM_SAVE;
}

int form_read_date(struct form *f, const char *id, const char *label, tt_day *out, char *msg,
                   size_t size)
{
    char text[40];
    form_get_text(f, id, text, sizeof text);
    tt_trim(text);
    if (date_parse(text, out) == 0)
        return 0;
    snprintf(msg, size, _("%s: \"%s\" is not a real date; write it 2021-02-24 or 24/02/2021."),
             label, text);
    form_focus(f, id);
    return -1;
}

int form_read_int(struct form *f, const char *id, const char *label, int lo, int hi, int *out,
                  char *msg, size_t size)
{
    char text[40], *end;
    form_get_text(f, id, text, sizeof text);
    tt_trim(text);
    long v = strtol(text, &end, 10);
    if (text[0] && *end == '\0' && v >= lo && v <= hi) {
        *out = (int)v;
        return 0;
    }
    snprintf(msg, size, _("%s: a whole number from %d to %d."), label, lo, hi);
    form_focus(f, id);
    return -1;
}

int form_read_time(struct form *f, const char *id, const char *label, int *out, char *msg,
                   size_t size)
{
    char text[40];
    form_get_text(f, id, text, sizeof text);
    if (time_parse(text, out) == 0)
        return 0;
    snprintf(msg, size, _("%s: \"%s\" is not a time such as 15:30 or 15h30."), label, text);
    form_focus(f, id);
    return -1;
}
