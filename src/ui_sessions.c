/* Sessions screen: every session, the most recent first, with how many
 * students were present. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "actions.h"
#include "dates.h"
#include "i18n.h"
#include "labels.h"
#include "listview.h"
#include "util.h"

static void cell_date(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[0] ? r->col[0] : "");
}
static void cell_time(const struct store_row *r, char *buf, size_t n)
{
    char t[6] = "";
    if (r->col[1])
        time_format(atoi(r->col[1]), t);
    snprintf(buf, n, "%s", t);
}
static void cell_group(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[2] ? r->col[2] : "");
}
static void cell_tutor(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[3] ? r->col[3] : "");
}
static void cell_modality(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_MODALITY, r->col[4]));
}
static void cell_status(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label_for(LBL_SESSION_STATUS, r->col[5]));
}
static void cell_minutes(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, _("%s min"), r->col[6] ? r->col[6] : "0");
}
static void cell_present(const struct store_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", r->col[7] ? r->col[7] : "0");
}

static const struct list_column columns[] = {
    { N_("Date"), 10, 0, cell_date },
    { N_("Time"), 5, 0, cell_time },
    { N_("Group"), 12, 2, cell_group },
    { N_("Tutor"), 12, 2, cell_tutor },
    { N_("Modality"), 8, 0, cell_modality },
    { N_("Status"), 9, 1, cell_status },
    { N_("Length"), 7, 0, cell_minutes },
    { N_("Present"), 7, 0, cell_present },
};

static struct list_screen state = {
    .list = LIST_SESSIONS,
    .columns = columns,
    .n_columns = TT_ARRAY_LEN(columns),
    .empty_text = N_("No sessions yet."),
};

const struct screen_ops screen_sessions = {
    .name = "sessions",
    .title = N_("Sessions"),
    .action = ACT_SCREEN_SESSIONS,
    .enter = list_screen_enter,
    .draw = list_screen_draw,
    .handle = list_screen_handle,
    .fini = list_screen_fini,
    .state = &state,
};
