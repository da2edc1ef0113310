/* Allocation that stops cleanly instead of returning NULL (as tmux's
 * xmalloc.c does): out of memory is not a state the program recovers from. */
#ifndef TT_UTIL_H
#define TT_UTIL_H
#include <stddef.h>
#include <stdarg.h>

#define TT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Caller frees the result.  Never used to build SQL. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* strlcpy semantics: always NUL-terminates, returns strlen(src). */
size_t tt_strlcpy(char *dst, const char *src, size_t size);
/* Removes leading and trailing ASCII white space in place; returns s. */
char *tt_trim(char *s);

#endif
