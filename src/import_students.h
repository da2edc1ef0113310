/* The school roster import: the student list exported from the school's
 * information system, matched on the local number.  All or nothing by
 * default; with skip_bad the good rows go in and the rejected ones, with
 * their reasons, go to a rejects file.
 *
 * Columns are found by header, accents and case ignored.  Defaults (the
 * full list is the fields table of import_students.c):
 *   local_number    Fiche, No fiche, Numéro de fiche, Student number   (required)
 *   code_permanent  Code permanent, Permanent code
 *   last_name       Nom, Nom de famille, Last name                     (required)
 *   first_name      Prénom, First name                                 (required)
 *   birth_date      Date de naissance, Birth date     (2021-02-24 or 24/02/2021)
 *   level           Niveau, Classement, Grade                          (required)
 *   class_group     Groupe, Groupe-repère, Group
 *   school          École, School: a school's code or name             (required)
 *   guardian1_name, guardian1_relationship, guardian1_phone, guardian1_email:
 *                   Parent 1, Lien parent 1, Téléphone parent 1, Courriel parent 1
 *                   (Guardian 1, Guardian 1 relationship...); likewise 2.
 * A [import_students] section maps other headers: field = Header.
 *
 * A student already stored is updated, never duplicated; a column the
 * file lacks leaves the stored value alone (a partial export erases
 * nothing), and so do language, flags and a guardian's language, which no
 * export carries.  Bad rows: a local number or code permanent given twice
 * (the second is bad), a code permanent another student holds, an unknown
 * school, a level or relationship not understood, and whatever
 * student_validate and guardian_validate refuse. */
#ifndef TT_IMPORT_STUDENTS_H
#define TT_IMPORT_STUDENTS_H
#include <stdio.h>
#include "db.h"
#include "import_common.h"
#include "settings.h"

/* Lets the configuration loader check [import_students] (header mapping:
 * field = Header in the file).  Call before loading the configuration. */
void import_students_register_settings(void);

/* Imports path in one transaction (or savepoint).  Returns TT_OK when the
 * rows were written (or nothing was needed); TT_ERR_INVALID with
 * sum->problems filled when bad rows stopped an all-or-nothing import;
 * other codes for files that cannot be read.  rejects_path NULL means
 * FILE.csv.rejects.csv beside the input; it is written only with skip_bad
 * and bad rows, before the commit.  Free sum with import_summary_free and
 * show it with import_summary_print, whatever the result. */
int import_students(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                    const char *rejects_path, struct import_summary *sum, struct tt_error *err);

#endif
