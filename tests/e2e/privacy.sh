#!/bin/bash
# The shared workstation: after the idle time the screen hides personal
# information until a key is pressed, in English and French; what was being
# typed in a form is still there afterwards.  (TUTORAT_IDLE_SECONDS stands
# for the [privacy] idle_minutes setting, which counts in minutes.)
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 7
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }

tt_start LANG=C.UTF-8 LANGUAGE=en TUTORAT_IDLE_SECONDS=2 -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F3
tt_wait_for "1 of " >/dev/null
# The first student's last name, as the list shows it.
first=$(tt_screen | sed -n 3p | cut -d, -f1)
tap_check "after the idle time the screen is hidden" \
    tt_wait_for "The screen is hidden to protect personal information." 8
tap_check "no name is left on it" tt_screen_lacks "$first"
tt_keys x
tap_check "a key brings the list back" tt_wait_for "$first"
tt_keys n
tt_wait_for "Last name" >/dev/null
tt_keys Down
tt_type "Tremblay-Unsaved"
tt_wait_for "Tremblay-Unsaved" >/dev/null
tt_wait_for "The screen is hidden" 8 >/dev/null
tap_check "a form being typed is hidden too" tt_screen_lacks "Tremblay-Unsaved"
tt_keys Space
tap_check "and comes back with what was typed" tt_wait_for "Tremblay-Unsaved"
tt_keys Escape
tt_stop

tt_start LANG=C.UTF-8 LANGUAGE=fr TUTORAT_IDLE_SECONDS=2 -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
tap_check "in French" tt_wait_for "L'écran est masqué pour protéger les renseignements personnels." 8
tt_keys Enter
tap_check "Enter only wakes the screen" tt_wait_for "Tableau de bord"
tt_stop
tap_done
