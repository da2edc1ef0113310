#!/bin/bash
# The full-screen shell in English: every screen on the demo database with
# its columns and real rows, moving in a list, the help, an empty database,
# NO_COLOR, and --lang overriding the environment.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 34
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

line() { tt_screen | sed -n "${1}p"; }
fkey_bar() { tt_screen | tail -n 1; }
has_all() {
    local s text=$1
    shift
    for s in "$@"; do
        grep -qF -- "$s" <<<"$text" || { echo "missing \"$s\" in: $text"; return 1; }
    done
}
# list_ok HEADER_WORDS... -- NAMES_FILE COUNT: the column headers, at least 8
# rows that are real records, and the position line "1 of COUNT".
list_shows() {
    local words=() file count screen rows
    while [ "$1" != -- ]; do words+=("$1"); shift; done
    file=$2 count=$3
    screen=$(tt_screen)
    grep -q " 1 of $count\$" <<<"$screen" || { echo "no \"1 of $count\""; return 1; }
    has_all "$(sed -n 2p <<<"$screen")" "${words[@]}" || return 1
    rows=$(sed -n '3,$p' <<<"$screen" | grep -cFf "$file")
    [ "$rows" -ge 8 ] || { echo "only $rows rows naming a record"; return 1; }
}
list_ok() { tt_poll list_shows "$@"; }
# position TEXT: the list's position line reads TEXT ("3 of 150").
at_position() { tt_screen | grep -q " $1\$" || { echo "position: $(tt_screen | grep -E ' of [0-9]+$')"; return 1; }; }
position() { tt_poll at_position "$1"; }
tab_bar_en() {
    line 1 | grep -qF "Dashboard   Students   Tutors   Groups   Sessions   Reports   Settings" ||
        { echo "tab bar: $(line 1)"; return 1; }
}
fkey_bar_en() {
    fkey_bar | grep -qE '^F1Help ?F2Home ?F3Students ?F4Tutors ?F5Groups ?F6Sessions ?F7Reports ?F8Setup ?F10Quit' ||
        { echo "F-key bar: $(fkey_bar)"; return 1; }
}
quit_ok() { tt_wait_exit && tt_exited_cleanly 0; }

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tap_check "the dashboard opens in English at the frozen date" tt_wait_for "Today: April 19, 2021"
tap_check "the tab bar has the seven English titles" tab_bar_en
tap_check "the F-key bar is English, F1 to F10" fkey_bar_en
no_french() { ! tt_screen | grep -E 'Tableau|Élèves|Tuteurs|Séances|Rapports|Réglages|Aide|Quitter'; }
tap_check "no French on the English screen" no_french
dashboard_en() {
    has_all "$(tt_screen)" "To do (Enter opens the list)" "Referrals to decide" \
        "This week (last week)" "Budget of measure 15021" "Session-hours, last 12 weeks"
}
tap_check "Dashboard: its sections" dashboard_en

tt_keys F3
tap_check "F3 Students: columns, real rows, 1 of $n_students" \
    list_ok Name Level Referral Consent -- "$T/students" "$n_students"
tt_keys j
tap_check "j moves down" position "2 of $n_students"
tt_keys Down Down
tap_check "Down moves down" position "4 of $n_students"
tt_keys Up
tap_check "Up moves up" position "3 of $n_students"
tt_keys k
tap_check "k moves up" position "2 of $n_students"
tt_keys G
tap_check "G goes to the last row" position "$n_students of $n_students"
tt_keys g
tap_check "g goes to the first row" position "1 of $n_students"
tt_keys End
end_home() { position "$n_students of $n_students" && tt_keys Home && position "1 of $n_students"; }
tap_check "End and Home" end_home
tt_keys PageDown
paged_down() {
    tt_screen | grep -qE " ([2-9]|[1-9][0-9]+) of $n_students\$" ||
        { echo "position: $(tt_screen | grep -E ' of [0-9]+$')"; return 1; }
}
page_keys() { tt_poll paged_down && tt_keys PageUp && position "1 of $n_students"; }
tap_check "PgDn moves a page down, PgUp back" page_keys
by_local_asc=$(q "SELECT last_name || ', ' || first_name FROM student ORDER BY local_number LIMIT 1")
by_local_desc=$(q "SELECT last_name || ', ' || first_name FROM student ORDER BY local_number DESC LIMIT 1")
sorted_by_local() {
    local want=$1 mark=$2
    line 2 | grep -q "^Name  " || { echo "header: $(line 2)"; return 1; }
    line 2 | grep -qF "$mark" || { echo "header: $(line 2)"; return 1; }
    line 3 | grep -qF "$want" || { echo "first row: $(line 3), wanted $want"; return 1; }
}
tt_keys s
tap_check "s sorts by the next column (local number)" tt_poll sorted_by_local "$by_local_asc" "▲"
tt_keys S
tap_check "S reverses the order" tt_poll sorted_by_local "$by_local_desc" "▼"

tt_keys F4
tap_check "F4 Tutors: columns, real rows, 1 of $n_tutors" \
    list_ok Name Category Source Status Applied -- "$T/tutors" "$n_tutors"
tt_keys F5
tap_check "F5 Groups: columns, real rows, 1 of $n_groups" \
    list_ok Group Tutor Subject Modality Status -- "$T/groups" "$n_groups"
tt_keys F6
tap_check "F6 Sessions: columns, real rows, 1 of $n_sessions" \
    list_ok Date Time Group Tutor Length -- "$T/sessions" "$n_sessions"
tt_keys F7
reports_en() {
    tt_wait_for "Weekly report, week of April 12, 2021 (2021-W15)" &&
        has_all "$(tt_screen)" "Table 1: candidates and staff" "Retirees" \
            "Table 2: students served and hours of tutoring" "Total"
}
tap_check "F7 Reports: the weekly report of the last complete week" reports_en
tt_keys F8
settings_en() {
    tt_wait_for "Origin" && has_all "$(tt_screen)" "Database: $db" "Setting" "Value" "default" \
        "[groups] size_limit"
}
tap_check "F8 Settings: headers and every setting" settings_en
tt_keys Tab
tab_keys() {
    tt_wait_for "Today: April 19, 2021" || return 1
    tt_keys BTab
    tt_wait_for "Database: $db" || return 1
    tt_keys BTab
    tt_wait_for "Weekly report, week of"
}
tap_check "Tab and BTab move through the screens, wrapping around" tab_keys

tt_keys '?'
help_en() {
    tt_wait_for "Help: keys (Esc, q or F1 closes)" &&
        has_all "$(tt_screen)" "Show this help" "Students and their referrals" "Move up" "Quit"
}
tap_check "?: the help lists the keys" help_en
tt_keys Escape
help_closed() { tt_wait_gone "Help: keys" && tt_wait_for "Weekly report" && tab_bar_en && tt_alive; }
tap_check "Esc closes the help" help_closed
tt_keys F10
tap_check "F10 quits: status 0, terminal restored" quit_ok

# A database that does not exist yet: created, every list empty, no crash.
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$T/empty.db"
empty_dashboard() { tt_wait_for "Today: April 19, 2021" && tt_screen | grep -qE "Referrals to decide +0"; }
tap_check "an empty database: the dashboard counts zero" empty_dashboard
empty_lists() {
    local step key text
    for step in "F3:No student yet. Press n" "F4:No tutors or candidates match" \
                "F5:No groups yet." "F6:No sessions yet."; do
        key=${step%%:*} text=${step#*:}
        tt_keys "$key"
        tt_wait_for "$text" || return 1
        tt_screen | grep -q " no rows\$" || { echo "$key: no \"no rows\""; return 1; }
        # Moving, sorting and opening in an empty list do nothing harmful.
        tt_keys j k Down Up G g End Home PageDown PageUp s S Enter
        tt_keys Escape
        tt_wait_for "$text" && tt_alive || return 1
    done
    tt_keys F7
    tt_wait_for "Weekly report, week of" && tt_screen | grep -qE "^ Total +0 "
}
tap_check "the lists show their empty text, and survive moving, sorting, Enter" empty_lists
tt_keys F10
tap_check "F10 quits: status 0, terminal restored" quit_ok

# NO_COLOR: the same screens, with no colour at all.
sgr_colors() {
    "${TMUX_CMD[@]}" capture-pane -e -p -t t | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' |
        tr ';' '\n' | grep -cxE '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Today: April 19, 2021" >/dev/null
colors=$(sgr_colors)
tt_stop
tt_start LANG=C.UTF-8 LANGUAGE=en NO_COLOR=1 -- --db "$db"
no_color() {
    tt_wait_for "Today: April 19, 2021" && tab_bar_en && fkey_bar_en || return 1
    local n
    n=$(sgr_colors)
    echo "colour attributes: $colors by default, $n with NO_COLOR"
    [ "$colors" -gt 0 ] && [ "$n" -eq 0 ]
}
tap_check "NO_COLOR=1: the screen renders, without colours" no_color
tt_keys F3
tap_check "NO_COLOR=1: the Students list renders" \
    list_ok Name Level Referral -- "$T/students" "$n_students"
tt_keys q
tap_check "q quits: status 0, terminal restored" quit_ok

tt_start LANG=C.UTF-8 LANGUAGE=en -- --lang fr --db "$db"
lang_fr() {
    tt_wait_for "Aujourd'hui : 19 avril 2021" &&
        line 1 | grep -qF "Tableau de bord   Élèves   Tuteurs   Groupes   Séances   Rapports   Réglages"
}
tap_check "--lang fr wins over LANGUAGE=en" lang_fr
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --lang en --db "$db"
lang_en() { tt_wait_for "Today: April 19, 2021" && tab_bar_en && fkey_bar_en; }
tap_check "--lang en wins over LANGUAGE=fr" lang_en
tt_keys q
tap_check "q quits: status 0, terminal restored" quit_ok
tap_done
