/* A keyboard-only form: text, dates, wrapped long text, pick-lists,
 * several-choice lists, yes/no and a weekly grid, on one or more pages.
 * The form holds what was typed; it never validates the meaning of a value
 * (the data layer does, and the screen moves the cursor to the field it
 * names).  No SQL here. */
#ifndef TT_FORM_H
#define TT_FORM_H
#include <stddef.h>
#include <wchar.h>
#include "dates.h"
#include "screens.h"

enum field_kind {
    FK_TEXT,        /* one line */
    FK_AREA,        /* long text, wrapped on several lines */
    FK_CHOICE,      /* one value from a pick-list */
    FK_MULTI,       /* several values from a list (bits) */
    FK_BOOL,        /* yes / no */
    FK_GRID         /* days x slots (bits) */
};

struct form_choice {
    const char *code;       /* stored value */
    const char *label;      /* N_() shown to the user */
};

struct form_field {
    /* Set by the screen. */
    const char *id;         /* matches tt_error.field */
    const char *label;      /* N_() */
    int kind;
    int page;               /* 0-based */
    int max_chars;          /* FK_TEXT, FK_AREA */
    int lines;              /* FK_AREA: rows shown */
    const struct form_choice *choices;  /* FK_CHOICE, FK_MULTI */
    int n_choices;
    const char *hint;       /* N_() shown on the message line, or NULL */
    int literal;            /* choice labels are data (school names), not msgids */
    /* Value. */
    wchar_t *text;
    size_t len, cap, cursor;
    int choice;             /* FK_CHOICE index, -1 none; FK_BOOL 0/1 */
    unsigned bits;          /* FK_MULTI, FK_GRID */
    int sub;                /* cursor inside a multi list or grid */
};

struct form {
    const char *title;          /* N_() */
    const char *const *page_titles;     /* N_() per page */
    int n_pages;
    struct form_field *fields;
    int n_fields;
    int current;
    int changed;                /* typed since opened or last saved */
    int grid_cols;              /* FK_GRID columns (days) */
    const char *const *grid_col_labels; /* N_() */
    int grid_rows;
    const char *const *grid_row_labels; /* N_() */
};

enum form_result {
    FORM_NOTHING,
    FORM_MOVED,
    FORM_EDITED,
    FORM_SAVE,      /* F2, or Enter on the last field */
    FORM_CANCEL     /* Esc */
};

/* Prepares the values (empty text, choice -1). */
void form_init(struct form *f);
void form_free(struct form *f);
int form_handle_key(struct form *f, struct app *a, int key);
void form_draw(struct form *f, struct app *a, struct rect r);

struct form_field *form_field(struct form *f, const char *id);
/* Moves the cursor to the field (and its page); 0 when found. */
int form_focus(struct form *f, const char *id);

/* UTF-8 value of a text field into buf. */
void form_get_text(const struct form *f, const char *id, char *buf, size_t size);
void form_set_text(struct form *f, const char *id, const char *utf8);
/* The code of a choice field, or "" when none is chosen. */
const char *form_get_choice(const struct form *f, const char *id);
void form_set_choice(struct form *f, const char *id, const char *code);
unsigned form_get_bits(const struct form *f, const char *id);
void form_set_bits(struct form *f, const char *id, unsigned bits);

/* Every value as "id<TAB>value" lines, with \, tab and newline escaped:
 * what a draft file holds.  Caller frees. */
char *form_serialise(const struct form *f);
/* Restores values from form_serialise output; unknown ids are ignored. */
void form_deserialise(struct form *f, const char *text);
/* The field's value as shown: choice labels, yes/no, days and times. */
void form_field_display(const struct form *f, const struct form_field *x, char *buf,
                        size_t size);

/* Reads a date, a whole number from lo to hi, or a time of day from a text
 * field.  0 when it is one; otherwise -1, msg says why (naming label, in
 * the user's language) and the cursor goes to the field. */
int form_read_date(struct form *f, const char *id, const char *label, tt_day *out, char *msg,
                   size_t size);
int form_read_int(struct form *f, const char *id, const char *label, int lo, int hi, int *out,
                  char *msg, size_t size);
int form_read_time(struct form *f, const char *id, const char *label, int *out, char *msg,
                   size_t size);

/* Runs the form in a box over the current screen until F2/Enter on the
 * last field (FORM_SAVE) or Esc (FORM_CANCEL).  message, when not empty,
 * is shown at the bottom of the box (a validation error). */
int form_run_modal(struct form *f, struct app *a, const char *message);
/* Asks for one line of text (a file name, say) in a box; buf holds the
 * starting value and receives the answer.  1 when given, 0 on Esc. */
int form_prompt(struct app *a, const char *title, const char *label, char *buf, size_t size);

#endif
