#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "i18n.h"
#include "schema.h"
#include "store.h"
#include "text.h"
#include "util.h"

/* Keyset paging.  Every sort order is (group, key, tie-break id): the group
 * is what the user sorted by when many rows share it (a level, a status, a
 * school), the key orders the rows of a group (most often the folded name)
 * and the id makes each place unique.  A schema v4 index gives each order
 * whole, so a page after a row is two seeks at most: the rest of the row's
 * group (group = ?19 AND (key, id) > (?20, ?21)), then the next groups
 * (group > ?19).  Orders without groups take the first only.
 *
 * Each statement is its own literal: ORDER BY cannot take a parameter and
 * SQL is never assembled at run time.  The macros below write, for one
 * order, every statement the store runs on it: SEL is the select list (the
 * id, then the columns shown), FW the FROM clause and a WHERE ending on a
 * condition, CFW the same for counting (without the joins only shown
 * columns need), G, K and T the group, key and id.  Parameters: ?1 the
 * limit, ?3 to ?10 and ?30 to ?33 the filters, ?19 ?20 ?21 the anchor. */
enum {
    ST_FIRST_ASC, ST_FIRST_DESC,        /* the first rows either way */
    ST_WITHIN_ASC, ST_WITHIN_DESC,      /* from the anchor, in its group */
    ST_NEXT_ASC, ST_NEXT_DESC,          /* the groups after the anchor's */
    ST_RANK_GROUP_LT, ST_RANK_GROUP_GT, /* rows in the groups before/after */
    ST_RANK_WITHIN_LT, ST_RANK_WITHIN_GT, /* rows of its group before/after */
    ST_AGAIN,                           /* the row with the anchor's id */
    ST_OFFSET_ASC, ST_OFFSET_DESC,      /* the keys of the row at ?2 (store_fetch) */
    ST__COUNT
};

#define ROW_(SEL, G, K, T) SEL ", " G ", " K ", " T
#define KEYSET_G(SEL, FW, CFW, G, K, T) { \
    [ST_FIRST_ASC] = ROW_(SEL, G, K, T) FW " ORDER BY " G ", " K ", " T " LIMIT ?1", \
    [ST_FIRST_DESC] = ROW_(SEL, G, K, T) FW \
        " ORDER BY " G " DESC, " K " DESC, " T " DESC LIMIT ?1", \
    [ST_WITHIN_ASC] = ROW_(SEL, G, K, T) FW " AND " G " = ?19 AND " K " >= ?20 AND (" K ", " \
        T ") >= (?20, ?21) ORDER BY " K ", " T " LIMIT ?1", \
    [ST_WITHIN_DESC] = ROW_(SEL, G, K, T) FW " AND " G " = ?19 AND " K " <= ?20 AND (" K ", " \
        T ") <= (?20, ?21) ORDER BY " K " DESC, " T " DESC LIMIT ?1", \
    [ST_NEXT_ASC] = ROW_(SEL, G, K, T) FW " AND " G " > ?19 ORDER BY " G ", " K ", " T \
        " LIMIT ?1", \
    [ST_NEXT_DESC] = ROW_(SEL, G, K, T) FW " AND " G " < ?19 ORDER BY " G " DESC, " K \
        " DESC, " T " DESC LIMIT ?1", \
    [ST_RANK_GROUP_LT] = "SELECT count(*)" CFW " AND " G " < ?19", \
    [ST_RANK_GROUP_GT] = "SELECT count(*)" CFW " AND " G " > ?19", \
    [ST_RANK_WITHIN_LT] = "SELECT count(*)" CFW " AND " G " = ?19 AND " K " <= ?20 AND (" K \
        ", " T ") < (?20, ?21)", \
    [ST_RANK_WITHIN_GT] = "SELECT count(*)" CFW " AND " G " = ?19 AND " K " >= ?20 AND (" K \
        ", " T ") > (?20, ?21)", \
    [ST_AGAIN] = ROW_(SEL, G, K, T) FW " AND " T " = ?21", \
    [ST_OFFSET_ASC] = "SELECT " G ", " K ", " T CFW " ORDER BY " G ", " K ", " T \
        " LIMIT 1 OFFSET ?2", \
    [ST_OFFSET_DESC] = "SELECT " G ", " K ", " T CFW " ORDER BY " G " DESC, " K " DESC, " T \
        " DESC LIMIT 1 OFFSET ?2" }
/* Without groups the group column is NULL and never compared. */
#define KEYSET_1(SEL, FW, CFW, K, T) { \
    [ST_FIRST_ASC] = ROW_(SEL, "NULL", K, T) FW " ORDER BY " K ", " T " LIMIT ?1", \
    [ST_FIRST_DESC] = ROW_(SEL, "NULL", K, T) FW " ORDER BY " K " DESC, " T " DESC LIMIT ?1", \
    [ST_WITHIN_ASC] = ROW_(SEL, "NULL", K, T) FW " AND " K " >= ?20 AND (" K ", " T \
        ") >= (?20, ?21) ORDER BY " K ", " T " LIMIT ?1", \
    [ST_WITHIN_DESC] = ROW_(SEL, "NULL", K, T) FW " AND " K " <= ?20 AND (" K ", " T \
        ") <= (?20, ?21) ORDER BY " K " DESC, " T " DESC LIMIT ?1", \
    [ST_RANK_WITHIN_LT] = "SELECT count(*)" CFW " AND " K " <= ?20 AND (" K ", " T \
        ") < (?20, ?21)", \
    [ST_RANK_WITHIN_GT] = "SELECT count(*)" CFW " AND " K " >= ?20 AND (" K ", " T \
        ") > (?20, ?21)", \
    [ST_AGAIN] = ROW_(SEL, "NULL", K, T) FW " AND " T " = ?21", \
    [ST_OFFSET_ASC] = "SELECT NULL, " K ", " T CFW " ORDER BY " K ", " T " LIMIT 1 OFFSET ?2", \
    [ST_OFFSET_DESC] = "SELECT NULL, " K ", " T CFW " ORDER BY " K " DESC, " T \
        " DESC LIMIT 1 OFFSET ?2" }

/* A searched list is read one of two ways.  Walking the order's index and
 * keeping the rows that match costs the rows walked: little when matches
 * are many ("t" matches a student in six).  Taking the matches and sorting
 * them costs the matches: little when they are few.  The walk goes first,
 * within a few milliseconds (WALK_BUDGET_MS); past them, the search has few
 * matches spread wide, and the sorted way takes over for the rest of this
 * search (q->plan).  The sorted statements hide the keys from the indexes
 * with a unary + (or read the folded names stored apart), so SQLite starts
 * from the matches.  Two cases go further: a search by name in name order
 * (read_split) and a filter without search (filter_drive). */
struct order {
    int grouped;
    int newest_first;           /* reads its index backwards when not reversed */
    const char *walk[ST__COUNT];
    const char *sorted[ST__COUNT];  /* NULL: the list has no search */
    const char *light[ST__COUNT];   /* sorted, when no filter is set (optional) */
};
/* SK: the key as the sorted statements read it, the same values as K. */
#define ORDER_G(SEL, FW, CFW, SFW, SCFW, G, K, SK, T) \
    { 1, 0, KEYSET_G(SEL, FW, CFW, G, K, T), KEYSET_G(SEL, SFW, SCFW, "+(" G ")", SK, T), \
      { NULL } }
#define ORDER_1(SEL, FW, CFW, SFW, SCFW, K, SK, T) \
    { 0, 0, KEYSET_1(SEL, FW, CFW, K, T), KEYSET_1(SEL, SFW, SCFW, SK, T), { NULL } }
#define ORDER_G_ONLY(SEL, FW, CFW, G, K, T) \
    { 1, 0, KEYSET_G(SEL, FW, CFW, G, K, T), { NULL }, { NULL } }
#define ORDER_1_ONLY(SEL, FW, CFW, K, T) { 0, 0, KEYSET_1(SEL, FW, CFW, K, T), { NULL }, { NULL } }

#define NAME_KEY_S TT_SQL_NAME_KEY("s.")
#define NAME_KEY_T TT_SQL_NAME_KEY("t.")

/* ---- students ------------------------------------------------------------ */

/* The filters, apart from the search.  The latest referral's and consent's
 * statuses are kept on the student row by triggers. */
#define STUDENTS_FILTERS \
    " (?4 IS NULL OR s.school_id = ?4) AND (?5 IS NULL OR s.level = ?5)" \
    " AND (?6 IS NULL OR ifnull(s.referral_status, 'none') = ?6)" \
    " AND (?7 IS NULL OR (SELECT r2.priority FROM referral r2 WHERE r2.student_id = s.id" \
    "   ORDER BY r2.referral_date DESC, r2.id DESC LIMIT 1) = ?7)" \
    " AND (?8 IS NULL OR EXISTS (SELECT 1 FROM referral r3 JOIN referral_subject rs" \
    "   ON rs.referral_id = r3.id WHERE r3.student_id = s.id AND rs.subject = ?8))" \
    " AND (?9 IS NULL OR ifnull(s.consent_status, 'none') = ?9)"
/* The walk checks the typed words (up to four, folded) on the search key
 * row by row, as the full-text index would: a word of the key starts with
 * each.  The sorted way asks the full-text index. */
#define STUDENTS_WORD(n) \
    " AND (?" n " IS NULL OR (' ' || s.search_key) LIKE '% ' || ?" n " || '%')"
#define STUDENTS_FROM " FROM student s JOIN school sc ON sc.id = s.school_id WHERE"
#define STUDENTS_WALK \
    STUDENTS_FROM STUDENTS_FILTERS STUDENTS_WORD("30") STUDENTS_WORD("31") STUDENTS_WORD("32") \
    STUDENTS_WORD("33")
/* The sorted way reads the folded names from student_fts_order, where the
 * schema's triggers keep them: computing one costs microseconds, which
 * thousands of matches cannot afford. */
#define STUDENTS_FTS_WHERE \
    " s.id IN (SELECT rowid FROM student_fts WHERE student_fts MATCH ?3) AND" STUDENTS_FILTERS
#define STUDENTS_FTS STUDENTS_FROM STUDENTS_FTS_WHERE
#define STUDENTS_SORTED \
    " FROM student s JOIN school sc ON sc.id = s.school_id" \
    " JOIN student_fts_order o ON o.id = s.id WHERE" STUDENTS_FTS_WHERE
#define STUDENTS_SEL \
    "SELECT s.id, s.last_name, s.first_name, s.local_number, sc.code, s.level," \
    " s.code_permanent, s.referral_status, s.consent_status"
/* Counting needs no school: the rows' place in an order of the student's
 * own columns is read off the index alone. */
#define STUDENTS_COUNT_FW \
    " FROM student s WHERE" STUDENTS_FILTERS STUDENTS_WORD("30") STUDENTS_WORD("31") \
    STUDENTS_WORD("32") STUDENTS_WORD("33")
#define STUDENTS_G(G, K, SK) ORDER_G(STUDENTS_SEL, STUDENTS_WALK, STUDENTS_COUNT_FW, \
                                     STUDENTS_SORTED, STUDENTS_SORTED, G, K, SK, "s.id")
#define STUDENTS_1(K, SK) ORDER_1(STUDENTS_SEL, STUDENTS_WALK, STUDENTS_COUNT_FW, STUDENTS_SORTED, \
                                  STUDENTS_SORTED, K, SK, "s.id")
/* By school, SQLite must go through the schools in code order and take
 * each one's students off the (school, name) index; left to itself it
 * reads every student and sorts them.  CROSS JOIN fixes the order. */
#define STUDENTS_BY_SCHOOL \
    " FROM school sc CROSS JOIN student s ON sc.id = s.school_id WHERE" STUDENTS_FILTERS \
    STUDENTS_WORD("30") STUDENTS_WORD("31") STUDENTS_WORD("32") STUDENTS_WORD("33")

/* Searching by name without filters, the sorted way need not touch the
 * students but the page's: their folded names and ids sort in
 * student_fts_order alone. */
#define LIGHT_MATCHES \
    " FROM student_fts f JOIN student_fts_order k ON k.id = f.rowid WHERE student_fts MATCH ?3"
#define LIGHT_PAGE(W, DESC) \
    STUDENTS_SEL ", NULL, o.name_key, o.id FROM (SELECT k.id, k.name_key" LIGHT_MATCHES W \
    " ORDER BY k.name_key" DESC ", k.id" DESC " LIMIT ?1) o JOIN student s ON s.id = o.id" \
    " JOIN school sc ON sc.id = s.school_id ORDER BY o.name_key" DESC ", o.id" DESC
#define LIGHT_COUNT(W) "SELECT count(*)" LIGHT_MATCHES W
#define LIGHT_NAME_ORDER { \
    [ST_FIRST_ASC] = LIGHT_PAGE("", ""), \
    [ST_FIRST_DESC] = LIGHT_PAGE("", " DESC"), \
    [ST_WITHIN_ASC] = LIGHT_PAGE(" AND k.name_key >= ?20 AND (k.name_key, k.id) >= (?20, ?21)", \
                                 ""), \
    [ST_WITHIN_DESC] = LIGHT_PAGE(" AND k.name_key <= ?20 AND (k.name_key, k.id) <= (?20, ?21)", \
                                  " DESC"), \
    [ST_RANK_WITHIN_LT] = \
        LIGHT_COUNT(" AND k.name_key <= ?20 AND (k.name_key, k.id) < (?20, ?21)"), \
    [ST_RANK_WITHIN_GT] = \
        LIGHT_COUNT(" AND k.name_key >= ?20 AND (k.name_key, k.id) > (?20, ?21)") }

/* Searching by name in name order, the students whose name starts with
 * the first word typed, p, come first, then the other matches (by a first
 * name, a second last name...), each part in name order.  The first part
 * is a range of the name index, [p, p+) with p+ p's last letter moved up
 * one: walked, the first page costs what 21 rows cost even when p is a
 * tenth of the students (Tremblay, in some regions), where taking the
 * matches and sorting them would cost them all.  The rest is the ranges
 * before p and from p+, read the same way.  ?25 and ?26 bound a range. */
#define SPLIT_WALK(OP, BOUND, DESC) \
    STUDENTS_SEL ", NULL, " NAME_KEY_S ", s.id" STUDENTS_WALK " AND " NAME_KEY_S " " OP \
    "= ?20 AND (" NAME_KEY_S ", s.id) " OP "= (?20, ?21) AND " NAME_KEY_S BOUND \
    " ORDER BY " NAME_KEY_S DESC ", s.id" DESC " LIMIT ?1"
#define SPLIT_SORTED(OP, BOUND, DESC) \
    STUDENTS_SEL ", NULL, o.name_key, o.id FROM (SELECT k.id, k.name_key" LIGHT_MATCHES \
    " AND k.name_key " OP "= ?20 AND (k.name_key, k.id) " OP "= (?20, ?21) AND k.name_key" BOUND \
    " ORDER BY k.name_key" DESC ", k.id" DESC " LIMIT ?1) o JOIN student s ON s.id = o.id" \
    " JOIN school sc ON sc.id = s.school_id ORDER BY o.name_key" DESC ", o.id" DESC
/* The matches of [?25, ?26) before or after (?20, ?21). */
#define SPLIT_RANK(OP) \
    LIGHT_COUNT(" AND k.name_key >= ?25 AND k.name_key < ?26 AND (k.name_key, k.id) " OP \
                " (?20, ?21)")
enum { SP_WALK_ASC, SP_WALK_DESC, SP_SORTED_ASC, SP_SORTED_DESC, SP_RANK_LT, SP_RANK_GT,
       SP__COUNT };
static const char *const split_sql[SP__COUNT] = {
    [SP_WALK_ASC] = SPLIT_WALK(">", " < ?26", ""),
    [SP_WALK_DESC] = SPLIT_WALK("<", " >= ?25", " DESC"),
    [SP_SORTED_ASC] = SPLIT_SORTED(">", " < ?26", ""),
    [SP_SORTED_DESC] = SPLIT_SORTED("<", " >= ?25", " DESC"),
    [SP_RANK_LT] = SPLIT_RANK("<"),
    [SP_RANK_GT] = SPLIT_RANK(">"),
};

/* One order per column of the Students screen, in its column order. */
static const struct order students_orders[] = {
    { 0, 0, KEYSET_1(STUDENTS_SEL, STUDENTS_WALK, STUDENTS_COUNT_FW, NAME_KEY_S, "s.id"),
      KEYSET_1(STUDENTS_SEL, STUDENTS_SORTED, STUDENTS_SORTED, "o.name_key", "s.id"),
      LIGHT_NAME_ORDER },
    STUDENTS_1("s.local_number", "+s.local_number"),
    ORDER_G(STUDENTS_SEL, STUDENTS_BY_SCHOOL, STUDENTS_BY_SCHOOL, STUDENTS_SORTED, STUDENTS_SORTED,
            "sc.code", NAME_KEY_S, "o.name_key", "s.id"),
    STUDENTS_G(TT_SQL_LEVEL_RANK("s.level"), NAME_KEY_S, "o.name_key"),
    STUDENTS_1("ifnull(s.code_permanent, '')", "+ifnull(s.code_permanent, '')"),
    STUDENTS_G(TT_SQL_REFERRAL_RANK("s.referral_status"), NAME_KEY_S, "o.name_key"),
    STUDENTS_G(TT_SQL_CONSENT_RANK("s.consent_status"), NAME_KEY_S, "o.name_key"),
};

/* ---- tutors -------------------------------------------------------------- */

#define TUTORS_WHERE \
    " WHERE (?3 IS NULL OR t.search_key LIKE '%' || ?3 || '%')" \
    " AND (?4 IS NULL OR t.school_id = ?4) AND (?5 IS NULL OR t.status = ?5)" \
    " AND (?6 IS NULL OR t.category = ?6) AND (?7 IS NULL OR t.source = ?7)" \
    " AND (?8 IS NULL OR (t.answered_on IS NULL AND t.status <> 'withdrawn'))" \
    " AND (?9 IS NULL OR EXISTS (SELECT 1 FROM tutor_skill k WHERE k.tutor_id = t.id" \
    "   AND k.subject = ?9))" \
    " AND (?10 IS NULL OR EXISTS (SELECT 1 FROM tutor_skill k2 WHERE k2.tutor_id = t.id" \
    "   AND k2.level = ?10))"
#define TUTORS_FW " FROM tutor t" TUTORS_WHERE
#define TUTORS_SEL \
    "SELECT t.id, t.last_name, t.first_name, t.category, t.source, t.status, t.applied_on," \
    " t.answered_on, t.check_status"
#define TUTORS_G(G) ORDER_G(TUTORS_SEL, TUTORS_FW, TUTORS_FW, TUTORS_FW, TUTORS_FW, G, NAME_KEY_T, \
                            "+(" NAME_KEY_T ")", "t.id")
#define TUTORS_1(K) ORDER_1(TUTORS_SEL, TUTORS_FW, TUTORS_FW, TUTORS_FW, TUTORS_FW, K, "+(" K ")", \
                            "t.id")
static const struct order tutors_orders[] = {
    TUTORS_1(NAME_KEY_T),
    TUTORS_G("t.category"),
    TUTORS_G("t.source"),
    TUTORS_G(TT_SQL_TUTOR_RANK("t.status")),
    TUTORS_1("ifnull(t.applied_on, '')"),
    TUTORS_1("ifnull(t.answered_on, '')"),
    TUTORS_G("t.check_status"),
};

#define UNANSWERED_SEL \
    "SELECT t.id, t.last_name, t.first_name, t.category, t.applied_on," \
    " CAST(julianday(?3) - julianday(ifnull(t.applied_on, t.status_date)) AS INTEGER)," \
    " t.email, t.status"
#define UNANSWERED_FW " FROM tutor t WHERE t.answered_on IS NULL AND t.status <> 'withdrawn'"
static const struct order unanswered_orders[] = {
    ORDER_1_ONLY(UNANSWERED_SEL, UNANSWERED_FW, UNANSWERED_FW,
                 "ifnull(t.applied_on, t.status_date)", "t.id"),
};

/* ---- groups -------------------------------------------------------------- */

/* ?3 typed words in the group's name, ?4 the same folded for the tutor's
 * search key, ?5 status, ?6 subject. */
#define GROUPS_WHERE \
    " WHERE (?3 IS NULL OR g.name LIKE '%' || ?3 || '%' OR t.search_key LIKE '%' || ?4 || '%')" \
    " AND (?5 IS NULL OR g.status = ?5) AND (?6 IS NULL OR g.subject = ?6)"
#define GROUPS_FW " FROM tutoring_group g JOIN tutor t ON t.id = g.tutor_id" GROUPS_WHERE
#define GROUPS_SEL \
    "SELECT g.id, g.name, t.last_name || ', ' || t.first_name, g.subject, g.level_band," \
    " g.modality," \
    " (SELECT count(*) FROM membership m WHERE m.group_id = g.id AND m.left_on IS NULL)," \
    " g.size_limit, g.status, g.start_date"
/* By the name as written (tests/e2e/hostile.sh counts its way to a group
 * in that order). */
static const struct order groups_orders[] = {
    ORDER_1(GROUPS_SEL, GROUPS_FW, GROUPS_FW, GROUPS_FW, GROUPS_FW, "g.name", "+g.name", "g.id"),
};

/* ---- sessions ------------------------------------------------------------ */

#define SESSIONS_SEL \
    "SELECT se.id, se.session_date, se.start_min, g.name, t.last_name || ', ' || t.first_name," \
    " se.modality, se.status, se.planned_minutes," \
    " (SELECT count(*) FROM attendance a WHERE a.session_id = se.id AND a.status = 'present')"
#define SESSIONS_FROM \
    " FROM session se JOIN tutoring_group g ON g.id = se.group_id" \
    " JOIN tutor t ON t.id = se.tutor_id WHERE"
/* Every session, the latest first: the order reads backwards. */
static const struct order sessions_orders[] = {
    { 1, 1, KEYSET_G(SESSIONS_SEL, SESSIONS_FROM " 1", " FROM session se WHERE 1",
                     "se.session_date", "se.start_min", "se.id"), { NULL }, { NULL } },
};
/* status = 'planned' as such, so SQLite takes the index of planned ones. */
#define TO_COMPLETE_WHERE \
    " se.status = 'planned' AND se.session_date < ?3" \
    " AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)"
static const struct order to_complete_orders[] = {
    ORDER_G_ONLY(SESSIONS_SEL, SESSIONS_FROM TO_COMPLETE_WHERE,
                 " FROM session se WHERE" TO_COMPLETE_WHERE, "se.session_date", "se.start_min",
                 "se.id"),
};
static const struct order today_orders[] = {
    ORDER_1_ONLY(SESSIONS_SEL, SESSIONS_FROM " se.session_date = ?3",
                 " FROM session se WHERE se.session_date = ?3", "se.start_min", "se.id"),
};

/* ---- work lists ---------------------------------------------------------- */

#define TO_DECIDE_SEL \
    "SELECT s.id, r.referral_date, s.last_name, s.first_name, sc.code, s.level," \
    " (SELECT group_concat(subject, ' ') FROM referral_subject WHERE referral_id = r.id)," \
    " r.priority, r.referrer_name"
#define TO_DECIDE_FW \
    " FROM referral r JOIN student s ON s.id = r.student_id JOIN school sc ON sc.id = r.school_id" \
    " WHERE r.status = 'received'"
static const struct order to_decide_orders[] = {
    ORDER_G_ONLY(TO_DECIDE_SEL, TO_DECIDE_FW, " FROM referral r WHERE r.status = 'received'",
                 "r.priority", "r.referral_date", "r.id"),
};

#define AWAITING_SEL \
    "SELECT s.id, s.last_name, s.first_name, sc.code," \
    " CAST(julianday(?3) - julianday(r.status_date) AS INTEGER)," \
    " g.full_name, g.phone, g.email"
#define AWAITING_FW \
    " FROM referral r JOIN student s ON s.id = r.student_id JOIN school sc ON sc.id = r.school_id" \
    " LEFT JOIN guardian g ON g.student_id = s.id AND g.rank = 1" \
    " WHERE r.status = 'awaiting_consent'"
static const struct order awaiting_orders[] = {
    ORDER_1_ONLY(AWAITING_SEL, AWAITING_FW,
                 " FROM referral r WHERE r.status = 'awaiting_consent'", "r.status_date", "r.id"),
};

#define EXPIRING_SEL \
    "SELECT s.id, s.last_name, s.first_name, c.purpose, c.expires_on," \
    " CAST(julianday(c.expires_on) - julianday(?3) AS INTEGER), g.full_name, g.phone, g.email"
#define EXPIRING_WHERE " WHERE c.status = 'given' AND c.expires_on BETWEEN ?3 AND ?4"
#define EXPIRING_FW \
    " FROM consent c JOIN student s ON s.id = c.student_id" \
    " LEFT JOIN guardian g ON g.student_id = s.id AND g.rank = 1" EXPIRING_WHERE
static const struct order expiring_orders[] = {
    ORDER_1_ONLY(EXPIRING_SEL, EXPIRING_FW, " FROM consent c" EXPIRING_WHERE, "c.expires_on",
                 "c.id"),
};

enum { SEARCH_NONE, SEARCH_FTS, SEARCH_LIKE };

static const struct list_def {
    const struct order *orders;
    int n_orders;
    int n_cols;                 /* columns shown, after the id */
    int search;                 /* how q->search is matched */
    const char *count_sql;
    const char *count_search_sql;   /* SEARCH_FTS: when words are typed */
    const char *count_light_sql;    /* the same without filters (optional) */
} lists[LIST__COUNT] = {
    [LIST_STUDENTS] = { students_orders, TT_ARRAY_LEN(students_orders), 8, SEARCH_FTS,
                        "SELECT count(*) FROM student s WHERE" STUDENTS_FILTERS,
                        "SELECT count(*)" STUDENTS_FTS,
                        "SELECT count(*) FROM student_fts WHERE student_fts MATCH ?3" },
    [LIST_TUTORS] = { tutors_orders, TT_ARRAY_LEN(tutors_orders), 8, SEARCH_LIKE,
                      "SELECT count(*)" TUTORS_FW, NULL },
    [LIST_GROUPS] = { groups_orders, TT_ARRAY_LEN(groups_orders), 9, SEARCH_LIKE,
                      "SELECT count(*)" GROUPS_FW, NULL },
    [LIST_SESSIONS] = { sessions_orders, TT_ARRAY_LEN(sessions_orders), 8, SEARCH_NONE,
                        "SELECT count(*) FROM session WHERE 1", NULL },
    [LIST_TO_DECIDE] = { to_decide_orders, TT_ARRAY_LEN(to_decide_orders), 8, SEARCH_NONE,
                         "SELECT count(*) FROM referral WHERE status = 'received'", NULL },
    [LIST_AWAITING_CONSENT] = { awaiting_orders, TT_ARRAY_LEN(awaiting_orders), 7, SEARCH_NONE,
                                "SELECT count(*) FROM referral WHERE status = 'awaiting_consent'",
                                NULL },
    [LIST_CONSENTS_EXPIRING] = { expiring_orders, TT_ARRAY_LEN(expiring_orders), 8, SEARCH_NONE,
                                 "SELECT count(*) FROM consent c" EXPIRING_WHERE, NULL },
    [LIST_UNANSWERED] = { unanswered_orders, TT_ARRAY_LEN(unanswered_orders), 7, SEARCH_NONE,
                          "SELECT count(*)" UNANSWERED_FW, NULL },
    [LIST_TO_COMPLETE] = { to_complete_orders, TT_ARRAY_LEN(to_complete_orders), 8, SEARCH_NONE,
                           "SELECT count(*) FROM session se WHERE" TO_COMPLETE_WHERE, NULL },
    [LIST_TODAY] = { today_orders, TT_ARRAY_LEN(today_orders), 8, SEARCH_NONE,
                     "SELECT count(*) FROM session se WHERE se.session_date = ?3", NULL },
};

int store_sort_count(int list)
{
    return list >= 0 && list < LIST__COUNT ? lists[list].n_orders : 0;
}

static const struct order *order_of(const struct store_query *q)
{
    const struct list_def *l = &lists[q->list];
    return &l->orders[q->sort >= 0 && q->sort < l->n_orders ? q->sort : 0];
}

char *store_match_expression(const char *typed)
{
    if (typed == NULL)
        return NULL;
    char *folded = text_fold(typed);
    /* Each word becomes a quoted prefix term; quotes cannot occur in a
     * folded word, so nothing typed can change the query's meaning. */
    size_t cap = strlen(folded) * 2 + 16, len = 0;
    char *out = xmalloc(cap);
    out[0] = '\0';
    char *save = NULL;
    for (char *w = strtok_r(folded, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        len += (size_t)snprintf(out + len, cap - len, "%s\"%s\"*", len ? " " : "", w);
    }
    free(folded);
    if (len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && v[0])
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

#define MAX_WALK_WORDS 4

/* The typed words, folded, for the walk's LIKE tests: how many (more than
 * MAX_WALK_WORDS means the walk cannot check them all). */
static int bind_words(sqlite3_stmt *st, const char *typed)
{
    char *folded = text_fold(typed ? typed : "");
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(folded, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (n < MAX_WALK_WORDS && st)
            sqlite3_bind_text(st, 30 + n, w, -1, SQLITE_TRANSIENT);
        n++;
    }
    free(folded);
    return n;
}

/* Parameters ?3 and up are the filters, shared by a list's count and rows;
 * a statement without one of them ignores its binding. */
static void bind_filters(sqlite3_stmt *st, const struct store_query *q)
{
    if (q->list == LIST_TUTORS) {
        char *folded = q->search ? text_fold(q->search) : NULL;
        if (folded && folded[0])
            sqlite3_bind_text(st, 3, folded, -1, SQLITE_TRANSIENT);
        free(folded);
        if (q->school_id > 0)
            sqlite3_bind_int64(st, 4, q->school_id);
        bind_opt_text(st, 5, q->status);
        bind_opt_text(st, 6, q->category);
        bind_opt_text(st, 7, q->source);
        if (q->unanswered)
            sqlite3_bind_int(st, 8, 1);
        bind_opt_text(st, 9, q->subject);
        bind_opt_text(st, 10, q->level);
        return;
    }
    if (q->list == LIST_GROUPS) {
        char *folded = q->search ? text_fold(q->search) : NULL;
        if (folded && folded[0]) {
            sqlite3_bind_text(st, 3, q->search, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, folded, -1, SQLITE_TRANSIENT);
        }
        free(folded);
        bind_opt_text(st, 5, q->status);
        bind_opt_text(st, 6, q->subject);
        return;
    }
    if (q->list == LIST_TO_DECIDE || q->list == LIST_AWAITING_CONSENT ||
        q->list == LIST_CONSENTS_EXPIRING || q->list == LIST_UNANSWERED ||
        q->list == LIST_TO_COMPLETE || q->list == LIST_TODAY) {
        char today[11], horizon[11];
        date_iso(q->today, today);
        date_iso(q->today + q->days, horizon);
        sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
        if (q->list == LIST_CONSENTS_EXPIRING)
            sqlite3_bind_text(st, 4, horizon, -1, SQLITE_TRANSIENT);
        return;
    }
    if (q->list != LIST_STUDENTS)
        return;
    char *match = store_match_expression(q->search);
    if (match)
        sqlite3_bind_text(st, 3, match, -1, SQLITE_TRANSIENT);
    free(match);
    bind_words(st, q->search);
    if (q->school_id > 0)
        sqlite3_bind_int64(st, 4, q->school_id);
    bind_opt_text(st, 5, q->level);
    bind_opt_text(st, 6, q->status);
    if (q->priority > 0)
        sqlite3_bind_int(st, 7, q->priority);
    bind_opt_text(st, 8, q->subject);
    bind_opt_text(st, 9, q->consent);
}

/* Whether the query has words to search for, in a list that searches. */
static int searching(const struct store_query *q)
{
    if (lists[q->list].search == SEARCH_NONE || q->search == NULL)
        return 0;
    char *folded = text_fold(q->search);
    int yes = folded[0] != '\0';
    free(folded);
    return yes;
}

/* Whether a filter narrows the list (the search aside). */
static int filtered(const struct store_query *q)
{
    return q->school_id || q->level || q->status || q->subject || q->consent || q->priority ||
           q->category || q->source || q->unanswered;
}

int store_was_interrupted(struct tt_db *db)
{
    return sqlite3_errcode(db_handle(db)) == SQLITE_INTERRUPT;
}

static int step_count(struct tt_db *db, sqlite3_stmt *st, long *out, struct tt_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? TT_OK : db_fail(db, rc, err, _("Reading the list"));
}

/* The whole table, off its smallest index.  "WHERE 1" keeps SQLite from
 * counting in one step, which a key pressed meanwhile could not stop (the
 * shell's progress handler runs between steps). */
static const char *const whole[LIST__COUNT] = {
    [LIST_STUDENTS] = "SELECT count(*) FROM student WHERE 1",
    [LIST_TUTORS] = "SELECT count(*) FROM tutor WHERE 1",
    [LIST_GROUPS] = "SELECT count(*) FROM tutoring_group WHERE 1",
};

static int filter_drive(struct tt_db *db, const struct store_query *q, int *sort,
                        sqlite3_value **g);
static void group_edge(struct tt_db *db, sqlite3_value *g, int dir, struct store_row *out);
static int rank_part(struct tt_db *db, const struct store_query *q, const char *sql,
                     const struct store_row *anchor, long *out, struct tt_error *err);

int store_count(struct tt_db *db, const struct store_query *q, long *count,
                struct tt_error *err)
{
    *count = 0;
    int drive_sort;
    sqlite3_value *g = NULL;
    if (filter_drive(db, q, &drive_sort, &g)) {
        /* Its group's rows, counted off the index. */
        struct store_row edge;
        group_edge(db, g, 1, &edge);
        sqlite3_value_free(g);
        int rc = rank_part(db, q, students_orders[drive_sort].walk[ST_RANK_WITHIN_LT], &edge, count,
                           err);
        store_rows_clear(&edge, 1);
        return rc;
    }
    const struct list_def *l = &lists[q->list];
    const char *sql = l->count_sql;
    if (whole[q->list] && !filtered(q) && !searching(q))
        sql = whole[q->list];
    if (searching(q) && l->count_search_sql)
        sql = l->count_light_sql && !filtered(q) ? l->count_light_sql : l->count_search_sql;
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    bind_filters(st, q);
    return step_count(db, st, count, err);
}

void store_rows_clear(struct store_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < STORE_MAX_COLS; c++) {
            free(rows[i].col[c]);
            rows[i].col[c] = NULL;
        }
        for (int k = 0; k < STORE_KEYS; k++) {
            sqlite3_value_free(rows[i].key[k]);
            rows[i].key[k] = NULL;
        }
    }
}

void store_row_copy(struct store_row *dst, const struct store_row *src)
{
    memset(dst, 0, sizeof *dst);
    dst->id = src->id;
    for (int c = 0; c < STORE_MAX_COLS; c++)
        dst->col[c] = src->col[c] ? xstrdup(src->col[c]) : NULL;
    for (int k = 0; k < STORE_KEYS; k++)
        dst->key[k] = src->key[k] ? sqlite3_value_dup(src->key[k]) : NULL;
}

/* Appends the statement's rows to rows[*n] up to limit; returns SQLite's
 * last code (SQLITE_DONE when the rows ran out). */
static int read_rows(sqlite3_stmt *st, int n_cols, int limit, struct store_row *rows, int *n)
{
    int rc = SQLITE_DONE;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_row *r = &rows[*n];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        for (int c = 0; c < n_cols && c < STORE_MAX_COLS; c++) {
            const unsigned char *v = sqlite3_column_text(st, c + 1);
            r->col[c] = v ? xstrdup((const char *)v) : NULL;
        }
        for (int k = 0; k < STORE_KEYS; k++)
            r->key[k] = sqlite3_value_dup(sqlite3_column_value(st, n_cols + 1 + k));
        (*n)++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* The anchor's values as ?19 (group), ?20 (key) and ?21 (id); step moves
 * the id one further, to start after the anchor rather than at it. */
static void bind_anchor(sqlite3_stmt *st, const struct store_row *anchor, int step)
{
    if (anchor->key[0])
        sqlite3_bind_value(st, 19, anchor->key[0]);
    if (anchor->key[1])
        sqlite3_bind_value(st, 20, anchor->key[1]);
    if (anchor->key[2])
        sqlite3_bind_int64(st, 21, sqlite3_value_int64(anchor->key[2]) + step);
}

static int run_page(struct tt_db *db, const struct store_query *q, const char *const *sql,
                    int grouped, int desc, const struct store_row *anchor, int step, long skip,
                    int limit, struct store_row *rows, int *n, struct tt_error *err)
{
    const struct list_def *l = &lists[q->list];
    int rc = SQLITE_DONE;
    for (int part = 0; part < (anchor && grouped ? 2 : 1) && *n < limit; part++) {
        int kind = anchor == NULL ? (desc ? ST_FIRST_DESC : ST_FIRST_ASC)
                   : part == 0    ? (desc ? ST_WITHIN_DESC : ST_WITHIN_ASC)
                                  : (desc ? ST_NEXT_DESC : ST_NEXT_ASC);
        sqlite3_stmt *st = db_stmt(db, sql[kind], err);
        if (st == NULL)
            return -1;
        bind_filters(st, q);
        if (anchor)
            bind_anchor(st, anchor, step);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)(limit - *n) + skip);
        /* store_fetch's offset: rows stepped over, never copied. */
        for (; skip > 0; skip--) {
            rc = sqlite3_step(st);
            if (rc != SQLITE_ROW) {
                sqlite3_reset(st);
                return rc;
            }
        }
        rc = read_rows(st, l->n_cols, limit, rows, n);
        if (rc != SQLITE_DONE)
            return rc;
    }
    return rc;
}

/* How long a walk may take before the sorted way takes over: about what
 * sorting 5,000 matches costs.  Wall time rather than SQLite steps: a step
 * costs ten times more on pages not yet in memory. */
#define WALK_BUDGET_MS 3.0
#define WALK_BUDGET_GRAIN 500

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Some steps at least, whatever the clock says: a list too short to be
 * worth sorting (or a machine busy elsewhere) keeps the walk. */
#define WALK_BUDGET_MIN_STEPS 8000

struct budget {
    double deadline;
    int spent;
    long steps;
};

static int budget_spent(void *p)
{
    struct budget *b = p;
    b->steps += WALK_BUDGET_GRAIN;
    if (b->steps >= WALK_BUDGET_MIN_STEPS && now_ms() > b->deadline)
        b->spent = 1;
    return b->spent;
}


static const char *const *sorted_sql(const struct store_query *q, const struct order *o)
{
    return o->light[ST_FIRST_ASC] && !filtered(q) ? o->light : o->sorted;
}

/* ---- searching by name: the names starting with the word first ---------- */

/* Where a range read starts: rows from (key, id) on, the way it reads;
 * key NULL for the end of the names. */
struct split_from {
    const char *key;
    int64_t id;
};

/* The first word typed, when the split applies: a search by name, in name
 * order, without filters, whose first word has letters and digits only
 * (so p+ is p's last byte plus one). */
static int split_word(const struct store_query *q, char *p, size_t size)
{
    if (q->list != LIST_STUDENTS || q->sort != 0 || filtered(q) || !searching(q))
        return 0;
    if (bind_words(NULL, q->search) > MAX_WALK_WORDS)
        return 0;
    char *folded = text_fold(q->search);
    size_t len = strcspn(folded, " ");
    int ok = len > 0 && len < size;
    for (size_t i = 0; ok && i < len; i++)
        ok = (folded[i] >= 'a' && folded[i] <= 'z') || (folded[i] >= '0' && folded[i] <= '9');
    if (ok) {
        memcpy(p, folded, len);
        p[len] = '\0';
    }
    free(folded);
    return ok;
}

/* The three ranges of names: [ "", p), [p, p+), [p+, end). */
struct split {
    char p[64], next[64];
    const char *bound[4];
};

static void split_init(struct split *sp, const char *p)
{
    tt_strlcpy(sp->p, p, sizeof sp->p);
    tt_strlcpy(sp->next, p, sizeof sp->next);
    sp->next[strlen(sp->next) - 1]++;
    sp->bound[0] = "";
    sp->bound[1] = sp->p;
    sp->bound[2] = sp->next;
    sp->bound[3] = NULL;
}

/* The order the ranges are shown in: the names starting with p first. */
static const int split_order[2][3] = { { 1, 0, 2 }, { 2, 0, 1 } };

/* Text order of two keys, NULL (the end) after all. */
static int text_cmp(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

static int range_of(const struct split *sp, const char *key)
{
    return text_cmp(key, sp->p) < 0 ? 0 : text_cmp(key, sp->next) < 0 ? 1 : 2;
}

static void bind_key_or_end(sqlite3_stmt *st, int i, const char *key)
{
    /* Past every name: a blob sorts after all text. */
    if (key)
        sqlite3_bind_text(st, i, key, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_zeroblob(st, i, 0);
}

/* Reads up to limit rows of range r from `from`, dir 1 going down: by
 * walking, within the budget, else by sorting the matches of the range. */
static int split_range(struct tt_db *db, struct store_query *q, const struct split *sp, int r,
                       struct split_from from, int dir, int limit, struct store_row *rows,
                       int *n, struct tt_error *err)
{
    sqlite3 *h = db_handle(db);
    int start = *n;
    for (int sorted = (q->plan_ranges >> r) & 1; sorted < 2; sorted++) {
        sqlite3_stmt *st = db_stmt(db, split_sql[(sorted ? SP_SORTED_ASC : SP_WALK_ASC) + dir],
                                   err);
        if (st == NULL)
            return -1;
        bind_filters(st, q);
        bind_key_or_end(st, 20, from.key);
        sqlite3_bind_int64(st, 21, from.id);
        if (dir)
            sqlite3_bind_text(st, 25, sp->bound[r], -1, SQLITE_TRANSIENT);
        else
            bind_key_or_end(st, 26, sp->bound[r + 1]);
        sqlite3_bind_int(st, 1, limit - *n);
        struct budget budget = { now_ms() + WALK_BUDGET_MS, 0, 0 };
        if (!sorted)
            sqlite3_progress_handler(h, WALK_BUDGET_GRAIN, budget_spent, &budget);
        int rc = read_rows(st, lists[q->list].n_cols, limit, rows, n);
        if (!sorted)
            sqlite3_progress_handler(h, 0, NULL, NULL);
        if (rc != SQLITE_INTERRUPT || !budget.spent)
            return rc;
        /* Too few matches in too many names: sorted from now on. */
        store_rows_clear(rows + start, *n - start);
        *n = start;
        q->plan_ranges |= 1 << r;
    }
    return SQLITE_DONE;
}

static int read_split(struct tt_db *db, struct store_query *q, const char *p, int dir,
                      const struct store_row *anchor, int step, int limit,
                      struct store_row *rows, int *n, struct tt_error *err)
{
    struct split sp;
    split_init(&sp, p);
    int first = 0;      /* where in split_order[dir] the read starts */
    struct split_from from = { NULL, 0 };
    int have_from = 0;
    if (anchor && anchor->key[1] && anchor->key[2]) {
        from.key = (const char *)sqlite3_value_text(anchor->key[1]);
        from.id = sqlite3_value_int64(anchor->key[2]) + step;
        int r = range_of(&sp, from.key);
        while (split_order[dir][first] != r)
            first++;
        have_from = 1;
    }
    int rc = SQLITE_DONE;
    for (int k = first; k < 3 && *n < limit && rc == SQLITE_DONE; k++) {
        int r = split_order[dir][k];
        /* A range read from its start: going up from its low bound,
         * going down from below its high bound. */
        struct split_from f = { dir ? sp.bound[r + 1] : sp.bound[r], INT64_MIN };
        if (have_from && k == first)
            f = from;
        rc = split_range(db, q, &sp, r, f, dir, limit, rows, n, err);
    }
    return rc;
}

/* The rows shown before the anchor in a split search. */
static int rank_split(struct tt_db *db, const struct store_query *q, const char *p,
                      const struct store_row *anchor, long *rank, struct tt_error *err)
{
    struct split sp;
    split_init(&sp, p);
    int dir = q->descending != 0;
    const char *key = (const char *)sqlite3_value_text(anchor->key[1]);
    int r = range_of(&sp, key);
    *rank = 0;
    for (int k = 0; k < 3; k++) {
        int range = split_order[dir][k];
        sqlite3_stmt *st = db_stmt(db, split_sql[range == r && dir ? SP_RANK_GT : SP_RANK_LT], err);
        if (st == NULL)
            return err ? err->code : TT_ERR_DB;
        bind_filters(st, q);
        sqlite3_bind_text(st, 25, sp.bound[range], -1, SQLITE_TRANSIENT);
        bind_key_or_end(st, 26, sp.bound[range + 1]);
        if (range == r) {
            bind_anchor(st, anchor, 0);
        } else {
            /* The whole range: before its end. */
            bind_key_or_end(st, 20, NULL);
            sqlite3_bind_int64(st, 21, INT64_MIN);
        }
        long part = 0;
        int rc = step_count(db, st, &part, err);
        if (rc != TT_OK)
            return rc;
        *rank += part;
        if (range == r)
            break;
    }
    return TT_OK;
}

/* ---- a filter read off its own index ---------------------------------- */

/* Without a search, the Students list in name order with a filter on the
 * level, the referral or consent status or the school is read off the
 * index of that column's sort order, within the filter's group: the same
 * rows in the same order, without walking all the names to find the few
 * that pass (an empty result would read 200,000).  *sort is that order,
 * *g its group's value. */
static int filter_drive(struct tt_db *db, const struct store_query *q, int *sort,
                        sqlite3_value **g)
{
    if (q->list != LIST_STUDENTS || q->sort != 0 || searching(q))
        return 0;
    const char *sql = NULL, *text = NULL;
    if (q->status) {
        *sort = 5;
        sql = "SELECT " TT_SQL_REFERRAL_RANK("?1");
        text = strcmp(q->status, "none") == 0 ? NULL : q->status;
    } else if (q->consent) {
        *sort = 6;
        sql = "SELECT " TT_SQL_CONSENT_RANK("?1");
        text = strcmp(q->consent, "none") == 0 ? NULL : q->consent;
    } else if (q->level) {
        *sort = 3;
        sql = "SELECT " TT_SQL_LEVEL_RANK("?1");
        text = q->level;
    } else if (q->school_id > 0) {
        *sort = 2;
        sql = "SELECT code FROM school WHERE id = ?2";
    } else {
        return 0;
    }
    sqlite3_stmt *st = db_stmt(db, sql, NULL);
    if (st == NULL)
        return 0;
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    if (q->school_id > 0)
        sqlite3_bind_int64(st, 2, q->school_id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    *g = found ? sqlite3_value_dup(sqlite3_column_value(st, 0)) : NULL;
    sqlite3_reset(st);
    return found && *g != NULL;
}

/* The place before the group's first row (dir 0) or after its last. */
static void group_edge(struct tt_db *db, sqlite3_value *g, int dir, struct store_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT ?1, ?2, ?3", NULL);
    if (st == NULL)
        return;
    sqlite3_bind_value(st, 1, g);
    if (dir)
        sqlite3_bind_zeroblob(st, 2, 0);
    else
        sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, INT64_MIN);
    if (sqlite3_step(st) == SQLITE_ROW)
        for (int k = 0; k < STORE_KEYS; k++)
            out->key[k] = sqlite3_value_dup(sqlite3_column_value(st, k));
    sqlite3_reset(st);
}

/* Reads one page: seek as in store_page, dir 1 for the index backwards. */
static int read_page(struct tt_db *db, struct store_query *q, int dir,
                     const struct store_row *anchor, int step, long skip, int limit,
                     struct store_row *rows, int *n, struct tt_error *err)
{
    const struct order *o = order_of(q);
    int drive_sort;
    sqlite3_value *g = NULL;
    if (filter_drive(db, q, &drive_sort, &g)) {
        /* Within the group only: its order's seek, never the next groups. */
        struct store_row edge;
        if (anchor == NULL || anchor->key[0] == NULL)
            group_edge(db, g, dir, &edge);
        sqlite3_value_free(g);
        int use_edge = anchor == NULL || anchor->key[0] == NULL;
        int rc = run_page(db, q, students_orders[drive_sort].walk, 0, dir,
                          use_edge ? &edge : anchor, use_edge ? 0 : step, skip, limit, rows, n,
                          err);
        if (use_edge)
            store_rows_clear(&edge, 1);
        if (rc == -1)
            return err ? err->code : TT_ERR_DB;
        if (rc != SQLITE_DONE) {
            store_rows_clear(rows, *n);
            *n = 0;
            return db_fail(db, rc, err, _("Reading the list"));
        }
        return TT_OK;
    }
    int plan = STORE_PLAN_WALK;
    char p[64];
    int split = skip == 0 && split_word(q, p, sizeof p);
    if (searching(q) && o->sorted[ST_FIRST_ASC]) {
        char *folded = text_fold(q->search);
        size_t known = strlen(q->plan_text);
        int refined = known > 0 && strncmp(folded, q->plan_text, known) == 0;
        if (q->plan && strcmp(folded, q->plan_text) == 0) {
            plan = q->plan;
        } else if (split && (q->plan == 0 || q->plan == STORE_PLAN_SPLIT)) {
            /* More letters typed can only make the matches fewer: a range
             * too sparse to walk stays so. */
            plan = STORE_PLAN_SPLIT;
            q->plan_ranges = q->plan == STORE_PLAN_SPLIT && refined ? q->plan_ranges : 0;
        } else if (q->plan == STORE_PLAN_SORTED && refined) {
            plan = STORE_PLAN_SORTED;
        }
        if (lists[q->list].search == SEARCH_FTS && bind_words(NULL, q->search) > MAX_WALK_WORDS)
            plan = STORE_PLAN_SORTED;
        if (plan == STORE_PLAN_SPLIT && !split)
            plan = STORE_PLAN_WALK;
        tt_strlcpy(q->plan_text, folded, sizeof q->plan_text);
        free(folded);
        q->plan = plan;
    }
    if (plan == STORE_PLAN_SPLIT) {
        int rc = read_split(db, q, p, dir, anchor, step, limit, rows, n, err);
        if (rc == -1)
            return err ? err->code : TT_ERR_DB;
        if (rc != SQLITE_DONE) {
            store_rows_clear(rows, *n);
            *n = 0;
            return db_fail(db, rc, err, _("Reading the list"));
        }
        return TT_OK;
    }
    sqlite3 *h = db_handle(db);
    struct budget budget = { now_ms() + WALK_BUDGET_MS, 0, 0 };
    int budgeted = plan == STORE_PLAN_WALK && searching(q) && o->sorted[ST_FIRST_ASC];
    if (budgeted)
        sqlite3_progress_handler(h, WALK_BUDGET_GRAIN, budget_spent, &budget);
    int rc = run_page(db, q, plan == STORE_PLAN_SORTED ? sorted_sql(q, o) : o->walk, o->grouped,
                      dir, anchor, step, skip, limit, rows, n, err);
    if (budgeted)
        sqlite3_progress_handler(h, 0, NULL, NULL);
    if (budgeted && rc == SQLITE_INTERRUPT && budget.spent) {
        store_rows_clear(rows, *n);
        *n = 0;
        q->plan = STORE_PLAN_SORTED;
        rc = run_page(db, q, sorted_sql(q, o), o->grouped, dir, anchor, step, skip, limit, rows, n,
                      err);
    }
    if (rc == -1)
        return err ? err->code : TT_ERR_DB;
    if (rc != SQLITE_DONE) {
        store_rows_clear(rows, *n);
        *n = 0;
        return db_fail(db, rc, err, _("Reading the list"));
    }
    return TT_OK;
}

static void reverse_rows(struct store_row *rows, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        struct store_row t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
    }
}

int store_page(struct tt_db *db, struct store_query *q, int seek, const struct store_row *anchor,
               int limit, struct store_row *rows, int *n, struct tt_error *err)
{
    *n = 0;
    if (limit <= 0)
        return TT_OK;
    /* The index is read forwards for the list's own order (backwards for a
     * list shown newest first), and the other way for rows before. */
    int shown_desc = (q->descending != 0) != (order_of(q)->newest_first != 0);
    int backwards = seek == STORE_LAST || seek == STORE_BEFORE;
    int dir = backwards ? !shown_desc : shown_desc;
    if (seek == STORE_FIRST || seek == STORE_LAST || anchor == NULL)
        anchor = NULL;
    int step = seek == STORE_FROM ? 0 : dir ? -1 : 1;
    if (anchor == NULL && (seek == STORE_AFTER || seek == STORE_BEFORE || seek == STORE_FROM))
        return TT_OK;
    int rc = read_page(db, q, dir, anchor, step, 0, limit, rows, n, err);
    if (rc == TT_OK && backwards)
        reverse_rows(rows, *n);
    return rc;
}

int store_fetch(struct tt_db *db, const struct store_query *q, long offset, int limit,
                struct store_row *rows, int *n, struct tt_error *err)
{
    *n = 0;
    struct store_query copy = *q;
    int shown_desc = (q->descending != 0) != (order_of(q)->newest_first != 0);
    /* Past the middle, read from the other end: the last rows cost what
     * the first ones cost. */
    int backwards = q->total > 0 && offset > q->total / 2;
    long skip = offset;
    if (backwards) {
        skip = q->total - offset - limit;
        if (skip < 0) {
            limit += (int)skip;
            skip = 0;
        }
    }
    if (limit <= 0)
        return TT_OK;
    int dir = backwards ? !shown_desc : shown_desc;
    int drive_sort;
    sqlite3_value *g = NULL;
    int driven = filter_drive(db, q, &drive_sort, &g);
    sqlite3_value_free(g);
    if (skip > 0 && !searching(q) && !driven) {
        /* The row at the offset, its keys read off the order's index;
         * then the page from it, as a scroll would read it. */
        sqlite3_stmt *st =
            db_stmt(db, order_of(q)->walk[dir ? ST_OFFSET_DESC : ST_OFFSET_ASC], err);
        if (st == NULL)
            return err ? err->code : TT_ERR_DB;
        bind_filters(st, q);
        sqlite3_bind_int64(st, 2, skip);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            sqlite3_reset(st);
            return TT_OK;
        }
        if (rc != SQLITE_ROW) {
            sqlite3_reset(st);
            return db_fail(db, rc, err, _("Reading the list"));
        }
        struct store_row at;
        memset(&at, 0, sizeof at);
        for (int k = 0; k < STORE_KEYS; k++)
            at.key[k] = sqlite3_value_dup(sqlite3_column_value(st, k));
        sqlite3_reset(st);
        rc = read_page(db, &copy, dir, &at, 0, 0, limit, rows, n, err);
        store_rows_clear(&at, 1);
        if (rc == TT_OK && backwards)
            reverse_rows(rows, *n);
        return rc;
    }
    int rc = read_page(db, &copy, dir, NULL, 0, skip, limit, rows, n, err);
    if (rc == TT_OK && backwards)
        reverse_rows(rows, *n);
    return rc;
}

static int rank_part(struct tt_db *db, const struct store_query *q, const char *sql,
                     const struct store_row *anchor, long *out, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    bind_filters(st, q);
    bind_anchor(st, anchor, 0);
    return step_count(db, st, out, err);
}

int store_rank(struct tt_db *db, const struct store_query *q, const struct store_row *anchor,
               long *rank, struct tt_error *err)
{
    *rank = 0;
    char p[64];
    if (q->plan == STORE_PLAN_SPLIT && split_word(q, p, sizeof p))
        return rank_split(db, q, p, anchor, rank, err);
    int drive_sort;
    sqlite3_value *g = NULL;
    if (filter_drive(db, q, &drive_sort, &g)) {
        sqlite3_value_free(g);
        return rank_part(db, q, students_orders[drive_sort].walk[q->descending ? ST_RANK_WITHIN_GT
                                                                               : ST_RANK_WITHIN_LT],
                         anchor, rank, err);
    }
    const struct order *o = order_of(q);
    /* With words typed, counting the matches is cheaper than walking. */
    const char *const *sql = searching(q) && o->sorted[ST_FIRST_ASC] ? sorted_sql(q, o) : o->walk;
    int before_is_less = (q->descending != 0) == (o->newest_first != 0);
    long within = 0, groups = 0;
    int rc = rank_part(db, q, sql[before_is_less ? ST_RANK_WITHIN_LT : ST_RANK_WITHIN_GT], anchor,
                       &within, err);
    if (rc == TT_OK && o->grouped)
        rc = rank_part(db, q, sql[before_is_less ? ST_RANK_GROUP_LT : ST_RANK_GROUP_GT], anchor,
                       &groups, err);
    *rank = within + groups;
    return rc;
}

int store_row_again(struct tt_db *db, const struct store_query *q, const struct store_row *anchor,
                    struct store_row *out, int *found, struct tt_error *err)
{
    *found = 0;
    if (anchor->key[2] == NULL)
        return TT_OK;
    const char *sql = order_of(q)->walk[ST_AGAIN];
    int drive_sort;
    sqlite3_value *g = NULL;
    if (filter_drive(db, q, &drive_sort, &g)) {
        sqlite3_value_free(g);
        sql = students_orders[drive_sort].walk[ST_AGAIN];
    }
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    bind_filters(st, q);
    bind_anchor(st, anchor, 0);
    int rc = read_rows(st, lists[q->list].n_cols, 1, out, found);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the list"));
}

const char *store_statement_text(int list, int sort, int way, int i, const char **kind)
{
    if (list < 0 || list >= LIST__COUNT || sort < 0 || sort >= lists[list].n_orders || i < 0 ||
        i >= ST__COUNT)
        return NULL;
    const struct order *o = &lists[list].orders[sort];
    if (way == 3) {
        if (i >= SP__COUNT)
            return NULL;
        *kind = "page";
        return list == LIST_STUDENTS && sort == 0 ? split_sql[i] : "";
    }
    const char *const *sql = way == 0 ? o->walk : way == 1 ? o->sorted : o->light;
    *kind = i <= ST_NEXT_DESC ? "page" : i == ST_AGAIN ? "again" : i >= ST_OFFSET_ASC ? "offset"
                                                                                    : "rank";
    return sql[i] ? sql[i] : "";
}

const char *store_count_text(int list, int i)
{
    if (list < 0 || list >= LIST__COUNT)
        return NULL;
    const struct list_def *l = &lists[list];
    const char *sql = i == 0   ? l->count_sql
                      : i == 1 ? l->count_search_sql
                      : i == 2 ? l->count_light_sql
                      : i == 3 ? whole[list]
                               : NULL;
    return i < 4 ? (sql ? sql : "") : NULL;
}

int64_t store_change_mark(struct tt_db *db)
{
    /* Commits of other connections move data_version; this connection's
     * own changes move its change counter instead. */
    int64_t version = 0;
    sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version", NULL);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return (int64_t)((uint64_t)version << 40 ^ (uint64_t)sqlite3_total_changes64(db_handle(db)));
}

static int count_with_dates(struct tt_db *db, const char *sql, const char *d1, const char *d2,
                            long *out, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    if (d1)
        sqlite3_bind_text(st, 1, d1, -1, SQLITE_TRANSIENT);
    if (d2)
        sqlite3_bind_text(st, 2, d2, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return TT_OK;
    }
    sqlite3_reset(st);
    return db_fail(db, rc, err, _("Reading the dashboard"));
}

int store_dashboard(struct tt_db *db, tt_day today, tt_day program_start, int warn_days,
                    struct store_dashboard *d, struct tt_error *err)
{
    char today_s[11], horizon_s[11];
    (void)program_start;    /* the dashboard shows weeks, not totals since the start */
    date_iso(today + warn_days, horizon_s);
    tt_day monday = date_week_monday(today);
    date_iso(today, today_s);
    memset(d, 0, sizeof *d);

    const struct {
        long *out;
        const char *sql;
        const char *a, *b;
    } q[] = {
        { &d->students, "SELECT count(*) FROM student", NULL, NULL },
        { &d->referrals_to_decide, "SELECT count(*) FROM referral WHERE status = 'received'", NULL, NULL },
        { &d->awaiting_consent, "SELECT count(*) FROM referral WHERE status = 'awaiting_consent'", NULL, NULL },
        { &d->awaiting_pairing, "SELECT count(*) FROM referral WHERE status = 'awaiting_pairing'", NULL, NULL },
        { &d->referrals_active, "SELECT count(*) FROM referral WHERE status = 'active'", NULL, NULL },
        { &d->candidates_unanswered,
          "SELECT count(*) FROM tutor WHERE answered_on IS NULL"
          " AND status NOT IN ('withdrawn')", NULL, NULL },
        { &d->tutors_hired, "SELECT count(*) FROM tutor WHERE status = 'hired'", NULL, NULL },
        { &d->groups_active, "SELECT count(*) FROM tutoring_group WHERE status = 'active'", NULL, NULL },
        { &d->sessions_to_complete,
          "SELECT count(*) FROM session se WHERE se.status = 'planned' AND se.session_date < ?1"
          " AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)", today_s, NULL },
        { &d->consents_expiring,
          "SELECT count(*) FROM consent WHERE status = 'given' AND expires_on BETWEEN ?1 AND ?2",
          today_s, horizon_s },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(q); i++) {
        int rc = count_with_dates(db, q[i].sql, q[i].a, q[i].b, q[i].out, err);
        if (rc != TT_OK)
            return rc;
    }
    return store_week_totals(db, monday, &d->week_students, &d->week_session_minutes, err);
}

int store_week_totals(struct tt_db *db, tt_day monday, long *students, long *minutes,
                      struct tt_error *err)
{
    char monday_s[11], sunday_s[11];
    date_iso(monday, monday_s);
    date_iso(monday + 6, sunday_s);
    int rc = count_with_dates(db,
        "SELECT count(DISTINCT a.student_id) FROM session se JOIN attendance a ON a.session_id = se.id"
        " WHERE se.status = 'held' AND a.status = 'present'"
        " AND se.session_date BETWEEN ?1 AND ?2", monday_s, sunday_s, students, err);
    if (rc == TT_OK)
        rc = count_with_dates(db,
            "SELECT ifnull(sum(actual_minutes), 0) FROM session WHERE status = 'held'"
            " AND session_date BETWEEN ?1 AND ?2", monday_s, sunday_s, minutes, err);
    return rc;
}

int store_schools(struct tt_db *db, struct store_school *out, int max, int *n,
                  struct tt_error *err)
{
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name FROM school WHERE active = 1"
                                   " ORDER BY name", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        struct store_school *s = &out[(*n)++];
        s->id = sqlite3_column_int64(st, 0);
        tt_strlcpy(s->code, (const char *)sqlite3_column_text(st, 1), sizeof s->code);
        tt_strlcpy(s->name, (const char *)sqlite3_column_text(st, 2), sizeof s->name);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Reading the schools"));
    return TT_OK;
}

int store_weekly_minutes(struct tt_db *db, tt_day last_monday, int weeks, long *out,
                         struct tt_error *err)
{
    for (int i = 0; i < weeks; i++) {
        char from[11], to[11];
        tt_day monday = last_monday - 7 * (weeks - 1 - i);
        date_iso(monday, from);
        date_iso(monday + 6, to);
        int rc = count_with_dates(db, "SELECT ifnull(sum(actual_minutes), 0) FROM session"
                                      " WHERE status = 'held' AND session_date BETWEEN ?1 AND ?2",
                                  from, to, &out[i], err);
        if (rc != TT_OK)
            return rc;
    }
    return TT_OK;
}

int store_paid_sessions(struct tt_db *db, tt_day from, tt_day to,
                        int (*fn)(void *ctx, int64_t tutor, tt_day day, long minutes), void *ctx,
                        struct tt_error *err)
{
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    /* A statement of its own: fn may run other cached statements. */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db_handle(db),
        "SELECT se.tutor_id, se.session_date, se.actual_minutes FROM session se"
        " WHERE se.status = 'held' AND se.session_date BETWEEN ?1 AND ?2"
        " AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)"
        " ORDER BY se.session_date, se.id", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, rc, err, _("Reading the sessions"));
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int out = TT_OK;
    while (out == TT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        tt_day day;
        if (date_parse((const char *)sqlite3_column_text(st, 1), &day) != 0)
            continue;
        out = fn(ctx, sqlite3_column_int64(st, 0), day, (long)sqlite3_column_int64(st, 2));
    }
    if (out == TT_OK && rc != SQLITE_DONE)
        out = db_fail(db, rc, err, _("Reading the sessions"));
    sqlite3_finalize(st);
    return out;
}
