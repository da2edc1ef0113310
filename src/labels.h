/* Codes stored in the database and the words shown for them, in the
 * user's language.  One table per kind, shared by screens and commands. */
#ifndef TT_LABELS_H
#define TT_LABELS_H

enum label_kind {
    LBL_REFERRAL_STATUS,
    LBL_CONSENT_STATUS,
    LBL_TUTOR_STATUS,
    LBL_TUTOR_CATEGORY,
    LBL_TUTOR_SOURCE,
    LBL_CHECK_STATUS,
    LBL_SUBJECT,
    LBL_MODALITY,
    LBL_GROUP_STATUS,
    LBL_SESSION_STATUS,
    LBL_LEVEL,
    LBL_REFERRER_ROLE,
    LBL_RELATIONSHIP,
    LBL_LANGUAGE,
    LBL_PRIORITY,
    LBL_RAI,
    LBL_FORMAT,
    LBL_PARTNER,
    LBL_REFERRAL_MODALITY,
    LBL_CONSENT_PURPOSE,
    LBL_CONSENT_METHOD,
    LBL_ATTENDANCE,
    LBL_PARTNER_ORG,
    LBL_ANSWER_HOW,
    LBL_CHECK_RESULT,
    LBL_WEEKDAY,        /* "1" Monday .. "7" Sunday */
    LBL_LEVEL_BAND,
    LBL_ORG_KIND,
    LBL__COUNT
};

/* The translated word for code, or code itself when unknown; "" for NULL. */
const char *label_for(int kind, const char *code);
/* The codes of a kind in their natural order, for pick-lists. */
int label_count(int kind);
const char *label_code(int kind, int i);
/* The untranslated label (an N_() string), for widgets that translate. */
const char *label_msgid(int kind, int i);

/* 1 when code is one of the kind's codes: the labels table is the one list
 * of subjects, level bands... */
int label_known(int kind, const char *code);
/* "Monday" for 1 .. "Sunday" for 7, translated. */
const char *label_weekday(int weekday);

#endif
