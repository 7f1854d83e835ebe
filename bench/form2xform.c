/* form2xform FORM.xml > FORM.xform: writes the ODK XForm equivalent of a helder form, for the HTML
 * benchmark against enketo-transformer (bench/html). Every section becomes a group, every question
 * a control with its bind (type, required, relevant, constraint), every computed value a calculate
 * bind, every repeat a repeat group; labels and hints go to itext in each language. Expressions are
 * rewritten to XPath over absolute paths (yes/no answers are 'yes'/'no', age() is spelled out).
 * Written for bench/gen-form's forms; other forms need only the functions ODK lacks added here.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#define NS "urn:helder:form:1"

typedef struct {
    char *text;
    size_t len, cap;
} buf;

static void put(buf *b, const char *text, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        b->cap = (b->len + len + 1) * 2;
        b->text = realloc(b->text, b->cap);
        if (!b->text) {
            perror("form2xform");
            exit(3);
        }
    }
    memcpy(b->text + b->len, text, len);
    b->len += len;
    b->text[b->len] = '\0';
}

static void puts_b(buf *b, const char *text)
{
    put(b, text, strlen(text));
}

static void put_escaped(buf *b, const char *text)
{
    for (; *text; text++) {
        switch (*text) {
        case '<':
            puts_b(b, "&lt;");
            break;
        case '>':
            puts_b(b, "&gt;");
            break;
        case '&':
            puts_b(b, "&amp;");
            break;
        case '"':
            puts_b(b, "&quot;");
            break;
        default:
            put(b, text, 1);
        }
    }
}

typedef struct {
    char *path;
    int yesno;
} node_info;

static xmlHashTablePtr nodes; /* id -> node_info */
static char *langs[8];
static int nlangs;
static buf instance, binds, body, itext[8];

static int is_elem(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns &&
           strcmp((const char *)node->ns->href, NS) == 0 &&
           strcmp((const char *)node->name, name) == 0;
}

static char *prop(xmlNodePtr node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* Texts of one kind (label, hint, title) as itext entries under id; returns 1 when any. */
static int add_itext(xmlNodePtr parent, const char *kind, const char *id)
{
    int any = 0;
    for (xmlNodePtr child = parent->children; child; child = child->next) {
        if (!is_elem(child, kind))
            continue;
        xmlChar *lang = xmlNodeGetLang(child);
        for (int i = 0; i < nlangs; i++) {
            if (lang && strcmp((const char *)lang, langs[i]) == 0) {
                xmlChar *content = xmlNodeGetContent(child);
                puts_b(&itext[i], "<text id=\"");
                put_escaped(&itext[i], id);
                puts_b(&itext[i], "\"><value>");
                put_escaped(&itext[i], (const char *)content);
                puts_b(&itext[i], "</value></text>\n");
                xmlFree(content);
                any = 1;
            }
        }
        xmlFree(lang);
    }
    return any;
}

/* helder expression -> XPath over absolute paths. */
static void translate(buf *out, const char *src, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char c = src[i];
        if (c == '\'' || c == '"') {
            size_t end = i + 1;
            while (end < len && src[end] != c)
                end++;
            put(out, src + i, end - i + 1 <= len - i ? end - i + 1 : len - i);
            i = end + 1;
            continue;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            size_t end = i;
            while (
                end < len &&
                ((src[end] >= 'a' && src[end] <= 'z') || (src[end] >= 'A' && src[end] <= 'Z') ||
                 (src[end] >= '0' && src[end] <= '9') || src[end] == '_' ||
                 (src[end] == '-' && end + 1 < len && src[end + 1] >= 'a' && src[end + 1] <= 'z')))
                end++;
            char name[128];
            size_t nlen = end - i < sizeof name - 1 ? end - i : sizeof name - 1;
            memcpy(name, src + i, nlen);
            name[nlen] = '\0';
            size_t after = end;
            while (after < len && src[after] == ' ')
                after++;
            if (after < len && src[after] == '(') {
                if (strcmp(name, "age") == 0) {
                    int depth = 1;
                    size_t close = after + 1;
                    while (close < len && depth) {
                        if (src[close] == '(')
                            depth++;
                        else if (src[close] == ')')
                            depth--;
                        close++;
                    }
                    puts_b(out, "int((decimal-date-time(today()) - decimal-date-time(");
                    translate(out, src + after + 1, close - after - 2);
                    puts_b(out, ")) div 365.25)");
                    i = close;
                    continue;
                }
                put(out, src + i, end - i);
                i = end;
                continue;
            }
            node_info *info = xmlHashLookup(nodes, (const xmlChar *)name);
            if (info && info->yesno) {
                puts_b(out, "(");
                puts_b(out, info->path);
                puts_b(out, " = 'yes')");
            } else if (info) {
                puts_b(out, info->path);
            } else {
                put(out, src + i, end - i); /* and, or, div, mod */
            }
            i = end;
            continue;
        }
        put(out, src + i, 1);
        i++;
    }
}

static void bind_attr(buf *b, const char *name, const char *expr)
{
    puts_b(b, " ");
    puts_b(b, name);
    puts_b(b, "=\"");
    buf x = {0};
    translate(&x, expr, strlen(expr));
    put_escaped(b, x.text ? x.text : "");
    free(x.text);
    puts_b(b, "\"");
}

static void add_node(const char *id, const char *path, int yesno)
{
    node_info *info = calloc(1, sizeof *info);
    info->path = strdup(path);
    info->yesno = yesno;
    xmlHashAddEntry(nodes, (const xmlChar *)id, info);
}

/* First pass: every id's absolute path, so that conditions may refer to later items. */
static void collect(xmlNodePtr parent, const char *base)
{
    for (xmlNodePtr child = parent->children; child; child = child->next) {
        if (!(is_elem(child, "section") || is_elem(child, "repeat") || is_elem(child, "question") ||
              is_elem(child, "computed")))
            continue;
        char *id = prop(child, "id");
        char *type = prop(child, "type");
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", base, id);
        add_node(id, path, type && strcmp(type, "yesno") == 0);
        if (is_elem(child, "section") || is_elem(child, "repeat"))
            collect(child, path);
        xmlFree(id);
        xmlFree(type);
    }
}

static void question(xmlNodePtr q, const char *path, int in_repeat)
{
    char *type = prop(q, "type");
    char *required = prop(q, "required");
    char *when = prop(q, "when");
    char *min = prop(q, "min"), *max = prop(q, "max"), *maxlength = prop(q, "maxlength");
    char *pattern = prop(q, "pattern");
    const char *xtype = "string", *control = "input";
    (void)in_repeat;
    if (strcmp(type, "integer") == 0)
        xtype = "int";
    else if (strcmp(type, "decimal") == 0)
        xtype = "decimal";
    else if (strcmp(type, "date") == 0)
        xtype = "date";
    else if (strcmp(type, "yesno") == 0 || strcmp(type, "choice") == 0)
        xtype = "select1", control = "select1";
    else if (strcmp(type, "multichoice") == 0)
        xtype = "select", control = "select";

    puts_b(&binds, "<bind nodeset=\"");
    puts_b(&binds, path);
    puts_b(&binds, "\" type=\"");
    puts_b(&binds, xtype);
    puts_b(&binds, "\"");
    if (required && strcmp(required, "true") == 0)
        puts_b(&binds, " required=\"true()\"");
    if (when)
        bind_attr(&binds, "relevant", when);
    buf constraint = {0};
    if (min && max && strcmp(type, "multichoice") == 0) {
        char text[256];
        snprintf(text, sizeof text, "count-selected(.) >= %s and count-selected(.) <= %s", min,
                 max);
        puts_b(&constraint, text);
    } else if (min || max) {
        buf x = {0};
        if (min) {
            puts_b(&x, ". >= ");
            translate(&x, min, strlen(min));
        }
        if (max) {
            puts_b(&x, min ? " and . <= " : ". <= ");
            translate(&x, max, strlen(max));
        }
        puts_b(&constraint, x.text);
        free(x.text);
    }
    if (maxlength) {
        char text[64];
        snprintf(text, sizeof text, "%sstring-length(.) <= %s", constraint.len ? " and " : "",
                 maxlength);
        puts_b(&constraint, text);
    }
    if (pattern) {
        puts_b(&constraint, constraint.len ? " and regex(., '" : "regex(., '");
        puts_b(&constraint, pattern);
        puts_b(&constraint, "')");
    }
    if (constraint.len) {
        puts_b(&binds, " constraint=\"");
        put_escaped(&binds, constraint.text);
        puts_b(&binds, "\"");
    }
    free(constraint.text);
    puts_b(&binds, "/>\n");

    char id[1100];
    snprintf(id, sizeof id, "%s:label", path);
    add_itext(q, "label", id);
    puts_b(&body, "<");
    puts_b(&body, control);
    puts_b(&body, " ref=\"");
    puts_b(&body, path);
    puts_b(&body, "\"><label ref=\"jr:itext('");
    puts_b(&body, id);
    puts_b(&body, "')\"/>");
    snprintf(id, sizeof id, "%s:hint", path);
    if (add_itext(q, "hint", id)) {
        puts_b(&body, "<hint ref=\"jr:itext('");
        puts_b(&body, id);
        puts_b(&body, "')\"/>");
    }
    if (strcmp(type, "yesno") == 0) {
        puts_b(&body, "<item><label ref=\"jr:itext('yes')\"/><value>yes</value></item>"
                      "<item><label ref=\"jr:itext('no')\"/><value>no</value></item>");
    }
    for (xmlNodePtr option = q->children; option; option = option->next) {
        if (!is_elem(option, "option"))
            continue;
        char *value = prop(option, "value");
        snprintf(id, sizeof id, "%s/%s:label", path, value);
        add_itext(option, "label", id);
        puts_b(&body, "<item><label ref=\"jr:itext('");
        puts_b(&body, id);
        puts_b(&body, "')\"/><value>");
        puts_b(&body, value);
        puts_b(&body, "</value></item>");
        xmlFree(value);
    }
    puts_b(&body, "</");
    puts_b(&body, control);
    puts_b(&body, ">\n");
    xmlFree(type);
    xmlFree(required);
    xmlFree(when);
    xmlFree(min);
    xmlFree(max);
    xmlFree(maxlength);
    xmlFree(pattern);
}

static void container(xmlNodePtr parent, const char *path, int in_repeat)
{
    for (xmlNodePtr child = parent->children; child; child = child->next) {
        char *id = NULL;
        char child_path[1024];
        if (is_elem(child, "question") || is_elem(child, "computed") || is_elem(child, "repeat")) {
            id = prop(child, "id");
            snprintf(child_path, sizeof child_path, "%s/%s", path, id);
        }
        if (is_elem(child, "question")) {
            puts_b(&instance, "<");
            puts_b(&instance, id);
            puts_b(&instance, "/>");
            question(child, child_path, in_repeat);
        } else if (is_elem(child, "computed")) {
            char *value = prop(child, "value");
            puts_b(&instance, "<");
            puts_b(&instance, id);
            puts_b(&instance, "/>");
            puts_b(&binds, "<bind nodeset=\"");
            puts_b(&binds, child_path);
            puts_b(&binds, "\" type=\"decimal\"");
            bind_attr(&binds, "calculate", value);
            puts_b(&binds, "/>\n");
            xmlFree(value);
        } else if (is_elem(child, "repeat")) {
            char *when = prop(child, "when");
            char label[1100];
            puts_b(&instance, "<");
            puts_b(&instance, id);
            puts_b(&instance, " jr:template=\"\">");
            if (when) {
                puts_b(&binds, "<bind nodeset=\"");
                puts_b(&binds, child_path);
                puts_b(&binds, "\"");
                bind_attr(&binds, "relevant", when);
                puts_b(&binds, "/>\n");
            }
            snprintf(label, sizeof label, "%s:label", child_path);
            add_itext(child, "title", label);
            puts_b(&body, "<group ref=\"");
            puts_b(&body, child_path);
            puts_b(&body, "\"><label ref=\"jr:itext('");
            puts_b(&body, label);
            puts_b(&body, "')\"/><repeat nodeset=\"");
            puts_b(&body, child_path);
            puts_b(&body, "\">\n");
            container(child, child_path, 1);
            puts_b(&body, "</repeat></group>\n");
            puts_b(&instance, "</");
            puts_b(&instance, id);
            puts_b(&instance, ">");
            xmlFree(when);
        }
        xmlFree(id);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: form2xform FORM.xml > FORM.xform\n");
        return 2;
    }
    xmlDocPtr doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc) {
        fprintf(stderr, "form2xform: cannot read %s\n", argv[1]);
        return 3;
    }
    xmlNodePtr form = xmlDocGetRootElement(doc);
    char *form_id = prop(form, "id");
    char *languages = prop(form, "languages");
    for (char *lang = strtok(languages, " "); lang && nlangs < 8; lang = strtok(NULL, " "))
        langs[nlangs++] = strdup(lang);
    nodes = xmlHashCreate(1024);
    collect(form, "/data");
    add_itext(form, "title", "form:title");
    for (int i = 0; i < nlangs; i++) {
        puts_b(&itext[i], "<text id=\"yes\"><value>");
        puts_b(&itext[i], strcmp(langs[i], "nl") == 0 ? "Ja" : "Yes");
        puts_b(&itext[i], "</value></text>\n<text id=\"no\"><value>");
        puts_b(&itext[i], strcmp(langs[i], "nl") == 0 ? "Nee" : "No");
        puts_b(&itext[i], "</value></text>\n");
    }
    for (xmlNodePtr section = form->children; section; section = section->next) {
        if (!is_elem(section, "section"))
            continue;
        char *id = prop(section, "id");
        char *when = prop(section, "when");
        char path[512], label[600];
        snprintf(path, sizeof path, "/data/%s", id);
        snprintf(label, sizeof label, "%s:label", path);
        puts_b(&instance, "<");
        puts_b(&instance, id);
        puts_b(&instance, ">");
        if (when) {
            puts_b(&binds, "<bind nodeset=\"");
            puts_b(&binds, path);
            puts_b(&binds, "\"");
            bind_attr(&binds, "relevant", when);
            puts_b(&binds, "/>\n");
        }
        add_itext(section, "title", label);
        puts_b(&body, "<group ref=\"");
        puts_b(&body, path);
        puts_b(&body, "\" appearance=\"field-list\"><label ref=\"jr:itext('");
        puts_b(&body, label);
        puts_b(&body, "')\"/>\n");
        container(section, path, 0);
        puts_b(&body, "</group>\n");
        puts_b(&instance, "</");
        puts_b(&instance, id);
        puts_b(&instance, ">\n");
        xmlFree(id);
        xmlFree(when);
    }

    printf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" "
        "xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\" "
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n<h:head>\n<h:title>%s</h:title>\n"
        "<model>\n<itext>\n",
        form_id);
    for (int i = 0; i < nlangs; i++) {
        printf("<translation lang=\"%s\"%s>\n%s</translation>\n", langs[i],
               i == 0 ? " default=\"true()\"" : "", itext[i].text ? itext[i].text : "");
    }
    printf(
        "</itext>\n<instance>\n<data id=\"%s\" orx:version=\"1\">\n%s<meta><instanceID/></meta>\n"
        "</data>\n</instance>\n%s<bind nodeset=\"/data/meta/instanceID\" type=\"string\" "
        "readonly=\"true()\" jr:preload=\"uid\"/>\n</model>\n</h:head>\n<h:body>\n%s</h:body>\n"
        "</h:html>\n",
        form_id, instance.text ? instance.text : "", binds.text ? binds.text : "",
        body.text ? body.text : "");
    xmlFree(form_id);
    xmlFree(languages);
    xmlFreeDoc(doc);
    return fflush(stdout) == 0 ? 0 : 3;
}
