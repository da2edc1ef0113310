/* A group's page over the Groups list, and the dialogs that change a group:
 * creating one, adding and ending memberships, planning sessions, a new
 * tutor, a session outside the schedule. */
#ifndef TT_UI_GROUP_PAGE_H
#define TT_UI_GROUP_PAGE_H
#include <stdint.h>
#include "form.h"
#include "groups.h"
#include "screens.h"

int group_page_active(void);
void group_page_open(struct app *a, int64_t id);
void group_page_draw(struct app *a, struct rect r);
int group_page_handle(struct app *a, int action, int key);
/* 1 once after the page changed data the list shows. */
int group_page_changed(void);
/* The new-group form; opens the page of the group created.  1 when one
 * was. */
int group_new_dialog(struct app *a);

/* The tutors who may lead a group or give a session, as pick-list choices
 * whose codes are their ids as text. */
struct tutor_choices {
    struct group_tutor_choice *t;
    size_t n;
    char (*codes)[24];
    struct form_choice *c;
};
int tutor_choices_load(struct tt_db *db, struct tutor_choices *tc, struct tt_error *err);
void tutor_choices_free(struct tutor_choices *tc);

#endif
