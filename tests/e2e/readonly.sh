#!/bin/bash
# Acceptance 3 of issue 7 through the screens: a read-only user, on the
# demo database, visits every screen and sub-screen (student's file,
# tutor's file, group's page, attendance sheet, the Settings views) and
# presses every key that writes there.  Each one is refused at once, with
# the reason, before any form opens; letters typed in a search are still
# text; and at the end the database holds exactly what it held (its dump,
# without the access log, which records what was viewed).  In English,
# then in French with no English on the screen.
#
# The read-only user is this test's own login: another administrator is
# named first, then this login is made read-only (no root needed).
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 36
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
me=$(id -un)
q() { "$SQLITE3_SHELL" "$db" "$1"; }

# An incident in the register, so that its view has a row to open.
q "INSERT INTO privacy_incident (information, circumstances, discovered_on, recorded_by)
   VALUES ('Liste de parents', 'Oubliée à la photocopieuse', '2021-04-12', 'chef')"
"$TUTORAT" --db "$db" user add chef admin >/dev/null &&
    "$TUTORAT" --db "$db" user role "$me" readonly >/dev/null ||
    { echo "Bail out! cannot make $me read-only"; exit 1; }

# What a screen may change, as one text: the whole database but the log
# of what was viewed.
content() { "$SQLITE3_SHELL" "$db" .dump | grep -v '^INSERT INTO access_log'; }
before=$(content)

# The records the sub-screens open.
number=$(q "SELECT s.local_number FROM student s JOIN referral r ON r.student_id = s.id
            WHERE r.status = 'active' ORDER BY s.id LIMIT 1")
tutor=$(q "SELECT t.last_name FROM tutor t JOIN tutoring_group g ON g.tutor_id = t.id
           ORDER BY g.id LIMIT 1")
group=$(q "SELECT name FROM tutoring_group WHERE status = 'active' ORDER BY id LIMIT 1")
[ -n "$number" ] && [ -n "$tutor" ] && [ -n "$group" ] ||
    { echo "Bail out! the demo lacks an active referral, a group or its tutor"; exit 1; }

# The screen shows no form or prompt: those blank the whole content area,
# second line included, when they open.
no_form() { [ -n "$(tt_screen | sed -n 2p | tr -d ' ')" ]; }

# refused_keys BOUNCE KEY...: each key, pressed alone, is refused with the
# reason and opens nothing; BOUNCE (keys that leave and come back to the
# same place) clears the message before the next one.  Prints the keys
# that were not refused.
refused_keys() {
    local bounce=$1 k bad=
    shift
    for k in "$@"; do
        tt_keys "$k"
        if ! tt_wait_for "$RO" 3 >/dev/null 2>&1 || ! no_form; then
            bad="$bad $k"
            # Whatever opened, leave it without saving.
            tt_keys Escape
            sleep 0.3
            tt_screen_has "$RO" || tt_keys Escape
        fi
        # shellcheck disable=SC2086
        tt_keys $bounce
        tt_wait_gone "$RO" 3 >/dev/null 2>&1 || bad="$bad (message stays after $k)"
    done
    [ -z "$bad" ] || { echo "not refused:$bad"; return 1; }
}

# The whole tour, in the language the program was started in.  $1: the
# language's words for checks that are not the refusal.
tour() {
    local lang=$1
    # Students: the list, then one student's file.
    tt_keys F3
    tt_keys /
    tt_type "$number"
    tt_keys Enter
    tt_wait_for "$number" >/dev/null
    tap_check "$lang: Students list, n r i Space refused" refused_keys "F2 F3" n r i Space
    tt_keys Enter
    sleep 0.5
    tap_check "$lang: student's file, c w t p o r E refused" \
        refused_keys "F2 F3" c w t p o r E
    tt_keys Escape x
    # A search still takes letters that are commands elsewhere.
    tt_keys /
    tt_type "nat"
    tap_check "$lang: a search takes n, a, t as text" \
        bash -c "printf '%s' \"\$1\" | grep -q ' nat' && ! printf '%s' \"\$1\" | grep -qF \"\$2\"" _ \
        "$(sleep 0.5; tt_screen)" "$RO"
    tt_keys Escape
    # Tutors: the list, the candidates not answered, one tutor's file.
    tt_keys F4
    sleep 0.3
    tap_check "$lang: Tutors list, n i a refused" refused_keys "F2 F4" n i a
    tt_keys v
    sleep 0.3
    tap_check "$lang: candidates not answered, Space a refused" refused_keys "F2 F4" Space a
    tt_keys Escape /
    tt_type "$tutor"
    tt_keys Enter
    tt_wait_for "$tutor" >/dev/null
    tt_keys Enter
    sleep 0.5
    tap_check "$lang: tutor's file, t a K m refused" refused_keys "F2 F4" t a K m
    tt_keys Escape
    # Groups: the list, then one group's page.
    tt_keys F5 /
    sleep 0.3
    tt_type "$group"
    tt_keys Enter
    tt_wait_for "$group" >/dev/null
    tap_check "$lang: Groups list, n refused" refused_keys "F2 F5" n
    tt_keys Enter
    sleep 0.5
    tap_check "$lang: group's page, + - d u n refused" refused_keys "F2 F5" + - d u n
    tt_keys Escape x
    # Sessions: the attendance sheet of the oldest session to complete.
    tt_keys F6 v
    sleep 0.5
    tt_keys Enter
    sleep 0.5
    tap_check "$lang: attendance sheet, Space digits Backspace u C Enter refused" \
        refused_keys "Escape Enter" Space 5 BSpace u C Enter
    # Out of the sheet (y: leave without saving, if it asks).
    tt_keys Escape
    sleep 0.3
    tt_keys y
    # Reports: the payroll is personal data and closes periods.
    tt_keys F7
    sleep 0.5
    tap_check "$lang: Reports, P (payroll) refused" refused_keys "F2 F7" P
    # Settings: the schools, the school calendar, the users, the incident
    # register.
    tt_keys F8 v
    sleep 0.3
    tap_check "$lang: schools, n E refused" refused_keys "F2 F8" n E
    tt_keys v
    sleep 0.3
    tap_check "$lang: school calendar, n Del refused" refused_keys "F2 F8" n DC
    tt_keys v
    sleep 0.3
    tap_check "$lang: users, n t refused" refused_keys "F2 F8" n t
    tt_keys Enter
    tap_check "$lang: users, Enter is refused by the data layer" tt_wait_for "$USERS_NO"
    tt_keys v
    sleep 0.3
    tap_check "$lang: privacy incidents, n refused" refused_keys "F2 F8" n
    tt_keys Enter
    tap_check "$lang: an incident opens to be read, not changed" \
        tt_wait_for "Oubliée à la photocopieuse"
    tt_keys Escape Escape
}

# ---- English ----------------------------------------------------------------
RO="Your role (read-only) does not allow changes; ask an administrator."
USERS_NO="Only an administrator adds users or changes their role or access"
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
tour EN
tt_keys q
tt_wait_exit
tap_check "EN: the database holds exactly what it held" test "$(content)" = "$before"

# ---- French -----------------------------------------------------------------
# (Its beginning: the whole may take two lines.)
RO="Votre rôle (consultation) ne permet aucun"
USERS_NO="Seul un administrateur ajoute des utilisateurs ou change leur rôle"
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
tour FR
tap_check "FR: the refusal in French, no English" \
    bash -c "printf '%s' \"\$1\" | grep -q 'administrateur' &&
             ! printf '%s' \"\$1\" | grep -E 'Your role|does not allow|ask an administrator|read-only'" _ \
    "$(tt_keys F3 n; tt_wait_for "$RO" >/dev/null; tt_screen)"
tt_keys q
tt_wait_exit
tap_check "FR: the database holds exactly what it held" test "$(content)" = "$before"
tap_check "what was viewed was logged" \
    test "$(q "SELECT count(*) FROM access_log WHERE login = '$me'")" -gt 0
tap_done
