#include "config.h"
#include <string.h>
#include "i18n.h"
#include "labels.h"
#include "util.h"

struct label {
    const char *code;
    const char *text;
};

static const struct label referral_status[] = {
    { "received", N_("received") },
    { "awaiting_consent", N_("awaiting consent") },
    { "awaiting_pairing", N_("awaiting pairing") },
    { "active", N_("active") },
    { "suspended", N_("suspended") },
    { "closed", N_("closed") },
    { NULL, NULL } };
static const struct label consent_status[] = {
    { "pending", N_("pending") },
    { "given", N_("given") },
    { "refused", N_("refused") },
    { "withdrawn", N_("withdrawn") },
    { NULL, NULL } };
static const struct label tutor_status[] = {
    { "interest", N_("interest expressed") },
    { "received", N_("received") },
    { "processing", N_("in processing") },
    { "hired", N_("hired") },
    { "declined", N_("declined") },
    { "withdrawn", N_("withdrawn") },
    { NULL, NULL } };
static const struct label tutor_category[] = {
    { "staff_regular", N_("regular staff") },
    { "staff_parttime", N_("part-time staff") },
    { "substitute", N_("substitute") },
    { "retiree", N_("retiree") },
    { "college", N_("college student") },
    { "university", N_("university student") },
    { "other", N_("other") },
    { NULL, NULL } };
static const struct label tutor_source[] = {
    { "platform", N_("Answer the Call!") },
    { "direct", N_("direct") },
    { "staff", N_("staff") },
    { NULL, NULL } };
static const struct label check_status[] = {
    { "none", N_("not requested") },
    { "requested", N_("requested") },
    { "completed", N_("completed") },
    { NULL, NULL } };
static const struct label subject[] = {
    { "fr_reading", N_("French reading") },
    { "fr_writing", N_("French writing") },
    { "math", N_("mathematics") },
    { "english", N_("English") },
    { "science", N_("science and technology") },
    { "social", N_("social sciences") },
    { "study_skills", N_("study skills") },
    { "other", N_("other") },
    { NULL, NULL } };
static const struct label modality[] = {
    { "remote", N_("remote") },
    { "school", N_("at school") },
    { "either", N_("either") },
    { "both", N_("both") },
    { NULL, NULL } };
static const struct label group_status[] = {
    { "planned", N_("planned") },
    { "active", N_("active") },
    { "ended", N_("ended") },
    { NULL, NULL } };
static const struct label session_status[] = {
    { "planned", N_("planned") },
    { "held", N_("held") },
    { "cancelled_student", N_("cancelled (student)") },
    { "cancelled_tutor", N_("cancelled (tutor)") },
    { NULL, NULL } };
static const struct label level[] = {
    /* TRANSLATORS: school levels; French uses "4 ans", "5 ans", "1re année"... */
    { "PRE4", N_("Pre-K 4") },
    { "PRE5", N_("Kindergarten") },
    { "P1", N_("Grade 1") },
    { "P2", N_("Grade 2") },
    { "P3", N_("Grade 3") },
    { "P4", N_("Grade 4") },
    { "P5", N_("Grade 5") },
    { "P6", N_("Grade 6") },
    { "S1", N_("Secondary I") },
    { "S2", N_("Secondary II") },
    { "S3", N_("Secondary III") },
    { "S4", N_("Secondary IV") },
    { "S5", N_("Secondary V") },
    { NULL, NULL } };

static const struct label referrer_role[] = {
    { "teacher", N_("teacher") },
    { "special_ed", N_("special education teacher") },
    { "professional", N_("professional") },
    { "principal", N_("school administration") },
    { "other", N_("other") },
    { NULL, NULL } };
static const struct label relationship[] = {
    { "mother", N_("mother") },
    { "father", N_("father") },
    { "guardian", N_("legal guardian") },
    { "other", N_("other") },
    { NULL, NULL } };
static const struct label language[] = {
    { "fr", N_("French") },
    { "en", N_("English") },
    { "other", N_("other") },
    { NULL, NULL } };
static const struct label priority[] = {
    { "1", N_("high") },
    { "2", N_("normal") },
    { "3", N_("low") },
    { NULL, NULL } };
static const struct label rai[] = {
    /* TRANSLATORS: RAI = response to intervention (réponse à l'intervention). */
    { "1", N_("1: universal") },
    { "2", N_("2: targeted, small group") },
    { "3", N_("3: intensive, individual") },
    { NULL, NULL } };
static const struct label format[] = {
    { "individual", N_("individual") },
    { "group", N_("small group") },
    { "either", N_("either") },
    { NULL, NULL } };
static const struct label partner[] = {
    { "none", N_("none") },
    { "alloprof", N_("Alloprof (academic help)") },
    { "teljeunes", N_("Tel-jeunes (psychosocial help)") },
    { "both", N_("Alloprof and Tel-jeunes") },
    { NULL, NULL } };
static const struct label referral_modality[] = {
    { "remote", N_("remote") },
    { "school", N_("at school") },
    { "either", N_("either") },
    { NULL, NULL } };
static const struct label consent_purpose[] = {
    { "tutoring", N_("tutoring") },
    { "share_referral", N_("sharing the referral with the tutor") },
    { "remote", N_("remote sessions") },
    { NULL, NULL } };
static const struct label consent_method[] = {
    { "signed_form", N_("signed form") },
    { "email", N_("e-mail") },
    { "phone", N_("phone") },
    { NULL, NULL } };

static const struct label attendance[] = {
    { "present", N_("present") },
    { "absent", N_("absent") },
    { "excused", N_("excused") },
    { NULL, NULL } };

static const struct label partner_org[] = {
    { "alloprof", N_("Alloprof (academic help)") },
    { "teljeunes", N_("Tel-jeunes (psychosocial help)") },
    { NULL, NULL } };

static const struct label answer_how[] = {
    { "email", N_("e-mail") },
    { "phone", N_("phone") },
    { "letter", N_("letter") },
    { "in_person", N_("in person") },
    { NULL, NULL } };
static const struct label check_result[] = {
    { "clear", N_("favourable") },
    { "not_clear", N_("not favourable") },
    { NULL, NULL } };

static const struct label weekday_names[] = {
    { "1", N_("Monday") },
    { "2", N_("Tuesday") },
    { "3", N_("Wednesday") },
    { "4", N_("Thursday") },
    { "5", N_("Friday") },
    { "6", N_("Saturday") },
    { "7", N_("Sunday") },
    { NULL, NULL } };
static const struct label level_band[] = {
    { "PRE", N_("preschool") },
    /* TRANSLATORS: level bands are cycles: "1er cycle du primaire"... */
    { "P1-P2", N_("Grades 1-2") },
    { "P3-P4", N_("Grades 3-4") },
    { "P5-P6", N_("Grades 5-6") },
    { "S1-S2", N_("Secondary I-II") },
    { "S3-S5", N_("Secondary III-V") },
    { NULL, NULL } };

static const struct label org_kind[] = {
    { "css", N_("school service centre") },
    { "board", N_("school board") },
    { "special", N_("special-status school board") },
    { "private", N_("private school") },
    { NULL, NULL } };

static const struct label *const tables[LBL__COUNT] = {
    referral_status, consent_status, tutor_status, tutor_category, tutor_source,
    check_status, subject, modality, group_status, session_status, level,
    referrer_role, relationship, language, priority, rai, format, partner,
    referral_modality, consent_purpose, consent_method, attendance,
    partner_org, answer_how, check_result, weekday_names, level_band, org_kind,
};

int label_count(int kind)
{
    int n = 0;
    if (kind >= 0 && kind < LBL__COUNT)
        while (tables[kind][n].code)
            n++;
    return n;
}

const char *label_code(int kind, int i)
{
    return i >= 0 && i < label_count(kind) ? tables[kind][i].code : NULL;
}

const char *label_msgid(int kind, int i)
{
    return i >= 0 && i < label_count(kind) ? tables[kind][i].text : NULL;
}

const char *label_for(int kind, const char *code)
{
    if (code == NULL)
        return "";
    if (kind < 0 || kind >= LBL__COUNT)
        return code;
    for (const struct label *l = tables[kind]; l->code; l++)
        if (strcmp(l->code, code) == 0)
            return _(l->text);
    return code;
}

const char *label_weekday(int weekday)
{
    return weekday >= 1 && weekday <= 7 ? _(weekday_names[weekday - 1].text) : "";
}

int label_known(int kind, const char *code)
{
    for (int i = 0; code && i < label_count(kind); i++)
        if (strcmp(tables[kind][i].code, code) == 0)
            return 1;
    return 0;
}
