/* A growing text buffer, the one every writer of XML, JSON or plain text builds its output in
 * (buffer.c), with the XML escaping that writes text and attribute values back losslessly.
 * A zeroed helder_buf is empty; its data stays NULL until the first put.
 */
#ifndef HELDER_MODEL_BUFFER_H
#define HELDER_MODEL_BUFFER_H

#include <stddef.h>

typedef struct {
    char *data;      /* NUL-terminated after any put (even of nothing); the owner frees it */
    size_t len, cap; /* len leaves out the NUL */
} helder_buf;

/* Appends data[0..len); data may hold NULs. Out of memory aborts, as everywhere. */
void helder_buf_put(helder_buf *buf, const char *data, size_t len);
void helder_buf_puts(helder_buf *buf, const char *text);
void helder_buf_printf(helder_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* XML character data: & < > as entities and CR as &#13; (a parser would turn it into LF). */
void helder_buf_xml_text(helder_buf *buf, const char *text, size_t len);
/* An XML attribute value in double quotes: as text, and also " and the LF and TAB that
 * attribute-value normalization would turn into spaces. */
void helder_buf_xml_attr(helder_buf *buf, const char *text, size_t len);
/* A NUL-terminated text for HTML, as content or as any attribute value: as an XML attribute,
 * and ' too. */
void helder_buf_html(helder_buf *buf, const char *text);

/* Empties buf and keeps its memory for what is put next. */
void helder_buf_clear(helder_buf *buf);
/* Frees the data and leaves buf empty; a buffer whose data was taken needs no free. */
void helder_buf_free(helder_buf *buf);

#endif
