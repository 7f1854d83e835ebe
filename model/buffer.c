/* The growing text buffer of model/buffer.h: appending, printf, and XML escaping for text and
 * attribute values. One implementation, so that every writer escapes alike.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/buffer.h"
#include "model/model.h"

void helder_buf_put(helder_buf *buf, const char *data, size_t len)
{
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        buf->data = helder_xrealloc(buf->data, cap);
        buf->cap = cap;
    }
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void helder_buf_puts(helder_buf *buf, const char *text)
{
    helder_buf_put(buf, text, strlen(text));
}

void helder_buf_printf(helder_buf *buf, const char *fmt, ...)
{
    char small[512];
    va_list args;
    va_start(args, fmt);
    int len = vsnprintf(small, sizeof small, fmt, args);
    va_end(args);
    if (len < 0)
        return;
    if ((size_t)len < sizeof small) {
        helder_buf_put(buf, small, (size_t)len);
        return;
    }
    char *large = helder_xmalloc((size_t)len + 1);
    va_start(args, fmt);
    vsnprintf(large, (size_t)len + 1, fmt, args);
    va_end(args);
    helder_buf_put(buf, large, (size_t)len);
    free(large);
}

/* What a value is written as: XML character data, a double-quoted XML attribute value, or HTML
 * (an attribute value that is also safe between single quotes). */
typedef enum { AS_XML_TEXT, AS_XML_ATTR, AS_HTML } escape_as;

static void put_escaped(helder_buf *buf, const char *text, size_t len, escape_as as)
{
    bool attribute = as != AS_XML_TEXT;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *entity = NULL;
        switch (text[i]) {
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = attribute ? "&quot;" : NULL;
            break;
        case '\'':
            entity = as == AS_HTML ? "&#39;" : NULL;
            break;
        case '\r':
            entity = "&#13;";
            break;
        case '\n':
            entity = attribute ? "&#10;" : NULL;
            break;
        case '\t':
            entity = attribute ? "&#9;" : NULL;
            break;
        default:
            break;
        }
        if (!entity)
            continue;
        helder_buf_put(buf, text + start, i - start);
        helder_buf_puts(buf, entity);
        start = i + 1;
    }
    helder_buf_put(buf, text + start, len - start);
}

void helder_buf_xml_text(helder_buf *buf, const char *text, size_t len)
{
    put_escaped(buf, text, len, AS_XML_TEXT);
}

void helder_buf_xml_attr(helder_buf *buf, const char *text, size_t len)
{
    put_escaped(buf, text, len, AS_XML_ATTR);
}

void helder_buf_html(helder_buf *buf, const char *text)
{
    put_escaped(buf, text, strlen(text), AS_HTML);
}

void helder_buf_clear(helder_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void helder_buf_free(helder_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
