#!/bin/bash
# The referral form in English: messages, a duplicate student, Esc asking
# before discarding, and the student's file with a consent.
. "$(dirname "$0")/lib.sh"
tap_plan 10
db=$(tt_demo_db)

cursor_line() { tt_screen | sed -n "$(( $(tt_pane '#{cursor_y}') + 1 ))p"; }

tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db"
tt_wait_for "Referrals to decide" >/dev/null
tt_keys F3
tt_wait_for " of 150" >/dev/null
tt_keys n
tap_check "n opens the referral form in English" tt_wait_for "Referral: page 1 of 4, student"
tt_keys Space Enter Tab
tt_type "Zzyzx"; tt_keys Tab
tt_type "Zoé"; tt_keys Tab
# The local number of the first demo student: a duplicate.
tt_type "2100001"; tt_keys Tab Tab
tt_type "2013-02-31"
tt_keys F2
tap_check "an impossible ISO date is refused in English" tt_wait_for '"2013-02-31" is not a real date'
tt_keys C-u
tt_type "2013-02-24"
tt_keys Tab
tt_type "G"
tt_keys PageDown PageDown
tt_keys Tab
tt_type "Mr. Roy"
tt_keys Tab Tab Tab Space
tt_keys F2
tap_check "an existing local number shows the existing student" tt_wait_for "seems to exist already"
tt_keys n
tap_check "declining keeps the form, naming the student" tt_wait_for "Same student as"
cursor_on_local_number() { cursor_line | grep -q 2100001; }
tap_check "the cursor is on the local number" cursor_on_local_number
tt_keys Escape
tap_check "Esc on a changed form asks first" tt_wait_for "Discard what was typed"
tt_keys y
tap_check "and discards on yes" tt_wait_for "Referral discarded."

# The student's file, and a consent recorded there.
tt_keys Home Enter
tap_check "Enter opens the student's file" tt_wait_for "Holders of parental authority"
tt_keys c
tt_wait_for "Parental consent" >/dev/null
tt_keys F2
tap_check "a consent is recorded from the file" tt_wait_for "Consent recorded."
tt_keys Escape F10
tt_wait_exit
tap_check "quits cleanly" test "$(tt_exit_status)" = 0
tap_done
