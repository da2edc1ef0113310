#!/bin/bash
# Several users at once: ten processes each add 1,000 records to one
# database through the data layer.  All 10,000 must be there, and none of
# them may have been refused with "database is locked" (writers wait their
# turn within the busy timeout).
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/../e2e/lib.sh"
tt_need_sqlite3
tap_plan 3
WRITER=$TOP_BUILDDIR/tests/stress/writer
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
pids=()
for i in $(seq 1 10); do
    "$WRITER" "$db" 1000 "w$i" >"$T/w$i.out" 2>"$T/w$i.err" &
    pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
[ "$failed" = 0 ] || tap_diag "$(cat "$T"/w*.err | head -20)"
tap_check "the ten writers all finished without an error" test "$failed" = 0
stored=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM progress_note WHERE body GLOB 'w[0-9]* [0-9]*'")
tap_check "all 10,000 records are stored (got $stored)" test "$stored" = 10000
tap_check "nobody was told the database was locked" bash -c "! cat '$T'/w*.err | grep -qi 'locked\|busy'"
tap_done
