# End-to-end test library: the real binary in a private tmux server, as
# tig's test/tools/libtest.sh and tmux's regress/ do.  Sourced by each
# test script (bash).  Output is TAP.

set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${TUTORAT:=$TOP_BUILDDIR/src/tutorat}"
: "${TMUX_BIN:=$(command -v tmux)}"
: "${SQLITE3_SHELL:=$(command -v sqlite3)}"
: "${TUTORAT_LOCALEDIR:=$TOP_BUILDDIR/locale}"
export TUTORAT_LOCALEDIR

# A private world: nothing of the user's is read or written.
T=$(mktemp -d "${TMPDIR:-/tmp}/tutorat-e2e.XXXXXX")
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" \
       XDG_STATE_HOME="$T/state" TZ=America/Montreal TUTORAT_TODAY=2021-04-19
mkdir -p "$HOME"
unset TUTORAT_DB TUTORAT_CONFIG TMUX LANGUAGE LC_ALL LC_MESSAGES NO_COLOR
export LANG=C.UTF-8
SOCK="$T/tmux.sock"
TMUX_CMD=("$TMUX_BIN" -u -S "$SOCK" -f /dev/null)

cleanup() {
    "${TMUX_CMD[@]}" kill-server >/dev/null 2>&1
    # The program may still be writing its draft after the server is gone.
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        rm -rf "$T" 2>/dev/null && break
        sleep 0.1
    done
}
trap cleanup EXIT

tap_n=0
tap_failed=0
tap_plan() { echo "1..$1"; }
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
tap_fail() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
    if [ -S "$SOCK" ]; then
        echo "# screen:"
        tt_screen 2>/dev/null | sed 's/^/#   |/'
    fi
}
# tap_check DESCRIPTION COMMAND...: ok when the command succeeds.
tap_check() {
    local desc=$1
    shift
    if "$@"; then tap_ok "$desc"; else tap_fail "$desc"; fi
}

# tt_start [-x COLS] [-y LINES] [VAR=value...] -- [tutorat arguments...]
# Starts tutorat in a fresh tmux session with exactly that environment.
tt_start() {
    local cols=80 lines=24 envs=()
    while [ $# -gt 0 ]; do
        case $1 in
            -x) cols=$2; shift 2 ;;
            -y) lines=$2; shift 2 ;;
            --) shift; break ;;
            *) envs+=("$1"); shift ;;
        esac
    done
    tt_stop
    # A session that only holds the server open, so the options are set
    # before the program starts: a program that exits at once (a bad
    # configuration) must leave its pane and its status behind.
    "${TMUX_CMD[@]}" new-session -d -s keep "sleep 3600"
    "${TMUX_CMD[@]}" set-option -g remain-on-exit on >/dev/null
    rm -f "$T/exit.status"
    # A shell around the program writes its exit status to a file: tmux
    # sometimes leaves a dead pane's process unreaped, without a status.
    local cmd
    cmd=$(printf '%q ' env "HOME=$HOME" "XDG_CONFIG_HOME=$XDG_CONFIG_HOME" \
        "XDG_DATA_HOME=$XDG_DATA_HOME" "XDG_STATE_HOME=$XDG_STATE_HOME" "TZ=$TZ" \
        "TUTORAT_TODAY=$TUTORAT_TODAY" "TUTORAT_LOCALEDIR=$TUTORAT_LOCALEDIR" TERM=screen-256color \
        "LSAN_OPTIONS=${LSAN_OPTIONS:-}" "ASAN_OPTIONS=${ASAN_OPTIONS:-}" \
        "${envs[@]}" "$TUTORAT" "$@")
    local wrapped
    wrapped=$(printf '%q' "$cmd; echo \$? > $T/exit.status")
    "${TMUX_CMD[@]}" new-session -d -x "$cols" -y "$lines" -s t "sh -c $wrapped"
}

# Ends the tmux server and waits until it is gone, so the next one starts
# clean.
tt_stop() {
    "${TMUX_CMD[@]}" kill-server >/dev/null 2>&1
    local i=0
    while [ $i -lt 40 ] && "${TMUX_CMD[@]}" has-session >/dev/null 2>&1; do
        sleep 0.05
        i=$((i + 1))
    done
    rm -f "$SOCK"
}

tt_keys() { "${TMUX_CMD[@]}" send-keys -t t "$@"; }
tt_type() { "${TMUX_CMD[@]}" send-keys -t t -l "$1"; }
tt_screen() { "${TMUX_CMD[@]}" capture-pane -p -t t; }
# Everything the pane printed, wrapped lines joined (plain-text output).
tt_history() { "${TMUX_CMD[@]}" capture-pane -p -J -S -100 -t t; }
tt_resize() { "${TMUX_CMD[@]}" resize-window -t t -x "$1" -y "$2"; }
tt_pane() { "${TMUX_CMD[@]}" display-message -p -t t "$1"; }

# tt_wait_for TEXT [SECONDS]: polls the screen until TEXT shows.
tt_wait_for() {
    local text=$1 limit=${2:-6} i=0
    while [ $i -lt $((limit * 20)) ]; do
        tt_screen 2>/dev/null | grep -qF -- "$text" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

tt_wait_gone() {
    local text=$1 limit=${2:-6} i=0
    while [ $i -lt $((limit * 20)) ]; do
        tt_screen 2>/dev/null | grep -qF -- "$text" || return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# tt_wait_exit [SECONDS]: the program ended.
tt_wait_exit() {
    local limit=${1:-6} i=0
    while [ $i -lt $((limit * 20)) ]; do
        [ -s "$T/exit.status" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# The program's exit status (128 + N for a death by signal N).
tt_exit_status() { cat "$T/exit.status" 2>/dev/null; }

# The program's own process (the pane runs a shell around it).
tt_pid() { pgrep -n -P "$(tt_pane '#{pane_pid}')"; }
tt_screen_has() { tt_screen | grep -qF -- "$1"; }
tt_screen_lacks() { ! tt_screen | grep -qF -- "$1"; }

# A demo database at the frozen date, made once per script.
tt_demo_db() {
    local db="$T/demo.db"
    [ -f "$db" ] || "$TUTORAT" --db "$db" demo >/dev/null || return 1
    echo "$db"
}

tap_done() { [ "$tap_failed" -eq 0 ]; }
