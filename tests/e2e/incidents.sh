#!/bin/bash
# The privacy incident register (Law 25) in Settings (F8, v four times),
# in English then French: an incident recorded through the screen, a date
# that is not one refused with a translated message and nothing written,
# the incident in the list, completed later with the notice to the
# Commission; a save over someone else's newer version is caught.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 15
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
me=$(id -un)
q() { "$SQLITE3_SHELL" "$db" "$1"; }
count() { q "SELECT count(*) FROM privacy_incident"; }

# record INFORMATION CIRCUMSTANCES OCCURRED PEOPLE: n, the first page
# (the discovery date starts as today), F2.
record() {
    tt_keys n
    tt_wait_for "$5" >/dev/null
    tt_type "$1"
    tt_keys Tab
    tt_type "$2"
    tt_keys Tab
    tt_type "$3"
    tt_keys Tab Tab
    tt_type "$4"
    tt_keys F2
}

# ---- English ----------------------------------------------------------------
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F8 v v v v
tap_check "Settings, v three times: the register, empty" \
    bash -c "printf '%s' \"\$1\" | grep -q 'Privacy incident register (Law 25)' &&
             printf '%s' \"\$1\" | grep -q 'No incident recorded.'" _ \
    "$(tt_wait_for 'Privacy incident register' >/dev/null; tt_screen)"
record "Phone numbers of 12 parents" "Printed list left at the photocopier" \
    "31/02/2021" 12 "New privacy incident"
tap_check "a date that is not one is refused, naming the field" \
    tt_wait_for 'Occurred on: "31/02/2021" is not a real date'
tap_check "and nothing is written" test "$(count)" = 0
# The cursor is on the wrong date: clear it, type a real one.
tt_keys C-u
tt_type "16/04/2021"
tt_keys F2
tap_check "the incident is recorded" tt_wait_for "Privacy incident recorded in the register."
tap_check "and listed: discovered on, information, people, notified" \
    tt_wait_for "2021-04-19  Phone numbers of 12 parents       12         not yet"
tap_check "stored with the dates in one form, by this login" \
    test "$(q "SELECT occurred_on || '|' || discovered_on || '|' || people_count || '|' || recorded_by
               FROM privacy_incident")" = "2021-04-16|2021-04-19|12|$me"
# Later: the notice to the Commission, on the second page.
tt_keys Enter
tt_wait_for "Privacy incident: page 1 of 2" >/dev/null
tt_keys PageDown Tab
tt_type "2021-04-19"
tt_keys F2
tap_check "Enter opens it; the notice is added" tt_wait_for "Privacy incident saved."
tap_check "the list says who was notified" tt_wait_for "12         Commission"
# Someone else saves the same incident while it is open here.
tt_keys Enter
tt_wait_for "Privacy incident: page 1 of 2" >/dev/null
q "UPDATE privacy_incident SET measures = 'Lists shredded', row_version = row_version + 1"
tt_keys PageDown Tab Tab Tab
tt_type "Staff reminded"
tt_keys F2
tap_check "a save over a newer version is caught, and the user chooses" \
    tt_wait_for "Someone else changed this privacy incident since you opened it."
tt_keys n
tap_check "taking the other version shows it in the form" \
    bash -c "printf '%s' \"\$1\" | grep -q 'Lists shredded'" _ \
    "$(tt_wait_for 'Their version is shown' >/dev/null; tt_screen)"
tap_check "and nothing was overwritten" \
    test "$(q "SELECT measures FROM privacy_incident")" = "Lists shredded"
tt_keys Escape q
tt_wait_exit

# ---- French -----------------------------------------------------------------
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F8 v v v v
tt_wait_for "Registre des incidents de confidentialité" >/dev/null
record "Courriel au mauvais parent" "Erreur d'adresse" "2021-04-20" "" \
    "Nouvel incident de confidentialité"
tap_check "in French: a date in the future is refused, translated" \
    tt_wait_for "Survenu le : 2021-04-20 est une date future"
fr_form=$(tt_screen)
tt_keys C-u
tt_type "hier"
tt_keys F2
tap_check "in French: a date that is not one" \
    tt_wait_for "Survenu le : « hier » n'est pas une vraie date"
tt_keys C-u
tt_type "2021-04-18"
tt_keys F2
tap_check "in French: recorded, and listed first (latest discovered)" \
    bash -c "printf '%s' \"\$1\" | grep -q 'Incident de confidentialité inscrit au registre' &&
             printf '%s' \"\$1\" | grep -q '2021-04-19  Courriel au mauvais parent        ?          pas encore'" _ \
    "$(tt_wait_for 'inscrit au registre' >/dev/null; tt_screen)"
tap_check "no English on the French register" \
    bash -c "! printf '%s' \"\$1\" | grep -E 'Privacy|Discovered|Information concerned|People|Notified|not yet|record an incident|Occurred|is not a real date|after today'" \
    _ "$fr_form$(tt_screen)"
tt_keys q
tt_wait_exit
tap_done
