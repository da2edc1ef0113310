/* The ordered migrations that build the database, one transaction each,
 * keyed by PRAGMA user_version (as newsboat does). */
#ifndef TT_SCHEMA_H
#define TT_SCHEMA_H
#include <stddef.h>

struct migration {
    int version;
    const char *sql;
};

/* SQL expressions the lists sort by, shared by the indexes of schema
 * version 4 and the queries of src/store.c: SQLite uses an index on an
 * expression only for the same expression, so both take it from here.
 * Built-in functions only, so the sqlite3 shell can still write the tables.
 *
 * TT_SQL_NAME_KEY: names as the lists sort them, without accents or case
 * ("Émond" files between "Dupuis" and "Fortin", not after "Zola" as its
 * bytes would).  SQLite's parser takes about 30 nested calls at most, and
 * lower() knows only ASCII: so the accented small letters of French and
 * of the Spanish and Portuguese names frequent in Québec are replaced in
 * a chain, the capital É and È anywhere (Marie-Ève), and every other
 * accented capital at the start, where capitals are, by a flat CASE. */
#define TT_R_(x, a, b) "replace(" x ",'" a "','" b "')"
#define TT_FOLD_CHAIN_(x) \
    TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_( \
    TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_(TT_R_( \
    x, "é", "e"), "è", "e"), "ê", "e"), "ë", "e"), "à", "a"), "â", "a"), "ç", "c"), \
    "î", "i"), "ï", "i"), "ô", "o"), "û", "u"), "ù", "u"), "ü", "u"), "á", "a"), "í", "i"), \
    "ó", "o"), "ú", "u"), "ñ", "n"), "É", "e"), "È", "e")
#define TT_FOLD_INITIAL_(x) \
    "(CASE substr(" x ",1,1) WHEN 'À' THEN 'a' WHEN 'Â' THEN 'a' WHEN 'Ä' THEN 'a'" \
    " WHEN 'Á' THEN 'a' WHEN 'Ã' THEN 'a' WHEN 'Å' THEN 'a' WHEN 'Æ' THEN 'ae' WHEN 'Ç' THEN 'c'" \
    " WHEN 'Ê' THEN 'e' WHEN 'Ë' THEN 'e' WHEN 'Î' THEN 'i' WHEN 'Ï' THEN 'i' WHEN 'Í' THEN 'i'" \
    " WHEN 'Ì' THEN 'i' WHEN 'Ñ' THEN 'n' WHEN 'Ô' THEN 'o' WHEN 'Ö' THEN 'o' WHEN 'Ó' THEN 'o'" \
    " WHEN 'Ò' THEN 'o' WHEN 'Õ' THEN 'o' WHEN 'Ø' THEN 'o' WHEN 'Œ' THEN 'oe' WHEN 'Û' THEN 'u'" \
    " WHEN 'Ü' THEN 'u' WHEN 'Ù' THEN 'u' WHEN 'Ú' THEN 'u' WHEN 'Ý' THEN 'y'" \
    " ELSE substr(" x ",1,1) END || substr(" x ",2))"
/* A person's name as lists sort it: the last name, then the first (char(1)
 * sorts before any letter, so "Roy, Zoé" comes before "Roya, Anne").  t is
 * the table's alias with its dot, or "". */
#define TT_SQL_NAME_KEY(t) \
    "lower(" TT_FOLD_CHAIN_(TT_FOLD_INITIAL_(t "last_name") " || char(1) || " t "first_name") ")"
/* Levels in school order, statuses in the order of their process. */
#define TT_SQL_LEVEL_RANK(c) \
    "CASE " c " WHEN 'PRE4' THEN 0 WHEN 'PRE5' THEN 1 WHEN 'P1' THEN 2 WHEN 'P2' THEN 3" \
    " WHEN 'P3' THEN 4 WHEN 'P4' THEN 5 WHEN 'P5' THEN 6 WHEN 'P6' THEN 7 WHEN 'S1' THEN 8" \
    " WHEN 'S2' THEN 9 WHEN 'S3' THEN 10 WHEN 'S4' THEN 11 WHEN 'S5' THEN 12 ELSE 13 END"
#define TT_SQL_REFERRAL_RANK(c) \
    "CASE " c " WHEN 'received' THEN 0 WHEN 'awaiting_consent' THEN 1" \
    " WHEN 'awaiting_pairing' THEN 2 WHEN 'active' THEN 3 WHEN 'suspended' THEN 4" \
    " WHEN 'closed' THEN 5 ELSE 6 END"
#define TT_SQL_CONSENT_RANK(c) \
    "CASE " c " WHEN 'pending' THEN 0 WHEN 'given' THEN 1 WHEN 'refused' THEN 2" \
    " WHEN 'withdrawn' THEN 3 ELSE 4 END"
#define TT_SQL_TUTOR_RANK(c) \
    "CASE " c " WHEN 'interest' THEN 0 WHEN 'received' THEN 1 WHEN 'processing' THEN 2" \
    " WHEN 'hired' THEN 3 WHEN 'declined' THEN 4 WHEN 'withdrawn' THEN 5 ELSE 6 END"

const struct migration *schema_migrations(size_t *count);
int schema_latest_version(void);

#endif
