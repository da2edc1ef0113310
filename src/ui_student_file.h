/* A student's file: identity, guardians, referrals, consents, group,
 * sessions attended and history; consents and the referral's status are
 * changed from here. */
#ifndef TT_UI_STUDENT_FILE_H
#define TT_UI_STUDENT_FILE_H
#include <stdint.h>
#include "screens.h"

int student_file_active(void);
void student_file_open(struct app *a, int64_t student_id);
void student_file_draw(struct app *a, struct rect r);
/* H_DONE, or H_IGNORED for keys the shell should see. */
int student_file_handle(struct app *a, int action, int key);
/* 1 once after a change, so the list reloads. */
int student_file_changed(void);

#endif
