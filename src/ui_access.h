/* Settings, access log view: who viewed, printed or exported whose
 * personal data, newest first.  Administrators only; the data layer says
 * so to anyone else. */
#ifndef TT_UI_ACCESS_H
#define TT_UI_ACCESS_H
#include "screens.h"

void access_view_load(struct app *a);
void access_view_draw(struct app *a, struct rect r);
/* H_DONE, or H_IGNORED for the shell and the Settings screen. */
int access_view_handle(struct app *a, int action, int key);
void access_view_free(void);

#endif
