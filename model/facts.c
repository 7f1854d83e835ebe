/* Known facts (urn:helder:facts:1, templates/facts.rng) bound to a compiled form, for
 * `helder check --facts` and `helder simplify --facts` alike: each <fact name> is matched to the
 * questions whose fact attribute is that name (else to the question with that id), each <group
 * name> to the repeat with that id, and every value is parsed by its question's type (answer.c)
 * once, when the facts are loaded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "model/facts.h"
#include "model/schema.h"

#define FACTS_NS "urn:helder:facts:1"
#define FACTS_DEPTH 8

typedef struct {
    helder_facts *facts;
    helder_diag_sink *sink;
    helder_lines lines;
    unsigned errors;
    /* every fact name at top level and every group name, to find the ones given twice */
    struct seen_name {
        const char *name;
        unsigned place; /* 0: the top level; else one number per group item */
        bool group;
        unsigned line;
    } * seen;
    unsigned places;
    size_t nseen, cap_seen;
} loader;

static void report(loader *ld, helder_severity severity, helder_check_rule rule, unsigned line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(loader *ld, helder_severity severity, helder_check_rule rule, unsigned line,
                   const char *fmt, ...)
{
    char message[1024];
    va_list args;
    helder_diag diag;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    for (char *at = message; *at; at++)
        if (*at == '\n' || *at == '\r')
            *at = ' ';
    diag.severity = severity;
    diag.rule = helder_check_rule_name(rule);
    diag.file = ld->facts->name;
    diag.line = line;
    diag.col = 0;
    diag.message = message;
    if (severity == HELDER_SEVERITY_ERROR)
        ld->errors++;
    if (!ld->sink)
        return;
    ld->sink->counts[severity]++;
    if (ld->sink->fn)
        ld->sink->fn(&diag, ld->sink->payload);
}

static bool is_facts_element(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
           strcmp((const char *)node->ns->href, FACTS_NS) == 0 &&
           strcmp((const char *)node->name, name) == 0;
}

static char *name_of(loader *ld, const xmlNode *elem)
{
    xmlChar *name = xmlGetNoNsProp(elem, (const xmlChar *)"name");
    char *copy = helder_arena_strndup(&ld->facts->arena, name ? (const char *)name : "",
                                      name ? strlen((const char *)name) : 0);
    xmlFree(name);
    return copy;
}

static unsigned line_of(loader *ld, const xmlNode *elem)
{
    return helder_xml_elem_pos(&ld->lines, elem).line;
}

static void remember(loader *ld, const char *name, unsigned place, bool group, unsigned line)
{
    if (ld->nseen == ld->cap_seen) {
        ld->cap_seen = ld->cap_seen ? ld->cap_seen * 2 : 32;
        ld->seen = helder_xrealloc(ld->seen, ld->cap_seen * sizeof *ld->seen);
    }
    ld->seen[ld->nseen].name = name;
    ld->seen[ld->nseen].place = place;
    ld->seen[ld->nseen].group = group;
    ld->seen[ld->nseen++].line = line;
}

static int compare_seen(const void *a, const void *b)
{
    const struct seen_name *left = a, *right = b;
    if (left->place != right->place)
        return left->place < right->place ? -1 : 1;
    int order = strcmp(left->name, right->name);
    if (order)
        return order;
    if (left->group != right->group)
        return left->group ? 1 : -1;
    return (left->line > right->line) - (left->line < right->line);
}

static void report_twice(loader *ld)
{
    if (ld->nseen > 1)
        qsort(ld->seen, ld->nseen, sizeof *ld->seen, compare_seen);
    for (size_t i = 1; i < ld->nseen; i++)
        if (ld->seen[i].place == ld->seen[i - 1].place &&
            ld->seen[i].group == ld->seen[i - 1].group &&
            strcmp(ld->seen[i].name, ld->seen[i - 1].name) == 0)
            report(ld, HELDER_SEVERITY_ERROR, HELDER_CHECK_RULE_DUPLICATE_FACT, ld->seen[i].line,
                   "%s '%s' is already given on line %u", ld->seen[i].group ? "group" : "fact",
                   ld->seen[i].name, ld->seen[i - 1].line);
}

/* The text of a fact, trimmed and copied into the facts' arena. */
static void fact_text(loader *ld, const xmlNode *elem, const char **text, size_t *len)
{
    xmlChar *content = xmlNodeGetContent(elem);
    const char *start = content ? (const char *)content : "";
    size_t length = strlen(start);
    helder_trim(&start, &length);
    *text = helder_arena_strndup(&ld->facts->arena, start, length);
    *len = length;
    xmlFree(content);
}

static void lower_first(char *text)
{
    if (text[0] >= 'A' && text[0] <= 'Z')
        text[0] = (char)(text[0] - 'A' + 'a');
}

/* Parses the fact for one question and stores it in slots[question->slot]. */
static void bind_fact(loader *ld, const helder_node *question, const char *name, unsigned line,
                      const char *text, size_t len, helder_fact_value **slots)
{
    helder_facts *facts = ld->facts;
    helder_fact_value *value = helder_arena_calloc(&facts->arena, 1, sizeof *value);
    helder_parse_outcome outcome;
    value->name = name;
    value->line = line;
    if (len == 0) {
        report(ld, HELDER_SEVERITY_ERROR, HELDER_CHECK_RULE_BAD_FACT, line,
               "fact '%s' is empty; leave out a fact that is not known", name);
        return;
    }
    /* The answer form of the type and the facets that read only the answer itself; option
     * conditions, min/max and constraints read other answers and are checked with each
     * submission. */
    outcome = helder_answer_parse(&value->typed, facts->index, question, text, len, &facts->arena);
    if (outcome.msg == HELDER_MSG_NONE)
        outcome = helder_answer_length(question, &value->typed);
    if (outcome.msg == HELDER_MSG_NONE)
        outcome = helder_answer_pattern(question, &value->typed);
    if (outcome.msg != HELDER_MSG_NONE) {
        char count[32], bound[32];
        helder_msg_args args = {bound, bound, count, NULL, NULL};
        snprintf(count, sizeof count, "%ld", outcome.count);
        snprintf(bound, sizeof bound, "%ld", outcome.bound);
        char *why = (char *)helder_msg_format(&facts->arena, outcome.msg,
                                              helder_catalogue_lang("en"), &args);
        lower_first(why);
        report(ld, HELDER_SEVERITY_ERROR, HELDER_CHECK_RULE_BAD_FACT, line,
               "fact '%s' does not fit question '%s' (%s): %s", name, question->id,
               helder_qtype_name(question->u.question.qtype), why);
        return;
    }
    helder_fact_value *earlier = slots[question->slot];
    if (earlier) {
        if (!helder_typed_equal(&earlier->typed, &value->typed))
            report(ld, HELDER_SEVERITY_ERROR, HELDER_CHECK_RULE_DUPLICATE_FACT, line,
                   "fact '%s' and fact '%s' (line %u) give question '%s' different values", name,
                   earlier->name, earlier->line, question->id);
        return;
    }
    slots[question->slot] = value;
}

/* Binds a fact to every question of `scope` it names; reports a fact that names none. */
static void load_fact(loader *ld, const xmlNode *elem, const helder_node *scope, unsigned place,
                      helder_fact_value **slots)
{
    const helder_form_index *index = ld->facts->index;
    char *name = name_of(ld, elem);
    unsigned line = line_of(ld, elem);
    const char *text;
    size_t len, bound = 0;
    const helder_node *elsewhere = NULL;
    fact_text(ld, elem, &text, &len);
    remember(ld, name, place, false, line);
    /* A question's fact attribute comes first; its id only when no question has that key. */
    size_t first = helder_index_fact_find(index, name);
    bool by_fact = first < index->nfact_keys && index->fact_keys[first].by_fact;
    for (size_t i = first; i < index->nfact_keys && strcmp(index->fact_keys[i].key, name) == 0;
         i++) {
        const helder_fact_key *key = &index->fact_keys[i];
        if (key->by_fact != by_fact)
            continue;
        if (key->node->scope != scope) {
            elsewhere = key->node;
            continue;
        }
        bind_fact(ld, key->node, name, line, text, len, slots);
        bound++;
    }
    if (bound)
        return;
    if (elsewhere && elsewhere->scope)
        report(ld, HELDER_SEVERITY_WARNING, HELDER_CHECK_RULE_UNUSED_FACT, line,
               "fact '%s' is about question '%s' in repeat '%s': give it in <group name=\"%s\">",
               name, elsewhere->id, elsewhere->scope->id, elsewhere->scope->id);
    else if (elsewhere)
        report(ld, HELDER_SEVERITY_WARNING, HELDER_CHECK_RULE_UNUSED_FACT, line,
               "fact '%s' is about question '%s', which is not in group '%s'", name, elsewhere->id,
               scope ? scope->id : "");
    else
        report(ld, HELDER_SEVERITY_WARNING, HELDER_CHECK_RULE_UNUSED_FACT, line,
               "fact '%s' matches no question of form '%s'", name,
               index->form->id ? index->form->id : "");
}

static void load_group(loader *ld, const xmlNode *elem)
{
    helder_facts *facts = ld->facts;
    char *name = name_of(ld, elem);
    unsigned line = line_of(ld, elem);
    const helder_node *repeat = helder_index_lookup(facts->index, name, strlen(name));
    size_t count = 0, index = 0;
    remember(ld, name, 0, true, line);
    if (!repeat || repeat->type != HELDER_NODE_REPEAT) {
        report(ld, HELDER_SEVERITY_WARNING, HELDER_CHECK_RULE_UNUSED_FACT, line,
               "group '%s' matches no repeat of form '%s'", name,
               facts->index->form->id ? facts->index->form->id : "");
        return;
    }
    helder_fact_group *group = &facts->groups[repeat->slot];
    if (group->present)
        return; /* reported by report_twice */
    for (const xmlNode *item = elem->children; item; item = item->next)
        count += is_facts_element(item, "item");
    group->present = true;
    group->line = line;
    group->count = count;
    group->items = helder_arena_calloc(&facts->arena, count ? count : 1, sizeof *group->items);
    for (const xmlNode *item = elem->children; item; item = item->next) {
        if (!is_facts_element(item, "item"))
            continue;
        unsigned nslots = repeat->u.repeat.nslots;
        group->items[index] =
            helder_arena_calloc(&facts->arena, nslots ? nslots : 1, sizeof(helder_fact_value *));
        for (const xmlNode *fact = item->children; fact; fact = fact->next)
            if (is_facts_element(fact, "fact"))
                load_fact(ld, fact, repeat, ld->places, group->items[index]);
        ld->places++;
        index++;
    }
}

int helder_facts_read_memory(helder_facts **out, const helder_form_index *index, const char *buf,
                             size_t len, const char *name, const helder_facts_options *opts,
                             helder_diag_sink *sink)
{
    static const helder_facts_options defaults = HELDER_FACTS_OPTIONS_INIT;
    const helder_form *form = index->form;
    helder_xml_limits limits;
    loader ld;
    xmlDocPtr doc = NULL;
    int rc = HELDER_EINVALID;
    if (!opts)
        opts = &defaults;
    limits.max_bytes = opts->max_bytes;
    limits.max_depth = FACTS_DEPTH;
    *out = NULL;
    memset(&ld, 0, sizeof ld);
    ld.places = 1;
    ld.sink = sink;
    ld.facts = helder_xcalloc(1, sizeof *ld.facts);
    ld.facts->index = index;
    ld.facts->name = helder_xstrdup(name ? name : "-");
    if (len > opts->max_bytes) {
        helder_pos start = {1, 1};
        helder_diagf(sink, HELDER_RULE_INPUT_TOO_LARGE, ld.facts->name, start,
                     "the file has %zu bytes, more than the limit of %zu", len, opts->max_bytes);
        rc = HELDER_ETOOBIG;
        goto out;
    }
    doc = helder_xml_parse(buf, len, ld.facts->name, &limits, 1, sink);
    if (!doc)
        goto out;
    helder_lines_init(&ld.lines, buf, len);
    if (helder_schema_validate(doc, HELDER_SCHEMA_FACTS, ld.facts->name, &ld.lines, sink) !=
        HELDER_OK)
        goto out;
    ld.facts->top = helder_arena_calloc(&ld.facts->arena, form->nslots ? form->nslots : 1,
                                        sizeof *ld.facts->top);
    ld.facts->groups = helder_arena_calloc(&ld.facts->arena, form->nrepeats ? form->nrepeats : 1,
                                           sizeof *ld.facts->groups);
    for (const xmlNode *child = xmlDocGetRootElement(doc)->children; child; child = child->next) {
        if (is_facts_element(child, "fact"))
            load_fact(&ld, child, NULL, 0, ld.facts->top);
        else if (is_facts_element(child, "group"))
            load_group(&ld, child);
    }
    report_twice(&ld);
    /* A fact in error is left out; the others are good to use. */
    *out = ld.facts;
    ld.facts = NULL;
    rc = ld.errors ? HELDER_EINVALID : HELDER_OK;
out:
    if (doc)
        xmlFreeDoc(doc);
    if (ld.lines.starts)
        helder_lines_free(&ld.lines);
    free(ld.seen);
    helder_facts_free(ld.facts);
    return rc;
}

int helder_facts_read_file(helder_facts **out, const helder_form_index *index, const char *path,
                           const helder_facts_options *opts, helder_diag_sink *sink)
{
    static const helder_facts_options defaults = HELDER_FACTS_OPTIONS_INIT;
    char *buf;
    size_t len;
    int rc;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    rc = helder_read_file_reported(&buf, &len, path, opts->max_bytes, sink);
    if (rc != HELDER_OK)
        return rc;
    rc = helder_facts_read_memory(out, index, buf, len, path, opts, sink);
    free(buf);
    return rc;
}

void helder_facts_free(helder_facts *facts)
{
    if (!facts)
        return;
    helder_arena_free(&facts->arena);
    free(facts->name);
    free(facts);
}
