#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actions.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "text.h"
#include "ui_users.h"
#include "users.h"
#include "util.h"
#include "widgets.h"

static struct {
    struct app_user *users;
    size_t n;
    int selected;
} uv;

static const struct form_choice role_choices[] = {
    { "admin", N_("administrator") },
    { "secretary", N_("secretary") },
    { "readonly", N_("read-only") },
};
static const char *const one_page[] = { "" };

void users_view_free(void)
{
    free(uv.users);
    uv.users = NULL;
    uv.n = 0;
}

void users_view_load(struct app *a)
{
    struct tt_error err;
    tt_error_clear(&err);
    users_view_free();
    if (users_list(a->db, &uv.users, &uv.n, &err) != TT_OK)
        app_message(a, 1, "%s", err.msg);
    if (uv.selected >= (int)uv.n)
        uv.selected = (int)uv.n - 1;
    if (uv.selected < 0)
        uv.selected = 0;
}

static void select_login(const char *login)
{
    for (size_t i = 0; i < uv.n; i++)
        if (strcmp(uv.users[i].login, login) == 0)
            uv.selected = (int)i;
}

/* The columns: login, full name, role, enabled, created; the name takes
 * what the others leave. */
static void row_text(char *line, size_t size, int width, const char *login, const char *name,
                     const char *role, const char *enabled, const char *created)
{
    int nw = width - (16 + 2 + 2 + 14 + 2 + 7 + 2 + 10);
    if (nw < 8)
        nw = 8;
    char c1[128], c2[1024], c3[128], c4[64], c5[64];
    text_fit(c1, sizeof c1, login, 16, 1);
    text_fit(c2, sizeof c2, name, nw, 1);
    text_fit(c3, sizeof c3, role, 14, 1);
    text_fit(c4, sizeof c4, enabled, 7, 1);
    text_fit(c5, sizeof c5, created, 10, 0);
    snprintf(line, size, "%s  %s  %s  %s  %s", c1, c2, c3, c4, c5);
}

void users_view_draw(struct app *a, struct rect r)
{
    char line[2048];
    const char *role = db_role(a->db);
    snprintf(line, sizeof line, _("Users of this database; you are %s, %s"), db_login(a->db),
             user_role_label(role));
    ui_put(r.y, r.x + 1, r.w - 2, line, A_BOLD);
    row_text(line, sizeof line, r.w - 2, _("Login"), _("Full name"), _("User role"), _("Enabled"),
             _("Created"));
    ui_put(r.y + 1, r.x + 1, r.w - 2, line, ui_attr(UI_TITLE));
    int rows = r.h - 3;
    int first = uv.selected >= rows ? uv.selected - rows + 1 : 0;
    for (int i = 0; i < rows && first + i < (int)uv.n; i++) {
        const struct app_user *u = &uv.users[first + i];
        char created[11];
        tt_strlcpy(created, u->created_at, sizeof created);
        row_text(line, sizeof line, r.w - 2, u->login, u->full_name, user_role_label(u->role),
                 u->active ? _("yes") : _("no"), created);
        attr_t attr = first + i == uv.selected ? ui_attr(UI_SELECTED)
                      : u->active               ? A_NORMAL
                                                : ui_attr(UI_DIM);
        ui_put(r.y + 2 + i, r.x + 1, r.w - 2, line, attr);
    }
    ui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
           strcmp(role, "admin") == 0
               ? _("n: add a user  t, Enter: role and access  v: privacy incidents")
               : _("Only an administrator changes the users.  v: privacy incidents"),
           ui_attr(UI_DIM));
    move(r.y + 2 + (uv.selected - first), r.x + 1);
}

/* 0 when this user may change users; otherwise the refusal is on the
 * message line, from the data layer. */
static int may_manage(struct app *a)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (users_may_manage(a->db, &err) == TT_OK)
        return 0;
    app_message(a, 1, "%s", err.msg);
    return -1;
}

static void add_dialog(struct app *a)
{
    struct form_field fields[] = {
        { .id = "login", .label = N_("Login"), .kind = FK_TEXT, .max_chars = 64,
          .hint = N_("The person's login name on this server (letters, digits, . _ - @)") },
        { .id = "full_name", .label = N_("Full name"), .kind = FK_TEXT, .max_chars = 200 },
        { .id = "role", .label = N_("User role"), .kind = FK_CHOICE, .choices = role_choices,
          .n_choices = TT_ARRAY_LEN(role_choices) },
    };
    struct form f = { .title = N_("New user"), .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "role", "secretary");
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        char login[260], name[1000];
        form_get_text(&f, "login", login, sizeof login);
        form_get_text(&f, "full_name", name, sizeof name);
        tt_trim(login);
        const char *role = form_get_choice(&f, "role");
        struct tt_error err;
        tt_error_clear(&err);
        if (user_add(a->db, login, role, name, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        app_message(a, 0, _("%s may now use the database (role: %s)."), login,
                    user_role_label(role));
        users_view_load(a);
        select_login(login);
        break;
    }
    form_free(&f);
}

static void change_dialog(struct app *a)
{
    if (uv.n == 0)
        return;
    struct app_user u = uv.users[uv.selected];
    struct form_field fields[] = {
        { .id = "role", .label = N_("User role"), .kind = FK_CHOICE, .choices = role_choices,
          .n_choices = TT_ARRAY_LEN(role_choices) },
        { .id = "active", .label = N_("May log in"), .kind = FK_BOOL,
          .hint = N_("Space: yes or no; a disabled login keeps what it did") },
    };
    /* The login is data, not a message: it is formatted into a title no
     * catalogue holds. */
    char title[200];
    snprintf(title, sizeof title, _("Role and access of %s"), u.login);
    struct form f = { .title = title, .page_titles = one_page, .n_pages = 1,
                      .fields = fields, .n_fields = TT_ARRAY_LEN(fields) };
    form_init(&f);
    form_set_choice(&f, "role", u.role);
    form_field(&f, "active")->choice = u.active != 0;
    char msg[1024] = "";
    while (form_run_modal(&f, a, msg) == FORM_SAVE) {
        const char *role = form_get_choice(&f, "role");
        int active = form_field(&f, "active")->choice != 0;
        if (strcmp(role, u.role) == 0 && active == (u.active != 0))
            break;
        struct tt_error err;
        tt_error_clear(&err);
        if (user_change(a->db, u.login, role, active, &err) != TT_OK) {
            tt_strlcpy(msg, err.msg, sizeof msg);
            if (err.field[0])
                form_focus(&f, err.field);
            continue;
        }
        if (strcmp(u.login, db_login(a->db)) == 0) {
            /* Handing over one's own role takes effect now, not at the
             * next start. */
            if (db_use_login(a->db, u.login, &err) != TT_OK)
                app_message(a, 1, "%s", err.msg);
            else
                app_message(a, 0, _("Your role is now %s."), user_role_label(role));
        } else if (!active) {
            app_message(a, 0, _("%s may no longer use the database; what they did is kept."),
                        u.login);
        } else {
            app_message(a, 0, _("%s: role %s, may log in."), u.login, user_role_label(role));
        }
        users_view_load(a);
        select_login(u.login);
        break;
    }
    form_free(&f);
}

int users_view_handle(struct app *a, int action, int key)
{
    (void)key;
    if (ui_move_selection(action, &uv.selected, (int)uv.n))
        return H_DONE;
    switch (action) {
    case ACT_NEW:
        if (may_manage(a) == 0)
            add_dialog(a);
        return H_DONE;
    case ACT_STATUS:
    case ACT_OPEN:
        if (may_manage(a) == 0)
            change_dialog(a);
        return H_DONE;
    default:
        return H_IGNORED;
    }
}
