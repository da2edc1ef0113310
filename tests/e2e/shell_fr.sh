#!/bin/bash
# The full-screen shell in French on the demo database: the tab bar, the
# F-key bar, every screen with its columns and real rows, the help; and
# French from a locale the machine lacks (fr_CA.UTF-8, never generated here).
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 24
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }

# What the lists must show, from the database itself.
q() { "$SQLITE3_SHELL" "$db" "$1"; }
q "SELECT last_name || ', ' || first_name FROM student" >"$T/students"
q "SELECT last_name || ', ' || first_name FROM tutor" >"$T/tutors"
q "SELECT name FROM tutoring_group" >"$T/groups"
q "SELECT session_date || ' ' || printf('%02d:%02d', start_min / 60, start_min % 60)
   FROM session" >"$T/sessions"
n_students=$(q 'SELECT count(*) FROM student')
n_tutors=$(q 'SELECT count(*) FROM tutor')
n_groups=$(q 'SELECT count(*) FROM tutoring_group')
n_sessions=$(q 'SELECT count(*) FROM session')
ACCENTS='[ÀÂÇÈÉÊËÎÏÔÙÛÜàâçèéêëîïôùûü]'

# Line N of the screen (1 is the tab bar), and its last line (the F-key bar).
line() { tt_screen | sed -n "${1}p"; }
fkey_bar() { tt_screen | tail -n 1; }
has_all() {
    local s text=$1
    shift
    for s in "$@"; do
        grep -qF -- "$s" <<<"$text" || { echo "missing \"$s\" in: $text"; return 1; }
    done
}
# list_ok HEADER_WORDS... -- NAMES_FILE COUNT [accents]: the column headers,
# at least 8 rows that are real records (some with accents when asked), and
# the position line "1 sur COUNT"; polled, the screen being drawn.
list_shows() {
    local words=() file count accented screen rows
    while [ "$1" != -- ]; do words+=("$1"); shift; done
    file=$2 count=$3 accented=${4:-}
    screen=$(tt_screen)
    grep -q " 1 sur $count\$" <<<"$screen" || { echo "no \"1 sur $count\""; return 1; }
    has_all "$(sed -n 2p <<<"$screen")" "${words[@]}" || return 1
    rows=$(sed -n '3,$p' <<<"$screen" | grep -cFf "$file")
    [ "$rows" -ge 8 ] || { echo "only $rows rows naming a record"; return 1; }
    if [ -n "$accented" ]; then
        sed -n '3,$p' <<<"$screen" | grep -Ff "$file" | grep -q "$ACCENTS" ||
            { echo "no accented name on the screen"; return 1; }
    fi
}
list_ok() { tt_poll list_shows "$@"; }

tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db"
tap_check "the dashboard opens in French at the frozen date" \
    tt_wait_for "Aujourd'hui : 19 avril 2021"
tab_bar_fr() {
    line 1 | grep -qF "Tableau de bord   Élèves   Tuteurs   Groupes   Séances   Rapports   Réglages" ||
        { echo "tab bar: $(line 1)"; return 1; }
}
tap_check "the tab bar has the seven French titles" tab_bar_fr
no_english() {
    ! tt_screen | grep -wE 'Dashboard|Students|Tutors|Groups|Sessions|Reports|Settings|Help|Quit'
}
tap_check "no English title or label on the French screen" no_english
fkey_bar_fr() {
    fkey_bar | grep -qE '^F1Aide ?F2Accueil ?F3Élèves ?F4Tuteurs ?F5Groupes ?F6Séances ?F7Rapports ?F8Réglages ?F10Quitter' ||
        { echo "F-key bar: $(fkey_bar)"; return 1; }
}
tap_check "the F-key bar is French, F1 to F10" fkey_bar_fr
dashboard_fr() {
    has_all "$(tt_screen)" "À faire" "Références à décider" "Cette semaine" \
        "Budget de la mesure 15021" "Heures-séances, 12 dernières semaines"
}
tap_check "Dashboard: French sections" dashboard_fr

tt_keys F3
tap_check "F3 Students: French columns, real rows with accents, 1 sur $n_students" \
    list_ok Nom Fiche École Niveau Référence -- "$T/students" "$n_students" accents
tap_check "F3 Students: the Élèves tab and the F-key bar stay French" fkey_bar_fr

tt_keys F4
tap_check "F4 Tutors: French columns, real rows, 1 sur $n_tutors" \
    list_ok Nom Catégorie Statut Réponse -- "$T/tutors" "$n_tutors"

tt_keys F5
tap_check "F5 Groups: French columns, real rows, 1 sur $n_groups" \
    list_ok Groupe Tuteur Matière Modalité Statut -- "$T/groups" "$n_groups"

tt_keys F6
tap_check "F6 Sessions: French columns, real rows, 1 sur $n_sessions" \
    list_ok Date Heure Groupe Tuteur Durée -- "$T/sessions" "$n_sessions"

tt_keys F7
reports_fr() {
    tt_wait_for "Rapport hebdomadaire, semaine du 12 avril 2021" &&
        has_all "$(tt_screen)" "Tableau 1 : candidatures et personnel" "Retraités" \
            "Tableau 2 : élèves rejoints" "Total"
}
tap_check "F7 Reports: the weekly report in French" reports_fr

tt_keys F8
settings_fr() {
    tt_wait_for "Origine" && has_all "$(tt_screen)" "Base de données : $db" "Réglage" "Valeur" \
        "par défaut" "[groups] size_limit"
}
tap_check "F8 Settings: French headers, every setting" settings_fr

tt_keys F2
tap_check "F2 brings the dashboard back" tt_wait_for "Références à décider"

tt_keys F1
help_fr() {
    tt_wait_for "Aide : touches (Échap, q ou F1 pour fermer)" &&
        has_all "$(tt_screen)" "Afficher cette aide" "Élèves et leurs références" "Quitter"
}
tap_check "F1: the help in French" help_fr
tt_keys Escape
help_closed() { tt_wait_gone "Aide : touches" && tt_wait_for "Références à décider" && tab_bar_fr; }
tap_check "Esc closes the help, back on the dashboard" help_closed
tt_keys '?'
tt_wait_for "Aide : touches" >/dev/null
tt_keys q
q_closes_help() { help_closed && tt_alive; }
tap_check "? opens the help, q closes it without quitting" q_closes_help
tt_keys F1
tt_wait_for "Aide : touches" >/dev/null
tt_keys F1
tap_check "F1 closes the help too" help_closed

tt_keys q
quit_ok() { tt_wait_exit && tt_exited_cleanly 0; }
tap_check "q quits: status 0, terminal restored" quit_ok

# fr_CA.UTF-8 is not generated on test machines: the program keeps French
# and draws the accents through C.UTF-8.
if locale -a 2>/dev/null | grep -qix 'fr_CA.utf-\?8'; then
    tap_diag "fr_CA.UTF-8 is installed here: the fallback is not exercised"
fi
no_mojibake() {
    ! tt_screen | grep -E 'Ã|M-C|\?\?' || { echo "garbled characters on the screen"; return 1; }
}
tt_start LANG=fr_CA.UTF-8 -- --db "$db"
tap_check "LANG=fr_CA.UTF-8 (no such locale), no LANGUAGE: French" \
    tt_wait_for "Aujourd'hui : 19 avril 2021"
accents_ok() { tab_bar_fr && fkey_bar_fr && no_mojibake; }
tap_check "with its accents intact (Élèves, Séances, Réglages)" accents_ok
tt_keys F3
accented_rows() { list_ok Nom Fiche École -- "$T/students" "$n_students" accents && no_mojibake; }
tap_check "and accented names in the Students list" accented_rows
tt_keys q
tap_check "q quits: status 0, terminal restored" quit_ok

tt_start LC_ALL=fr_CA.UTF-8 LANG=en_US.UTF-8 -- --db "$db"
lc_all_fr() { tt_wait_for "Aujourd'hui : 19 avril 2021" && accents_ok; }
tap_check "LC_ALL=fr_CA.UTF-8 (no such locale) wins over LANG: French, accents intact" lc_all_fr
tt_keys F10
tap_check "F10 quits: status 0, terminal restored" quit_ok
tap_done
