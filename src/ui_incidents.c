#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "incidents.h"
#include "text.h"
#include "ui_incidents.h"
#include "util.h"
#include "widgets.h"

static struct {
    struct incident_row *rows;
    size_t n;
    int selected;
} iv;

void incidents_view_free(void)
{
    free(iv.rows);
    iv.rows = NULL;
    iv.n = 0;
}

void incidents_view_load(struct app *a)
{
    struct tt_error err;
    tt_error_clear(&err);
    incidents_view_free();
    if (incidents_list(a->db, &iv.rows, &iv.n, &err) != TT_OK)
        app_message(a, 1, "%s", err.msg);
    if (iv.selected >= (int)iv.n)
        iv.selected = (int)iv.n - 1;
    if (iv.selected < 0)
        iv.selected = 0;
}

static void select_id(int64_t id)
{
    for (size_t i = 0; i < iv.n; i++)
        if (iv.rows[i].id == id)
            iv.selected = (int)i;
}

static const char *notified_text(const struct incident_row *r)
{
    int cai = r->commission_notified_on[0] != '\0', people = r->people_notified_on[0] != '\0';
    return cai && people ? _("Commission and people")
           : cai         ? _("Commission")
           : people      ? _("people")
                         : _("not yet");
}

/* Discovered on, information, people, notified; the information takes
 * what the others leave. */
static void row_text(char *line, size_t size, int width, const char *discovered,
                     const char *information, const char *people, const char *notified)
{
    int iw = width - (10 + 2 + 2 + 9 + 2 + 21);
    if (iw < 10)
        iw = 10;
    char c1[64], c2[1200], c3[64], c4[256];
    text_fit(c1, sizeof c1, discovered, 10, 1);
    text_fit(c2, sizeof c2, information, iw, 1);
    text_fit(c3, sizeof c3, people, 9, 1);
    text_fit(c4, sizeof c4, notified, 21, 0);
    snprintf(line, size, "%s  %s  %s  %s", c1, c2, c3, c4);
}

void incidents_view_draw(struct app *a, struct rect r)
{
    char line[2048];
    snprintf(line, sizeof line, "%s",
             _("Privacy incident register (Law 25): incidents involving personal information"));
    ui_put(r.y, r.x + 1, r.w - 2, line, A_BOLD);
    row_text(line, sizeof line, r.w - 2, _("Discovered"), _("Information concerned"),
             _("People"), _("Notified"));
    ui_put(r.y + 1, r.x + 1, r.w - 2, line, ui_attr(UI_TITLE));
    int rows = r.h - 3;
    int first = iv.selected >= rows ? iv.selected - rows + 1 : 0;
    for (int i = 0; i < rows && first + i < (int)iv.n; i++) {
        const struct incident_row *x = &iv.rows[first + i];
        char people[24];
        if (x->people_count >= 0)
            snprintf(people, sizeof people, "%lld", (long long)x->people_count);
        else
            snprintf(people, sizeof people, "?");
        row_text(line, sizeof line, r.w - 2, x->discovered_on, x->information, people,
                 notified_text(x));
        ui_put(r.y + 2 + i, r.x + 1, r.w - 2, line,
               first + i == iv.selected ? ui_attr(UI_SELECTED) : A_NORMAL);
    }
    if (iv.n == 0)
        ui_put(r.y + 2, r.x + 1, r.w - 2, _("No incident recorded."), ui_attr(UI_DIM));
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           strcmp(db_role(a->db), "admin") == 0
               ? _("n: record an incident  Enter: open and complete it  v: access log")
               : _("Enter: read the incident  v: access log"),
           ui_attr(UI_DIM));
    move(r.y + 2 + (iv.selected - first), r.x + 1);
}

static const char *const pages[] = { N_("The incident"), N_("Risk, notices and measures") };

#define DATE_HINT N_("A date: 2021-04-19 or 19/04/2021; empty when not known or not yet")

static void to_form(struct form *f, const struct incident *in)
{
    form_set_text(f, "information", in->information);
    form_set_text(f, "circumstances", in->circumstances);
    form_set_text(f, "occurred_on", in->occurred_on);
    form_set_text(f, "discovered_on", in->discovered_on);
    form_set_text(f, "people_count", in->people_count);
    form_set_text(f, "risk_assessment", in->risk_assessment);
    form_set_text(f, "commission_notified_on", in->commission_notified_on);
    form_set_text(f, "people_notified_on", in->people_notified_on);
    form_set_text(f, "measures", in->measures);
}

static void from_form(const struct form *f, struct incident *in)
{
    form_get_text(f, "information", in->information, sizeof in->information);
    form_get_text(f, "circumstances", in->circumstances, sizeof in->circumstances);
    form_get_text(f, "occurred_on", in->occurred_on, sizeof in->occurred_on);
    form_get_text(f, "discovered_on", in->discovered_on, sizeof in->discovered_on);
    form_get_text(f, "people_count", in->people_count, sizeof in->people_count);
    form_get_text(f, "risk_assessment", in->risk_assessment, sizeof in->risk_assessment);
    form_get_text(f, "commission_notified_on", in->commission_notified_on,
                  sizeof in->commission_notified_on);
    form_get_text(f, "people_notified_on", in->people_notified_on,
                  sizeof in->people_notified_on);
    form_get_text(f, "measures", in->measures, sizeof in->measures);
}

/* The form of an incident, new (id 0) or read from the register. */
static void edit_dialog(struct app *a, int64_t id)
{
    struct form_field fields[] = {
        { .id = "information", .label = N_("Information concerned"), .kind = FK_AREA,
          .max_chars = INCIDENT_TEXT_MAX, .lines = 3,
          .hint = N_("Which personal information: names, contact details, referrals...") },
        { .id = "circumstances", .label = N_("Circumstances"), .kind = FK_AREA,
          .max_chars = INCIDENT_TEXT_MAX, .lines = 3 },
        { .id = "occurred_on", .label = N_("Occurred on"), .kind = FK_TEXT, .max_chars = 10,
          .hint = DATE_HINT },
        { .id = "discovered_on", .label = N_("Discovered on"), .kind = FK_TEXT, .max_chars = 10 },
        { .id = "people_count", .label = N_("People concerned"), .kind = FK_TEXT,
          .max_chars = 9, .hint = N_("How many people; empty when not known yet") },
        { .id = "risk_assessment", .label = N_("Risk assessment"), .kind = FK_AREA, .page = 1,
          .max_chars = INCIDENT_TEXT_MAX, .lines = 3,
          .hint = N_("Risk of serious injury: how sensitive, how likely to be misused") },
        { .id = "commission_notified_on", .label = N_("Commission notified on"),
          .kind = FK_TEXT, .page = 1, .max_chars = 10,
          .hint = N_("Notice to the Commission d'accès à l'information; empty if none") },
        { .id = "people_notified_on", .label = N_("People notified on"), .kind = FK_TEXT,
          .page = 1, .max_chars = 10, .hint = N_("Notice to the people concerned; empty if none") },
        { .id = "measures", .label = N_("Measures taken"), .kind = FK_AREA, .page = 1,
          .max_chars = INCIDENT_TEXT_MAX, .lines = 3 },
    };
    struct form f = { .title = id ? N_("Privacy incident") : N_("New privacy incident"),
                      .page_titles = pages, .n_pages = 2, .fields = fields,
                      .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    struct incident *in = xcalloc(1, sizeof *in);
    struct tt_error err;
    tt_error_clear(&err);
    if (id && incident_get(a->db, id, in, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        free(in);
        form_free(&f);
        return;
    }
    if (id) {
        to_form(&f, in);
    } else {
        char today[11];
        date_iso(a->today, today);
        form_set_text(&f, "discovered_on", today);
    }
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        from_form(&f, in);
        tt_error_clear(&err);
        int rc = incident_save(a->db, in, a->today, &err);
        if (rc == TT_ERR_CONFLICT) {
            /* Both versions stay at hand: the user's in the form, the
             * other in the register; the user picks one. */
            struct incident *theirs = xcalloc(1, sizeof *theirs);
            struct tt_error e2;
            tt_error_clear(&e2);
            if (incident_get(a->db, in->id, theirs, &e2) != TT_OK) {
                tt_strlcpy(msg, e2.msg, sizeof msg);
            } else if (ui_confirm(a, _("Someone else changed this privacy incident since you "
                                       "opened it. Save your version over theirs? (n: show "
                                       "theirs instead)"))) {
                in->row_version = theirs->row_version;
                tt_error_clear(&err);
                rc = incident_save(a->db, in, a->today, &err);
                if (rc != TT_OK)
                    tt_strlcpy(msg, err.msg, sizeof msg);
            } else {
                *in = *theirs;
                to_form(&f, in);
                tt_strlcpy(msg, _("Their version is shown: F2 keeps it as it is, Esc leaves."),
                           sizeof msg);
            }
            free(theirs);
            if (rc != TT_OK)
                continue;
        } else if (rc != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, "%s",
                    id ? _("Privacy incident saved.")
                       : _("Privacy incident recorded in the register."));
        incidents_view_load(a);
        select_id(in->id);
        break;
    }
    free(in);
    form_free(&f);
}

static void add_part(char **buf, size_t *len, size_t *cap, const char *label, const char *value)
{
    const char *v = value[0] ? value : _("(not given)");
    size_t need = strlen(label) + strlen(v) + 8;
    if (*len + need >= *cap) {
        *cap = (*len + need) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    *len += (size_t)snprintf(*buf + *len, *cap - *len, "%s\n  %s\n\n", label, v);
}

/* Everyone may read the register, without a form that looks editable. */
static void read_dialog(struct app *a, int64_t id)
{
    struct incident *in = xcalloc(1, sizeof *in);
    struct tt_error err;
    tt_error_clear(&err);
    if (incident_get(a->db, id, in, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        free(in);
        return;
    }
    size_t len = 0, cap = 4096;
    char *text = xmalloc(cap);
    text[0] = '\0';
    add_part(&text, &len, &cap, _("Information concerned"), in->information);
    add_part(&text, &len, &cap, _("Circumstances"), in->circumstances);
    add_part(&text, &len, &cap, _("Occurred on"), in->occurred_on);
    add_part(&text, &len, &cap, _("Discovered on"), in->discovered_on);
    add_part(&text, &len, &cap, _("People concerned"), in->people_count);
    add_part(&text, &len, &cap, _("Risk assessment"), in->risk_assessment);
    add_part(&text, &len, &cap, _("Commission notified on"), in->commission_notified_on);
    add_part(&text, &len, &cap, _("People notified on"), in->people_notified_on);
    add_part(&text, &len, &cap, _("Measures taken"), in->measures);
    char by[200];
    snprintf(by, sizeof by, "%s, %s", in->recorded_by, in->created_at);
    add_part(&text, &len, &cap, _("Recorded by"), by);
    char title[128];
    snprintf(title, sizeof title, _("Privacy incident discovered on %s"), in->discovered_on);
    ui_text_pager(a, title, text);
    free(text);
    free(in);
}

int incidents_view_handle(struct app *a, int action, int key)
{
    (void)key;
    struct tt_error err;
    if (ui_move_selection(action, &iv.selected, (int)iv.n))
        return H_DONE;
    switch (action) {
    case ACT_NEW:
        tt_error_clear(&err);
        if (incidents_may_write(a->db, &err) != TT_OK)
            app_message(a, 1, "%s", err.msg);
        else
            edit_dialog(a, 0);
        return H_DONE;
    case ACT_OPEN:
        if (iv.n == 0)
            return H_DONE;
        tt_error_clear(&err);
        if (incidents_may_write(a->db, &err) == TT_OK)
            edit_dialog(a, iv.rows[iv.selected].id);
        else
            read_dialog(a, iv.rows[iv.selected].id);
        return H_DONE;
    default:
        return H_IGNORED;
    }
}
