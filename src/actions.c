#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "actions.h"
#include "db.h"
#include "i18n.h"
#include "screens.h"
#include "users.h"
#include "util.h"

static const struct action_def table[] = {
    { ACT_HELP, "help", "F1 ?", N_("Help"), N_("Show this help") },
    { ACT_SCREEN_DASHBOARD, "dashboard", "F2", N_("Home"), N_("Dashboard: what needs doing today") },
    { ACT_SCREEN_STUDENTS, "students", "F3", N_("Students"), N_("Students and their referrals") },
    { ACT_SCREEN_TUTORS, "tutors", "F4", N_("Tutors"), N_("Tutors and candidates") },
    { ACT_SCREEN_GROUPS, "groups", "F5", N_("Groups"), N_("Tutoring groups") },
    { ACT_SCREEN_SESSIONS, "sessions", "F6", N_("Sessions"), N_("Sessions and attendance") },
    { ACT_SCREEN_REPORTS, "reports", "F7", N_("Reports"), N_("Reports and totals") },
    { ACT_SCREEN_SETTINGS, "settings", "F8", N_("Setup"), N_("Settings in force") },
    { ACT_NEXT_SCREEN, "next_screen", "Tab", NULL, N_("Next screen") },
    { ACT_PREV_SCREEN, "prev_screen", "BTab", NULL, N_("Previous screen") },
    { ACT_QUIT, "quit", "F10 q", N_("Quit"), N_("Quit (asks first when something is unsaved)") },
    { ACT_UP, "up", "Up k", NULL, N_("Move up") },
    { ACT_DOWN, "down", "Down j", NULL, N_("Move down") },
    { ACT_PAGE_UP, "page_up", "PgUp C-b", NULL, N_("Previous page") },
    { ACT_PAGE_DOWN, "page_down", "PgDn C-f", NULL, N_("Next page") },
    { ACT_HOME, "home", "Home g", NULL, N_("First row") },
    { ACT_END, "end", "End G", NULL, N_("Last row") },
    { ACT_OPEN, "open", "Enter", NULL, N_("Open the selected row") },
    { ACT_CANCEL, "cancel", "Esc", NULL, N_("Cancel, close, go back") },
    { ACT_SORT, "sort", "s", NULL, N_("Sort by the next column") },
    { ACT_REVERSE, "reverse", "S", NULL, N_("Reverse the sort order") },
    { ACT_REDRAW, "redraw", "C-l", NULL, N_("Redraw the screen") },
    { ACT_SEARCH, "search", "/", NULL, N_("Search as you type (names, local number, code permanent)") },
    { ACT_FILTER, "filter", "f", NULL, N_("Filter the list") },
    { ACT_CLEAR_FILTER, "clear_filter", "x", NULL, N_("Clear the search and the filters") },
    { ACT_NEW, "new", "n", NULL,
      N_("New: a referral for a new student (Students), a staff volunteer (Tutors), a group "
         "(Groups), a session outside the schedule (group's page), a school, a day off (school "
         "calendar), a user, a privacy incident (Settings)") },
    { ACT_NEW_FOR, "new_for", "r", NULL, N_("New referral for the selected student") },
    { ACT_CONSENT, "consent", "c", NULL, N_("Student's file: record a parental consent") },
    { ACT_WITHDRAW, "withdraw", "w", NULL, N_("Student's file: withdraw a consent") },
    { ACT_STATUS, "status", "t", NULL,
      N_("In a file: change the referral's or the recruitment status; Settings, users: a "
         "user's role and access") },
    { ACT_VIEW, "view", "v", NULL,
      N_("Next work list: referrals to decide, awaiting consent... (Students), "
         "not answered (Tutors), today or to complete (Sessions), the schools, the school "
         "calendar, the users, the privacy incidents (Settings)") },
    { ACT_PARTNER, "partner", "p", NULL, N_("Student's file: refer to Alloprof or Tel-jeunes") },
    { ACT_IMPORT, "import", "i", NULL,
      N_("Import: the school's student list (Students), the candidate bank (Tutors)") },
    { ACT_MARK, "mark", "Space", NULL, N_("Mark or unmark the row, to act on several at once") },
    { ACT_ANSWER, "answer", "a", NULL, N_("Tutors: record the answer given to the marked candidates") },
    { ACT_CHECK, "check", "K", NULL, N_("Tutor's file: record the judicial-record check") },
    { ACT_RATE, "rate", "m", NULL, N_("Tutor's file: set the hourly rate from a date") },
    { ACT_EXPORT, "export", "e", NULL, N_("Reports: export the weekly report (.xlsx or .csv)") },
    { ACT_PAYROLL, "payroll", "P", NULL,
      N_("Reports: export the payroll of a pay period, or close the period") },
    { ACT_ADD_MEMBER, "add_member", "+", NULL, N_("Group's page: add a student to the group") },
    { ACT_END_MEMBER, "end_member", "-", NULL,
      N_("Group's page: a student leaves the group (dated, with a reason)") },
    { ACT_PLAN, "plan", "d", NULL,
      N_("Group's page: plan the sessions of a period from the weekly time slots") },
    { ACT_CHANGE_TUTOR, "change_tutor", "u", NULL,
      N_("Group's page: another tutor from a date; attendance sheet: a replacement tutor") },
    { ACT_CANCEL_SESSION, "cancel_session", "C", NULL,
      N_("Attendance sheet: the session was cancelled (by whom, why)") },
    { ACT_NOTE, "note", "o", NULL,
      N_("Student's file: a progress note (start, middle or end assessment, or a note)") },
    { ACT_REMOVE, "remove", "Del", NULL, N_("School calendar (Settings, v): remove the day off") },
    { ACT_PREV_WEEK, "prev_week", "Left <", NULL, N_("Reports: the week before") },
    { ACT_NEXT_WEEK, "next_week", "Right >", NULL, N_("Reports: the week after") },
    { ACT_EDIT, "edit", "E", NULL,
      N_("Student's file: correct the student, the guardians and the current referral") },
    { ACT_REVEAL, "reveal", "R", NULL,
      N_("Student's file: show or hide the code permanent and the birth date (logged)") },
};

#define MAX_BINDINGS 256
struct binding {
    int key;
    int action;
};
static struct binding bindings[MAX_BINDINGS];
static size_t n_bindings;

const struct action_def *actions_table(size_t *count)
{
    *count = TT_ARRAY_LEN(table);
    return table;
}

static const struct { const char *name; int key; } named_keys[] = {
    { "Up", TT_KEY(KEY_UP) }, { "Down", TT_KEY(KEY_DOWN) },
    { "Left", TT_KEY(KEY_LEFT) }, { "Right", TT_KEY(KEY_RIGHT) },
    { "PgUp", TT_KEY(KEY_PPAGE) }, { "PgDn", TT_KEY(KEY_NPAGE) },
    { "Home", TT_KEY(KEY_HOME) }, { "End", TT_KEY(KEY_END) },
    { "Ins", TT_KEY(KEY_IC) }, { "Del", TT_KEY(KEY_DC) },
    { "Backspace", TT_KEY(KEY_BACKSPACE) }, { "BTab", TT_KEY(KEY_BTAB) },
    { "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' }, { "Space", ' ' },
};

int actions_parse_key(const char *name)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(named_keys); i++)
        if (strcasecmp(name, named_keys[i].name) == 0)
            return named_keys[i].key;
    if (strcasecmp(name, "S-Tab") == 0)
        return TT_KEY(KEY_BTAB);
    if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (*end == '\0' && n >= 1 && n <= 12)
            return TT_KEY(KEY_F(n));
    }
    if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && name[3] == '\0') {
        char c = name[2] | 0x20;
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 1;
    }
    /* A single printable character, possibly multibyte ("é"). */
    wchar_t wc;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t len = mbrtowc(&wc, name, strlen(name), &st);
    if (len != (size_t)-1 && len != (size_t)-2 && len > 0 && name[len] == '\0' && wc > 32 &&
        wc != 127)
        return (int)wc;
    return -1;
}

static void binding_name(int key, char *buf, size_t size)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(named_keys); i++) {
        if (named_keys[i].key == key) {
            snprintf(buf, size, "%s", named_keys[i].name);
            return;
        }
    }
    if (key >= TT_KEY(KEY_F(1)) && key <= TT_KEY(KEY_F(12))) {
        snprintf(buf, size, "F%d", key - TT_KEY(KEY_F(0)));
    } else if (key >= 1 && key <= 26) {
        snprintf(buf, size, "C-%c", 'a' + key - 1);
    } else {
        char mb[8] = "";
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = wcrtomb(mb, (wchar_t)key, &st);
        if (n == (size_t)-1)
            n = 0;
        mb[n] = '\0';
        snprintf(buf, size, "%s", mb);
    }
}

static const struct action_def *find_action(const char *name)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

/* Calls fn for each key name in a space-separated list; -1 at the first
 * unknown one. */
static int each_key(const char *list, void (*fn)(int key, int action), int action)
{
    char buf[256];
    tt_strlcpy(buf, list, sizeof buf);
    char *save = NULL;
    int n = 0;
    for (char *tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        int key = actions_parse_key(tok);
        if (key < 0)
            return -1;
        if (fn)
            fn(key, action);
        n++;
    }
    return n > 0 ? 0 : -1;
}

static int validate_keys(const char *key, const char *value, char *expected, size_t size)
{
    if (find_action(key) == NULL) {
        char names[1024] = "";
        for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", table[i].name);
        }
        snprintf(expected, size, _("an action name (%s)"), names);
        return -1;
    }
    if (each_key(value, NULL, 0) != 0) {
        snprintf(expected, size, "%s",
                 _("key names separated by spaces, such as F10 q, C-l, PgDn, Enter, Esc"));
        return -1;
    }
    return 0;
}

void actions_register_settings(void)
{
    settings_register_section("keys", validate_keys);
}

static void bind(int key, int action)
{
    /* A key configured for one action leaves its default one. */
    for (size_t i = 0; i < n_bindings; i++) {
        if (bindings[i].key == key) {
            bindings[i].action = action;
            return;
        }
    }
    if (n_bindings < MAX_BINDINGS)
        bindings[n_bindings++] = (struct binding){ key, action };
}

void actions_load(const struct settings *s)
{
    n_bindings = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
        const char *custom = s ? settings_section_get(s, "keys", table[i].name) : NULL;
        if (custom == NULL)
            each_key(table[i].keys, bind, table[i].id);
    }
    /* Custom keys last, so they win over any default they collide with. */
    for (size_t i = 0; i < TT_ARRAY_LEN(table); i++) {
        const char *custom = s ? settings_section_get(s, "keys", table[i].name) : NULL;
        if (custom)
            each_key(custom, bind, table[i].id);
    }
    /* Terminals send Enter as \r or KEY_ENTER too. */
    int open_key = -1;
    for (size_t i = 0; i < n_bindings; i++)
        if (bindings[i].key == '\n')
            open_key = bindings[i].action;
    if (open_key >= 0) {
        bind('\r', open_key);
        bind(TT_KEY(KEY_ENTER), open_key);
    }
}

int actions_for_key(int key)
{
    for (size_t i = 0; i < n_bindings; i++)
        if (bindings[i].key == key)
            return bindings[i].action;
    return ACT_NONE;
}

const char *actions_keys_text(int action)
{
    static char buf[128];
    buf[0] = '\0';
    for (size_t i = 0; i < n_bindings; i++) {
        if (bindings[i].action != action || bindings[i].key == '\r' ||
            bindings[i].key == TT_KEY(KEY_ENTER))
            continue;
        char name[32];
        binding_name(bindings[i].key, name, sizeof name);
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%s", len ? " " : "", name);
    }
    return buf;
}

int actions_fkey(int action)
{
    for (size_t i = 0; i < n_bindings; i++)
        if (bindings[i].action == action && bindings[i].key >= TT_KEY(KEY_F(1)) &&
            bindings[i].key <= TT_KEY(KEY_F(12)))
            return bindings[i].key - TT_KEY(KEY_F(0));
    return 0;
}

int actions_writes(int action)
{
    switch (action) {
    case ACT_NEW:
    case ACT_NEW_FOR:
    case ACT_CONSENT:
    case ACT_WITHDRAW:
    case ACT_STATUS:
    case ACT_PARTNER:
    case ACT_IMPORT:
    case ACT_MARK:
    case ACT_ANSWER:
    case ACT_CHECK:
    case ACT_RATE:
    case ACT_PAYROLL:
    case ACT_ADD_MEMBER:
    case ACT_END_MEMBER:
    case ACT_PLAN:
    case ACT_CHANGE_TUTOR:
    case ACT_CANCEL_SESSION:
    case ACT_NOTE:
    case ACT_REMOVE:
    case ACT_EDIT:
        return 1;
    default:
        return 0;
    }
}

static const char *readonly_refusal(struct app *a)
{
    static char msg[256];
    if (a == NULL || a->db == NULL || strcmp(db_role(a->db), "readonly") != 0)
        return NULL;
    snprintf(msg, sizeof msg, _("Your role (%s) does not allow changes; ask an administrator."),
             user_role_label(db_role(a->db)));
    return msg;
}

/* The screens show the cursor exactly while keys are typed as text (a
 * search, a form's field), so a letter there is text, not a command.
 * curs_set tells what the cursor was, and writes nothing to the terminal
 * when it was already hidden.  A terminal that cannot hide its cursor
 * cannot tell: the guard then steps aside and the data layer refuses. */
static int typing_text(void)
{
    int was = curs_set(0);
    if (was == ERR)
        return 1;
    if (was > 0)
        curs_set(was);
    return was > 0;
}

int actions_refused(struct app *a, int action)
{
    if (!actions_writes(action))
        return 0;
    const char *why = readonly_refusal(a);
    if (why == NULL || typing_text())
        return 0;
    tt_strlcpy(a->message, why, sizeof a->message);
    a->message_is_error = 1;
    return 1;
}

const char *actions_sheet_refusal(struct app *a, int action, int key)
{
    int writes = actions_writes(action) || action == ACT_OPEN || key == ' ' ||
                 (key >= '0' && key <= '9') || key == 127 || key == 8 ||
                 key == TT_KEY(KEY_BACKSPACE);
    return writes ? readonly_refusal(a) : NULL;
}
