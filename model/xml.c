/* Reading untrusted XML safely (SECURITY.md): bytes read with a cap, UTF-8 only, no DOCTYPE, no
 * entities, no network, a nesting limit, errors with line and column per parser context.
 * Also maps elements and attributes back to exact line:column positions in the raw bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "model/model.h"

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

void helder_global_init(void)
{
    helder_xml_memory_setup(); /* before libxml2 allocates, though it would not matter */
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_entity);
    xmlParserMaxDepth = 128;
}

void helder_global_cleanup(void)
{
    xmlCleanupParser();
}

const char *helder_version(void)
{
    return HELDER_VERSION;
}

int helder_read_file(char **out, size_t *out_len, const char *path, size_t max_bytes)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    size_t cap = 65536, len = 0;
    char *buf;
    *out = NULL;
    *out_len = 0;
    if (fd < 0)
        return HELDER_EIO;
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!regular && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return HELDER_EIO;
    }
    if (regular && (size_t)st.st_size > max_bytes) {
        if (fd != STDIN_FILENO)
            close(fd);
        return HELDER_ETOOBIG;
    }
    /* A regular file is read into a buffer of its size (plus one to see the end), not grown. */
    if (regular && (size_t)st.st_size + 1 > cap)
        cap = (size_t)st.st_size + 1;
    buf = helder_xmalloc(cap + 1);
    for (;;) {
        if (len == cap) {
            if (cap > max_bytes)
                break;
            cap *= 2;
            buf = helder_xrealloc(buf, cap + 1);
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            free(buf);
            if (fd != STDIN_FILENO)
                close(fd);
            errno = saved;
            return HELDER_EIO;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    if (fd != STDIN_FILENO)
        close(fd);
    if (len > max_bytes) {
        free(buf);
        return HELDER_ETOOBIG;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return HELDER_OK;
}

int helder_read_file_reported(char **out, size_t *out_len, const char *path, size_t max_bytes,
                              helder_diag_sink *sink)
{
    helder_pos nowhere = {0, 0};
    int rc = helder_read_file(out, out_len, path, max_bytes);
    if (rc == HELDER_ETOOBIG)
        helder_diagf(sink, HELDER_RULE_INPUT_TOO_LARGE, path, nowhere,
                     "the file is larger than the limit of %zu bytes", max_bytes);
    else if (rc != HELDER_OK)
        helder_diagf(sink, HELDER_RULE_FILE_UNREADABLE, path, nowhere, "cannot read the file: %s",
                     strerror(errno));
    return rc;
}

/* ---- line table ---- */

void helder_lines_init(helder_lines *lines, const char *buf, size_t len)
{
    size_t cap = 64;
    const char *end = buf + len, *newline = buf;
    lines->buf = buf;
    lines->len = len;
    lines->starts = helder_xmalloc(cap * sizeof *lines->starts);
    lines->starts[0] = 0;
    lines->nlines = 1;
    while (newline < end && (newline = memchr(newline, '\n', (size_t)(end - newline))) != NULL) {
        if (lines->nlines == cap) {
            cap *= 2;
            lines->starts = helder_xrealloc(lines->starts, cap * sizeof *lines->starts);
        }
        lines->starts[lines->nlines++] = (size_t)(++newline - buf);
    }
    lines->near = helder_xcalloc(1, sizeof *lines->near);
}

void helder_lines_free(helder_lines *lines)
{
    free(lines->starts);
    free(lines->near);
    lines->starts = NULL;
    lines->near = NULL;
}

helder_pos helder_lines_pos(const helder_lines *lines, size_t offset)
{
    size_t low = 0, high = lines->nlines, near = lines->near ? *lines->near : 0;
    helder_pos pos;
    if (offset > lines->len)
        offset = lines->len;
    /* The line of the last lookup or one of the next few, else a binary search. */
    if (lines->starts[near] <= offset) {
        size_t last = near + 8 < lines->nlines ? near + 8 : lines->nlines - 1;
        while (near < last && lines->starts[near + 1] <= offset)
            near++;
        if (near + 1 == lines->nlines || offset < lines->starts[near + 1]) {
            low = near;
            high = near + 1;
        }
    }
    while (high - low > 1) {
        size_t mid = low + (high - low) / 2;
        if (lines->starts[mid] <= offset)
            low = mid;
        else
            high = mid;
    }
    if (lines->near)
        *lines->near = low;
    pos.line = (unsigned)(low + 1);
    pos.col =
        (unsigned)helder_utf8_length(lines->buf + lines->starts[low], offset - lines->starts[low]) +
        1;
    return pos;
}

/* ---- element and attribute positions ---- */

static size_t tag_end_offset(const xmlNode *elem)
{
    return elem->_private ? (size_t)(uintptr_t)elem->_private - 1 : SIZE_MAX;
}

/* The '<' that opens elem's start tag: attribute values cannot hold a raw '<'. */
static size_t tag_start_offset(const helder_lines *lines, const xmlNode *elem)
{
    size_t end = tag_end_offset(elem);
    if (end == SIZE_MAX || end >= lines->len)
        return SIZE_MAX;
    while (end > 0 && lines->buf[end] != '<')
        end--;
    return lines->buf[end] == '<' ? end : SIZE_MAX;
}

helder_pos helder_xml_elem_pos(const helder_lines *lines, const xmlNode *elem)
{
    size_t start = tag_start_offset(lines, elem);
    if (start == SIZE_MAX) {
        helder_pos pos = {(unsigned)xmlGetLineNo(elem), 0};
        return pos;
    }
    return helder_lines_pos(lines, start);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where elem's attributes start in its start tag (just after its name), SIZE_MAX when the tag
 * is not found. */
static size_t attrs_start_offset(const helder_lines *lines, const xmlNode *elem)
{
    size_t at = tag_start_offset(lines, elem), end = tag_end_offset(elem);
    if (at == SIZE_MAX)
        return SIZE_MAX;
    at++;
    while (at < end && !is_space(lines->buf[at]))
        at++; /* the element name */
    return at;
}

/* One attribute of a start tag in the raw bytes: its name and where its value starts. */
typedef struct {
    size_t name_start, name_len, value_start;
} raw_attr;

/* Reads the attribute at *at in a start tag that ends at end and steps *at past it. Returns 0
 * when no attribute with a quoted value is there. */
static int next_raw_attr(raw_attr *out, const char *buf, size_t *at, size_t end)
{
    size_t pos = *at;
    while (pos < end && is_space(buf[pos]))
        pos++;
    out->name_start = pos;
    while (pos < end && buf[pos] != '=' && !is_space(buf[pos]))
        pos++;
    out->name_len = pos - out->name_start;
    while (pos < end && (is_space(buf[pos]) || buf[pos] == '='))
        pos++;
    if (pos >= end || (buf[pos] != '"' && buf[pos] != '\''))
        return 0;
    char quote = buf[pos++];
    out->value_start = pos;
    while (pos < end && buf[pos] != quote)
        pos++;
    *at = pos + 1;
    return 1;
}

helder_pos helder_xml_attr_pos(const helder_lines *lines, const xmlNode *elem, const char *name,
                               size_t *offset)
{
    size_t at = attrs_start_offset(lines, elem), end = tag_end_offset(elem);
    size_t name_len = strlen(name);
    const char *buf = lines->buf;
    raw_attr attr;
    if (offset)
        *offset = SIZE_MAX;
    if (at == SIZE_MAX)
        return helder_xml_elem_pos(lines, elem);
    while (at < end && next_raw_attr(&attr, buf, &at, end)) {
        if (attr.name_len == name_len && memcmp(buf + attr.name_start, name, name_len) == 0) {
            if (offset)
                *offset = attr.value_start;
            return helder_lines_pos(lines, attr.value_start);
        }
    }
    return helder_xml_elem_pos(lines, elem);
}

size_t helder_xml_attr_offsets(const helder_lines *lines, const xmlNode *elem, size_t *offsets,
                               size_t max)
{
    size_t at = attrs_start_offset(lines, elem), end = tag_end_offset(elem), found = 0;
    const xmlAttr *attr = elem->properties;
    const char *buf = lines->buf;
    raw_attr raw;
    if (at == SIZE_MAX)
        return 0;
    while (at < end && attr && found < max && next_raw_attr(&raw, buf, &at, end)) {
        const char *name = buf + raw.name_start;
        /* Namespace declarations are not attributes in the tree. */
        if (raw.name_len >= 5 && memcmp(name, "xmlns", 5) == 0 &&
            (raw.name_len == 5 || name[5] == ':'))
            continue;
        /* The tree keeps attributes in document order; a prefixed one by its local name. */
        const char *colon = memchr(name, ':', raw.name_len);
        const char *local = colon ? colon + 1 : name;
        size_t local_len = raw.name_len - (size_t)(local - name);
        if ((colon != NULL) != (attr->ns != NULL) ||
            strlen((const char *)attr->name) != local_len ||
            memcmp(attr->name, local, local_len) != 0)
            break;
        offsets[found++] = raw.value_start;
        attr = attr->next;
    }
    return found;
}

/* ---- the parser ---- */

typedef struct {
    const char *name;
    const helder_xml_limits *limits;
    helder_diag_sink *sink;
    unsigned flags;
    unsigned depth;
    int refused; /* a DOCTYPE or the depth limit stopped the parse */
    int errors;
    startElementNsSAX2Func start_element;
    endElementNsSAX2Func end_element;
    const helder_xml_sax *user; /* helder_xml_sax_parse: the caller's handlers */
    void *payload;
    int stopped;              /* a handler asked to stop */
    unsigned shown;           /* libxml2's messages reported */
    unsigned hidden_warnings; /* and warnings past XML_MAX_MESSAGES, counted only */
    int hidden_error;         /* an error past XML_MAX_MESSAGES stopped the parse */
    int shown_error;          /* an error was reported */
    helder_pos stopped_at;    /* where the parse stopped */
} parse_state;

/* After its first mistake libxml2 reports on for every tag it meets (three lines for each, six
 * thousand for a 14 KB file); the first few say what to fix. */
#define XML_MAX_MESSAGES 5

static helder_pos ctxt_pos(xmlParserCtxtPtr ctxt)
{
    helder_pos pos = {0, 0};
    if (ctxt->input) {
        pos.line = (unsigned)ctxt->input->line;
        pos.col = (unsigned)ctxt->input->col;
    }
    return pos;
}

static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *state = ctxt->_private;
    (void)name;
    (void)external_id;
    (void)system_id;
    if (!state->refused)
        helder_diagf(state->sink, HELDER_RULE_XML_DOCTYPE, state->name, ctxt_pos(ctxt),
                     "a DOCTYPE is not allowed: helder refuses DTDs and entity declarations");
    state->refused = 1;
    xmlStopParser(ctxt);
}

static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *state = ctxt->_private;
    if (++state->depth > state->limits->max_depth) {
        if (!state->refused)
            helder_diagf(state->sink, HELDER_RULE_XML_DEPTH, state->name, ctxt_pos(ctxt),
                         "elements are nested more than %u deep", state->limits->max_depth);
        state->refused = 1;
        xmlStopParser(ctxt);
        return;
    }
    state->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                         nb_defaulted, attributes);
    if ((state->flags & HELDER_XML_OFFSETS) && ctxt->node && ctxt->input) {
        size_t offset =
            (size_t)ctxt->input->consumed + (size_t)(ctxt->input->cur - ctxt->input->base);
        ctxt->node->_private = (void *)(uintptr_t)(offset + 1);
    }
}

static void end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *state = ctxt->_private;
    state->depth--;
    state->end_element(ctx, localname, prefix, uri);
}

static void structured_error(void *user, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctxt = user;
    parse_state *state = ctxt ? ctxt->_private : NULL;
    char message[512];
    size_t len;
    helder_pos pos;
    if (!state || !error || error->code == XML_ERR_USER_STOP || state->refused)
        return;
    snprintf(message, sizeof message, "%s", error->message ? error->message : "malformed XML");
    len = strlen(message);
    while (len > 0 &&
           (message[len - 1] == '\n' || message[len - 1] == ' ' || message[len - 1] == '.'))
        message[--len] = '\0';
    if (message[0])
        message[0] = (char)tolower((unsigned char)message[0]);
    pos.line = (unsigned)error->line;
    pos.col = (unsigned)error->int2;
    if (error->level == XML_ERR_WARNING) {
        if (state->shown >= XML_MAX_MESSAGES) {
            state->hidden_warnings++;
            return;
        }
        state->shown++;
        helder_diagf_sev(state->sink, HELDER_RULE_XML_MALFORMED, HELDER_SEVERITY_WARNING,
                         state->name, pos, "%s", message);
        return;
    }
    state->errors++;
    if (state->shown >= XML_MAX_MESSAGES) {
        /* What follows an error is mostly its echo: stop reading, which also ends the work. The
         * first error is told even past the warnings, since it is the one to fix. */
        xmlStopParser(ctxt);
        if (state->shown_error) {
            state->hidden_error = 1;
            state->stopped_at = pos;
            return;
        }
    }
    state->shown++;
    state->shown_error = 1;
    if (error->code == XML_ERR_INVALID_CHAR || error->code == XML_ERR_INVALID_ENCODING)
        helder_diagf(state->sink, HELDER_RULE_XML_ENCODING, state->name, pos, "%s", message);
    else
        helder_diagf(state->sink, HELDER_RULE_XML_MALFORMED, state->name, pos, "%s", message);
}

/* One line for the messages past XML_MAX_MESSAGES. */
static void report_hidden(const parse_state *state)
{
    helder_pos pos = {0, 0};
    if (state->hidden_error)
        helder_diagf(state->sink, HELDER_RULE_XML_MALFORMED, state->name, state->stopped_at,
                     "more XML errors from here on are not shown (only the first %d messages are)",
                     XML_MAX_MESSAGES);
    else if (state->hidden_warnings)
        helder_diagf_sev(state->sink, HELDER_RULE_XML_MALFORMED, HELDER_SEVERITY_WARNING,
                         state->name, pos, "%u more XML warnings are not shown",
                         state->hidden_warnings);
}

/* In the XML declaration decl[0..decl_end), where the value of its encoding pseudo-attribute
 * starts (past "encoding", white space and '='); NULL when it names no encoding. */
static const char *encoding_value(const char *decl, const char *decl_end)
{
    const char *enc;
    for (enc = decl; enc + 8 < decl_end; enc++)
        if (memcmp(enc, "encoding", 8) == 0)
            break;
    if (enc + 8 >= decl_end)
        return NULL;
    enc += 8;
    while (enc < decl_end && (is_space(*enc) || *enc == '='))
        enc++;
    return enc;
}

/* The XML declaration may only name UTF-8: helder reads bytes as they are, so that the positions
 * it reports match what the designer sees in an editor. */
static int declares_other_encoding(const char *buf, size_t len, size_t *where)
{
    const char *start = buf, *decl_end, *enc;
    /* A UTF-8 byte order mark may stand before the declaration: look past it. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (len < 5 || memcmp(buf, "<?xml", 5) != 0)
        return 0;
    decl_end = memchr(buf, '>', len < 256 ? len : 256);
    if (!decl_end)
        return 0;
    enc = encoding_value(buf, decl_end);
    if (!enc)
        return 0;
    if (enc < decl_end && (*enc == '"' || *enc == '\''))
        enc++;
    *where = (size_t)(enc - start);
    return !((decl_end - enc >= 5 && strncasecmp(enc, "utf-8", 5) == 0) ||
             (decl_end - enc >= 4 && strncasecmp(enc, "utf8", 4) == 0));
}

/* Whether libxml2, left to detect the encoding, certainly reads buf as UTF-8: it starts with '<'
 * and no NUL (which would suggest UTF-16 or UCS-4), and an XML declaration, if there is one, ends
 * early and names UTF-8 exactly or no encoding. Then no encoding need be forced on the parser:
 * forcing one makes libxml2 2.9.14 "convert" the whole input, UTF-8 to UTF-8, into a second
 * buffer twice its size. Anything else is parsed with UTF-8 forced, as before. */
static int plainly_utf8(const char *buf, size_t len)
{
    const char *decl_end, *enc;
    if (len < 4 || buf[0] != '<' || !buf[1] || !buf[2] || !buf[3])
        return 0;
    if (len < 5 || memcmp(buf, "<?xml", 5) != 0)
        return 1;
    decl_end = memchr(buf, '>', len < 256 ? len : 256);
    if (!decl_end)
        return 0;
    enc = encoding_value(buf, decl_end);
    if (!enc)
        return 1;
    if (enc >= decl_end || (*enc != '"' && *enc != '\''))
        return 0;
    enc++;
    return (decl_end - enc >= 6 && strncasecmp(enc, "utf-8", 5) == 0 && enc[5] == enc[-1]) ||
           (decl_end - enc >= 5 && strncasecmp(enc, "utf8", 4) == 0 && enc[4] == enc[-1]);
}

/* The checks made on the raw bytes before libxml2 sees them: size, UTF-16, UTF-8 validity, the
 * declared encoding. Returns 0, or -1 after reporting to sink. */
static int precheck(const char *buf, size_t len, const char *name, const helder_xml_limits *limits,
                    helder_diag_sink *sink)
{
    size_t bad;
    helder_pos start = {1, 1};
    if (len > limits->max_bytes) {
        helder_diagf(sink, HELDER_RULE_INPUT_TOO_LARGE, name, start,
                     "the file has %zu bytes, more than the limit of %zu", len, limits->max_bytes);
        return -1;
    }
    if (len >= 2 &&
        ((buf[0] == '\xFF' && buf[1] == '\xFE') || (buf[0] == '\xFE' && buf[1] == '\xFF'))) {
        helder_diagf(sink, HELDER_RULE_XML_ENCODING, name, start,
                     "the file is UTF-16; helder reads UTF-8 only");
        return -1;
    }
    if (!helder_utf8_valid(buf, len, &bad)) {
        helder_lines lines;
        helder_lines_init(&lines, buf, len);
        helder_pos pos = helder_lines_pos(&lines, bad);
        helder_lines_free(&lines);
        helder_diagf(sink, HELDER_RULE_XML_ENCODING, name, pos,
                     "invalid UTF-8 (byte 0x%02x at offset %zu)", (unsigned char)buf[bad], bad);
        return -1;
    }
    if (declares_other_encoding(buf, len, &bad)) {
        helder_lines lines;
        helder_lines_init(&lines, buf, len);
        helder_pos pos = helder_lines_pos(&lines, bad);
        helder_lines_free(&lines);
        helder_diagf(sink, HELDER_RULE_XML_ENCODING, name, pos,
                     "the XML declaration names an encoding other than UTF-8");
        return -1;
    }
    if (len > INT32_MAX)
        return -1;
    return 0;
}

xmlDocPtr helder_xml_parse(const char *buf, size_t len, const char *name,
                           const helder_xml_limits *limits, unsigned flags, helder_diag_sink *sink)
{
    parse_state state = {.name = name, .limits = limits, .sink = sink, .flags = flags};
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    helder_pos start = {1, 1};

    if (precheck(buf, len, name, limits, sink) != 0)
        return NULL;
    if (len > INT32_MAX)
        return NULL;

    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        helder_xmalloc(SIZE_MAX); /* aborts: libxml2 fails only when out of memory */
    ctxt->_private = &state;
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->sax->serror = structured_error;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->externalSubset = NULL;
    state.start_element = ctxt->sax->startElementNs;
    state.end_element = ctxt->sax->endElementNs;
    ctxt->sax->startElementNs = start_element;
    ctxt->sax->endElementNs = end_element;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;

    /* A form is only read: its whitespace between elements means nothing, and short texts can
     * live inside their nodes. Together a fifth less work than a plain parse, and less for the
     * schema, the loader and xmlFreeDoc to walk. */
    if (flags & HELDER_XML_FORM)
        options |= XML_PARSE_NOBLANKS | XML_PARSE_COMPACT;
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, plainly_utf8(buf, len) ? NULL : "UTF-8",
                            options);
    if (doc && (state.refused || state.errors || !ctxt->wellFormed)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    report_hidden(&state);
    if (!doc && !state.refused && !state.errors)
        helder_diagf(sink, HELDER_RULE_XML_MALFORMED, name, start, "the file is not XML");
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---- the same parser without a tree ---- */

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *state = ctxt->_private;
    (void)prefix;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    if (state->stopped || state->refused)
        return;
    if (++state->depth > state->limits->max_depth) {
        helder_diagf(state->sink, HELDER_RULE_XML_DEPTH, state->name, ctxt_pos(ctxt),
                     "elements are nested more than %u deep", state->limits->max_depth);
        state->refused = 1;
        xmlStopParser(ctxt);
        return;
    }
    size_t offset = (size_t)ctxt->input->consumed + (size_t)(ctxt->input->cur - ctxt->input->base);
    if (state->user->start(state->payload, (const char *)localname, (const char *)uri,
                           nb_attributes, (const char *const *)attributes, offset) != 0) {
        state->stopped = 1;
        xmlStopParser(ctxt);
    }
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *state = ctxt->_private;
    (void)localname;
    (void)prefix;
    (void)uri;
    if (state->stopped || state->refused)
        return;
    state->depth--;
    if (state->user->end(state->payload) != 0) {
        state->stopped = 1;
        xmlStopParser(ctxt);
    }
}

static void sax_text(void *ctx, const xmlChar *text, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *state = ctxt->_private;
    if (state->stopped || state->refused || len <= 0)
        return;
    if (state->user->text(state->payload, (const char *)text, (size_t)len) != 0) {
        state->stopped = 1;
        xmlStopParser(ctxt);
    }
}

int helder_xml_sax_parse(const char *buf, size_t len, const char *name,
                         const helder_xml_limits *limits, const helder_xml_sax *sax, void *payload,
                         helder_diag_sink *sink)
{
    parse_state state = {
        .name = name, .limits = limits, .sink = sink, .user = sax, .payload = payload};
    helder_pos start = {1, 1};
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    int well_formed;
    if (precheck(buf, len, name, limits, sink) != 0)
        return HELDER_EINVALID;
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        helder_xmalloc(SIZE_MAX); /* aborts: libxml2 fails only when out of memory */
    /* Only these events: no startDocument, so no tree is built; no getEntity, so only the five
     * predefined entities exist; the DOCTYPE refusal and the error handler as above. */
    memset(ctxt->sax, 0, sizeof *ctxt->sax);
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->sax->startElementNs = sax_start;
    ctxt->sax->endElementNs = sax_end;
    ctxt->sax->characters = sax_text;
    ctxt->sax->ignorableWhitespace = sax_text;
    ctxt->sax->cdataBlock = sax_text;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->serror = structured_error;
    ctxt->_private = &state;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
    well_formed = ctxt->wellFormed;
    if (doc)
        xmlFreeDoc(doc); /* not expected: no handler builds one */
    xmlFreeParserCtxt(ctxt);
    report_hidden(&state);
    if (state.refused || state.errors)
        return HELDER_EINVALID;
    if (state.stopped)
        return 1;
    if (!well_formed) {
        helder_diagf(sink, HELDER_RULE_XML_MALFORMED, name, start, "the file is not XML");
        return HELDER_EINVALID;
    }
    return HELDER_OK;
}
