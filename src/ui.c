#include "config.h"
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <wchar.h>
#include "actions.h"
#include "backup.h"
#include "cli.h"
#include "i18n.h"
#include "screens.h"
#include "text.h"
#include "ui.h"
#include "util.h"
#include "widgets.h"

#define MIN_COLS 80
#define MIN_LINES 24

static const struct screen_ops *const screens[] = {
    &screen_dashboard, &screen_students, &screen_tutors, &screen_groups,
    &screen_sessions, &screen_reports, &screen_settings,
};
#define N_SCREENS ((int)TT_ARRAY_LEN(screens))

void ui_help_show(struct app *a);

static volatile sig_atomic_t exit_signal;
static volatile sig_atomic_t curses_active;

static void on_exit_signal(int sig)
{
    exit_signal = sig;
}

int ui_should_exit(void)
{
    return exit_signal != 0;
}

/* A crash must not leave the user's terminal in raw mode.  endwin() is not
 * async-signal-safe, but the process is dying anyway (htop does the same). */
static void on_fatal_signal(int sig)
{
    if (curses_active)
        endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_exit_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
#if !defined(__SANITIZE_ADDRESS__)
    /* Under ASan its own handler must stay, to report the crash. */
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
#else
    (void)on_fatal_signal;
#endif
}

void app_message(struct app *a, int is_error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
    a->message_is_error = is_error;
}

static void draw_tabs(struct app *a)
{
    ui_fill(0, 0, COLS, ui_attr(UI_TITLE));
    int x = 1;
    for (int i = 0; i < N_SCREENS && x < COLS; i++) {
        char label[128];
        snprintf(label, sizeof label, " %s ", _(screens[i]->title));
        int w = text_width(label);
        if (x + w > COLS)
            w = COLS - x;
        ui_put(0, x, w, label, i == a->current ? ui_attr(UI_TAB_CURRENT) : ui_attr(UI_TITLE));
        x += w + 1;
    }
}

/* Whole characters of s up to cols columns, without an ellipsis: the
 * F-key bar is a row of abbreviations. */
static void cut_columns(char *dst, size_t size, const char *s, int cols)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t used = 0;
    int width = 0;
    while (*s) {
        wchar_t wc;
        size_t len = mbrtowc(&wc, s, strlen(s), &st);
        if (len == (size_t)-1 || len == (size_t)-2 || len == 0)
            break;
        int cw = wcwidth(wc);
        if (cw < 0)
            cw = 1;
        if (width + cw > cols || used + len >= size)
            break;
        memcpy(dst + used, s, len);
        used += len;
        width += cw;
        s += len;
    }
    dst[used] = '\0';
}

/* htop's bar: "F1Help  F2Home ...", the labels shortened until they fit. */
static void draw_fkey_bar(struct app *a)
{
    size_t n;
    const struct action_def *t = actions_table(&n);
    struct { int fkey; char label[64]; int w; } items[12];
    int count = 0;
    for (int f = 1; f <= 12; f++) {
        for (size_t i = 0; i < n; i++) {
            if (t[i].bar == NULL || actions_fkey(t[i].id) != f)
                continue;
            items[count].fkey = f;
            text_safe(items[count].label, sizeof items[count].label, _(t[i].bar));
            items[count].w = text_width(items[count].label);
            count++;
            break;
        }
    }
    int y = LINES - 1;
    ui_fill(y, 0, COLS, A_NORMAL);
    /* With a space between items if they fit, else without (the labels'
     * background still separates them), else shortened. */
    int gap = 1;
    for (;;) {
        int total = 0, widest = -1;
        for (int i = 0; i < count; i++) {
            total += (items[i].fkey >= 10 ? 3 : 2) + items[i].w + gap;
            if (widest < 0 || items[i].w > items[widest].w)
                widest = i;
        }
        total -= gap;
        if (total <= COLS || widest < 0 || items[widest].w <= 1)
            break;
        if (gap == 1) {
            gap = 0;
            continue;
        }
        items[widest].w--;
    }
    int x = 0;
    for (int i = 0; i < count && x < COLS; i++) {
        char num[8];
        snprintf(num, sizeof num, "F%d", items[i].fkey);
        x += ui_print(y, x, COLS - x, num, ui_attr(UI_FKEY_NUM));
        int w = items[i].w < COLS - x ? items[i].w : COLS - x;
        char cut[64];
        cut_columns(cut, sizeof cut, items[i].label, w);
        ui_put(y, x, w, cut, ui_attr(UI_FKEY_LABEL));
        x += w + gap;
    }
}

/* The message line grows to two lines for a long message (a validation
 * error naming a field and what it expects), taken from the content. */
static int message_lines(const struct app *a)
{
    return a->message[0] && text_width(a->message) > COLS - 2 ? 2 : 1;
}

static void draw_message(struct app *a)
{
    int n = message_lines(a);
    int y = LINES - 1 - n;
    attr_t attr = a->message_is_error ? ui_attr(UI_ERROR) : A_NORMAL;
    const char *p = a->message;
    for (int i = 0; i < n; i++) {
        ui_fill(y + i, 0, COLS, A_NORMAL);
        size_t next;
        size_t len = i + 1 < n ? text_line_break(p, COLS - 2, &next) : strlen(p);
        char line[1024];
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        ui_put(y + i, 1, COLS - 2, line, attr);
        p += i + 1 < n ? next : len;
    }
}

static void draw_too_small(void)
{
    erase();
    char line[256];
    snprintf(line, sizeof line, _("tutorat needs at least %d×%d; this terminal is %d×%d."),
             MIN_COLS, MIN_LINES, COLS, LINES);
    const char *lines[] = { _("Terminal too small"), line,
                            _("Enlarge the window, or press q to quit.") };
    int top = (LINES - 3) / 2;
    if (top < 0)
        top = 0;
    for (int i = 0; i < 3 && top + i < LINES; i++) {
        int w = text_width(lines[i]);
        int x = w < COLS ? (COLS - w) / 2 : 0;
        ui_put(top + i, x, w < COLS ? w : COLS, lines[i], i == 0 ? A_BOLD : A_NORMAL);
    }
    move(0, 0);
}

static int too_small(void)
{
    return COLS < MIN_COLS || LINES < MIN_LINES;
}

/* The benchmark's keystroke driver (bench/keys_bench) needs to know when a
 * frame is complete: with TUTORAT_FRAME_MARK set, each finished frame is
 * followed by an APC string, which terminals ignore. */
static int frame_mark = -1;

void ui_frame_mark(void)
{
    if (frame_mark < 0)
        frame_mark = getenv("TUTORAT_FRAME_MARK") != NULL;
    if (frame_mark) {
        fflush(stdout);
        static const char mark[] = "\033_tutorat-frame\033\\";
        if (write(STDOUT_FILENO, mark, sizeof mark - 1) < 0)
            frame_mark = 0;
    }
}

void ui_draw_app(struct app *a)
{
    if (too_small()) {
        draw_too_small();
        refresh();
        return;
    }
    erase();
    draw_tabs(a);
    draw_message(a);
    draw_fkey_bar(a);
    struct rect r = { 1, 0, LINES - 2 - message_lines(a), COLS };
    screens[a->current]->draw(a, screens[a->current]->state, r);
    refresh();
    ui_frame_mark();
}

static void switch_to(struct app *a, int index)
{
    if (index < 0 || index >= N_SCREENS || index == a->current)
        return;
    a->current = index;
    a->message[0] = '\0';
    if (screens[index]->enter)
        screens[index]->enter(a, screens[index]->state);
}

void app_show(struct app *a, int action)
{
    for (int i = 0; i < N_SCREENS; i++) {
        if (screens[i]->action != action)
            continue;
        if (i == a->current) {
            if (screens[i]->enter)
                screens[i]->enter(a, screens[i]->state);
        } else {
            switch_to(a, i);
        }
        return;
    }
}

static int anything_unsaved(struct app *a)
{
    for (int i = 0; i < N_SCREENS; i++)
        if (screens[i]->has_unsaved && screens[i]->has_unsaved(a, screens[i]->state))
            return 1;
    return 0;
}

/* The shell's own actions, for keys no screen took. */
static int handle_global(struct app *a, int action)
{
    for (int i = 0; i < N_SCREENS; i++) {
        if (screens[i]->action == action) {
            switch_to(a, i);
            return H_DONE;
        }
    }
    switch (action) {
    case ACT_NEXT_SCREEN:
        switch_to(a, (a->current + 1) % N_SCREENS);
        return H_DONE;
    case ACT_PREV_SCREEN:
        switch_to(a, (a->current + N_SCREENS - 1) % N_SCREENS);
        return H_DONE;
    case ACT_HELP:
        ui_help_show(a);
        return H_DONE;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        return H_DONE;
    case ACT_QUIT:
        if (anything_unsaved(a) &&
            !ui_confirm(a, _("Some changes are not saved. Quit anyway?")))
            return H_DONE;
        return H_QUIT;
    default:
        return H_IGNORED;
    }
}

static int interrupted;

/* Is a key waiting, or does one come within ms?  Asked without consuming it. */
static int input_within(int ms)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    return poll(&p, 1, ms) > 0;
}

static int input_waiting(void)
{
    return input_within(0);
}

/* Counting starts once the keyboard has been quiet this long: keys typed
 * or repeated in a row (a held arrow, a name typed) get their frames
 * without a count to stop in between, which can take a moment inside a
 * long SQLite step (a sort, a read from disk). */
#define LOAD_QUIET_MS 100
/* How often a running count looks for a key, in SQLite steps. */
#define LOAD_CHECK_STEPS 1000

static int stop_for_input(void *unused)
{
    (void)unused;
    if (input_waiting() || exit_signal) {
        interrupted = 1;
        return 1;
    }
    return 0;
}

static void run(struct app *a)
{
    for (int i = 0; i < N_SCREENS; i++)
        if (screens[i]->startup && screens[i]->startup(a, screens[i]->state))
            a->current = i;
    if (screens[a->current]->enter)
        screens[a->current]->enter(a, screens[a->current]->state);
    for (;;) {
        ui_draw_app(a);
        if (a->pending_load && !input_within(LOAD_QUIET_MS)) {
            a->pending_load = 0;
            if (screens[a->current]->load) {
                /* A key pressed while the totals are counted wins: the
                 * query stops, the key is handled, the count starts again
                 * once the keyboard is quiet. */
                interrupted = 0;
                /* The message line stays as it was: an interrupted count
                 * is no error to show. */
                char message[sizeof a->message];
                int message_is_error = a->message_is_error;
                memcpy(message, a->message, sizeof message);
                sqlite3_progress_handler(db_handle(a->db), LOAD_CHECK_STEPS, stop_for_input, NULL);
                screens[a->current]->load(a, screens[a->current]->state);
                sqlite3_progress_handler(db_handle(a->db), 0, NULL, NULL);
                if (interrupted) {
                    a->pending_load = 1;
                    memcpy(a->message, message, sizeof message);
                    a->message_is_error = message_is_error;
                }
                continue;
            }
        }
        int key;
        if (ui_read_key(&key) == ERR) {
            if (exit_signal)
                return;
            continue;
        }
        if (exit_signal)
            return;
        if (key == TT_KEY(KEY_RESIZE))
            continue;
        int action = actions_for_key(key);
        if (too_small()) {
            if (action == ACT_QUIT || key == 'q')
                return;
            continue;
        }
        if (actions_refused(a, action))
            continue;
        int r = screens[a->current]->handle ? screens[a->current]->handle(a, screens[a->current]->state, action, key)
                                            : H_IGNORED;
        if (r == H_IGNORED)
            r = handle_global(a, action);
        if (r == H_QUIT)
            return;
    }
}

static int wants_color(const struct settings *s)
{
    const char *mode = settings_str(s, SET_COLOR);
    if (strcmp(mode, "never") == 0)
        return 0;
    if (strcmp(mode, "always") == 0)
        return 1;
    const char *no_color = getenv("NO_COLOR");
    return no_color == NULL || no_color[0] == '\0';
}

int ui_main(const char *db_path, struct settings *s)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "%s\n",
                _("tutorat: the full-screen interface needs a terminal; see tutorat --help "
                  "for the commands."));
        return EXIT_USAGE;
    }
    struct app a;
    memset(&a, 0, sizeof a);
    struct tt_error err;
    tt_error_clear(&err);
    /* Everything that can fail is done before the screen is touched, so
     * errors print plainly on a normal terminal. */
    if (db_open(db_path, DB_OPEN_CREATE, &a.db, &err) != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        return EXIT_FAIL;
    }
    a.settings = s;
    a.today = date_today();
    if (db_warning(a.db)[0])
        app_message(&a, 1, "%s", db_warning(a.db));
    /* The day's first start takes the daily backup; a failure is said,
     * never fatal. */
    int made = 0;
    if (backup_daily(a.db, s, a.today, &made, &err) != TT_OK)
        app_message(&a, 1, "%s", err.msg);
    a.utf8 = i18n_utf8();
    actions_load(s);
    install_signals();

    if (getenv("ESCDELAY") == NULL)
        set_escdelay(25);
    if (newterm(NULL, stdout, stdin) == NULL) {
        fprintf(stderr, "%s\n", _("tutorat: this terminal type is not supported (check TERM)."));
        db_close(a.db);
        return EXIT_FAIL;
    }
    curses_active = 1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    timeout(1000);
    curs_set(0);
    ui_colors_init(wants_color(s));
    ui_set_idle_minutes(settings_int(s, SET_PRIVACY_IDLE));
    /* Tests cannot wait minutes: TUTORAT_IDLE_SECONDS shortens the delay. */
    const char *idle = getenv("TUTORAT_IDLE_SECONDS");
    if (idle && atol(idle) > 0)
        ui_set_idle_seconds(atol(idle));

    run(&a);

    for (int i = 0; i < N_SCREENS; i++)
        if (screens[i]->fini)
            screens[i]->fini(&a, screens[i]->state);
    endwin();
    curses_active = 0;
    db_close(a.db);
    return EXIT_OK;
}
