#!/bin/bash
# The command line: options, commands, configuration errors, the database
# file and the rules SQLite itself enforces.
. "$(dirname "$0")/lib.sh"
tap_plan 18

out=$("$TUTORAT" --help 2>&1); rc=$?
tap_check "--help exits 0 and lists the commands" \
    test $rc -eq 0 -a -n "$(echo "$out" | grep -e check)" -a -n "$(echo "$out" | grep -e demo)"
out=$("$TUTORAT" --version); rc=$?
tap_check "--version" test $rc -eq 0 -a "${out#tutorat }" != "$out"
"$TUTORAT" --db "$T/x.db" frobnicate >/dev/null 2>&1; rc=$?
tap_check "an unknown command exits 2" test $rc -eq 2
out=$(LANGUAGE=fr "$TUTORAT" --help 2>&1)
tap_check "help in French with LANGUAGE=fr" grep -q "Utilisation" <<<"$out"

out=$("$TUTORAT" --db "$T/new.db" check 2>&1); rc=$?
tap_check "check exits 0 on a fresh database and reports the version" \
    test $rc -eq 0 -a -n "$(echo "$out" | grep -E 'Structure version: ([0-9]+) \(this program: \1\)')"

"$TUTORAT" --db "$T/demo.db" demo >/dev/null && "$TUTORAT" --db "$T/demo.db" check >/dev/null
tap_check "demo then check" test $? -eq 0

"$TUTORAT" --db "$T/newer.db" check >/dev/null
"$SQLITE3_SHELL" "$T/newer.db" 'PRAGMA user_version = 99' >/dev/null
before=$(sha256sum <"$T/newer.db")
out=$("$TUTORAT" --db "$T/newer.db" check 2>&1); rc=$?
after=$(sha256sum <"$T/newer.db")
tap_check "a newer database is refused" test $rc -ne 0 -a -n "$(echo "$out" | grep newer)"
tap_check "and left byte for byte unchanged" test "$before" = "$after"

printf '[groups]\nsize_limt = 4\n' >"$T/unknown.ini"
out=$("$TUTORAT" --config "$T/unknown.ini" --db "$T/x.db" check 2>&1); rc=$?
tap_check "an unknown key exits 2 naming the file and the key" \
    test $rc -eq 2 -a -n "$(echo "$out" | grep -F "$T/unknown.ini" | grep size_limt)"
printf '[groups]\nsize_limit = abc\n' >"$T/bad.ini"
out=$("$TUTORAT" --config "$T/bad.ini" --db "$T/x.db" check 2>&1); rc=$?
tap_check "a bad value exits 2 saying what is expected" \
    test $rc -eq 2 -a -n "$(echo "$out" | grep size_limit | grep 'whole number from 1 to 10')"
mkdir -p "$T/dir.ini"
out=$("$TUTORAT" --config "$T/dir.ini" --db "$T/x.db" check 2>&1); rc=$?
tap_check "an unreadable configuration exits 2" test $rc -eq 2 -a -n "$(echo "$out" | grep dir.ini)"
out=$(TUTORAT_CONFIG="$T/bad.ini" "$TUTORAT" --db "$T/x.db" check 2>&1); rc=$?
tap_check "TUTORAT_CONFIG is read" test $rc -eq 2

# The same error when starting the full-screen interface: plain text on a
# terminal left as it was.
tt_start LANG=C.UTF-8 LANGUAGE=en -- --config "$T/bad.ini" --db "$T/x.db"
tt_wait_exit
tap_check "a configuration error leaves the terminal clean" \
    test "$(tt_exit_status)" = 2 -a "$(tt_pane '#{alternate_on}')" = 0 \
    -a -n "$(tt_history | grep 'size_limit = "abc" is not valid; expected a whole number')"

"$TUTORAT" config --example | cmp -s - "$TOP_SRCDIR/data/tutorat.ini"
tap_check "data/tutorat.ini is what the settings table documents" test $? -eq 0

"$TUTORAT" --db "$T/rules.db" check >/dev/null
"$SQLITE3_SHELL" "$T/rules.db" 'PRAGMA foreign_keys = ON;
  INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)
  VALUES (999, 999, '"'absent'"', 0, '"'x'"');' >/dev/null 2>&1
tap_check "SQLite refuses attendance for a missing session" test $? -ne 0
"$SQLITE3_SHELL" "$T/rules.db" "PRAGMA foreign_keys = ON;
  INSERT INTO school (id, code, name) VALUES (1, 'S', 'École');
  INSERT INTO referral (student_id, school_id, referral_date, referrer_name, referrer_role,
    status_date, created_by) VALUES (999, 1, '2021-02-24', 'Mme Roy', 'teacher', '2021-02-24', 'x');" \
    >/dev/null 2>&1
tap_check "SQLite refuses a referral for a missing student" test $? -ne 0
schema=$("$SQLITE3_SHELL" "$T/rules.db" .schema)
tap_check "the schema shows its constraints" \
    test -n "$(echo "$schema" | grep CHECK)" -a -n "$(echo "$schema" | grep REFERENCES)"

# The default database: created on first use, for owner and group only.
"$TUTORAT" check >/dev/null
db="$XDG_DATA_HOME/tutorat/tutorat.db"
tap_check "the default database is 0660 in a 0750 folder" \
    test "$(stat -c %a "$db")" = 660 -a "$(stat -c %a "$(dirname "$db")")" = 750

tap_done
