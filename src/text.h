/* Text as it reaches the terminal: measured in display columns, and never
 * containing raw control characters or invalid UTF-8 (a name typed with an
 * escape sequence must show as harmless text). */
#ifndef TT_TEXT_H
#define TT_TEXT_H
#include <stddef.h>
#include <wchar.h>

/* Display columns of s once made safe (see text_safe). */
int text_width(const char *s);
/* Copies s into dst made safe for a terminal: control characters (C0, DEL,
 * C1) become U+FFFD-free visible forms ("^[" style caret notation for C0 and
 * DEL, "\u0085" style for C1); invalid UTF-8 bytes become '?'. Result is
 * always NUL-terminated, truncated at a character boundary. */
void text_safe(char *dst, size_t size, const char *s);
/* Like text_safe, but cut to at most cols display columns (an ellipsis
 * "…" marks a cut when cols > 1) and, when pad is non-zero, padded with
 * spaces to exactly cols columns.  Returns the columns written. */
int text_fit(char *dst, size_t size, const char *s, int cols, int pad);
/* Where to break s to fit cols columns: returns the bytes of the first line
 * (cut at the last space that fits, or at a character boundary when a
 * word is longer than the line) and sets *next to where the next line
 * starts. */
size_t text_line_break(const char *s, int cols, size_t *next);
/* Lower-case, accents removed, runs of blanks and punctuation folded to
 * one space: "Éloïse Côté-Bélanger" -> "eloise cote belanger".  For
 * search keys.  Caller frees. */
char *text_fold(const char *s);
/* 1 when s is valid UTF-8 without NUL. */
int text_is_utf8(const char *s);
/* Converts Windows-1252 bytes to a newly allocated UTF-8 string. */
char *text_cp1252_to_utf8(const char *s, size_t len);

#endif
