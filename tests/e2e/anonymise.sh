#!/bin/bash
# tutorat anonymise (Law 25), from the command line: refused without a
# terminal unless --yes, and for a year not over; on a terminal it asks to
# type the school year again (in French and English) and a wrong answer
# changes nothing; then the names are gone from the database file, the
# backup named on the screen still has them, and the sqlite3 shell still
# cannot change or delete the audit log.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 14
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
sql() { "$SQLITE3_SHELL" "$db" "$@"; }
# A guardian's e-mail and a tutor's: both people of 2020-2021 only.
email=$(sql "SELECT email FROM guardian g JOIN referral r ON r.student_id = g.student_id
             WHERE g.email IS NOT NULL ORDER BY g.id LIMIT 1")
tutor=$(sql "SELECT email FROM tutor WHERE last_name = 'Ouellet'")
anonymised() { sql "SELECT count(*) FROM student WHERE anonymised = 1"; }
in_file() { grep -qaF -- "$1" "$db" "$db-wal" 2>/dev/null; }

unchanged() { [ "$(anonymised)" = 0 ] && [ ! -d "$T/backups" ]; }
# said TEXT: the pane printed TEXT (wrapped lines joined).
said() { tt_history | grep -qF -- "$1"; }

out=$(TUTORAT_TODAY=2021-08-15 LANGUAGE=en "$TUTORAT" --db "$db" anonymise \
      --school-year 2020-2021 </dev/null 2>&1)
rc=$?
refused_no_tty() { [ "$rc" = 2 ] && grep -q "add --yes" <<<"$out" && unchanged; }
tap_check "without a terminal nor --yes: refused, exit 2, nothing changed" refused_no_tty
out=$(TUTORAT_TODAY=2021-06-20 LANGUAGE=en "$TUTORAT" --db "$db" anonymise \
      --school-year 2020-2021 --yes 2>&1)
rc=$?
refused_not_over() { [ "$rc" = 1 ] && grep -q "is not over" <<<"$out" && unchanged; }
tap_check "a year not over is refused, exit 1" refused_not_over

# On a terminal, in French: a wrong answer changes nothing.
tt_start -x 100 -y 40 LANG=C.UTF-8 LANGUAGE=fr TUTORAT_TODAY=2021-08-15 -- --db "$db" \
    --lang fr anonymise --school-year 2020-2021
tap_check "the French prompt asks to type the school year" \
    tt_wait_for "tapez l'année scolaire (2020-2021)"
announced() { said "perdront pour de bon" && said "copie de sauvegarde"; }
tap_check "and says what will go and where the backup will be" announced
tt_type "2021-2022"
tt_keys Enter
tt_wait_exit >/dev/null
wrong_answer() { [ "$(tt_exit_status)" = 1 ] && said "rien n'a été changé" && unchanged; }
tap_check "a wrong answer: exit 1, nothing changed" wrong_answer
tt_stop

# In English, the right answer.
tt_start -x 100 -y 40 LANG=C.UTF-8 LANGUAGE=en TUTORAT_TODAY=2021-08-15 -- --db "$db" \
    --lang en anonymise --school-year 2020-2021
tap_check "the English prompt" tt_wait_for "type the school year (2020-2021):"
tt_type "2020-2021"
tt_keys Enter
tt_wait_exit 30 >/dev/null
done_ok() { [ "$(tt_exit_status)" = 0 ] && said "School year 2020-2021 anonymised."; }
tap_check "the school year is anonymised, exit 0" done_ok
backup=$(tt_history | sed -n 's/^Backup taken before.*: \(\/.*\.db\)$/\1/p' | tail -1)
backup_ok() { [ -f "$backup" ] && [ "$(stat -c %a "$backup")" = 600 ]; }
tap_check "the summary names the backup, which exists, owner only" backup_ok
tt_stop
tap_check "the referred students are anonymised" test "$(anonymised)" = 60
gone() { ! in_file "$email" && ! in_file "$tutor"; }
tap_check "the e-mails are gone from the database file and its log" gone
tap_check "the backup still has them" grep -qaF -- "$email" "$backup"
refused_by_shell() { ! out=$(sql "$1" 2>&1) && grep -q audit_append_only <<<"$out"; }
tap_check "the sqlite3 shell still cannot change the audit log" \
    refused_by_shell "UPDATE audit_log SET old_value = NULL"
tap_check "nor delete from it" refused_by_shell "DELETE FROM audit_log"
sound() { "$TUTORAT" --db "$db" --lang en check | grep -q "the database is sound"; }
tap_check "the database checks sound afterwards" sound
tap_done
