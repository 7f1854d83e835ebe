/* What serve reads itself of a request before any handler: the URL path as segments (for routing)
 * and the server's own fields of a POST body. Both take untrusted bytes, so they live apart from
 * server.c, where fuzz/serve.c can reach them.
 */
#include <string.h>

#include "serve/http.h"

static int value_char_ok(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

int helder_serve_parse_fields(helder_serve_fields *out, const char *body, size_t len, unsigned max)
{
    size_t at = 0;
    memset(out, 0, sizeof *out);
    if (memchr(body, '\0', len))
        return -1;
    while (at < len) {
        size_t end = at;
        while (end < len && body[end] != '&')
            end++;
        if (end > at) {
            if (++out->fields > max)
                return -2;
            const char *key = body + at;
            const char *eq = memchr(key, '=', end - at);
            size_t key_len = eq ? (size_t)(eq - key) : end - at;
            const char *value = eq ? eq + 1 : body + end;
            size_t value_len = eq ? (size_t)(body + end - value) : 0;
            if (key_len >= 3 && key[0] == '%' && key[1] == '5' && (key[2] == 'F' || key[2] == 'f'))
                return -1; /* an escaped underscore: no browser writes one */
            if (key_len > 0 && key[0] == '_') {
                const char **slot = NULL;
                size_t *slot_len = NULL;
                if (key_len == 5 && memcmp(key, "_csrf", 5) == 0) {
                    slot = &out->csrf;
                    slot_len = &out->csrf_len;
                } else if (key_len == 6 && memcmp(key, "_state", 6) == 0) {
                    slot = &out->state;
                    slot_len = &out->state_len;
                } else if (key_len == 3 && memcmp(key, "_go", 3) == 0) {
                    slot = &out->go;
                    slot_len = &out->go_len;
                } else {
                    return -1;
                }
                if (*slot)
                    return -1; /* twice */
                for (size_t i = 0; i < value_len; i++)
                    if (!value_char_ok(value[i]))
                        return -1;
                *slot = value;
                *slot_len = value_len;
            }
        }
        at = end + 1;
    }
    return 0;
}

/* "." or "..", also spelled with %2E (RFC 3986 6.2.2.2: the same segment to anything that
 * normalises the URL, a proxy in front or a later change here). No page has one, and a segment
 * that climbs must never reach a route that makes a file name of it. */
static int dot_segment(const char *seg, size_t len)
{
    size_t dots = 0;
    for (size_t i = 0; i < len; dots++) {
        if (seg[i] == '.')
            i += 1;
        else if (len - i >= 3 && seg[i] == '%' && seg[i + 1] == '2' &&
                 (seg[i + 2] == 'e' || seg[i + 2] == 'E'))
            i += 3;
        else
            return 0;
    }
    return dots == 1 || dots == 2;
}

int helder_serve_split_path(helder_serve_segments *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (path[0] != '/')
        return -1;
    if (path[1] == '\0')
        return 0; /* the index */
    for (const char *at = path + 1;; at++) {
        size_t len = strcspn(at, "/");
        /* "//" and a trailing '/' are an empty segment: each page has one address */
        if (len == 0 || dot_segment(at, len) || out->count == HELDER_SERVE_SEGMENTS_MAX)
            return -1;
        out->seg[out->count] = at;
        out->len[out->count++] = len;
        at += len;
        if (*at == '\0')
            return 0;
    }
}

int helder_serve_without_trailing_slash(char *out, size_t size, const char *path)
{
    helder_serve_segments segments;
    size_t len = strlen(path);
    if (len < 3 || path[len - 1] != '/' || len - 1 >= size)
        return -1;
    memcpy(out, path, len - 1);
    out[len - 1] = '\0';
    if (helder_serve_split_path(&segments, out) != 0 || segments.count == 0)
        return -1;
    return 0;
}
