/* The referral form as a secretary types it: student, guardians, the
 * referral itself, needs and availability.  One form at a time; it is
 * kept as a draft on disk while typed, so a lost connection loses nothing. */
#ifndef TT_UI_REFERRAL_H
#define TT_UI_REFERRAL_H
#include <stdint.h>
#include "screens.h"

int referral_editor_active(void);
/* A new referral; student_id 0 for a student not yet in the database. */
void referral_editor_open(struct app *a, int64_t student_id);
/* Corrects a student's file and one of its referrals.  A save after
 * someone else's shows both versions and asks which one to keep. */
void referral_editor_edit(struct app *a, int64_t student_id, int64_t referral_id);
void referral_editor_draw(struct app *a, struct rect r);
/* Takes every key while open, except the screen-switching F-keys, which
 * it leaves to the shell (the form stays open behind). */
int referral_editor_handle(struct app *a, int action, int key);
int referral_editor_unsaved(void);
/* Writes the draft now if anything is unsaved (on exit and signals). */
void referral_editor_flush(struct app *a);
/* At start: offers back a draft left by the same user.  1 when reopened. */
int referral_editor_offer_draft(struct app *a);
/* 1 after a save, once: the list should reload. */
int referral_editor_saved(void);

#endif
