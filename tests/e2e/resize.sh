#!/bin/bash
# Resizing on every screen, terminals too small, and signals: the program
# never crashes and always gives the terminal back.
. "$(dirname "$0")/lib.sh"
tap_plan 11
db=$(tt_demo_db)

tt_start -x 120 -y 40 LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
for step in "F2:Referrals to decide" "F3: of 150" "F4:Ouellet" "F5:Lecture 1re-2e" \
            "F6:2021-04-" "F7:Session-hours" "F8:size_limit"; do
    key=${step%%:*}
    text=${step#*:}
    tt_keys "$key"
    tt_wait_for "$text" >/dev/null
    tt_resize 50 12
    tt_wait_for "Terminal too small" >/dev/null
    small=$(tt_screen)
    tt_resize 120 40
    if grep -q "Terminal too small" <<<"$small" && tt_wait_for "$text" && \
       [ ! -s "$T/exit.status" ]; then
        tap_ok "$key: 120x40 -> 50x12 -> 120x40"
    else
        tap_fail "$key: 120x40 -> 50x12 -> 120x40"
    fi
done
tt_keys F1
tt_wait_for "Help: keys" >/dev/null
tt_resize 50 12
tt_wait_for "Terminal too small" >/dev/null
tt_resize 80 24
tap_check "help survives a resize" tt_wait_for "Help: keys"
tt_keys Escape

tt_resize 79 24
tap_check "79 columns is too small" tt_wait_for "Terminal too small"
tt_resize 80 24
tt_wait_for "Referrals" >/dev/null

kill -TERM "$(tt_pid)"
tt_wait_exit
tap_check "SIGTERM: the program ends and the terminal is restored" \
    test "$(tt_exit_status)" = 0 -a "$(tt_pane '#{alternate_on}')" = 0

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals" >/dev/null
kill -HUP "$(tt_pid)"
tt_wait_exit
tap_check "SIGHUP: the program ends and the terminal is restored" \
    test "$(tt_exit_status)" = 0 -a "$(tt_pane '#{alternate_on}')" = 0
tap_done
