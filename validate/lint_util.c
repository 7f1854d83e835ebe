/* Helpers the lint rule files share: reporting, naming nodes in messages, positions inside
 * expressions, walking references, reading literals, and splitting texts into words.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/lint.h"

void lint_report(lint_ctx *ctx, helder_rule rule, helder_pos pos, const char *fmt, ...)
{
    char message[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    helder_diagf(ctx->sink, rule, ctx->form->file, pos, "%s", message);
}

const char *lint_describe(const helder_node *node, char *buf, size_t size)
{
    const helder_node *parent = node->parent;
    switch (node->type) {
    case HELDER_NODE_OPTION:
        snprintf(buf, size, "option '%s' of question '%s'",
                 node->u.option.value ? node->u.option.value : "?",
                 parent && parent->id ? parent->id : "?");
        break;
    case HELDER_NODE_CONSTRAINT:
        snprintf(buf, size, "the constraint on question '%s'",
                 parent && parent->id ? parent->id : "?");
        break;
    case HELDER_NODE_DOCUMENTS:
        snprintf(buf, size, "the documents list");
        break;
    case HELDER_NODE_COMPUTED:
        snprintf(buf, size, "computed value '%s'", node->id ? node->id : "?");
        break;
    default:
        snprintf(buf, size, "%s '%s'", helder_node_type_name(node->type),
                 node->id ? node->id : "?");
        break;
    }
    return buf;
}

/* "the when of question 'x'", "the test of rule 'r'", "computed value 'c'" */
const char *lint_attr_describe(const helder_node *node, const char *name, char *buf, size_t size)
{
    char who[200];
    lint_describe(node, who, sizeof who);
    if (strcmp(name, "value") == 0)
        snprintf(buf, size, "%s", who);
    else if (node->type == HELDER_NODE_CONSTRAINT && strcmp(name, "test") == 0)
        snprintf(buf, size, "%s", who);
    else if (strcmp(name, "required") == 0)
        snprintf(buf, size, "the required condition of %s", who);
    else
        snprintf(buf, size, "the %s of %s", name, who);
    return buf;
}

helder_pos lint_expr_pos(const lint_ctx *ctx, const helder_attr_expr *attr, const helder_expr *expr)
{
    /* required="true" is parsed as true(): its columns are not the attribute's. */
    if (attr->src && (strcmp(attr->src, "true") == 0 || strcmp(attr->src, "false") == 0))
        return attr->pos;
    return helder_form_attr_pos(ctx->form, attr, expr ? expr->col : 1);
}

size_t lint_node_attrs(const helder_node *node, const helder_attr_expr **attrs, const char **names)
{
    size_t count = 0;
#define ADD(attr, name)                                                                            \
    do {                                                                                           \
        if ((attr)->src) {                                                                         \
            attrs[count] = (attr);                                                                 \
            names[count++] = (name);                                                               \
        }                                                                                          \
    } while (0)
    ADD(&node->when, "when");
    switch (node->type) {
    case HELDER_NODE_QUESTION:
        ADD(&node->u.question.required, "required");
        ADD(&node->u.question.min, "min");
        ADD(&node->u.question.max, "max");
        break;
    case HELDER_NODE_CONSTRAINT:
    case HELDER_NODE_RULE:
        ADD(&node->u.constraint.test, "test");
        break;
    case HELDER_NODE_COMPUTED:
        ADD(&node->u.computed.value, "value");
        break;
    default:
        break;
    }
#undef ADD
    return count;
}

void lint_expr_refs(const helder_expr *expr,
                    void (*fn)(const helder_expr *ref, const helder_node *target, void *payload),
                    void *payload)
{
    if (!expr)
        return;
    if ((expr->op == HELDER_OP_REF || expr->op == HELDER_OP_PATH) && expr->u.ref.target)
        fn(expr, expr->u.ref.target, payload);
    for (unsigned i = 0; i < expr->nargs; i++)
        lint_expr_refs(expr->args[i], fn, payload);
}

bool lint_literal_value(const helder_expr *expr, double *out, bool *is_date)
{
    int32_t days;
    if (!expr)
        return false;
    *is_date = false;
    switch (expr->op) {
    case HELDER_OP_NUMBER:
        *out = expr->u.number;
        return isfinite(*out);
    case HELDER_OP_NEG:
        if (expr->nargs == 1 && expr->args[0] && expr->args[0]->op == HELDER_OP_NUMBER &&
            isfinite(expr->args[0]->u.number)) {
            *out = -expr->args[0]->u.number;
            return true;
        }
        return false;
    case HELDER_OP_CALL:
        if (expr->u.call.fn != HELDER_FN_DATE || expr->nargs != 1 || !expr->args[0] ||
            expr->args[0]->op != HELDER_OP_STRING)
            return false;
        if (helder_date_parse(&days, expr->args[0]->u.string.text, expr->args[0]->u.string.len))
            return false;
        *out = days;
        *is_date = true;
        return true;
    default:
        return false;
    }
}

const helder_node *lint_find_option(const helder_node *question, const char *value, size_t len)
{
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const char *option = question->u.question.options[i]->u.option.value;
        if (option && strlen(option) == len && memcmp(option, value, len) == 0)
            return question->u.question.options[i];
    }
    return NULL;
}

/* Length of the Unicode punctuation or space starting at text, or 0 when it is none of those
 * helder knows: no-break space, dashes, quotes, ellipsis, Arabic comma, semicolon, question
 * mark, Ethiopic word space and full stop. */
static size_t unicode_separator(const unsigned char *text)
{
    if (text[0] == 0xC2 && (text[1] == 0xA0 || text[1] == 0xAB || text[1] == 0xBB))
        return 2;
    if (text[0] == 0xD8 && (text[1] == 0x8C || text[1] == 0x9B || text[1] == 0x9F))
        return 2;
    if (text[0] == 0xE2 && text[1] == 0x80 && text[2] >= 0x80 && text[2] <= 0xA6)
        return 3; /* spaces, dashes, quotes, bullet, ellipsis */
    if (text[0] == 0xE1 && text[1] == 0x8D && text[2] >= 0xA1 && text[2] <= 0xA8)
        return 3; /* Ethiopic punctuation */
    return 0;
}

static bool word_byte(const char *text, size_t at)
{
    unsigned char c = (unsigned char)text[at];
    if (c >= 0x80)
        return unicode_separator((const unsigned char *)text + at) == 0;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool lint_next_word(const char *text, size_t *at, size_t *start, size_t *len)
{
    size_t i = *at;
    while (text[i] && !word_byte(text, i)) {
        size_t skip = 1;
        if ((unsigned char)text[i] >= 0x80)
            skip = unicode_separator((const unsigned char *)text + i);
        i += skip ? skip : 1;
    }
    if (!text[i]) {
        *at = i;
        return false;
    }
    *start = i;
    for (;;) {
        if (word_byte(text, i)) {
            i++;
            continue;
        }
        /* e-mail, don't: a hyphen or apostrophe between two word characters stays inside */
        if ((text[i] == '-' || text[i] == '\'') && i > *start && text[i + 1] &&
            word_byte(text, i + 1)) {
            i++;
            continue;
        }
        /* the typographic apostrophe (U+2019) the same way */
        if ((unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0x99 && text[i + 3] && word_byte(text, i + 3)) {
            i += 3;
            continue;
        }
        break;
    }
    *len = i - *start;
    *at = i;
    return true;
}

void lint_words_split(lint_words *words, const char *text)
{
    size_t at = 0, start, len, gap = 0;
    int depth = 0;
    words->count = 0;
    while (lint_next_word(text, &at, &start, &len)) {
        bool clause = words->count == 0;
        if (words->count == words->cap) {
            words->cap = words->cap ? words->cap * 2 : 32;
            words->items = helder_xrealloc(words->items, words->cap * sizeof *words->items);
        }
        for (; gap < start; gap++) {
            char c = text[gap];
            if (c == '(')
                depth++;
            else if (c == ')' && depth > 0)
                depth--;
            else if (c == ',' || c == ';' || c == ':' || c == '.' || c == '?' || c == '!' ||
                     c == '\n')
                clause = true;
        }
        gap = start + len;
        words->items[words->count].start = start;
        words->items[words->count].len = len;
        words->items[words->count].clause_start = clause;
        words->items[words->count++].in_parens = depth > 0;
    }
}

void lint_words_free(lint_words *words)
{
    free(words->items);
    words->items = NULL;
    words->count = words->cap = 0;
}
