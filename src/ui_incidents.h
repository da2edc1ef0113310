/* Settings, privacy incidents view: the Law 25 register.  An
 * administrator records an incident (n) and opens one to complete or
 * correct it (Enter); everyone else reads it. */
#ifndef TT_UI_INCIDENTS_H
#define TT_UI_INCIDENTS_H
#include "screens.h"

void incidents_view_load(struct app *a);
void incidents_view_draw(struct app *a, struct rect r);
/* H_DONE, or H_IGNORED for the shell and the Settings screen. */
int incidents_view_handle(struct app *a, int action, int key);
void incidents_view_free(void);

#endif
