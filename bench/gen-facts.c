/* gen-facts FORM [PERCENT]: writes facts (urn:helder:facts:1) for a form made by bench/gen-form,
 * for bench/run-simplify: PERCENT (default 40) of the questions outside repeats get a fact that
 * fits their type and bounds, and every other repeat gets a group of two items with some of
 * their answers, as a population register would give. Deterministic: questions are picked by a
 * hash of their id. libxml2 only, like the other bench tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static unsigned hash(const char *text)
{
    unsigned h = 2166136261u;
    for (; *text; text++)
        h = (h ^ (unsigned char)*text) * 16777619u;
    return h;
}

static int is(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

static char *attr(const xmlNode *node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* A value that fits the question: its type, its literal bounds, its first option. */
static void value(const xmlNode *question, char *out, size_t size)
{
    char *type = attr(question, "type"), *min = attr(question, "min");
    out[0] = '\0';
    if (!type) {
        return;
    } else if (strcmp(type, "integer") == 0 || strcmp(type, "decimal") == 0) {
        snprintf(out, size, "%ld", min ? strtol(min, NULL, 10) + 1 : 1);
    } else if (strcmp(type, "date") == 0) {
        snprintf(out, size, "1990-04-01");
    } else if (strcmp(type, "yesno") == 0) {
        snprintf(out, size,
                 hash((const char *)xmlGetProp(question, (const xmlChar *)"id")) & 1 ? "yes"
                                                                                     : "no");
    } else if (strcmp(type, "choice") == 0 || strcmp(type, "multichoice") == 0) {
        for (const xmlNode *child = question->children; child; child = child->next)
            if (is(child, "option")) {
                char *v = attr(child, "value");
                snprintf(out, size, "%s", v ? v : "");
                xmlFree(v);
                break;
            }
    } else if (strcmp(type, "email") == 0) {
        snprintf(out, size, "a.jansen@example.nl");
    } else {
        snprintf(out, size, "Jansen");
    }
    xmlFree(type);
    xmlFree(min);
}

static void fact(const xmlNode *question, const char *indent)
{
    char text[128];
    char *id = attr(question, "id"), *name = attr(question, "fact");
    value(question, text, sizeof text);
    if (text[0])
        printf("%s<fact name=\"%s\">%s</fact>\n", indent, name ? name : id, text);
    xmlFree(id);
    xmlFree(name);
}

static void walk(const xmlNode *node, unsigned percent, unsigned *repeats)
{
    for (const xmlNode *child = node->children; child; child = child->next) {
        if (is(child, "question")) {
            char *id = attr(child, "id");
            if (hash(id) % 100 < percent)
                fact(child, "  ");
            xmlFree(id);
        } else if (is(child, "repeat")) {
            char *id = attr(child, "id");
            if ((*repeats)++ % 2 == 0) {
                printf("  <group name=\"%s\">\n", id);
                for (int item = 0; item < 2; item++) {
                    printf("    <item>\n");
                    for (const xmlNode *q = child->children; q; q = q->next) {
                        char *qid = is(q, "question") ? attr(q, "id") : NULL;
                        if (qid && (hash(qid) + (unsigned)item) % 3 != 0)
                            fact(q, "      ");
                        xmlFree(qid);
                    }
                    printf("    </item>\n");
                }
                printf("  </group>\n");
            }
            xmlFree(id);
        } else if (is(child, "section")) {
            walk(child, percent, repeats);
        }
    }
}

int main(int argc, char **argv)
{
    unsigned repeats = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: gen-facts FORM [PERCENT]\n");
        return 2;
    }
    unsigned percent = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 40;
    xmlDoc *doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc) {
        fprintf(stderr, "gen-facts: cannot read %s\n", argv[1]);
        return 1;
    }
    printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<facts xmlns=\"urn:helder:facts:1\" "
           "source=\"bench\">\n");
    walk(xmlDocGetRootElement(doc), percent, &repeats);
    printf("</facts>\n");
    xmlFreeDoc(doc);
    return 0;
}
