#!/bin/bash
# The French catalogue is complete: no untranslated or fuzzy message, and
# every message of the sources is in it.
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${MSGFMT:=msgfmt}" "${XGETTEXT:=xgettext}"
echo "1..3"
po="$TOP_SRCDIR/po/fr.po"
stats=$(LC_ALL=C "$MSGFMT" --statistics -o /dev/null "$po" 2>&1)
if echo "$stats" | grep -qE 'untranslated|fuzzy' || ! echo "$stats" | grep -q translated; then
    echo "not ok 1 - fr.po is complete: $stats"
else
    echo "ok 1 - fr.po is complete: $stats"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$TOP_SRCDIR" && "$XGETTEXT" --from-code=UTF-8 --keyword=_ --keyword=N_ --language=C \
    -o "$tmp/tutorat.pot" $(cat po/POTFILES.in)) 2>"$tmp/err"
if msgcmp "$po" "$tmp/tutorat.pot" >"$tmp/cmp" 2>&1; then
    echo "ok 2 - every message of the sources is in fr.po"
else
    echo "not ok 2 - every message of the sources is in fr.po"
    sed 's/^/# /' "$tmp/cmp" | head -40
fi
missing=
for f in "$TOP_SRCDIR"/src/*.c; do
    rel=${f#"$TOP_SRCDIR"/}
    if grep -qE '\b_\(|N_\(' "$f" && ! grep -qx "$rel" "$TOP_SRCDIR/po/POTFILES.in"; then
        missing="$missing $rel"
    fi
done
if [ -z "$missing" ]; then
    echo "ok 3 - po/POTFILES.in lists every translated source"
else
    echo "not ok 3 - po/POTFILES.in lacks:$missing"
fi
