#!/bin/bash
# The weekly ministry report: the Excel file read back by xlsx2csv equals an
# independent SQL count, in French and in English; CSV too; a failed write
# leaves no file; the Reports screen shows and exports it.
. "$(dirname "$0")/lib.sh"
tap_plan 12
db=$(tt_demo_db)
sql() { "$SQLITE3_SHELL" "$db" "$1"; }
# 2021-W15: Monday 12 to Sunday 18 April; the demo's program starts with
# the school year (2020-08-25).
week_students=$(sql "SELECT count(DISTINCT a.student_id) FROM attendance a JOIN session s ON s.id = a.session_id WHERE a.status = 'present' AND s.status = 'held' AND s.session_date BETWEEN '2021-04-12' AND '2021-04-18'")
week_session=$(sql "SELECT printf('%.2f', ifnull(sum(actual_minutes), 0) / 60.0) FROM session WHERE status = 'held' AND session_date BETWEEN '2021-04-12' AND '2021-04-18'")
total_student=$(sql "SELECT printf('%.2f', ifnull(sum(a.minutes), 0) / 60.0) FROM attendance a JOIN session s ON s.id = a.session_id WHERE a.status = 'present' AND s.status = 'held' AND s.session_date BETWEEN '2020-08-25' AND '2021-04-18'")
hired_university=$(sql "SELECT count(*) FROM tutor WHERE source = 'platform' AND category = 'university' AND status = 'hired'")
staff=$(sql "SELECT count(*) FROM tutor WHERE source = 'staff'")

"$TUTORAT" --db "$db" --lang en report weekly --week 2021-W15 --output "$T/en.xlsx" >/dev/null
tap_check "English workbook written" test -s "$T/en.xlsx"
total=$(xlsx2csv -n Service "$T/en.xlsx" | grep '^Total,')
IFS=, read -r _ s1 h1 _ _ _ h6 <<<"$total"
tap_check "students served and hours match SQL ($total)" \
    test "$s1" = "$week_students" -a "$h1" = "$week_session" -a "$h6" = "$total_student"
uni=$(xlsx2csv -n "Human resources" "$T/en.xlsx" | grep '^University students,' | cut -d, -f4)
tap_check "university students hired match SQL" test "$uni" = "$hired_university"
st=$(xlsx2csv -n "Human resources" "$T/en.xlsx" | grep '^Staff and substitutes' | cut -d, -f2)
tap_check "staff who volunteered match SQL" test "$st" = "$staff"

"$TUTORAT" --db "$db" --lang fr report weekly --week 2021-W15 --output "$T/fr.xlsx" >/dev/null
total=$(xlsx2csv -n Service "$T/fr.xlsx" | grep '^Total,')
IFS=, read -r _ s1 h1 _ _ _ h6 <<<"$total"
tap_check "the French workbook has the same numbers" \
    test "$s1" = "$week_students" -a "$h1" = "$week_session" -a "$h6" = "$total_student"
tap_check "with French titles" bash -c "xlsx2csv -n 'Ressources humaines' '$T/fr.xlsx' | grep -q 'Étudiants universitaires'"

"$TUTORAT" --db "$db" --lang fr report weekly --week 2021-W15 --output "$T/fr.csv" >/dev/null
tap_check "CSV too, in French with semicolons" grep -q "^Total;$week_students;" "$T/fr.csv"

TUTORAT_FAIL_WRITES=1 "$TUTORAT" --db "$db" report weekly --output "$T/full.xlsx" 2>"$T/err"
rc=$?
leftovers=$(ls "$T" | grep -c '^full')
tap_check "a failed write exits non-zero, says why, leaves no file" \
    test $rc -ne 0 -a "$leftovers" = 0 -a -n "$(grep -i 'no space' "$T/err")"
"$TUTORAT" --db "$db" report weekly --output "$T/missing/folder/r.xlsx" 2>/dev/null
tap_check "an unwritable place exits non-zero" test $? -ne 0

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F7
tt_wait_for "2021-W15" >/dev/null
tt_keys e
tt_wait_for "Fichier" >/dev/null
tt_keys C-u
tt_type "$T/ecran.xlsx"
tt_keys Enter
tap_check "the Reports screen exports the report" tt_wait_for "écrit dans"
tt_keys P
tt_wait_for "Paie" >/dev/null
tt_keys Tab Tab C-u
tt_type "$T/paie.csv"
tt_keys F2
tap_check "and the payroll of a pay period" tt_wait_for "Paie écrite dans"
lines=$(grep -c ',regular,' "$T/paie.csv")
paid=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM session s WHERE s.status = 'held' AND s.session_date BETWEEN '2021-04-05' AND '2021-04-18' AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)")
tap_check "one line per paid session of the two weeks ($lines)" test "$lines" = "$paid"
tap_done
