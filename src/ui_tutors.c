/* Tutors screen: candidates and tutors in one list, with where each stands
 * in recruitment. */
#include "config.h"
#include <stdio.h>
#include "actions.h"
#include "i18n.h"
#include "labels.h"
#include "listview.h"
#include "util.h"

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

static const struct list_column columns[] = {
    { N_("Name"), 18, 3, cell_name },
    { N_("Category"), 9, 1, cell_category },
    { N_("Source"), 7, 1, cell_source },
    { N_("Status"), 9, 1, cell_status },
    { N_("Applied"), 10, 0, cell_applied },
    { N_("Answered"), 10, 0, cell_answered },
    { N_("Record check"), 9, 0, cell_check },
};

static struct list_screen state = {
    .list = LIST_TUTORS,
    .columns = columns,
    .n_columns = TT_ARRAY_LEN(columns),
    .empty_text = N_("No tutors or candidates yet."),
};

const struct screen_ops screen_tutors = {
    .name = "tutors",
    .title = N_("Tutors"),
    .action = ACT_SCREEN_TUTORS,
    .enter = list_screen_enter,
    .draw = list_screen_draw,
    .handle = list_screen_handle,
    .fini = list_screen_fini,
    .state = &state,
};
