# End-to-end test library: the real binary in a private tmux server, as
# tig's test/tools/libtest.sh and tmux's regress/ do.  Sourced by each test
# script, which runs under bash (make check uses $(BASH); a script started
# with sh re-executes itself with bash first).  Output is TAP.
#
# The sandbox (one per script):
#   $T                  a fresh temporary folder, removed at exit
#   HOME, XDG_*_HOME    under $T; TUTORAT_DB, TUTORAT_CONFIG, TMUX unset
#   TUTORAT_SYSTEM_CONFIG  $T/system.ini (absent unless a test writes it), so
#                       the machine's /etc/tutorat.ini is never read
#   TZ=America/Montreal, TUTORAT_TODAY=2021-04-19 (the frozen date)
#
# The terminal:
#   tt_start [-x COLS] [-y LINES] [VAR=value...] -- [tutorat arguments...]
#       starts tutorat (default 80x24) in a fresh private tmux server, with
#       exactly the sandbox's variables plus the VAR=value given (env -i):
#       nothing of the caller's locale, LINES/COLUMNS or NO_COLOR leaks in.
#       The pane stays after the program ends, for its status and its screen.
#   tt_keys KEY...      tmux key names: F3 Enter Escape Tab BTab PageDown C-u q
#   tt_type TEXT        literal text, UTF-8 included
#   tt_screen           the visible screen, as text
#   tt_history          everything the pane printed, wrapped lines joined
#   tt_wait_for TEXT [SECONDS]    polls the screen until TEXT shows (default
#                       $TT_TIMEOUT, 5 s; whole seconds); on a timeout, says so
#                       on stderr (tap_check shows it) and fails
#   tt_wait_gone TEXT [SECONDS]   polls until TEXT is gone
#   tt_wait_exit [SECONDS]        until the program ended and the pane is dead
#   tt_poll COMMAND...  reruns COMMAND every 0.1 s until it succeeds (5 s)
#   tt_exit_status      the program's status (128+N for a death by signal N)
#   tt_alive            the program still runs
#   tt_pid              the program's process id
#   tt_resize COLS LINES
#   tt_pane FORMAT      tmux display-message -p, e.g. '#{alternate_on}'
#   tt_stop             ends the tmux server (the program gets SIGHUP)
#   u_start             a second terminal "u" on the same server, running the
#                       command line of the last tt_start (two users at once);
#                       u_keys, u_type, u_screen, u_wait_for TEXT act on it
#
# tt_need_tmux, tt_need_sqlite3: skip the whole script without them.
#
# TAP: tap_plan N, tap_ok DESC, tap_fail DESC (prints the screen as # lines),
#   tap_check DESC COMMAND... (ok when COMMAND succeeds; its output becomes
#   # lines on failure), tap_skip DESC REASON, tap_diag TEXT, tap_done.

if [ -z "${BASH_VERSION:-}" ]; then
    echo "Bail out! tests/e2e/lib.sh needs bash"
    exit 1
fi
set -u

: "${TOP_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
# By hand: the build tree is the current folder when it holds the program
# (an out-of-tree build), else the source tree.
if [ -z "${TOP_BUILDDIR:-}" ]; then
    if [ -x "$PWD/src/tutorat" ]; then TOP_BUILDDIR=$PWD; else TOP_BUILDDIR=$TOP_SRCDIR; fi
fi
: "${TUTORAT:=$TOP_BUILDDIR/src/tutorat}"
: "${TMUX_BIN:=$(command -v tmux || echo no)}"
: "${SQLITE3_SHELL:=$(command -v sqlite3 || echo no)}"
: "${TUTORAT_LOCALEDIR:=$TOP_BUILDDIR/locale}"
: "${TT_TIMEOUT:=5}"
export TOP_SRCDIR TOP_BUILDDIR TUTORAT TMUX_BIN SQLITE3_SHELL TUTORAT_LOCALEDIR

if [ ! -x "$TUTORAT" ]; then
    echo "Bail out! no tutorat program at $TUTORAT (build first, or set TUTORAT)"
    exit 1
fi

# A private world: nothing of the user's is read or written.
T=$(mktemp -d "${TMPDIR:-/tmp}/tutorat-e2e.XXXXXX") || {
    echo "Bail out! cannot create a temporary folder"
    exit 1
}
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" \
       XDG_STATE_HOME="$T/state" TZ=America/Montreal TUTORAT_TODAY=2021-04-19 \
       TUTORAT_SYSTEM_CONFIG="$T/system.ini"
mkdir -p "$HOME"
unset TUTORAT_DB TUTORAT_CONFIG TMUX TMUX_PANE LANGUAGE LC_ALL LC_MESSAGES LC_CTYPE \
      NO_COLOR ESCDELAY COLUMNS LINES
export LANG=C.UTF-8
SOCK="$T/tmux.sock"
TMUX_CMD=("$TMUX_BIN" -u -S "$SOCK" -f /dev/null)
# The terminal type the pane emulates, with a description installed.
TT_TERM=screen-256color
infocmp "$TT_TERM" >/dev/null 2>&1 || TT_TERM=screen

cleanup() {
    # The program may still be writing (a draft on SIGHUP) after the server
    # is gone: tt_stop waits for it to end before its folder goes.
    tt_stop
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        rm -rf "$T" 2>/dev/null && break
        sleep 0.1
    done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- TAP ----------------------------------------------------------------
tap_n=0
tap_failed=0
tap_plan() { echo "1..$1"; }
tap_diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
tap_fail() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
    if [ -S "$SOCK" ] && "${TMUX_CMD[@]}" has-session -t t 2>/dev/null; then
        echo "# screen ($(tt_pane '#{window_width}x#{window_height}'), pane dead: $(tt_pane '#{pane_dead}')):"
        tt_screen 2>/dev/null | sed 's/^/#   |/'
    fi
}
tap_skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP ${2:-}"; }
# tap_check DESCRIPTION COMMAND...: ok when the command succeeds.  The
# command runs in this shell (it may set variables); what it prints is shown
# only when it fails.
# (Its locals have odd names: the command sees them, bash scoping being
# dynamic, and must not find its own variables shadowed.)
tap_check() {
    local _tap_desc=$1 _tap_rc
    shift
    "$@" >"$T/check.out" 2>&1
    _tap_rc=$?
    if [ $_tap_rc -eq 0 ]; then
        tap_ok "$_tap_desc"
    else
        tap_fail "$_tap_desc"
        [ -s "$T/check.out" ] && sed 's/^/# output: /' "$T/check.out" | head -40
    fi
    return $_tap_rc
}
# The script's own exit status: automake's driver runs with --ignore-exit,
# but a script run by hand says whether everything passed.
tap_done() {
    [ "$tap_failed" -eq 0 ] || tap_diag "$tap_failed of $tap_n failed"
    [ "$tap_failed" -eq 0 ]
}
# No tmux on this machine: the whole script is skipped.
tt_need_tmux() {
    if [ "$TMUX_BIN" = no ] || [ ! -x "$TMUX_BIN" ]; then
        echo "1..0 # SKIP tmux is not installed"
        exit 0
    fi
}
tt_have_tmux() { [ "$TMUX_BIN" != no ] && [ -x "$TMUX_BIN" ]; }
# The sqlite3 shell, to read what the screens must show.
tt_have_sqlite3() { [ "$SQLITE3_SHELL" != no ] && [ -x "$SQLITE3_SHELL" ]; }
tt_need_sqlite3() {
    if ! tt_have_sqlite3; then
        echo "1..0 # SKIP the sqlite3 shell is not installed"
        exit 0
    fi
}

# ---- the terminal ---------------------------------------------------------

# tt_start [-x COLS] [-y LINES] [VAR=value...] -- [tutorat arguments...]
tt_start() {
    local cols=80 lines=24 envs=()
    while [ $# -gt 0 ]; do
        case $1 in
            -x) cols=$2; shift 2 ;;
            -y) lines=$2; shift 2 ;;
            --) shift; break ;;
            *=*) envs+=("$1"); shift ;;
            *) break ;;
        esac
    done
    tt_stop
    rm -f "$T/exit.status" "$T/pid"
    # A shell script around the program records its process id and then its
    # exit status: a dead pane's status is not always there (a process tmux
    # has not reaped yet).  env -i: the program sees only what is listed.
    local vars=(PATH="${PATH:-/usr/bin:/bin}" HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME"
                XDG_DATA_HOME="$XDG_DATA_HOME" XDG_STATE_HOME="$XDG_STATE_HOME" TZ="$TZ"
                TUTORAT_TODAY="$TUTORAT_TODAY" TUTORAT_LOCALEDIR="$TUTORAT_LOCALEDIR"
                TUTORAT_SYSTEM_CONFIG="$TUTORAT_SYSTEM_CONFIG" TERM="$TT_TERM")
    local v
    for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS; do
        [ -n "${!v:-}" ] && vars+=("$v=${!v}")
    done
    {
        echo "cd $(printf '%q' "$T") || exit 1"
        printf '(echo $BASHPID >%q; exec env -i' "$T/pid"
        printf ' %q' "${vars[@]}" "${envs[@]}" "$TUTORAT" "$@"
        printf ')\necho $? >%q.tmp && mv %q.tmp %q\n' "$T/exit.status" "$T/exit.status" \
            "$T/exit.status"
    } >"$T/run.sh"
    # The server first, with its options, held open by a session of its own:
    # a program that ends at once (a configuration error) must leave its pane
    # and its status behind.
    "${TMUX_CMD[@]}" new-session -d -s keep -x "$cols" -y "$lines" "exec sleep 86400" ||
        return 1
    "${TMUX_CMD[@]}" set-option -g remain-on-exit on \; \
        set-option -g status off \; \
        set-option -g default-terminal "$TT_TERM" >/dev/null || return 1
    "${TMUX_CMD[@]}" new-session -d -s t -x "$cols" -y "$lines" \
        "exec $(printf '%q' "${BASH:-bash}") $(printf '%q' "$T/run.sh")"
}

# Ends the tmux server and waits until it and the program are gone, so the
# next one starts clean.  The program, if still running, gets SIGHUP as from
# a closed terminal window (and may save a draft first).
tt_stop() {
    local i=0 pid
    pid=$(cat "$T/pid" 2>/dev/null)
    "${TMUX_CMD[@]}" kill-server >/dev/null 2>&1
    while [ $i -lt 50 ] && "${TMUX_CMD[@]}" has-session >/dev/null 2>&1; do
        sleep 0.1
        i=$((i + 1))
    done
    i=0
    while [ $i -lt 50 ] && [ -n "$pid" ] && pid_running "$pid"; do
        sleep 0.1
        i=$((i + 1))
    done
    rm -f "$SOCK"
}
# pid_running PID: the process exists and has not ended (a zombie waiting
# for a slow init to reap it has ended).
pid_running() {
    kill -0 "$1" 2>/dev/null || return 1
    [ -r "/proc/$1/status" ] || return 0
    ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

tt_keys() { "${TMUX_CMD[@]}" send-keys -t t "$@"; }
tt_type() { "${TMUX_CMD[@]}" send-keys -t t -l -- "$*"; }
tt_screen() { "${TMUX_CMD[@]}" capture-pane -p -t t; }
# Everything the pane printed, wrapped lines joined (plain-text output).
tt_history() { "${TMUX_CMD[@]}" capture-pane -p -J -S - -t t; }
tt_resize() { "${TMUX_CMD[@]}" resize-window -t t -x "$1" -y "$2"; }
tt_pane() { "${TMUX_CMD[@]}" display-message -p -t t "$1"; }
tt_screen_has() { tt_screen | grep -qF -- "$1"; }
tt_screen_lacks() { ! tt_screen | grep -qF -- "$1"; }

# A second terminal on the same tmux server, running tt_start's command
# line (its own pid and status files): two people on one database.
u_start() {
    sed -e "s|$T/pid|$T/pid.u|g" -e "s|$T/exit.status|$T/exit.u|g" "$T/run.sh" >"$T/run.u.sh"
    "${TMUX_CMD[@]}" new-session -d -s u -x 80 -y 24 \
        "exec $(printf '%q' "${BASH:-bash}") $(printf '%q' "$T/run.u.sh")"
}
u_keys() { "${TMUX_CMD[@]}" send-keys -t u "$@"; }
u_type() { "${TMUX_CMD[@]}" send-keys -t u -l -- "$*"; }
u_screen() { "${TMUX_CMD[@]}" capture-pane -p -t u; }
u_wait_for() {
    local i=0
    while [ $i -lt $((TT_TIMEOUT * 10)) ]; do
        u_screen | grep -qF -- "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "timed out waiting for: $1" >&2
    u_screen >&2
    return 1
}

# tt_wait_for TEXT [SECONDS]: polls the screen every 0.1 s until TEXT shows.
tt_wait_for() {
    local text=$1 limit=${2:-$TT_TIMEOUT} i=0
    while :; do
        tt_screen 2>/dev/null | grep -qF -- "$text" && return 0
        [ $i -ge $((limit * 10)) ] && break
        sleep 0.1
        i=$((i + 1))
    done
    echo "timed out after ${limit} s waiting for: $text" >&2
    return 1
}

tt_wait_gone() {
    local text=$1 limit=${2:-$TT_TIMEOUT} i=0
    while :; do
        tt_screen 2>/dev/null | grep -qF -- "$text" || return 0
        [ $i -ge $((limit * 10)) ] && break
        sleep 0.1
        i=$((i + 1))
    done
    echo "timed out after ${limit} s; still on the screen: $text" >&2
    return 1
}

# tt_poll COMMAND...: runs COMMAND every 0.1 s until it succeeds, for at
# most $TT_TIMEOUT seconds; on a timeout, what its last run printed.
tt_poll() {
    local i=0 out
    while :; do
        out=$("$@" 2>&1) && return 0
        [ $i -ge $((TT_TIMEOUT * 10)) ] && break
        sleep 0.1
        i=$((i + 1))
    done
    [ -n "$out" ] && echo "$out" >&2
    echo "timed out after $TT_TIMEOUT s: $*" >&2
    return 1
}

# tt_wait_exit [SECONDS]: the program ended, its status is known and tmux
# has read all it wrote (the pane is dead), so the terminal's state is final.
tt_wait_exit() {
    local limit=${1:-$TT_TIMEOUT} i=0
    while :; do
        [ -s "$T/exit.status" ] && [ "$(tt_pane '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
        [ $i -ge $((limit * 10)) ] && break
        sleep 0.1
        i=$((i + 1))
    done
    echo "timed out after ${limit} s waiting for the program to end" >&2
    return 1
}

# The program's exit status (128 + N for a death by signal N).
tt_exit_status() { cat "$T/exit.status" 2>/dev/null; }
tt_alive() { [ ! -s "$T/exit.status" ] && [ "$(tt_pane '#{pane_dead}' 2>/dev/null)" = 0 ]; }

# The program's own process id (the pane runs a shell around it).
tt_pid() {
    local i=0
    while [ ! -s "$T/pid" ] && [ $i -lt $((TT_TIMEOUT * 10)) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    cat "$T/pid" 2>/dev/null
}

# tt_exited_cleanly [STATUS]: after tt_wait_exit, the program ended with
# STATUS (default 0) and gave the terminal back: no alternate screen, the
# keypad back in normal mode.  (Not the cursor's visibility: tmux 3.3 reports
# it inconsistently after the alternate screen ends.)
tt_exited_cleanly() {
    local want=${1:-0} got modes
    got=$(tt_exit_status)
    modes=$(tt_pane 'alternate screen #{alternate_on}, keypad #{keypad_flag}, cursor keys #{keypad_cursor_flag}')
    [ "$got" = "$want" ] && [ "$modes" = "alternate screen 0, keypad 0, cursor keys 0" ] && return 0
    echo "exit status '$got' (wanted $want); $modes (wanted 0, 0, 0)"
    return 1
}

# A demo database at the frozen date, made once per script.
tt_demo_db() {
    local db="$T/demo.db"
    if [ ! -f "$db" ]; then
        "$TUTORAT" --db "$db" demo >"$T/demo.out" 2>&1 || {
            echo "tutorat demo failed: $(head -3 "$T/demo.out")" >&2
            return 1
        }
    fi
    echo "$db"
}
