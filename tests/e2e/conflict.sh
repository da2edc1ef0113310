#!/bin/bash
# Two people correcting the same referral at once, in two terminals on one
# database: the second save shows what differs, and whichever version is
# chosen, the other one can still be found (the record's history, or a
# file beside the drafts).  English, then French.
. "$(dirname "$0")/lib.sh"
tt_need_sqlite3
tap_plan 18
db=$(tt_demo_db)
student=2100001
ref_sql="SELECT referrer_name FROM referral WHERE student_id ="
ref_sql="$ref_sql (SELECT id FROM student WHERE local_number = '$student')"
referrer() { "$SQLITE3_SHELL" "$db" "$ref_sql"; }
referrer_is() { test "$(referrer)" = "$1"; }

# Both open the student's file: open_both "1 of 150" "file heading".
open_both() {
    tt_keys F3; u_keys F3
    tt_wait_for "$1" >/dev/null; u_wait_for "$1" >/dev/null
    tt_keys /; u_keys /
    tt_type "$student"; u_type "$student"
    tt_keys Enter Enter; u_keys Enter Enter
    tt_wait_for "$2" >/dev/null; u_wait_for "$2" >/dev/null
}

# ---- English ---------------------------------------------------------------
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
u_start
tt_wait_for "Referrals to decide" >/dev/null
u_wait_for "Referrals to decide" >/dev/null
open_both "1 of 150" "Holders of parental authority"
tt_keys E; u_keys E
tap_check "E opens the referral for correction (first terminal)" \
    tt_wait_for "Correcting the referral"
tap_check "and in the second terminal" u_wait_for "Correcting the referral"
tt_keys C-u; tt_type "Mme Alice Tremblay"; tt_keys F2
tap_check "the first save goes through" tt_wait_for "Referral saved for"
u_keys C-u; u_type "M. Bernard Côté"; u_keys F2
tap_check "the second save shows the conflict" u_wait_for "saved this record after you opened it"
conflict_rows() {
    u_screen | grep "Referred by" | grep -F "M. Bernard Côté" | grep -qF "Mme Alice Tremblay"
}
tap_check "the differing field with both versions side by side" conflict_rows
u_keys y
tap_check "y keeps yours" u_wait_for "Referral saved for"
tap_check "yours is recorded" test "$(referrer)" = "M. Bernard Côté"
other_in_history() {
    "$SQLITE3_SHELL" "$db" "SELECT count(*) FROM audit_log WHERE table_name = 'referral'
        AND field = 'referrer_name' AND old_value = 'Mme Alice Tremblay'
        AND new_value = 'M. Bernard Côté'" | grep -qx 1
}
tap_check "the other version stays in the audit log" other_in_history

# Second round: the second person takes the other version.
tt_keys E; u_keys E
tt_wait_for "Correcting the referral" >/dev/null; u_wait_for "Correcting the referral" >/dev/null
tt_keys C-u; tt_type "Mme Alice (2)"; tt_keys F2
tt_wait_for "Referral saved for" >/dev/null
u_keys C-u; u_type "M. Bernard (2)"; u_keys F2
u_wait_for "saved this record after you opened it" >/dev/null
u_keys o
tap_check "o takes the other version" u_wait_for "The other version is kept"
tap_check "the other version is recorded" test "$(referrer)" = "Mme Alice (2)"
yours_file() { grep -lF "M. Bernard (2)" "$XDG_STATE_HOME"/tutorat/drafts/*yours*.txt; }
tap_check "yours is kept whole in a file beside the drafts" yours_file

# Third round: Esc goes back to the form, nothing saved, nothing lost.
tt_keys E; u_keys E
tt_wait_for "Correcting the referral" >/dev/null; u_wait_for "Correcting the referral" >/dev/null
tt_keys C-u; tt_type "Mme Alice (3)"; tt_keys F2
tt_wait_for "Referral saved for" >/dev/null
u_keys C-u; u_type "M. Bernard (3)"; u_keys F2
u_wait_for "saved this record after you opened it" >/dev/null
u_keys Escape
tap_check "Esc goes back to the form unsaved" u_wait_for "Not saved: the other version"
tap_check "with what was typed still there" u_wait_for "M. Bernard (3)"
tap_check "and the database unchanged" test "$(referrer)" = "Mme Alice (3)"
u_keys F2
u_wait_for "saved this record after you opened it" >/dev/null
u_keys y
tap_check "F2 again, then y, saves it" tt_poll referrer_is "M. Bernard (3)"
tt_stop

# ---- French ----------------------------------------------------------------
tt_start LANG=fr_CA.UTF-8 LANGUAGE=fr -- --db "$db"
u_start
tt_wait_for "Références à décider" >/dev/null
u_wait_for "Références à décider" >/dev/null
open_both "1 sur 150" "Titulaires de l'autorité parentale"
tt_keys E; u_keys E
tt_wait_for "Correction de la référence" >/dev/null
u_wait_for "Correction de la référence" >/dev/null
tt_keys C-u; tt_type "Mme Alice (fr)"; tt_keys F2
tt_wait_for "Référence enregistrée" >/dev/null
u_keys C-u; u_type "M. Bernard (fr)"; u_keys F2
tap_check "French: the conflict is shown in French" \
    u_wait_for "a enregistré cette fiche après que vous"
french_only() {
    ! u_screen | grep -E "Yours|Saved meanwhile|keep yours|take the other|Field "
}
tap_check "French: no English on the conflict screen" french_only
u_keys v
tap_check "French: v keeps yours" tt_poll referrer_is "M. Bernard (fr)"
tap_done
