#!/bin/bash
# The full-screen shell in English: every screen on the demo database, an
# empty database, NO_COLOR, and --lang overriding the environment.
. "$(dirname "$0")/lib.sh"
tap_plan 15
db=$(tt_demo_db)

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tap_check "the dashboard opens in English" tt_wait_for "Referrals to decide"
tap_check "the tab bar is English" tt_screen_has "Dashboard   Students   Tutors   Groups   Sessions   Reports   Settings"
tap_check "the F-key bar is English" tt_screen_has "F1Help F2Home F3Students"
tt_keys F3
tap_check "Students: columns and real rows" tt_wait_for " of 150"
tt_keys F4
tap_check "Tutors: a demo tutor" tt_wait_for "Ouellet, Camille"
tt_keys F5
tap_check "Groups: a demo group" tt_wait_for "Lecture 1re-2e"
tt_keys F6
tap_check "Sessions: real sessions" tt_wait_for "2021-04-"
tt_keys F7
tap_check "Reports: totals" tt_wait_for "Session-hours"
tt_keys F8
tap_check "Settings: every setting" tt_wait_for "size_limit"
tt_keys '?'
tap_check "the help lists the keys" tt_wait_for "Help: keys"
tt_keys Escape
tt_wait_gone "Help: keys" >/dev/null
tt_keys F10
tt_wait_exit
status=$(tt_exit_status)
tap_check "F10 quits with status 0 ($status)" test "$status" = 0

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$T/empty.db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F3
tap_check "an empty database shows empty lists, not errors" tt_wait_for "No students match"
tt_keys Tab Tab Tab
tap_check "Tab moves through the screens" tt_wait_for "No sessions yet."

tt_start LANG=C.UTF-8 LANGUAGE=en NO_COLOR=1 -- --db "$db"
tap_check "NO_COLOR works" tt_wait_for "Referrals to decide"

tt_start LANG=C.UTF-8 LANGUAGE=en -- --lang fr --db "$db"
tap_check "--lang fr wins over LANGUAGE=en" tt_wait_for "Tableau de bord"
tap_done
