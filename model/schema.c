/* RELAX NG validation with libxml2. The schemas are embedded by templates/embed.S and compiled
 * once per process (pthread_once); each validation uses its own context, so threads may share
 * them.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "model/schema.h"

extern const char helder_schema_form[], helder_schema_form_end[];
extern const char helder_schema_facts[], helder_schema_facts_end[];
extern const char helder_schema_submission[], helder_schema_submission_end[];

static xmlRelaxNGPtr schemas[3];
static pthread_once_t schemas_once = PTHREAD_ONCE_INIT;

static void ignore_error(void *user, xmlErrorPtr error)
{
    (void)user;
    (void)error;
}

static xmlRelaxNGPtr compile(const char *start, const char *end)
{
    xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewMemParserCtxt(start, (int)(end - start));
    xmlRelaxNGPtr schema;
    xmlRelaxNGSetParserStructuredErrors(parser, ignore_error, NULL);
    schema = xmlRelaxNGParse(parser);
    xmlRelaxNGFreeParserCtxt(parser);
    return schema;
}

static void compile_all(void)
{
    schemas[HELDER_SCHEMA_FORM] = compile(helder_schema_form, helder_schema_form_end);
    schemas[HELDER_SCHEMA_FACTS] = compile(helder_schema_facts, helder_schema_facts_end);
    schemas[HELDER_SCHEMA_SUBMISSION] =
        compile(helder_schema_submission, helder_schema_submission_end);
}

typedef struct {
    const char *name;
    const helder_lines *lines;
    helder_diag_sink *sink;
    unsigned errors;
} report_state;

/* The element a message is about. libxml2 reports "element form failed to validate
 * attributes" on the child it would have looked at next, when there is one: that is the form's
 * first child, not the form. */
static const xmlNode *error_element(const void *node, const char *message)
{
    const xmlNode *at = node;
    const char *name, *end;
    size_t len;
    if (strncmp(message, "element ", 8) != 0 || !strstr(message, " failed to validate "))
        return at;
    name = message + 8;
    end = strchr(name, ' ');
    len = (size_t)(end - name);
    if (at->type == XML_ELEMENT_NODE && strlen((const char *)at->name) == len &&
        strncmp((const char *)at->name, name, len) == 0)
        return at;
    if (at->parent && at->parent->type == XML_ELEMENT_NODE &&
        strlen((const char *)at->parent->name) == len &&
        strncmp((const char *)at->parent->name, name, len) == 0)
        return at->parent;
    return at;
}

static void report(void *user, xmlErrorPtr error)
{
    report_state *state = user;
    char message[512];
    size_t len;
    helder_pos pos = {(unsigned)error->line, 0};
    if (error->level == XML_ERR_WARNING || error->level == XML_ERR_NONE)
        return;
    /* libxml2 reports some violations twice (once per alternative tried); a cap keeps a
     * hopeless document from flooding the output. */
    if (++state->errors > 100)
        return;
    snprintf(message, sizeof message, "%s", error->message ? error->message : "schema violation");
    len = strlen(message);
    while (len > 0 &&
           (message[len - 1] == '\n' || message[len - 1] == '.' || message[len - 1] == ' '))
        message[--len] = '\0';
    if (message[0])
        message[0] = (char)tolower((unsigned char)message[0]);
    if (error->node && state->lines)
        pos = helder_xml_elem_pos(state->lines, error_element(error->node, message));
    /* An element whose content libxml2 checks with its compiled automaton and that ends too
     * early gets a message without a name; say what it means. */
    if (strcmp(message, "expecting an element , got nothing") == 0 && error->node &&
        ((const xmlNode *)error->node)->type == XML_ELEMENT_NODE)
        snprintf(message, sizeof message, "element %s ends before an element it must contain",
                 (const char *)((const xmlNode *)error->node)->name);
    helder_diagf(state->sink, HELDER_RULE_SCHEMA, state->name, pos, "%s", message);
}

int helder_schema_validate(xmlDocPtr doc, helder_schema_kind kind, const char *name,
                           const helder_lines *lines, helder_diag_sink *sink)
{
    report_state state = {name, lines, sink, 0};
    xmlRelaxNGValidCtxtPtr valid;
    int rc;
    pthread_once(&schemas_once, compile_all);
    if (!schemas[kind]) {
        helder_pos nowhere = {0, 0};
        helder_diagf(sink, HELDER_RULE_SCHEMA, name, nowhere,
                     "the built-in schema does not compile");
        return HELDER_EINVALID;
    }
    valid = xmlRelaxNGNewValidCtxt(schemas[kind]);
    xmlRelaxNGSetValidStructuredErrors(valid, report, &state);
    rc = xmlRelaxNGValidateDoc(valid, doc);
    xmlRelaxNGFreeValidCtxt(valid);
    if (rc != 0 && state.errors == 0) {
        helder_pos nowhere = {1, 1};
        helder_diagf(sink, HELDER_RULE_SCHEMA, name, nowhere,
                     "the document does not follow the schema");
    }
    return rc == 0 ? HELDER_OK : HELDER_EINVALID;
}
