/* One table of actions (name, default keys, translated labels) feeds key
 * rebinding ([keys] in the configuration), the F-key bar and the help
 * screen, as calcurse's keys.c does. */
#ifndef TT_ACTIONS_H
#define TT_ACTIONS_H
#include <stddef.h>
#include "settings.h"

enum action {
    ACT_NONE = 0,
    ACT_HELP,
    ACT_SCREEN_DASHBOARD,
    ACT_SCREEN_STUDENTS,
    ACT_SCREEN_TUTORS,
    ACT_SCREEN_GROUPS,
    ACT_SCREEN_SESSIONS,
    ACT_SCREEN_REPORTS,
    ACT_SCREEN_SETTINGS,
    ACT_NEXT_SCREEN,
    ACT_PREV_SCREEN,
    ACT_QUIT,
    ACT_UP,
    ACT_DOWN,
    ACT_PAGE_UP,
    ACT_PAGE_DOWN,
    ACT_HOME,
    ACT_END,
    ACT_OPEN,
    ACT_CANCEL,
    ACT_SORT,
    ACT_REVERSE,
    ACT_REDRAW,
    ACT_SEARCH,
    ACT_FILTER,
    ACT_CLEAR_FILTER,
    ACT_NEW,
    ACT_NEW_FOR,
    ACT_CONSENT,
    ACT_WITHDRAW,
    ACT_STATUS,
    ACT_VIEW,
    ACT_PARTNER,
    ACT_IMPORT,
    ACT_MARK,
    ACT_ANSWER,
    ACT_CHECK,
    ACT_RATE,
    ACT_EXPORT,
    ACT_PAYROLL,
    ACT_ADD_MEMBER,
    ACT_END_MEMBER,
    ACT_PLAN,
    ACT_CHANGE_TUTOR,
    ACT_CANCEL_SESSION,
    ACT_NOTE,
    ACT_REMOVE,
    ACT_PREV_WEEK,
    ACT_NEXT_WEEK,
    ACT_EDIT,
    ACT_REVEAL,
    ACT__COUNT
};

/* Keys are ints: a Unicode character as itself, a curses key code (KEY_F(1),
 * KEY_UP...) offset by TT_KEY_CODE so the two never collide. */
#define TT_KEY_CODE 0x200000
#define TT_KEY(curses_code) (TT_KEY_CODE + (curses_code))

struct action_def {
    int id;
    const char *name;      /* as written in [keys] */
    const char *keys;      /* default key names, space-separated */
    const char *bar;       /* short label for the F-key bar, N_() */
    const char *help;      /* description for the help screen, N_() */
};

const struct action_def *actions_table(size_t *count);
/* Lets the configuration loader check [keys] (call before loading). */
void actions_register_settings(void);
/* Builds the key map from the defaults and [keys]. */
void actions_load(const struct settings *s);
int actions_for_key(int key);
/* Names of the keys bound to an action, "F1 ?" style.  Static buffer. */
const char *actions_keys_text(int action);
/* The F-key (1..12) an action is bound to, or 0. */
int actions_fkey(int action);
/* Parses one key name ("F10", "q", "C-l", "PgDn"); -1 when unknown. */
int actions_parse_key(const char *name);

struct app;
/* 1 when the action changes the data wherever it is bound (a referral, a
 * consent, a status, a group's members, a day off, a user...), or leads
 * only to such a change (marking candidates to answer them), or exports
 * personal data (the payroll).  Moving, searching, filtering, opening,
 * the views, the weekly report (totals only) and revealing a masked code
 * (logged) are not. */
int actions_writes(int action);
/* A read-only user's write refused before any form opens, so nothing is
 * typed in vain: 1 when refused, with the reason on the message line (the
 * key is then done with); 0 to go on.  The data layer refuses these
 * writes anyway; this says so at once.  A key typed as text (a search)
 * is not a command and passes. */
int actions_refused(struct app *a, int action);
/* The same on the attendance sheet, whose own keys also change attendance
 * (Space, digits, Backspace, Enter to save): the reason to show, or NULL
 * to go on. */
const char *actions_sheet_refusal(struct app *a, int action, int key);

#endif
