/* Loading a form definition: safe XML, the RELAX NG schema, then the typed model.
 *
 * Loading compiles everything once: ids sorted for lookup, slots assigned, every expression
 * parsed, resolved to node pointers and type-checked, computed values ordered by dependency,
 * cycles found, patterns compiled. Nothing is looked up by name after this file is done.
 * It also checks what form.rng leaves to it to stay cheap for libxml2: the syntax of ids,
 * versions, counts, fact names, option values and autocomplete tokens [bad-attribute], and
 * which facets and options a question's type takes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "model/model.h"
#include "model/pattern.h"
#include "model/schema.h"

#define FORM_NS "urn:helder:form:1"

typedef struct {
    helder_form *form;
    helder_diag_sink *sink;
    helder_lines lines;
    size_t cap_nodes;
} loader;

static void error_at(loader *ld, helder_rule rule, helder_pos pos, const char *fmt, const char *arg)
{
    helder_diagf(ld->sink, rule, ld->form->file, pos, fmt, arg);
    if (helder_rule_severity(rule) == HELDER_SEVERITY_ERROR)
        ld->form->has_errors = true;
}

/* The local name of a form element, or NULL for anything else. */
static const char *form_element_name(const xmlNode *elem)
{
    if (elem->type != XML_ELEMENT_NODE || !elem->ns || !elem->ns->href ||
        strcmp((const char *)elem->ns->href, FORM_NS) != 0)
        return NULL;
    return (const char *)elem->name;
}

static int is_form_element(const xmlNode *elem, const char *name)
{
    const char *local = form_element_name(elem);
    return local && strcmp(local, name) == 0;
}

/* ---- attributes: one walk of the tree's list and one scan of the start tag per element ---- */

/* The attributes the loader reads, whatever the element. */
typedef enum {
    A_ID,
    A_WHEN,
    A_TYPE,
    A_REQUIRED,
    A_MIN,
    A_MAX,
    A_MINLENGTH,
    A_MAXLENGTH,
    A_PATTERN,
    A_FACT,
    A_AUTOCOMPLETE,
    A_READONLY,
    A_PREFILL,
    A_HIDDEN,
    A_VALUE,
    A_TEST,
    A_VERSION,
    A_LANGUAGES,
    A_FORM,
    A_FORM_DIGEST,
    A_FACTS_DIGEST,
    A_KNOWN,
    A_VALID_FROM,
    A_VALID_UNTIL,
    A_GENERATOR,
    A__COUNT
} attr_name;

static const char *const attr_names[A__COUNT] = {
    "id",           "when",      "type",       "required",    "min",
    "max",          "minlength", "maxlength",  "pattern",     "fact",
    "autocomplete", "readonly",  "prefill",    "hidden",      "value",
    "test",         "version",   "languages",  "form",        "form-digest",
    "facts-digest", "known",     "valid-from", "valid-until", "generator",
};

/* Which of attr_names name is, or A__COUNT: its first letter, then one or a few compares. */
static attr_name classify_attr(const char *name)
{
    static const attr_name a[] = {A_AUTOCOMPLETE, A__COUNT};
    static const attr_name f[] = {A_FACT, A_FORM, A_FORM_DIGEST, A_FACTS_DIGEST, A__COUNT};
    static const attr_name g[] = {A_GENERATOR, A__COUNT};
    static const attr_name h[] = {A_HIDDEN, A__COUNT};
    static const attr_name i[] = {A_ID, A__COUNT};
    static const attr_name k[] = {A_KNOWN, A__COUNT};
    static const attr_name l[] = {A_LANGUAGES, A__COUNT};
    static const attr_name m[] = {A_MIN, A_MAX, A_MINLENGTH, A_MAXLENGTH, A__COUNT};
    static const attr_name p[] = {A_PATTERN, A_PREFILL, A__COUNT};
    static const attr_name r[] = {A_REQUIRED, A_READONLY, A__COUNT};
    static const attr_name t[] = {A_TYPE, A_TEST, A__COUNT};
    static const attr_name v[] = {A_VALUE, A_VERSION, A_VALID_FROM, A_VALID_UNTIL, A__COUNT};
    static const attr_name w[] = {A_WHEN, A__COUNT};
    const attr_name *known;
    switch (name[0]) {
    case 'a':
        known = a;
        break;
    case 'f':
        known = f;
        break;
    case 'g':
        known = g;
        break;
    case 'h':
        known = h;
        break;
    case 'i':
        known = i;
        break;
    case 'k':
        known = k;
        break;
    case 'l':
        known = l;
        break;
    case 'm':
        known = m;
        break;
    case 'p':
        known = p;
        break;
    case 'r':
        known = r;
        break;
    case 't':
        known = t;
        break;
    case 'v':
        known = v;
        break;
    case 'w':
        known = w;
        break;
    default:
        return A__COUNT;
    }
    for (; *known != A__COUNT; known++)
        if (strcmp(attr_names[*known], name) == 0)
            return *known;
    return A__COUNT;
}

#define ELEM_MAX_OFFSETS 32 /* attributes whose offsets one scan records; more: one by one */

/* An element's attributes, each looked at once: by name, with where its value starts. */
typedef struct {
    const xmlNode *elem;
    helder_pos pos;                  /* the element's start tag */
    const xmlAttr *attrs[A__COUNT];  /* NULL when absent */
    unsigned char ordinal[A__COUNT]; /* its place in elem->properties, capped at 255 */
    size_t with_offset;              /* the first this many have offsets[] */
    size_t offsets[ELEM_MAX_OFFSETS];
} elem_attrs;

static void elem_attrs_init(loader *ld, elem_attrs *ea, const xmlNode *elem)
{
    size_t ordinal = 0;
    ea->elem = elem;
    ea->pos = helder_xml_elem_pos(&ld->lines, elem);
    memset(ea->attrs, 0, sizeof ea->attrs);
    for (const xmlAttr *attr = elem->properties; attr; attr = attr->next, ordinal++) {
        attr_name name = attr->ns ? A__COUNT : classify_attr((const char *)attr->name);
        if (name == A__COUNT)
            continue; /* the schema stage reports attributes the language does not have */
        ea->attrs[name] = attr;
        ea->ordinal[name] = (unsigned char)(ordinal < 255 ? ordinal : 255);
    }
    ea->with_offset = elem->properties
                          ? helder_xml_attr_offsets(&ld->lines, elem, ea->offsets, ELEM_MAX_OFFSETS)
                          : 0;
}

/* A copy of an attribute's value, or NULL when absent. */
static char *attr_copy(const elem_attrs *ea, attr_name name)
{
    const xmlAttr *attr = ea->attrs[name];
    const xmlNode *value;
    xmlChar *joined;
    char *copy;
    if (!attr)
        return NULL;
    /* Usually one text node: copy it without building a libxml2 string first. */
    value = attr->children;
    if (!value)
        return helder_xstrdup("");
    if (value->type == XML_TEXT_NODE && !value->next && value->content)
        return helder_xstrdup((const char *)value->content);
    joined = xmlNodeListGetString(ea->elem->doc, value, 1);
    copy = helder_xstrdup(joined ? (const char *)joined : "");
    xmlFree(joined);
    return copy;
}

/* Where an attribute's value starts (and its byte offset, may be NULL); the element's start
 * tag when the attribute is absent. */
static helder_pos attr_pos_at(loader *ld, const elem_attrs *ea, attr_name name, size_t *offset)
{
    size_t ordinal;
    if (offset)
        *offset = SIZE_MAX;
    if (!ea->attrs[name])
        return ea->pos;
    ordinal = ea->ordinal[name];
    if (ordinal >= ea->with_offset)
        return helder_xml_attr_pos(&ld->lines, ea->elem, attr_names[name], offset);
    if (offset)
        *offset = ea->offsets[ordinal];
    return helder_lines_pos(&ld->lines, ea->offsets[ordinal]);
}

static helder_pos attr_pos(loader *ld, const elem_attrs *ea, attr_name name)
{
    return attr_pos_at(ld, ea, name, NULL);
}

/* ---- the syntax of attribute values that the schema leaves to the loader ---- */

static void bad_value(loader *ld, helder_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad_value(loader *ld, helder_pos pos, const char *fmt, ...)
{
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, pos, "%s", message);
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_lower(c) || is_digit(c) || (c >= 'A' && c <= 'Z');
}

/* [a-z][a-z0-9_]{0,63}: what is wrong with id, or NULL when it is an id. */
static const char *id_problem(const char *id)
{
    size_t len = 0;
    if (!is_lower(id[0]))
        return id[0] >= 'A' && id[0] <= 'Z' ? "starts with an upper-case letter"
                                            : "does not start with a lower-case letter";
    for (; id[len]; len++) {
        char c = id[len];
        if (c >= 'A' && c <= 'Z')
            return "has an upper-case letter";
        if (!is_lower(c) && !is_digit(c) && c != '_')
            return c == '-' ? "has a hyphen" : "has a character other than a-z, 0-9 and '_'";
    }
    return len > 64 ? "is longer than 64 characters" : NULL;
}

static void check_id(loader *ld, const char *id, helder_pos pos)
{
    const char *problem = id ? id_problem(id) : NULL;
    if (problem)
        bad_value(ld, pos,
                  "id '%.80s' %s: an id is a lower-case letter, then lower-case letters, digits "
                  "and '_', at most 64 characters",
                  id, problem);
}

/* [A-Za-z0-9][A-Za-z0-9._-]{0,63} */
static void check_version(loader *ld, const char *version, helder_pos pos)
{
    size_t len = 0;
    bool ok = version && is_alnum(version[0]);
    for (; ok && version[len]; len++)
        ok = is_alnum(version[len]) || version[len] == '.' || version[len] == '_' ||
             version[len] == '-';
    if (version && (!ok || len > 64))
        bad_value(ld, pos,
                  "version '%.80s' is not a version: a letter or digit, then letters, digits, "
                  "'.', '_' and '-', at most 64 characters",
                  version);
}

/* [a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)* */
static void check_fact(loader *ld, const char *fact, helder_pos pos)
{
    bool ok = fact != NULL;
    for (const char *at = fact; ok && *at; at++) {
        if (at == fact || at[-1] == '.')
            ok = is_lower(*at);
        else
            ok = is_lower(*at) || is_digit(*at) || *at == '_' || (*at == '.' && at[1]);
    }
    if (fact && (!ok || !fact[0]))
        bad_value(ld, pos,
                  "fact '%.80s' is not a fact name: lower-case words of letters, digits and '_', "
                  "each starting with a letter, joined by dots (person.birth_date)",
                  fact);
}

/* [A-Za-z0-9_.-]+ */
static void check_option_value(loader *ld, const char *value, helder_pos pos)
{
    bool ok = value && value[0];
    for (const char *at = value; ok && *at; at++)
        ok = is_alnum(*at) || *at == '_' || *at == '.' || *at == '-';
    if (value && !ok)
        bad_value(ld, pos,
                  "option value '%.80s' may hold only letters, digits, '_', '.' and '-', and "
                  "not be empty (a multichoice answer separates its values with spaces)",
                  value);
}

/* [A-Za-z0-9-]+; a bad token is dropped so that lint does not also call it unknown. */
static void check_autocomplete(loader *ld, char **token, helder_pos pos)
{
    bool ok = *token && (*token)[0];
    for (const char *at = *token; ok && *at; at++)
        ok = is_alnum(*at) || *at == '-';
    if (*token && !ok) {
        bad_value(ld, pos,
                  "autocomplete '%.80s' is not one token: letters, digits and '-' only, as in "
                  "'bday' or 'family-name'",
                  *token);
        free(*token);
        *token = NULL;
    }
}

/* Digits only, 0 to 1000000: no sign, no spaces. */
static bool parse_count(const char *text, long *out)
{
    long number = 0;
    if (!is_digit(text[0]))
        return false;
    for (; *text; text++) {
        if (!is_digit(*text) || number > 1000000)
            return false;
        number = number * 10 + (*text - '0');
    }
    *out = number;
    return number <= 1000000;
}

static helder_node *new_node(loader *ld, helder_node_type type, const elem_attrs *ea,
                             helder_node *parent)
{
    helder_node *node = helder_node_alloc(ld->form);
    helder_form *form = ld->form;
    node->type = type;
    node->pos = ea->pos;
    node->slot = -1;
    node->parent = parent;
    if (parent) {
        node->prev = parent->last_child;
        if (parent->last_child)
            parent->last_child->next = node;
        else
            parent->first_child = node;
        parent->last_child = node;
        node->scope = parent->type == HELDER_NODE_REPEAT ? parent : parent->scope;
    }
    if (form->nnodes == ld->cap_nodes) {
        ld->cap_nodes = ld->cap_nodes ? ld->cap_nodes * 2 : 64;
        form->nodes = helder_xrealloc(form->nodes, ld->cap_nodes * sizeof *form->nodes);
    }
    node->index = (unsigned)form->nnodes;
    form->nodes[form->nnodes++] = node;
    if (type != HELDER_NODE_OPTION && type != HELDER_NODE_CONSTRAINT &&
        type != HELDER_NODE_DOCUMENTS) {
        node->id = attr_copy(ea, A_ID);
        if (node->id)
            check_id(ld, node->id, attr_pos(ld, ea, A_ID));
    }
    return node;
}

static void read_expr_attr(loader *ld, const elem_attrs *ea, attr_name name, helder_attr_expr *attr)
{
    attr->src = attr_copy(ea, name);
    if (attr->src)
        attr->pos = attr_pos_at(ld, ea, name, &attr->offset);
    attr->type = HELDER_TYPE_ERROR;
}

/* Non-negative integer attribute; fallback when absent or malformed. */
static long read_count_attr(loader *ld, const elem_attrs *ea, attr_name name, long fallback,
                            helder_pos *pos_out)
{
    char *value = attr_copy(ea, name);
    long number = fallback;
    helder_pos pos = value ? attr_pos(ld, ea, name) : ea->pos;
    if (pos_out)
        *pos_out = pos;
    if (!value)
        return fallback;
    if (!parse_count(value, &number)) {
        error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, pos,
                 "'%s' must be a whole number from 0 to 1000000", attr_names[name]);
        number = fallback;
    }
    free(value);
    return number;
}

/* ---- texts ---- */

static int lang_index(const helder_form *form, const char *lang)
{
    for (unsigned i = 0; i < form->nlangs; i++)
        if (strcmp(form->langs[i], lang) == 0)
            return (int)i;
    return -1;
}

/* A text's own xml:lang, borrowed from the tree; NULL when it has none. */
static const char *own_lang(const xmlNode *elem)
{
    for (const xmlAttr *attr = elem->properties; attr; attr = attr->next) {
        const xmlNode *value = attr->children;
        if (attr->ns && attr->ns->href &&
            strcmp((const char *)attr->ns->href, (const char *)XML_XML_NAMESPACE) == 0 &&
            strcmp((const char *)attr->name, "lang") == 0)
            return value && value->type == XML_TEXT_NODE && !value->next && value->content
                       ? (const char *)value->content
                       : NULL;
    }
    return NULL;
}

static void read_text(loader *ld, const xmlNode *elem, helder_text *text)
{
    const char *own = own_lang(elem);
    xmlChar *inherited = own ? NULL : xmlNodeGetLang(elem);
    const char *lang = own ? own : (const char *)inherited;
    const xmlNode *only = elem->children;
    helder_pos pos = helder_xml_elem_pos(&ld->lines, elem);
    int index;
    text->present = true;
    if (!lang) {
        index = ld->form->nlangs ? 0 : -1;
    } else {
        index = lang_index(ld->form, lang);
        if (index < 0) {
            error_at(ld, HELDER_RULE_UNDECLARED_LANGUAGE, pos,
                     "text in language '%s', which the form's languages attribute does not declare",
                     lang);
        }
    }
    xmlFree(inherited);
    if (index < 0)
        return;
    if (text->by_lang[index]) {
        error_at(ld, HELDER_RULE_DUPLICATE_TRANSLATION, pos, "this text is already given in '%s'",
                 ld->form->langs[index]);
        return;
    }
    if (!only) {
        text->by_lang[index] = helder_xstrdup("");
    } else if (only->type == XML_TEXT_NODE && !only->next && only->content) {
        text->by_lang[index] = helder_xstrdup((const char *)only->content);
    } else {
        xmlChar *content = xmlNodeGetContent(elem);
        text->by_lang[index] = helder_xstrdup(content ? (const char *)content : "");
        xmlFree(content);
    }
    text->pos[index] = pos;
}

/* Reads the text children every node kind may have; returns 1 when elem was one of them. */
static int read_common_child(loader *ld, helder_node *node, const xmlNode *elem)
{
    const char *name = form_element_name(elem);
    if (!name)
        return 0;
    if (strcmp(name, "label") == 0)
        read_text(ld, elem, &node->label);
    else if (strcmp(name, "hint") == 0)
        read_text(ld, elem, &node->hint);
    else if (strcmp(name, "title") == 0)
        read_text(ld, elem, &node->title);
    else if (strcmp(name, "text") == 0 || strcmp(name, "message") == 0 ||
             strcmp(name, "intro") == 0)
        read_text(ld, elem, &node->text);
    else
        return 0;
    return 1;
}

/* ---- building the tree ---- */

static void build_children(loader *ld, helder_node *node, const xmlNode *elem);

/* multichoice min and max count the options to select: whole numbers, not expressions. A bad
 * one is dropped so that it is not also parsed as an expression. */
static void check_selection_count(loader *ld, helder_attr_expr *attr, const char *name)
{
    long count;
    if (!attr->src || parse_count(attr->src, &count))
        return;
    error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, attr->pos,
             "'%s' of a multichoice question is how many options may be selected: a whole "
             "number from 0 to 1000000",
             name);
    free(attr->src);
    attr->src = NULL;
}

/* What the question's type takes (docs/form-language.md, "Question types"): min and max for
 * numbers, dates and multichoice; minlength, maxlength and pattern for textual types; options
 * for choice and multichoice, which need at least one. */
static void check_question_type(loader *ld, const helder_node *question)
{
    static const char bound_names[] = "integer, decimal, date and multichoice";
    static const char length_names[] = "text, longtext, email and phone";
    const char *id = question->id ? question->id : "?";
    helder_qtype qtype = question->u.question.qtype;
    const char *type = helder_qtype_name(qtype);
    bool bounds = qtype == HELDER_Q_INTEGER || qtype == HELDER_Q_DECIMAL ||
                  qtype == HELDER_Q_DATE || qtype == HELDER_Q_MULTICHOICE;
    bool lengths = qtype == HELDER_Q_TEXT || qtype == HELDER_Q_LONGTEXT ||
                   qtype == HELDER_Q_EMAIL || qtype == HELDER_Q_PHONE;
    bool options = qtype == HELDER_Q_CHOICE || qtype == HELDER_Q_MULTICHOICE;
    const struct {
        bool present, allowed;
        helder_pos pos;
        const char *facet, *types;
    } facets[] = {
        {question->u.question.min.src != NULL, bounds, question->u.question.min.pos, "min",
         bound_names},
        {question->u.question.max.src != NULL, bounds, question->u.question.max.pos, "max",
         bound_names},
        {question->u.question.minlength >= 0, lengths, question->u.question.minlength_pos,
         "minlength", length_names},
        {question->u.question.maxlength >= 0, lengths, question->u.question.maxlength_pos,
         "maxlength", length_names},
        {question->u.question.pattern_src != NULL, lengths, question->u.question.pattern_pos,
         "pattern", length_names},
    };
    for (size_t i = 0; i < sizeof facets / sizeof facets[0]; i++)
        if (facets[i].present && !facets[i].allowed) {
            helder_diagf(ld->sink, HELDER_RULE_FACET_NOT_APPLICABLE, ld->form->file, facets[i].pos,
                         "%s does not apply to %s question '%s'; it is for %s questions",
                         facets[i].facet, type, id, facets[i].types);
            ld->form->has_errors = true;
        }
    if (!options && question->u.question.noptions > 0) {
        helder_diagf(ld->sink, HELDER_RULE_OPTIONS_NOT_ALLOWED, ld->form->file,
                     question->u.question.options[0]->pos,
                     "question '%s' is a %s question, which takes no options; options are for "
                     "choice and multichoice questions",
                     id, type);
        ld->form->has_errors = true;
    } else if (options && question->u.question.noptions == 0) {
        helder_diagf(ld->sink, HELDER_RULE_MISSING_OPTIONS, ld->form->file, question->pos,
                     "%s question '%s' has no options", type, id);
        ld->form->has_errors = true;
    }
}

static void build_question(loader *ld, helder_node *question, const elem_attrs *ea,
                           const xmlNode *elem)
{
    char *type = attr_copy(ea, A_TYPE);
    char *readonly = attr_copy(ea, A_READONLY);
    char *hidden = attr_copy(ea, A_HIDDEN);
    int qtype = type ? helder_qtype_parse(type) : -1;
    if (type && qtype < 0)
        error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, attr_pos(ld, ea, A_TYPE),
                 "unknown question type '%s'", type);
    question->u.question.qtype = qtype < 0 ? HELDER_Q_TEXT : (helder_qtype)qtype;
    free(type);
    read_expr_attr(ld, ea, A_REQUIRED, &question->u.question.required);
    read_expr_attr(ld, ea, A_MIN, &question->u.question.min);
    read_expr_attr(ld, ea, A_MAX, &question->u.question.max);
    if (question->u.question.qtype == HELDER_Q_MULTICHOICE) {
        check_selection_count(ld, &question->u.question.min, "min");
        check_selection_count(ld, &question->u.question.max, "max");
    }
    question->u.question.minlength =
        read_count_attr(ld, ea, A_MINLENGTH, -1, &question->u.question.minlength_pos);
    question->u.question.maxlength =
        read_count_attr(ld, ea, A_MAXLENGTH, -1, &question->u.question.maxlength_pos);
    question->u.question.pattern_src = attr_copy(ea, A_PATTERN);
    question->u.question.pattern_pos = attr_pos(ld, ea, A_PATTERN);
    question->u.question.fact = attr_copy(ea, A_FACT);
    question->u.question.fact_pos = attr_pos(ld, ea, A_FACT);
    check_fact(ld, question->u.question.fact, question->u.question.fact_pos);
    question->u.question.autocomplete = attr_copy(ea, A_AUTOCOMPLETE);
    if (question->u.question.autocomplete)
        check_autocomplete(ld, &question->u.question.autocomplete,
                           attr_pos(ld, ea, A_AUTOCOMPLETE));
    question->u.question.prefill = attr_copy(ea, A_PREFILL);
    question->u.question.readonly = readonly && strcmp(readonly, "true") == 0;
    question->u.question.hidden = hidden && strcmp(hidden, "true") == 0;
    free(readonly);
    free(hidden);
    build_children(ld, question, elem);
    if (qtype >= 0)
        check_question_type(ld, question);
}

static helder_node *build_node(loader *ld, helder_node *parent, const xmlNode *elem)
{
    static const struct {
        const char *name;
        helder_node_type type;
    } kinds[] = {
        {"section", HELDER_NODE_SECTION},     {"question", HELDER_NODE_QUESTION},
        {"option", HELDER_NODE_OPTION},       {"constraint", HELDER_NODE_CONSTRAINT},
        {"repeat", HELDER_NODE_REPEAT},       {"note", HELDER_NODE_NOTE},
        {"computed", HELDER_NODE_COMPUTED},   {"rule", HELDER_NODE_RULE},
        {"documents", HELDER_NODE_DOCUMENTS}, {"document", HELDER_NODE_DOCUMENT},
    };
    const char *name = form_element_name(elem);
    helder_node *node = NULL;
    elem_attrs ea;
    for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(name, kinds[i].name) == 0) {
            elem_attrs_init(ld, &ea, elem);
            node = new_node(ld, kinds[i].type, &ea, parent);
            break;
        }
    if (!node)
        return NULL; /* unknown elements are the schema stage's to report */
    read_expr_attr(ld, &ea, A_WHEN, &node->when);
    switch (node->type) {
    case HELDER_NODE_QUESTION:
        build_question(ld, node, &ea, elem);
        return node;
    case HELDER_NODE_OPTION:
        node->u.option.value = attr_copy(&ea, A_VALUE);
        node->u.option.value_pos = attr_pos(ld, &ea, A_VALUE);
        check_option_value(ld, node->u.option.value, node->u.option.value_pos);
        break;
    case HELDER_NODE_CONSTRAINT:
    case HELDER_NODE_RULE:
        read_expr_attr(ld, &ea, A_TEST, &node->u.constraint.test);
        break;
    case HELDER_NODE_COMPUTED:
        read_expr_attr(ld, &ea, A_VALUE, &node->u.computed.value);
        break;
    case HELDER_NODE_REPEAT:
        node->u.repeat.min = read_count_attr(ld, &ea, A_MIN, 0, &node->u.repeat.min_pos);
        node->u.repeat.max = read_count_attr(ld, &ea, A_MAX, 50, &node->u.repeat.max_pos);
        break;
    default:
        break;
    }
    build_children(ld, node, elem);
    return node;
}

/* ---- what a simplified form carries (simplify/write.c; docs/simplify.md) ---- */

static void read_provenance(loader *ld, const xmlNode *elem)
{
    helder_provenance *prov = &ld->form->provenance;
    elem_attrs ea;
    if (prov->present)
        return; /* the schema allows one */
    elem_attrs_init(ld, &ea, elem);
    prov->present = true;
    prov->pos = ea.pos;
    prov->form = attr_copy(&ea, A_FORM);
    prov->version = attr_copy(&ea, A_VERSION);
    prov->form_digest = attr_copy(&ea, A_FORM_DIGEST);
    prov->facts_digest = attr_copy(&ea, A_FACTS_DIGEST);
    prov->known = attr_copy(&ea, A_KNOWN);
    prov->valid_from = attr_copy(&ea, A_VALID_FROM);
    prov->valid_until = attr_copy(&ea, A_VALID_UNTIL);
    prov->generator = attr_copy(&ea, A_GENERATOR);
}

/* <item> of a repeat: the answers the facts gave for one item, resolved after ids. */
static void read_item(loader *ld, helder_node *repeat, const xmlNode *elem)
{
    unsigned count = 0;
    helder_prefill_item *item;
    repeat->u.repeat.items =
        helder_xrealloc(repeat->u.repeat.items, (repeat->u.repeat.nitems + 1) * sizeof *item);
    item = &repeat->u.repeat.items[repeat->u.repeat.nitems++];
    memset(item, 0, sizeof *item);
    item->pos = helder_xml_elem_pos(&ld->lines, elem);
    for (const xmlNode *child = elem->children; child; child = child->next)
        count += is_form_element(child, "prefill");
    item->prefills = helder_xcalloc(count ? count : 1, sizeof *item->prefills);
    for (const xmlNode *child = elem->children; child; child = child->next) {
        if (!is_form_element(child, "prefill"))
            continue;
        helder_prefill *prefill = &item->prefills[item->count++];
        xmlChar *content = xmlNodeGetContent(child);
        elem_attrs ea;
        elem_attrs_init(ld, &ea, child);
        prefill->id = attr_copy(&ea, A_ID);
        if (prefill->id)
            check_id(ld, prefill->id, attr_pos(ld, &ea, A_ID));
        prefill->text = helder_xstrdup(content ? (const char *)content : "");
        prefill->pos = ea.pos;
        xmlFree(content);
    }
}

static void resolve_items(loader *ld, helder_node *repeat)
{
    for (unsigned i = 0; i < repeat->u.repeat.nitems; i++) {
        helder_prefill_item *item = &repeat->u.repeat.items[i];
        for (unsigned j = 0; j < item->count; j++) {
            helder_prefill *prefill = &item->prefills[j];
            helder_node *question = prefill->id ? helder_form_find(ld->form, prefill->id) : NULL;
            if (!question || question->type != HELDER_NODE_QUESTION || question->parent != repeat) {
                error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, prefill->pos,
                         "a prefill in an item of this repeat must name one of its questions, "
                         "not '%s'",
                         prefill->id ? prefill->id : "");
                continue;
            }
            for (unsigned k = 0; k < j; k++)
                if (item->prefills[k].question == question)
                    error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, prefill->pos,
                             "question '%s' is prefilled twice in this item", prefill->id);
            prefill->question = question;
        }
    }
}

static void build_children(loader *ld, helder_node *node, const xmlNode *elem)
{
    for (const xmlNode *child = elem->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || read_common_child(ld, node, child))
            continue;
        if (node->type == HELDER_NODE_FORM && is_form_element(child, "provenance")) {
            read_provenance(ld, child);
            continue;
        }
        if (node->type == HELDER_NODE_REPEAT && is_form_element(child, "item")) {
            read_item(ld, node, child);
            continue;
        }
        helder_node *built = build_node(ld, node, child);
        if (!built || node->type != HELDER_NODE_QUESTION)
            continue;
        if (built->type == HELDER_NODE_OPTION) {
            unsigned count = node->u.question.noptions++;
            node->u.question.options = helder_xrealloc(
                node->u.question.options, (count + 1) * sizeof *node->u.question.options);
            node->u.question.options[count] = built;
        } else if (built->type == HELDER_NODE_CONSTRAINT) {
            unsigned count = node->u.question.nconstraints++;
            node->u.question.constraints = helder_xrealloc(
                node->u.question.constraints, (count + 1) * sizeof *node->u.question.constraints);
            node->u.question.constraints[count] = built;
        }
    }
}

static void read_languages(loader *ld, const elem_attrs *ea)
{
    char *list = attr_copy(ea, A_LANGUAGES);
    char *save = NULL;
    if (!list)
        return;
    for (char *lang = strtok_r(list, " \t\r\n", &save); lang;
         lang = strtok_r(NULL, " \t\r\n", &save)) {
        if (ld->form->nlangs == HELDER_MAX_LANGS) {
            error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, attr_pos(ld, ea, A_LANGUAGES),
                     "a form declares at most %s languages", "16");
            break;
        }
        if (lang_index(ld->form, lang) >= 0) {
            error_at(ld, HELDER_RULE_BAD_ATTRIBUTE, attr_pos(ld, ea, A_LANGUAGES),
                     "language '%s' is declared twice", lang);
            continue;
        }
        ld->form->langs[ld->form->nlangs++] = helder_xstrdup(lang);
    }
    free(list);
}

/* ---- ids and slots ---- */

static int compare_ids(const void *a, const void *b)
{
    const struct helder_id_entry *left = a, *right = b;
    int order = strcmp(left->id, right->id);
    if (order)
        return order;
    return left->node->index < right->node->index ? -1 : left->node->index > right->node->index;
}

static void index_ids(loader *ld)
{
    helder_form *form = ld->form;
    size_t count = 0, kept = 0;
    form->ids = helder_xcalloc(form->nnodes, sizeof *form->ids);
    for (size_t i = 0; i < form->nnodes; i++) {
        helder_node *node = form->nodes[i];
        if (node->id && node->type != HELDER_NODE_FORM) {
            form->ids[count].id = node->id;
            form->ids[count].node = node;
            count++;
        }
    }
    qsort(form->ids, count, sizeof *form->ids, compare_ids);
    for (size_t i = 0; i < count; i++) {
        if (kept > 0 && strcmp(form->ids[kept - 1].id, form->ids[i].id) == 0) {
            helder_node *first = form->ids[kept - 1].node, *again = form->ids[i].node;
            helder_diagf(ld->sink, HELDER_RULE_DUPLICATE_ID, form->file, again->pos,
                         "id '%s' is already used by the %s on line %u", again->id,
                         helder_node_type_name(first->type), first->pos.line);
            form->has_errors = true;
            continue;
        }
        form->ids[kept++] = form->ids[i];
    }
    form->nids = kept;
}

static void assign_slots(helder_form *form)
{
    form->slot_nodes = helder_xcalloc(form->nnodes, sizeof *form->slot_nodes);
    form->repeat_nodes = helder_xcalloc(form->nnodes, sizeof *form->repeat_nodes);
    for (size_t i = 0; i < form->nnodes; i++) {
        helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_REPEAT) {
            node->slot = (int)form->nrepeats;
            form->repeat_nodes[form->nrepeats++] = node;
        } else if (node->type == HELDER_NODE_QUESTION || node->type == HELDER_NODE_COMPUTED) {
            if (node->scope) {
                node->slot = (int)node->scope->u.repeat.nslots++;
            } else {
                node->slot = (int)form->nslots;
                form->slot_nodes[form->nslots++] = node;
            }
        }
    }
}

/* ---- expressions ---- */

helder_pos helder_form_attr_pos(const helder_form *form, const helder_attr_expr *attr, unsigned col)
{
    helder_pos pos = attr->pos;
    size_t at = attr->offset;
    if (!form->source || attr->offset == SIZE_MAX || attr->offset == 0 || pos.line == 0) {
        pos.col += col ? col - 1 : 0;
        return pos;
    }
    /* Walk the raw value: an entity reference is one decoded character but several columns, a
     * newline starts a line, and a UTF-8 sequence is one column. */
    for (unsigned decoded = 1; decoded < col && at < form->source_len; decoded++) {
        char c = form->source[at];
        if (c == '"' || c == '\'')
            break;
        if (c == '&') {
            const char *semi = memchr(form->source + at, ';', form->source_len - at);
            size_t next = semi ? (size_t)(semi - form->source) + 1 : at + 1;
            pos.col += (unsigned)(next - at); /* the raw reference is what the editor shows */
            at = next;
        } else if (c == '\n') {
            at++;
            pos.line++;
            pos.col = 1;
        } else {
            at++;
            while (at < form->source_len && ((unsigned char)form->source[at] & 0xC0) == 0x80)
                at++;
            pos.col++;
        }
    }
    return pos;
}

typedef struct {
    loader *ld;
    const helder_attr_expr *attr;
} report_ctx;

static helder_node *lookup_id(const char *name, void *payload)
{
    report_ctx *ctx = payload;
    return helder_form_find(ctx->ld->form, name);
}

static const char *id_at(size_t index, void *payload)
{
    report_ctx *ctx = payload;
    return index < ctx->ld->form->nids ? ctx->ld->form->ids[index].id : NULL;
}

static void report_expr(unsigned col, const char *rule, const char *message, void *payload)
{
    report_ctx *ctx = payload;
    int index = helder_rule_lookup(rule);
    helder_pos pos = helder_form_attr_pos(ctx->ld->form, ctx->attr, col);
    if (index < 0)
        index = HELDER_RULE_TYPE_MISMATCH;
    helder_diagf(ctx->ld->sink, (helder_rule)index, ctx->ld->form->file, pos, "%s", message);
    if (helder_rule_severity((helder_rule)index) == HELDER_SEVERITY_ERROR)
        ctx->ld->form->has_errors = true;
}

static void parse_attr(loader *ld, helder_attr_expr *attr)
{
    helder_expr_error err;
    const char *src = attr->src;
    if (!src || attr->expr)
        return;
    /* required="true" and "false" are the common spelling of the constants. */
    if (strcmp(src, "true") == 0)
        src = "true()";
    else if (strcmp(src, "false") == 0)
        src = "false()";
    if (helder_expr_parse(&attr->expr, src, &err) != HELDER_OK) {
        report_ctx ctx = {ld, attr};
        attr->expr = NULL;
        report_expr(src == attr->src ? err.col : 1, "expr-syntax", err.message, &ctx);
    }
}

/* Type-checks attr in scope; `want` is the type it must have, or HELDER_TYPE_ERROR for any. */
static void check_attr(loader *ld, helder_attr_expr *attr, const helder_node *scope,
                       helder_type want, const char *what)
{
    report_ctx ctx = {ld, attr};
    helder_expr_checker checker = {lookup_id, report_expr, &ctx, scope, id_at};
    if (!attr->expr)
        return;
    attr->type = helder_expr_check(attr->expr, &checker);
    if (attr->type == HELDER_TYPE_ERROR || want == HELDER_TYPE_ERROR || attr->type == want)
        return;
    char message[200];
    snprintf(message, sizeof message, "%s must be %s, but this expression is %s", what,
             want == HELDER_TYPE_BOOLEAN ? "true or false" : helder_type_name(want),
             helder_type_name(attr->type));
    report_expr(1, want == HELDER_TYPE_BOOLEAN ? "condition-not-boolean" : "type-mismatch", message,
                &ctx);
    attr->type = HELDER_TYPE_ERROR;
}

static void parse_node_exprs(loader *ld, helder_node *node)
{
    parse_attr(ld, &node->when);
    switch (node->type) {
    case HELDER_NODE_QUESTION:
        parse_attr(ld, &node->u.question.required);
        parse_attr(ld, &node->u.question.min);
        parse_attr(ld, &node->u.question.max);
        break;
    case HELDER_NODE_CONSTRAINT:
    case HELDER_NODE_RULE:
        parse_attr(ld, &node->u.constraint.test);
        break;
    case HELDER_NODE_COMPUTED:
        parse_attr(ld, &node->u.computed.value);
        break;
    default:
        break;
    }
}

/* The scope an expression on node is evaluated in: a repeat's own `when` is decided outside
 * it, everything inside a repeat sees its item. */
static const helder_node *expr_scope(const helder_node *node)
{
    return node->type == HELDER_NODE_REPEAT ? node->scope : node->scope;
}

static void check_node_exprs(loader *ld, helder_node *node)
{
    const helder_node *scope = expr_scope(node);
    check_attr(ld, &node->when, scope, HELDER_TYPE_BOOLEAN, "a when condition");
    switch (node->type) {
    case HELDER_NODE_QUESTION: {
        helder_type value = helder_qtype_value_type(node->u.question.qtype);
        helder_type bound = value == HELDER_TYPE_DATE ? HELDER_TYPE_DATE : HELDER_TYPE_NUMBER;
        check_attr(ld, &node->u.question.required, scope, HELDER_TYPE_BOOLEAN, "required");
        check_attr(ld, &node->u.question.min, scope, bound, "min");
        check_attr(ld, &node->u.question.max, scope, bound, "max");
        break;
    }
    case HELDER_NODE_CONSTRAINT:
        check_attr(ld, &node->u.constraint.test, node->parent ? node->parent->scope : NULL,
                   HELDER_TYPE_BOOLEAN, "a constraint test");
        break;
    case HELDER_NODE_RULE:
        check_attr(ld, &node->u.constraint.test, NULL, HELDER_TYPE_BOOLEAN, "a rule test");
        break;
    default:
        break;
    }
}

/* ---- dependencies: computed order and cycles ---- */

typedef struct {
    helder_node **targets;
    size_t count, cap;
} node_list;

static void collect_ref(const helder_expr *ref, helder_node *target, void *payload)
{
    node_list *list = payload;
    (void)ref;
    if (!target)
        return;
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 8;
        list->targets = helder_xrealloc(list->targets, list->cap * sizeof *list->targets);
    }
    list->targets[list->count++] = target;
}

/* Names referred to before type checking: computed values must be checked after what they
 * read, so their references are resolved by name here, once. */
static void collect_names(loader *ld, const helder_expr *expr, node_list *list)
{
    if (!expr)
        return;
    if (expr->op == HELDER_OP_REF || expr->op == HELDER_OP_PATH) {
        helder_node *target =
            expr->u.ref.name ? helder_form_find(ld->form, expr->u.ref.name) : NULL;
        collect_ref(expr, target, list);
    }
    for (unsigned i = 0; i < expr->nargs; i++)
        collect_names(ld, expr->args[i], list);
}

/* Edges that make a circle meaningless: relevance (when) and value (computed). */
static void node_dependencies(loader *ld, const helder_node *node, node_list *list)
{
    list->count = 0;
    collect_names(ld, node->when.expr, list);
    if (node->type == HELDER_NODE_COMPUTED)
        collect_names(ld, node->u.computed.value.expr, list);
}

enum { WHITE, GREY, BLACK };

/* One frame of the iterative depth-first search. */
typedef struct {
    helder_node *node;
    node_list deps;
    size_t next;
} dfs_frame;

typedef struct {
    loader *ld;
    unsigned char *color;
    helder_node **stack;
    size_t depth;
    bool *in_reported_cycle;
    size_t ncomputed;
    dfs_frame *frames; /* nnodes + 1, shared by every visit: each leaves them unused */
} cycle_walk;

static void report_cycle(cycle_walk *walk, const helder_node *target)
{
    char message[1024];
    size_t used = 0, start = walk->depth;
    while (start > 0 && walk->stack[start - 1] != target)
        start--;
    if (start == 0)
        return;
    start--;
    for (size_t i = start; i < walk->depth; i++)
        if (walk->in_reported_cycle[walk->stack[i]->index])
            return;
    used +=
        (size_t)snprintf(message, sizeof message, "these items depend on each other in a circle: ");
    for (size_t i = start; i < walk->depth && used < sizeof message; i++) {
        walk->in_reported_cycle[walk->stack[i]->index] = true;
        used += (size_t)snprintf(message + used, sizeof message - used, "%s -> ",
                                 walk->stack[i]->id ? walk->stack[i]->id : "?");
    }
    if (used < sizeof message)
        snprintf(message + used, sizeof message - used, "%s", target->id ? target->id : "?");
    helder_diagf(walk->ld->sink, HELDER_RULE_CYCLE, walk->ld->form->file, walk->stack[start]->pos,
                 "%s", message);
    walk->ld->form->has_errors = true;
    walk->ld->form->has_cycle = true;
}

/* Iterative depth-first search: a form of 10,000 chained conditions must not overflow the C
 * stack. Computed values are appended to computed_order in post-order. */
static void visit(cycle_walk *walk, helder_node *root)
{
    loader *ld = walk->ld;
    dfs_frame *frames = walk->frames;
    size_t top = 0;
    frames[0].node = root;
    frames[0].next = 0;
    frames[0].deps.count = 0;
    node_dependencies(ld, root, &frames[0].deps);
    walk->color[root->index] = GREY;
    walk->stack[walk->depth++] = root;
    while (1) {
        dfs_frame *current = &frames[top];
        if (current->next < current->deps.count) {
            helder_node *dep = current->deps.targets[current->next++];
            if (walk->color[dep->index] == GREY) {
                report_cycle(walk, dep);
            } else if (walk->color[dep->index] == WHITE) {
                top++;
                frames[top].node = dep;
                frames[top].next = 0;
                frames[top].deps.count = 0;
                node_dependencies(ld, dep, &frames[top].deps);
                walk->color[dep->index] = GREY;
                walk->stack[walk->depth++] = dep;
            }
            continue;
        }
        walk->color[current->node->index] = BLACK;
        walk->depth--;
        if (current->node->type == HELDER_NODE_COMPUTED)
            ld->form->computed_order[walk->ncomputed++] = current->node;
        free(current->deps.targets);
        current->deps.targets = NULL;
        current->deps.cap = 0;
        if (top == 0)
            break;
        top--;
    }
}

static void order_and_find_cycles(loader *ld)
{
    helder_form *form = ld->form;
    cycle_walk walk = {ld, helder_xcalloc(form->nnodes, 1),
                       helder_xcalloc(form->nnodes + 1, sizeof(helder_node *)), 0,
                       helder_xcalloc(form->nnodes, sizeof(bool)), 0,
                       /* allocated once: one per visit made loading quadratic in the form */
                       helder_xcalloc(form->nnodes + 1, sizeof(dfs_frame))};
    form->computed_order = helder_xcalloc(form->nnodes, sizeof *form->computed_order);
    for (size_t i = 0; i < form->nnodes; i++)
        if (walk.color[i] == WHITE)
            visit(&walk, form->nodes[i]);
    form->ncomputed = walk.ncomputed;
    free(walk.color);
    free(walk.stack);
    free(walk.in_reported_cycle);
    free(walk.frames);
}

/* ---- patterns ---- */

/* Questions compiled so far, by pattern source: forms repeat their patterns (an email or
 * postcode pattern on many questions), and compiling one with PCRE2's JIT costs as much as
 * reading a hundred questions, so each distinct source is compiled once and shared. */
typedef struct {
    helder_node **slots; /* open addressing; a question whose pattern compiled */
    size_t mask;
} pattern_cache;

static uint32_t hash_text(const char *text)
{
    uint32_t hash = 2166136261u;
    for (; *text; text++)
        hash = (hash ^ (unsigned char)*text) * 16777619u;
    return hash;
}

static void compile_pattern(loader *ld, pattern_cache *cache, helder_node *question)
{
    char message[256];
    unsigned col = 0;
    const char *src = question->u.question.pattern_src;
    size_t slot;
    if (!src)
        return;
    if (!cache->slots) {
        size_t size = 64;
        while (size < 2 * ld->form->nnodes)
            size *= 2;
        cache->slots = helder_xcalloc(size, sizeof *cache->slots);
        cache->mask = size - 1;
    }
    for (slot = hash_text(src) & cache->mask; cache->slots[slot]; slot = (slot + 1) & cache->mask)
        if (strcmp(cache->slots[slot]->u.question.pattern_src, src) == 0) {
            question->u.question.pattern =
                helder_pattern_share(cache->slots[slot]->u.question.pattern);
            return;
        }
    if (helder_pattern_compile(&question->u.question.pattern, src, strlen(src), message,
                               sizeof message, &col) != HELDER_OK) {
        helder_pos pos = question->u.question.pattern_pos;
        pos.col += col ? col - 1 : 0;
        helder_diagf(ld->sink, HELDER_RULE_BAD_PATTERN, ld->form->file, pos, "%s", message);
        ld->form->has_errors = true;
        question->u.question.pattern = NULL;
        return;
    }
    cache->slots[slot] = question;
}

/* ---- entry points ---- */

static helder_form *build_form(loader *ld, xmlDocPtr doc)
{
    helder_form *form = ld->form;
    xmlNode *root = xmlDocGetRootElement(doc);
    pattern_cache patterns = {NULL, 0};
    elem_attrs ea;
    if (!root || !is_form_element(root, "form"))
        return form; /* the schema stage has said why */
    elem_attrs_init(ld, &ea, root);
    form->root = new_node(ld, HELDER_NODE_FORM, &ea, NULL);
    form->pos = form->root->pos;
    form->id = form->root->id ? helder_xstrdup(form->root->id) : NULL;
    form->version = attr_copy(&ea, A_VERSION);
    if (form->version)
        check_version(ld, form->version, attr_pos(ld, &ea, A_VERSION));
    read_languages(ld, &ea);
    build_children(ld, form->root, root);

    index_ids(ld);
    assign_slots(form);
    for (size_t i = 0; i < form->nnodes; i++)
        if (form->nodes[i]->type == HELDER_NODE_REPEAT)
            resolve_items(ld, form->nodes[i]);
    for (size_t i = 0; i < form->nnodes; i++)
        parse_node_exprs(ld, form->nodes[i]);
    order_and_find_cycles(ld);
    /* Computed values first, in dependency order, so that their types are known when the
     * expressions that read them are checked. */
    for (size_t i = 0; i < form->ncomputed; i++) {
        helder_node *computed = form->computed_order[i];
        check_attr(ld, &computed->u.computed.value, computed->scope, HELDER_TYPE_ERROR, "");
        check_attr(ld, &computed->when, computed->scope, HELDER_TYPE_BOOLEAN, "a when condition");
    }
    for (size_t i = 0; i < form->nnodes; i++) {
        helder_node *node = form->nodes[i];
        if (node->type != HELDER_NODE_COMPUTED)
            check_node_exprs(ld, node);
        if (node->type == HELDER_NODE_QUESTION)
            compile_pattern(ld, &patterns, node);
    }
    free(patterns.slots);
    return form;
}

/* Loads buf; owned is buf when the form may keep it as its source (it then frees it in every
 * case), NULL when buf is the caller's and must be copied. */
static int load(helder_form **out, char *owned, const char *buf, size_t len, const char *name,
                const helder_load_options *opts, helder_diag_sink *sink)
{
    helder_load_options defaults = HELDER_LOAD_OPTIONS_INIT;
    helder_xml_limits limits;
    loader ld = {0};
    xmlDocPtr doc;
    int schema_ok;
    if (!opts)
        opts = &defaults;
    limits.max_bytes = opts->max_bytes;
    limits.max_depth = opts->max_depth;
    *out = NULL;
    ld.sink = sink;
    ld.form = helder_xcalloc(1, sizeof *ld.form);
    ld.form->file = helder_xstrdup(name);
    ld.form->source = owned; /* freed with the form, whatever happens below */
    if (len > opts->max_bytes) {
        helder_pos start = {1, 1};
        helder_diagf(sink, HELDER_RULE_INPUT_TOO_LARGE, name, start,
                     "the file has %zu bytes, more than the limit of %zu", len, opts->max_bytes);
        helder_form_free(ld.form);
        return HELDER_ETOOBIG;
    }
    doc = helder_xml_parse(buf, len, name, &limits, HELDER_XML_OFFSETS | HELDER_XML_FORM, sink);
    if (!doc) {
        helder_form_free(ld.form);
        return HELDER_EINVALID;
    }
    if (!owned)
        ld.form->source = helder_xstrndup(buf, len);
    ld.form->source_len = len;
    helder_lines_init(&ld.lines, ld.form->source, len);
    schema_ok = helder_schema_validate(doc, HELDER_SCHEMA_FORM, name, &ld.lines, sink) == HELDER_OK;
    if (!schema_ok)
        ld.form->has_errors = true;
    build_form(&ld, doc);
    xmlFreeDoc(doc);
    helder_lines_free(&ld.lines);
    *out = ld.form;
    if (!ld.form->root) {
        helder_form_free(ld.form);
        *out = NULL;
    }
    return ld.form && *out && !(*out)->has_errors ? HELDER_OK : HELDER_EINVALID;
}

int helder_form_load_memory(helder_form **out, const char *buf, size_t len, const char *name,
                            const helder_load_options *opts, helder_diag_sink *sink)
{
    return load(out, NULL, buf, len, name, opts, sink);
}

int helder_form_load_file(helder_form **out, const char *path, const helder_load_options *opts,
                          helder_diag_sink *sink)
{
    helder_load_options defaults = HELDER_LOAD_OPTIONS_INIT;
    char *buf;
    size_t len;
    int rc;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    rc = helder_read_file_reported(&buf, &len, path, opts->max_bytes, sink);
    if (rc != HELDER_OK)
        return rc;
    /* The form keeps the bytes it was read from: no copy of a large file. */
    return load(out, buf, buf, len, path, opts, sink);
}
