#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "text.h"
#include "util.h"

/* Decodes one UTF-8 sequence strictly; returns its length, or 0 when the
 * bytes at s are not valid UTF-8 (overlongs, surrogates and values past
 * U+10FFFF included).  Stops at the first byte that is not a continuation,
 * so it never reads past a terminating NUL. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* cp must be a Unicode scalar value; out needs 4 bytes. */
static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* What one character of the source looks like on screen. */
struct piece {
    char bytes[8];   /* the safe form, not NUL-terminated */
    size_t len;      /* bytes in the safe form */
    size_t consumed; /* source bytes it stands for */
    int width;       /* display columns */
};

/* Decoding is done here rather than with mbrtowc so that the result does
 * not depend on the process locale; only the width table comes from it. */
static void next_piece(const unsigned char *s, struct piece *pc)
{
    uint32_t cp;
    size_t n = utf8_decode(s, &cp);
    if (n == 0) {
        pc->bytes[0] = '?';
        pc->len = 1;
        pc->consumed = 1;
        pc->width = 1;
        return;
    }
    pc->consumed = n;
    if (cp == '\t') {
        /* A tab's width depends on the cursor column; one space keeps
         * measurements exact. */
        pc->bytes[0] = ' ';
        pc->len = 1;
        pc->width = 1;
    } else if (cp < 0x20 || cp == 0x7F) {
        pc->bytes[0] = '^';
        pc->bytes[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
        pc->len = 2;
        pc->width = 2;
    } else if (cp >= 0x80 && cp < 0xA0) {
        /* Terminals obey C1 controls (U+009B is CSI), so they are spelt. */
        int k = snprintf(pc->bytes, sizeof pc->bytes, "\\u%04X", (unsigned)cp);
        pc->len = k > 0 ? (size_t)k : 0;
        pc->width = (int)pc->len;
    } else {
        memcpy(pc->bytes, s, n);
        pc->len = n;
        int w = wcwidth((wchar_t)cp);
        pc->width = w < 0 ? 1 : w;
    }
}

int text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int used = 0;
    struct piece pc;
    for (; *p; p += pc.consumed) {
        next_piece(p, &pc);
        used += pc.width;
    }
    return used;
}

void text_safe(char *dst, size_t size, const char *s)
{
    if (size == 0)
        return;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t o = 0;
    struct piece pc;
    for (; *p; p += pc.consumed) {
        next_piece(p, &pc);
        if (o + pc.len >= size)
            break;
        memcpy(dst + o, pc.bytes, pc.len);
        o += pc.len;
    }
    dst[o] = '\0';
}

/* Bytes of the safe form of s, and its width. */
static size_t safe_length(const unsigned char *p, int *width)
{
    size_t bytes = 0;
    int used = 0;
    struct piece pc;
    for (; *p; p += pc.consumed) {
        next_piece(p, &pc);
        bytes += pc.len;
        used += pc.width;
    }
    *width = used;
    return bytes;
}

/* Copies whole pieces of p while they stay within max_cols columns and
 * max_bytes bytes; returns the columns copied and sets *o. */
static int copy_pieces(char *dst, size_t *o, const unsigned char *p, int max_cols,
                       size_t max_bytes)
{
    int used = 0;
    struct piece pc;
    for (; *p; p += pc.consumed) {
        next_piece(p, &pc);
        if (used + pc.width > max_cols || *o + pc.len > max_bytes)
            break;
        memcpy(dst + *o, pc.bytes, pc.len);
        *o += pc.len;
        used += pc.width;
    }
    return used;
}

int text_fit(char *dst, size_t size, const char *s, int cols, int pad)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* "…", one column */
    const size_t ellipsis_len = sizeof ellipsis - 1;
    if (size == 0)
        return 0;
    if (cols < 0)
        cols = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int whole_width;
    size_t whole_bytes = safe_length(p, &whole_width);
    size_t o = 0;
    int used;
    if (whole_width <= cols && whole_bytes < size) {
        used = copy_pieces(dst, &o, p, cols, size - 1);
    } else if (cols > 1 && size > ellipsis_len) {
        used = copy_pieces(dst, &o, p, cols - 1, size - 1 - ellipsis_len);
        memcpy(dst + o, ellipsis, ellipsis_len);
        o += ellipsis_len;
        used++;
    } else {
        used = copy_pieces(dst, &o, p, cols, size - 1);
    }
    while (pad && used < cols && o + 1 < size) {
        dst[o++] = ' ';
        used++;
    }
    dst[o] = '\0';
    return used;
}

static size_t skip_spaces(const char *s, size_t i)
{
    while (s[i] == ' ')
        i++;
    return i;
}

/* Where the line after a break at a space starts: past the spaces, and
 * past one line end, which the break has already made. */
static size_t after_break(const char *s, size_t i)
{
    i = skip_spaces(s, i);
    if (s[i] == '\r' && s[i + 1] == '\n')
        return i + 2;
    return s[i] == '\n' ? i + 1 : i;
}

static size_t trim_spaces_before(const char *s, size_t i)
{
    while (i > 0 && s[i - 1] == ' ')
        i--;
    return i;
}

size_t text_line_break(const char *s, int cols, size_t *next)
{
    const char *t = s ? s : "";
    const unsigned char *p = (const unsigned char *)t;
    size_t i = 0, space_at = 0;
    int used = 0;
    struct piece pc = { .consumed = 0 };
    while (p[i]) {
        if (p[i] == '\n' || (p[i] == '\r' && p[i + 1] == '\n')) {
            *next = i + (p[i] == '\r' ? 2 : 1);
            return i;
        }
        /* Only spaces after some text are break points: leading spaces
         * are indentation. */
        if (p[i] == ' ' && i > 0 && p[i - 1] != ' ')
            space_at = i;
        next_piece(p + i, &pc);
        if (used + pc.width > cols)
            break;
        used += pc.width;
        i += pc.consumed;
    }
    if (p[i] == '\0') {
        *next = i;
        return i;
    }
    if (p[i] == ' ' && trim_spaces_before(t, i) > 0) {
        *next = after_break(t, i);
        return trim_spaces_before(t, i);
    }
    if (space_at > 0) {
        *next = after_break(t, space_at);
        return trim_spaces_before(t, space_at);
    }
    if (i == 0) {
        /* Not even one character fits: take it (with its combining marks)
         * anyway, so that callers looping over lines always move forward. */
        i = pc.consumed;
        while (p[i] && p[i] != '\n' && p[i] != '\r') {
            next_piece(p + i, &pc);
            if (pc.width != 0)
                break;
            i += pc.consumed;
        }
    }
    *next = i;
    return i;
}

int text_is_utf8(const char *s)
{
    if (s == NULL)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0)
            return 0;
        p += n;
    }
    return 1;
}

/* Latin-1 Supplement letters without accents, lower-case, from U+00C0;
 * "" for the two signs (multiplication, division) among them. */
static const char *const fold_latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Latin Extended-A, U+0100..U+017F, in code point order. */
static const char *const fold_latin_ext_a[128] = {
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Other Latin letters with accents, where one base letter covers a run of
 * code points: Vietnamese (Nguyễn, common in Québec), Romanian ș and ț,
 * and the ordinal indicators of Latin-1. */
static const struct {
    uint32_t first, last;
    const char *base;
} fold_latin_runs[] = {
    { 0x00AA, 0x00AA, "a" }, { 0x00BA, 0x00BA, "o" }, { 0x01A0, 0x01A1, "o" },
    { 0x01AF, 0x01B0, "u" }, { 0x0218, 0x0219, "s" }, { 0x021A, 0x021B, "t" },
    { 0x1EA0, 0x1EB7, "a" }, { 0x1EB8, 0x1EC7, "e" }, { 0x1EC8, 0x1ECB, "i" },
    { 0x1ECC, 0x1EE3, "o" }, { 0x1EE4, 0x1EF1, "u" }, { 0x1EF2, 0x1EF9, "y" },
};

/* The accent-free lower-case spelling of a Latin letter ("" for a sign),
 * or NULL when the tables do not know cp. */
static const char *fold_latin(uint32_t cp)
{
    if (cp >= 0xC0 && cp <= 0xFF)
        return fold_latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F)
        return fold_latin_ext_a[cp - 0x100];
    for (size_t i = 0; i < TT_ARRAY_LEN(fold_latin_runs); i++)
        if (cp >= fold_latin_runs[i].first && cp <= fold_latin_runs[i].last)
            return fold_latin_runs[i].base;
    return NULL;
}

enum fold_kind { FOLD_KEEP, FOLD_DROP, FOLD_SEPARATOR };

/* Sets out (4 bytes at least) and *len for FOLD_KEEP. */
static enum fold_kind fold_cp(uint32_t cp, char *out, size_t *len)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            out[0] = (char)cp;
        } else if (cp >= 'A' && cp <= 'Z') {
            out[0] = (char)(cp - 'A' + 'a');
        } else {
            return FOLD_SEPARATOR;
        }
        *len = 1;
        return FOLD_KEEP;
    }
    const char *latin = fold_latin(cp);
    if (latin != NULL) {
        if (latin[0] == '\0')
            return FOLD_SEPARATOR;
        *len = strlen(latin);
        memcpy(out, latin, *len);
        return FOLD_KEEP;
    }
    if (cp < 0xC0)
        return FOLD_SEPARATOR; /* C1 controls and Latin-1 signs */
    /* Combining accents of decomposed text ("e" + U+0301) go with the
     * accent; the locale's classes would call them punctuation. */
    if (cp >= 0x300 && cp <= 0x36F)
        return FOLD_DROP;
    if (iswalnum((wint_t)cp)) {
        wint_t lower = towlower((wint_t)cp);
        if (lower > 0x10FFFF || (lower >= 0xD800 && lower <= 0xDFFF))
            lower = (wint_t)cp;
        *len = utf8_encode((uint32_t)lower, out);
        return FOLD_KEEP;
    }
    if (wcwidth((wchar_t)cp) == 0)
        return FOLD_DROP; /* other marks, zero-width joiners */
    if (iswspace((wint_t)cp) || iswpunct((wint_t)cp) || iswcntrl((wint_t)cp))
        return FOLD_SEPARATOR;
    /* A locale without tables classifies nothing: keeping the character
     * is better than losing every non-Latin name. */
    *len = utf8_encode(cp, out);
    return FOLD_KEEP;
}

struct buffer {
    char *p;
    size_t len, cap;
};

static void buffer_add(struct buffer *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

char *text_fold(const char *s)
{
    const char *text = s ? s : "";
    const unsigned char *p = (const unsigned char *)text;
    struct buffer b = { .cap = strlen(text) + 1 };
    b.p = xmalloc(b.cap);
    b.p[0] = '\0';
    int pending_space = 0;
    while (*p) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        char piece[8];
        size_t k = 0;
        /* A byte that is not UTF-8 cannot be a letter. */
        enum fold_kind kind = n == 0 ? FOLD_SEPARATOR : fold_cp(cp, piece, &k);
        p += n == 0 ? 1 : n;
        if (kind == FOLD_SEPARATOR) {
            pending_space = b.len > 0;
        } else if (kind == FOLD_KEEP) {
            if (pending_space)
                buffer_add(&b, " ", 1);
            pending_space = 0;
            buffer_add(&b, piece, k);
        }
    }
    return b.p;
}

char *text_cp1252_to_utf8(const char *s, size_t len)
{
    /* 0x80..0x9F; 0 marks the five bytes Windows-1252 leaves undefined. */
    static const uint16_t high[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
    };
    if (s == NULL)
        len = 0;
    /* Every byte becomes at most three (U+20AC, U+FFFD); len + 1 cannot
     * wrap for bytes that exist in memory. */
    char *out = xreallocarray(NULL, len + 1, 3);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        if (c >= 0x80 && c <= 0x9F)
            cp = high[c - 0x80] ? high[c - 0x80] : 0xFFFD;
        else if (c == 0)
            cp = 0xFFFD; /* an embedded NUL would silently end the text */
        o += utf8_encode(cp, out + o);
    }
    out[o] = '\0';
    return out;
}
