#!/bin/bash
# The French catalogue is complete: no untranslated or fuzzy message, valid
# format strings, every message of the sources in it, and po/POTFILES.in
# listing every source file that marks messages.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${MSGFMT:=msgfmt}"
: "${XGETTEXT:=xgettext}"
# msgcmp comes with msgfmt.
MSGCMP=msgcmp
case $MSGFMT in
    */*) [ -x "${MSGFMT%/*}/msgcmp" ] && MSGCMP="${MSGFMT%/*}/msgcmp" ;;
esac
po="$TOP_SRCDIR/po/fr.po"
potfiles="$TOP_SRCDIR/po/POTFILES.in"

for tool in "$MSGFMT" "$XGETTEXT" "$MSGCMP"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool is not installed"
        exit 0
    fi
done
echo "1..5"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    [ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/# /' | head -60
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tutorat-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 1. Nothing untranslated, nothing fuzzy.
stats=$(LC_ALL=C "$MSGFMT" --statistics -o /dev/null "$po" 2>&1)
if echo "$stats" | grep -qE 'untranslated|fuzzy' || ! echo "$stats" | grep -q 'translated message'; then
    not_ok "fr.po has no untranslated or fuzzy message" "$stats" \
        "$(LC_ALL=C "${MSGFMT%msgfmt}msgattrib" --only-fuzzy "$po" 2>/dev/null | grep '^msgid' | grep -v '^msgid ""$' | head -20)"
else
    ok "fr.po has no untranslated or fuzzy message ($stats)"
fi

# 2. The format strings of the translations match the originals (a wrong
# %s or %ld would crash the program in French only).
if out=$(LC_ALL=C "$MSGFMT" -c -o /dev/null "$po" 2>&1); then
    ok "fr.po passes msgfmt -c (format strings, header)"
else
    not_ok "fr.po passes msgfmt -c (format strings, header)" "$out"
fi

# 3. Every file of POTFILES.in exists.
missing=
while read -r f; do
    case $f in ''|'#'*) continue ;; esac
    [ -f "$TOP_SRCDIR/$f" ] || missing="$missing $f"
done <"$potfiles"
if [ -z "$missing" ]; then
    ok "every file of po/POTFILES.in exists"
else
    not_ok "every file of po/POTFILES.in exists" "missing:$missing"
fi

# 4. POTFILES.in lists every source file that marks a message with _("...")
# or N_("...") (the string possibly on the next line).
unlisted=
for f in "$TOP_SRCDIR"/src/*.c "$TOP_SRCDIR"/src/*.h; do
    rel=${f#"$TOP_SRCDIR"/}
    if grep -qE '(^|[^A-Za-z0-9_])N?_\([[:space:]]*("|$)' "$f" && ! grep -qxF "$rel" "$potfiles"; then
        unlisted="$unlisted $rel"
    fi
done
if [ -z "$unlisted" ]; then
    ok "po/POTFILES.in lists every source file with translatable messages"
else
    not_ok "po/POTFILES.in lists every source file with translatable messages" "not listed:$unlisted"
fi

# 5. The messages of the sources, extracted as po/Makefile does (the options
# of po/Makevars), are all in fr.po, translated.
opts=$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' "$TOP_SRCDIR/po/Makevars")
[ -n "$opts" ] || opts="--from-code=UTF-8 --keyword=_ --keyword=N_"
files=
while read -r f; do
    case $f in ''|'#'*) continue ;; esac
    [ -f "$TOP_SRCDIR/$f" ] && files="$files $f"
done <"$potfiles"
# shellcheck disable=SC2086
if ! out=$(cd "$TOP_SRCDIR" && LC_ALL=C "$XGETTEXT" --language=C $opts \
           -o "$tmp/tutorat.pot" $files 2>&1); then
    not_ok "xgettext extracts the messages of the sources" "$out"
elif [ ! -s "$tmp/tutorat.pot" ]; then
    not_ok "xgettext extracts the messages of the sources" "no message found"
else
    count=$(grep -c '^msgid ' "$tmp/tutorat.pot")
    if out=$(LC_ALL=C "$MSGCMP" "$po" "$tmp/tutorat.pot" 2>&1); then
        ok "all $((count - 1)) messages of the sources are translated in fr.po"
    else
        not_ok "all $((count - 1)) messages of the sources are translated in fr.po" "$out"
    fi
fi

# Messages of fr.po the sources no longer use are harmless: said, not failed.
if [ -s "$tmp/tutorat.pot" ] &&
   ! out=$(LC_ALL=C "$MSGCMP" --use-untranslated "$tmp/tutorat.pot" "$po" 2>&1); then
    echo "# fr.po has messages the sources no longer use:"
    echo "$out" | grep 'used but not defined' | head -20 | sed 's/^/#   /'
fi
[ "$failed" -eq 0 ]
