/* Settings, the organisation and its schools: an administrator records
 * the organisation (Enter on its line) and adds (n) or changes (Enter) the
 * schools that referrals, groups, imports and budgets name. */
#ifndef TT_UI_SCHOOLS_H
#define TT_UI_SCHOOLS_H
#include "screens.h"

void schools_view_load(struct app *a);
void schools_view_draw(struct app *a, struct rect r);
/* H_DONE, or H_IGNORED for the shell and the Settings screen. */
int schools_view_handle(struct app *a, int action, int key);
void schools_view_free(void);

#endif
