#!/bin/bash
# Crash safety: 200 times, a writer is killed with SIGKILL at a random
# moment; after each, "tutorat check" must pass and every record the
# writer reported as saved must be in the database.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/../e2e/lib.sh"
tt_need_sqlite3
RUNS=${TUTORAT_CRASH_RUNS:-200}
tap_plan 2
WRITER=$TOP_BUILDDIR/tests/stress/writer
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
bad_check=0
lost=0
for run in $(seq 1 "$RUNS"); do
    # Emptied here, not by the child's redirection: a child killed before
    # it gets that far would leave the previous run's lines behind.
    : >"$T/out"
    "$WRITER" "$db" 100000 "k$run" >>"$T/out" 2>/dev/null &
    pid=$!
    # 0 to 79 ms: sometimes before the first write, mostly in the middle of one.
    sleep "0.0$(( RANDOM % 8 ))$(( RANDOM % 10 ))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    "$TUTORAT" --db "$db" check >"$T/check" 2>&1 || { bad_check=$((bad_check + 1)); cat "$T/check" >&2; }
    reported=$(wc -l <"$T/out")
    if [ "$reported" -gt 0 ]; then
        last=$(tail -n 1 "$T/out")
        have=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM progress_note WHERE body = '$last'")
        count=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM progress_note WHERE body GLOB 'k$run *'")
        # Every reported record is there; at most one more (committed, not yet printed).
        if [ "$have" != 1 ] || [ "$count" -lt "$reported" ] || [ "$count" -gt $((reported + 1)) ]; then
            lost=$((lost + 1))
            echo "run $run: reported $reported, stored $count, last '$last' found $have" >&2
        fi
    fi
done
tap_check "tutorat check passed after each of $RUNS kills" test "$bad_check" = 0
tap_check "every write reported as saved survived each kill" test "$lost" = 0
tap_done
