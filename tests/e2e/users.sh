#!/bin/bash
# Users and backups from the command line, in English and French: the
# administrator lists, adds and changes users; a login the database does
# not know is refused with what to do; a read-only user's commands that
# write are refused and change nothing; a backup copies the database.
# (Acting as another login needs root, to run as "nobody".)
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_sqlite3
tap_plan 10
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
me=$(id -un)
tut() { env LANGUAGE=en LANG=C.UTF-8 "$TUTORAT" --db "$db" "$@"; }

out=$(tut users)
tap_check "users lists the creator as administrator" \
    bash -c "printf '%s' \"\$1\" | grep -q \"^$me  *administrator\"" _ "$out"
tap_check "user add records a secretary" \
    bash -c "[ \"\$1\" = 'marie may now use the database, as secretary.' ]" _ "$(tut user add marie secretary)"
out=$(tut user role "$me" readonly 2>&1)
tap_check "the last administrator cannot step down" \
    bash -c "printf '%s' \"\$1\" | grep -q 'last active administrator'" _ "$out"
tap_check "in French too" \
    bash -c "env LANGUAGE=fr LANG=C.UTF-8 \"\$1\" --db \"\$2\" --lang fr user role \"\$3\" readonly 2>&1 | grep -q 'dernier administrateur actif'" \
    _ "$TUTORAT" "$db" "$me"
tap_check "a wrong role is a usage error" \
    bash -c "! \"\$@\" >/dev/null 2>&1" _ env LANGUAGE=en "$TUTORAT" --db "$db" user add paul boss

"$TUTORAT" --db "$db" backup "$T/copy.db" >/dev/null
tap_check "backup writes a copy that checks sound" \
    bash -c "\"\$1\" --db \"\$2\" check >/dev/null" _ "$TUTORAT" "$T/copy.db"
tap_check "the copy is readable by its owner only" test "$(stat -c %a "$T/copy.db")" = 600

if [ "$(id -u)" != 0 ] || ! command -v runuser >/dev/null; then
    tap_skip "an unknown login is refused" "needs root to act as another login"
    tap_skip "a read-only user's writes are refused" "needs root"
    tap_skip "and change nothing" "needs root"
else
    chmod 0777 "$T"
    chmod 0666 "$db" "$db"-wal "$db"-shm 2>/dev/null
    as_nobody() { runuser -u nobody -- env LANGUAGE=en LANG=C.UTF-8 HOME="$T" "$TUTORAT" --db "$db" "$@"; }
    out=$(as_nobody check 2>&1)
    tap_check "an unknown login is refused, with the command to run" \
        bash -c "printf '%s' \"\$1\" | grep -q 'tutorat user add nobody secretary'" _ "$out"
    tut user add nobody readonly >/dev/null
    before=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM tutor")
    printf 'Nom,Prénom,Courriel,Catégorie\nTest,Candidat,candidat@example.org,college\n' >"$T/c.csv"
    chmod 0644 "$T/c.csv"
    out=$(as_nobody import candidates "$T/c.csv" 2>&1)
    tap_check "a read-only user's import is refused by the role" \
        bash -c "printf '%s' \"\$1\" | grep -q 'your role (readonly) does not allow this'" _ "$out"
    tap_check "and changes nothing" test "$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM tutor")" = "$before"
fi
tap_done
