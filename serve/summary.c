/* What an applicant answered, in words, for the receipt and "check your answers": read back from
 * the page helder_render_html fills in with a submission (labels, numbers and option labels in
 * the page's language), so the server says nothing the renderer did not. An adapter: it goes when
 * the public API offers the texts of a form directly.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "model/model.h"
#include "serve/site.h"

typedef struct {
    helder_serve_summary *summary;
    unsigned sections;
} reader;

static int has_class(xmlNodePtr node, const char *name)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)"class");
    int found = 0;
    if (value) {
        size_t len = strlen(name);
        const char *at = (const char *)value;
        while (*at && !found) {
            at += strspn(at, " ");
            size_t word = strcspn(at, " ");
            found = word == len && memcmp(at, name, len) == 0;
            at += word;
        }
        xmlFree(value);
    }
    return found;
}

static int is(xmlNodePtr node, const char *tag)
{
    return node->type == XML_ELEMENT_NODE && xmlStrcasecmp(node->name, (const xmlChar *)tag) == 0;
}

static char *text_of(xmlNodePtr node)
{
    xmlChar *content = xmlNodeGetContent(node);
    char *text = helder_xstrdup(content ? (const char *)content : "");
    xmlFree(content);
    /* collapse white space */
    char *out = text;
    int space = 1;
    for (const char *at = text; *at; at++) {
        if (*at == ' ' || *at == '\n' || *at == '\t' || *at == '\r') {
            if (!space)
                *out++ = ' ';
            space = 1;
        } else {
            *out++ = *at;
            space = 0;
        }
    }
    if (out > text && out[-1] == ' ')
        out--;
    *out = '\0';
    return text;
}

static xmlNodePtr find_class(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (has_class(child, name))
            return child;
        xmlNodePtr found = find_class(child, name);
        if (found)
            return found;
    }
    return NULL;
}

static helder_serve_row *add_row(reader *rd, helder_serve_row_kind kind)
{
    helder_serve_summary *summary = rd->summary;
    summary->rows = helder_xrealloc(summary->rows, (summary->nrows + 1) * sizeof *summary->rows);
    helder_serve_row *row = &summary->rows[summary->nrows++];
    memset(row, 0, sizeof *row);
    row->kind = kind;
    return row;
}

static void append(helder_serve_buf *value, const char *text)
{
    if (!*text)
        return;
    if (value->len)
        helder_serve_buf_puts(value, "; ");
    helder_serve_buf_puts(value, text);
}

/* The answer a question's controls hold, as words. */
static void collect_value(xmlNodePtr node, helder_serve_buf *value)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (is(child, "input")) {
            xmlChar *type = xmlGetProp(child, (const xmlChar *)"type");
            int choice = type && (xmlStrcasecmp(type, (const xmlChar *)"radio") == 0 ||
                                  xmlStrcasecmp(type, (const xmlChar *)"checkbox") == 0);
            int hidden = type && xmlStrcasecmp(type, (const xmlChar *)"hidden") == 0;
            xmlFree(type);
            if (hidden)
                continue;
            if (choice) {
                if (!xmlHasProp(child, (const xmlChar *)"checked"))
                    continue;
                /* the option's label follows its input inside div.choice */
                for (xmlNodePtr label = child->next; label; label = label->next)
                    if (is(label, "label")) {
                        char *text = text_of(label);
                        append(value, text);
                        free(text);
                        break;
                    }
                continue;
            }
            xmlChar *given = xmlGetProp(child, (const xmlChar *)"value");
            if (given)
                append(value, (const char *)given);
            xmlFree(given);
            continue;
        }
        if (is(child, "textarea")) {
            char *text = text_of(child);
            append(value, text);
            free(text);
            continue;
        }
        if (is(child, "select")) {
            for (xmlNodePtr option = child->children; option; option = option->next)
                if (is(option, "option") && xmlHasProp(option, (const xmlChar *)"selected")) {
                    char *text = text_of(option);
                    append(value, text);
                    free(text);
                }
            continue;
        }
        if (is(child, "template"))
            continue;
        collect_value(child, value);
    }
}

static void walk(reader *rd, xmlNodePtr node)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (is(child, "template"))
            continue; /* the blank repeat item the script copies */
        if (is(child, "section") && has_class(child, "part") && !has_class(child, "documents")) {
            xmlNodePtr title = find_class(child, "part-title");
            helder_serve_row *row = add_row(rd, HELDER_ROW_SECTION);
            row->label = title ? text_of(title) : helder_xstrdup("");
            row->step = ++rd->sections;
            walk(rd, child);
            continue;
        }
        if (is(child, "fieldset") && has_class(child, "item")) {
            xmlNodePtr legend = find_class(child, "item-title");
            size_t before = rd->summary->nrows;
            helder_serve_row *row = add_row(rd, HELDER_ROW_ITEM);
            row->label = legend ? text_of(legend) : helder_xstrdup("");
            walk(rd, child);
            if (rd->summary->nrows == before + 1) {
                /* an item left blank says nothing */
                free(rd->summary->rows[before].label);
                rd->summary->nrows = before;
            }
            continue;
        }
        if (has_class(child, "question")) {
            helder_serve_buf value = {0};
            collect_value(child, &value);
            if (value.len) {
                xmlNodePtr number = find_class(child, "number");
                xmlNodePtr label = find_class(child, "label-text");
                helder_serve_row *row = add_row(rd, HELDER_ROW_ANSWER);
                row->number = number ? text_of(number) : NULL;
                row->label = label ? text_of(label) : helder_xstrdup("");
                row->value = value.data;
            }
            continue;
        }
        if (is(child, "li") && has_class(child, "document")) {
            xmlNodePtr label = find_class(child, "document-label");
            xmlNodePtr only_if = find_class(child, "only-if");
            helder_serve_row *row = add_row(rd, HELDER_ROW_DOCUMENT);
            row->label = label ? text_of(label) : text_of(child);
            row->value = only_if ? text_of(only_if) : NULL;
            continue;
        }
        walk(rd, child);
    }
}

int helder_serve_summary_from_page(helder_serve_summary *out, const char *html, size_t len)
{
    reader rd = {out, 0};
    memset(out, 0, sizeof *out);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "page.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root)
        walk(&rd, root);
    xmlFreeDoc(doc);
    /* sections with no answers say nothing either */
    size_t kept = 0;
    for (size_t i = 0; i < out->nrows; i++) {
        helder_serve_row *row = &out->rows[i];
        if (row->kind == HELDER_ROW_SECTION) {
            size_t next = i + 1;
            while (next < out->nrows && out->rows[next].kind == HELDER_ROW_ITEM)
                next++;
            if (next >= out->nrows || out->rows[next].kind != HELDER_ROW_ANSWER) {
                /* keep it only when an item below it has answers */
                int answered = 0;
                for (size_t j = i + 1; j < out->nrows && out->rows[j].kind != HELDER_ROW_SECTION;
                     j++)
                    answered |= out->rows[j].kind == HELDER_ROW_ANSWER;
                if (!answered) {
                    free(row->label);
                    continue;
                }
            }
        }
        out->rows[kept++] = *row;
    }
    out->nrows = kept;
    return 0;
}

void helder_serve_summary_free(helder_serve_summary *summary)
{
    for (size_t i = 0; i < summary->nrows; i++) {
        free(summary->rows[i].number);
        free(summary->rows[i].label);
        free(summary->rows[i].value);
    }
    free(summary->rows);
    memset(summary, 0, sizeof *summary);
}
