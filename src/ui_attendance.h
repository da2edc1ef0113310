/* The attendance sheet of one session, run over the current screen. */
#ifndef TT_UI_ATTENDANCE_H
#define TT_UI_ATTENDANCE_H
#include <stdint.h>
#include "screens.h"

/* 1 when the session was saved (held or cancelled). */
int attendance_sheet_run(struct app *a, int64_t session_id);

#endif
