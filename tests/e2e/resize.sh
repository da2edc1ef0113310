#!/bin/bash
# Resizing on every screen and on the help, terminals too small, and
# signals: the program never dies on its own and always gives the terminal
# back.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 24
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
n_students=$("$SQLITE3_SHELL" "$db" 'SELECT count(*) FROM student')

# laid_out COLS LINES TEXT: the screen is drawn for that size: TEXT shows,
# the tab bar on the first line, the F-key bar on the last.
laid_out() {
    local lines=$2 text=$3 screen
    screen=$(tt_screen)
    grep -qF -- "$text" <<<"$screen" || { echo "no \"$text\""; return 1; }
    grep -qF "Terminal too small" <<<"$screen" && { echo "still too small"; return 1; }
    sed -n 1p <<<"$screen" | grep -qF "Dashboard   Students" || { echo "no tab bar on line 1"; return 1; }
    sed -n "${lines}p" <<<"$screen" | grep -q "^F1Help" || { echo "no F-key bar on line $lines"; return 1; }
}
# help_laid_out COLS LINES: the help fills the height (it has more lines
# than any of these sizes shows).
help_laid_out() {
    local lines=$2 screen
    screen=$(tt_screen)
    grep -qF "Help: keys" <<<"$screen" || { echo "no help"; return 1; }
    grep -qF "Terminal too small" <<<"$screen" && { echo "still too small"; return 1; }
    [ -n "$(tt_screen | sed -n "$((lines - 1))p")" ] ||
        { echo "line $((lines - 1)) is empty: the help does not fill $lines lines"; return 1; }
}
# too_small COLS LINES: the notice; with the terminal's actual size when
# the line fits.
too_small() {
    local screen
    screen=$(tt_screen)
    grep -qF "Terminal too small" <<<"$screen" &&
        grep -qF "Enlarge the window, or press q to quit." <<<"$screen" || return 1
    [ "$1" -lt 56 ] ||
        grep -qF "tutorat needs at least 80×24; this terminal is $1×$2." <<<"$screen"
}
alive() { tt_alive || { echo "the program ended (status $(tt_exit_status))"; return 1; }; }

# round_trip CHECK TEXT: 120x40 -> 50x12 -> 120x40 -> 80x24 with CHECK
# (laid_out or help_laid_out) at each normal size.
round_trip() {
    local check=$1 text=$2
    tt_poll "$check" 120 40 "$text" || return 1
    tt_resize 50 12
    tt_poll too_small 50 12 || return 1
    alive || return 1
    tt_resize 120 40
    tt_poll "$check" 120 40 "$text" || return 1
    tt_resize 80 24
    tt_poll "$check" 80 24 "$text" || return 1
    alive || return 1
    tt_resize 120 40
}

tt_start -x 120 -y 40 LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Today: April 19, 2021" >/dev/null
for step in "F2:Referrals to decide" "F3:1 of $n_students" "F4:Category" \
            "F5:Lecture 1re-2e" "F6:Present" "F7:Table 2: students served" \
            "F8:[groups] size_limit"; do
    key=${step%%:*} text=${step#*:}
    tt_keys "$key"
    tap_check "$key: 120x40 -> 50x12 (too small) -> 120x40 -> 80x24, redrawn each time" \
        round_trip laid_out "$text"
done
tt_keys F1
tap_check "help: 120x40 -> 50x12 (too small) -> 120x40 -> 80x24" \
    round_trip help_laid_out ""
tt_keys Escape
tt_wait_gone "Help: keys" >/dev/null

# The limits, exactly.
tt_resize 79 24
tap_check "79x24 is too small" tt_poll too_small 79 24
tt_resize 80 23
tap_check "80x23 is too small" tt_poll too_small 80 23
tt_resize 80 24
tap_check "80x24 is enough" tt_poll laid_out 80 24 "[groups] size_limit"

# Many sizes in a row, without waiting: the last one wins.
storm() {
    local size
    for size in 90x30 40x10 200x60 81x25 60x50 150x24 79x80 100x30; do
        tt_resize "${size%x*}" "${size#*x}"
    done
    tt_poll laid_out 100 30 "[groups] size_limit" && alive
}
tap_check "a burst of resizes settles on the last size" storm

# Keys still work after all that.
tt_keys F3
tap_check "the keys still work: F3 shows the students" tt_poll laid_out 100 30 "1 of $n_students"
tt_keys q
quit_ok() { tt_wait_exit && tt_exited_cleanly 0; }
tap_check "the program ran until q; status 0, terminal restored" quit_ok

# Started too small: the notice at once, the screens when enlarged.
tt_start -x 60 -y 20 LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tap_check "started at 60x20: the notice" tt_poll too_small 60 20
tt_resize 80 24
tap_check "enlarged to 80x24: the dashboard" tt_poll laid_out 80 24 "Referrals to decide"
tt_resize 50 12
tt_poll too_small 50 12 >/dev/null
tt_keys q
tap_check "q quits from the too-small notice: status 0, terminal restored" quit_ok

# The same notice in French.
tt_start -x 50 -y 12 LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tap_check "in French: Terminal trop petit" tt_wait_for "Terminal trop petit"
tt_keys F10
tap_check "F10 quits from the notice: status 0, terminal restored" quit_ok

# Signals: the program ends as with q and gives the terminal back.
signal_ends() {
    local sig=$1 pid
    pid=$(tt_pid)
    [ -n "$pid" ] || { echo "no process id"; return 1; }
    kill "-$sig" "$pid" && tt_wait_exit && tt_exited_cleanly 0
}
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tap_check "SIGTERM: the program ends, status 0, terminal restored" signal_ends TERM
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tap_check "SIGHUP: the program ends, status 0, terminal restored" signal_ends HUP
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F1
tt_wait_for "Help: keys" >/dev/null
tap_check "SIGTERM on the help screen: the same" signal_ends TERM
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_resize 50 12
tt_poll too_small 50 12 >/dev/null
tap_check "SIGTERM on the too-small notice: the same" signal_ends TERM
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys C-c
ctrl_c() { tt_wait_exit && tt_exited_cleanly 0; }
tap_check "Ctrl-C: the program ends, status 0, terminal restored" ctrl_c
tap_done
