/* Groups screen: each tutoring group with its tutor and how full it is;
 * Enter opens its page, n creates one. */
#include "config.h"
#include <stdio.h>
#include "actions.h"
#include "i18n.h"
#include "labels.h"
#include "listview.h"
#include "ui_group_page.h"
#include "util.h"

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

static void groups_draw(struct app *a, void *p, struct rect r)
{
    if (group_page_active())
        group_page_draw(a, r);
    else
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
    .state = &state,
};
