/* The bank of candidates downloaded from the ministry's "Répondez présent"
 * platform.  Its format is not published, so the import goes by the header
 * line.  Candidates are matched on their e-mail (case ignored): a newer
 * export updates what the platform knows and never touches what the school
 * recorded (status, answer, notes). */
#ifndef TT_IMPORT_CANDIDATES_H
#define TT_IMPORT_CANDIDATES_H
#include "db.h"
#include "import_common.h"
#include "settings.h"

void import_candidates_register_settings(void);
int import_candidates(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                      const char *rejects_path, struct import_summary *sum, struct tt_error *err);

#endif
