#!/bin/bash
# The access log as an administrator reads it (Law 25): opening a student's
# file and exporting it show up, with whose data, on the command line and
# in Settings; a secretary is told only administrators read it.  English,
# then French.
. "$(dirname "$0")/lib.sh"
tt_need_sqlite3
tap_plan 8
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
me=$(id -un)

out=$("$TUTORAT" --db "$db" access-log 2>&1)
tap_check "a new database's log is empty" bash -c "[ \"\$1\" = 'No access recorded.' ]" _ "$out"
"$TUTORAT" --db "$db" export student 2100001 --output "$T/s.json" >/dev/null
out=$("$TUTORAT" --db "$db" access-log 2>&1)
tap_check "an export is listed with whose data and the file" \
    bash -c "printf '%s' \"\$1\" | grep -E \"$me +exported +Poirier, François \\(2100001\\) +$T/s.json\"" _ "$out"
out=$("$TUTORAT" --db "$db" access-log --from 2021-13-01 2>&1); rc=$?
tap_check "a wrong date is refused" test "$rc" = 2

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F3
tt_wait_for "1 of 150" >/dev/null
tt_keys Enter
tt_wait_for "Holders of parental authority" >/dev/null
first=$(tt_screen | sed -n 2p | sed 's/^ *//')
tt_keys Escape F8 v v v v v
tap_check "Settings shows the access log" tt_wait_for "Access log: who viewed, printed or exported"
newest_is_first() { tt_screen | sed -n 4p | grep -qF "$first" || { tt_screen; return 1; }; }
tap_check "with the file just opened, newest first" newest_is_first
tt_stop

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F8 v v v v v
tap_check "French: the same view in French" tt_wait_for "Journal des accès"
tt_stop

"$TUTORAT" --db "$db" user add chef admin >/dev/null
"$SQLITE3_SHELL" "$db" "UPDATE app_user SET role = 'secretary' WHERE login = '$me'"
out=$("$TUTORAT" --db "$db" access-log 2>&1); rc=$?
tap_check "a secretary may not read it" \
    bash -c "[ \"\$2\" = 1 ] && printf '%s' \"\$1\" | grep -q 'Only an administrator reads the access log'" _ "$out" "$rc"
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F8 v v v v v
tap_check "nor see it in Settings" tt_wait_for "Only an administrator reads the access log"
tap_done
