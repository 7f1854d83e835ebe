/* What the answers given so far decide, through helder_simplify: the answers are turned into facts
 * (a submission's answers and repeats map one to one onto facts and groups), and the form
 * simplified for them keeps only the sections and documents that can still apply. Step by step
 * skips the sections that do not; the receipt lists the documents that do.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/model.h"
#include "serve/http.h"

#define FACTS_NS "urn:helder:facts:1"
#define SUBMISSION_NS "urn:helder:submission:1"

static int named(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns &&
           xmlStrcmp(node->ns->href, (const xmlChar *)SUBMISSION_NS) == 0 &&
           xmlStrcmp(node->name, (const xmlChar *)name) == 0;
}

static void copy_answers(xmlNodePtr to, xmlNodePtr from, xmlNsPtr ns)
{
    for (xmlNodePtr child = from->children; child; child = child->next) {
        if (named(child, "answer")) {
            xmlChar *id = xmlGetProp(child, (const xmlChar *)"id");
            xmlChar *value = xmlNodeGetContent(child);
            xmlNodePtr fact = xmlNewChild(to, ns, (const xmlChar *)"fact", NULL);
            xmlNodeAddContent(fact, value ? value : (const xmlChar *)"");
            xmlSetProp(fact, (const xmlChar *)"name", id ? id : (const xmlChar *)"");
            xmlFree(id);
            xmlFree(value);
        } else if (named(child, "repeat")) {
            xmlChar *id = xmlGetProp(child, (const xmlChar *)"id");
            xmlNodePtr group = xmlNewChild(to, ns, (const xmlChar *)"group", NULL);
            xmlSetProp(group, (const xmlChar *)"name", id ? id : (const xmlChar *)"");
            xmlFree(id);
            for (xmlNodePtr item = child->children; item; item = item->next)
                if (named(item, "item"))
                    copy_answers(xmlNewChild(group, ns, (const xmlChar *)"item", NULL), item, ns);
        }
    }
}

int helder_serve_answers_as_facts(char **out, size_t *out_len, const char *submission,
                                  size_t len)
{
    *out = NULL;
    *out_len = 0;
    xmlDocPtr doc = xmlReadMemory(submission, (int)len, "answers", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !named(root, "submission") || doc->intSubset) {
        if (doc)
            xmlFreeDoc(doc);
        return HELDER_EINVALID;
    }
    xmlDocPtr facts = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr facts_root = xmlNewDocNode(facts, NULL, (const xmlChar *)"facts", NULL);
    xmlDocSetRootElement(facts, facts_root);
    xmlNsPtr ns = xmlNewNs(facts_root, (const xmlChar *)FACTS_NS, NULL);
    xmlSetNs(facts_root, ns);
    copy_answers(facts_root, root, ns);
    xmlChar *text = NULL;
    int text_len = 0;
    xmlDocDumpMemoryEnc(facts, &text, &text_len, "UTF-8");
    *out = helder_xstrndup((const char *)text, (size_t)text_len);
    *out_len = (size_t)text_len;
    xmlFree(text);
    xmlFreeDoc(facts);
    xmlFreeDoc(doc);
    return HELDER_OK;
}

static void ignore(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

/* The simplified form's text for the answers (caller frees), or NULL. */
static char *decided_text(size_t *out_len, const helder_serve_form *form, const char *today,
                          const char *submission, size_t len)
{
    char *facts_text = NULL, *result = NULL;
    size_t facts_len = 0;
    helder_facts *facts = NULL;
    helder_simplify_result *simplified = NULL;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    helder_facts_options fopts = HELDER_FACTS_OPTIONS_INIT;
    helder_simplify_options sopts = HELDER_SIMPLIFY_OPTIONS_INIT;
    int rc = helder_serve_answers_as_facts(&facts_text, &facts_len, submission, len);
    if (rc == HELDER_OK)
        rc = helder_facts_load_memory(&facts, form->plan, facts_text, facts_len, "answers",
                                      &fopts, &sink);
    if (rc == HELDER_OK) {
        sopts.today = today;
        rc = helder_simplify(&simplified, form->form, facts, &sopts);
    }
    if (rc == HELDER_OK) {
        const char *text = helder_simplify_result_form(simplified, out_len);
        result = helder_xstrndup(text, *out_len);
    }
    helder_simplify_result_free(simplified);
    helder_facts_free(facts);
    free(facts_text);
    return result;
}

int helder_serve_decided_sections(char ***out, size_t *count, const helder_serve_form *form,
                                  const char *today, const char *submission, size_t len)
{
    size_t text_len = 0;
    char *text = decided_text(&text_len, form, today, submission, len);
    *out = NULL;
    *count = 0;
    if (!text)
        return HELDER_EINVALID;
    xmlDocPtr doc = xmlReadMemory(text, (int)text_len, "decided", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    free(text);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc)
            xmlFreeDoc(doc);
        return HELDER_EINVALID;
    }
    for (xmlNodePtr child = root->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || xmlStrcmp(child->name, (const xmlChar *)"section"))
            continue;
        xmlChar *id = xmlGetProp(child, (const xmlChar *)"id");
        if (id) {
            *out = helder_xrealloc(*out, (*count + 1) * sizeof **out);
            (*out)[(*count)++] = helder_xstrdup((const char *)id);
            xmlFree(id);
        }
    }
    xmlFreeDoc(doc);
    return HELDER_OK;
}

int helder_serve_decided_form(helder_form **out, const helder_serve_form *form,
                              const char *today, const char *submission, size_t len)
{
    char *facts_text = NULL;
    size_t facts_len = 0;
    helder_facts *facts = NULL;
    helder_simplify_result *simplified = NULL;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    helder_facts_options fopts = HELDER_FACTS_OPTIONS_INIT;
    helder_simplify_options sopts = HELDER_SIMPLIFY_OPTIONS_INIT;
    int rc;

    *out = NULL;
    rc = helder_serve_answers_as_facts(&facts_text, &facts_len, submission, len);
    if (rc == HELDER_OK)
        rc = helder_facts_load_memory(&facts, form->plan, facts_text, facts_len, "answers",
                                      &fopts, &sink);
    if (rc == HELDER_OK) {
        sopts.today = today;
        rc = helder_simplify(&simplified, form->form, facts, &sopts);
    }
    if (rc == HELDER_OK) {
        size_t form_len = 0;
        const char *text = helder_simplify_result_form(simplified, &form_len);
        helder_load_options lopts = HELDER_LOAD_OPTIONS_INIT;
        rc = helder_form_load_memory(out, text, form_len, "decided", &lopts, &sink);
        if (rc != HELDER_OK) {
            helder_form_free(*out);
            *out = NULL;
        }
    }
    helder_simplify_result_free(simplified);
    helder_facts_free(facts);
    free(facts_text);
    return rc;
}
