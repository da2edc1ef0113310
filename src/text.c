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
 * U+10FFFF included). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        n = 2; v = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3; v = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4; v = c & 0x07; min = 0x10000;
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

static int cp_width(uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

/* The visible form of one code point: itself, or a harmless stand-in for
 * control characters.  Writes at most 8 bytes; returns bytes and width. */
static size_t visible(uint32_t cp, const unsigned char *src, size_t len, char out[8], int *width)
{
    if (cp == '\t') {
        out[0] = ' ';
        *width = 1;
        return 1;
    }
    if (cp < 0x20 || cp == 0x7F) {
        out[0] = '^';
        out[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
        *width = 2;
        return 2;
    }
    if (cp >= 0x80 && cp < 0xA0) {
        out[0] = '?';
        *width = 1;
        return 1;
    }
    memcpy(out, src, len);
    *width = cp_width(cp);
    return len;
}

int text_fit(char *dst, size_t size, const char *s, int cols, int pad)
{
    if (size == 0)
        return 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t o = 0;
    int used = 0;
    /* "…" is three bytes and one column. */
    const int ellipsis = cols > 1;
    while (*p) {
        uint32_t cp;
        size_t n = decode(p, &cp);
        char piece[8];
        int w;
        size_t k;
        if (n == 0) {
            piece[0] = '?';
            k = 1;
            w = 1;
            n = 1;
        } else {
            k = visible(cp, p, n, piece, &w);
        }
        /* Does the rest fit, or must we stop and mark the cut? */
        int rest_fits = 1;
        if (used + w > cols) {
            rest_fits = 0;
        } else if (used + w == cols && p[n] != '\0') {
            rest_fits = 0;
        }
        if (!rest_fits && ellipsis && used + w >= cols) {
            if (used + 1 <= cols && o + 3 < size) {
                memcpy(dst + o, "\xE2\x80\xA6", 3);
                o += 3;
                used += 1;
            }
            break;
        }
        if (used + w > cols || o + k >= size)
            break;
        memcpy(dst + o, piece, k);
        o += k;
        used += w;
        p += n;
    }
    while (pad && used < cols && o + 1 < size) {
        dst[o++] = ' ';
        used++;
    }
    dst[o] = '\0';
    return used;
}

void text_safe(char *dst, size_t size, const char *s)
{
    if (size == 0)
        return;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t o = 0;
    while (*p) {
        uint32_t cp;
        size_t n = decode(p, &cp);
        char piece[8];
        int w;
        size_t k;
        if (n == 0) {
            piece[0] = '?';
            k = 1;
            n = 1;
        } else {
            k = visible(cp, p, n, piece, &w);
        }
        if (o + k >= size)
            break;
        memcpy(dst + o, piece, k);
        o += k;
        p += n;
    }
    dst[o] = '\0';
}

size_t text_line_break(const char *s, int cols, size_t *next)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t i = 0, last_space = 0;
    int used = 0, seen_space = 0;
    while (p[i]) {
        uint32_t cp;
        size_t n = decode(p + i, &cp);
        int w = 1;
        if (n == 0) {
            n = 1;
        } else {
            char piece[8];
            visible(cp, p + i, n, piece, &w);
        }
        if (cp == '\n') {
            *next = i + 1;
            return i;
        }
        if (used + w > cols)
            break;
        if (cp == ' ') {
            last_space = i;
            seen_space = 1;
        }
        used += w;
        i += n;
    }
    if (p[i] == '\0') {
        *next = i;
        return i;
    }
    if (seen_space && last_space > 0) {
        *next = last_space + 1;
        return last_space;
    }
    *next = i;
    return i;
}

int text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int used = 0;
    while (*p) {
        uint32_t cp;
        size_t n = decode(p, &cp);
        if (n == 0) {
            used++;
            p++;
            continue;
        }
        char piece[8];
        int w;
        visible(cp, p, n, piece, &w);
        used += w;
        p += n;
    }
    return used;
}

int text_is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t n = decode(p, &cp);
        if (n == 0)
            return 0;
        p += n;
    }
    return 1;
}

static size_t encode(uint32_t cp, char *out)
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

/* Latin-1 Supplement letters without their accents, lower-case; index
 * 0 is U+00C0.  "" for signs that are not letters. */
static const char *const latin1_base[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Latin Extended-A (U+0100..U+017F) folds to the base letter of each pair;
 * a few need their own spelling. */
static const char latin_ext_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
    "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static void fold_cp(uint32_t cp, char *out, size_t *len)
{
    *len = 0;
    if (cp < 0x80) {
        unsigned char c = (unsigned char)cp;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[(*len)++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            out[(*len)++] = (char)(c + 32);
        }
        return;
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char *b = latin1_base[cp - 0xC0];
        *len = strlen(b);
        memcpy(out, b, *len);
        return;
    }
    if (cp == 0x152 || cp == 0x153) {
        memcpy(out, "oe", 2);
        *len = 2;
        return;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        size_t i = cp - 0x100;
        if (i < sizeof latin_ext_a - 1) {
            out[(*len)++] = latin_ext_a[i];
            return;
        }
    }
    if (cp >= 0x2000 && cp <= 0x206F)
        return; /* punctuation: a separator */
    if (cp == 0xA0 || (cp >= 0xA1 && cp <= 0xBF))
        return;
    /* Other scripts are kept as they are, lower-cased when wide chars know how. */
    wint_t lower = towlower((wint_t)cp);
    *len = encode((uint32_t)lower, out);
}

char *text_fold(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t cap = strlen((const char *)p) * 2 + 1;
    char *out = xmalloc(cap);
    size_t o = 0;
    int pending_space = 0;
    while (*p) {
        uint32_t cp;
        size_t n = decode(p, &cp);
        if (n == 0) {
            p++;
            pending_space = o > 0;
            continue;
        }
        char piece[8];
        size_t k;
        fold_cp(cp, piece, &k);
        if (k == 0) {
            pending_space = o > 0;
        } else {
            if (pending_space && o + 1 < cap)
                out[o++] = ' ';
            pending_space = 0;
            if (o + k >= cap) {
                cap = (o + k) * 2;
                out = xrealloc(out, cap);
            }
            memcpy(out + o, piece, k);
            o += k;
        }
        p += n;
    }
    out[o] = '\0';
    return out;
}

char *text_cp1252_to_utf8(const char *s, size_t len)
{
    /* 0x80..0x9F; 0 marks the five bytes Windows-1252 leaves undefined. */
    static const uint16_t high[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    };
    char *out = xmalloc(len * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        if (c >= 0x80 && c <= 0x9F)
            cp = high[c - 0x80] ? high[c - 0x80] : 0xFFFD;
        o += encode(cp, out + o);
    }
    out[o] = '\0';
    return out;
}
