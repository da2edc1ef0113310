/* The benchmarks' data: a deterministic generator (same seed, same file) of
 * a tutoring program at three scales, written with the schema's own rules
 * on (CHECKs, foreign keys, triggers for status moves, group size and
 * consent before attendance) and checked again in bulk at the end, so that
 * `tutorat --db FILE check` passes and every screen finds what a real
 * program holds: Québec names with their accents, every status of every
 * entity, a school year of sessions.
 *
 *   scale     students  tutors  groups  sessions  attendance rows
 *   school        300       30      75     ~5 k       ~15 k
 *   centre     15,000    1,500   4,000   ~300 k        ~1 M
 *   province  200,000   20,000  50,000     ~3 M        ~9 M
 *
 * The as-of date is 2021-04-19 (the benchmarks' TUTORAT_TODAY): sessions
 * before it are held, cancelled or left to complete; after it, planned. */
#ifndef TT_BENCH_GEN_H
#define TT_BENCH_GEN_H
#include <stdint.h>
#include <stdio.h>
#include "error.h"

struct gen_counts {
    long schools, students, guardians, referrals, consents, tutors, groups, memberships,
        sessions, attendance, notes;
};

/* The scale's name (school, centre, province) is known?  0 yes. */
int gen_scale_known(const char *scale);
/* Writes a new database at path (through path.tmp, renamed at the end, so
 * an interrupted run leaves no half file under the final name).  verify:
 * check the rules over the whole file once written (40 s at province
 * scale).  log, when not NULL, gets one line per stage with its time. */
int gen_database(const char *path, const char *scale, uint64_t seed, int verify, FILE *log,
                 struct gen_counts *counts, struct tt_error *err);
/* What gen_database would write, counted without writing: to tune the
 * scales. */
void gen_plan(const char *scale, uint64_t seed, struct gen_counts *counts);
/* A bank of n candidates as the ministry's platform exports it (French
 * headers, categories in words, accents), deterministic. */
int gen_candidates_csv(const char *path, long n, uint64_t seed, struct tt_error *err);

#endif
