/* Assisted pairing: proposes where to place the students whose referral
 * awaits pairing, in existing groups or in new groups led by available
 * tutors, and applies the proposals the coordinator keeps.
 *
 * Two halves.  The core works on a struct pairing_instance in memory and
 * never touches SQLite, so the tests can build instances by hand and
 * compare the solver with an exact optimum.  The loader fills an instance
 * from the database, and the apply step writes the proposals through the
 * groups layer (src/groups.h), which keeps every rule of the data.
 *
 * The objective, lexicographic, is folded into one integer:
 *   objective = M1 * W - M2 * G - D
 * W: sum of the priority weights of the students placed (priority 1, high,
 *    weighs 3; 2 weighs 2; 3, low, weighs 1);
 * G: number of new groups (existing groups are filled first);
 * D: level distance: for each student placed, the number of levels between
 *    the student's and the group's reference level (the median level of
 *    the students already in an existing group; for a new or empty group,
 *    the median of the students placed together).
 * With N the number of students awaiting, M2 = 2N + 1 exceeds any D and
 * M1 = (N + 1) * M2 exceeds any M2 * G + D, so a better W always wins,
 * then a smaller G, then a smaller D. */
#ifndef TT_PAIRING_H
#define TT_PAIRING_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "dates.h"
#include "db.h"
#include "settings.h"

/* New groups meet once a week for this many minutes, starting on a
 * quarter hour. */
#define PAIRING_SLOT_MINUTES 60
#define PAIRING_GRID_MINUTES 15
/* A tutor without a weekly maximum may lead this many minutes a week. */
#define PAIRING_TUTOR_MINUTES 600
/* The schema's largest size limit. */
#define PAIRING_MAX_SIZE 10
#define PAIRING_MAX_SLOTS 7

enum { PAIRING_SUBJECTS = 8, PAIRING_LEVELS = 13, PAIRING_BANDS = 6 };

/* Modalities as bits: a student's "either" and a tutor's "both" are both
 * bits together. */
enum pairing_modality {
    PAIRING_REMOTE = 1,
    PAIRING_SCHOOL = 2,
    PAIRING_ANY = 3
};

enum pairing_format {
    PAIRING_FORMAT_INDIVIDUAL,
    PAIRING_FORMAT_GROUP,
    PAIRING_FORMAT_EITHER
};

/* A stretch of free time: weekday 1 (Monday) to 7, minutes after midnight,
 * end excluded. */
struct pairing_interval {
    int weekday;
    int start_min;
    int end_min;
};

struct pairing_slot {
    int weekday;
    int start_min;
    int minutes;
};

struct pairing_student {
    int64_t student_id;
    int64_t referral_id;
    int64_t school_id;
    char local_number[84];
    char name[416];          /* "Last, First", made safe for a terminal */
    int level;               /* 0 PRE4, 1 PRE5, 2 P1 .. 7 P6, 8 S1 .. 12 S5 */
    int subject;             /* index in the subject codes, see pairing_subject_code */
    int priority;            /* 1 high .. 3 low */
    int format;              /* enum pairing_format */
    int modality;            /* PAIRING_REMOTE, PAIRING_SCHOOL or PAIRING_ANY */
    /* Availability minus the weekly slots of the student's current groups,
     * sorted, touching stretches merged (pairing_add_free keeps it so). */
    size_t n_free;
    struct pairing_interval *free;
};

struct pairing_tutor {
    int64_t tutor_id;
    int64_t school_id;       /* 0: none */
    char name[416];
    int modality;            /* PAIRING_REMOTE, PAIRING_SCHOOL or PAIRING_ANY (both) */
    int free_minutes;        /* weekly minutes left for new groups */
    uint16_t skills[PAIRING_SUBJECTS];   /* bit 1 << level for each level taught */
    /* Availability minus the slots of the groups the tutor leads. */
    size_t n_free;
    struct pairing_interval *free;
};

struct pairing_group {
    int64_t group_id;
    int64_t tutor_id;
    int64_t school_id;       /* 0: none */
    char name[416];
    char tutor_name[416];
    int subject;
    int band;                /* 0 PRE, 1 P1-P2, 2 P3-P4, 3 P5-P6, 4 S1-S2, 5 S3-S5 */
    int modality;            /* PAIRING_REMOTE or PAIRING_SCHOOL */
    int size_limit;
    int members;             /* active members now */
    int ref_level;           /* lower median of the members' levels; -1 when empty */
    int n_slots;
    struct pairing_slot slots[PAIRING_MAX_SLOTS];
};

struct pairing_instance {
    tt_day today;
    int slot_minutes;        /* PAIRING_SLOT_MINUTES unless a test says otherwise */
    int grid_minutes;        /* PAIRING_GRID_MINUTES */
    int group_size_limit;    /* size limit of new groups (setting groups.size_limit) */
    size_t n_students, n_tutors, n_groups;
    struct pairing_student *students;
    struct pairing_tutor *tutors;
    struct pairing_group *groups;
    size_t cap_students, cap_tutors, cap_groups;
    /* Students awaiting pairing that the run leaves aside: every subject
     * of the referral already has a group, or the referral names none. */
    size_t covered, no_subject;
};

/* ---- building instances (the loader and the tests) ---------------------- */
struct pairing_instance *pairing_instance_new(int group_size_limit);
void pairing_instance_free(struct pairing_instance *in);
/* A zeroed element at the end of its array; the pointer holds until the
 * next call for the same kind. */
struct pairing_student *pairing_add_student(struct pairing_instance *in);
struct pairing_tutor *pairing_add_tutor(struct pairing_instance *in);
struct pairing_group *pairing_add_group(struct pairing_instance *in);
/* Adds free time to a sorted list, merging what overlaps or touches. */
void pairing_add_free(struct pairing_interval **list, size_t *n, int weekday, int start_min,
                      int end_min);
/* Removes a busy slot from a list of free time. */
void pairing_remove_busy(struct pairing_interval **list, size_t *n, int weekday, int start_min,
                         int minutes);

/* Codes and indexes.  -1 when unknown. */
int pairing_subject_index(const char *code);
const char *pairing_subject_code(int subject);
int pairing_level_index(const char *code);
const char *pairing_level_code(int level);
int pairing_band_of_level(int level);
const char *pairing_band_code(int band);
int pairing_band_index(const char *code);
/* Priority 1 weighs 3, 2 weighs 2, 3 weighs 1. */
int pairing_weight(int priority);

/* ---- proposals ----------------------------------------------------------- */
enum pairing_kind {
    PAIRING_JOIN,            /* one student joins an existing group */
    PAIRING_NEW              /* a new group, its tutor, its slot and its members */
};

/* The strings of a result are its own (allocated), so a result outlives
 * its instance. */
struct pairing_member {
    size_t student;          /* index in the instance */
    int64_t student_id;
    int level;
    char *local_number;
    char *name;
    int no_option;           /* unplaced students: no group or tutor fits at all */
};

struct pairing_proposal {
    int kind;
    size_t group;            /* JOIN: index of the group in the instance */
    int64_t group_id;        /* JOIN */
    char *group_name;        /* JOIN: its name; NEW: the name it will get */
    size_t tutor;            /* NEW: index of the tutor in the instance */
    int64_t tutor_id;
    char *tutor_name;
    int subject, band;
    int modality;            /* PAIRING_REMOTE or PAIRING_SCHOOL */
    int64_t school_id;       /* NEW school groups: the school; else 0 */
    int size_limit;
    int taken;               /* places taken once the proposal applies */
    int ref_level;           /* the level distances are measured from */
    int n_slots;
    struct pairing_slot slots[PAIRING_MAX_SLOTS];
    size_t n_members;        /* JOIN: 1 */
    struct pairing_member members[PAIRING_MAX_SIZE];
    char *reason;            /* why, in the user's language */
};

struct pairing_score {
    size_t awaiting;         /* students in the instance */
    size_t placed;
    size_t joined;           /* placed in existing groups */
    size_t new_groups;
    int64_t weight;          /* W */
    int64_t level_distance;  /* D */
    int64_t m1, m2;
    int64_t objective;
};

struct pairing_result {
    tt_day today;
    size_t n_proposals;
    struct pairing_proposal *proposals;
    struct pairing_score score;
    size_t n_unplaced;       /* students left without a place, in the instance's order */
    struct pairing_member *unplaced;
    size_t covered, no_subject;   /* copied from the instance */
};

/* Solves in.  *out is allocated; pairing_result_free releases it.  The
 * same instance always gives the same proposals. */
int pairing_solve(const struct pairing_instance *in, struct pairing_result **out,
                  struct tt_error *err);
void pairing_result_free(struct pairing_result *r);

/* M1 and M2 of the objective for an instance of n students. */
void pairing_multipliers(size_t n_students, int64_t *m1, int64_t *m2);
/* The objective of the proposals (all when selected is NULL, else those
 * with a non-zero entry), computed from scratch; fills score when not
 * NULL. */
int64_t pairing_objective(const struct pairing_instance *in, const struct pairing_result *r,
                          const int *selected, struct pairing_score *score);
/* Checks every rule of the proposals (selected as above) against in:
 * TT_OK, or TT_ERR_RULE with the first broken rule in err. */
int pairing_check(const struct pairing_instance *in, const struct pairing_result *r,
                  const int *selected, struct tt_error *err);

/* ---- the database ---------------------------------------------------------- */
/* Reads the students awaiting pairing, the cleared tutors and the open
 * groups.  The new groups' size limit is the groups.size_limit setting. */
int pairing_load(struct tt_db *db, const struct settings *s, tt_day today,
                 struct pairing_instance **out, struct tt_error *err);
/* Writes the selected proposals (all when selected is NULL) in one
 * transaction, after checking them against the database as it is now:
 * either every proposal is written or none.  user is recorded as the
 * author (NULL: the connection's login). */
int pairing_apply(struct tt_db *db, const struct settings *s, const struct pairing_result *r,
                  const int *selected, const char *user, struct tt_error *err);

/* ---- display ------------------------------------------------------------------ */
/* "Tue 15:30–16:30" in the user's language; buf of 48 bytes is enough. */
void pairing_slot_text(const struct pairing_slot *slot, char *buf, size_t size);
/* The proposals, one block each, then the totals. */
void pairing_print(FILE *f, const struct pairing_result *r);

#endif
