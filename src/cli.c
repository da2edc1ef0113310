#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "access_log.h"
#include "actions.h"
#include "anonymise.h"
#include "cli.h"
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "import_candidates.h"
#include "import_students.h"
#include "backup.h"
#include "student_export.h"
#include "users.h"
#include "pairing.h"
#include "paths.h"
#include "labels.h"
#include "money.h"
#include "payroll.h"
#include "report_weekly.h"
#include "schools.h"
#include "settings.h"
#include "ui.h"
#include "util.h"

struct cli {
    const char *db_opt;
    const char *rejects_opt;
    const char *week_opt;
    const char *output_opt;
    const char *from_opt;
    const char *to_opt;
    int skip_bad;
    int dry_run;
    int apply;
    const char *school_year_opt;
    int yes;
    const char *config_opt;
    const char *lang_opt;
    struct settings *settings;
    char *db_path;
};

static void print_usage(FILE *out)
{
    fprintf(out, _("Usage: %s [OPTIONS] [COMMAND [ARGS]]\n"), "tutorat");
    fputs(_("Manage the tutoring program of a school or a school service centre: referrals,\n"
            "tutors, groups, sessions and the ministry's weekly report.\n"
            "Without a command, starts the full-screen interface.\n\n"), out);
    fputs(_("Options:\n"
            "  --db FILE        use this database (default: $TUTORAT_DB, the configuration,\n"
            "                   then $XDG_DATA_HOME/tutorat/tutorat.db)\n"
            "  --config FILE    read this configuration file after the usual ones\n"
            "                   (default: $TUTORAT_CONFIG)\n"
            "  --lang fr|en     language of the screens and messages\n"
            "  -h, --help       show this help and exit\n"
            "  -V, --version    show the version and exit\n\n"), out);
    fputs(_("Commands:\n"
            "  check            check the database: integrity, references, structure version\n"
            "  demo             fill an empty database with a fictional service centre\n"
            "  config           show the settings in force and where each comes from\n"
            "  config --example print the documented example configuration file\n"
            "  keys             list the actions and the keys bound to them\n"
            "  import students FILE.csv [--skip-bad] [--rejects FILE]\n"
            "                   load the school's student list (all or nothing, unless\n"
            "                   --skip-bad: good rows in, bad rows to a rejects file)\n"
            "  import candidates FILE.csv [--skip-bad] [--rejects FILE]\n"
            "                   load the bank of candidates of the Answer the Call!\n"
            "                   platform, matched on their e-mail\n"
            "  report weekly [--week 2021-W08] --output FILE.xlsx|FILE.csv\n"
            "                   the ministry's weekly report (default: the last complete week)\n"
            "  export payroll --from DATE --to DATE --output FILE.csv\n"
            "                   hours and amounts to pay, per tutor, for a pay period\n"
            "  payroll close --from DATE --to DATE\n"
            "                   freeze a pay period; later changes become adjustments\n"), out);
    fputs(_("  export student NUMBER --output FILE.json|FILE.csv\n"
            "                   everything held about a student (Law 25), logged\n"), out);
    fputs(_("  anonymise --school-year 2020-2021 [--yes]\n"
            "                   remove for good who the people of a finished school year\n"
            "                   were (Law 25), keeping the report's counts; backs up first\n"),
          out);
    fputs(_("  backup FILE      a consistent copy of the database, taken while others work\n"
            "  users            the logins that may use the database, with their role\n"
            "  user add LOGIN admin|secretary|readonly\n"
            "  user role LOGIN ROLE, user disable LOGIN, user enable LOGIN\n"
            "                   manage them (administrators only)\n"), out);
    fputs(_("  access-log [--from DATE] [--to DATE]\n"
            "                   who viewed, printed or exported whose data (administrators)\n"),
          out);
    fputs(_("  organisation [NAME css|board|special|private [MINISTRY_CODE]]\n"
            "  organisation budget AMOUNT|none\n"
            "                   show or record the organisation (administrators only)\n"
            "  schools          the schools, with their code, budget and whether open\n"
            "  school add CODE NAME, school rename CODE NAME,\n"
            "  school budget CODE AMOUNT|none, school close CODE, school open CODE\n"
            "                   manage them (administrators only)\n"), out);
    fputs(_("  pair --dry-run   propose groups for the students awaiting pairing: existing\n"
            "                   groups first, then new groups with available tutors\n"
            "  pair --apply     the same, then create those groups and memberships\n"), out);
}

static const struct option global_options[] = {
    { "db", required_argument, NULL, 'd' },
    { "config", required_argument, NULL, 'c' },
    { "lang", required_argument, NULL, 'l' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { "example", no_argument, NULL, 'e' },
    { "skip-bad", no_argument, NULL, 's' },
    { "rejects", required_argument, NULL, 'r' },
    { "week", required_argument, NULL, 'w' },
    { "output", required_argument, NULL, 'o' },
    { "from", required_argument, NULL, 'F' },
    { "to", required_argument, NULL, 'T' },
    { "dry-run", no_argument, NULL, 'n' },
    { "apply", no_argument, NULL, 'a' },
    { "school-year", required_argument, NULL, 'Y' },
    { "yes", no_argument, NULL, 'y' },
    { NULL, 0, NULL, 0 },
};

static int valid_lang(const char *l)
{
    return strcmp(l, "fr") == 0 || strcmp(l, "en") == 0;
}

static int open_db(struct cli *c, struct tt_db **db)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(c->db_path, DB_OPEN_CREATE, db, &err) != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        return EXIT_FAIL;
    }
    if (db_warning(*db)[0])
        fprintf(stderr, "tutorat: %s\n", db_warning(*db));
    return EXIT_OK;
}

static int cmd_check(struct cli *c, int argc, char **argv)
{
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct db_check_report r;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_check(db, &r, &err) != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        db_close(db);
        return EXIT_FAIL;
    }
    int ok = r.integrity_ok && r.foreign_keys_ok && r.schema_version == r.expected_version;
    printf(_("Database: %s\n"), c->db_path);
    printf(_("Structure version: %d (this program: %d)\n"), r.schema_version, r.expected_version);
    if (r.integrity_ok)
        printf("%s\n", _("Integrity: ok"));
    else
        printf(_("Integrity: DAMAGED (%s)\n"), r.integrity_message);
    if (r.foreign_keys_ok)
        printf("%s\n", _("References between records: ok"));
    else
        printf(_("References between records: %ld broken\n"), r.foreign_key_violations);
    printf("%s\n", ok ? _("Result: the database is sound.") : _("Result: problems found."));
    db_close(db);
    return ok ? EXIT_OK : EXIT_FAIL;
}

static int cmd_demo(struct cli *c, int argc, char **argv)
{
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    if (demo_create(db, c->settings, date_today(), &sum, &err) != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        db_close(db);
        return EXIT_FAIL;
    }
    printf(_("Demo data written to %s: %ld schools, %ld students, %ld referrals, %ld tutors and "
             "candidates, %ld groups, %ld sessions.\n"),
           c->db_path, sum.schools, sum.students, sum.referrals, sum.tutors, sum.groups,
           sum.sessions);
    db_close(db);
    return EXIT_OK;
}

static int cmd_config(struct cli *c, int example)
{
    if (example) {
        settings_write_example(stdout);
        return EXIT_OK;
    }
    size_t n;
    const struct setting_def *t = settings_table(&n);
    printf(_("Database in use: %s\n"), c->db_path);
    for (size_t i = 0; i < n; i++) {
        const char *origin = settings_origin(c->settings, t[i].id);
        printf("[%s] %s = %s    (%s)\n", t[i].section, t[i].key,
               settings_str(c->settings, t[i].id), origin ? origin : _("default"));
    }
    return EXIT_OK;
}

static int cmd_import(struct cli *c, const char *what, const char *file)
{
    int students = strcmp(what, "students") == 0;
    if (!students && strcmp(what, "candidates") != 0) {
        fprintf(stderr, _("tutorat: cannot import \"%s\"; try: import students FILE.csv or "
                          "import candidates FILE.csv\n"), what);
        return EXIT_USAGE;
    }
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    rc = students ? import_students(db, c->settings, file, c->skip_bad, c->rejects_opt, &sum, &err)
                  : import_candidates(db, c->settings, file, c->skip_bad, c->rejects_opt, &sum, &err);
    import_summary_print(&sum, rc == TT_OK ? stdout : stderr);
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    import_summary_free(&sum);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

static int cmd_report(struct cli *c, const char *what)
{
    if (strcmp(what, "weekly") != 0) {
        fprintf(stderr, _("tutorat: unknown report \"%s\"; try: report weekly\n"), what);
        return EXIT_USAGE;
    }
    if (c->output_opt == NULL) {
        fprintf(stderr, "%s\n", _("tutorat: report weekly needs --output FILE.xlsx (or .csv)."));
        return EXIT_USAGE;
    }
    tt_day today = date_today(), monday;
    if (c->week_opt) {
        if (week_parse(c->week_opt, &monday) != 0) {
            fprintf(stderr, _("tutorat: --week takes an ISO week such as 2021-W08, not \"%s\".\n"),
                    c->week_opt);
            return EXIT_USAGE;
        }
    } else {
        monday = report_default_week(c->settings, today);
    }
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct weekly_report *r = xmalloc(sizeof *r);
    struct tt_error err;
    tt_error_clear(&err);
    rc = report_weekly(db, c->settings, monday, today, r, &err);
    if (rc == TT_OK)
        rc = report_weekly_write(r, c->output_opt, &err);
    if (rc != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
    } else {
        char week[9];
        week_format(r->monday, week);
        printf(_("Weekly report %s written to %s.\n"), week, c->output_opt);
    }
    report_weekly_free(r);
    free(r);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* --from and --to for a pay period; EXIT_OK when both are dates. */
static int period_options(const struct cli *c, tt_day *from, tt_day *to)
{
    if (c->from_opt == NULL || c->to_opt == NULL) {
        fprintf(stderr, "%s\n", _("tutorat: a pay period needs --from DATE and --to DATE."));
        return EXIT_USAGE;
    }
    if (date_parse(c->from_opt, from) != 0 || date_parse(c->to_opt, to) != 0) {
        fprintf(stderr, _("tutorat: --from and --to take dates such as 2021-03-01 or 01/03/2021, "
                          "not \"%s\" and \"%s\".\n"), c->from_opt, c->to_opt);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int cmd_payroll(struct cli *c, int close_it)
{
    tt_day from, to;
    int rc = period_options(c, &from, &to);
    if (rc != EXIT_OK)
        return rc;
    if (!close_it && c->output_opt == NULL) {
        fprintf(stderr, "%s\n", _("tutorat: export payroll needs --output FILE.csv."));
        return EXIT_USAGE;
    }
    struct tt_db *db;
    rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    struct payroll p;
    memset(&p, 0, sizeof p);
    if (close_it) {
        rc = payroll_close(db, c->settings, from, to, &err);
        if (rc == TT_OK)
            printf(_("Pay period %s to %s closed; its lines are frozen.\n"), c->from_opt, c->to_opt);
    } else {
        rc = payroll_compute(db, c->settings, from, to, &p, &err);
        if (rc == TT_OK)
            rc = payroll_write_csv(&p, c->output_opt, &err);
        if (rc == TT_OK) {
            char total[32];
            money_format(p.total, total, sizeof total);
            printf(_("Payroll written to %s: %ld lines, %s%s.\n"), c->output_opt, p.n_lines, total,
                   p.closed ? _(" (closed period)") : "");
        }
        payroll_free(&p);
    }
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* Assisted pairing: the proposals, and with --apply their creation, all
 * or nothing. */
static int cmd_pair(struct cli *c)
{
    if (c->dry_run == c->apply) {
        fprintf(stderr, "%s\n", _("tutorat: pair takes either --dry-run (show the proposals) or "
                                   "--apply (create the groups)."));
        return EXIT_USAGE;
    }
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    struct pairing_instance *in = NULL;
    struct pairing_result *r = NULL;
    rc = pairing_load(db, c->settings, date_today(), &in, &err);
    if (rc == TT_OK)
        rc = pairing_solve(in, &r, &err);
    if (rc == TT_OK) {
        fputs(c->apply ? _("Pairing proposals:\n")
                       : _("Pairing proposals (dry run: nothing is written):\n"), stdout);
        pairing_print(stdout, r);
        if (c->apply && r->n_proposals == 0) {
            fputs(_("Nothing to apply.\n"), stdout);
        } else if (c->apply) {
            rc = pairing_apply(db, c->settings, r, NULL, NULL, &err);
            if (rc == TT_OK)
                printf(_("Applied. Students placed: %zu; new groups created (planned): %zu.\n"),
                       r->score.placed, r->score.new_groups);
        }
    }
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    pairing_result_free(r);
    pairing_instance_free(in);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* The key bindings in force, as the help screen shows them: for admins
 * checking a [keys] section, and for the manual's consistency test. */
/* Law 25: a person's data, in a common format, logged. */
static int cmd_export_student(struct cli *c, const char *key)
{
    if (c->output_opt == NULL) {
        fprintf(stderr, "%s\n", _("tutorat: export student takes --output FILE.json (or .csv)."));
        return EXIT_USAGE;
    }
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    int64_t id;
    rc = student_find(db, key, &id, &err);
    if (rc == TT_OK)
        rc = student_export(db, id, c->output_opt, &err);
    if (rc == TT_OK)
        printf(_("Everything held about student %s written to %s.\n"), key, c->output_opt);
    else
        fprintf(stderr, "tutorat: %s\n", err.msg);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* A consistent copy while others work; restoring is copying it back
 * while nobody uses tutorat (man tutorat, BACKUPS). */
static int cmd_backup(struct cli *c, const char *file)
{
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    rc = backup_to(db, file, &err);
    if (rc == TT_OK)
        printf(_("Backup of %s written to %s.\n"), db_path(db), file);
    else
        fprintf(stderr, "tutorat: %s\n", err.msg);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* Law 25: the identities of a finished school year, removed for good after
 * a backup.  The person types the year again, so a slip of the finger (or
 * of a script) cannot do it; without a terminal only --yes can. */
static int cmd_anonymise(struct cli *c)
{
    const char *label = c->school_year_opt;
    if (label == NULL || label[0] == '\0') {
        fprintf(stderr, "%s\n", _("tutorat: anonymise needs --school-year, such as "
                                   "--school-year 2020-2021."));
        return EXIT_USAGE;
    }
    if (!c->yes && !isatty(STDIN_FILENO)) {
        fprintf(stderr, "%s\n", _("tutorat: anonymise asks to type the school year again on a "
                                   "terminal; without one, add --yes. Nothing was changed."));
        return EXIT_USAGE;
    }
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    tt_day today = date_today();
    struct anonymise_summary *sum = xcalloc(1, sizeof *sum);
    rc = anonymise_preview(db, label, today, sum, &err);
    if (rc != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        goto done;
    }
    char from[64], to[64];
    date_long(sum->start, from, sizeof from);
    date_long(sum->end, to, sizeof to);
    if (sum->students == 0 && sum->tutors == 0 && sum->sessions == 0) {
        printf(_("School year %s (%s to %s): nobody's records are left to anonymise; nothing "
                 "was changed.\n"), label, from, to);
        goto done;
    }
    printf(_("School year %s (%s to %s): %ld students, %ld holders of parental authority and "
             "%ld tutors and candidates will lose their names, contact details and notes, for "
             "good. The counts of the weekly report stay.\n"),
           label, from, to, sum->students, sum->guardians, sum->tutors);
    char *folder = anonymise_backup_folder(db, c->settings);
    printf(_("A backup of the whole database is written first, in %s.\n"), folder);
    free(folder);
    if (!c->yes) {
        printf(_("To confirm, type the school year (%s): "), label);
        fflush(stdout);
        char line[64] = "";
        if (fgets(line, sizeof line, stdin) == NULL || strcmp(tt_trim(line), label) != 0) {
            if (line[0] == '\0')
                putchar('\n');
            fprintf(stderr, "%s\n", _("tutorat: the school year was not typed as asked; "
                                       "nothing was changed."));
            rc = TT_ERR_INVALID;
            goto done;
        }
    }
    rc = anonymise_year(db, c->settings, label, today, sum, &err);
    if (rc != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        goto done;
    }
    printf(_("School year %s anonymised.\n"), label);
    printf(_("  Students: %ld; holders of parental authority: %ld; referrals: %ld; consents: "
             "%ld.\n"), sum->students, sum->guardians, sum->referrals, sum->consents);
    printf(_("  Group memberships: %ld; progress notes: %ld; partner referrals: %ld.\n"),
           sum->memberships, sum->progress_notes, sum->partner_referrals);
    printf(_("  Tutors and candidates: %ld; reasons of cancelled sessions: %ld.\n"), sum->tutors,
           sum->sessions);
    printf(_("  Audit-log entries cleaned: %ld; access-log entries: %ld.\n"), sum->audit_entries,
           sum->access_entries);
    printf(_("Backup taken before, which still holds every name (keep it safe, delete it when "
             "no longer needed): %s\n"), sum->backup_path);
    if (!sum->vacuumed)
        fprintf(stderr, _("tutorat: warning: the database could not be compacted (%s); old "
                          "values may stay in its free space until it is (VACUUM in the sqlite3 "
                          "shell while nobody uses tutorat).\n"), sum->warning);
    if (!sum->wal_emptied)
        fprintf(stderr, _("tutorat: warning: other users have the database open, so its "
                          "write-ahead log (%s-wal) keeps old pages until they all close it.\n"),
                db_path(db));
done:
    free(sum);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* users; user add LOGIN ROLE; user role LOGIN ROLE; user disable|enable
 * LOGIN.  Only an administrator's changes pass the database's checks. */
static int cmd_user(struct cli *c, int argc, char **argv)
{
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(argv[0], "users") == 0) {
        struct app_user *u;
        size_t n;
        rc = users_list(db, &u, &n, &err);
        for (size_t i = 0; rc == TT_OK && i < n; i++)
            printf("%-20s %-16s %s%s\n", u[i].login, user_role_label(u[i].role), u[i].full_name,
                   u[i].active ? "" : _(" (disabled)"));
        if (rc == TT_OK)
            free(u);
    } else if (strcmp(what, "add") == 0 && argc == 4) {
        rc = user_add(db, argv[2], argv[3], NULL, &err);
        if (rc == TT_OK)
            printf(_("%s may now use the database, as %s.\n"), argv[2], user_role_label(argv[3]));
    } else if (strcmp(what, "role") == 0 && argc == 4) {
        rc = user_set_role(db, argv[2], argv[3], &err);
        if (rc == TT_OK)
            printf(_("%s is now %s.\n"), argv[2], user_role_label(argv[3]));
    } else if ((strcmp(what, "disable") == 0 || strcmp(what, "enable") == 0) && argc == 3) {
        int on = strcmp(what, "enable") == 0;
        rc = user_set_active(db, argv[2], on, &err);
        if (rc == TT_OK)
            printf(on ? _("%s may use the database again.\n")
                      : _("%s may no longer use the database; what they did is kept.\n"),
                   argv[2]);
    } else {
        fprintf(stderr, "%s\n", _("tutorat: user add LOGIN admin|secretary|readonly, user role "
                                   "LOGIN ROLE, user disable LOGIN or user enable LOGIN."));
        db_close(db);
        return EXIT_USAGE;
    }
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

static void print_budget(int has, tt_cents v)
{
    char b[64];
    if (has)
        money_format(v, b, sizeof b);
    else
        tt_strlcpy(b, "-", sizeof b);
    fputs(b, stdout);
}

/* Reads AMOUNT or "none" for a budget. */
static int parse_budget(const char *text, int *has, tt_cents *v)
{
    *has = strcmp(text, "none") != 0 && strcmp(text, "aucun") != 0;
    *v = 0;
    if (*has && money_parse(text, v) != 0) {
        fprintf(stderr, _("tutorat: \"%s\" is not an amount; write it 12500.00, or none.\n"),
                text);
        return -1;
    }
    return 0;
}

/* organisation; organisation NAME KIND [CODE]; organisation budget AMOUNT. */
static int cmd_organisation(struct cli *c, int argc, char **argv)
{
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    struct organisation o;
    rc = organisation_get(db, &o, &err);
    if (rc == TT_OK && argc == 1) {
        if (!o.exists) {
            printf("%s\n", _("No organisation recorded yet."));
        } else {
            printf(_("%s (%s), ministry code %s, budget "), o.name, label_for(LBL_ORG_KIND, o.kind),
                   o.ministry_code[0] ? o.ministry_code : "-");
            print_budget(o.has_budget, o.budget);
            putchar('\n');
        }
    } else if (rc == TT_OK && argc == 3 && strcmp(argv[1], "budget") == 0) {
        if (parse_budget(argv[2], &o.has_budget, &o.budget) != 0) {
            db_close(db);
            return EXIT_USAGE;
        }
        if (!o.exists)
            rc = tt_error_set(&err, TT_ERR_NOTFOUND, "%s",
                              _("Record the organisation first: tutorat organisation NAME KIND."));
        else
            rc = organisation_save(db, &o, &err);
        if (rc == TT_OK)
            printf("%s\n", _("Organisation recorded."));
    } else if (rc == TT_OK && (argc == 3 || argc == 4)) {
        tt_strlcpy(o.name, argv[1], sizeof o.name);
        tt_strlcpy(o.kind, argv[2], sizeof o.kind);
        if (argc == 4)
            tt_strlcpy(o.ministry_code, argv[3], sizeof o.ministry_code);
        rc = organisation_save(db, &o, &err);
        if (rc == TT_OK)
            printf("%s\n", _("Organisation recorded."));
    } else if (rc == TT_OK) {
        fprintf(stderr, "%s\n", _("tutorat: organisation, organisation NAME css|board|special|"
                                   "private [MINISTRY_CODE], or organisation budget AMOUNT|none."));
        db_close(db);
        return EXIT_USAGE;
    }
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* schools; school add CODE NAME; school rename CODE NAME; school budget CODE
 * AMOUNT|none; school close CODE; school open CODE. */
static int cmd_school(struct cli *c, int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    int ok_args = strcmp(argv[0], "schools") == 0 ? argc == 1
                  : (strcmp(what, "add") == 0 || strcmp(what, "rename") == 0 ||
                     strcmp(what, "budget") == 0) ? argc == 4
                  : (strcmp(what, "close") == 0 || strcmp(what, "open") == 0) ? argc == 3
                  : 0;
    if (!ok_args) {
        fprintf(stderr, "%s\n", _("tutorat: schools, school add CODE NAME, school rename CODE "
                                   "NAME, school budget CODE AMOUNT|none, school close CODE or "
                                   "school open CODE."));
        return EXIT_USAGE;
    }
    struct school s;
    memset(&s, 0, sizeof s);
    if (strcmp(what, "budget") == 0 && parse_budget(argv[3], &s.has_budget, &s.budget) != 0)
        return EXIT_USAGE;
    int has = s.has_budget;
    tt_cents budget = s.budget;
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    if (strcmp(argv[0], "schools") == 0) {
        struct school *list;
        size_t n;
        rc = schools_list(db, &list, &n, &err);
        for (size_t i = 0; rc == TT_OK && i < n; i++) {
            printf("%-10s %-40s ", list[i].code, list[i].name);
            print_budget(list[i].has_budget, list[i].budget);
            printf("%s\n", list[i].active ? "" : _(" (closed)"));
        }
        if (rc == TT_OK && n == 0)
            printf("%s\n", _("No school yet: tutorat school add CODE NAME."));
        if (rc == TT_OK)
            free(list);
    } else if (strcmp(what, "add") == 0) {
        tt_strlcpy(s.code, argv[2], sizeof s.code);
        tt_strlcpy(s.name, argv[3], sizeof s.name);
        s.active = 1;
        rc = school_save(db, &s, &err);
    } else {
        rc = school_get_by_code(db, argv[2], &s, &err);
        if (rc == TT_OK) {
            if (strcmp(what, "rename") == 0) {
                tt_strlcpy(s.name, argv[3], sizeof s.name);
            } else if (strcmp(what, "budget") == 0) {
                s.has_budget = has;
                s.budget = budget;
            } else {
                s.active = strcmp(what, "open") == 0;
            }
            rc = school_save(db, &s, &err);
        }
    }
    if (rc == TT_OK && strcmp(argv[0], "school") == 0)
        printf(_("School %s recorded.\n"), s.name);
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

/* access-log [--from DATE] [--to DATE]: who viewed or exported whose data. */
static int cmd_access_log(struct cli *c)
{
    char from[16] = "", to[16] = "";
    const char *opts[2] = { c->from_opt, c->to_opt };
    char *outs[2] = { from, to };
    for (int i = 0; i < 2; i++) {
        tt_day d;
        if (opts[i] == NULL)
            continue;
        if (date_parse(opts[i], &d) != 0) {
            fprintf(stderr, _("tutorat: \"%s\" is not a real date; write it 2021-02-24.\n"),
                    opts[i]);
            return EXIT_USAGE;
        }
        date_iso(d, outs[i]);
    }
    struct tt_db *db;
    int rc = open_db(c, &db);
    if (rc != EXIT_OK)
        return rc;
    struct tt_error err;
    tt_error_clear(&err);
    struct access_entry *e = NULL;
    size_t n = 0;
    rc = access_log_list(db, from, to, (size_t)-1 >> 1, &e, &n, &err);
    for (size_t i = 0; rc == TT_OK && i < n; i++) {
        char whose[480];
        if (e[i].whose[0])
            snprintf(whose, sizeof whose, "%s", e[i].whose);
        else
            snprintf(whose, sizeof whose, "%s #%lld", e[i].subject, (long long)e[i].subject_id);
        printf("%s  %-16s %-10s %s%s%s\n", e[i].at, e[i].login, access_action_label(e[i].action),
               whose, e[i].detail[0] ? "  " : "", e[i].detail);
    }
    if (rc == TT_OK && n == 0)
        printf("%s\n", _("No access recorded."));
    if (rc != TT_OK)
        fprintf(stderr, "tutorat: %s\n", err.msg);
    free(e);
    db_close(db);
    return rc == TT_OK ? EXIT_OK : EXIT_FAIL;
}

static int cmd_keys(struct cli *c)
{
    actions_load(c->settings);
    size_t n;
    const struct action_def *t = actions_table(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-14s %-16s %s\n", t[i].name, actions_keys_text(t[i].id), _(t[i].help));
    return EXIT_OK;
}

static char *resolve_db_path(const struct cli *c)
{
    if (c->db_opt && c->db_opt[0])
        return xstrdup(c->db_opt);
    const char *env = getenv("TUTORAT_DB");
    if (env && env[0])
        return xstrdup(env);
    const char *conf = settings_str(c->settings, SET_DATABASE);
    if (conf && conf[0])
        return xstrdup(conf);
    return paths_default_db();
}

int cli_main(int argc, char **argv)
{
    struct cli c = { 0 };
    int example = 0, help = 0;
    int opt;

    i18n_init();
    /* Options may come before or after the command ("tutorat demo --db F"). */
    while ((opt = getopt_long(argc, argv, "hV", global_options, NULL)) != -1) {
        switch (opt) {
        case 'd': c.db_opt = optarg; break;
        case 'c': c.config_opt = optarg; break;
        case 'l': c.lang_opt = optarg; break;
        case 'e': example = 1; break;
        case 's': c.skip_bad = 1; break;
        case 'r': c.rejects_opt = optarg; break;
        case 'w': c.week_opt = optarg; break;
        case 'o': c.output_opt = optarg; break;
        case 'F': c.from_opt = optarg; break;
        case 'T': c.to_opt = optarg; break;
        case 'n': c.dry_run = 1; break;
        case 'a': c.apply = 1; break;
        case 'Y': c.school_year_opt = optarg; break;
        case 'y': c.yes = 1; break;
        case 'h':
            /* After --lang, wherever it stands on the line. */
            help = 1;
            break;
        case 'V':
            printf("tutorat %s\n", PACKAGE_VERSION);
            return EXIT_OK;
        default:
            fprintf(stderr, _("Try '%s --help' for more information.\n"), "tutorat");
            return EXIT_USAGE;
        }
    }
    if (c.lang_opt) {
        if (!valid_lang(c.lang_opt)) {
            fprintf(stderr, _("tutorat: --lang takes fr or en, not \"%s\".\n"), c.lang_opt);
            return EXIT_USAGE;
        }
        i18n_set_language(c.lang_opt);
    }
    if (help) {
        print_usage(stdout);
        return EXIT_OK;
    }

    actions_register_settings();
    import_students_register_settings();
    import_candidates_register_settings();
    c.settings = settings_new();
    struct tt_error err;
    tt_error_clear(&err);
    if (settings_load_standard(c.settings, c.config_opt, &err) != TT_OK) {
        fprintf(stderr, "tutorat: %s\n", err.msg);
        settings_free(c.settings);
        return EXIT_USAGE;
    }
    if (c.lang_opt == NULL)
        i18n_set_language(settings_str(c.settings, SET_LANGUAGE));
    c.db_path = resolve_db_path(&c);

    int rc;
    const char *cmd = optind < argc ? argv[optind] : NULL;
    int cargc = argc - optind;
    char **cargv = argv + optind;
    if (cmd == NULL) {
        rc = ui_main(c.db_path, c.settings);
    } else if (strcmp(cmd, "check") == 0 && cargc == 1) {
        rc = cmd_check(&c, cargc, cargv);
    } else if (strcmp(cmd, "demo") == 0 && cargc == 1) {
        rc = cmd_demo(&c, cargc, cargv);
    } else if (strcmp(cmd, "config") == 0 && cargc == 1) {
        rc = cmd_config(&c, example);
    } else if (strcmp(cmd, "keys") == 0 && cargc == 1) {
        rc = cmd_keys(&c);
    } else if (strcmp(cmd, "export") == 0 && cargc == 2 && strcmp(cargv[1], "payroll") == 0) {
        rc = cmd_payroll(&c, 0);
    } else if (strcmp(cmd, "payroll") == 0 && cargc == 2 && strcmp(cargv[1], "close") == 0) {
        rc = cmd_payroll(&c, 1);
    } else if (strcmp(cmd, "pair") == 0 && cargc == 1) {
        rc = cmd_pair(&c);
    } else if (strcmp(cmd, "export") == 0 && cargc == 3 && strcmp(cargv[1], "student") == 0) {
        rc = cmd_export_student(&c, cargv[2]);
    } else if (strcmp(cmd, "anonymise") == 0 && cargc == 1) {
        rc = cmd_anonymise(&c);
    } else if (strcmp(cmd, "backup") == 0 && cargc == 2) {
        rc = cmd_backup(&c, cargv[1]);
    } else if (strcmp(cmd, "access-log") == 0 && cargc == 1) {
        rc = cmd_access_log(&c);
    } else if (strcmp(cmd, "organisation") == 0) {
        rc = cmd_organisation(&c, cargc, cargv);
    } else if (strcmp(cmd, "schools") == 0 || strcmp(cmd, "school") == 0) {
        rc = cmd_school(&c, cargc, cargv);
    } else if ((strcmp(cmd, "users") == 0 && cargc == 1) || strcmp(cmd, "user") == 0) {
        rc = cmd_user(&c, cargc, cargv);
    } else if (strcmp(cmd, "report") == 0 && cargc == 2) {
        rc = cmd_report(&c, cargv[1]);
    } else if (strcmp(cmd, "import") == 0 && cargc == 3) {
        rc = cmd_import(&c, cargv[1], cargv[2]);
    } else {
        if (strcmp(cmd, "import") == 0)
            fprintf(stderr, "%s\n", _("tutorat: import takes what and a file: import students "
                                       "FILE.csv or import candidates FILE.csv"));
        else if (strcmp(cmd, "backup") == 0)
            fprintf(stderr, "%s\n", _("tutorat: backup takes the file to write: backup FILE.db"));
        else if (strcmp(cmd, "check") == 0 || strcmp(cmd, "demo") == 0 ||
                 strcmp(cmd, "config") == 0 || strcmp(cmd, "keys") == 0 ||
                 strcmp(cmd, "pair") == 0 || strcmp(cmd, "users") == 0 ||
                 strcmp(cmd, "access-log") == 0 || strcmp(cmd, "anonymise") == 0)
            fprintf(stderr, _("tutorat: %s takes no arguments.\n"), cmd);
        else
            fprintf(stderr, _("tutorat: unknown command \"%s\".\n"), cmd);
        fprintf(stderr, _("Try '%s --help' for more information.\n"), "tutorat");
        rc = EXIT_USAGE;
    }
    free(c.db_path);
    settings_free(c.settings);
    return rc;
}
