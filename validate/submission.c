/* Reading one submission as a stream of parser events (no tree): the structure of
 * templates/submission.rng checked by hand as it comes (libxml2's validator and tree cost more
 * than the whole check, bench/RESULTS.md), then answers stored in the plan's frames by slot and
 * repeat item. A rejected file is parsed again into a tree so that RELAX NG words the problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "model/buffer.h"
#include "model/schema.h"
#include "validate/check.h"

#define SUBMISSION_NS "urn:helder:submission:1"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define SUBMISSION_DEPTH 32 /* the language's nesting limit (docs/form-language.md, "Limits") */

const char *const helder_submission_attr_names[5] = {"form", "version", "xml:lang", "reference",
                                                     "received"};

enum { ATTR_FORM, ATTR_VERSION, ATTR_LANG, ATTR_REFERENCE, ATTR_RECEIVED };

/* ---- the value patterns of submission.rng ---- */

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

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* [a-z][a-z0-9_]{0,63} */
static bool id_valid(const char *text, size_t len)
{
    if (len < 1 || len > 64 || !is_lower(text[0]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_lower(text[i]) && !is_digit(text[i]) && text[i] != '_')
            return false;
    return true;
}

/* [A-Za-z0-9][A-Za-z0-9._\-]{0,63} */
static bool token_valid(const char *text, size_t len)
{
    if (len < 1 || len > 64 || (!is_letter(text[0]) && !is_digit(text[0])))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_letter(text[i]) && !is_digit(text[i]) && text[i] != '.' && text[i] != '_' &&
            text[i] != '-')
            return false;
    return true;
}

/* [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})* */
static bool lang_valid(const char *text, size_t len)
{
    size_t at = 0, run;
    while (at < len && is_letter(text[at]))
        at++;
    if (at < 1 || at > 8)
        return false;
    while (at < len && text[at] == '-') {
        at++;
        for (run = 0; at < len && (is_letter(text[at]) || is_digit(text[at])); run++)
            at++;
        if (run < 1 || run > 8)
            return false;
    }
    return at == len;
}

static bool leap(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Reads exactly n digits. */
static bool digits(const char **at, const char *end, int n, long *out)
{
    *out = 0;
    if (end - *at < n)
        return false;
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
static bool datetime_valid(const char *text, size_t len)
{
    const char *at = text, *end = text + len;
    long year = 0, month, day, hour, minute, second;
    size_t year_digits = 0;
    bool fraction_nonzero = false;
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (at < end && is_space(*at))
        at++;
    while (end > at && is_space(end[-1]))
        end--;
    bool negative = at < end && *at == '-';
    if (negative)
        at++;
    while (at + year_digits < end && is_digit(at[year_digits]))
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
    if (at >= end || *at++ != '-' || !digits(&at, end, 2, &month) || at >= end || *at++ != '-' ||
        !digits(&at, end, 2, &day) || at >= end || *at++ != 'T' || !digits(&at, end, 2, &hour) ||
        at >= end || *at++ != ':' || !digits(&at, end, 2, &minute) || at >= end || *at++ != ':' ||
        !digits(&at, end, 2, &second))
        return false;
    if (at < end && *at == '.') {
        at++;
        if (at >= end || !is_digit(*at))
            return false;
        while (at < end && is_digit(*at))
            fraction_nonzero |= *at++ != '0';
    }
    if (at < end && *at == 'Z') {
        at++;
    } else if (at < end && (*at == '+' || *at == '-')) {
        long zone_hour, zone_minute;
        at++;
        if (!digits(&at, end, 2, &zone_hour) || at >= end || *at++ != ':' ||
            !digits(&at, end, 2, &zone_minute))
            return false;
        if (zone_hour > 14 || zone_minute > 59 || (zone_hour == 14 && zone_minute != 0))
            return false;
    }
    if (at != end || month < 1 || month > 12 || day < 1)
        return false;
    if (day > month_days[month - 1] + (month == 2 && leap(year)))
        return false;
    if (minute > 59 || second > 59)
        return false;
    if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || fraction_nonzero)))
        return false;
    return true;
}

/* ---- the reader: events in, answers out ---- */

typedef enum { AT_TOP, AT_SUBMISSION, AT_ANSWER, AT_REPEAT, AT_ITEM, AT_DONE } place;

typedef struct {
    helder_check_result *result;
    place where;
    bool invalid;        /* the structure does not follow submission.rng */
    bool salvage;        /* opts->salvage: read on past structure errors and another version */
    bool mismatch;       /* another form or version */
    bool skip_answers;   /* ... and not salvaging: the structure is still checked */
    unsigned skip_depth; /* salvaging: inside an element that is not the schema's, this deep */
    size_t root_elem;

    /* the answer being read */
    place answer_parent;
    helder_answer *answer; /* where it goes, or NULL when it is not kept */
    helder_buf text;

    /* the repeat being read */
    const helder_node *repeat;
    helder_repeat_data *repeat_data; /* NULL when its items are not kept */
    size_t items;
    helder_item_extra *extras; /* growing while the repeat is read */
    size_t extras_cap;
    helder_item_extra *item; /* the current item, or NULL when not kept */
} reader;

static int structure_error(reader *rd)
{
    rd->invalid = true;
    return rd->salvage ? 0 : 1; /* stop: the tree parse will say what is wrong */
}

/* An element the schema does not allow here: the end of the parse, or when salvaging, an element
 * passed over with all it holds (but its text, inside an answer: the answer is read as a tree's
 * text content would be). */
static int unexpected_element(reader *rd)
{
    rd->invalid = true;
    if (!rd->salvage)
        return 1;
    rd->skip_depth = 1;
    return 0;
}

/* An element with exactly one attribute, a valid id in no namespace; its value in *id. */
static bool id_attribute(int nattrs, const char *const *attrs, const char **id, size_t *len)
{
    if (nattrs != 1 || attrs[2] != NULL || strcmp(attrs[0], "id") != 0)
        return false;
    *id = attrs[3];
    *len = (size_t)(attrs[4] - attrs[3]);
    return id_valid(*id, *len);
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

static int read_root(reader *rd, int nattrs, const char *const *attrs)
{
    helder_check_result *result = rd->result;
    bool seen[5] = {false};
    for (int i = 0; i < nattrs; i++) {
        const char *name = attrs[i * 5], *uri = attrs[i * 5 + 2];
        const char *value = attrs[i * 5 + 3];
        size_t len = (size_t)(attrs[i * 5 + 4] - value);
        int which = -1;
        if (uri) {
            if (strcmp(uri, XML_NS) == 0 && strcmp(name, "lang") == 0)
                which = ATTR_LANG;
        } else {
            for (int a = 0; a < 5; a++)
                if (a != ATTR_LANG && strcmp(name, helder_submission_attr_names[a]) == 0)
                    which = a;
        }
        if (which < 0 || seen[which]) {
            if (structure_error(rd))
                return 1;
            continue;
        }
        seen[which] = true;
        bool ok = which == ATTR_FORM       ? id_valid(value, len)
                  : which == ATTR_LANG     ? lang_valid(value, len)
                  : which == ATTR_RECEIVED ? datetime_valid(value, len)
                                           : token_valid(value, len);
        if (!ok) {
            if (structure_error(rd))
                return 1;
            continue;
        }
        result->attrs[which] = helder_arena_strndup(&result->arena, value, len);
    }
    if ((!seen[ATTR_FORM] || !seen[ATTR_VERSION] || !seen[ATTR_LANG]) && structure_error(rd))
        return 1;
    const helder_form *form = result->plan->form;
    const char *form_id = result->attrs[ATTR_FORM], *version = result->attrs[ATTR_VERSION];
    rd->mismatch = !form_id || !version || strcmp(form_id, form->id ? form->id : "") != 0 ||
                   strcmp(version, form->version ? form->version : "") != 0;
    rd->skip_answers = rd->mismatch && !rd->salvage;
    /* Findings made while reading are worded in the submission's language. */
    result->lang = pick_lang(form, result->attrs[ATTR_LANG]);
    result->catalogue_lang = helder_catalogue_lang(form->nlangs ? form->langs[result->lang] : "en");
    return 0;
}

/* Where an <answer id> goes: a question of `scope` not answered yet; else a finding, or nothing
 * when the answers around it are not kept. */
static void begin_answer(reader *rd, const char *id, size_t len, size_t elem)
{
    helder_check_result *result = rd->result;
    const helder_node *scope = rd->where == AT_ITEM ? rd->repeat : NULL;
    helder_answer *answers = scope ? (rd->item ? rd->item->answers : NULL) : result->answers;
    unsigned item = scope ? (unsigned)rd->items : 0;
    rd->answer = NULL;
    rd->answer_parent = rd->where;
    helder_buf_clear(&rd->text);
    if (rd->skip_answers || !answers)
        return;
    const helder_node *question = helder_index_lookup(&result->plan->index, id, len);
    const char *repeat_id = scope ? scope->id : NULL;
    /* Answers salvaged from another form or version are not checked: no findings about them. */
    bool report = !rd->mismatch;
    if (!question || question->type != HELDER_NODE_QUESTION) {
        if (report)
            helder_result_add_id(result, HELDER_MSG_UNKNOWN_QUESTION, id, len, repeat_id, item,
                                 helder_result_line(result, elem));
        return;
    }
    if (question->scope != scope) {
        if (report)
            helder_result_add_id(result, HELDER_MSG_MISPLACED_ANSWER, id, len, repeat_id, item,
                                 helder_result_line(result, elem));
        return;
    }
    helder_answer *answer = &answers[question->slot];
    if (answer->elem) {
        if (report)
            helder_result_add(result, HELDER_MSG_DUPLICATE_ANSWER, question, item,
                              helder_result_line(result, elem), NULL);
        return;
    }
    answer->elem = elem;
    rd->answer = answer;
}

static void end_answer(reader *rd)
{
    helder_answer *answer = rd->answer;
    const char *text = rd->text.data ? rd->text.data : "";
    size_t len = rd->text.len;
    rd->where = rd->answer_parent;
    if (!answer)
        return;
    helder_trim(&text, &len);
    if (len == 0)
        return; /* an empty answer is no answer */
    answer->text = helder_arena_strndup(&rd->result->arena, text, len);
    answer->len = len;
    answer->source = HELDER_SOURCE_ANSWER;
}

static void begin_repeat(reader *rd, const char *id, size_t len, size_t elem)
{
    helder_check_result *result = rd->result;
    const helder_node *repeat =
        rd->skip_answers ? NULL : helder_index_lookup(&result->plan->index, id, len);
    rd->repeat = NULL;
    rd->repeat_data = NULL;
    rd->items = 0;
    if (rd->skip_answers)
        return;
    if (!repeat || repeat->type != HELDER_NODE_REPEAT) {
        if (!rd->mismatch)
            helder_result_add_id(result, HELDER_MSG_UNKNOWN_REPEAT, id, len, NULL, 0,
                                 helder_result_line(result, elem));
        return;
    }
    helder_repeat_data *data = &result->repeats[repeat->slot];
    if (data->present) {
        if (!rd->mismatch)
            helder_result_add(result, HELDER_MSG_DUPLICATE_REPEAT, repeat, 0,
                              helder_result_line(result, elem), NULL);
        return;
    }
    data->present = true;
    data->elem = elem;
    rd->repeat = repeat;
    rd->repeat_data = data;
}

/* Items past the repeat's max are counted (too-many-items) but not kept: memory stays in
 * proportion to what the form allows, whatever the submission holds. */
static void begin_item(reader *rd, size_t elem)
{
    helder_check_result *result = rd->result;
    rd->items++;
    rd->item = NULL;
    if (!rd->repeat_data || rd->items > (size_t)rd->repeat->u.repeat.max)
        return;
    if (rd->items > rd->extras_cap) {
        rd->extras_cap = rd->extras_cap ? rd->extras_cap * 2 : 8;
        rd->extras = helder_xrealloc(rd->extras, rd->extras_cap * sizeof *rd->extras);
    }
    unsigned nslots = rd->repeat->u.repeat.nslots;
    helder_item_extra *extra = &rd->extras[rd->items - 1];
    memset(extra, 0, sizeof *extra);
    extra->answers =
        helder_arena_calloc(&result->arena, nslots ? nslots : 1, sizeof(helder_answer));
    extra->state = helder_arena_calloc(&result->arena, nslots ? nslots : 1, 1);
    extra->nslots = nslots;
    extra->elem = elem;
    rd->item = extra;
}

static void end_repeat(reader *rd)
{
    helder_repeat_data *data = rd->repeat_data;
    if (!data)
        return;
    size_t max = (size_t)rd->repeat->u.repeat.max;
    size_t kept = rd->items < max ? rd->items : max;
    unsigned nslots = rd->repeat->u.repeat.nslots;
    helder_arena *arena = &rd->result->arena;
    data->given = rd->items;
    data->count = kept;
    data->frames = helder_arena_calloc(arena, kept ? kept : 1, sizeof *data->frames);
    data->extras = helder_arena_alloc(arena, (kept ? kept : 1) * sizeof *data->extras);
    if (kept)
        memcpy(data->extras, rd->extras, kept * sizeof *data->extras);
    for (size_t i = 0; i < kept; i++) {
        helder_value *values = helder_arena_alloc(arena, (nslots ? nslots : 1) * sizeof *values);
        for (unsigned s = 0; s < nslots; s++)
            values[s].kind = HELDER_VALUE_ABSENT;
        data->frames[i].values = values;
    }
}

static int on_start(void *payload, const char *localname, const char *uri, int nattrs,
                    const char *const *attrs, size_t elem)
{
    reader *rd = payload;
    const char *id;
    size_t len;
    if (rd->skip_depth) {
        rd->skip_depth++;
        return 0;
    }
    if (!uri || strcmp(uri, SUBMISSION_NS) != 0)
        return unexpected_element(rd);
    switch (rd->where) {
    case AT_TOP:
        if (strcmp(localname, "submission") != 0)
            return unexpected_element(rd); /* salvaging too: there is nothing to read */
        rd->where = AT_SUBMISSION;
        rd->root_elem = elem;
        return read_root(rd, nattrs, attrs);
    case AT_SUBMISSION:
    case AT_ITEM:
        if (strcmp(localname, "answer") == 0) {
            if (!id_attribute(nattrs, attrs, &id, &len))
                return unexpected_element(rd);
            begin_answer(rd, id, len, elem);
            rd->where = AT_ANSWER;
            return 0;
        }
        if (rd->where == AT_SUBMISSION && strcmp(localname, "repeat") == 0) {
            if (!id_attribute(nattrs, attrs, &id, &len))
                return unexpected_element(rd);
            begin_repeat(rd, id, len, elem);
            rd->where = AT_REPEAT;
            return 0;
        }
        return unexpected_element(rd);
    case AT_REPEAT:
        if (strcmp(localname, "item") != 0)
            return unexpected_element(rd);
        if (nattrs != 0 && structure_error(rd))
            return 1;
        begin_item(rd, elem);
        rd->where = AT_ITEM;
        return 0;
    default:
        return unexpected_element(rd); /* markup inside an answer, or after the root */
    }
}

static int on_end(void *payload)
{
    reader *rd = payload;
    if (rd->skip_depth) {
        rd->skip_depth--;
        return 0;
    }
    switch (rd->where) {
    case AT_ANSWER:
        end_answer(rd);
        break;
    case AT_ITEM:
        rd->where = AT_REPEAT;
        break;
    case AT_REPEAT:
        end_repeat(rd);
        rd->where = AT_SUBMISSION;
        break;
    default:
        rd->where = AT_DONE;
        break;
    }
    return 0;
}

static int on_text(void *payload, const char *text, size_t len)
{
    reader *rd = payload;
    if (rd->skip_depth && rd->where != AT_ANSWER)
        return 0;
    if (rd->where != AT_ANSWER) {
        /* Element-only content: white space between elements, nothing else. */
        for (size_t i = 0; i < len; i++)
            if (!is_space(text[i]))
                return structure_error(rd);
        return 0;
    }
    if (!rd->answer)
        return 0;
    helder_buf_put(&rd->text, text, len);
    return 0;
}

/* ---- diagnostics from the parser and the schema ---- */

static void collect_diag(const helder_diag *diag, void *payload)
{
    helder_check_result *result = payload;
    helder_result_add_text(result, diag->severity, diag->rule, NULL, 0, diag->line, diag->col,
                           diag->message);
}

/* The file is not a well-formed submission: parse it again into a tree, for libxml2's own words
 * about the XML, then for the RELAX NG validator's about the structure. */
static void explain(helder_check_result *result, const char *buf, size_t len)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(collect_diag, result);
    helder_xml_limits limits = {result->opts->max_bytes, SUBMISSION_DEPTH};
    helder_result_reset(result);
    xmlDocPtr doc = helder_xml_parse(buf, len, result->name, &limits, 1, &sink);
    if (!doc) {
        if (result->counts[HELDER_SEVERITY_ERROR] == 0)
            helder_result_add_text(result, HELDER_SEVERITY_ERROR, "xml-malformed", NULL, 0, 1, 1,
                                   "the file is not XML");
        return;
    }
    helder_schema_validate(doc, HELDER_SCHEMA_SUBMISSION, result->name, helder_result_lines(result),
                           &sink);
    if (result->counts[HELDER_SEVERITY_ERROR] == 0) {
        /* The two must agree (tests/check_check.c); should they not, still say no. */
        helder_result_add_text(result, HELDER_SEVERITY_ERROR, "schema", NULL, 0, 1, 0,
                               "the document does not follow the submission schema");
    }
    xmlFreeDoc(doc);
}

void helder_result_alloc_items(helder_check_result *result, const helder_node *repeat,
                               helder_repeat_data *data, size_t count)
{
    unsigned nslots = repeat->u.repeat.nslots;
    data->count = count;
    data->frames = helder_arena_calloc(&result->arena, count ? count : 1, sizeof *data->frames);
    data->extras = helder_arena_calloc(&result->arena, count ? count : 1, sizeof *data->extras);
    for (size_t i = 0; i < count; i++) {
        helder_value *values =
            helder_arena_alloc(&result->arena, (nslots ? nslots : 1) * sizeof *values);
        for (unsigned s = 0; s < nslots; s++)
            values[s].kind = HELDER_VALUE_ABSENT;
        data->frames[i].values = values;
        data->extras[i].answers =
            helder_arena_calloc(&result->arena, nslots ? nslots : 1, sizeof(helder_answer));
        data->extras[i].state = helder_arena_calloc(&result->arena, nslots ? nslots : 1, 1);
        data->extras[i].nslots = nslots;
    }
}

int helder_submission_read(helder_check_result *result, const char *buf, size_t len)
{
    const helder_form *form = result->plan->form;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(collect_diag, result);
    helder_xml_limits limits = {result->opts->max_bytes, SUBMISSION_DEPTH};
    static const helder_xml_sax events = {on_start, on_end, on_text};
    reader rd;
    int rc;

    result->lang = 0;
    result->catalogue_lang = helder_catalogue_lang(form->nlangs ? form->langs[0] : "en");
    if (len > result->opts->max_bytes) {
        char message[128];
        snprintf(message, sizeof message, "the file has %zu bytes, more than the limit of %zu", len,
                 result->opts->max_bytes);
        helder_result_add_text(result, HELDER_SEVERITY_ERROR, "input-too-large", NULL, 0, 1, 1,
                               message);
        return HELDER_ETOOBIG;
    }
    result->source = buf;
    result->source_len = len;

    /* Frames first: answers go straight into them while the file is read. */
    size_t nslots = form->nslots ? form->nslots : 1;
    result->top.values = helder_arena_alloc(&result->arena, nslots * sizeof(helder_value));
    for (unsigned s = 0; s < form->nslots; s++)
        result->top.values[s].kind = HELDER_VALUE_ABSENT;
    result->answers =
        helder_arena_calloc(&result->arena, form->nslots ? form->nslots : 1, sizeof(helder_answer));
    result->node_state = helder_arena_calloc(&result->arena, form->nnodes ? form->nnodes : 1, 1);
    result->repeats = helder_arena_calloc(&result->arena, form->nrepeats ? form->nrepeats : 1,
                                          sizeof *result->repeats);
    result->top.repeats = helder_arena_calloc(&result->arena, form->nrepeats ? form->nrepeats : 1,
                                              sizeof(helder_items));

    memset(&rd, 0, sizeof rd);
    rd.result = result;
    rd.salvage = result->opts->salvage != 0;
    rc = helder_xml_sax_parse(buf, len, result->name, &limits, &events, &rd, &sink);
    helder_buf_free(&rd.text);
    free(rd.extras);
    if (rc != HELDER_OK || rd.invalid || rd.where != AT_DONE) {
        explain(result, buf, len);
        memset(result->attrs, 0, sizeof result->attrs);
        /* What was read before the parse stopped is not the submission's answers; what salvage
         * read from a well-formed <submission> is (validate/answers.c). */
        if (!(rd.salvage && rc == HELDER_OK && rd.where == AT_DONE)) {
            result->answers = NULL;
            result->repeats = NULL;
        }
        return HELDER_EINVALID;
    }

    if (rd.mismatch) {
        if (!rd.salvage) {
            result->answers = NULL; /* none were read */
            result->repeats = NULL;
        }
        bool form_differs = strcmp(result->attrs[ATTR_FORM], form->id ? form->id : "") != 0;
        helder_msg_args args = {NULL, NULL, NULL, form_differs ? form->id : form->version,
                                result->attrs[form_differs ? ATTR_FORM : ATTR_VERSION]};
        helder_result_add(result, form_differs ? HELDER_MSG_WRONG_FORM : HELDER_MSG_WRONG_VERSION,
                          NULL, 0, helder_result_line(result, rd.root_elem), &args);
        return HELDER_EINVALID;
    }
    result->readable = true;
    return HELDER_OK;
}
