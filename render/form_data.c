/* From a POST to a submission: turns the application/x-www-form-urlencoded body a rendered web
 * form sends into a submission document (urn:helder:submission:1). The field names are the ones
 * rmodel.c gives the page: "q" for a question, "r.N.q" for question q in item N of repeat r.
 * Hostile bodies (SECURITY.md, HTTP) end in a diagnostic: NULs, bad UTF-8, unknown or repeated
 * keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "render/rmodel.h"

#define FORM_DATA_MAX_FIELDS 10000
#define FORM_DATA_MAX_KEY 256
#define FORM_DATA_MAX_VALUE (64u << 10)

typedef struct {
    char *key, *value;
    size_t value_len;
} field;

typedef struct {
    const helder_node *question;
    char *value; /* owned; multichoice values joined by spaces */
} answer;

typedef struct {
    unsigned long number; /* N as posted */
    answer *answers;
    size_t count;
} item;

typedef struct {
    const helder_node *repeat;
    item *items;
    size_t count;
} repeat_items;

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 1 when text holds a character XML 1.0 does not allow (a control other than tab, line feed and
 * carriage return, or U+FFFE, U+FFFF): the submission written from it would not parse. */
static int has_non_xml_char(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return 1;
        if (c == 0xEF && i + 2 < len && (unsigned char)text[i + 1] == 0xBF &&
            ((unsigned char)text[i + 2] == 0xBE || (unsigned char)text[i + 2] == 0xBF))
            return 1;
    }
    return 0;
}

/* Decodes text[0..len) ('+' is a space, %XX a byte) into a new string. -1 for a bad escape, a
 * NUL or another character XML cannot hold, -2 for invalid UTF-8. */
static int url_decode(char **out, size_t *out_len, const char *text, size_t len)
{
    char *decoded = helder_xmalloc(len + 1);
    size_t used = 0, bad;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int high = i + 1 < len ? hex_digit(text[i + 1]) : -1;
            int low = i + 2 < len ? hex_digit(text[i + 2]) : -1;
            if (high < 0 || low < 0) {
                free(decoded);
                return -1;
            }
            c = (char)(high * 16 + low);
            i += 2;
        }
        if (c == '\0') {
            free(decoded);
            return -1;
        }
        /* browsers send line breaks as CR LF: keep the LF only */
        if (c == '\n' && used > 0 && decoded[used - 1] == '\r')
            used--;
        decoded[used++] = c;
    }
    decoded[used] = '\0';
    if (!helder_utf8_valid(decoded, used, &bad)) {
        free(decoded);
        return -2;
    }
    if (has_non_xml_char(decoded, used)) {
        free(decoded);
        return -1;
    }
    *out = decoded;
    *out_len = used;
    return 0;
}

/* Where a body's mistakes go: the first FORM_DATA_MAX_SAID are said, the rest only counted (a
 * body of 10,000 unknown fields is one mistake made 10,000 times). */
#define FORM_DATA_MAX_SAID 10

typedef struct {
    helder_diag_sink *sink;
    unsigned told;
    unsigned untold;
} mistakes;

static void report(mistakes *said, const char *what, const char *fmt, const char *arg)
{
    char message[512];
    if (said->told >= FORM_DATA_MAX_SAID) {
        said->untold++;
        return;
    }
    said->told++;
    snprintf(message, sizeof message, fmt, arg);
    helder_diagf(said->sink, HELDER_RULE_FORM_DATA, what, (helder_pos){0, 0}, "%s", message);
}

static int split_fields(field **out, size_t *count, const char *body, size_t len, mistakes *said)
{
    field *fields = NULL;
    size_t n = 0;
    int errors = 0;
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && body[end] != '&')
            end++;
        if (end > start) {
            const char *equals = memchr(body + start, '=', end - start);
            size_t key_len = equals ? (size_t)(equals - (body + start)) : end - start;
            const char *value = equals ? equals + 1 : body + end;
            size_t value_len = equals ? (size_t)(body + end - value) : 0;
            char *key_text = NULL, *value_text = NULL;
            size_t key_out, value_out;
            if (n >= FORM_DATA_MAX_FIELDS) {
                report(said, "form data", "more than %s fields", "10000");
                errors++;
                break;
            }
            if (key_len > FORM_DATA_MAX_KEY * 3 || value_len > FORM_DATA_MAX_VALUE * 3) {
                report(said, "form data", "a field name or value is too long%s", "");
                errors++;
            } else {
                int rc = url_decode(&key_text, &key_out, body + start, key_len);
                if (rc == 0)
                    rc = url_decode(&value_text, &value_out, value, value_len);
                if (rc != 0) {
                    report(said, "form data",
                           rc == -2 ? "a field is not valid UTF-8%s"
                                    : "a field has a bad %%-escape, a NUL or "
                                      "a control character%s",
                           "");
                    free(key_text);
                    errors++;
                } else {
                    fields = helder_xrealloc(fields, (n + 1) * sizeof *fields);
                    fields[n].key = key_text;
                    fields[n].value = value_text;
                    fields[n].value_len = value_out;
                    n++;
                }
            }
        }
        start = end + 1;
    }
    *out = fields;
    *count = n;
    return errors;
}

/* 1, after saying so, when a question with options is sent a value that is none of them. */
static int bad_choice(const helder_node *question, const char *value, const char *key,
                      mistakes *said)
{
    if (!question->u.question.noptions || !*value)
        return 0;
    for (unsigned i = 0; i < question->u.question.noptions; i++)
        if (strcmp(question->u.question.options[i]->u.option.value, value) == 0)
            return 0;
    report(said, "form data", "'%s' is sent a value that is none of its options", key);
    return 1;
}

/* Adds value to the answers of a scope; a second value is an error except for multichoice. */
static int add_answer(answer **answers, size_t *count, const helder_node *question,
                      const char *value, const char *key, mistakes *said)
{
    for (size_t i = 0; i < *count; i++) {
        if ((*answers)[i].question != question)
            continue;
        if (question->u.question.qtype != HELDER_Q_MULTICHOICE) {
            report(said, "form data", "the field '%s' is sent twice", key);
            return 1;
        }
        if (!*value)
            return 0;
        char *joined = helder_xmalloc(strlen((*answers)[i].value) + strlen(value) + 2);
        sprintf(joined, "%s%s%s", (*answers)[i].value, *(*answers)[i].value ? " " : "", value);
        free((*answers)[i].value);
        (*answers)[i].value = joined;
        return 0;
    }
    *answers = helder_xrealloc(*answers, (*count + 1) * sizeof **answers);
    (*answers)[*count].question = question;
    (*answers)[*count].value = helder_xstrdup(value);
    (*count)++;
    return 0;
}

static int compare_items(const void *a, const void *b)
{
    const item *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static void emit_answers(xmlNodePtr parent, const answer *answers, size_t count,
                         const helder_form *form)
{
    /* in the form's order, empty answers left out */
    for (size_t n = 0; n < form->nnodes; n++) {
        for (size_t i = 0; i < count; i++) {
            if (answers[i].question != form->nodes[n] || !answers[i].value[0])
                continue;
            xmlNodePtr elem = xmlNewChild(parent, NULL, (const xmlChar *)"answer", NULL);
            xmlNodeAddContent(elem, (const xmlChar *)answers[i].value);
            xmlSetProp(elem, (const xmlChar *)"id", (const xmlChar *)answers[i].question->id);
        }
    }
}

static int item_empty(const item *it)
{
    for (size_t i = 0; i < it->count; i++)
        if (it->answers[i].value[0])
            return 0;
    return 1;
}

int helder_form_data_to_submission(char **out, size_t *out_len, const helder_form *form,
                                   const char *body, size_t body_len, const char *lang,
                                   helder_diag_sink *sink)
{
    mistakes said = {sink, 0, 0};
    field *fields = NULL;
    size_t nfields = 0;
    answer *top = NULL;
    size_t ntop = 0;
    repeat_items *repeats = helder_xcalloc(form->nrepeats + 1, sizeof *repeats);
    int errors;

    *out = NULL;
    *out_len = 0;
    if (lang && helder_rmodel_lang_index(form, lang) < 0) {
        helder_diagf(sink, HELDER_RULE_RENDER_LANGUAGE, "form data", (helder_pos){0, 0},
                     "the form has no language '%s'", lang);
        free(repeats);
        return HELDER_EINVALID;
    }
    errors = split_fields(&fields, &nfields, body, body_len, &said);
    for (size_t f = 0; f < nfields; f++) {
        const char *key = fields[f].key;
        const char *value = fields[f].value;
        if (key[0] == '_')
            continue; /* reserved for the server: a CSRF token, a button's name */
        const char *dot = strchr(key, '.');
        if (!dot) {
            helder_node *question = helder_form_find(form, key);
            if (!question || question->type != HELDER_NODE_QUESTION || question->scope) {
                report(&said, "form data", "no question of this form is called '%s'", key);
                errors++;
                continue;
            }
            if (bad_choice(question, value, key, &said)) {
                errors++;
                continue;
            }
            errors += add_answer(&top, &ntop, question, value, key, &said);
            continue;
        }
        /* r.N.q */
        char repeat_id[FORM_DATA_MAX_KEY + 1];
        size_t repeat_len = (size_t)(dot - key);
        char *end;
        unsigned long number = strtoul(dot + 1, &end, 10);
        if (repeat_len > FORM_DATA_MAX_KEY || *end != '.' || number == 0 || number > 100000 ||
            dot[1] < '1' || dot[1] > '9') {
            report(&said, "form data", "the field name '%s' is not of the form r.N.q", key);
            errors++;
            continue;
        }
        memcpy(repeat_id, key, repeat_len);
        repeat_id[repeat_len] = '\0';
        helder_node *repeat = helder_form_find(form, repeat_id);
        helder_node *question = helder_form_find(form, end + 1);
        if (!repeat || repeat->type != HELDER_NODE_REPEAT || !question ||
            question->type != HELDER_NODE_QUESTION || question->scope != repeat) {
            report(&said, "form data", "no question of this form is called '%s'", key);
            errors++;
            continue;
        }
        if (bad_choice(question, value, key, &said)) {
            errors++;
            continue;
        }
        repeat_items *rep = &repeats[repeat->slot];
        rep->repeat = repeat;
        item *it = NULL;
        for (size_t i = 0; i < rep->count; i++)
            if (rep->items[i].number == number)
                it = &rep->items[i];
        if (!it) {
            if (rep->count >= 1000) {
                report(&said, "form data", "repeat '%s' has too many items", repeat_id);
                errors++;
                continue;
            }
            rep->items = helder_xrealloc(rep->items, (rep->count + 1) * sizeof *rep->items);
            it = &rep->items[rep->count++];
            memset(it, 0, sizeof *it);
            it->number = number;
        }
        errors += add_answer(&it->answers, &it->count, question, value, key, &said);
    }

    if (errors == 0) {
        xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
        xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"submission", NULL);
        xmlDocSetRootElement(doc, root);
        xmlSetNs(root, xmlNewNs(root, (const xmlChar *)"urn:helder:submission:1", NULL));
        xmlSetProp(root, (const xmlChar *)"form", (const xmlChar *)form->id);
        xmlSetProp(root, (const xmlChar *)"version",
                   (const xmlChar *)(form->version ? form->version : ""));
        xmlNsPtr xml_ns = xmlSearchNs(doc, root, (const xmlChar *)"xml");
        xmlSetNsProp(root, xml_ns, (const xmlChar *)"lang",
                     (const xmlChar *)(lang ? lang : form->langs[0]));
        emit_answers(root, top, ntop, form);
        for (unsigned r = 0; r < form->nrepeats; r++) {
            repeat_items *rep = &repeats[r];
            if (!rep->repeat)
                continue;
            qsort(rep->items, rep->count, sizeof *rep->items, compare_items);
            xmlNodePtr elem = xmlNewChild(root, NULL, (const xmlChar *)"repeat", NULL);
            xmlSetProp(elem, (const xmlChar *)"id", (const xmlChar *)rep->repeat->id);
            for (size_t i = 0; i < rep->count; i++) {
                if (item_empty(&rep->items[i]))
                    continue; /* an item the applicant left blank */
                xmlNodePtr item_elem = xmlNewChild(elem, NULL, (const xmlChar *)"item", NULL);
                emit_answers(item_elem, rep->items[i].answers, rep->items[i].count, form);
            }
        }
        xmlChar *text = NULL;
        int len = 0;
        xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
        *out = helder_xstrndup((const char *)text, (size_t)len);
        *out_len = (size_t)len;
        xmlFree(text);
        xmlFreeDoc(doc);
    }

    for (size_t f = 0; f < nfields; f++) {
        free(fields[f].key);
        free(fields[f].value);
    }
    free(fields);
    for (size_t i = 0; i < ntop; i++)
        free(top[i].value);
    free(top);
    for (unsigned r = 0; r < form->nrepeats; r++) {
        for (size_t i = 0; i < repeats[r].count; i++) {
            for (size_t j = 0; j < repeats[r].items[i].count; j++)
                free(repeats[r].items[i].answers[j].value);
            free(repeats[r].items[i].answers);
        }
        free(repeats[r].items);
    }
    free(repeats);
    if (said.untold)
        helder_diagf(sink, HELDER_RULE_FORM_DATA, "form data", (helder_pos){0, 0},
                     "%u more mistakes in the form data are not shown", said.untold);
    return errors ? HELDER_EINVALID : HELDER_OK;
}
