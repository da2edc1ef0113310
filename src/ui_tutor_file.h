/* A tutor's file: who they are, where recruitment stands, the answer, the
 * judicial-record check, rates, groups and hours; status, check, rate and
 * answer are recorded from here. */
#ifndef TT_UI_TUTOR_FILE_H
#define TT_UI_TUTOR_FILE_H
#include <stdint.h>
#include "screens.h"

int tutor_file_active(void);
void tutor_file_open(struct app *a, int64_t id);
void tutor_file_draw(struct app *a, struct rect r);
int tutor_file_handle(struct app *a, int action, int key);
/* 1 once after a change, so the list reloads. */
int tutor_file_changed(void);
/* The answer dialog, shared with the list's "answer the marked ones". */
int tutor_answer_dialog(struct app *a, const int64_t *ids, int n);

#endif
