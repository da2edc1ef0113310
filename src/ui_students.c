/* Students screen: every student with the status of their latest referral
 * and of their consent to tutoring; search as you type, filters, sorting;
 * the referral form and the student's file open from here. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "form.h"
#include "import_students.h"
#include "i18n.h"
#include "labels.h"
#include "listview.h"
#include "referrals.h"
#include "store.h"
#include "text.h"
#include "ui_referral.h"
#include "ui_student_file.h"
#include "util.h"
#include "widgets.h"

static void cell_name(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s, %s", r->col[0] ? r->col[0] : "", r->col[1] ? r->col[1] : "");
}
static void cell_local(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[2] ? r->col[2] : "");
}
static void cell_school(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[3] ? r->col[3] : "");
}
static void cell_level(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_LEVEL, r->col[4]));
}
/* The code permanent identifies a child across the province (Law 25:
 * masked by default).  The list keeps its first four letters, which come
 * from the name shown beside it; the student's file shows it whole. */
static void cell_code(const struct store_row *r, char *buf, size_t n)
{
    const char *cp = r->col[5];
    if (cp == NULL || strlen(cp) < 4) {
        snprintf(buf, n, "%s", "");
        return;
    }
    const char *dot = i18n_utf8() ? "•" : "*";
    size_t len = strlen(cp);
    snprintf(buf, n, "%.4s", cp);
    for (size_t i = 4; i < len && strlen(buf) + strlen(dot) < n; i++)
        strcat(buf, dot);
}
static void cell_referral(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[6] ? label_for(LBL_REFERRAL_STATUS, r->col[6]) : "-");
}
static void cell_consent(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[7] ? label_for(LBL_CONSENT_STATUS, r->col[7]) : "-");
}

/* In the order of the store's sort orders for this list. */
static const struct list_column columns[] = {
    { N_("Name"), 21, 3, cell_name },
    { N_("Local no."), 8, 0, cell_local },
    { N_("School"), 5, 0, cell_school },
    { N_("Level"), 9, 1, cell_level },
    { N_("Code perm."), 12, 0, cell_code },
    { N_("Referral"), 11, 1, cell_referral },
    { N_("Consent"), 7, 0, cell_consent },
};

/* ---- work lists ------------------------------------------------------- */

static void cell_c0(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[0] ? r->col[0] : "");
}
static void cell_names12(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s, %s", r->col[1] ? r->col[1] : "", r->col[2] ? r->col[2] : "");
}
static void cell_c3(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[3] ? r->col[3] : "");
}
static void cell_level4(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_LEVEL, r->col[4]));
}
static void cell_subjects5(const struct store_row *r, char *buf, size_t n)
{
    buf[0] = '\0';
    char tmp[256];
    tt_strlcpy(tmp, r->col[5] ? r->col[5] : "", sizeof tmp);
    char *save = NULL;
    for (char *w = strtok_r(tmp, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", len ? ", " : "", label_for(LBL_SUBJECT, w));
    }
}
static void cell_priority6(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_PRIORITY, r->col[6]));
}
static void cell_c7(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[7] ? r->col[7] : "");
}
static void cell_names01(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s, %s", r->col[0] ? r->col[0] : "", r->col[1] ? r->col[1] : "");
}
static void cell_school2(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[2] ? r->col[2] : "");
}
static void cell_days3(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, _("%s d"), r->col[3] ? r->col[3] : "0");
}
static void cell_guardian4(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[4] ? r->col[4] : _("no guardian recorded"));
}
static void cell_phone5(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[5] ? r->col[5] : "");
}
static void cell_email6(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[6] ? r->col[6] : "");
}
static void cell_purpose2(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_CONSENT_PURPOSE, r->col[2]));
}
static void cell_days4(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, _("%s d"), r->col[4] ? r->col[4] : "0");
}
static void cell_guardian5(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[5] ? r->col[5] : "");
}
static void cell_phone6(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[6] ? r->col[6] : "");
}

static const struct list_column to_decide_columns[] = {
    { N_("Referred on"), 10, 0, cell_c0 },
    { N_("Name"), 14, 3, cell_names12 },
    { N_("School"), 6, 0, cell_c3 },
    { N_("Level"), 8, 0, cell_level4 },
    { N_("Subjects"), 12, 2, cell_subjects5 },
    { N_("Priority"), 7, 0, cell_priority6 },
    { N_("Referred by"), 10, 1, cell_c7 },
};
static const struct list_column awaiting_columns[] = {
    { N_("Name"), 14, 2, cell_names01 },
    { N_("School"), 6, 0, cell_school2 },
    { N_("Waiting"), 7, 0, cell_days3 },
    { N_("Guardian"), 12, 2, cell_guardian4 },
    { N_("Phone"), 12, 0, cell_phone5 },
    { N_("E-mail"), 12, 2, cell_email6 },
};
static const struct list_column expiring_columns[] = {
    { N_("Name"), 14, 2, cell_names01 },
    { N_("Purpose"), 10, 1, cell_purpose2 },
    { N_("Until"), 10, 0, cell_c3 },
    { N_("Left"), 5, 0, cell_days4 },
    { N_("Guardian"), 12, 2, cell_guardian5 },
    { N_("Phone"), 12, 0, cell_phone6 },
};

enum { VIEW_ALL, VIEW_TO_DECIDE, VIEW_AWAITING_CONSENT, VIEW_EXPIRING, VIEW__COUNT };
static const char *const view_titles[VIEW__COUNT] = {
    N_("All students"), N_("Referrals to decide"), N_("Students awaiting consent"),
    N_("Consents expiring soon"),
};

/* ---- search box ----------------------------------------------------------- */

static struct form_field search_fields[] = {
    { .id = "search", .label = N_("Search"), .kind = FK_TEXT, .max_chars = 60 },
};
static const char *const search_pages[] = { N_("search") };
static struct form search_form = {
    .title = N_("Search"), .page_titles = search_pages, .n_pages = 1,
    .fields = search_fields, .n_fields = 1,
};

/* ---- filters ------------------------------------------------------------ */

#define MAX_SCHOOLS 256
static struct form_choice school_choices[MAX_SCHOOLS + 1], level_choices[16],
    subject_choices[SUBJECT_COUNT + 1], status_choices[8], consent_choices[6],
    priority_choices[4];
static char school_ids[MAX_SCHOOLS][24], school_names[MAX_SCHOOLS][404];

static struct form_field filter_fields[] = {
    { .id = "school", .label = N_("School"), .kind = FK_CHOICE, .literal = 1 },
    { .id = "level", .label = N_("Level"), .kind = FK_CHOICE },
    { .id = "subject", .label = N_("Subject"), .kind = FK_CHOICE },
    { .id = "status", .label = N_("Referral status"), .kind = FK_CHOICE },
    { .id = "consent", .label = N_("Consent to tutoring"), .kind = FK_CHOICE },
    { .id = "priority", .label = N_("Priority"), .kind = FK_CHOICE },
};
static const char *const filter_pages[] = { N_("filters") };
static struct form filter_form = {
    .title = N_("Filter the students"), .page_titles = filter_pages, .n_pages = 1,
    .fields = filter_fields, .n_fields = TT_ARRAY_LEN(filter_fields),
};

struct students_state {
    struct list_screen ls;
    struct list_screen views[VIEW__COUNT];  /* [0] unused: ls is the main list */
    int view;
    int searching;
    char search[256];
    /* Filter values: the query points into these. */
    char f_level[8], f_subject[16], f_status[20], f_consent[12];
    char filter_text[512];
};

static struct students_state state = {
    .ls = {
        .list = LIST_STUDENTS,
        .columns = columns,
        .n_columns = TT_ARRAY_LEN(columns),
        .empty_text = N_("No students match. Press n to type a referral, x to clear the search."),
    },
    .views = {
        [VIEW_TO_DECIDE] = { .list = LIST_TO_DECIDE, .columns = to_decide_columns,
                             .n_columns = TT_ARRAY_LEN(to_decide_columns),
                             .empty_text = N_("No referral to decide.") },
        [VIEW_AWAITING_CONSENT] = { .list = LIST_AWAITING_CONSENT, .columns = awaiting_columns,
                                    .n_columns = TT_ARRAY_LEN(awaiting_columns),
                                    .empty_text = N_("No student awaits consent.") },
        [VIEW_EXPIRING] = { .list = LIST_CONSENTS_EXPIRING, .columns = expiring_columns,
                            .n_columns = TT_ARRAY_LEN(expiring_columns),
                            .empty_text = N_("No consent expires soon.") },
    },
};

static struct list_screen *current_list(struct students_state *st)
{
    return st->view == VIEW_ALL ? &st->ls : &st->views[st->view];
}

static void show_view(struct students_state *st, struct app *a, int view)
{
    st->view = view;
    struct list_screen *ls = current_list(st);
    list_screen_enter(a, ls);
    ls->lv.query.today = a->today;
    ls->lv.query.days = (int)settings_int(a->settings, SET_CONSENT_WARN_DAYS);
}

static int fill_choices(struct form_choice *out, int kind, const char *any)
{
    out[0] = (struct form_choice){ "", any };
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

static void describe_filters(struct students_state *st, struct app *a)
{
    const struct store_query *q = &st->ls.lv.query;
    char *b = st->filter_text;
    size_t size = sizeof st->filter_text;
    b[0] = '\0';
#define ADD(...) do { size_t l_ = strlen(b); snprintf(b + l_, size - l_, __VA_ARGS__); } while (0)
    if (q->school_id) {
        for (int i = 0; i < MAX_SCHOOLS && school_ids[i][0]; i++)
            if (atoll(school_ids[i]) == q->school_id)
                ADD("%s%s", b[0] ? ", " : "", school_names[i]);
    }
    if (q->level)
        ADD("%s%s", b[0] ? ", " : "", label_for(LBL_LEVEL, q->level));
    if (q->subject)
        ADD("%s%s", b[0] ? ", " : "", label_for(LBL_SUBJECT, q->subject));
    if (q->status)
        ADD("%s%s", b[0] ? ", " : "",
            strcmp(q->status, "none") == 0 ? _("no referral") : label_for(LBL_REFERRAL_STATUS, q->status));
    if (q->consent)
        ADD("%s%s %s", b[0] ? ", " : "", _("consent"),
            strcmp(q->consent, "none") == 0 ? _("none") : label_for(LBL_CONSENT_STATUS, q->consent));
    if (q->priority) {
        char p[8];
        snprintf(p, sizeof p, "%d", q->priority);
        ADD("%s%s %s", b[0] ? ", " : "", _("priority"), label_for(LBL_PRIORITY, p));
    }
#undef ADD
    (void)a;
}

static void choose_filters(struct students_state *st, struct app *a)
{
    struct store_school schools[MAX_SCHOOLS];
    int ns = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (store_schools(a->db, schools, MAX_SCHOOLS, &ns, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return;
    }
    school_choices[0] = (struct form_choice){ "", _("any") };
    for (int i = 0; i < ns; i++) {
        snprintf(school_ids[i], sizeof school_ids[i], "%lld", (long long)schools[i].id);
        tt_strlcpy(school_names[i], schools[i].name, sizeof school_names[i]);
        school_choices[i + 1] = (struct form_choice){ school_ids[i], school_names[i] };
    }
    if (ns < MAX_SCHOOLS)
        school_ids[ns][0] = '\0';
    set_choices("school", school_choices, ns + 1);
    set_choices("level", level_choices, fill_choices(level_choices, LBL_LEVEL, N_("any")));
    subject_choices[0] = (struct form_choice){ "", N_("any") };
    for (int i = 0; i < SUBJECT_COUNT; i++)
        subject_choices[i + 1] = (struct form_choice){ subject_code(i), label_msgid(LBL_SUBJECT, i) };
    set_choices("subject", subject_choices, SUBJECT_COUNT + 1);
    int n = fill_choices(status_choices, LBL_REFERRAL_STATUS, N_("any"));
    status_choices[n++] = (struct form_choice){ "none", N_("no referral") };
    set_choices("status", status_choices, n);
    n = fill_choices(consent_choices, LBL_CONSENT_STATUS, N_("any"));
    consent_choices[n++] = (struct form_choice){ "none", N_("none recorded") };
    set_choices("consent", consent_choices, n);
    set_choices("priority", priority_choices, fill_choices(priority_choices, LBL_PRIORITY, N_("any")));

    struct store_query *q = &st->ls.lv.query;
    form_init(&filter_form);
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)q->school_id);
    form_set_choice(&filter_form, "school", q->school_id ? sid : "");
    form_set_choice(&filter_form, "level", q->level ? q->level : "");
    form_set_choice(&filter_form, "subject", q->subject ? q->subject : "");
    form_set_choice(&filter_form, "status", q->status ? q->status : "");
    form_set_choice(&filter_form, "consent", q->consent ? q->consent : "");
    char pr[8];
    snprintf(pr, sizeof pr, "%d", q->priority);
    form_set_choice(&filter_form, "priority", q->priority ? pr : "");
    if (form_run_modal(&filter_form, a, NULL) == FORM_SAVE) {
        q->school_id = atoll(form_get_choice(&filter_form, "school"));
        tt_strlcpy(st->f_level, form_get_choice(&filter_form, "level"), sizeof st->f_level);
        tt_strlcpy(st->f_subject, form_get_choice(&filter_form, "subject"), sizeof st->f_subject);
        tt_strlcpy(st->f_status, form_get_choice(&filter_form, "status"), sizeof st->f_status);
        tt_strlcpy(st->f_consent, form_get_choice(&filter_form, "consent"), sizeof st->f_consent);
        q->level = st->f_level[0] ? st->f_level : NULL;
        q->subject = st->f_subject[0] ? st->f_subject : NULL;
        q->status = st->f_status[0] ? st->f_status : NULL;
        q->consent = st->f_consent[0] ? st->f_consent : NULL;
        q->priority = atoi(form_get_choice(&filter_form, "priority"));
        listview_home(&st->ls.lv);
        describe_filters(st, a);
    }
    form_free(&filter_form);
}

/* Runs the roster import and shows its report; when bad rows stopped it,
 * offers to import the good ones and set the bad ones aside. */
static void import_roster(struct students_state *st, struct app *a)
{
    char path[1024] = "";
    if (!form_prompt(a, N_("Import the school's student list"), N_("CSV file"), path, sizeof path))
        return;
    for (int skip_bad = 0; skip_bad < 2; skip_bad++) {
        struct import_summary sum;
        struct tt_error err;
        tt_error_clear(&err);
        int rc = import_students(a->db, a->settings, path, skip_bad, NULL, &sum, &err);
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        if (out) {
            if (rc != TT_OK)
                fprintf(out, "%s\n\n", err.msg);
            import_summary_print(&sum, out);
            fclose(out);
            ui_text_pager(a, _("Import of the student list"), text ? text : "");
            free(text);
        }
        int had_problems = sum.n_problems > 0;
        import_summary_free(&sum);
        listview_reload(&st->ls.lv);
        if (rc == TT_OK) {
            app_message(a, 0, "%s", _("Student list imported."));
            return;
        }
        app_message(a, 1, "%s", err.msg);
        if (skip_bad || !had_problems ||
            !ui_confirm(a, _("Import the good rows and put the bad ones in a rejects file?")))
            return;
    }
}

static void clear_filters(struct students_state *st)
{
    struct store_query *q = &st->ls.lv.query;
    q->school_id = 0;
    q->level = q->subject = q->status = q->consent = NULL;
    q->priority = 0;
    q->search = NULL;
    st->search[0] = '\0';
    st->filter_text[0] = '\0';
    form_set_text(&search_form, "search", "");
    listview_home(&st->ls.lv);
}

static void students_enter(struct app *a, void *p)
{
    struct students_state *st = p;
    show_view(st, a, st->view);
}

static void students_draw(struct app *a, void *p, struct rect r)
{
    struct students_state *st = p;
    if (referral_editor_active()) {
        referral_editor_draw(a, r);
        return;
    }
    if (student_file_active()) {
        student_file_draw(a, r);
        return;
    }
    if (st->view != VIEW_ALL) {
        char title[256];
        if (st->view == VIEW_EXPIRING)
            snprintf(title, sizeof title, _("%s (within %ld days); v: next list"),
                     _(view_titles[st->view]), settings_int(a->settings, SET_CONSENT_WARN_DAYS));
        else
            snprintf(title, sizeof title, _("%s; v: next list"), _(view_titles[st->view]));
        ui_put(r.y, r.x + 1, r.w - 2, title, A_BOLD);
        r.y++;
        r.h--;
        curs_set(0);
        list_screen_draw(a, current_list(st), r);
        return;
    }
    /* A line for the search and the filters, then the list. */
    char line[800];
    if (st->searching || st->search[0] || st->filter_text[0]) {
        snprintf(line, sizeof line, "%s %s", _("Search:"), st->search);
        int w = text_width(line);
        ui_put(r.y, r.x + 1, r.w / 2, line, st->searching ? A_BOLD : A_NORMAL);
        if (st->filter_text[0]) {
            char f[600];
            snprintf(f, sizeof f, "%s %s", _("Filters:"), st->filter_text);
            ui_put(r.y, r.x + r.w / 2 + 1, r.w / 2 - 2, f, ui_attr(UI_DIM));
        }
        r.y++;
        r.h--;
        list_screen_draw(a, &st->ls, r);
        if (st->searching) {
            curs_set(1);
            move(r.y - 1, r.x + 1 + (w < r.w / 2 ? w : r.w / 2 - 1));
        }
        return;
    }
    curs_set(0);
    /* Nothing searched and nothing listed: a new database, not a search
     * that found nobody. */
    const char *match_text = st->ls.lv.empty_text;
    st->ls.lv.empty_text = N_("No student yet. Press n to type a referral, or i to import the "
                              "school's student list.");
    list_screen_draw(a, &st->ls, r);
    st->ls.lv.empty_text = match_text;
}

static void search_changed(struct students_state *st)
{
    form_get_text(&search_form, "search", st->search, sizeof st->search);
    st->ls.lv.query.search = st->search[0] ? st->search : NULL;
    listview_home(&st->ls.lv);
}

static int handle_search_key(struct students_state *st, struct app *a, int key)
{
    int r = form_handle_key(&search_form, a, key);
    switch (r) {
    case FORM_EDITED:
        search_changed(st);
        break;
    case FORM_CANCEL:
        st->searching = 0;
        form_set_text(&search_form, "search", "");
        search_changed(st);
        curs_set(0);
        break;
    case FORM_SAVE:
        st->searching = 0;
        curs_set(0);
        break;
    default:
        /* Arrows still move in the list while searching. */
        return list_screen_handle(a, &st->ls, actions_for_key(key), key);
    }
    return H_DONE;
}

static int students_handle(struct app *a, void *p, int action, int key)
{
    struct students_state *st = p;
    if (referral_editor_active()) {
        int r = referral_editor_handle(a, action, key);
        if (referral_editor_saved())
            listview_reload(&current_list(st)->lv);
        return r;
    }
    if (student_file_active()) {
        int r = student_file_handle(a, action, key);
        if (student_file_changed())
            listview_reload(&current_list(st)->lv);
        return r;
    }
    if (st->searching) {
        /* Letters are text here; F-keys still reach the shell. */
        if (key >= TT_KEY(KEY_F(1)) && key <= TT_KEY(KEY_F(12)))
            return H_IGNORED;
        return handle_search_key(st, a, key);
    }
    const struct store_row *row;
    if (action == ACT_VIEW) {
        show_view(st, a, (st->view + 1) % VIEW__COUNT);
        return H_DONE;
    }
    if (st->view != VIEW_ALL) {
        struct list_screen *ls = current_list(st);
        switch (action) {
        case ACT_OPEN:
            row = listview_current(&ls->lv);
            if (row)
                student_file_open(a, row->id);
            return H_DONE;
        case ACT_CANCEL:
            show_view(st, a, VIEW_ALL);
            return H_DONE;
        default:
            return list_screen_handle(a, ls, action, key);
        }
    }
    switch (action) {
    case ACT_SEARCH:
        st->searching = 1;
        if (search_form.fields[0].text == NULL)
            form_init(&search_form);
        return H_DONE;
    case ACT_FILTER:
        choose_filters(st, a);
        return H_DONE;
    case ACT_CLEAR_FILTER:
        clear_filters(st);
        return H_DONE;
    case ACT_IMPORT:
        import_roster(st, a);
        return H_DONE;
    case ACT_NEW:
        referral_editor_open(a, 0);
        return H_DONE;
    case ACT_NEW_FOR:
        row = listview_current(&st->ls.lv);
        if (row)
            referral_editor_open(a, row->id);
        return H_DONE;
    case ACT_OPEN:
        row = listview_current(&st->ls.lv);
        if (row)
            student_file_open(a, row->id);
        return H_DONE;
    case ACT_CANCEL:
        if (st->search[0] || st->filter_text[0]) {
            clear_filters(st);
            return H_DONE;
        }
        return H_IGNORED;
    default:
        return list_screen_handle(a, &st->ls, action, key);
    }
}

static int students_unsaved(struct app *a, void *p)
{
    return referral_editor_unsaved();
}

static void students_fini(struct app *a, void *p)
{
    struct students_state *st = p;
    referral_editor_flush(a);
    form_free(&search_form);
    list_screen_fini(a, &st->ls);
    for (int i = 1; i < VIEW__COUNT; i++)
        list_screen_fini(a, &st->views[i]);
}

static void students_load(struct app *a, void *p)
{
    list_screen_load(a, current_list(p));
}

static int students_startup(struct app *a, void *p)
{
    return referral_editor_offer_draft(a);
}

void students_open(struct app *a, int view)
{
    struct students_state *st = &state;
    switch (view) {
    case STUDENTS_TO_DECIDE: st->view = VIEW_TO_DECIDE; break;
    case STUDENTS_AWAITING_CONSENT: st->view = VIEW_AWAITING_CONSENT; break;
    case STUDENTS_CONSENTS_EXPIRING: st->view = VIEW_EXPIRING; break;
    default:
        st->view = VIEW_ALL;
        list_screen_enter(a, &st->ls);
        clear_filters(st);
        tt_strlcpy(st->f_status, "awaiting_pairing", sizeof st->f_status);
        st->ls.lv.query.status = st->f_status;
        snprintf(st->filter_text, sizeof st->filter_text, "%s",
                 label_for(LBL_REFERRAL_STATUS, "awaiting_pairing"));
        break;
    }
    app_show(a, ACT_SCREEN_STUDENTS);
}

const struct screen_ops screen_students = {
    .name = "students",
    .title = N_("Students"),
    .action = ACT_SCREEN_STUDENTS,
    .enter = students_enter,
    .draw = students_draw,
    .handle = students_handle,
    .has_unsaved = students_unsaved,
    .fini = students_fini,
    .startup = students_startup,
    .load = students_load,
    .state = &state,
};
