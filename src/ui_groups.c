/* Groups screen: each tutoring group with its tutor and how full it is;
 * Enter opens its page, n creates one. */
#include "config.h"
#include <stdio.h>
#include "actions.h"
#include "i18n.h"
#include "labels.h"
#include "form.h"
#include "listview.h"
#include "ui_group_page.h"
#include "util.h"
#include "widgets.h"

static void cell_name(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[0] ? r->col[0] : "");
}
static void cell_tutor(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[1] ? r->col[1] : "");
}
static void cell_subject(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_SUBJECT, r->col[2]));
}
static void cell_band(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[3] ? r->col[3] : "");
}
static void cell_modality(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_MODALITY, r->col[4]));
}
static void cell_members(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", r->col[5] ? r->col[5] : "0", r->col[6] ? r->col[6] : "?");
}
static void cell_status(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_GROUP_STATUS, r->col[7]));
}

static const struct list_column columns[] = {
    { N_("Group"), 18, 3, cell_name },
    { N_("Tutor"), 14, 2, cell_tutor },
    { N_("Subject"), 9, 1, cell_subject },
    { N_("Levels"), 5, 0, cell_band },
    { N_("Modality"), 8, 0, cell_modality },
    { N_("Members"), 4, 0, cell_members },
    { N_("Status"), 7, 0, cell_status },
};

static struct list_screen state = {
    .list = LIST_GROUPS,
    .columns = columns,
    .n_columns = TT_ARRAY_LEN(columns),
    .empty_text = N_("No groups yet."),
};

/* What narrows the list: words of the name or the tutor's, a status, a
 * subject. */
static char search[200], f_status[12], f_subject[16];

static int narrowed(void)
{
    return search[0] || f_status[0] || f_subject[0];
}

static void apply(void)
{
    struct store_query *q = &state.lv.query;
    q->search = search[0] ? search : NULL;
    q->status = f_status[0] ? f_status : NULL;
    q->subject = f_subject[0] ? f_subject : NULL;
    listview_home(&state.lv);
}

static void ask_search(struct app *a)
{
    char typed[200];
    tt_strlcpy(typed, search, sizeof typed);
    if (form_prompt(a, N_("Search the groups"), N_("Words of the group's or tutor's name"), typed,
                    sizeof typed)) {
        tt_trim(typed);
        tt_strlcpy(search, typed, sizeof search);
        apply();
    }
}

static void ask_filters(struct app *a)
{
    static struct form_choice statuses[4], subjects[16];
    statuses[0] = (struct form_choice){ "", N_("any") };
    for (int i = 0; i < label_count(LBL_GROUP_STATUS) && i < 3; i++)
        statuses[i + 1] = (struct form_choice){ label_code(LBL_GROUP_STATUS, i),
                                                label_msgid(LBL_GROUP_STATUS, i) };
    subjects[0] = (struct form_choice){ "", N_("any") };
    int ns = label_count(LBL_SUBJECT);
    for (int i = 0; i < ns && i < 15; i++)
        subjects[i + 1] = (struct form_choice){ label_code(LBL_SUBJECT, i),
                                                label_msgid(LBL_SUBJECT, i) };
    static const char *const pages[] = { "" };
    struct form_field fields[] = {
        { .id = "status", .label = N_("Status"), .kind = FK_CHOICE, .choices = statuses,
          .n_choices = 1 + (label_count(LBL_GROUP_STATUS) < 3 ? label_count(LBL_GROUP_STATUS) : 3) },
        { .id = "subject", .label = N_("Subject"), .kind = FK_CHOICE, .choices = subjects,
          .n_choices = 1 + (ns < 15 ? ns : 15) },
    };
    struct form f = { .title = N_("Filter the groups"), .page_titles = pages, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "status", f_status);
    form_set_choice(&f, "subject", f_subject);
    if (form_run_modal(&f, a, NULL) == FORM_SAVE) {
        tt_strlcpy(f_status, form_get_choice(&f, "status"), sizeof f_status);
        tt_strlcpy(f_subject, form_get_choice(&f, "subject"), sizeof f_subject);
        apply();
    }
    form_free(&f);
}

static void groups_draw(struct app *a, void *p, struct rect r)
{
    if (group_page_active()) {
        group_page_draw(a, r);
        return;
    }
    state.lv.empty_text = narrowed() ? N_("No group matches; n creates one, x clears the search "
                                          "and filters.")
                                     : N_("No groups yet.");
    if (narrowed()) {
        char line[600];
        snprintf(line, sizeof line, _("Search: %s   Status: %s   Subject: %s   (x clears)"),
                 search[0] ? search : "-", f_status[0] ? label_for(LBL_GROUP_STATUS, f_status) : "-",
                 f_subject[0] ? label_for(LBL_SUBJECT, f_subject) : "-");
        ui_put(r.y, r.x + 1, r.w - 2, line, ui_attr(UI_DIM));
        r.y++;
        r.h--;
    }
    list_screen_draw(a, p, r);
}

static int groups_handle(struct app *a, void *p, int action, int key)
{
    struct list_screen *ls = p;
    if (group_page_active()) {
        int r = group_page_handle(a, action, key);
        if (group_page_changed() || !group_page_active())
            listview_reload(&ls->lv);
        return r;
    }
    const struct store_row *row = listview_current(&ls->lv);
    switch (action) {
    case ACT_OPEN:
        if (row)
            group_page_open(a, row->id);
        return H_DONE;
    case ACT_NEW:
        if (group_new_dialog(a))
            listview_reload(&ls->lv);
        return H_DONE;
    case ACT_SEARCH:
        ask_search(a);
        return H_DONE;
    case ACT_FILTER:
        ask_filters(a);
        return H_DONE;
    case ACT_CLEAR_FILTER:
        search[0] = f_status[0] = f_subject[0] = '\0';
        apply();
        return H_DONE;
    case ACT_CANCEL:
        if (!narrowed())
            return H_IGNORED;
        search[0] = f_status[0] = f_subject[0] = '\0';
        apply();
        return H_DONE;
    default:
        return list_screen_handle(a, ls, action, key);
    }
}

const struct screen_ops screen_groups = {
    .name = "groups",
    .title = N_("Groups"),
    .action = ACT_SCREEN_GROUPS,
    .enter = list_screen_enter,
    .draw = groups_draw,
    .handle = groups_handle,
    .fini = list_screen_fini,
    .load = list_screen_load,
    .state = &state,
};
