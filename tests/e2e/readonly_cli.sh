#!/bin/bash
# A read-only user and every command that writes or carries personal data
# away: each is refused (exit status 1, the role named), and the database
# holds exactly what it held.  The test's own login is made read-only after
# another administrator is added, so no root is needed.  English, then a
# few in French.
. "$(dirname "$0")/lib.sh"
tt_need_sqlite3
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
me=$(id -un)
"$TUTORAT" --db "$db" user add chef admin >/dev/null || { echo "Bail out! user add"; exit 1; }
"$SQLITE3_SHELL" "$db" "UPDATE app_user SET role = 'readonly' WHERE login = '$me'"
content() { "$SQLITE3_SHELL" "$db" .dump | grep -v 'INSERT INTO access_log'; }
before=$(content)

printf 'fiche,nom,prenom,niveau,ecole\n2199999,Côté,Éloïse,3,SEDO\n' >"$T/students.csv"
printf 'Nom,Prénom,Courriel,Catégorie\nTest,Candidat,candidat@example.org,college\n' >"$T/cand.csv"
commands=(
    "import students $T/students.csv"
    "import students $T/students.csv --skip-bad"
    "import candidates $T/cand.csv"
    "export payroll --from 2021-03-01 --to 2021-03-14 --output $T/pay.csv"
    "payroll close --from 2021-03-01 --to 2021-03-14"
    "export student 2100001 --output $T/s.json"
    "backup $T/copy.db"
    "pair --apply"
    "user add paul secretary"
    "user role chef secretary"
    "user disable chef"
    "user enable chef"
    "organisation Autre css"
    "organisation budget 1000"
    "school add NEW Nouvelle"
    "school rename SEDO Renommée"
    "school budget SEDO 5"
    "school close SEDO"
    "anonymise --school-year 2020-2021 --yes"
    "access-log"
)
tap_plan $(( ${#commands[@]} + 6 ))
for c in "${commands[@]}"; do
    # shellcheck disable=SC2086
    out=$(TUTORAT_TODAY=2021-08-15 LANGUAGE=en "$TUTORAT" --db "$db" $c 2>&1); rc=$?
    refused() {
        [ "$rc" = 1 ] || { echo "exit status $rc, wanted 1: $out"; return 1; }
        printf '%s\n' "$out" | grep -qiE 'role|read-only|readonly|administrator' ||
            { echo "no word of the role: $out"; return 1; }
    }
    tap_check "read-only: $c is refused" refused
done
# The demo fills only an empty database: one whose reader is read-only.
empty="$T/empty.db"
"$TUTORAT" --db "$empty" user add chef admin >/dev/null
"$SQLITE3_SHELL" "$empty" "UPDATE app_user SET role = 'readonly' WHERE login = '$me'"
out=$(LANGUAGE=en "$TUTORAT" --db "$empty" demo 2>&1); rc=$?
demo_refused() {
    [ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q 'readonly' &&
        [ "$("$SQLITE3_SHELL" "$empty" 'SELECT count(*) FROM student')" = 0 ]
}
tap_check "read-only: demo is refused on an empty database" demo_refused
tap_check "no file was written" bash -c "! ls '$T'/pay.csv '$T'/s.json '$T'/copy.db 2>/dev/null"
tap_check "the database holds exactly what it held" test "$(content)" = "$before"
tap_check "reading is allowed: check" "$TUTORAT" --db "$db" check
tap_check "reading is allowed: users" "$TUTORAT" --db "$db" users
out=$(LANGUAGE=fr "$TUTORAT" --db "$db" --lang fr export payroll --from 2021-03-01 \
      --to 2021-03-14 --output "$T/paie.csv" 2>&1)
tap_check "in French, the refusal is in French" \
    bash -c "printf '%s' \"\$1\" | grep -q 'Votre rôle (consultation)'" _ "$out"
tap_done
