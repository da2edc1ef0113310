#include "config.h"
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

size_t field_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int field_text(char *v, const char *field, const char *label, size_t max, int required,
               struct tt_error *err)
{
    tt_trim(v);
    if (required && v[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."), label);
    if (!text_is_utf8(v))
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s contains characters that are not valid text."), label);
    if (field_chars(v) > max)
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s is too long: at most %zu characters."), label, max);
    return TT_OK;
}

int field_one_of(const char *v, const char *const *codes)
{
    for (; *codes; codes++)
        if (strcmp(v, *codes) == 0)
            return 1;
    return 0;
}

void field_col(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    tt_strlcpy(dst, v ? (const char *)v : "", size);
}

void field_bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (v && v[0])
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}
