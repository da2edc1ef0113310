#!/bin/bash
# The manuals and the example configuration list every setting and every
# action that the program's own tables define.
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TUTORAT:=$TOP_SRCDIR/src/tutorat}"
echo "1..3"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
unset TUTORAT_CONFIG
n=0
for page in "$TOP_SRCDIR/man/tutorat.1" "$TOP_SRCDIR/man/fr/tutorat.1"; do
    n=$((n + 1))
    missing=
    while read -r section key _; do
        section=${section#[}
        section=${section%]}
        grep -q "\[$section\] $key\|$key\b" "$page" || missing="$missing [$section]$key"
    done < <("$TUTORAT" --db "$T/x.db" config | grep '^\[')
    while read -r action _; do
        grep -qw -- "$action" "$page" || missing="$missing $action"
    done < <("$TUTORAT" keys)
    if [ -z "$missing" ]; then
        echo "ok $n - $(basename "$(dirname "$page")")/$(basename "$page") documents every setting and action"
    else
        echo "not ok $n - ${page#"$TOP_SRCDIR"/} lacks:$missing"
    fi
done
if "$TUTORAT" config --example | cmp -s - "$TOP_SRCDIR/data/tutorat.ini"; then
    echo "ok 3 - data/tutorat.ini is the documented example"
else
    echo "not ok 3 - data/tutorat.ini differs from tutorat config --example"
fi
