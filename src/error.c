#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "error.h"
#include "util.h"

void tt_error_clear(struct tt_error *e)
{
    if (e == NULL)
        return;
    e->code = TT_OK;
    e->field[0] = '\0';
    e->msg[0] = '\0';
}

static int error_vset(struct tt_error *e, int code, const char *field,
                      const char *fmt, va_list ap)
{
    if (e == NULL)
        return code;
    e->code = code;
    tt_strlcpy(e->field, field ? field : "", sizeof e->field);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return code;
}

int tt_error_set(struct tt_error *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int tt_error_set_field(struct tt_error *e, int code, const char *field,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, code, field, fmt, ap);
    va_end(ap);
    return code;
}
