/* Settings, Users view: who may use the database, with which role.  An
 * administrator adds a login (n) and changes a role or the access (t or
 * Enter); everyone else sees the list and is told who may change it. */
#ifndef TT_UI_USERS_H
#define TT_UI_USERS_H
#include "screens.h"

void users_view_load(struct app *a);
void users_view_draw(struct app *a, struct rect r);
/* H_DONE, or H_IGNORED for the shell and the Settings screen. */
int users_view_handle(struct app *a, int action, int key);
void users_view_free(void);

#endif
