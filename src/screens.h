/* What the shell knows of a screen: a table of handlers (as tig's
 * view_ops).  A key goes to the screen first; what it does not handle goes
 * to the shell. */
#ifndef TT_SCREENS_H
#define TT_SCREENS_H
#include "dates.h"
#include "db.h"
#include "settings.h"

struct app {
    struct tt_db *db;
    struct settings *settings;
    tt_day today;
    int use_color;
    int utf8;
    int current;            /* index in the screen table */
    char message[512];      /* one-line message under the content */
    int message_is_error;
    /* A screen whose numbers take a while (totals over a whole year) draws
     * itself first and sets this; its load hook then runs right after the
     * frame, so a keystroke always gets a frame at once. */
    int pending_load;
};

struct rect {
    int y, x, h, w;
};

/* Handler results, acted on by the main loop (htop's Action.c style):
 * handlers never draw. */
enum handled {
    H_IGNORED = 0,
    H_DONE = 1,
    H_QUIT = 2
};

struct screen_ops {
    const char *name;       /* internal */
    const char *title;      /* N_() title in the tab bar */
    int action;             /* the action that shows it */
    /* Handlers get the screen's own state (state below). */
    void (*enter)(struct app *a, void *state);  /* becomes visible: reload */
    void (*draw)(struct app *a, void *state, struct rect r);
    int (*handle)(struct app *a, void *state, int action, int key);
    int (*has_unsaved)(struct app *a, void *state);
    void (*fini)(struct app *a, void *state);
    /* Once, after the screen is set up: 1 when the screen wants to be shown
     * first (a draft to finish, say). */
    int (*startup)(struct app *a, void *state);
    /* Runs after a frame when the screen set a->pending_load. */
    void (*load)(struct app *a, void *state);
    void *state;
};

extern const struct screen_ops screen_dashboard;
extern const struct screen_ops screen_students;
extern const struct screen_ops screen_tutors;
extern const struct screen_ops screen_groups;
extern const struct screen_ops screen_sessions;
extern const struct screen_ops screen_reports;
extern const struct screen_ops screen_settings;

/* Shows the screen that action (ACT_SCREEN_*) shows, as its key would. */
void app_show(struct app *a, int action);

/* The work lists the dashboard's counts open. */
enum student_list_view {
    STUDENTS_TO_DECIDE,
    STUDENTS_AWAITING_CONSENT,
    STUDENTS_CONSENTS_EXPIRING,
    STUDENTS_AWAITING_PAIRING
};
void students_open(struct app *a, int view);
void tutors_open_unanswered(struct app *a);
void sessions_open_to_complete(struct app *a);

/* Sets the message line. */
void app_message(struct app *a, int is_error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
