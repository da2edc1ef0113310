#!/bin/bash
# Groups and attendance, in English then French: a group created from the
# Groups screen, five students added and a sixth refused with the reason, a
# student leaving with the history kept; a session to complete entered in
# two keys; a member whose consent was withdrawn the day before cannot be
# marked present.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 17
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
q() { "$SQLITE3_SHELL" "$db" "$1"; }

# Six students in no group at all, by local number.
mapfile -t free < <(q "SELECT local_number FROM student WHERE id NOT IN
    (SELECT student_id FROM membership) ORDER BY local_number LIMIT 12")
[ "${#free[@]}" -ge 12 ] || { echo "Bail out! the demo has fewer than 12 students without a group"; exit 1; }

# add_student NUMBER: "+", the number, Enter on the prompt, F2 in the form.
add_student() {
    tt_keys +
    tt_wait_for "$1" >/dev/null 2>&1 || true
    tt_type "$1"
    tt_keys Enter
    sleep 0.3
    tt_keys F2
}

make_group() {   # name, words for "Student added", word for "full"
    tt_keys F5
    tt_keys n
    tt_type "$1"
    tt_keys F2
    tt_wait_for "$1" >/dev/null
    local i
    for i in 0 1 2 3 4; do
        add_student "${free[$((offset + i))]}"
        tt_wait_for "$2" >/dev/null
    done
}

# ---- English ----------------------------------------------------------------
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
offset=0
make_group "Math club" "Student added"
members=$(q "SELECT count(*) FROM membership m JOIN tutoring_group g ON g.id = m.group_id
             WHERE g.name = 'Math club' AND m.left_on IS NULL")
tap_check "a group created from the screen holds five students" test "$members" = 5
add_student "${free[5]}"
tap_check "the sixth is refused with the reason" tt_wait_for "the group is full (5 of 5"
tt_keys Escape
tap_check "and is not added" test "$(q "SELECT count(*) FROM membership m JOIN tutoring_group g
    ON g.id = m.group_id WHERE g.name = 'Math club'")" = 5
tt_keys -
tt_wait_for "A student leaves the group" >/dev/null
tt_keys Down Down
tt_type "moved away"
tt_keys F2
tt_wait_for "Membership ended" >/dev/null
tap_check "the page names the tutor, the schedule and the members" \
    tt_wait_for "Every week: Tuesday 15:30-16:30"
tt_keys End
tap_check "a student leaves, dated, with the reason in the history" \
    tt_wait_for "2021-04-19  left    "
tap_check "the joins stay in the history" tt_wait_for "2021-04-19  joined  "
left=$(q "SELECT left_on || leave_reason FROM membership m JOIN tutoring_group g ON g.id = m.group_id
          WHERE g.name = 'Math club' AND m.left_on IS NOT NULL")
tap_check "the membership is ended, not deleted" test "$left" = "2021-04-19moved away"
tt_keys Escape

# The Groups list narrows by words of the name (or the tutor's), x clears.
tt_keys F5 /
tt_type "Math club"
tt_keys Enter
tap_check "search shows the group and hides the others" \
    bash -c "tt() { \"\$@\"; }; printf '%s' \"\$1\" | grep -q 'Math club' && ! printf '%s' \"\$1\" | grep -q 'Anglais'" _ "$(tt_wait_for 'Search: Math club' >/dev/null; tt_screen)"
tt_keys x
tap_check "x brings every group back" tt_wait_for "Anglais"

# The oldest session to complete, every member present: Enter, Enter.
sid=$(q "SELECT id FROM session se WHERE status = 'planned' AND session_date < '2021-04-19'
         AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)
         ORDER BY session_date, start_min, id LIMIT 1")
expected=$(q "SELECT count(*) FROM membership m JOIN session s ON s.group_id = m.group_id
              WHERE s.id = $sid AND m.joined_on <= s.session_date
              AND (m.left_on IS NULL OR m.left_on >= s.session_date)")
tt_keys F6 v
tt_wait_for "Sessions to complete" >/dev/null
presses=0
for k in Enter Enter; do
    tt_keys "$k"
    presses=$((presses + 1))
    sleep 0.3
done
tap_check "a held session with $expected members takes $presses keys (at most 6)" \
    tt_wait_for "Session saved: $expected students present."
present=$(q "SELECT count(*) FROM attendance WHERE session_id = $sid AND status = 'present'")
held=$(q "SELECT status || actual_minutes FROM session WHERE id = $sid")
tap_check "all $expected are present and the session is held" \
    test "$present" = "$expected" -a "${held%%[0-9]*}" = held -a "$presses" -le 6
tt_keys q
tt_wait_exit

# ---- French, and the consent withdrawn the day before ----------------------------
sid=$(q "SELECT id FROM session se WHERE status = 'planned' AND session_date < '2021-04-19'
         AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)
         ORDER BY session_date, start_min, id LIMIT 1")
who=$(q "SELECT m.student_id FROM membership m JOIN session s ON s.group_id = m.group_id
         WHERE s.id = $sid AND m.left_on IS NULL ORDER BY m.student_id LIMIT 1")
q "UPDATE consent SET status = 'withdrawn', withdrawn_on = (SELECT date(session_date, '-1 day')
   FROM session WHERE id = $sid) WHERE student_id = $who AND purpose = 'tutoring'
   AND status = 'given'"
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
tt_keys F6 v
tt_wait_for "Séances à compléter" >/dev/null
tt_keys Enter
tap_check "the sheet greys the member with the reason" tt_wait_for "a été retiré le 2021-04-1"
line=$(q "SELECT count(*) FROM membership m JOIN student st ON st.id = m.student_id
          JOIN session s ON s.group_id = m.group_id WHERE s.id = $sid AND m.left_on IS NULL
          AND (st.last_name, st.first_name, st.id) < (SELECT last_name, first_name, id
          FROM student WHERE id = $who)")
for _ in $(seq 0 "$line"); do tt_keys Down; done
tt_keys Space Space
tap_check "Space cannot mark her or him present: refused with the reason" \
    tt_wait_for "ne peut pas être marqué(e) présent(e)"
tt_keys Enter
tap_check "the session is saved without that member present (in French)" \
    tt_wait_for "Séance enregistrée"
absent=$(q "SELECT status FROM attendance WHERE session_id = $sid AND student_id = $who")
tap_check "stored as not present" test "$absent" != present -a -n "$absent"
tt_keys F5 Enter
tap_check "the group page in French" tt_wait_for "Historique des participations"
tap_check "no English on the French group page" \
    bash -c "! printf '%s' \"\$1\" | grep -E 'Members|Tutor:|Every week|Warning|joined|Esc: back'" _ "$(tt_screen)"
tt_keys Escape q
tt_wait_exit
tap_done
