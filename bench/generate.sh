#!/bin/bash
# The benchmarks' generator at school scale: the file passes `tutorat
# check` and the generator's own rule checks, holds every status of every
# entity and varied Québec names with their accents, is the same for the
# same seed, and its candidates' bank imports.
. "$(dirname "$0")/../tests/e2e/lib.sh"
tt_need_sqlite3
tap_plan 10
gen=$TOP_BUILDDIR/bench/generate
db=$T/school.db
q() { "$SQLITE3_SHELL" "$db" "$1"; }

tap_check "the school scale is generated, its rules checked over the whole file" \
    "$gen" --verify school "$db"
tap_check "tutorat check passes" "$TUTORAT" --db "$db" check

# Each list: the query's distinct values, and what they must be.
has_all() {
    local got want=$2
    got=$(q "$1" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || { echo "got: $got"; echo "want: $want"; return 1; }
}
every_status() {
    has_all "SELECT DISTINCT status FROM referral" \
        "active awaiting_consent awaiting_pairing closed received suspended " &&
    has_all "SELECT DISTINCT status FROM consent" "given pending refused withdrawn " &&
    has_all "SELECT DISTINCT purpose FROM consent" "remote share_referral tutoring " &&
    has_all "SELECT DISTINCT status FROM tutor" \
        "declined hired interest processing received withdrawn " &&
    has_all "SELECT DISTINCT category FROM tutor" \
        "college other retiree staff_parttime staff_regular substitute university " &&
    has_all "SELECT DISTINCT check_status || '/' || ifnull(check_result, '') FROM tutor" \
        "completed/clear completed/not_clear none/ requested/ " &&
    has_all "SELECT DISTINCT status FROM session" \
        "cancelled_student cancelled_tutor held planned " &&
    has_all "SELECT DISTINCT status FROM attendance" "absent excused present " &&
    has_all "SELECT DISTINCT status FROM tutoring_group" "active ended planned " &&
    has_all "SELECT DISTINCT modality FROM tutoring_group" "remote school " &&
    has_all "SELECT DISTINCT level FROM student" "P1 P2 P3 P4 P5 P6 PRE5 S1 S2 S3 S4 S5 "
}
tap_check "every status of referrals, consents, tutors, checks, sessions, attendance and groups" \
    every_status

history() {
    [ "$(q "SELECT count(*) FROM membership WHERE left_on IS NOT NULL")" -gt 0 ] &&
    [ "$(q "SELECT count(*) FROM group_tutor_history WHERE to_date IS NOT NULL")" -gt 0 ] &&
    [ "$(q "SELECT count(*) FROM session s JOIN tutoring_group g ON g.id = s.group_id
            WHERE s.tutor_id <> g.tutor_id")" -gt 0 ] &&
    [ "$(q "SELECT count(*) FROM session WHERE outside_schedule = 1")" -gt 0 ] &&
    [ "$(q "SELECT count(*) FROM tutor WHERE answered_on IS NULL AND status = 'received'")" -gt 0 ] &&
    [ "$(q "SELECT count(*) FROM session WHERE status = 'planned' AND session_date < '2021-04-19'")" -gt 0 ] &&
    [ "$(q "SELECT count(*) FROM referral_status_history")" -gt "$(q "SELECT 3 * count(*) FROM referral")" ]
}
tap_check "ended memberships, tutor changes, replacements, extra sessions, unanswered candidates, sessions to complete, status histories" \
    history

year() {
    [ "$(q "SELECT min(session_date) <= '2020-10-01' AND max(session_date) >= '2021-06-01'
            AND count(DISTINCT strftime('%m', session_date)) >= 9 FROM session")" = 1 ]
}
tap_check "a school year of sessions, September to June" year

names() {
    # Accents, hyphenated family and first names, and enough of them.
    [ "$(q "SELECT count(*) FROM student WHERE last_name GLOB '*[^ -~]*'")" -gt 20 ] &&
    [ "$(q "SELECT count(*) FROM student WHERE first_name GLOB '*[^ -~]*'")" -gt 50 ] &&
    [ "$(q "SELECT count(*) FROM student WHERE last_name LIKE '%_-_%'")" -gt 5 ] &&
    [ "$(q "SELECT count(*) FROM student WHERE first_name LIKE '%_-_%'")" -gt 5 ] &&
    [ "$(q "SELECT count(DISTINCT last_name) FROM student")" -gt 60 ] &&
    [ "$(q "SELECT count(DISTINCT first_name) FROM student")" -gt 60 ] &&
    [ "$(q "SELECT count(*) FROM student WHERE last_name IN ('Côté', 'Bélanger', 'Gagné',
            'Lévesque', 'Ouellet', 'Tremblay')")" -gt 20 ] &&
    [ "$(q "SELECT count(*) FROM student WHERE code_permanent IS NOT NULL")" -gt 150 ]
}
tap_check "Québec names with accents, hyphens and variety" names

digest() {
    "$SQLITE3_SHELL" "$1" "SELECT
        (SELECT group_concat(last_name || first_name || local_number || ifnull(code_permanent, ''), ',') FROM student),
        (SELECT group_concat(id || session_date || status || tutor_id, ',') FROM session),
        (SELECT group_concat(session_id || student_id || status || minutes, ',') FROM attendance)" | md5sum
}
"$gen" --no-verify school "$T/again.db" >/dev/null
"$gen" --no-verify --seed 7 school "$T/other.db" >/dev/null
tap_check "the same seed gives the same data" test "$(digest "$db")" = "$(digest "$T/again.db")"
tap_check "another seed gives other data" test "$(digest "$db")" != "$(digest "$T/other.db")"

"$gen" --candidates 500 "$T/bank.csv"
tap_check "the candidates' bank has French headers and accents" \
    grep -q '^Nom,Prénom,Courriel,Téléphone,Statut,Établissement' "$T/bank.csv"
tap_check "and imports whole" sh -c \
    "'$TUTORAT' --db '$T/import.db' import candidates '$T/bank.csv' | grep -q '500 added, 0 updated'"
tap_done
