#!/bin/bash
# Lists follow other users' changes: with the Students list open and no key
# pressed, a student another user imports (the command line) or renames
# (another program on the database) shows within a few seconds, and the
# selection stays on the same student, whose number moves with it.  The
# same with a second tutorat: the candidate it notes shows in the first
# one's Tutors list.  English, then French.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 9
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
q() { "$SQLITE3_SHELL" -bail "$db" "$1" || echo "Bail out! sqlite3 failed: $1"; }
total=$(q "SELECT count(*) FROM student")
wait_s=6

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F3
tt_wait_for "1 of $total" >/dev/null
tt_keys Down Down
tap_check "the third student is selected" tt_wait_for "3 of $total"
# Who that is: the third row's local number (line 2 is the header).
local=$(tt_screen | sed -n 5p | grep -o '[0-9]\{7\}' | head -1)
third_id=$(q "SELECT id FROM student WHERE local_number = '$local'")
[ -n "$third_id" ] || echo "Bail out! no student on the third row"

# Another user imports a student who sorts first.
printf 'Fiche;Nom;Prénom;Niveau;École\n7700001;Aaberg;Adèle;P2;SEDO\n' >"$T/new.csv"
env LANGUAGE=en LANG=C.UTF-8 "$TUTORAT" --db "$db" import students "$T/new.csv" >/dev/null
tap_check "the imported student shows without a key" tt_wait_for "Aaberg, Adèle" "$wait_s"
tap_check "the selection stays on the same student, one row down" \
    tt_wait_for "4 of $((total + 1))" "$wait_s"

# Another program renames the selected student: the list follows the
# record to its new place, at the end.
q "UPDATE student SET last_name = 'Zzyzx' WHERE id = $third_id"
tap_check "the new name shows" tt_wait_for "Zzyzx, " "$wait_s"
tap_check "and the selection followed it to the end" \
    tt_wait_for "$((total + 1)) of $((total + 1))" "$wait_s"
tt_keys q
tt_wait_exit

# ---- two programs: what one notes, the other's list shows ---------------
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F4
tt_wait_for " sur " >/dev/null
candidates=$(q "SELECT count(*) FROM tutor")
u_start
u_wait_for "Tableau de bord" >/dev/null
# The second program notes a staff member who volunteers (n on Tutors).
u_keys F4
u_wait_for " sur " >/dev/null
u_keys n
u_wait_for "Membre du personnel bénévole" >/dev/null
u_type "Aaronson"
u_keys Tab
u_type "Béatrice"
u_keys F2
saved() { test "$(q "SELECT count(*) FROM tutor WHERE last_name = 'Aaronson'")" = 1; }
tap_check "the second program saved the volunteer" tt_poll saved
tap_check "the first program's Tutors list shows her, without a key" \
    tt_wait_for "Aaronson, Béatrice" "$wait_s"
tap_check "and its count went up" tt_wait_for " sur $((candidates + 1))" "$wait_s"
u_keys Escape q
tt_keys q
tt_wait_exit
tap_check "the program ended normally" tt_exited_cleanly
tap_done
