/* Tutors screen: candidates and tutors in one list, with where each stands
 * in recruitment; the list of candidates still waiting for an answer, with
 * how long each has waited, answered several at once. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "form.h"
#include "i18n.h"
#include "import_candidates.h"
#include "labels.h"
#include "listview.h"
#include "referrals.h"
#include "store.h"
#include "text.h"
#include "tutors.h"
#include "ui_tutor_file.h"
#include "util.h"
#include "widgets.h"

static void cell_name(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s, %s", r->col[0] ? r->col[0] : "", r->col[1] ? r->col[1] : "");
}
static void cell_category(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_TUTOR_CATEGORY, r->col[2]));
}
static void cell_source(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_TUTOR_SOURCE, r->col[3]));
}
static void cell_status(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_TUTOR_STATUS, r->col[4]));
}
static void cell_applied(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[5] ? r->col[5] : "-");
}
static void cell_answered(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[6] ? r->col[6] : _("not answered"));
}
static void cell_check(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_CHECK_STATUS, r->col[7]));
}

/* In the order of the store's sort orders for this list. */
static const struct list_column columns[] = {
    { N_("Name"), 18, 3, cell_name },
    { N_("Category"), 9, 1, cell_category },
    { N_("Source"), 7, 1, cell_source },
    { N_("Status"), 9, 1, cell_status },
    { N_("Applied"), 10, 0, cell_applied },
    { N_("Answered"), 10, 0, cell_answered },
    { N_("Record check"), 9, 0, cell_check },
};

static void cell_waited(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, _("%s d"), r->col[4] ? r->col[4] : "0");
}
static void cell_email(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[5] ? r->col[5] : "");
}
static void cell_status6(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_TUTOR_STATUS, r->col[6]));
}
static void cell_applied3(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[3] ? r->col[3] : "-");
}

static const struct list_column unanswered_columns[] = {
    { N_("Name"), 18, 3, cell_name },
    { N_("Category"), 9, 1, cell_category },
    { N_("Applied"), 10, 0, cell_applied3 },
    { N_("Waiting"), 7, 0, cell_waited },
    { N_("E-mail"), 14, 2, cell_email },
    { N_("Status"), 9, 1, cell_status6 },
};

struct tutors_state {
    struct list_screen all, unanswered;
    int view;           /* 0 all, 1 not answered */
    int searching;
    char search[256];
    char f_status[16], f_category[20], f_source[12], f_subject[16], f_level[8];
    char filter_text[512];
};

static struct tutors_state state = {
    .all = { .list = LIST_TUTORS, .columns = columns, .n_columns = TT_ARRAY_LEN(columns),
             .empty_text = N_("No tutors or candidates match. n: a staff volunteer, "
                              "i: import the candidate bank.") },
    .unanswered = { .list = LIST_UNANSWERED, .columns = unanswered_columns,
                    .n_columns = TT_ARRAY_LEN(unanswered_columns),
                    .empty_text = N_("Every candidate has had an answer.") },
};

static struct list_screen *current(struct tutors_state *st)
{
    return st->view ? &st->unanswered : &st->all;
}

static void show_view(struct tutors_state *st, struct app *a, int view)
{
    st->view = view;
    list_screen_enter(a, current(st));
    current(st)->lv.query.today = a->today;
    current(st)->lv.can_mark = view == 1;
}

/* ---- search and filters ---------------------------------------------------- */

static struct form_field search_fields[] = {
    { .id = "search", .label = N_("Search"), .kind = FK_TEXT, .max_chars = 60 },
};
static const char *const one_page[] = { "" };
static struct form search_form = { .title = N_("Search"), .page_titles = one_page, .n_pages = 1,
                                   .fields = search_fields, .n_fields = 1 };

static struct form_choice status_c[8], category_c[8], source_c[4], subject_c[SUBJECT_COUNT + 1],
    level_c[16], unanswered_c[2];
#define MAX_SCHOOLS 256
static struct form_choice school_c[MAX_SCHOOLS + 1];
static char school_ids[MAX_SCHOOLS][24], school_names[MAX_SCHOOLS][404];
static struct form_field filter_fields[] = {
    { .id = "school", .label = N_("School"), .kind = FK_CHOICE, .literal = 1 },
    { .id = "status", .label = N_("Recruitment status"), .kind = FK_CHOICE },
    { .id = "category", .label = N_("Category"), .kind = FK_CHOICE },
    { .id = "source", .label = N_("Source"), .kind = FK_CHOICE },
    { .id = "subject", .label = N_("Subject"), .kind = FK_CHOICE },
    { .id = "level", .label = N_("Level"), .kind = FK_CHOICE },
    { .id = "unanswered", .label = N_("Not answered only"), .kind = FK_CHOICE },
};
static struct form filter_form = { .title = N_("Filter the tutors"), .page_titles = one_page,
                                   .n_pages = 1, .fields = filter_fields,
                                   .n_fields = TT_ARRAY_LEN(filter_fields) };

static int with_any(struct form_choice *out, int kind)
{
    out[0] = (struct form_choice){ "", N_("any") };
    int n = label_count(kind);
    for (int i = 0; i < n; i++)
        out[i + 1] = (struct form_choice){ label_code(kind, i), label_msgid(kind, i) };
    return n + 1;
}

static void set_choices(const char *id, struct form_choice *c, int n)
{
    struct form_field *x = form_field(&filter_form, id);
    x->choices = c;
    x->n_choices = n;
}

static void choose_filters(struct tutors_state *st, struct app *a)
{
    struct store_school schools[MAX_SCHOOLS];
    int ns = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (store_schools(a->db, schools, MAX_SCHOOLS, &ns, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return;
    }
    school_c[0] = (struct form_choice){ "", _("any") };
    for (int i = 0; i < ns; i++) {
        snprintf(school_ids[i], sizeof school_ids[i], "%lld", (long long)schools[i].id);
        tt_strlcpy(school_names[i], schools[i].name, sizeof school_names[i]);
        school_c[i + 1] = (struct form_choice){ school_ids[i], school_names[i] };
    }
    set_choices("school", school_c, ns + 1);
    set_choices("status", status_c, with_any(status_c, LBL_TUTOR_STATUS));
    set_choices("category", category_c, with_any(category_c, LBL_TUTOR_CATEGORY));
    set_choices("source", source_c, with_any(source_c, LBL_TUTOR_SOURCE));
    set_choices("subject", subject_c, with_any(subject_c, LBL_SUBJECT));
    set_choices("level", level_c, with_any(level_c, LBL_LEVEL));
    unanswered_c[0] = (struct form_choice){ "0", N_("no") };
    unanswered_c[1] = (struct form_choice){ "1", N_("yes") };
    set_choices("unanswered", unanswered_c, 2);
    struct store_query *q = &st->all.lv.query;
    form_init(&filter_form);
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)q->school_id);
    form_set_choice(&filter_form, "school", q->school_id ? sid : "");
    form_set_choice(&filter_form, "status", q->status ? q->status : "");
    form_set_choice(&filter_form, "category", q->category ? q->category : "");
    form_set_choice(&filter_form, "source", q->source ? q->source : "");
    form_set_choice(&filter_form, "subject", q->subject ? q->subject : "");
    form_set_choice(&filter_form, "level", q->level ? q->level : "");
    form_set_choice(&filter_form, "unanswered", q->unanswered ? "1" : "0");
    if (form_run_modal(&filter_form, a, NULL) == FORM_SAVE) {
        q->school_id = atoll(form_get_choice(&filter_form, "school"));
        tt_strlcpy(st->f_status, form_get_choice(&filter_form, "status"), sizeof st->f_status);
        tt_strlcpy(st->f_category, form_get_choice(&filter_form, "category"), sizeof st->f_category);
        tt_strlcpy(st->f_source, form_get_choice(&filter_form, "source"), sizeof st->f_source);
        tt_strlcpy(st->f_subject, form_get_choice(&filter_form, "subject"), sizeof st->f_subject);
        tt_strlcpy(st->f_level, form_get_choice(&filter_form, "level"), sizeof st->f_level);
        q->status = st->f_status[0] ? st->f_status : NULL;
        q->category = st->f_category[0] ? st->f_category : NULL;
        q->source = st->f_source[0] ? st->f_source : NULL;
        q->subject = st->f_subject[0] ? st->f_subject : NULL;
        q->level = st->f_level[0] ? st->f_level : NULL;
        q->unanswered = form_get_choice(&filter_form, "unanswered")[0] == '1';
        char *b = st->filter_text;
        size_t size = sizeof st->filter_text;
        b[0] = '\0';
        for (int i = 0; i < ns; i++)
            if (schools[i].id == q->school_id)
                snprintf(b, size, "%s", schools[i].name);
        const struct { const char *v; int kind; } parts[] = {
            { q->status, LBL_TUTOR_STATUS }, { q->category, LBL_TUTOR_CATEGORY },
            { q->source, LBL_TUTOR_SOURCE }, { q->subject, LBL_SUBJECT }, { q->level, LBL_LEVEL },
        };
        for (size_t i = 0; i < TT_ARRAY_LEN(parts); i++) {
            if (parts[i].v == NULL)
                continue;
            size_t l = strlen(b);
            snprintf(b + l, size - l, "%s%s", l ? ", " : "", label_for(parts[i].kind, parts[i].v));
        }
        if (q->unanswered) {
            size_t l = strlen(b);
            snprintf(b + l, size - l, "%s%s", l ? ", " : "", _("not answered"));
        }
        listview_home(&st->all.lv);
    }
    form_free(&filter_form);
}

static void clear_filters(struct tutors_state *st)
{
    struct store_query *q = &st->all.lv.query;
    q->status = q->category = q->source = q->subject = q->level = q->search = NULL;
    q->unanswered = 0;
    q->school_id = 0;
    st->search[0] = st->filter_text[0] = '\0';
    form_set_text(&search_form, "search", "");
    listview_home(&st->all.lv);
}

/* ---- staff volunteer, import --------------------------------------------- */

static struct form_choice staff_categories[3] = {
    { "staff_regular", N_("regular staff") }, { "staff_parttime", N_("part-time staff") },
    { "substitute", N_("substitute") },
};
static struct form_field staff_fields[] = {
    { .id = "last_name", .label = N_("Last name"), .kind = FK_TEXT, .max_chars = 100 },
    { .id = "first_name", .label = N_("First name"), .kind = FK_TEXT, .max_chars = 100 },
    { .id = "category", .label = N_("Category"), .kind = FK_CHOICE, .choices = staff_categories,
      .n_choices = 3 },
    { .id = "email", .label = N_("E-mail"), .kind = FK_TEXT, .max_chars = 200 },
    { .id = "phone", .label = N_("Phone"), .kind = FK_TEXT, .max_chars = 40 },
    { .id = "notes", .label = N_("Notes"), .kind = FK_TEXT, .max_chars = 1000 },
};
static struct form staff_form = { .title = N_("Staff member who volunteers"), .page_titles = one_page,
                                  .n_pages = 1, .fields = staff_fields,
                                  .n_fields = TT_ARRAY_LEN(staff_fields) };

static void add_staff(struct tutors_state *st, struct app *a)
{
    form_init(&staff_form);
    form_set_choice(&staff_form, "category", "staff_regular");
    char msg[1024] = "";
    while (form_run_modal(&staff_form, a, msg) == FORM_SAVE) {
        struct tutor t;
        memset(&t, 0, sizeof t);
        form_get_text(&staff_form, "last_name", t.last_name, sizeof t.last_name);
        form_get_text(&staff_form, "first_name", t.first_name, sizeof t.first_name);
        form_get_text(&staff_form, "email", t.email, sizeof t.email);
        form_get_text(&staff_form, "phone", t.phone, sizeof t.phone);
        form_get_text(&staff_form, "notes", t.notes, sizeof t.notes);
        tt_strlcpy(t.category, form_get_choice(&staff_form, "category"), sizeof t.category);
        tt_strlcpy(t.source, "staff", sizeof t.source);
        date_iso(a->today, t.applied_on);
        struct tt_error err;
        tt_error_clear(&err);
        if (tutor_save(a->db, &t, "interest", &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&staff_form, err.field);
            continue;
        }
        app_message(a, 0, _("%s %s noted as a staff volunteer."), t.first_name, t.last_name);
        listview_reload(&current(st)->lv);
        break;
    }
    form_free(&staff_form);
}

static void import_bank(struct tutors_state *st, struct app *a)
{
    char path[1024] = "";
    if (!form_prompt(a, N_("Import the candidate bank"), N_("CSV file"), path, sizeof path))
        return;
    for (int skip_bad = 0; skip_bad < 2; skip_bad++) {
        struct import_summary sum;
        struct tt_error err;
        tt_error_clear(&err);
        int rc = import_candidates(a->db, a->settings, path, skip_bad, NULL, &sum, &err);
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        if (out) {
            if (rc != TT_OK)
                fprintf(out, "%s\n\n", err.msg);
            import_summary_print(&sum, out);
            fclose(out);
            ui_text_pager(a, _("Import of the candidate bank"), text ? text : "");
            free(text);
        }
        int had_problems = sum.n_problems > 0;
        import_summary_free(&sum);
        listview_reload(&current(st)->lv);
        if (rc == TT_OK) {
            app_message(a, 0, "%s", _("Candidate bank imported."));
            return;
        }
        app_message(a, 1, "%s", err.msg);
        if (skip_bad || !had_problems ||
            !ui_confirm(a, _("Import the good rows and put the bad ones in a rejects file?")))
            return;
    }
}

/* ---- the screen ---------------------------------------------------------- */

static void tutors_enter(struct app *a, void *p)
{
    struct tutors_state *st = p;
    show_view(st, a, st->view);
}

static void tutors_draw(struct app *a, void *p, struct rect r)
{
    struct tutors_state *st = p;
    if (tutor_file_active()) {
        tutor_file_draw(a, r);
        return;
    }
    if (st->view == 1) {
        ui_put(r.y, r.x + 1, r.w - 2,
               _("Candidates not answered, oldest first; Space: mark, a: answer, v: all"), A_BOLD);
        r.y++;
        r.h--;
        curs_set(0);
        list_screen_draw(a, current(st), r);
        return;
    }
    if (st->searching || st->search[0] || st->filter_text[0]) {
        char line[400];
        snprintf(line, sizeof line, "%s %s", _("Search:"), st->search);
        ui_put(r.y, r.x + 1, r.w / 2, line, st->searching ? A_BOLD : A_NORMAL);
        if (st->filter_text[0]) {
            char f[600];
            snprintf(f, sizeof f, "%s %s", _("Filters:"), st->filter_text);
            ui_put(r.y, r.x + r.w / 2 + 1, r.w / 2 - 2, f, ui_attr(UI_DIM));
        }
        int w = text_width(line);
        r.y++;
        r.h--;
        list_screen_draw(a, current(st), r);
        if (st->searching) {
            curs_set(1);
            move(r.y - 1, r.x + 1 + (w < r.w / 2 ? w : r.w / 2 - 1));
        }
        return;
    }
    curs_set(0);
    list_screen_draw(a, current(st), r);
}

static int handle_search(struct tutors_state *st, struct app *a, int key)
{
    int r = form_handle_key(&search_form, a, key);
    if (r == FORM_EDITED || r == FORM_CANCEL) {
        if (r == FORM_CANCEL)
            form_set_text(&search_form, "search", "");
        form_get_text(&search_form, "search", st->search, sizeof st->search);
        st->all.lv.query.search = st->search[0] ? st->search : NULL;
        listview_home(&st->all.lv);
    }
    if (r == FORM_CANCEL || r == FORM_SAVE) {
        st->searching = 0;
        curs_set(0);
        return H_DONE;
    }
    if (r == FORM_NOTHING)
        return list_screen_handle(a, &st->all, actions_for_key(key), key);
    return H_DONE;
}

static int tutors_handle(struct app *a, void *p, int action, int key)
{
    struct tutors_state *st = p;
    if (tutor_file_active()) {
        int r = tutor_file_handle(a, action, key);
        if (tutor_file_changed())
            listview_reload(&current(st)->lv);
        return r;
    }
    if (st->searching) {
        if (key >= TT_KEY(KEY_F(1)) && key <= TT_KEY(KEY_F(12)))
            return H_IGNORED;
        return handle_search(st, a, key);
    }
    struct list_screen *ls = current(st);
    const struct store_row *row = listview_current(&ls->lv);
    switch (action) {
    case ACT_VIEW:
        show_view(st, a, !st->view);
        return H_DONE;
    case ACT_OPEN:
        if (row)
            tutor_file_open(a, row->id);
        return H_DONE;
    case ACT_MARK:
        if (st->view == 1) {
            listview_toggle_mark(&ls->lv);
            listview_handle(&ls->lv, a, ACT_DOWN);
        }
        return H_DONE;
    case ACT_ANSWER:
        if (ls->lv.n_marks > 0) {
            if (tutor_answer_dialog(a, ls->lv.marks, ls->lv.n_marks)) {
                listview_clear_marks(&ls->lv);
                listview_reload(&ls->lv);
            }
        } else if (row) {
            if (tutor_answer_dialog(a, &row->id, 1))
                listview_reload(&ls->lv);
        }
        return H_DONE;
    case ACT_NEW:
        add_staff(st, a);
        return H_DONE;
    case ACT_IMPORT:
        import_bank(st, a);
        return H_DONE;
    case ACT_SEARCH:
        if (st->view == 0) {
            st->searching = 1;
            if (search_form.fields[0].text == NULL)
                form_init(&search_form);
        }
        return H_DONE;
    case ACT_FILTER:
        if (st->view == 0)
            choose_filters(st, a);
        return H_DONE;
    case ACT_CLEAR_FILTER:
        clear_filters(st);
        return H_DONE;
    case ACT_CANCEL:
        if (st->view == 1) {
            show_view(st, a, 0);
            return H_DONE;
        }
        if (st->search[0] || st->filter_text[0]) {
            clear_filters(st);
            return H_DONE;
        }
        return H_IGNORED;
    default:
        return list_screen_handle(a, ls, action, key);
    }
}

static void tutors_fini(struct app *a, void *p)
{
    struct tutors_state *st = p;
    form_free(&search_form);
    list_screen_fini(a, &st->all);
    list_screen_fini(a, &st->unanswered);
}

void tutors_open_unanswered(struct app *a)
{
    state.view = 1;
    app_show(a, ACT_SCREEN_TUTORS);
}

static void tutors_load(struct app *a, void *p)
{
    list_screen_load(a, current(p));
}

const struct screen_ops screen_tutors = {
    .name = "tutors",
    .title = N_("Tutors"),
    .action = ACT_SCREEN_TUTORS,
    .enter = tutors_enter,
    .draw = tutors_draw,
    .handle = tutors_handle,
    .fini = tutors_fini,
    .load = tutors_load,
    .state = &state,
};
