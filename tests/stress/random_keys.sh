#!/bin/bash
# 20,000 random keystrokes (and now and then a resize) to the real program
# on the demo database; no crash, no sanitizer report, a clean end on
# SIGTERM.  TUTORAT_RANDOM_KEYS and TUTORAT_RANDOM_SEED change the count and
# the seed, to run it longer or replay a failure.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/../e2e/lib.sh"
tap_plan 1
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
keys=${TUTORAT_RANDOM_KEYS:-20000}
seed=${TUTORAT_RANDOM_SEED:-20210419}
cd "$T" || exit 1
tap_check "$keys random keys (seed $seed) without a crash" \
    env HOME="$T" LANG=C.UTF-8 "$TOP_BUILDDIR/tests/stress/monkey" "$TUTORAT" "$db" "$keys" "$seed"
tap_done
