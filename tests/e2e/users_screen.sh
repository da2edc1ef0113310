#!/bin/bash
# The Users view of Settings (F8, v three times), in English then French: the
# administrator adds a user, changes the role, disables a login, and is
# refused (by the data layer, translated) when stepping down as the last
# administrator; a secretary sees the list and is told who may change it.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tt_need_tmux
tt_need_sqlite3
tap_plan 18
db=$(tt_demo_db) || { echo "Bail out! tutorat demo failed"; exit 1; }
me=$(id -un)
q() { "$SQLITE3_SHELL" "$db" "$1"; }
# A message over two lines: its first part, then the rest.
wait_both() { tt_wait_for "$1" && tt_screen_has "$2"; }

users_view() {   # words of the view's title
    tt_keys F8 v v v
    tt_wait_for "$1" >/dev/null
}
# Selects my own row: Home, then down as many rows as logins before mine.
select_me() {
    local n
    mine=$(q "SELECT count(*) FROM app_user WHERE login < '$me'")
    tt_keys Home
    for ((n = 0; n < mine; n++)); do tt_keys Down; done
}

# ---- English ----------------------------------------------------------------
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
users_view "Users of this database; you are $me, administrator"
tap_check "the view lists the creator as administrator" \
    bash -c "printf '%s' \"\$1\" | grep -q '^ $me  *administrator  *yes'" _ "$(tt_screen)"
tt_keys n
tt_wait_for "New user" >/dev/null
tt_type "bad login"
tt_keys F2
tap_check "a login with a space is refused, naming what a login is" \
    tt_wait_for "is not a login name of this server"
tt_keys C-u
tt_type "marie.roy"
tt_keys Tab
tt_type "Marie Roy"
tt_keys F2
tap_check "n adds a user, as secretary by default" \
    tt_wait_for "marie.roy may now use the database (role: secretary)."
tap_check "stored in the database" test "$(q "SELECT role || active || full_name FROM app_user
    WHERE login = 'marie.roy'")" = "secretary1Marie Roy"
# The new user is selected: t opens the role and access form.
tt_keys t
tt_wait_for "Role and access of marie.roy" >/dev/null
tt_keys Right F2
tap_check "t changes the role" tt_wait_for "marie.roy: role read-only, may log in."
tap_check "the role is stored" test "$(q "SELECT role FROM app_user WHERE login = 'marie.roy'")" = readonly
tt_keys Enter
tt_wait_for "May log in" >/dev/null
tt_keys Down Space F2
tap_check "Enter opens the same form: the login is disabled, what it did is kept" \
    tt_wait_for "marie.roy may no longer use the database; what they did is kept."
tap_check "disabled in the database" test "$(q "SELECT active FROM app_user WHERE login = 'marie.roy'")" = 0
select_me
tt_keys t
tt_wait_for "Role and access of $me" >/dev/null
tt_keys Right F2
tap_check "the last administrator cannot step down: the data layer says why" \
    tt_wait_for "$me is the last active administrator; name another one first."
tt_keys Escape
tap_check "and stays administrator" test "$(q "SELECT role FROM app_user WHERE login = '$me'")" = admin
tt_keys q
tt_wait_exit

# ---- French -----------------------------------------------------------------
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
users_view "Utilisateurs de cette base; vous êtes $me, administrateur"
tt_keys n
tt_wait_for "Nouvel utilisateur" >/dev/null
tt_type "paul.gagnon"
tt_keys Tab
tt_type "Paul Gagnon"
tt_keys F2
tap_check "in French: a user added" \
    tt_wait_for "paul.gagnon peut maintenant utiliser la base (rôle : secrétaire)."
tt_keys t
tt_wait_for "Rôle et accès de paul.gagnon" >/dev/null
tt_keys Right F2
tap_check "in French: the role changed" tt_wait_for "paul.gagnon : rôle consultation, peut se connecter."
tap_check "stored" test "$(q "SELECT role FROM app_user WHERE login = 'paul.gagnon'")" = readonly
list_fr=$(tt_screen)
select_me
tt_keys Enter
tt_wait_for "Rôle et accès de $me" >/dev/null
tt_keys Right F2
tap_check "in French: the last administrator stays" tt_wait_for "dernier administrateur actif"
tap_check "no English on the French Users view and form" \
    bash -c "! printf '%s' \"\$1\" | grep -E 'Users of|Login|Full name|User role|Enabled|May log in|administrator|secretary|read-only|last active|role and access|privacy incidents'" \
    _ "$list_fr$(tt_screen)"
tt_keys Escape q
tt_wait_exit

# ---- a secretary reads the list and is told who may change it ---------------
"$TUTORAT" --db "$db" user role paul.gagnon admin >/dev/null
"$TUTORAT" --db "$db" user role "$me" secretary >/dev/null
tt_start LANG=C.UTF-8 LANGUAGE=en -- --db "$db" --lang en
tt_wait_for "Referrals to decide" >/dev/null
users_view "you are $me, secretary"
before=$(q "SELECT group_concat(login || role || active) FROM app_user")
tt_keys n
# (The message takes two lines.)
tap_check "a secretary's n is refused, translated, by the data layer" \
    wait_both "Only an administrator adds users or changes their role or access" \
    "secretary)."
tt_keys q
tt_wait_exit
tt_start LANG=C.UTF-8 LANGUAGE=fr -- --db "$db" --lang fr
tt_wait_for "Tableau de bord" >/dev/null
users_view "vous êtes $me, secrétaire"
tt_keys Enter
tap_check "and Enter in French" \
    wait_both "Seul un administrateur ajoute des utilisateurs ou change leur rôle" \
    "(votre rôle : secrétaire)."
tap_check "nothing changed" test "$(q "SELECT group_concat(login || role || active) FROM app_user")" = "$before"
tt_keys q
tt_wait_exit
tap_done
