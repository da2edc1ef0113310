#!/bin/bash
# Tutors in English and French: the candidates not answered, three answered
# at once; the hiring gate explained in a tutor's file; a staff volunteer.
. "$(dirname "$0")/lib.sh"
tap_plan 9
db=$(tt_demo_db)
waiting() { "$SQLITE3_SHELL" "$db" "SELECT count(*) FROM tutor WHERE answered_on IS NULL AND status <> 'withdrawn'"; }
before=$(waiting)

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F4 v
tap_check "v lists the candidates not answered, with days waited" tt_wait_for " d "
tt_keys Space Space Space
tap_check "Space marks them" tt_wait_for "3 marked"
tt_keys a
tt_wait_for "Answer to the candidates" >/dev/null
tt_keys F2
tap_check "the answer is recorded for the three" tt_wait_for "Answer recorded for 3 candidates."
tap_check "they leave the list" test "$(waiting)" = $((before - 3))
answered=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM tutor WHERE answered_on = '2021-04-19' AND answered_how = 'email'")
tap_check "their answer dates are stored" test "$answered" = 3

# A candidate in processing: the file says what is missing.
tt_keys v /
tt_type "lemay"
tt_keys Enter Enter
tap_check "the file explains why the tutor may not lead a group" tt_wait_for "not hired (now: in processing)"
tt_keys Escape q
tt_wait_exit

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F4 /
tt_type "lemay"
tt_keys Enter Enter
tap_check "in French too" tt_wait_for "pas embauché (statut : en traitement)"
tt_keys Escape Escape n
tt_wait_for "Membre du personnel bénévole" >/dev/null
tt_type "Émond"; tt_keys Tab
tt_type "Hélène"
tt_keys F2
tap_check "a staff volunteer is noted" tt_wait_for "Hélène Émond noté comme membre du personnel bénévole."
staff=$("$SQLITE3_SHELL" "$db" "SELECT status || source FROM tutor WHERE last_name = 'Émond' AND first_name = 'Hélène'")
tap_check "as interest expressed, from the staff" test "$staff" = "intereststaff"
tap_done
