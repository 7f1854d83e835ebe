/* Reading one submission: safe XML, the structure of templates/submission.rng, the form id and
 * version, then every answer into frames bound to the plan (top-level answers by slot, repeat
 * items as frames of their own). Ids are mapped to questions through the plan's hash table.
 *
 * The structure is checked by hand, because libxml2's RELAX NG validator costs several times the
 * parse itself (bench/RESULTS.md); it accepts exactly what submission.rng accepts (tested against
 * it in tests/check_check.c). When it finds a problem, the RELAX NG validator runs to word it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "model/schema.h"
#include "validate/check.h"

#define SUBMISSION_NS "urn:helder:submission:1"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define SUBMISSION_DEPTH 32 /* the language's nesting limit (docs/form-language.md, "Limits") */

const char *const helder_submission_attr_names[5] = {"form", "version", "xml:lang", "reference",
                                                     "received"};

enum { ATTR_FORM, ATTR_VERSION, ATTR_LANG, ATTR_REFERENCE, ATTR_RECEIVED };

/* ---- structure (the hand-written twin of submission.rng) ---- */

static bool in_ns(const xmlNode *node)
{
    return node->ns && node->ns->href && strcmp((const char *)node->ns->href, SUBMISSION_NS) == 0;
}

static bool is_element(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && in_ns(node) &&
           strcmp((const char *)node->name, name) == 0;
}

/* Comments, processing instructions and white space between elements: RELAX NG skips them. */
static bool is_ignorable(const xmlNode *node)
{
    if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE)
        return true;
    if (node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE)
        return false;
    for (const xmlChar *at = node->content; at && *at; at++)
        if (*at != ' ' && *at != '\t' && *at != '\n' && *at != '\r')
            return false;
    return true;
}

/* The value of an attribute without copying it when libxml2 holds it as one text node. */
static const char *attr_value(helder_check_result *result, const xmlAttr *attr)
{
    if (!attr->children)
        return "";
    if (!attr->children->next && attr->children->type == XML_TEXT_NODE)
        return attr->children->content ? (const char *)attr->children->content : "";
    xmlChar *joined = xmlNodeListGetString(attr->doc, attr->children, 1);
    const char *copy = helder_arena_strndup(&result->arena, joined ? (const char *)joined : "",
                                            joined ? strlen((const char *)joined) : 0);
    xmlFree(joined);
    return copy;
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
    return is_lower(c) || (c >= 'A' && c <= 'Z');
}

/* [a-z][a-z0-9_]{0,63} */
static bool id_valid(const char *text)
{
    size_t len = 0;
    if (!is_lower(text[0]))
        return false;
    for (; text[len]; len++)
        if (!is_lower(text[len]) && !is_digit(text[len]) && text[len] != '_')
            return false;
    return len <= 64;
}

/* [A-Za-z0-9][A-Za-z0-9._\-]{0,63} */
static bool token_valid(const char *text)
{
    size_t len = 0;
    if (!is_letter(text[0]) && !is_digit(text[0]))
        return false;
    for (; text[len]; len++)
        if (!is_letter(text[len]) && !is_digit(text[len]) && !strchr("._-", text[len]))
            return false;
    return len <= 64;
}

/* [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})* */
static bool lang_valid(const char *text)
{
    size_t at = 0, run = 0;
    while (is_letter(text[at]))
        at++;
    if (at < 1 || at > 8)
        return false;
    while (text[at] == '-') {
        at++;
        for (run = 0; is_letter(text[at]) || is_digit(text[at]); run++)
            at++;
        if (run < 1 || run > 8)
            return false;
    }
    return text[at] == '\0';
}

static bool leap(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Reads exactly n digits. */
static bool digits(const char **at, int n, long *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit((*at)[i]))
            return false;
        *out = *out * 10 + ((*at)[i] - '0');
    }
    *at += n;
    return true;
}

/* xsd:dateTime as libxml2 2.9 reads it: white space around it collapsed away, a year of four or
 * more digits (no leading zero past four, not 0000, an optional minus), a day that exists,
 * 24:00:00 allowed, seconds with any fraction, and a time zone Z or ±hh:mm up to 14:00. */
static bool datetime_valid(const char *text)
{
    const char *at = text;
    long year = 0, month, day, hour, minute, second;
    size_t year_digits = 0;
    bool fraction_nonzero = false;
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r')
        at++;
    bool negative = *at == '-';
    if (negative)
        at++;
    while (is_digit(at[year_digits]))
        year_digits++;
    if (year_digits < 4 || (year_digits > 4 && at[0] == '0') || year_digits > 9)
        return false;
    for (size_t i = 0; i < year_digits; i++)
        year = year * 10 + (at[i] - '0');
    at += year_digits;
    if (year == 0)
        return false;
    if (negative)
        year = -year;
    if (*at++ != '-' || !digits(&at, 2, &month) || *at++ != '-' || !digits(&at, 2, &day) ||
        *at++ != 'T' || !digits(&at, 2, &hour) || *at++ != ':' || !digits(&at, 2, &minute) ||
        *at++ != ':' || !digits(&at, 2, &second))
        return false;
    if (*at == '.') {
        at++;
        if (!is_digit(*at))
            return false;
        while (is_digit(*at))
            fraction_nonzero |= *at++ != '0';
    }
    if (*at == 'Z') {
        at++;
    } else if (*at == '+' || *at == '-') {
        long zone_hour, zone_minute;
        at++;
        if (!digits(&at, 2, &zone_hour) || *at++ != ':' || !digits(&at, 2, &zone_minute))
            return false;
        if (zone_hour > 14 || zone_minute > 59 || (zone_hour == 14 && zone_minute != 0))
            return false;
    }
    while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r')
        at++;
    if (*at != '\0' || month < 1 || month > 12 || day < 1)
        return false;
    if (day > month_days[month - 1] + (month == 2 && leap(year)))
        return false;
    if (minute > 59 || second > 59)
        return false;
    if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || fraction_nonzero)))
        return false;
    return true;
}

/* An element with exactly one attribute, id, valid, in no namespace. */
static bool id_attr_only(const xmlNode *elem)
{
    const xmlAttr *attr = elem->properties;
    if (!attr || attr->next || attr->ns || strcmp((const char *)attr->name, "id") != 0)
        return false;
    xmlChar *value = xmlNodeListGetString(elem->doc, attr->children, 1);
    bool ok = value && id_valid((const char *)value);
    xmlFree(value);
    return ok;
}

static bool answer_valid(const xmlNode *answer)
{
    if (!id_attr_only(answer))
        return false;
    for (const xmlNode *child = answer->children; child; child = child->next)
        if (child->type != XML_TEXT_NODE && child->type != XML_CDATA_SECTION_NODE &&
            child->type != XML_COMMENT_NODE && child->type != XML_PI_NODE)
            return false;
    return true;
}

static bool repeat_valid(const xmlNode *repeat)
{
    if (!id_attr_only(repeat))
        return false;
    for (const xmlNode *item = repeat->children; item; item = item->next) {
        if (is_ignorable(item))
            continue;
        if (!is_element(item, "item") || item->properties)
            return false;
        for (const xmlNode *answer = item->children; answer; answer = answer->next)
            if (!is_ignorable(answer) && !(is_element(answer, "answer") && answer_valid(answer)))
                return false;
    }
    return true;
}

static bool structure_valid(helder_check_result *result, const xmlNode *root)
{
    bool seen[5] = {false};
    if (!root || !is_element(root, "submission"))
        return false;
    for (const xmlAttr *attr = root->properties; attr; attr = attr->next) {
        const char *name = (const char *)attr->name;
        const char *value = attr_value(result, attr);
        int which = -1;
        if (attr->ns) {
            if (attr->ns->href && strcmp((const char *)attr->ns->href, XML_NS) == 0 &&
                strcmp(name, "lang") == 0)
                which = ATTR_LANG;
        } else {
            for (int i = 0; i < 5; i++)
                if (i != ATTR_LANG && strcmp(name, helder_submission_attr_names[i]) == 0)
                    which = i;
        }
        if (which < 0 || seen[which])
            return false;
        seen[which] = true;
        result->attrs[which] = value;
        switch (which) {
        case ATTR_FORM:
            if (!id_valid(value))
                return false;
            break;
        case ATTR_VERSION:
        case ATTR_REFERENCE:
            if (!token_valid(value))
                return false;
            break;
        case ATTR_LANG:
            if (!lang_valid(value))
                return false;
            break;
        default:
            if (!datetime_valid(value))
                return false;
            break;
        }
    }
    if (!seen[ATTR_FORM] || !seen[ATTR_VERSION] || !seen[ATTR_LANG])
        return false;
    for (const xmlNode *child = root->children; child; child = child->next) {
        if (is_ignorable(child))
            continue;
        if (is_element(child, "answer")) {
            if (!answer_valid(child))
                return false;
        } else if (is_element(child, "repeat")) {
            if (!repeat_valid(child))
                return false;
        } else {
            return false;
        }
    }
    return true;
}

/* ---- diagnostics from the parser and the schema ---- */

static void collect_diag(const helder_diag *diag, void *payload)
{
    helder_check_result *result = payload;
    helder_result_add_text(result, diag->severity, diag->rule, NULL, 0, diag->line, diag->col,
                           diag->message);
}

/* ---- answers ---- */

/* The text of an answer: one text node is borrowed as it is; text broken up by comments is
 * joined into the arena. Trimmed of XML white space. */
static void answer_text(helder_check_result *result, const xmlNode *elem, const char **text,
                        size_t *len)
{
    const xmlNode *child = elem->children;
    if (!child) {
        *text = "";
        *len = 0;
    } else if (!child->next && child->type == XML_TEXT_NODE) {
        *text = child->content ? (const char *)child->content : "";
        *len = strlen(*text);
    } else {
        size_t total = 0, used = 0;
        for (child = elem->children; child; child = child->next)
            if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
                child->content)
                total += strlen((const char *)child->content);
        char *joined = helder_arena_alloc(&result->arena, total + 1);
        for (child = elem->children; child; child = child->next) {
            if ((child->type != XML_TEXT_NODE && child->type != XML_CDATA_SECTION_NODE) ||
                !child->content)
                continue;
            size_t part = strlen((const char *)child->content);
            memcpy(joined + used, child->content, part);
            used += part;
        }
        joined[used] = '\0';
        *text = joined;
        *len = used;
    }
    helder_trim(text, len);
}

static const char *id_of(helder_check_result *result, const xmlNode *elem)
{
    return attr_value(result, elem->properties);
}

/* Stores one <answer> into answers (indexed by slot) when its id names a question of `scope`. */
static void read_answer(helder_check_result *result, const xmlNode *elem, const helder_node *scope,
                        helder_answer *answers, unsigned item)
{
    const char *id = id_of(result, elem);
    const helder_node *question = helder_plan_lookup(result->plan, id, strlen(id));
    const char *repeat_id = scope ? scope->id : NULL;
    if (!question || question->type != HELDER_NODE_QUESTION) {
        helder_result_add_id(result, HELDER_MSG_UNKNOWN_QUESTION, id, repeat_id, item,
                             helder_result_line(result, elem));
        return;
    }
    if (question->scope != scope) {
        helder_result_add_id(result, HELDER_MSG_MISPLACED_ANSWER, id, repeat_id, item,
                             helder_result_line(result, elem));
        return;
    }
    helder_answer *answer = &answers[question->slot];
    if (answer->elem) {
        helder_result_add(result, HELDER_MSG_DUPLICATE_ANSWER, question, item,
                          helder_result_line(result, elem), NULL);
        return;
    }
    answer->elem = elem;
    answer_text(result, elem, &answer->text, &answer->len);
    if (answer->len > 0)
        answer->source = HELDER_SOURCE_ANSWER;
}

static void init_values(helder_value *values, size_t count)
{
    for (size_t i = 0; i < count; i++)
        values[i].kind = HELDER_VALUE_ABSENT;
}

void helder_result_alloc_items(helder_check_result *result, const helder_node *repeat,
                               helder_repeat_data *data, size_t count)
{
    unsigned nslots = repeat->u.repeat.nslots;
    data->count = count;
    data->frames = helder_arena_calloc(&result->arena, count ? count : 1, sizeof *data->frames);
    data->extras = helder_arena_calloc(&result->arena, count ? count : 1, sizeof *data->extras);
    for (size_t i = 0; i < count; i++) {
        data->frames[i].values =
            helder_arena_calloc(&result->arena, nslots ? nslots : 1, sizeof(helder_value));
        init_values(data->frames[i].values, nslots);
        data->extras[i].answers =
            helder_arena_calloc(&result->arena, nslots ? nslots : 1, sizeof(helder_answer));
        data->extras[i].state = helder_arena_calloc(&result->arena, nslots ? nslots : 1, 1);
        data->extras[i].nslots = nslots;
    }
}

static void read_repeat(helder_check_result *result, const xmlNode *elem)
{
    const char *id = id_of(result, elem);
    const helder_node *repeat = helder_plan_lookup(result->plan, id, strlen(id));
    unsigned line = helder_result_line(result, elem); /* one per repeat: cheap */
    size_t count = 0, index = 0;
    if (!repeat || repeat->type != HELDER_NODE_REPEAT) {
        helder_result_add_id(result, HELDER_MSG_UNKNOWN_REPEAT, id, NULL, 0, line);
        return;
    }
    helder_repeat_data *data = &result->repeats[repeat->slot];
    if (data->present) {
        helder_result_add(result, HELDER_MSG_DUPLICATE_REPEAT, repeat, 0, line, NULL);
        return;
    }
    data->present = true;
    data->line = line;
    for (const xmlNode *item = elem->children; item; item = item->next)
        count += item->type == XML_ELEMENT_NODE;
    data->given = count;
    /* Items past the repeat's max are counted (too-many-items) but not read: memory stays in
     * proportion to what the form allows, whatever the submission holds. */
    if (count > (size_t)repeat->u.repeat.max)
        count = (size_t)repeat->u.repeat.max;
    helder_result_alloc_items(result, repeat, data, count);
    for (const xmlNode *item = elem->children; item && index < count; item = item->next) {
        if (item->type != XML_ELEMENT_NODE)
            continue;
        helder_item_extra *extra = &data->extras[index];
        extra->elem = item;
        for (const xmlNode *answer = item->children; answer; answer = answer->next)
            if (answer->type == XML_ELEMENT_NODE)
                read_answer(result, answer, repeat, extra->answers, (unsigned)index + 1);
        index++;
    }
}

/* The form language for texts: the submission's xml:lang when the form declares it (exactly, or
 * by its primary subtag: nl-BE reads nl), else the form's first language. */
static int pick_lang(const helder_form *form, const char *lang)
{
    size_t primary = lang ? strcspn(lang, "-") : 0;
    if (!lang)
        return 0;
    for (unsigned i = 0; i < form->nlangs; i++)
        if (strcasecmp(form->langs[i], lang) == 0)
            return (int)i;
    for (unsigned i = 0; i < form->nlangs; i++)
        if (strlen(form->langs[i]) == primary && strncasecmp(form->langs[i], lang, primary) == 0)
            return (int)i;
    return 0;
}

int helder_submission_read(helder_check_result *result, const char *buf, size_t len)
{
    const helder_check_plan *plan = result->plan;
    const helder_form *form = plan->form;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(collect_diag, result);
    helder_xml_limits limits = {result->opts->max_bytes, SUBMISSION_DEPTH};
    const xmlNode *root;
    xmlDocPtr doc;

    result->lang = 0;
    result->catalogue_lang = helder_catalogue_lang(form->nlangs ? form->langs[0] : "en");
    if (len > result->opts->max_bytes) {
        char message[128];
        snprintf(message, sizeof message, "the file has %zu bytes, more than the limit of %zu",
                 len, result->opts->max_bytes);
        helder_result_add_text(result, HELDER_SEVERITY_ERROR, "input-too-large", NULL, 0, 1, 1,
                               message);
        return HELDER_ETOOBIG;
    }
    doc = helder_xml_parse(buf, len, result->name, &limits, 1, &sink);
    if (!doc)
        return HELDER_EINVALID;
    result->doc = doc;
    result->source = buf;
    result->source_len = len;
    root = xmlDocGetRootElement(doc);
    if (!structure_valid(result, root)) {
        memset(result->attrs, 0, sizeof result->attrs);
        unsigned before = result->counts[HELDER_SEVERITY_ERROR];
        helder_schema_validate(doc, HELDER_SCHEMA_SUBMISSION, result->name, helder_result_lines(result),
                               &sink);
        if (result->counts[HELDER_SEVERITY_ERROR] == before)
            helder_result_add_text(result, HELDER_SEVERITY_ERROR, "schema", NULL, 0,
                                   helder_result_line(result, root), 0,
                                   "the document does not follow the submission schema");
        return HELDER_EINVALID;
    }

    result->lang = pick_lang(form, result->attrs[ATTR_LANG]);
    result->catalogue_lang =
        helder_catalogue_lang(form->nlangs ? form->langs[result->lang] : "en");
    if (strcmp(result->attrs[ATTR_FORM], form->id ? form->id : "") != 0) {
        helder_msg_args args = {NULL, NULL, NULL, form->id, result->attrs[ATTR_FORM]};
        helder_result_add(result, HELDER_MSG_WRONG_FORM, NULL, 0, helder_result_line(result, root),
                          &args);
        return HELDER_EINVALID;
    }
    if (strcmp(result->attrs[ATTR_VERSION], form->version ? form->version : "") != 0) {
        helder_msg_args args = {NULL, NULL, NULL, form->version, result->attrs[ATTR_VERSION]};
        helder_result_add(result, HELDER_MSG_WRONG_VERSION, NULL, 0,
                          helder_result_line(result, root), &args);
        return HELDER_EINVALID;
    }

    result->top.values =
        helder_arena_calloc(&result->arena, form->nslots ? form->nslots : 1, sizeof(helder_value));
    init_values(result->top.values, form->nslots);
    result->answers =
        helder_arena_calloc(&result->arena, form->nslots ? form->nslots : 1, sizeof(helder_answer));
    result->node_state = helder_arena_calloc(&result->arena, form->nnodes ? form->nnodes : 1, 1);
    result->repeats = helder_arena_calloc(&result->arena, form->nrepeats ? form->nrepeats : 1,
                                          sizeof *result->repeats);
    result->top.repeats = helder_arena_calloc(&result->arena, form->nrepeats ? form->nrepeats : 1,
                                              sizeof(helder_items));
    for (const xmlNode *child = root->children; child; child = child->next) {
        if (is_element(child, "answer"))
            read_answer(result, child, NULL, result->answers, 0);
        else if (is_element(child, "repeat"))
            read_repeat(result, child);
    }
    result->readable = true;
    return HELDER_OK;
}
