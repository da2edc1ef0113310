#!/bin/bash
# Every count of the dashboard equals the length of the list it opens, in
# English and in French.
. "$(dirname "$0")/lib.sh"
tap_plan 12
db=$(tt_demo_db)

# The number at the end of the dashboard's line for a label.
count_of() {
    tt_screen | grep -F -- "$1" | head -1 |
        awk -v l="$1" '{ s = substr($0, index($0, l) + length(l)); match(s, /[0-9]+/);
                         print substr(s, RSTART, RLENGTH) }'
}
# The list's length from its position line ("3 of 12" / "3 sur 12"), 0 when empty.
list_length() {
    local line
    line=$(tt_screen | grep -E "[0-9]+ (of|sur) [0-9]+$" | tail -1)
    if [ -z "$line" ]; then echo 0; else echo "$line" | sed 's/.* \([0-9][0-9]*\)$/\1/'; fi
}

check_all() {
    local lang=$1 quit=$2 i label
    shift 2
    tt_start LANG=C.UTF-8 LANGUAGE="$lang" -- --db "$db"
    tt_wait_for "$1" >/dev/null
    i=0
    for label in "$@"; do
        tt_keys F2
        tt_wait_for "$label" >/dev/null
        want=$(count_of "$label")
        tt_keys Home
        for _ in $(seq 1 $i); do tt_keys Down; done
        tt_keys Enter
        sleep 0.4
        got=$(list_length)
        tap_check "$lang: \"$label\" $want = list of $got" test -n "$want" -a "$want" = "$got"
        tt_keys Escape
        i=$((i + 1))
    done
    tt_keys "$quit"
    tt_wait_exit
}

check_all en q "Referrals to decide" "Awaiting consent" "Consents expiring soon" \
    "Awaiting pairing" "Candidates not answered" "Sessions to complete"
check_all fr q "Références à décider" "En attente de consentement" \
    "Consentements à échéance" "En attente de jumelage" "Candidats sans réponse" \
    "Séances à compléter"
tap_done
