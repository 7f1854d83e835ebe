/* The render model: the XML document the HTML templates run over. Built from a form, its render
 * plan (numbers, texts in one language, routing in words) and optionally a submission (read by
 * check, render/filled.c) and check's errors. Each condition travels as JSON for the browser script
 * (docs/html.md); nothing here is HTML, so every designer or applicant text reaches the page only
 * through libxslt's escaping.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>

#include "model/buffer.h"
#include "render/countries.h"
#include "render/filled.h"
#include "render/messages.h"
#include "render/plan.h"
#include "render/rmodel.h"

#define SPARE_ITEMS 2 /* blank repeat items after the answered ones, for pages without script */

/* ---- the web form's own words ---- */

typedef struct {
    const char *lang;
    const char *text[HELDER_WEB__COUNT];
} web_catalogue;

static const web_catalogue web_catalogues[] = {
    {"en",
     {
         [HELDER_WEB_SUBMIT] = "Send application",
         [HELDER_WEB_ERROR_TITLE] = "There is a problem",
         [HELDER_WEB_ERROR_PREFIX] = "Error:",
         [HELDER_WEB_OPTIONAL] = "(optional)",
         [HELDER_WEB_ADD_ANOTHER] = "Add another",
         [HELDER_WEB_REMOVE] = "Remove",
         [HELDER_WEB_ITEM] = "{1} {2}",
         [HELDER_WEB_SELECT] = "Choose\u2026",
         [HELDER_WEB_DOCUMENTS_HINT] = "Send a copy of each of these documents with your "
                                       "application.",
         [HELDER_WEB_NOSCRIPT] = "Some questions are only for some applicants. Each says when "
                                 "to answer it; skip the ones that do not apply to you.",
         [HELDER_WEB_QUESTION] = "Question {1}",
         [HELDER_WEB_SKIP] = "Skip to the form",
         [HELDER_WEB_COUNTRY_HINT] = "Choose the country from the list.",
     }},
    {"nl",
     {
         [HELDER_WEB_SUBMIT] = "Aanvraag versturen",
         [HELDER_WEB_ERROR_TITLE] = "Er is een probleem",
         [HELDER_WEB_ERROR_PREFIX] = "Fout:",
         [HELDER_WEB_OPTIONAL] = "(niet verplicht)",
         [HELDER_WEB_ADD_ANOTHER] = "Nog een toevoegen",
         [HELDER_WEB_REMOVE] = "Verwijderen",
         [HELDER_WEB_ITEM] = "{1} {2}",
         [HELDER_WEB_SELECT] = "Kies\u2026",
         [HELDER_WEB_DOCUMENTS_HINT] = "Stuur van elk van deze documenten een kopie mee met uw "
                                       "aanvraag.",
         [HELDER_WEB_NOSCRIPT] = "Sommige vragen zijn alleen voor sommige aanvragers. Bij elke "
                                 "vraag staat wanneer u die invult; sla de vragen over die niet "
                                 "voor u gelden.",
         [HELDER_WEB_QUESTION] = "Vraag {1}",
         [HELDER_WEB_SKIP] = "Direct naar het formulier",
         [HELDER_WEB_COUNTRY_HINT] = "Kies het land uit de lijst.",
     }},
    {"ar",
     {
         [HELDER_WEB_SUBMIT] = "\u0625\u0631\u0633\u0627\u0644 \u0627\u0644\u0637\u0644\u0628",
         [HELDER_WEB_ERROR_TITLE] = "\u062a\u0648\u062c\u062f \u0645\u0634\u0643\u0644\u0629",
         [HELDER_WEB_ERROR_PREFIX] = "\u062e\u0637\u0623:",
         [HELDER_WEB_OPTIONAL] = "(\u0627\u062e\u062a\u064a\u0627\u0631\u064a)",
         [HELDER_WEB_ADD_ANOTHER] = "\u0625\u0636\u0627\u0641\u0629 \u0622\u062e\u0631",
         [HELDER_WEB_REMOVE] = "\u062d\u0630\u0641",
         [HELDER_WEB_ITEM] = "{1} {2}",
         [HELDER_WEB_SELECT] = "\u0627\u062e\u062a\u0631\u2026",
         [HELDER_WEB_DOCUMENTS_HINT] = "\u0623\u0631\u0633\u0644 \u0646\u0633\u062e\u0629 \u0645"
                                       "\u0646 \u0643\u0644 \u0648\u062b\u064a\u0642\u0629 \u0645"
                                       "\u0646 \u0647\u0630\u0647 \u0627\u0644\u0648\u062b\u0627"
                                       "\u0626\u0642 \u0645\u0639 \u0637\u0644\u0628\u0643.",
         [HELDER_WEB_NOSCRIPT] = "\u0628\u0639\u0636 \u0627\u0644\u0623\u0633\u0626\u0644\u0629 "
                                 "\u0644\u0628\u0639\u0636 \u0627\u0644\u0645\u062a\u0642\u062f"
                                 "\u0645\u064a\u0646 \u0641\u0642\u0637. \u0643\u0644 \u0633\u0624"
                                 "\u0627\u0644 \u064a\u0630\u0643\u0631 \u0645\u062a\u0649 \u062a"
                                 "\u062c\u064a\u0628 \u0639\u0644\u064a\u0647\u061b \u062a\u062e"
                                 "\u0637\u0651\u064e \u0627\u0644\u0623\u0633\u0626\u0644\u0629 "
                                 "\u0627\u0644\u062a\u064a \u0644\u0627 \u062a\u0646\u0637\u0628"
                                 "\u0642 \u0639\u0644\u064a\u0643.",
         [HELDER_WEB_QUESTION] = "\u0627\u0644\u0633\u0624\u0627\u0644 {1}",
         [HELDER_WEB_SKIP] = "\u0627\u0646\u062a\u0642\u0644 \u0625\u0644\u0649 \u0627\u0644"
                             "\u0646\u0645\u0648\u0630\u062c",
         [HELDER_WEB_COUNTRY_HINT] = "\u0627\u062e\u062a\u0631 \u0627\u0644\u0628\u0644\u062f "
                                     "\u0645\u0646 \u0627\u0644\u0642\u0627\u0626\u0645\u0629.",
     }},
};

const char *helder_web_msg_in(const char *lang, helder_web_msg_id id, const char **used)
{
    for (size_t i = 0; lang && i < sizeof web_catalogues / sizeof web_catalogues[0]; i++) {
        size_t len = strlen(web_catalogues[i].lang);
        if (strncmp(lang, web_catalogues[i].lang, len) == 0 &&
            (lang[len] == '\0' || lang[len] == '-') && web_catalogues[i].text[id]) {
            if (used)
                *used = web_catalogues[i].lang;
            return web_catalogues[i].text[id];
        }
    }
    if (used)
        *used = web_catalogues[0].lang;
    return web_catalogues[0].text[id];
}

const char *helder_web_msg(const char *lang, helder_web_msg_id id)
{
    return helder_web_msg_in(lang, id, NULL);
}

int helder_rmodel_lang_index(const helder_form *form, const char *lang)
{
    if (!lang)
        return form->nlangs > 0 ? 0 : -1;
    for (unsigned i = 0; i < form->nlangs; i++)
        if (strcmp(form->langs[i], lang) == 0)
            return (int)i;
    return -1;
}

/* ---- expressions as JSON ---- */

/* A JSON string; '<', '>', '&' and the line separators as \u escapes (see the header). */
static void buf_json_string(helder_buf *buf, const char *text, size_t len)
{
    char esc[8];
    helder_buf_put(buf, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            helder_buf_put(buf, esc, 2);
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            helder_buf_put(buf, esc, 6);
        } else if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
                   ((unsigned char)text[i + 2] == 0xA8 || (unsigned char)text[i + 2] == 0xA9)) {
            snprintf(esc, sizeof esc, "\\u%04x", 0x2000 + (unsigned char)text[i + 2]);
            helder_buf_put(buf, esc, 6);
            i += 2;
        } else {
            helder_buf_put(buf, (const char *)&text[i], 1);
        }
    }
    helder_buf_put(buf, "\"", 1);
}

static const char *const op_names[] = {
    [HELDER_OP_NUMBER] = "num",    [HELDER_OP_STRING] = "str", [HELDER_OP_REF] = "ref",
    [HELDER_OP_FILTER] = "filter", [HELDER_OP_PATH] = "path",  [HELDER_OP_OR] = "or",
    [HELDER_OP_AND] = "and",       [HELDER_OP_EQ] = "eq",      [HELDER_OP_NE] = "ne",
    [HELDER_OP_LT] = "lt",         [HELDER_OP_LE] = "le",      [HELDER_OP_GT] = "gt",
    [HELDER_OP_GE] = "ge",         [HELDER_OP_ADD] = "add",    [HELDER_OP_SUB] = "sub",
    [HELDER_OP_MUL] = "mul",       [HELDER_OP_DIV] = "div",    [HELDER_OP_MOD] = "mod",
    [HELDER_OP_NEG] = "neg",       [HELDER_OP_CALL] = "call",
};

static void expr_json(helder_buf *buf, const helder_expr *expr)
{
    char number[40];
    helder_buf_put(buf, "[\"", 2);
    helder_buf_puts(buf, op_names[expr->op]);
    helder_buf_put(buf, "\"", 1);
    switch (expr->op) {
    case HELDER_OP_NUMBER:
        if (isnan(expr->u.number))
            snprintf(number, sizeof number, ",\"nan\"");
        else if (isinf(expr->u.number))
            snprintf(number, sizeof number, expr->u.number > 0 ? ",\"inf\"" : ",\"-inf\"");
        else
            snprintf(number, sizeof number, ",%.17g", expr->u.number);
        helder_buf_puts(buf, number);
        break;
    case HELDER_OP_STRING:
        helder_buf_put(buf, ",", 1);
        buf_json_string(buf, expr->u.string.text, expr->u.string.len);
        break;
    case HELDER_OP_REF: {
        const char *id = expr->u.ref.target && expr->u.ref.target->id ? expr->u.ref.target->id
                                                                      : expr->u.ref.name;
        helder_buf_put(buf, ",", 1);
        buf_json_string(buf, id, strlen(id));
        break;
    }
    case HELDER_OP_PATH: {
        const char *id = expr->u.ref.target && expr->u.ref.target->id ? expr->u.ref.target->id
                                                                      : expr->u.ref.name;
        helder_buf_put(buf, ",", 1);
        expr_json(buf, expr->args[0]);
        helder_buf_put(buf, ",", 1);
        buf_json_string(buf, id, strlen(id));
        helder_buf_put(buf, "]", 1);
        return;
    }
    case HELDER_OP_CALL: {
        const char *fn = helder_fn_name(expr->u.call.fn);
        helder_buf_put(buf, ",", 1);
        buf_json_string(buf, fn, strlen(fn));
        /* a pattern PCRE2 refused: unknown in both evaluators */
        if (expr->u.call.fn == HELDER_FN_MATCHES && !expr->u.call.pattern)
            helder_buf_puts(buf, ",[\"bad\"]");
        break;
    }
    default:
        break;
    }
    for (unsigned i = 0; i < expr->nargs; i++) {
        helder_buf_put(buf, ",", 1);
        expr_json(buf, expr->args[i]);
    }
    helder_buf_put(buf, "]", 1);
}

char *helder_expr_json(const helder_expr *expr)
{
    helder_buf buf = {NULL, 0, 0};
    expr_json(&buf, expr);
    return buf.data;
}

typedef struct {
    const helder_form *form;
    const helder_html_options *opts;
    const helder_rmodel_assets *assets;
    helder_plan *plan;
    const char *lang;
    xmlDocPtr doc;
    helder_filled *answers;           /* the submission to fill in (check's reading), or NULL */
    const helder_country **countries; /* sorted by name in lang, built on first use */
    size_t ncountries;
} builder;

/* ---- building ---- */

static xmlNodePtr add(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr elem = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (text)
        xmlNodeAddContent(elem, (const xmlChar *)text);
    return elem;
}

/* Each attribute is set once, so no search for an existing one (xmlSetProp's) is needed. */
static void set(xmlNodePtr elem, const char *name, const char *value)
{
    if (value)
        xmlNewProp(elem, (const xmlChar *)name, (const xmlChar *)value);
}

static void set_uint(xmlNodePtr elem, const char *name, unsigned long value)
{
    char text[24];
    snprintf(text, sizeof text, "%lu", value);
    set(elem, name, text);
}

/* A condition as data for the script, under the attribute name the page uses. */
static void set_when(xmlNodePtr elem, const helder_attr_expr *when)
{
    if (when->src && when->expr) {
        char *json = helder_expr_json(when->expr);
        set(elem, "data-when", json);
        free(json);
    }
}

/* Where a field lives: the names a POST carries and the ids the page uses. item 0 is top level;
 * item UINT_MAX is the template the script copies ("__N__"). */
#define TEMPLATE_ITEM ((unsigned)-1)

static void field_names(char *name, char *id, size_t size, const helder_node *node, unsigned item)
{
    char index[16];
    if (!node->scope) {
        snprintf(name, size, "%s", node->id);
        snprintf(id, size, "f-%s", node->id);
        return;
    }
    if (item == TEMPLATE_ITEM)
        snprintf(index, sizeof index, "__N__");
    else
        snprintf(index, sizeof index, "%u", item);
    snprintf(name, size, "%s.%s.%s", node->scope->id, index, node->id);
    snprintf(id, size, "f-%s-%s-%s", node->scope->id, index, node->id);
}

static const char *find_error(const builder *b, const helder_node *node, unsigned item)
{
    for (size_t i = 0; i < b->opts->nerrors; i++) {
        const helder_html_error *error = &b->opts->errors[i];
        if (error->id && node->id && strcmp(error->id, node->id) == 0 &&
            (item == TEMPLATE_ITEM ? 0 : item) == error->item)
            return error->message;
    }
    return NULL;
}

/* The input an answer type gets: control, HTML type, inputmode, default autocomplete token. */
typedef struct {
    const char *control, *input_type, *inputmode, *autocomplete;
    int code; /* identifiers and codes: no spell checking, no auto-capitalisation changes */
} input_kind;

static input_kind kind_of(helder_qtype qtype, unsigned noptions)
{
    switch (qtype) {
    case HELDER_Q_LONGTEXT:
        return (input_kind){"textarea", NULL, NULL, NULL, 0};
    case HELDER_Q_INTEGER:
        return (input_kind){"input", "text", "numeric", NULL, 1};
    case HELDER_Q_DECIMAL:
        return (input_kind){"input", "text", "decimal", NULL, 1};
    case HELDER_Q_DATE:
        return (input_kind){"input", "date", NULL, NULL, 0};
    case HELDER_Q_YESNO:
        return (input_kind){"radios", NULL, NULL, NULL, 0};
    case HELDER_Q_CHOICE:
        return (input_kind){noptions > 12 ? "select" : "radios", NULL, NULL, NULL, 0};
    case HELDER_Q_MULTICHOICE:
        return (input_kind){"checkboxes", NULL, NULL, NULL, 0};
    case HELDER_Q_EMAIL:
        return (input_kind){"input", "email", "email", "email", 1};
    case HELDER_Q_PHONE:
        return (input_kind){"input", "tel", "tel", "tel", 1};
    case HELDER_Q_COUNTRY:
        return (input_kind){"country", NULL, NULL, NULL, 0};
    case HELDER_Q_BSN:
        return (input_kind){"input", "text", "numeric", NULL, 1};
    case HELDER_Q_IBAN:
        return (input_kind){"input", "text", "text", NULL, 1};
    case HELDER_Q_POSTCODE:
        return (input_kind){"input", "text", "text", "postal-code", 1};
    case HELDER_Q_FILE:
        return (input_kind){"input", "file", NULL, NULL, 0};
    default:
        return (input_kind){"input", "text", NULL, NULL, 0};
    }
}

static int contains_word(const char *list, const char *word)
{
    size_t len = strlen(word);
    for (const char *at = strstr(list, word); at; at = strstr(at + 1, word))
        if ((at == list || at[-1] == ' ') && (at[len] == '\0' || at[len] == ' '))
            return 1;
    return 0;
}

static _Thread_local const char *sort_lang;

static int compare_country_names(const void *a, const void *b)
{
    return strcmp(helder_country_name(*(const helder_country *const *)a, sort_lang),
                  helder_country_name(*(const helder_country *const *)b, sort_lang));
}

/* The choices of a country question, by name in the page's language. */
static void add_countries(builder *b, xmlNodePtr elem, const char *answer)
{
    if (!b->countries) {
        const helder_country *table;
        b->ncountries = helder_countries(&table);
        b->countries = helder_xcalloc(b->ncountries, sizeof *b->countries);
        for (size_t i = 0; i < b->ncountries; i++)
            b->countries[i] = &table[i];
        sort_lang = b->lang;
        qsort(b->countries, b->ncountries, sizeof *b->countries, compare_country_names);
    }
    for (size_t i = 0; i < b->ncountries; i++) {
        xmlNodePtr country = add(elem, "country", helder_country_name(b->countries[i], b->lang));
        set(country, "code", b->countries[i]->code);
        if (answer && strcmp(answer, b->countries[i]->code) == 0)
            set(country, "selected", "1");
    }
}

/* A question. Besides what it is (number, type, texts), the model carries the attributes of its
 * HTML elements ready made, so the templates copy them with one copy-of: <box> for the container,
 * <control> for the input, select or textarea, <group> for a fieldset of choices, and <input> in
 * each option. Which attributes a field gets (types, inputmode, autocomplete, ARIA) is decided
 * here, once; the templates decide the markup around them. */
static void add_question(builder *b, xmlNodePtr parent, const helder_node *question, unsigned item,
                         const helder_filled *answers)
{
    const helder_plan_item *info = helder_plan_item_of(b->plan, question);
    char name[256], id[256], box_id[300], described[1024] = "";
    input_kind kind = kind_of(question->u.question.qtype, question->u.question.noptions);
    const char *answer = answers ? helder_filled_answer(answers, question, item) : NULL;
    /* options are matched as check reads the answer: "nl" is the country NL, "nl<TAB>en" two
     * choices; the text fields show it as given */
    const char *chosen = answers ? helder_filled_choice(answers, question, item) : NULL;
    helder_qtype qtype = question->u.question.qtype;
    int group = strcmp(kind.control, "radios") == 0 || strcmp(kind.control, "checkboxes") == 0;
    int required =
        question->u.question.required.src && strcmp(question->u.question.required.src, "true") == 0;
    const char *autocomplete =
        question->u.question.autocomplete ? question->u.question.autocomplete : kind.autocomplete;
    const char *error = find_error(b, question, item);
    xmlNodePtr elem = add(parent, "question", NULL);

    field_names(name, id, sizeof name, question, item);
    set(elem, "id", question->id);
    set(elem, "name", name);
    set(elem, "field", id);
    set_uint(elem, "num", info->number);
    set(elem, "type", helder_qtype_name(qtype));
    if (question->u.question.hidden) {
        /* answered by the facts and not shown (simplify): no field, nothing posted; the value
         * stays in the page for conditions that read it */
        xmlNodePtr box = add(elem, "box", NULL);
        set(elem, "control", "hidden");
        snprintf(box_id, sizeof box_id, "q-%s", id);
        set(box, "id", box_id);
        set(box, "data-q", question->id);
        set(box, "data-type", helder_qtype_name(qtype));
        set(box, "data-prefill", question->u.question.prefill ? question->u.question.prefill : "");
        set(box, "hidden", "hidden");
        return;
    }
    set(elem, "control", kind.control);
    if (required)
        set(elem, "required", "1");
    if (!answer && question->u.question.prefill)
        answer = chosen = question->u.question.prefill;

    /* the ids aria-describedby lists: hint, routing, error, in reading order */
    {
        size_t used = 0;
        if (info->hint)
            used += (size_t)snprintf(described + used, sizeof described - used, "%s-hint", id);
        if (info->only_if && used < sizeof described)
            used += (size_t)snprintf(described + used, sizeof described - used, "%s%s-only-if",
                                     used ? " " : "", id);
        if (error && used < sizeof described)
            snprintf(described + used, sizeof described - used, "%s%s-error", used ? " " : "", id);
    }

    xmlNodePtr box = add(elem, "box", NULL);
    snprintf(box_id, sizeof box_id, "q-%s", id);
    set(box, "class", error ? "question has-error" : "question");
    set(box, "id", box_id);
    set(box, "data-q", question->id);
    set(box, "data-type", helder_qtype_name(qtype));
    set_when(box, &question->when);
    if (!required && question->u.question.required.src &&
        strcmp(question->u.question.required.src, "false") != 0 &&
        question->u.question.required.expr) {
        char *json = helder_expr_json(question->u.question.required.expr);
        set(box, "data-required-when", json);
        free(json);
    }

    add(elem, "label", info->label ? info->label : question->id);
    if (info->hint)
        add(elem, "hint", info->hint);
    if (info->only_if)
        add(elem, "only-if", info->only_if);
    if (error)
        add(elem, "error", error);

    if (group) {
        xmlNodePtr fieldset = add(elem, "group", NULL);
        set(fieldset, "class", "choices-group");
        if (described[0])
            set(fieldset, "aria-describedby", described);
    } else {
        static const char *const classes[] = {"input",
                                              "input input-date",
                                              "input input-code",
                                              "input input-code input-short",
                                              "textarea",
                                              "select"};
        xmlNodePtr control = add(elem, "control", NULL);
        int short_input = qtype == HELDER_Q_INTEGER || qtype == HELDER_Q_DECIMAL ||
                          qtype == HELDER_Q_BSN || qtype == HELDER_Q_POSTCODE;
        const char *cls = kind.control[0] == 't'                             ? classes[4]
                          : kind.control[0] == 's' || kind.control[0] == 'c' ? classes[5]
                          : qtype == HELDER_Q_DATE                           ? classes[1]
                          : short_input                                      ? classes[3]
                          : kind.code                                        ? classes[2]
                                                                             : classes[0];
        set(control, "class", cls);
        if (kind.input_type)
            set(control, "type", kind.input_type);
        set(control, "id", id);
        set(control, "name", name);
        set(control, "autocomplete", autocomplete);
        set(control, "inputmode", kind.inputmode);
        if (kind.code) {
            set(control, "spellcheck", "false");
            set(control, "autocapitalize", "off");
        }
        if (question->u.question.maxlength >= 0 && kind.control[0] != 's' && kind.control[1] != 'o')
            set_uint(control, "maxlength", (unsigned long)question->u.question.maxlength);
        if (required)
            set(control, "required", "required");
        if (question->u.question.readonly)
            set(control, "readonly", "readonly");
        if (error)
            set(control, "aria-invalid", "true");
        if (described[0])
            set(control, "aria-describedby", described);
        if (kind.control[0] == 'i' && answer)
            set(control, "value", answer);
        if (kind.control[0] == 't' && answer)
            add(elem, "value", answer);
    }

    if (qtype == HELDER_Q_YESNO || qtype == HELDER_Q_CHOICE || qtype == HELDER_Q_MULTICHOICE) {
        for (unsigned i = 0; i < info->nchoices; i++) {
            const helder_plan_choice *choice = &info->choices[i];
            xmlNodePtr option = add(elem, "option", NULL);
            char option_id[300], option_describedby[320];
            int checked =
                chosen && (qtype == HELDER_Q_MULTICHOICE ? contains_word(chosen, choice->value)
                                                         : strcmp(chosen, choice->value) == 0);
            const helder_plan_item *option_info =
                choice->option ? helder_plan_item_of(b->plan, choice->option) : NULL;
            snprintf(option_id, sizeof option_id, "%s-%u", id, i + 1);
            set(option, "value", choice->value);
            set(option, "field", option_id);
            if (checked)
                set(option, "checked", "1");
            if (choice->option)
                set_when(option, &choice->option->when);
            if (group) {
                xmlNodePtr input = add(option, "input", NULL);
                set(input, "class", "choice-input");
                set(input, "id", option_id);
                set(input, "name", name);
                set(input, "value", choice->value);
                set(input, "type", qtype == HELDER_Q_MULTICHOICE ? "checkbox" : "radio");
                if (checked)
                    set(input, "checked", "checked");
                if (required && qtype != HELDER_Q_MULTICHOICE)
                    set(input, "required", "required");
                if (option_info && option_info->only_if) {
                    snprintf(option_describedby, sizeof option_describedby, "%s-only-if",
                             option_id);
                    set(input, "aria-describedby", option_describedby);
                }
            }
            if (option_info && option_info->only_if)
                add(option, "only-if", option_info->only_if);
            add(option, "label", choice->label);
        }
    } else if (qtype == HELDER_Q_COUNTRY) {
        add_countries(b, elem, chosen);
    }
    if (group) {
        /* a group: errors and the summary link to its first input */
        char first[300];
        snprintf(first, sizeof first, "%s-1", id);
        set(elem, "anchor", first);
    } else {
        set(elem, "anchor", id);
    }
}

static void add_note(builder *b, xmlNodePtr parent, const helder_node *note)
{
    const helder_plan_item *info = helder_plan_item_of(b->plan, note);
    xmlNodePtr elem = add(parent, "note", NULL);
    set(elem, "id", note->id);
    set_when(elem, &note->when);
    add(elem, "text", info->text ? info->text : "");
    if (info->only_if)
        add(elem, "only-if", info->only_if);
}

static void add_item_children(builder *b, xmlNodePtr parent, const helder_node *container,
                              unsigned item, const helder_filled *answers)
{
    for (const helder_node *child = container->first_child; child; child = child->next) {
        if (child->type == HELDER_NODE_QUESTION)
            add_question(b, parent, child, item, answers);
        else if (child->type == HELDER_NODE_NOTE)
            add_note(b, parent, child);
    }
}

static void add_repeat(builder *b, xmlNodePtr parent, const helder_node *repeat)
{
    const helder_plan_item *info = helder_plan_item_of(b->plan, repeat);
    xmlNodePtr elem = add(parent, "repeat", NULL);
    /* the items check holds: the submission's (at most max), or a simplified form's */
    unsigned answered = b->answers ? (unsigned)helder_filled_items(b->answers, repeat) : 0;
    unsigned nitems = answered;
    long min = repeat->u.repeat.min, max = repeat->u.repeat.max;
    char field[256];
    const char *title = info->title ? info->title : repeat->id;

    /* The items answered, at least the minimum, and at least one to fill in. Without JavaScript
     * nobody can add an item, so SPARE_ITEMS blank ones follow (the script removes them, the POST
     * converter drops the ones left empty); sending the form gives a page with more. */
    if (min > 0 && nitems < (unsigned long)min)
        nitems = (unsigned)min;
    if (nitems == 0)
        nitems = 1;
    if (max >= 0 && nitems > (unsigned long)max)
        nitems = (unsigned)max;
    unsigned total = nitems + SPARE_ITEMS;
    if (max >= 0 && total > (unsigned long)max)
        total = (unsigned)max;

    snprintf(field, sizeof field, "f-%s", repeat->id);
    set(elem, "id", repeat->id);
    set(elem, "field", field);
    set(elem, "anchor", field);
    set_uint(elem, "min", (unsigned long)(min < 0 ? 0 : min));
    set_uint(elem, "max", (unsigned long)(max < 0 ? 0 : max));
    set_when(elem, &repeat->when);
    add(elem, "title", title);
    if (info->hint)
        add(elem, "hint", info->hint);
    if (info->only_if)
        add(elem, "only-if", info->only_if);
    const char *error = find_error(b, repeat, 0);
    if (error)
        add(elem, "error", error);
    for (unsigned i = 0; i < total; i++) {
        xmlNodePtr item = add(elem, "item", NULL);
        if (i >= nitems)
            set(item, "spare", "1");
        char number[16], *caption;
        snprintf(number, sizeof number, "%u", i + 1);
        const char *args[2] = {title, number};
        caption = helder_msg_fill(helder_web_msg(b->lang, HELDER_WEB_ITEM), 2, args);
        set_uint(item, "n", i + 1);
        set(item, "caption", caption);
        free(caption);
        add_item_children(b, item, repeat, i + 1, i < answered ? b->answers : NULL);
    }
    xmlNodePtr tmpl = add(elem, "template", NULL);
    const char *args[2] = {title, "__N__"};
    char *caption = helder_msg_fill(helder_web_msg(b->lang, HELDER_WEB_ITEM), 2, args);
    set(tmpl, "n", "__N__");
    set(tmpl, "caption", caption);
    free(caption);
    add_item_children(b, tmpl, repeat, TEMPLATE_ITEM, NULL);
}

static void add_section(builder *b, xmlNodePtr parent, const helder_node *section)
{
    const helder_plan_item *info = helder_plan_item_of(b->plan, section);
    xmlNodePtr elem = add(parent, "section", NULL);
    set(elem, "id", section->id);
    set_uint(elem, "part", info->part);
    set_when(elem, &section->when);
    add(elem, "title", info->title ? info->title : section->id);
    if (info->hint)
        add(elem, "hint", info->hint);
    if (info->only_if)
        add(elem, "only-if", info->only_if);
    for (const helder_node *child = section->first_child; child; child = child->next) {
        if (child->type == HELDER_NODE_QUESTION)
            add_question(b, elem, child, 0, b->answers);
        else if (child->type == HELDER_NODE_NOTE)
            add_note(b, elem, child);
        else if (child->type == HELDER_NODE_REPEAT)
            add_repeat(b, elem, child);
    }
}

static void add_documents(builder *b, xmlNodePtr parent, const helder_node *documents)
{
    const helder_plan_item *info = helder_plan_item_of(b->plan, documents);
    xmlNodePtr elem = add(parent, "documents", NULL);
    add(elem, "title", info->title ? info->title : "");
    add(elem, "hint", helder_web_msg(b->lang, HELDER_WEB_DOCUMENTS_HINT));
    for (const helder_node *child = documents->first_child; child; child = child->next) {
        if (child->type != HELDER_NODE_DOCUMENT)
            continue;
        const helder_plan_item *doc_info = helder_plan_item_of(b->plan, child);
        xmlNodePtr doc = add(elem, "document", NULL);
        set(doc, "id", child->id);
        set_when(doc, &child->when);
        add(doc, "label", doc_info->label ? doc_info->label : child->id);
        if (doc_info->hint)
            add(doc, "hint", doc_info->hint);
        if (doc_info->only_if)
            add(doc, "only-if", doc_info->only_if);
    }
}

/* Computed values, in dependency order, for the script: [[id, repeat id or null, expr], …]. */
static char *computed_json(const helder_form *form)
{
    helder_buf buf = {NULL, 0, 0};
    helder_buf_put(&buf, "[", 1);
    for (size_t i = 0; i < form->ncomputed; i++) {
        const helder_node *computed = form->computed_order[i];
        if (!computed->u.computed.value.expr)
            continue;
        if (buf.len > 1)
            helder_buf_put(&buf, ",", 1);
        helder_buf_put(&buf, "[", 1);
        buf_json_string(&buf, computed->id, strlen(computed->id));
        helder_buf_put(&buf, ",", 1);
        if (computed->scope)
            buf_json_string(&buf, computed->scope->id, strlen(computed->scope->id));
        else
            helder_buf_put(&buf, "null", 4);
        helder_buf_put(&buf, ",", 1);
        expr_json(&buf, computed->u.computed.value.expr);
        helder_buf_put(&buf, "]", 1);
    }
    helder_buf_put(&buf, "]", 1);
    return buf.data;
}

static void add_errors(builder *b, xmlNodePtr page)
{
    if (b->opts->nerrors == 0)
        return;
    xmlNodePtr list = add(page, "errors", NULL);
    for (size_t i = 0; i < b->opts->nerrors; i++) {
        const helder_html_error *error = &b->opts->errors[i];
        xmlNodePtr elem = add(list, "error", error->message ? error->message : "");
        helder_node *node = error->id ? helder_form_find(b->form, error->id) : NULL;
        if (!node || (node->type != HELDER_NODE_QUESTION && node->type != HELDER_NODE_REPEAT))
            continue; /* a rule about the whole application: listed, with nothing to link to */
        char name[256], id[256];
        if (node->type == HELDER_NODE_REPEAT) {
            snprintf(id, sizeof id, "f-%s", node->id);
        } else {
            field_names(name, id, sizeof name, node, error->item);
            helder_qtype qtype = node->u.question.qtype;
            if (qtype == HELDER_Q_YESNO || qtype == HELDER_Q_MULTICHOICE ||
                (qtype == HELDER_Q_CHOICE && node->u.question.noptions <= 12))
                strncat(id, "-1", sizeof id - strlen(id) - 1);
        }
        char href[260];
        snprintf(href, sizeof href, "#%s", id);
        set(elem, "href", href);
        /* check's messages are short ("Answer this question"): say which question */
        const helder_plan_item *info = helder_plan_item_of(b->plan, node);
        const char *label = node->type == HELDER_NODE_REPEAT ? info->title : info->label;
        if (label)
            set(elem, "label", label);
        if (info->number)
            set_uint(elem, "num", info->number);
    }
}

xmlDocPtr helder_rmodel_build(const helder_form *form, const helder_html_options *opts,
                              const helder_rmodel_assets *assets, helder_diag_sink *sink)
{
    builder b;
    int lang = helder_rmodel_lang_index(form, opts->lang);
    helder_plan_options plan_opts = HELDER_PLAN_OPTIONS_INIT;

    memset(&b, 0, sizeof b);
    if (lang < 0)
        return NULL;
    if (opts->section) {
        const helder_node *section = helder_form_find(form, opts->section);
        if (!section || section->type != HELDER_NODE_SECTION) {
            helder_diagf(sink, HELDER_RULE_UNKNOWN_REFERENCE, form->file, (helder_pos){0, 0},
                         "the form has no section '%s'", opts->section);
            return NULL;
        }
    }
    b.form = form;
    b.opts = opts;
    b.assets = assets;
    b.lang = form->langs[lang];
    /* The page's today() is the browser's unless given, but check reads the submission here: it
     * counts from the local date then, as `helder check` does, and also for a today that is no
     * date (the page has always let one pass to the browser). */
    if (helder_filled_today(&plan_opts.today, opts->today) != HELDER_OK)
        helder_filled_today(&plan_opts.today, NULL);
    plan_opts.no_goto = true; /* the page routes by showing and hiding */
    if (opts->submission &&
        helder_filled_open(&b.answers, form, opts->submission, opts->submission_len,
                           opts->submission_name, plan_opts.today, sink) != HELDER_OK)
        return NULL;
    if (helder_plan_new(&b.plan, form, (unsigned)lang, &plan_opts) != 0) {
        helder_filled_free(b.answers);
        return NULL;
    }

    b.doc = xmlNewDoc((const xmlChar *)"1.0");
    b.doc->dict = xmlDictCreate(); /* element and attribute names interned: fewer allocations */
    xmlNodePtr page = xmlNewDocNode(b.doc, NULL, (const xmlChar *)"page", NULL);
    xmlDocSetRootElement(b.doc, page);
    set(page, "lang", b.lang);
    set(page, "dir", helder_lang_rtl(b.lang) ? "rtl" : "ltr");
    set(page, "form", form->id);
    set(page, "version", form->version);
    set(page, "action", opts->action ? opts->action : "");
    set(page, "csp", assets->csp);
    set(page, "css", assets->css_href);
    set(page, "js", assets->js_href);
    set(page, "custom-css", assets->custom_css_href);
    set(page, "today", opts->today);
    {
        char *json = computed_json(form);
        set(page, "computed", json);
        free(json);
    }
    if (opts->nerrors > 0)
        set_uint(page, "errors", opts->nerrors);
    if (assets->inline_css)
        add(page, "inline-css", assets->inline_css);
    if (assets->inline_js)
        add(page, "inline-js", assets->inline_js);
    add(page, "title", b.plan->title ? b.plan->title : form->id);
    if (b.plan->intro)
        add(page, "intro", b.plan->intro);
    {
        static const char *const keys[HELDER_WEB__COUNT] = {
            [HELDER_WEB_SUBMIT] = "submit",
            [HELDER_WEB_ERROR_TITLE] = "error-title",
            [HELDER_WEB_ERROR_PREFIX] = "error-prefix",
            [HELDER_WEB_OPTIONAL] = "optional",
            [HELDER_WEB_ADD_ANOTHER] = "add-another",
            [HELDER_WEB_REMOVE] = "remove",
            [HELDER_WEB_ITEM] = "item",
            [HELDER_WEB_SELECT] = "select",
            [HELDER_WEB_DOCUMENTS_HINT] = "documents-hint",
            [HELDER_WEB_NOSCRIPT] = "noscript",
            [HELDER_WEB_QUESTION] = "question",
            [HELDER_WEB_SKIP] = "skip",
            [HELDER_WEB_COUNTRY_HINT] = "country-hint",
        };
        for (int i = 0; i < HELDER_WEB__COUNT; i++) {
            const char *used, *text = helder_web_msg_in(b.lang, (helder_web_msg_id)i, &used);
            if (i == HELDER_WEB_SUBMIT && opts->submit_label) {
                text = opts->submit_label; /* the caller's words, in the page's language */
                used = b.lang;
            }
            xmlNodePtr ui = add(page, "ui", text);
            set(ui, "key", keys[i]);
            if (strcmp(used, b.lang) != 0)
                set(ui, "lang", used); /* words helder has only in English (WCAG 3.1.2) */
        }
        char form_version[256];
        const char *args[2] = {form->id, form->version ? form->version : ""};
        char *text = helder_msg_fill(helder_msg_get(b.lang, HELDER_MSG_FORM_VERSION), 2, args);
        snprintf(form_version, sizeof form_version, "%s", text);
        free(text);
        set(add(page, "ui", form_version), "key", "form-version");
    }
    add_errors(&b, page);
    for (const helder_node *child = form->root->first_child; child; child = child->next) {
        /* One section (step by step): no other section and no list of documents. */
        if (opts->section && (child->type != HELDER_NODE_SECTION || !child->id ||
                              strcmp(child->id, opts->section) != 0))
            continue;
        if (child->type == HELDER_NODE_SECTION)
            add_section(&b, page, child);
        else if (child->type == HELDER_NODE_DOCUMENTS)
            add_documents(&b, page, child);
    }

    helder_filled_free(b.answers);
    free(b.countries);
    helder_plan_free(b.plan);
    return b.doc;
}
