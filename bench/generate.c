/* Writes a benchmark database, or the candidates' bank, from the
 * deterministic generator (gen.h).
 * Usage: generate [--seed N] [--plan] [--verify|--no-verify] SCALE FILE
 *        generate [--seed N] --candidates N FILE.csv
 * --plan prints what SCALE holds without writing anything.  The rules are
 * checked again over the whole file at the end, except at province scale
 * (40 s more) unless --verify. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"
#include "i18n.h"
#include "util.h"

static void print_counts(const struct gen_counts *c)
{
    printf("%ld schools, %ld students, %ld guardians, %ld referrals, %ld consents, %ld tutors,"
           " %ld groups, %ld memberships, %ld sessions, %ld attendance rows, %ld progress notes\n",
           c->schools, c->students, c->guardians, c->referrals, c->consents, c->tutors, c->groups,
           c->memberships, c->sessions, c->attendance, c->notes);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    uint64_t seed = 2021;
    long candidates = -1;
    int plan = 0, verify = -1, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--candidates") == 0 && i + 1 < argc)
            candidates = atol(argv[++i]);
        else if (strcmp(argv[i], "--plan") == 0)
            plan = 1;
        else if (strcmp(argv[i], "--verify") == 0)
            verify = 1;
        else if (strcmp(argv[i], "--no-verify") == 0)
            verify = 0;
        else
            break;
    }
    struct tt_error err;
    tt_error_clear(&err);
    if (candidates >= 0 && i + 1 == argc) {
        if (gen_candidates_csv(argv[i], candidates, seed, &err) != TT_OK) {
            fprintf(stderr, "generate: %s\n", err.msg);
            return 1;
        }
        return 0;
    }
    if (candidates < 0 && i < argc && gen_scale_known(argv[i]) == 0 &&
        (plan ? i + 1 == argc : i + 2 == argc)) {
        struct gen_counts c;
        if (plan) {
            gen_plan(argv[i], seed, &c);
            print_counts(&c);
            return 0;
        }
        printf("generating the %s scale into %s (seed %llu)\n", argv[i], argv[i + 1],
               (unsigned long long)seed);
        fflush(stdout);
        if (verify < 0)
            verify = strcmp(argv[i], "province") != 0;
        if (gen_database(argv[i + 1], argv[i], seed, verify, stdout, &c, &err) != TT_OK) {
            fprintf(stderr, "generate: %s\n", err.msg);
            return 1;
        }
        print_counts(&c);
        return 0;
    }
    fprintf(stderr, "usage: generate [--seed N] [--plan] [--verify|--no-verify]"
                    " school|centre|province FILE\n"
                    "       generate [--seed N] --candidates N FILE.csv\n");
    return 2;
}
