#!/bin/bash
# The roster import from the Students screen, in English and French: the
# report, the bad rows named, and the offer to set them aside.
. "$(dirname "$0")/lib.sh"
tap_plan 6
db="$T/imp.db"
"$TUTORAT" --db "$db" check >/dev/null
"$SQLITE3_SHELL" "$db" "INSERT INTO school (code, name) VALUES ('SEDO', 'École primaire Saint-Édouard');"
printf 'Fiche;Nom;Prénom;Niveau;École\n7000001;Côté;Zoé;P2;SEDO\n7000002;Roy;Léo;3e année;SEDO\n' \
    >"$T/good.csv"
printf 'Fiche;Nom;Prénom;Niveau;École\n7000003;Dubé;Noé;P2;SEDO\n7000004;Paré;Ève;P9;SEDO\n' \
    >"$T/bad.csv"

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F3 i
tt_wait_for "CSV file" >/dev/null
tt_type "$T/good.csv"
tt_keys Enter
tap_check "the import reports what it did" tt_wait_for "2 rows read: 2 added, 0 updated"
tt_keys Escape
tap_check "the list shows the imported students" tt_wait_for "Roy, Léo"
tt_keys q
tt_wait_exit

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F3 i
tt_wait_for "Fichier CSV" >/dev/null
tt_type "$T/bad.csv"
tt_keys Enter
tap_check "a bad row is named, in French" tt_wait_for 'ligne 3, colonne « Niveau »'
tt_keys Escape
tap_check "the good rows can still go in" tt_wait_for "Importer les bonnes lignes"
tt_keys o
tap_check "and the bad one is set aside" tt_wait_for "bad.csv.rejects.csv"
tt_keys Escape
count=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM student")
tap_check "three students in all" test "$count" = 3
tap_done
