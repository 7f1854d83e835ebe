/* Memory wrappers, UTF-8 helpers and the edit distance of "did you mean", shared by every module.
 *
 * Out of memory aborts here, once, so that no other code needs an allocation-failure path.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static void out_of_memory(size_t size)
{
    fprintf(stderr, "helder: out of memory (%zu bytes)\n", size);
    abort();
}

void *helder_xmalloc(size_t size)
{
    void *ptr = malloc(size ? size : 1);
    if (!ptr)
        out_of_memory(size);
    return ptr;
}

void *helder_xcalloc(size_t count, size_t size)
{
    void *ptr = calloc(count ? count : 1, size ? size : 1);
    if (!ptr)
        out_of_memory(count * size);
    return ptr;
}

void *helder_xrealloc(void *ptr, size_t size)
{
    void *grown = realloc(ptr, size ? size : 1);
    if (!grown)
        out_of_memory(size);
    return grown;
}

char *helder_xstrndup(const char *text, size_t len)
{
    char *copy = helder_xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

char *helder_xstrdup(const char *text)
{
    return helder_xstrndup(text, strlen(text));
}

/* Decodes one UTF-8 sequence strictly: no overlongs, no surrogates, nothing above U+10FFFF.
 * Returns its length, or 0 when the bytes at text are not a valid sequence. */
static size_t utf8_sequence(const unsigned char *text, size_t len)
{
    unsigned char lead = text[0];
    size_t need;
    unsigned long cp;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3;
        cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4;
        cp = lead & 0x07;
    } else {
        return 0;
    }
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((text[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (text[i] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    return need;
}

int helder_utf8_valid(const char *text, size_t len, size_t *bad_offset)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t at = 0;
    while (at < len) {
        size_t step;
        /* Forms are mostly ASCII: skip it eight bytes at a time. */
        while (len - at >= 8) {
            uint64_t word;
            memcpy(&word, bytes + at, sizeof word);
            if (word & UINT64_C(0x8080808080808080))
                break;
            at += 8;
        }
        if (at == len)
            break;
        step = utf8_sequence(bytes + at, len - at);
        if (step == 0) {
            if (bad_offset)
                *bad_offset = at;
            return 0;
        }
        at += step;
    }
    return 1;
}

size_t helder_utf8_length(const char *text, size_t len)
{
    size_t count = 0, i = 0;
    /* Eight bytes at a time: every byte but a continuation byte (10xxxxxx) starts a character. */
    for (; len - i >= 8; i += 8) {
        uint64_t word, continuation;
        memcpy(&word, text + i, sizeof word);
        continuation = word & ~(word << 1) & UINT64_C(0x8080808080808080);
        count += 8 - (size_t)(((continuation >> 7) * UINT64_C(0x0101010101010101)) >> 56);
    }
    for (; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            count++;
    return count;
}

/* ---- "did you mean" ---- */

size_t helder_edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t row[HELDER_EDIT_DISTANCE_MAX + 1];
    if (alen > HELDER_EDIT_DISTANCE_MAX || blen > HELDER_EDIT_DISTANCE_MAX)
        return SIZE_MAX;
    for (size_t j = 0; j <= blen; j++)
        row[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[blen];
}
