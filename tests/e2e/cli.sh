#!/bin/bash
# The command line: options, commands, configuration errors, the database
# file and the rules SQLite itself enforces.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tap_plan 31

# run ARGS...: runs tutorat; sets $out (stdout and stderr) and $rc.
run() { out=$("$TUTORAT" "$@" 2>&1); rc=$?; }
# has TEXT...: every TEXT is in $out.
has() {
    local s
    for s in "$@"; do
        grep -qF -- "$s" <<<"$out" || { echo "missing \"$s\" in:"; echo "$out"; return 1; }
    done
}
status_is() { [ "$rc" = "$1" ] || { echo "exit status $rc, wanted $1"; echo "$out"; return 1; }; }
sql() { "$SQLITE3_SHELL" "$@"; }
# check_sql DESCRIPTION COMMAND...: tap_check, skipped without sqlite3.
check_sql() { if tt_have_sqlite3; then tap_check "$@"; else tap_skip "$1" "no sqlite3 shell"; fi; }

# ---- options and commands -------------------------------------------------
run --help
help_ok() { status_is 0 && grep -qE '^ +check ' <<<"$out" && grep -qE '^ +demo ' <<<"$out" &&
            has --db --config --lang; }
tap_check "--help exits 0 and lists the commands check and demo" help_ok

run --version
want_version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$TOP_BUILDDIR/config.h" 2>/dev/null)
version_ok() { status_is 0 && grep -qxE "tutorat [0-9][0-9.]*.*" <<<"$out" &&
               { [ -z "$want_version" ] || has "tutorat $want_version"; }; }
tap_check "--version exits 0 and prints \"tutorat VERSION\"" version_ok

run --db "$T/unknown.db" frobnicate
unknown_ok() { status_is 2 && has frobnicate && [ ! -e "$T/unknown.db" ]; }
tap_check "an unknown command exits 2, names it, creates no database" unknown_ok

run --frobnicate
tap_check "an unknown option exits 2" status_is 2
run --lang de --db "$T/unknown.db" check
lang_ok() { status_is 2 && has de && [ ! -e "$T/unknown.db" ]; }
tap_check "--lang de exits 2" lang_ok

out=$(LANGUAGE=fr "$TUTORAT" --help 2>&1); rc=$?
tap_check "--help in French with LANGUAGE=fr" has "Utilisation" "Commandes"

# ---- the database ------------------------------------------------------------
run --db "$T/new.db" check
check_ok() { status_is 0 && grep -qE 'Structure version: ([0-9]+) \(this program: \1\)' <<<"$out" &&
             has "$T/new.db" && [ -f "$T/new.db" ]; }
tap_check "check on a new file creates it, exits 0 and gives the structure version" check_ok

run --db "$T/demo.db" demo
tap_check "demo fills a new database" status_is 0
run --db "$T/demo.db" check
tap_check "check after demo exits 0" status_is 0
demo_content() {
    local students groups accented tutors sessions
    students=$(sql "$T/demo.db" 'SELECT count(*) FROM student')
    groups=$(sql "$T/demo.db" 'SELECT count(*) FROM tutoring_group')
    tutors=$(sql "$T/demo.db" 'SELECT count(*) FROM tutor')
    sessions=$(sql "$T/demo.db" 'SELECT count(*) FROM session')
    accented=$(sql "$T/demo.db" "SELECT count(*) FROM student WHERE last_name || first_name
                                 GLOB '*[ÀÂÇÈÉÊËÎÏÔÙÛÜàâçèéêëîïôùûü]*'")
    echo "students $students, groups $groups, tutors $tutors, sessions $sessions, accented $accented"
    [ "$students" -ge 100 ] && [ "$students" -le 200 ] && [ "$groups" -eq 10 ] &&
        [ "$tutors" -gt 0 ] && [ "$sessions" -gt 0 ] && [ "$accented" -gt 0 ]
}
check_sql "the demo has about 150 students (accented names), tutors, 10 groups, sessions" \
    demo_content

before=$(sha256sum <"$T/demo.db")
run --db "$T/demo.db" demo
after=$(sha256sum <"$T/demo.db")
demo_twice() { status_is 1 && { [ "$before" = "$after" ] || { echo "database changed"; return 1; }; }; }
tap_check "demo refuses a database that already has students, and leaves it unchanged" demo_twice

"$TUTORAT" --db "$T/newer.db" check >/dev/null
sql "$T/newer.db" 'PRAGMA user_version = 99' >/dev/null
before=$(sha256sum <"$T/newer.db")
run --db "$T/newer.db" check
after=$(sha256sum <"$T/newer.db")
newer_refused() { [ "$rc" -ne 0 ] && has "newer" "$T/newer.db" "99"; }
check_sql "check refuses a database of a newer version, saying so" newer_refused
unchanged() { [ "$before" = "$after" ] || { echo "sha256 $before became $after"; return 1; }; }
check_sql "and leaves it byte for byte unchanged" unchanged

# ---- configuration errors: a message naming the file and the key, exit 2 ------
printf '[groups]\nsize_limt = 4\n' >"$T/unknown.ini"
run --config "$T/unknown.ini" --db "$T/x.db" check
unknown_key() { status_is 2 && has "$T/unknown.ini" size_limt && [ ! -e "$T/x.db" ]; }
tap_check "an unknown key exits 2 naming the file and the key, database untouched" unknown_key

printf '[groups]\nsize_limit = abc\n' >"$T/bad.ini"
run --config "$T/bad.ini" --db "$T/x.db" check
bad_value() { status_is 2 && has "$T/bad.ini" size_limit abc "whole number"; }
tap_check "a bad value exits 2 naming the key and the expected form" bad_value

out=$(LANGUAGE=fr "$TUTORAT" --config "$T/bad.ini" --db "$T/x.db" check 2>&1); rc=$?
bad_value_fr() { status_is 2 && has "$T/bad.ini" size_limit "nombre entier"; }
tap_check "the same error in French with LANGUAGE=fr" bad_value_fr

mkdir -p "$T/dir.ini"
run --config "$T/dir.ini" --db "$T/x.db" check
unreadable_dir() { status_is 2 && has "$T/dir.ini"; }
tap_check "a folder given as configuration file exits 2 naming it" unreadable_dir

printf '[groups]\nsize_limit = 4\n' >"$T/locked.ini"
chmod 000 "$T/locked.ini"
if [ "$(id -u)" -eq 0 ] || [ -r "$T/locked.ini" ]; then
    tap_skip "an unreadable configuration file exits 2" "root reads any file"
else
    run --config "$T/locked.ini" --db "$T/x.db" check
    unreadable() { status_is 2 && has "$T/locked.ini"; }
    tap_check "an unreadable configuration file exits 2 naming it" unreadable
fi
chmod 600 "$T/locked.ini"

run --config "$T/missing.ini" --db "$T/x.db" check
missing() { status_is 2 && has "$T/missing.ini"; }
tap_check "a missing configuration file given with --config exits 2 naming it" missing

out=$(TUTORAT_CONFIG="$T/bad.ini" "$TUTORAT" --db "$T/x.db" check 2>&1); rc=$?
tutorat_config() { status_is 2 && has "$T/bad.ini"; }
tap_check "TUTORAT_CONFIG is read" tutorat_config

# The system file names the shared database (a school server's set-up);
# the user's own file and the command line still come after it.
printf '[general]\ndatabase = %s\n' "$T/shared.db" >"$TUTORAT_SYSTEM_CONFIG"
out=$("$TUTORAT" config 2>&1); rc=$?
system_db() {
    status_is 0 && has "Database in use: $T/shared.db" && has "$TUTORAT_SYSTEM_CONFIG"
}
tap_check "the system file names the shared database" system_db
out=$("$TUTORAT" --db "$T/x.db" config 2>&1); rc=$?
tap_check "--db still wins over it" has "Database in use: $T/x.db"
rm -f "$TUTORAT_SYSTEM_CONFIG"

# The same errors when starting the full-screen interface: reported before
# the screen is touched, as plain text on a terminal left as it was.
if tt_have_tmux; then
    tt_start LANG=C.UTF-8 LANGUAGE=en -- --config "$T/bad.ini" --db "$T/x.db"
    config_error_clean() {
        tt_wait_exit && tt_exited_cleanly 2 &&
            tt_history | grep -q "^tutorat: $T/bad.ini: \[groups\] size_limit = \"abc\" is not valid; expected a whole number"
    }
    tap_check "a configuration error at start: plain message, exit 2, terminal clean" \
        config_error_clean
    tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$T/newer.db"
    newer_clean() {
        tt_wait_exit && tt_exited_cleanly 1 && tt_history | grep -q "^tutorat: .*newer"
    }
    check_sql "a newer database at start: plain message, exit 1, terminal clean" newer_clean
    tt_stop
else
    tap_skip "a configuration error at start leaves the terminal clean" "no tmux"
    tap_skip "a newer database at start leaves the terminal clean" "no tmux"
fi

# ---- the documented example configuration ------------------------------------
"$TUTORAT" config --example >"$T/example.ini"; rc=$?
example_ok() { status_is 0 && cmp "$T/example.ini" "$TOP_SRCDIR/data/tutorat.ini"; }
tap_check "config --example prints data/tutorat.ini byte for byte" example_ok
run --config "$T/example.ini" --db "$T/x.db" config
tap_check "the example configuration is accepted" status_is 0

# ---- rules SQLite itself enforces --------------------------------------------
"$TUTORAT" --db "$T/rules.db" check >/dev/null
out=$(sql "$T/rules.db" "PRAGMA foreign_keys = ON;
  INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)
  VALUES (999, 999, 'absent', 0, 'x');" 2>&1); rc=$?
fk_refused() { [ "$rc" -ne 0 ] && has "FOREIGN KEY constraint failed"; }
check_sql "SQLite refuses attendance for a missing session (foreign key)" fk_refused
attendance_rows=$(sql "$T/rules.db" 'SELECT count(*) FROM attendance')
out=$(sql "$T/rules.db" "PRAGMA foreign_keys = ON;
  INSERT INTO school (id, code, name) VALUES (1, 'S', 'École');
  INSERT INTO referral (student_id, school_id, referral_date, referrer_name, referrer_role,
    status_date, created_by) VALUES (999, 1, '2021-02-24', 'Mme Roy', 'teacher', '2021-02-24', 'x');" 2>&1)
rc=$?
check_sql "SQLite refuses a referral for a missing student (foreign key)" fk_refused
nothing_stored() {
    local referrals
    referrals=$(sql "$T/rules.db" 'SELECT count(*) FROM referral')
    echo "attendance rows: $attendance_rows, referral rows: $referrals"
    [ "$attendance_rows" = 0 ] && [ "$referrals" = 0 ]
}
check_sql "and nothing was stored" nothing_stored
schema=$(sql "$T/rules.db" .schema)
schema_ok() { grep -q "CHECK (" <<<"$schema" && grep -q "REFERENCES student(id)" <<<"$schema" &&
              grep -q "REFERENCES session(id)" <<<"$schema"; }
check_sql "the schema shows CHECK and REFERENCES constraints" schema_ok

# ---- the default database: created on first use, owner and group only ------
out=$(umask 077; "$TUTORAT" check 2>&1); rc=$?
db="$XDG_DATA_HOME/tutorat/tutorat.db"
default_db() {
    status_is 0 && has "$db" || return 1
    local f d
    f=$(stat -c %a "$db") d=$(stat -c %a "$(dirname "$db")")
    echo "file $f, folder $d"
    [ "$f" = 660 ] && [ "$d" = 750 ]
}
tap_check "without --db: \$XDG_DATA_HOME/tutorat/tutorat.db, 0660 in a 0750 folder (umask 077)" \
    default_db

tap_done
