#!/bin/bash
# A secretary types a referral in French: validation that names the field
# and keeps the text, saving, search without accents, bytes stored as typed,
# and a draft that survives the terminal going away.
. "$(dirname "$0")/lib.sh"
tap_plan 14
db="$T/ref.db"
"$TUTORAT" --db "$db" check >/dev/null
"$SQLITE3_SHELL" "$db" "INSERT INTO school (code, name) VALUES ('SEDO', 'École primaire Saint-Édouard');"

cursor_line() { tt_screen | sed -n "$(( $(tt_pane '#{cursor_y}') + 1 ))p"; }
cursor_on() { cursor_line | grep -qF -- "$1"; }

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F3
tt_wait_for "Aucun élève" >/dev/null
tt_keys n
tap_check "n opens the referral form in French" tt_wait_for "Référence : page 1 de 4, élève"

# School from the pick-list, then the student as typed by a secretary.
tt_keys Space
tt_wait_for "École primaire Saint-Édouard (SEDO)" >/dev/null
tt_keys Enter Tab
tt_type "Côté-Bélanger"; tt_keys Tab
tt_type "Éloïse"; tt_keys Tab
tt_type "7654321"; tt_keys Tab
tt_type "ABC 123"; tt_keys Tab
tt_type "31/02/2021"; tt_keys Tab
tt_type "3"
tt_keys F2
tap_check "a wrong code permanent is named, in French" tt_wait_for "quatre lettres"
tap_check "the cursor is on the code permanent" cursor_on "ABC 123"
tt_keys C-u; tt_type "cote 1234 5678"
tt_keys F2
tap_check "31/02/2021 is refused as a date" tt_wait_for "« 31/02/2021 » n'est pas une vraie date"
tap_check "the cursor is on the birth date, the text kept" cursor_on "31/02/2021"
tt_keys C-u; tt_type "24/02/2013"

# A guardian on page 2.
tt_keys PageDown
tt_type "Julie Côté"; tt_keys Tab m Tab
tt_type "819-555-0123"; tt_keys Tab
tt_type "julie.cote@example.org"
tt_keys F2
tap_check "an empty required field is named" tt_wait_for "Référé par : ce champ est obligatoire."
tap_check "the cursor moved to page 3, on that field" cursor_on "Référé par"
tt_type "Mme Gagnon"
tt_keys F2
tt_wait_for "Choisissez au moins une matière." >/dev/null
tt_keys Space Right Right Space
# Availability on page 4: Monday and Wednesday after school.
tt_keys PageDown Tab Tab Tab Tab Tab Tab Tab Tab Down Down Space Right Right Space
tt_keys F2
tap_check "the referral is saved" tt_wait_for "Référence enregistrée pour Éloïse Côté-Bélanger."

tt_keys /
tt_type "eloise"
tap_check "typing eloise finds her" tt_wait_for "Côté-Bélanger, Éloïse"
tt_keys C-u
tt_type "cote"
tap_check "typing cote finds her" tt_wait_for "Côté-Bélanger, Éloïse"
tt_keys Escape
tt_wait_gone "Recherche :" >/dev/null

hex=$("$SQLITE3_SHELL" "$db" "SELECT hex(last_name) || ' ' || hex(first_name) FROM student")
want="$(printf 'Côté-Bélanger' | od -An -tx1 | tr -d ' \n' | tr a-f A-F) $(printf 'Éloïse' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
tap_check "names are stored byte for byte as typed" test "$hex" = "$want"
rows=$("$SQLITE3_SHELL" "$db" "SELECT (SELECT group_concat(subject) FROM referral_subject),
  (SELECT count(*) FROM referral_availability), (SELECT count(*) FROM guardian),
  (SELECT code_permanent FROM student)")
tap_check "subjects, availability, guardian and code permanent are stored" \
    test "$rows" = "fr_reading,math|2|1|COTE12345678"

# The terminal goes away in the middle of a form: the draft comes back.
tt_keys n
tt_wait_for "Référence : page 1" >/dev/null
tt_keys Tab
tt_type "Lévesque"; tt_keys Tab
tt_type "Anaïs"
sleep 0.3
tt_stop
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tap_check "the draft is offered at the next start" tt_wait_for "Une référence que vous saisissiez"
tt_keys o
draft_is_back() { tt_wait_for "Anaïs" && tt_screen_has "Lévesque"; }
tap_check "with every field typed" draft_is_back
tap_done
