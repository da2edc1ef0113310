#!/bin/bash
# Hostile text: a name holding ESC[2J (clear the screen) and ESC]0;x BEL
# (set the window title), invalid UTF-8 and a very long name shows as
# harmless text in the Students list, the student's file, the group's page
# and the attendance sheet; the screen is not cleared, the title not set.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 8
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
q() { "$SQLITE3_SHELL" -bail "$db" "$1" || echo "Bail out! sqlite3 failed: $1"; }
# A member of the group of the oldest session to complete.
sid=$(q "SELECT id FROM session se WHERE status = 'planned' AND session_date < '2021-04-19'
         AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)
         ORDER BY session_date, start_min, id LIMIT 1")
gid=$(q "SELECT group_id FROM session WHERE id = $sid")
who=$(q "SELECT student_id FROM membership WHERE group_id = $gid AND left_on IS NULL ORDER BY student_id LIMIT 1")
q "UPDATE student SET last_name = 'Aaevil' || char(27) || '[2J' || char(27) || ']0;x' || char(7) || 'Tail',
   first_name = 'Bad' || char(27) || '[31mRed' || CAST(x'C3' AS TEXT) || substr(replace(hex(zeroblob(50)), '0', 'z'), 1, 80)
   WHERE id = $who"
pos=$(q "SELECT count(*) FROM student WHERE (last_name, first_name, id) < (SELECT last_name, first_name, id FROM student WHERE id = $who)")

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
title=$(tt_pane '#{pane_title}')
harmless() {   # the escape shows as ^[ text, the top line is still drawn, the title unchanged
    tt_screen | grep -qF 'Aaevil^[[2J^[]0;x' &&
        tt_screen | head -1 | grep -qF "${1:-Dashboard   Students}" &&
        [ "$(tt_pane '#{pane_title}')" = "$title" ]
}
tt_keys F3 Home
for _ in $(seq 1 "$pos"); do tt_keys Down; done
tap_check "the Students list shows the escapes as text" tt_poll harmless
tt_keys Enter
tap_check "so does the student's file" tt_poll harmless
tap_check "the long name is cut to the screen, not wrapped over it" \
    bash -c "[ \$(printf '%s\n' \"\$1\" | LC_ALL=C.UTF-8 wc -L) -le 80 ]" _ "$(tt_screen)"
tt_keys Escape F5 Home
gpos=$(q "SELECT count(*) FROM tutoring_group WHERE (name, id) < (SELECT name, id FROM tutoring_group WHERE id = $gid)")
for _ in $(seq 1 "$gpos"); do tt_keys Down; done
tt_keys Enter
tap_check "so does the group's page" tt_poll harmless
tt_keys Escape F6 v
tt_wait_for "Sessions to complete" >/dev/null
tt_keys Enter
tap_check "so does the attendance sheet" tt_poll harmless "Attendance: "
tt_keys Escape
tt_keys q
tt_wait_exit
tap_check "the program ended normally" tt_exited_cleanly
stored=$(q "SELECT length(last_name) FROM student WHERE id = $who")
tap_check "the name is stored as given" test "$stored" = 20
tap_check "the window title was never set" test "$(tt_pane '#{pane_title}')" = "$title"
tap_done
