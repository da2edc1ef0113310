#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "history.h"
#include "i18n.h"
#include "labels.h"
#include "money.h"
#include "util.h"

/* How a stored value reads: a label kind (LBL_*), or one of these. */
enum {
    V_PLAIN = -1,
    V_BOOL = -2,
    V_TIME = -3,        /* minutes after midnight */
    V_MINUTES = -4,     /* a duration */
    V_CENTS = -5
};

struct field_label {
    const char *table;  /* NULL: any table */
    const char *field;
    const char *label;  /* N_() */
    int value;
};

/* Specific tables first: the first match wins. */
static const struct field_label field_labels[] = {
    { "guardian", "full_name", N_("Guardian: name"), V_PLAIN },
    { "guardian", "phone", N_("Guardian: phone"), V_PLAIN },
    { "guardian", "email", N_("Guardian: e-mail"), V_PLAIN },
    { "guardian", "language", N_("Guardian: language"), LBL_LANGUAGE },
    { "guardian", "relationship", N_("Relationship"), LBL_RELATIONSHIP },
    { "referral", "status", N_("Referral status"), LBL_REFERRAL_STATUS },
    { "referral", "modality", N_("Modality"), LBL_REFERRAL_MODALITY },
    { "referral", "class_group", N_("Class group"), V_PLAIN },
    { "consent", "status", N_("Consent"), LBL_CONSENT_STATUS },
    { "consent", "note", N_("Note"), V_PLAIN },
    { "tutor", "status", N_("Recruitment status"), LBL_TUTOR_STATUS },
    { "tutor", "notes", N_("Notes"), V_PLAIN },
    { "tutoring_group", "status", N_("Group status"), LBL_GROUP_STATUS },
    { "tutoring_group", "name", N_("Group name"), V_PLAIN },
    { "session", "status", N_("Session status"), LBL_SESSION_STATUS },
    { "progress_note", "kind", N_("Kind of note"), V_PLAIN },
    { "group_slot", "minutes", N_("Duration (minutes)"), V_MINUTES },
    { "attendance", "status", N_("Attendance"), LBL_ATTENDANCE },
    { "attendance", "minutes", N_("Minutes"), V_MINUTES },
    { "tutor_rate", "effective_on", N_("From"), V_PLAIN },
    { "tutor_rate", "rate_cents", N_("Hourly rate"), V_CENTS },
    { NULL, "student_id", N_("Student"), V_PLAIN },
    { "progress_note", "body", N_("Note"), V_PLAIN },
    { NULL, "last_name", N_("Last name"), V_PLAIN },
    { NULL, "first_name", N_("First name"), V_PLAIN },
    { NULL, "local_number", N_("Local student number"), V_PLAIN },
    { NULL, "code_permanent", N_("Code permanent"), V_PLAIN },
    { NULL, "birth_date", N_("Birth date"), V_PLAIN },
    { NULL, "level", N_("Level"), LBL_LEVEL },
    { NULL, "class_group", N_("Class group"), V_PLAIN },
    { NULL, "language", N_("Language"), LBL_LANGUAGE },
    { NULL, "has_intervention_plan", N_("Has an intervention plan"), V_BOOL },
    { NULL, "needs_francization", N_("Needs francization"), V_BOOL },
    { NULL, "anonymised", N_("Anonymised"), V_BOOL },
    { NULL, "school_id", N_("School"), V_PLAIN },
    { NULL, "referral_date", N_("Referral date"), V_PLAIN },
    { NULL, "referrer_name", N_("Referred by"), V_PLAIN },
    { NULL, "referrer_role", N_("Role"), LBL_REFERRER_ROLE },
    { NULL, "difficulties", N_("Specific difficulties"), V_PLAIN },
    { NULL, "strengths", N_("Strengths and interests"), V_PLAIN },
    { NULL, "strategies_tried", N_("Strategies already tried"), V_PLAIN },
    { NULL, "since_when", N_("Since when"), V_PLAIN },
    { NULL, "wellbeing_concern", N_("Well-being concern"), V_BOOL },
    { NULL, "partner_suggestion", N_("Partner referral"), LBL_PARTNER },
    { NULL, "rai_level", N_("RAI level"), LBL_RAI },
    { NULL, "priority", N_("Priority"), LBL_PRIORITY },
    { NULL, "format", N_("Format"), LBL_FORMAT },
    { NULL, "modality", N_("Modality"), LBL_MODALITY },
    { NULL, "has_device", N_("Has a device"), V_BOOL },
    { NULL, "has_internet", N_("Has internet access"), V_BOOL },
    { NULL, "pairing_constraints", N_("Pairing constraints"), V_PLAIN },
    { NULL, "status_date", N_("Status date"), V_PLAIN },
    { NULL, "closed_reason", N_("Reason for closing"), V_PLAIN },
    { NULL, "purpose", N_("Purpose"), LBL_CONSENT_PURPOSE },
    { NULL, "requested_on", N_("Requested on"), V_PLAIN },
    { NULL, "decided_on", N_("Date of the answer"), V_PLAIN },
    { NULL, "method", N_("How"), LBL_CONSENT_METHOD },
    { NULL, "noted_by", N_("Noted by (phone)"), V_PLAIN },
    { NULL, "expires_on", N_("Valid until"), V_PLAIN },
    { NULL, "withdrawn_on", N_("Withdrawn on"), V_PLAIN },
    { NULL, "student_agreement", N_("Student's own agreement (14+)"), V_BOOL },
    { NULL, "guardian_id", N_("Given by"), V_PLAIN },
    { NULL, "joined_on", N_("Joined on"), V_PLAIN },
    { NULL, "join_reason", N_("Reason for joining"), V_PLAIN },
    { NULL, "left_on", N_("Left on"), V_PLAIN },
    { NULL, "leave_reason", N_("Reason for leaving"), V_PLAIN },
    { NULL, "subject", N_("Subject"), LBL_SUBJECT },
    { NULL, "note_date", N_("Date"), V_PLAIN },
    { NULL, "score", N_("Score"), V_PLAIN },
    { NULL, "partner", N_("Partner"), LBL_PARTNER_ORG },
    { NULL, "sent_on", N_("Sent on"), V_PLAIN },
    { NULL, "outcome", N_("Outcome"), V_PLAIN },
    { NULL, "email", N_("E-mail"), V_PLAIN },
    { NULL, "phone", N_("Phone"), V_PLAIN },
    { NULL, "category", N_("Category"), LBL_TUTOR_CATEGORY },
    { NULL, "source", N_("Source"), LBL_TUTOR_SOURCE },
    { NULL, "institution", N_("Institution"), V_PLAIN },
    { NULL, "program", N_("Program of study"), V_PLAIN },
    { NULL, "region", N_("Region"), V_PLAIN },
    { NULL, "applied_on", N_("Applied on"), V_PLAIN },
    { NULL, "answered_on", N_("Answered on"), V_PLAIN },
    { NULL, "answered_how", N_("Answered how"), LBL_ANSWER_HOW },
    { NULL, "hire_date", N_("Hired on"), V_PLAIN },
    { NULL, "employee_number", N_("Employee number"), V_PLAIN },
    { NULL, "check_status", N_("Judicial-record check"), LBL_CHECK_STATUS },
    { NULL, "check_result", N_("Result of the check"), LBL_CHECK_RESULT },
    { NULL, "check_requested_on", N_("Check requested on"), V_PLAIN },
    { NULL, "check_completed_on", N_("Check completed on"), V_PLAIN },
    { NULL, "training_on", N_("Trained on"), V_PLAIN },
    { NULL, "confidentiality_on", N_("Confidentiality signed on"), V_PLAIN },
    { NULL, "max_weekly_minutes", N_("Most minutes a week"), V_MINUTES },
    { NULL, "tutor_id", N_("Tutor"), V_PLAIN },
    { NULL, "level_band", N_("Levels"), LBL_LEVEL_BAND },
    { NULL, "place", N_("Place"), V_PLAIN },
    { NULL, "meeting_link", N_("Meeting link"), V_PLAIN },
    { NULL, "start_date", N_("Start date"), V_PLAIN },
    { NULL, "end_date", N_("End date"), V_PLAIN },
    { NULL, "size_limit", N_("Most students"), V_PLAIN },
    { NULL, "weekday", N_("Day"), LBL_WEEKDAY },
    { NULL, "start_min", N_("Start time"), V_TIME },
    { NULL, "end_min", N_("End time"), V_TIME },
    { NULL, "from_date", N_("From"), V_PLAIN },
    { NULL, "to_date", N_("Until"), V_PLAIN },
    { NULL, "reason", N_("Reason"), V_PLAIN },
    { NULL, "session_date", N_("Date"), V_PLAIN },
    { NULL, "planned_minutes", N_("Planned minutes"), V_MINUTES },
    { NULL, "actual_minutes", N_("Minutes given"), V_MINUTES },
    { NULL, "cancel_reason", N_("Reason for cancelling"), V_PLAIN },
};

struct table_label {
    const char *table;
    const char *label;  /* N_() */
};

static const struct table_label table_labels[] = {
    { "student", N_("student") },
    { "guardian", N_("guardian") },
    { "referral", N_("referral") },
    { "referral_subject", N_("referral's subject") },
    { "referral_availability", N_("referral's availability") },
    { "attendance", N_("attendance") },
    { "tutor_rate", N_("hourly rate") },
    { "group_slot", N_("weekly time slot") },
    { "tutor_skill", N_("tutor's subject") },
    { "tutor_availability", N_("tutor's availability") },
    { "consent", N_("consent") },
    { "membership", N_("group membership") },
    { "progress_note", N_("progress note") },
    { "partner_referral", N_("partner referral") },
    { "tutor", N_("tutor") },
    { "tutoring_group", N_("group") },
    { "group_tutor_history", N_("group's tutor") },
    { "session", N_("session") },
};

static const struct field_label *find_field(const char *table, const char *field)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(field_labels); i++) {
        const struct field_label *l = &field_labels[i];
        if ((l->table == NULL || strcmp(l->table, table) == 0) && strcmp(l->field, field) == 0)
            return l;
    }
    return NULL;
}

static const char *table_label(const char *table)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(table_labels); i++)
        if (strcmp(table_labels[i].table, table) == 0)
            return _(table_labels[i].label);
    return table;
}

static void value_text(int kind, const char *v, char *buf, size_t size)
{
    if (v == NULL || v[0] == '\0') {
        tt_strlcpy(buf, "-", size);
        return;
    }
    long n = strtol(v, NULL, 10);
    switch (kind) {
    case V_PLAIN:
        tt_strlcpy(buf, v, size);
        return;
    case V_BOOL:
        tt_strlcpy(buf, n ? _("yes") : _("no"), size);
        return;
    case V_TIME:
        snprintf(buf, size, "%02ld:%02ld", n / 60 % 24, n % 60);
        return;
    case V_MINUTES:
        snprintf(buf, size, _("%ld min"), n);
        return;
    case V_CENTS:
        money_format((tt_cents)strtoll(v, NULL, 10), buf, size);
        return;
    default:
        tt_strlcpy(buf, label_for(kind, v), size);
        return;
    }
}

/* Bookkeeping that says nothing a person chose. */
static int shown_key(const char *key)
{
    static const char *const hidden[] = { "id", "rank", "row_version", "created_at", "updated_at",
                                          "created_by", "search_key", "recorded_by",
                                          "recorded_at", "set_by", "referral_status",
                                          "consent_status", "anonymised", "status_date", NULL };
    size_t n = strlen(key);
    if (n > 3 && strcmp(key + n - 3, "_id") == 0 && strcmp(key, "student_id") != 0)
        return 0;
    for (const char *const *h = hidden; *h; h++)
        if (strcmp(key, *h) == 0)
            return 0;
    return 1;
}

/* The pairs "key\x1fvalue\x1e..." of a whole-row entry as "Label value,
 * Label value", in the user's language. */
static void pairs_text(const char *table, const char *pairs, char *buf, size_t size)
{
    buf[0] = '\0';
    char *copy = xstrdup(pairs), *save = NULL;
    for (char *p = strtok_r(copy, "\x1e", &save); p; p = strtok_r(NULL, "\x1e", &save)) {
        char *sep = strchr(p, '\x1f');
        if (sep == NULL)
            continue;
        *sep = '\0';
        const char *v = sep + 1;
        if (!shown_key(p) || v[0] == '\0')
            continue;
        const struct field_label *l = find_field(table, p);
        char value[512];
        value_text(l ? l->value : V_PLAIN, v, value, sizeof value);
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "", l ? _(l->label) : p, value);
    }
    free(copy);
}

void history_describe(const struct change_entry *c, char *buf, size_t size)
{
    const char *what = table_label(c->table);
    if (c->field[0] == '\0') {
        char before[512], after[512];
        pairs_text(c->table, c->old_pairs, before, sizeof before);
        pairs_text(c->table, c->new_pairs, after, sizeof after);
        if (strcmp(c->action, "update") == 0 && (before[0] || after[0])) {
            /* TRANSLATORS: when, who, a kind of record, before -> after. */
            snprintf(buf, size, _("%s  %s  %s: %s -> %s"), c->at, c->by, what,
                     before[0] ? before : "-", after[0] ? after : "-");
            return;
        }
        /* TRANSLATORS: what happened to a record, after its kind
         * ("guardian: added"); a noun in French avoids the agreement
         * ("titulaire : ajout"). */
        const char *verb = strcmp(c->action, "insert") == 0   ? _("added")
                           : strcmp(c->action, "delete") == 0 ? _("removed")
                                                              : _("changed");
        const char *detail = strcmp(c->action, "delete") == 0 ? before : after;
        if (detail[0])
            /* TRANSLATORS: when, who, a kind of record, created/deleted, what
             * it held. */
            snprintf(buf, size, _("%s  %s  %s: %s (%s)"), c->at, c->by, what, verb, detail);
        else
            /* TRANSLATORS: when, who, a kind of record, created/deleted. */
            snprintf(buf, size, _("%s  %s  %s: %s"), c->at, c->by, what, verb);
        return;
    }
    const struct field_label *l = find_field(c->table, c->field);
    char from[256], to[256];
    value_text(l ? l->value : V_PLAIN, c->old_value, from, sizeof from);
    value_text(l ? l->value : V_PLAIN, c->new_value, to, sizeof to);
    /* TRANSLATORS: when, who, the record, the field, old value, new value. */
    snprintf(buf, size, _("%s  %s  %s, %s: %s -> %s"), c->at, c->by, what,
             l ? _(l->label) : c->field, from, to);
}

static void change_row(sqlite3_stmt *st, struct change_entry *c)
{
    field_col(st, 0, c->at, sizeof c->at);
    field_col(st, 1, c->by, sizeof c->by);
    field_col(st, 2, c->table, sizeof c->table);
    field_col(st, 3, c->action, sizeof c->action);
    field_col(st, 4, c->field, sizeof c->field);
    field_col(st, 5, c->old_value, sizeof c->old_value);
    field_col(st, 6, c->new_value, sizeof c->new_value);
    field_col(st, 7, c->old_pairs, sizeof c->old_pairs);
    field_col(st, 8, c->new_pairs, sizeof c->new_pairs);
}

/* Whole rows (inserts, deletes, and the notes of tables without a rowid)
 * are JSON: their pairs come as "key\x1fvalue\x1e...", a student's id as
 * the student's name. */
#define PAIRS(col) \
    " ifnull((SELECT group_concat(j.key || char(31) || CASE WHEN j.key = 'student_id' THEN" \
    " ifnull((SELECT s.last_name || ', ' || s.first_name FROM student s WHERE s.id = j.value)," \
    " j.value) ELSE ifnull(j.value, '') END, char(30)) FROM json_each(CASE WHEN a.field IS NULL" \
    " AND json_valid(a." col ") THEN a." col " END) j), '')"
#define COLS "SELECT substr(datetime(a.at, 'localtime'), 1, 16), a.login, a.table_name, a.action," \
             " ifnull(a.field, ''), ifnull(substr(a.old_value, 1, 200), '')," \
             " ifnull(substr(a.new_value, 1, 200), '')," PAIRS("old_value") "," \
             PAIRS("new_value") " FROM audit_log a WHERE "
int history_recent(struct tt_db *db, int scope, int64_t id, struct change_entry *out, int max,
                   int *n, struct tt_error *err)
{
    sqlite3_stmt *st;
    *n = 0;
    switch (scope) {
    case HISTORY_STUDENT:
        st = db_stmt(db, COLS
            "(table_name = 'student' AND row_id = ?1)"
            " OR (table_name = 'guardian' AND row_id IN (SELECT id FROM guardian WHERE student_id = ?1))"
            " OR (table_name = 'referral' AND row_id IN (SELECT id FROM referral WHERE student_id = ?1))"
            " OR (table_name = 'consent' AND row_id IN (SELECT id FROM consent WHERE student_id = ?1))"
            " OR (table_name = 'membership' AND row_id IN"
            "     (SELECT id FROM membership WHERE student_id = ?1))"
            " OR (table_name = 'progress_note' AND row_id IN"
            "     (SELECT id FROM progress_note WHERE student_id = ?1))"
            " OR (table_name = 'partner_referral' AND row_id IN"
            "     (SELECT id FROM partner_referral WHERE student_id = ?1))"
            " OR (table_name IN ('referral_subject', 'referral_availability') AND row_id IN"
            "     (SELECT id FROM referral WHERE student_id = ?1))"
            " ORDER BY id DESC LIMIT ?2", err);
        break;
    case HISTORY_TUTOR:
        st = db_stmt(db, COLS
            "(table_name = 'tutor' AND row_id = ?1)"
            " OR (table_name IN ('tutor_rate', 'tutor_skill', 'tutor_availability')"
            "     AND row_id = ?1)"
            " ORDER BY id DESC LIMIT ?2", err);
        break;
    case HISTORY_GROUP:
        st = db_stmt(db, COLS
            "(table_name = 'tutoring_group' AND row_id = ?1)"
            " OR (table_name = 'membership' AND row_id IN"
            "     (SELECT id FROM membership WHERE group_id = ?1))"
            " OR (table_name = 'group_tutor_history' AND row_id IN"
            "     (SELECT id FROM group_tutor_history WHERE group_id = ?1))"
            " OR (table_name = 'session' AND action <> 'insert' AND row_id IN"
            "     (SELECT id FROM session WHERE group_id = ?1))"
            " OR (table_name = 'group_slot' AND row_id = ?1)"
            " OR (table_name = 'attendance' AND row_id IN"
            "     (SELECT id FROM session WHERE group_id = ?1))"
            " ORDER BY id DESC LIMIT ?2", err);
        break;
    default:
        return tt_error_set(err, TT_ERR_INVALID, "%s", _("Unknown kind of history."));
    }
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, max);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW && *n < max)
        change_row(st, &out[(*n)++]);
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_fail(db, s, err, _("Reading the history"));
    return TT_OK;
}
