#!/bin/bash
# The organisation and its schools, from an empty database: recorded from
# the command line and from Settings, refused to anyone but an
# administrator, and offered by the referral form.  English and French.
. "$(dirname "$0")/lib.sh"
tt_need_sqlite3
tap_plan 20
db="$T/new.db"
run() { out=$("$TUTORAT" --db "$db" "$@" 2>&1); rc=$?; }
has() { printf '%s\n' "$out" | grep -qF -- "$1" || { echo "missing: $1"; echo "$out"; return 1; }; }
ok_has() { [ "$rc" = 0 ] && has "$1"; }

# An empty database: the dashboard says where the budget goes, not "of $0.00".
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tap_check "an empty database's dashboard says no budget is recorded" \
    tt_wait_for "no budget (F8, v)"
tt_keys F3
tap_check "an empty Students list says there is no student yet, and what to do" \
    tt_wait_for "No student yet. Press n to type a referral, or i to import"
tt_keys n
tap_check "n without a school says where schools come from" \
    tt_wait_for "No school is recorded yet: an administrator adds them"
tt_stop

run schools
tap_check "an empty database has no school, and says how to add one" ok_has "school add CODE NAME"
run school add SEDO "École Saint-Édouard"
tap_check "school add records it" ok_has "École Saint-Édouard"
run school add "S E" "Autre"
code_refused() { [ "$rc" = 1 ] && has "one word"; }
tap_check "a code with a space is refused, saying why" code_refused
run school add SEDO "Autre école"
dup_refused() { [ "$rc" = 1 ] && has "already has the code SEDO"; }
tap_check "a code already taken is refused" dup_refused
run --lang fr school budget SEDO "12 500,00 $"
run schools
tap_check "a budget typed the French way is recorded" ok_has '$12,500.00'
run organisation "CSS des Sommets" css 765000
run organisation
tap_check "the organisation is recorded and shown" ok_has "CSS des Sommets (school service centre), ministry code 765000"
run --lang fr organisation budget n/a
amount_refused() { [ "$rc" = 2 ] && has "n'est pas un montant"; }
tap_check "a wrong amount is refused in French" amount_refused

# Another role may read, not change.
"$TUTORAT" --db "$db" user add secretaire secretary >/dev/null 2>&1
login=$(id -un)
"$SQLITE3_SHELL" "$db" "UPDATE app_user SET role = 'secretary' WHERE login = '$login';
                       UPDATE app_user SET role = 'admin' WHERE login = 'secretaire'"
run school add FLEC "École Fréchette"
refused() { [ "$rc" = 1 ] && has "administrator"; }
tap_check "a secretary may not add a school" refused
run schools
tap_check "but sees the list" ok_has "SEDO"
"$SQLITE3_SHELL" "$db" "UPDATE app_user SET role = 'admin' WHERE login = '$login'"

# Settings, v: the organisation and its schools, on the screen.
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Dashboard" >/dev/null
tt_keys F8
tt_wait_for "Settings are changed" >/dev/null
tt_keys v
tap_check "Settings, v shows the organisation and its schools" \
    tt_wait_for "The organisation and its schools"
tap_check "with the school recorded" tt_wait_for "École Saint-Édouard"
tt_keys n
tt_wait_for "New school" >/dev/null
tt_type "FLEC"; tt_keys Tab
tt_type "École secondaire Fréchette"; tt_keys Tab
tt_type "abc"
tt_keys F2
tap_check "a wrong budget is named in the form" tt_wait_for '"abc" is not an amount'
tt_keys C-u
tt_type "8000"
tt_keys F2
tap_check "n adds a school from the screen" tt_wait_for "School École secondaire Fréchette recorded."
stored() {
    "$SQLITE3_SHELL" "$db" "SELECT budget_cents FROM school WHERE code = 'FLEC'" | grep -qx 800000
}
tap_check "with its budget" stored
# The referral form offers both open schools.
tt_keys F3
tt_wait_for "Students" >/dev/null
tt_keys n
tt_wait_for "Referral: page 1 of 4" >/dev/null
tt_keys Space
tap_check "the referral form offers the schools" tt_wait_for "École secondaire Fréchette (FLEC)"
tt_keys Escape Escape
tt_stop

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F8
tt_keys v
tap_check "French: the same view, in French" tt_wait_for "L'organisme et ses écoles"
french_only() { ! tt_screen | grep -E "School|Budget of|add a school|Open"; }
tap_check "French: no English on it" french_only
tap_done
