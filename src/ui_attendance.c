/* The attendance sheet: a session's members with their attendance, filled
 * in a few keys.  Everyone allowed starts present for the whole session,
 * so a normal session is Enter, Enter from the list; members whose consent
 * does not cover the day are greyed with the reason and cannot be marked
 * present (the data layer refuses it too). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "form.h"
#include "groups.h"
#include "i18n.h"
#include "labels.h"
#include "sessions.h"
#include "text.h"
#include "ui_attendance.h"
#include "ui_group_page.h"
#include "util.h"
#include "widgets.h"

struct sheet_ui {
    struct session_sheet *sh;
    int row;            /* 0: the session's length; 1..n: members */
    int typing;         /* digits typed replace the value, then append */
    int changed;
    char msg[1024];
    int msg_error;
};

static const char *const one_page[] = { "" };

static void draw(struct app *a, struct sheet_ui *u)
{
    if (COLS < 80 || LINES < 24) {
        ui_draw_app(a);
        return;
    }
    const struct session_sheet *sh = u->sh;
    erase();
    char title[1200], when[64], at[6];
    tt_day d;
    date_parse(sh->date, &d);
    date_long(d, when, sizeof when);
    time_format(sh->start_min, at);
    snprintf(title, sizeof title, _("Attendance: %s, %s at %s"), sh->group_name, when, at);
    ui_fill(0, 0, COLS, ui_attr(UI_TITLE));
    ui_put(0, 1, COLS - 2, title, ui_attr(UI_TITLE));
    char line[1200];
    snprintf(line, sizeof line, _("Tutor: %s   Status: %s"), sh->tutor_name,
             label_for(LBL_SESSION_STATUS, sh->status));
    ui_put(1, 2, COLS - 4, line, A_NORMAL);
    snprintf(line, sizeof line, _("Length of the session: %d min"), sh->actual_minutes);
    ui_put(2, 2, COLS - 4, line, u->row == 0 ? ui_attr(UI_SELECTED) : A_BOLD);
    /* A member who may not attend gets a second line with the reason, so
     * the secretary sees why without opening anything. */
    int rows = LINES - 7;
    int first = u->row - 1 >= rows / 2 ? u->row - rows / 2 : 0;
    int y = 4;
    for (int i = first; i < (int)sh->n && y < 4 + rows; i++) {
        const struct attendance_line *l = &sh->lines[i];
        const char *mark = strcmp(l->status, "present") == 0 ? "[x]"
                           : strcmp(l->status, "excused") == 0 ? "[e]" : "[ ]";
        char name[200], minutes[32] = "", status[64];
        text_fit(name, sizeof name, l->name, 30, 1);
        text_fit(status, sizeof status, label_for(LBL_ATTENDANCE, l->status), 10, 1);
        if (strcmp(l->status, "present") == 0)
            snprintf(minutes, sizeof minutes, _("%d min"), l->minutes);
        snprintf(line, sizeof line, "%s %s  %s %7s", mark, name, status, minutes);
        attr_t at_row = i + 1 == u->row ? ui_attr(UI_SELECTED)
                        : l->allowed ? A_NORMAL : ui_attr(UI_DIM);
        ui_put(y++, 2, COLS - 4, line, at_row);
        if (!l->allowed && y < 4 + rows)
            ui_put(y++, 8, COLS - 10, l->reason, ui_attr(UI_DIM));
    }
    if (sh->n == 0)
        ui_put(4, 2, COLS - 4, _("Nobody was a member of the group on that day."), ui_attr(UI_DIM));
    if (u->msg[0])
        ui_put(LINES - 2, 1, COLS - 2, u->msg, ui_attr(u->msg_error ? UI_ERROR : UI_GOOD));
    ui_put(LINES - 1, 1, COLS - 2,
           _("Space: attendance  0-9: min  u: replacement  C: cancelled  Enter: save  Esc"),
           ui_attr(UI_DIM));
    refresh();
    ui_frame_mark();
}

static void toggle(struct sheet_ui *u)
{
    if (u->row == 0)
        return;
    struct attendance_line *l = &u->sh->lines[u->row - 1];
    if (strcmp(l->status, "present") == 0) {
        tt_strlcpy(l->status, "absent", sizeof l->status);
        l->minutes = 0;
    } else if (strcmp(l->status, "absent") == 0) {
        tt_strlcpy(l->status, "excused", sizeof l->status);
    } else if (l->allowed) {
        tt_strlcpy(l->status, "present", sizeof l->status);
        l->minutes = u->sh->actual_minutes;
    } else {
        tt_strlcpy(l->status, "absent", sizeof l->status);
        snprintf(u->msg, sizeof u->msg, _("%s cannot be marked present: %s"), l->name, l->reason);
        u->msg_error = 1;
    }
    u->changed = 1;
}

static void type_digit(struct sheet_ui *u, int digit)
{
    struct session_sheet *sh = u->sh;
    int *v = u->row == 0 ? &sh->actual_minutes : &sh->lines[u->row - 1].minutes;
    if (u->row > 0 && strcmp(sh->lines[u->row - 1].status, "present") != 0)
        return;
    int old = *v;
    int next = u->typing ? *v * 10 + digit : digit;
    if (next > 480)
        return;
    *v = next;
    u->typing = 1;
    u->changed = 1;
    /* Members present for the whole session follow its new length. */
    if (u->row == 0)
        for (size_t i = 0; i < sh->n; i++)
            if (strcmp(sh->lines[i].status, "present") == 0 && sh->lines[i].minutes == old)
                sh->lines[i].minutes = next;
}

static void backspace(struct sheet_ui *u)
{
    struct session_sheet *sh = u->sh;
    int *v = u->row == 0 ? &sh->actual_minutes : &sh->lines[u->row - 1].minutes;
    *v /= 10;
    u->typing = 1;
    u->changed = 1;
}

static void replacement(struct app *a, struct sheet_ui *u)
{
    struct tutor_choices tc;
    struct tt_error err;
    tt_error_clear(&err);
    int rc = tutor_choices_load(a->db, &tc, &err);
    if (rc != TT_OK || tc.n == 0) {
        tt_strlcpy(u->msg, rc != TT_OK ? err.msg : _("No other tutor may give sessions."),
                   sizeof u->msg);
        u->msg_error = 1;
        tutor_choices_free(&tc);
        return;
    }
    struct form_field fields[] = {
        { .id = "tutor_id", .label = N_("Tutor who gave it"), .kind = FK_CHOICE, .choices = tc.c,
          .n_choices = (int)tc.n, .literal = 1 },
    };
    struct form f = { .title = N_("Replacement tutor"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = 1 };
    form_init(&f);
    char current[24];
    snprintf(current, sizeof current, "%lld", (long long)u->sh->tutor_id);
    form_set_choice(&f, "tutor_id", current);
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        int64_t id = strtoll(form_get_choice(&f, "tutor_id"), NULL, 10);
        if (session_set_tutor(a->db, u->sh->id, id, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        for (size_t i = 0; i < tc.n; i++)
            if (tc.t[i].id == id)
                tt_strlcpy(u->sh->tutor_name, tc.t[i].name, sizeof u->sh->tutor_name);
        u->sh->tutor_id = id;
        u->sh->row_version++;
        snprintf(u->msg, sizeof u->msg, _("Replacement recorded: %s."), u->sh->tutor_name);
        u->msg_error = 0;
        break;
    }
    form_free(&f);
    tutor_choices_free(&tc);
}

/* 1 when the session was cancelled. */
static int cancel_session(struct app *a, struct sheet_ui *u)
{
    static const struct form_choice sides[] = { { "student", N_("the student's side") },
                                                { "tutor", N_("the tutor's side") } };
    struct form_field fields[] = {
        { .id = "side", .label = N_("Cancelled by"), .kind = FK_CHOICE, .choices = sides,
          .n_choices = 2 },
        { .id = "reason", .label = N_("Reason"), .kind = FK_TEXT, .max_chars = 500 },
    };
    struct form f = { .title = N_("Session cancelled"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = 2 };
    form_init(&f);
    form_set_choice(&f, "side", "tutor");
    char msg[1024] = "";
    int done = 0;
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char reason[600];
        form_get_text(&f, "reason", reason, sizeof reason);
        tt_trim(reason);
        struct tt_error err;
        tt_error_clear(&err);
        if (session_cancel(a->db, u->sh->id, form_get_choice(&f, "side"), reason, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            continue;
        }
        app_message(a, 0, "%s", _("Session recorded as cancelled."));
        done = 1;
        break;
    }
    form_free(&f);
    return done;
}

int attendance_sheet_run(struct app *a, int64_t session_id)
{
    struct sheet_ui u = { 0 };
    struct tt_error err;
    tt_error_clear(&err);
    if (session_sheet_load(a->db, session_id, &u.sh, &err) != TT_OK) {
        app_message(a, 1, "%s", err.msg);
        return 0;
    }
    if (strncmp(u.sh->status, "cancelled", 9) == 0) {
        snprintf(u.msg, sizeof u.msg, "%s",
                 _("This session was cancelled; saving records it as held."));
        u.msg_error = 1;
    }
    int saved = 0;
    for (;;) {
        draw(a, &u);
        int key;
        if (ui_read_key(&key) == ERR) {
            if (ui_should_exit())
                break;
            continue;
        }
        if (key == TT_KEY(KEY_RESIZE))
            continue;
        if (COLS < 80 || LINES < 24) {
            if (key == 27 || key == 'q')
                break;
            continue;
        }
        int action = actions_for_key(key);
        const char *refusal = actions_sheet_refusal(a, action, key);
        if (refusal) {
            tt_strlcpy(u.msg, refusal, sizeof u.msg);
            u.msg_error = 1;
            continue;
        }
        if (key != TT_KEY(KEY_BACKSPACE) && key != 127 && key != 8 && (key < '0' || key > '9'))
            u.typing = 0;
        if (key >= '0' && key <= '9') {
            type_digit(&u, key - '0');
            continue;
        }
        if (key == TT_KEY(KEY_BACKSPACE) || key == 127 || key == 8) {
            backspace(&u);
            continue;
        }
        if (key == ' ') {
            toggle(&u);
            continue;
        }
        if (action == ACT_UP && u.row > 0) {
            u.row--;
        } else if (action == ACT_DOWN && u.row < (int)u.sh->n) {
            u.row++;
        } else if (action == ACT_HOME) {
            u.row = 0;
        } else if (action == ACT_END) {
            u.row = (int)u.sh->n;
        } else if (action == ACT_CHANGE_TUTOR) {
            replacement(a, &u);
        } else if (action == ACT_CANCEL_SESSION) {
            if (cancel_session(a, &u)) {
                saved = 1;
                break;
            }
        } else if (action == ACT_OPEN) {
            tt_error_clear(&err);
            if (session_sheet_save(a->db, u.sh, &err) == TT_OK) {
                size_t present = 0;
                for (size_t i = 0; i < u.sh->n; i++)
                    present += strcmp(u.sh->lines[i].status, "present") == 0;
                app_message(a, 0, ngettext("Session saved: %zu student present.",
                                           "Session saved: %zu students present.",
                                           (unsigned long)present), present);
                saved = 1;
                break;
            }
            tt_strlcpy(u.msg, err.msg, sizeof u.msg);
            u.msg_error = 1;
        } else if (action == ACT_CANCEL || action == ACT_QUIT) {
            if (!u.changed || ui_confirm(a, _("Leave the attendance sheet without saving it?")))
                break;
        } else if (action == ACT_REDRAW) {
            clearok(curscr, TRUE);
        }
    }
    session_sheet_free(u.sh);
    return saved;
}
