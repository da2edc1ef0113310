#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "money.h"
#include "schools.h"
#include "text.h"
#include "ui_schools.h"
#include "util.h"
#include "widgets.h"

/* Row 0 is the organisation; rows 1.. are the schools. */
static struct {
    struct organisation org;
    struct school *schools;
    size_t n;
    int selected;
} sv;

static const char *const one_page[] = { "" };

void schools_view_free(void)
{
    free(sv.schools);
    sv.schools = NULL;
    sv.n = 0;
}

void schools_view_load(struct app *a)
{
    struct tt_error err;
    tt_error_clear(&err);
    schools_view_free();
    if (organisation_get(a->db, &sv.org, &err) != TT_OK ||
        schools_list(a->db, &sv.schools, &sv.n, &err) != TT_OK)
        app_message(a, 1, "%s", err.msg);
    if (sv.selected > (int)sv.n)
        sv.selected = (int)sv.n;
    if (sv.selected < 0)
        sv.selected = 0;
}

static void budget_text(int has, tt_cents v, char *buf, size_t size)
{
    if (has)
        money_format(v, buf, size);
    else
        tt_strlcpy(buf, "-", size);
}

static void row_text(char *line, size_t size, int width, const char *code, const char *name,
                     const char *budget, const char *open)
{
    int nw = width - (10 + 2 + 2 + 16 + 2 + 8);
    if (nw < 8)
        nw = 8;
    char c1[128], c2[1024], c3[128], c4[64];
    text_fit(c1, sizeof c1, code, 10, 1);
    text_fit(c2, sizeof c2, name, nw, 1);
    text_fit(c3, sizeof c3, budget, 16, 1);
    text_fit(c4, sizeof c4, open, 8, 0);
    snprintf(line, size, "%s  %s  %s  %s", c1, c2, c3, c4);
}

void schools_view_draw(struct app *a, struct rect r)
{
    char line[2048], budget[64];
    ui_put(r.y, r.x + 1, r.w - 2, _("The organisation and its schools"), A_BOLD);
    budget_text(sv.org.has_budget, sv.org.budget, budget, sizeof budget);
    if (sv.org.exists)
        snprintf(line, sizeof line, _("%s (%s)  ministry code %s  budget %s"), sv.org.name,
                 label_for(LBL_ORG_KIND, sv.org.kind),
                 sv.org.ministry_code[0] ? sv.org.ministry_code : "-", budget);
    else
        snprintf(line, sizeof line, "%s",
                 _("No organisation recorded yet: Enter on this line records it."));
    ui_put(r.y + 1, r.x + 1, r.w - 2, line,
           sv.selected == 0 ? ui_attr(UI_SELECTED) : sv.org.exists ? A_NORMAL : ui_attr(UI_ERROR));
    row_text(line, sizeof line, r.w - 2, _("Code"), _("School"), _("Budget"), _("Open"));
    ui_put(r.y + 3, r.x + 1, r.w - 2, line, ui_attr(UI_TITLE));
    int rows = r.h - 5;
    int sel = sv.selected - 1;
    int first = sel >= rows ? sel - rows + 1 : 0;
    for (int i = 0; i < rows && first + i < (int)sv.n; i++) {
        const struct school *s = &sv.schools[first + i];
        budget_text(s->has_budget, s->budget, budget, sizeof budget);
        row_text(line, sizeof line, r.w - 2, s->code, s->name, budget,
                 s->active ? _("yes") : _("no"));
        attr_t attr = first + i == sel ? ui_attr(UI_SELECTED)
                      : s->active       ? A_NORMAL
                                        : ui_attr(UI_DIM);
        ui_put(r.y + 4 + i, r.x + 1, r.w - 2, line, attr);
    }
    if (sv.n == 0)
        ui_put(r.y + 4, r.x + 1, r.w - 2,
               _("No school yet: n adds one (its code is the one import files use)."),
               ui_attr(UI_ERROR));
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           strcmp(db_role(a->db), "admin") == 0
               ? _("n: add a school  Enter: change the selected line  v: school calendar")
               : _("Only an administrator changes these.  v: school calendar"),
           ui_attr(UI_DIM));
    move(sv.selected == 0 ? r.y + 1 : r.y + 4 + (sel - first), r.x + 1);
}

/* Asked before a form opens, so nobody types a whole form to be refused. */
static int may_change(struct app *a)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (schools_may_change(a->db, &err) == TT_OK)
        return 1;
    app_message(a, 1, "%s", err.msg);
    return 0;
}

/* Reads the budget field: empty for none. */
static int read_budget(struct form *f, int *has, tt_cents *v, char *msg, size_t size)
{
    char text[64];
    form_get_text(f, "budget", text, sizeof text);
    tt_trim(text);
    *has = text[0] != '\0';
    *v = 0;
    if (*has && money_parse(text, v) != 0) {
        snprintf(msg, size, _("%s: \"%s\" is not an amount; write it 12500.00 or 12 500,00 $."),
                 _("Budget"), text);
        form_focus(f, "budget");
        return -1;
    }
    return 0;
}

static void organisation_dialog(struct app *a)
{
    struct form_choice kinds[4];
    for (int i = 0; i < 4; i++)
        kinds[i] = (struct form_choice){ label_code(LBL_ORG_KIND, i), label_msgid(LBL_ORG_KIND, i) };
    struct form_field fields[] = {
        { .id = "name", .label = N_("Name"), .kind = FK_TEXT, .max_chars = 200 },
        { .id = "kind", .label = N_("Kind"), .kind = FK_CHOICE, .choices = kinds, .n_choices = 4 },
        { .id = "ministry_code", .label = N_("Ministry code"), .kind = FK_TEXT, .max_chars = 20 },
        { .id = "budget", .label = N_("Budget"), .kind = FK_TEXT, .max_chars = 20,
          .hint = N_("Measure 15021, for the whole organisation; empty: the sum of the "
                     "schools' budgets") },
    };
    struct form f = { .title = N_("The organisation"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    struct organisation o = sv.org;
    form_set_text(&f, "name", o.name);
    form_set_choice(&f, "kind", o.kind[0] ? o.kind : "css");
    form_set_text(&f, "ministry_code", o.ministry_code);
    if (o.has_budget) {
        char b[64];
        money_format_plain(o.budget, b, sizeof b);
        form_set_text(&f, "budget", b);
    }
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        form_get_text(&f, "name", o.name, sizeof o.name);
        tt_strlcpy(o.kind, form_get_choice(&f, "kind"), sizeof o.kind);
        form_get_text(&f, "ministry_code", o.ministry_code, sizeof o.ministry_code);
        if (read_budget(&f, &o.has_budget, &o.budget, msg, sizeof msg))
            continue;
        struct tt_error err;
        tt_error_clear(&err);
        if (organisation_save(a->db, &o, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, "%s", _("Organisation recorded."));
        schools_view_load(a);
        break;
    }
    form_free(&f);
}

static void school_dialog(struct app *a, const struct school *existing)
{
    struct form_field fields[] = {
        { .id = "code", .label = N_("Code"), .kind = FK_TEXT, .max_chars = 20,
          .hint = N_("One word, as in the school's student list: SEDO, 065") },
        { .id = "name", .label = N_("Name"), .kind = FK_TEXT, .max_chars = 200 },
        { .id = "budget", .label = N_("Budget"), .kind = FK_TEXT, .max_chars = 20,
          .hint = N_("This school's share of measure 15021; may stay empty") },
        { .id = "active", .label = N_("Open"), .kind = FK_BOOL,
          .hint = N_("A closed school keeps its history but is offered nowhere") },
    };
    struct form f = { .title = existing ? N_("School") : N_("New school"),
                      .page_titles = one_page, .n_pages = 1, .fields = fields,
                      .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    struct school s;
    memset(&s, 0, sizeof s);
    s.active = 1;
    if (existing) {
        s = *existing;
        form_set_text(&f, "code", s.code);
        form_set_text(&f, "name", s.name);
        if (s.has_budget) {
            char b[64];
            money_format_plain(s.budget, b, sizeof b);
            form_set_text(&f, "budget", b);
        }
    }
    form_field(&f, "active")->choice = s.active != 0;
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        form_get_text(&f, "code", s.code, sizeof s.code);
        form_get_text(&f, "name", s.name, sizeof s.name);
        s.active = form_field(&f, "active")->choice != 0;
        if (read_budget(&f, &s.has_budget, &s.budget, msg, sizeof msg))
            continue;
        struct tt_error err;
        tt_error_clear(&err);
        if (school_save(a->db, &s, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, _("School %s recorded."), s.name);
        schools_view_load(a);
        for (size_t i = 0; i < sv.n; i++)
            if (sv.schools[i].id == s.id)
                sv.selected = (int)i + 1;
        break;
    }
    form_free(&f);
}

int schools_view_handle(struct app *a, int action, int key)
{
    (void)key;
    if (ui_move_selection(action, &sv.selected, (int)sv.n + 1))
        return H_DONE;
    switch (action) {
    case ACT_NEW:
        if (may_change(a))
            school_dialog(a, NULL);
        return H_DONE;
    case ACT_OPEN:
    case ACT_EDIT:
        if (!may_change(a))
            return H_DONE;
        if (sv.selected == 0)
            organisation_dialog(a);
        else
            school_dialog(a, &sv.schools[sv.selected - 1]);
        return H_DONE;
    default:
        return H_IGNORED;
    }
}
