/* The render plan shared by the HTML and PDF renderers: question numbers, texts resolved in one
 * language, and routing in plain words. Conditions are put into words from their AST when they
 * have a plain shape; "go to question N" is found by evaluating the following questions'
 * conditions with the expression engine, every answer unknown except the choice being routed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/countries.h"
#include "render/plan.h"

/* ---- texts ---- */

const char *helder_plan_resolve(const helder_form *form, const helder_text *text, unsigned lang,
                                unsigned *used)
{
    if (lang < form->nlangs && text->by_lang[lang]) {
        if (used)
            *used = lang;
        return text->by_lang[lang];
    }
    for (unsigned i = 0; i < form->nlangs; i++) {
        if (text->by_lang[i]) {
            if (used)
                *used = i;
            return text->by_lang[i];
        }
    }
    if (used)
        *used = lang;
    return NULL;
}

int helder_plan_find_lang(const helder_form *form, const char *code)
{
    for (unsigned i = 0; i < form->nlangs; i++)
        if (strcmp(form->langs[i], code) == 0)
            return (int)i;
    return -1;
}

const char *helder_plan_msg(const helder_plan *plan, helder_msg id)
{
    return helder_msg_get(plan->lang_code, id);
}

const helder_plan_item *helder_plan_item_of(const helder_plan *plan, const helder_node *node)
{
    if (!node || node->index >= plan->form->nnodes || plan->form->nodes[node->index] != node)
        return NULL;
    return &plan->items[node->index];
}

/* ---- conditions in words ---- */

/* A phrase and whether it joins clauses with "and"/"or" (so that it cannot be nested in the
 * other connective without becoming ambiguous). */
typedef struct {
    char *text;
    helder_op joined; /* HELDER_OP_AND, HELDER_OP_OR, or HELDER_OP_NUMBER for a single clause */
} phrase;

static char *fill1(const helder_plan *plan, helder_msg id, const char *a)
{
    const char *args[1] = {a};
    return helder_msg_fill(helder_plan_msg(plan, id), 1, args);
}

static char *fill2(const helder_plan *plan, helder_msg id, const char *a, const char *b)
{
    const char *args[2] = {a, b};
    return helder_msg_fill(helder_plan_msg(plan, id), 2, args);
}

/* A computed value is said as what it computes: needs_visa as its condition, partner_age as
 * age(partner_birth_date). Computed values with a condition of their own are left alone. */
static const helder_expr *inline_computed(const helder_expr *expr)
{
    for (int depth = 0; depth < 8 && expr && expr->op == HELDER_OP_REF; depth++) {
        const helder_node *target = expr->u.ref.target;
        if (!target || target->type != HELDER_NODE_COMPUTED || target->when.src ||
            !target->u.computed.value.expr)
            break;
        expr = target->u.computed.value.expr;
    }
    return expr;
}

/* The numbered question an expression names directly, or NULL. */
static const helder_node *ref_question(const helder_plan *plan, const helder_expr *expr)
{
    const helder_node *target;
    if (!expr || expr->op != HELDER_OP_REF)
        return NULL;
    target = expr->u.ref.target;
    if (!target || target->type != HELDER_NODE_QUESTION || !plan->items[target->index].number)
        return NULL;
    return target;
}

static const helder_node *find_option(const helder_node *question, const char *value, size_t len)
{
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const helder_node *option = question->u.question.options[i];
        if (option->u.option.value && strlen(option->u.option.value) == len &&
            memcmp(option->u.option.value, value, len) == 0)
            return option;
    }
    return NULL;
}

static char *number_text(double value)
{
    char buf[64];
    if (value == floor(value) && fabs(value) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", value);
    else
        snprintf(buf, sizeof buf, "%g", value);
    return helder_xstrdup(buf);
}

static char *date_text(int32_t days)
{
    char buf[32];
    int year;
    unsigned month, day;
    helder_date_civil(days, &year, &month, &day);
    snprintf(buf, sizeof buf, "%02u-%02u-%04d", day, month, year);
    return helder_xstrdup(buf);
}

/* The name of an ISO 3166-1 code in the plan's language, or NULL. */
static const char *country_name(const helder_plan *plan, const char *code)
{
    const helder_country *table;
    size_t low = 0, high = helder_countries(&table);
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(table[mid].code, code);
        if (order == 0)
            return helder_country_name(&table[mid], plan->lang_code);
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return NULL;
}

/* The quoted label of an option value of question, or NULL when it has no such option. */
static char *quoted_option(const helder_plan *plan, const helder_node *question,
                           const helder_expr *literal)
{
    const helder_node *option;
    const char *label;
    if (!literal || literal->op != HELDER_OP_STRING)
        return NULL;
    option = find_option(question, literal->u.string.text, literal->u.string.len);
    if (!option)
        return NULL;
    label = plan->items[option->index].label;
    if (!label)
        label = option->u.option.value;
    return fill1(plan, HELDER_MSG_QUOTE, label);
}

/* Joins list[0..count) with the "or" template: "'A' or 'B' or 'C'". Frees the list's strings. */
static char *join_or(const helder_plan *plan, char **list, size_t count)
{
    char *joined = list[0];
    for (size_t i = 1; i < count; i++) {
        char *next = fill2(plan, HELDER_MSG_OR, joined, list[i]);
        free(joined);
        free(list[i]);
        joined = next;
    }
    return joined;
}

static char *say_clause(const helder_plan *plan, const helder_expr *expr, bool negated);

/* Comparison of a numbered question (or age(question)) with a literal. */
static char *say_compare(const helder_plan *plan, const helder_expr *expr, bool negated)
{
    static const helder_msg number_msgs[] = {
        [HELDER_OP_EQ] = HELDER_MSG_C_EQ, [HELDER_OP_NE] = HELDER_MSG_C_NE,
        [HELDER_OP_LT] = HELDER_MSG_C_LT, [HELDER_OP_LE] = HELDER_MSG_C_LE,
        [HELDER_OP_GT] = HELDER_MSG_C_GT, [HELDER_OP_GE] = HELDER_MSG_C_GE,
    };
    static const helder_msg date_msgs[] = {
        [HELDER_OP_EQ] = HELDER_MSG_C_EQ,          [HELDER_OP_NE] = HELDER_MSG_C_NE,
        [HELDER_OP_LT] = HELDER_MSG_C_DATE_BEFORE, [HELDER_OP_LE] = HELDER_MSG_C_DATE_UNTIL,
        [HELDER_OP_GT] = HELDER_MSG_C_DATE_AFTER,  [HELDER_OP_GE] = HELDER_MSG_C_DATE_FROM,
    };
    helder_op op = expr->op;
    const helder_expr *left = inline_computed(expr->args[0]);
    const helder_expr *right = inline_computed(expr->args[1]);
    const helder_node *question;
    char number[16], *value, *out;

    /* Put the literal on the right: 18 <= q is q >= 18. */
    if (left->op == HELDER_OP_NUMBER || left->op == HELDER_OP_STRING ||
        (left->op == HELDER_OP_CALL && left->u.call.fn == HELDER_FN_DATE) ||
        (left->op == HELDER_OP_CALL &&
         (left->u.call.fn == HELDER_FN_TRUE || left->u.call.fn == HELDER_FN_FALSE))) {
        const helder_expr *swap = left;
        left = right;
        right = swap;
        op = op == HELDER_OP_LT   ? HELDER_OP_GT
             : op == HELDER_OP_LE ? HELDER_OP_GE
             : op == HELDER_OP_GT ? HELDER_OP_LT
             : op == HELDER_OP_GE ? HELDER_OP_LE
                                  : op;
    }
    if (negated) {
        op = op == HELDER_OP_EQ   ? HELDER_OP_NE
             : op == HELDER_OP_NE ? HELDER_OP_EQ
             : op == HELDER_OP_LT ? HELDER_OP_GE
             : op == HELDER_OP_LE ? HELDER_OP_GT
             : op == HELDER_OP_GT ? HELDER_OP_LE
                                  : HELDER_OP_LT;
        /* not(q < 18) reads as q >= 18: both are unknown, not true, when q has no answer. */
    }

    /* age(q) >= n */
    if (left->op == HELDER_OP_CALL && left->u.call.fn == HELDER_FN_AGE && left->nargs == 1 &&
        right->op == HELDER_OP_NUMBER && right->u.number == floor(right->u.number) &&
        (question = ref_question(plan, left->args[0])) != NULL) {
        double years = right->u.number;
        helder_msg msg;
        if (op == HELDER_OP_GE || op == HELDER_OP_GT) {
            msg = HELDER_MSG_C_AGE_GE;
            years += op == HELDER_OP_GT;
        } else if (op == HELDER_OP_LT || op == HELDER_OP_LE) {
            msg = HELDER_MSG_C_AGE_LT;
            years += op == HELDER_OP_LE;
        } else {
            return NULL;
        }
        snprintf(number, sizeof number, "%u", plan->items[question->index].number);
        value = number_text(years);
        out = fill2(plan, msg, number, value);
        free(value);
        return out;
    }

    question = ref_question(plan, left);
    if (!question)
        return NULL;
    snprintf(number, sizeof number, "%u", plan->items[question->index].number);
    switch (question->u.question.qtype) {
    case HELDER_Q_YESNO:
        if ((op != HELDER_OP_EQ && op != HELDER_OP_NE) || right->op != HELDER_OP_CALL ||
            (right->u.call.fn != HELDER_FN_TRUE && right->u.call.fn != HELDER_FN_FALSE))
            return NULL;
        return fill1(plan,
                     (right->u.call.fn == HELDER_FN_TRUE) == (op == HELDER_OP_EQ) ? HELDER_MSG_C_YES
                                                                                  : HELDER_MSG_C_NO,
                     number);
    case HELDER_Q_CHOICE:
        if (op != HELDER_OP_EQ && op != HELDER_OP_NE)
            return NULL;
        value = quoted_option(plan, question, right);
        if (!value)
            return NULL;
        out = fill2(plan, op == HELDER_OP_EQ ? HELDER_MSG_C_CHOSE : HELDER_MSG_C_NOT_CHOSE, number,
                    value);
        free(value);
        return out;
    case HELDER_Q_INTEGER:
    case HELDER_Q_DECIMAL:
        if (right->op != HELDER_OP_NUMBER)
            return NULL;
        value = number_text(right->u.number);
        out = fill2(plan, number_msgs[op], number, value);
        free(value);
        return out;
    case HELDER_Q_DATE: {
        int32_t days;
        const helder_expr *literal = right->nargs == 1 ? right->args[0] : NULL;
        if (right->op != HELDER_OP_CALL || right->u.call.fn != HELDER_FN_DATE || !literal ||
            literal->op != HELDER_OP_STRING ||
            helder_date_parse(&days, literal->u.string.text, literal->u.string.len) != 0)
            return NULL;
        value = date_text(days);
        out = fill2(plan, date_msgs[op], number, value);
        free(value);
        return out;
    }
    default:
        /* Text-like answers (country codes above all): "question 15 is not 'NL'". */
        if ((op != HELDER_OP_EQ && op != HELDER_OP_NE) || right->op != HELDER_OP_STRING ||
            helder_qtype_value_type(question->u.question.qtype) != HELDER_TYPE_STRING)
            return NULL;
        value = helder_xstrndup(right->u.string.text, right->u.string.len);
        if (question->u.question.qtype == HELDER_Q_COUNTRY) {
            /* On paper the applicant writes a country's name, not its code. */
            const char *name = country_name(plan, value);
            if (name) {
                free(value);
                value = helder_xstrdup(name);
            }
        }
        {
            char *quoted = fill1(plan, HELDER_MSG_QUOTE, value);
            out = fill2(plan, number_msgs[op], number, quoted);
            free(quoted);
        }
        free(value);
        return out;
    }
}

/* One clause: a yesno question, selected(), answered(), a comparison; or not() of one. */
static char *say_clause(const helder_plan *plan, const helder_expr *expr, bool negated)
{
    const helder_node *question;
    char number[16];

    expr = inline_computed(expr);
    if ((question = ref_question(plan, expr)) != NULL) {
        if (question->u.question.qtype != HELDER_Q_YESNO)
            return NULL;
        snprintf(number, sizeof number, "%u", plan->items[question->index].number);
        return fill1(plan, negated ? HELDER_MSG_C_NO : HELDER_MSG_C_YES, number);
    }
    switch (expr->op) {
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
    case HELDER_OP_LT:
    case HELDER_OP_LE:
    case HELDER_OP_GT:
    case HELDER_OP_GE:
        return say_compare(plan, expr, negated);
    case HELDER_OP_CALL:
        break;
    default:
        return NULL;
    }
    switch (expr->u.call.fn) {
    case HELDER_FN_NOT:
        return expr->nargs == 1 ? say_clause(plan, expr->args[0], !negated) : NULL;
    case HELDER_FN_SELECTED: {
        char *value, *out;
        if (expr->nargs != 2 || !(question = ref_question(plan, expr->args[0])))
            return NULL;
        value = quoted_option(plan, question, expr->args[1]);
        if (!value)
            return NULL;
        snprintf(number, sizeof number, "%u", plan->items[question->index].number);
        out = fill2(plan, negated ? HELDER_MSG_C_NOT_TICKED : HELDER_MSG_C_TICKED, number, value);
        free(value);
        return out;
    }
    case HELDER_FN_ANSWERED:
        if (expr->nargs != 1 || !(question = ref_question(plan, expr->args[0])))
            return NULL;
        snprintf(number, sizeof number, "%u", plan->items[question->index].number);
        return fill1(plan, negated ? HELDER_MSG_C_NOT_ANSWERED : HELDER_MSG_C_ANSWERED, number);
    default:
        return NULL;
    }
}

/* Flattens a chain of one connective into its operands. */
static void flatten(const helder_expr *expr, helder_op op, const helder_expr ***list, size_t *count,
                    size_t *cap)
{
    expr = inline_computed(expr);
    if (expr->op == op && expr->nargs == 2) {
        flatten(expr->args[0], op, list, count, cap);
        flatten(expr->args[1], op, list, count, cap);
        return;
    }
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *list = helder_xrealloc(*list, *cap * sizeof **list);
    }
    (*list)[(*count)++] = expr;
}

/* q = 'a' or q = 'b' (or, under "and", q != 'a' and q != 'b'): one choice question compared
 * with several values. Returns "you chose 'A' or 'B' at question 7", or NULL. */
static char *say_value_list(const helder_plan *plan, const helder_expr **operands, size_t count,
                            helder_op compare)
{
    const helder_node *question = NULL;
    char **values, number[16], *list, *out;
    if (count < 2)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        const helder_expr *operand = operands[i];
        const helder_node *named;
        if (operand->op != compare)
            return NULL;
        named = ref_question(plan, operand->args[0]);
        if (!named || named->u.question.qtype != HELDER_Q_CHOICE ||
            operand->args[1]->op != HELDER_OP_STRING || (question && named != question))
            return NULL;
        question = named;
    }
    values = helder_xcalloc(count, sizeof *values);
    for (size_t i = 0; i < count; i++) {
        values[i] = quoted_option(plan, question, operands[i]->args[1]);
        if (!values[i]) {
            for (size_t j = 0; j < i; j++)
                free(values[j]);
            free(values);
            return NULL;
        }
    }
    list = join_or(plan, values, count);
    free(values);
    snprintf(number, sizeof number, "%u", plan->items[question->index].number);
    out = fill2(plan, compare == HELDER_OP_EQ ? HELDER_MSG_C_CHOSE : HELDER_MSG_C_NOT_CHOSE, number,
                list);
    free(list);
    return out;
}

static phrase say(const helder_plan *plan, const helder_expr *expr)
{
    phrase result = {NULL, HELDER_OP_NUMBER};
    expr = inline_computed(expr);
    if (expr->op == HELDER_OP_AND || expr->op == HELDER_OP_OR) {
        helder_op op = expr->op;
        const helder_expr **operands = NULL;
        size_t count = 0, cap = 0;
        char *joined = NULL;
        flatten(expr, op, &operands, &count, &cap);
        result.text =
            say_value_list(plan, operands, count, op == HELDER_OP_OR ? HELDER_OP_EQ : HELDER_OP_NE);
        if (result.text) {
            free(operands);
            return result;
        }
        for (size_t i = 0; i < count; i++) {
            phrase part = say(plan, operands[i]);
            if (!part.text || (part.joined != HELDER_OP_NUMBER && part.joined != op)) {
                free(part.text);
                free(joined);
                free(operands);
                result.text = NULL;
                return result;
            }
            if (!joined) {
                joined = part.text;
            } else {
                char *next = fill2(plan, op == HELDER_OP_AND ? HELDER_MSG_AND : HELDER_MSG_OR,
                                   joined, part.text);
                free(joined);
                free(part.text);
                joined = next;
            }
        }
        free(operands);
        result.text = joined;
        result.joined = op;
        return result;
    }
    result.text = say_clause(plan, expr, false);
    return result;
}

/* Clauses in one sentence before it is too long to read as routing. */
#define MAX_PLAIN_CLAUSES 4

static int count_clauses(const helder_expr *expr)
{
    expr = inline_computed(expr);
    if (expr->op == HELDER_OP_AND || expr->op == HELDER_OP_OR)
        return count_clauses(expr->args[0]) + count_clauses(expr->args[1]);
    return 1;
}

static void set_only_if(helder_plan *plan, helder_plan_item *item)
{
    const helder_node *node = item->node;
    helder_msg plain, generic;
    phrase words = {NULL, HELDER_OP_NUMBER};
    if (!node->when.src)
        return;
    switch (node->type) {
    case HELDER_NODE_SECTION:
    case HELDER_NODE_REPEAT:
        plain = HELDER_MSG_PART_ONLY_IF;
        generic = HELDER_MSG_PART_ONLY_IF_GENERIC;
        break;
    case HELDER_NODE_DOCUMENT:
        plain = HELDER_MSG_SEND_ONLY_IF;
        generic = HELDER_MSG_SEND_ONLY_IF_GENERIC;
        break;
    case HELDER_NODE_NOTE:
        plain = HELDER_MSG_NOTE_ONLY_IF;
        generic = HELDER_MSG_NOTE_ONLY_IF_GENERIC;
        break;
    case HELDER_NODE_OPTION:
        plain = HELDER_MSG_OPTION_ONLY_IF;
        generic = HELDER_MSG_OPTION_ONLY_IF_GENERIC;
        break;
    default:
        plain = HELDER_MSG_ONLY_IF;
        generic = HELDER_MSG_ONLY_IF_GENERIC;
        break;
    }
    if (node->when.expr && count_clauses(node->when.expr) <= MAX_PLAIN_CLAUSES)
        words = say(plan, node->when.expr);
    if (words.text) {
        item->only_if = fill1(plan, plain, words.text);
        item->only_if_plain = true;
        free(words.text);
    } else {
        item->only_if = helder_xstrdup(helder_plan_msg(plan, generic));
        item->only_if_plain = false;
    }
}

/* ---- routing: "go to question N" ---- */

typedef struct {
    helder_frame root;
    helder_items *repeats;      /* form->nrepeats, every count unknown */
    helder_value **item_values; /* per repeat slot: one item frame of unknowns */
    helder_frame *item_frames;
    helder_env env;
} router;

static void router_init(router *route, const helder_form *form, int32_t today)
{
    memset(route, 0, sizeof *route);
    route->root.values = helder_xcalloc(form->nslots + 1, sizeof(helder_value));
    route->repeats = helder_xcalloc(form->nrepeats + 1, sizeof *route->repeats);
    route->item_frames = helder_xcalloc(form->nrepeats + 1, sizeof *route->item_frames);
    for (unsigned i = 0; i < form->nrepeats; i++) {
        const helder_node *repeat = form->repeat_nodes[i];
        route->repeats[i].count = -1;
        route->item_frames[i].values =
            helder_xcalloc(repeat->u.repeat.nslots + 1, sizeof(helder_value));
    }
    route->root.repeats = route->repeats;
    route->env.root = &route->root;
    route->env.today = today;
}

static void router_free(router *route, const helder_form *form)
{
    for (unsigned i = 0; i < form->nrepeats; i++)
        free(route->item_frames[i].values);
    free(route->item_frames);
    free(route->repeats);
    free(route->root.values);
}

static helder_frame *frame_of(router *route, const helder_form *form, const helder_node *scope)
{
    (void)form;
    return scope ? &route->item_frames[scope->slot] : &route->root;
}

/* Every answer unknown, then `question` set to value, then the computed values that follow. */
static void router_set(router *route, const helder_form *form, const helder_node *question,
                       helder_value value)
{
    memset(route->root.values, 0, (form->nslots + 1) * sizeof(helder_value));
    for (unsigned i = 0; i < form->nrepeats; i++)
        memset(route->item_frames[i].values, 0,
               (form->repeat_nodes[i]->u.repeat.nslots + 1) * sizeof(helder_value));
    frame_of(route, form, question->scope)->values[question->slot] = value;
    for (size_t i = 0; i < form->ncomputed; i++) {
        const helder_node *computed = form->computed_order[i];
        helder_frame *frame = frame_of(route, form, computed->scope);
        if (!computed->u.computed.value.expr || computed->slot < 0)
            continue;
        route->env.item = computed->scope ? frame : NULL;
        if (computed->when.expr &&
            helder_value_truth(helder_expr_eval(computed->when.expr, &route->env)) != 1)
            continue;
        frame->values[computed->slot] =
            helder_expr_eval(computed->u.computed.value.expr, &route->env);
    }
}

/* Whether `node` is an ancestor of (or is) `inner`. */
static bool contains(const helder_node *node, const helder_node *inner)
{
    for (; inner; inner = inner->parent)
        if (inner == node)
            return true;
    return false;
}

/* 0 when target is certainly not asked under the router's answers, else 1 (asked or unknown). */
static int may_be_asked(router *route, const helder_form *form, const helder_node *from,
                        const helder_node *target)
{
    for (const helder_node *node = target; node && node->type != HELDER_NODE_FORM;
         node = node->parent) {
        if (contains(node, from) || !node->when.expr)
            continue;
        /* node->scope of a repeat is the scope outside it: its condition is decided there. */
        route->env.item = node->scope ? frame_of(route, form, node->scope) : NULL;
        if (helder_value_truth(helder_expr_eval(node->when.expr, &route->env)) == 0)
            return 0;
    }
    return 1;
}

static void route_choice(helder_plan *plan, router *route, const helder_plan_item *item,
                         helder_plan_choice *choice, helder_value value)
{
    const helder_form *form = plan->form;
    const helder_node *question = item->node;
    unsigned next = item->number + 1, skipped = 0;
    char number[16];

    router_set(route, form, question, value);
    for (; next <= plan->nquestions; next++) {
        const helder_node *target = plan->questions[next - 1]->node;
        /* Inside a repeat, an answer routes only within its own item. */
        if (question->scope && target->scope != question->scope)
            break;
        if (may_be_asked(route, form, question, target))
            break;
        skipped++;
    }
    if (!skipped)
        return;
    if (next <= plan->nquestions &&
        !(question->scope && plan->questions[next - 1]->node->scope != question->scope)) {
        choice->goto_number = next;
        snprintf(number, sizeof number, "%u", next);
        choice->goto_text = fill1(plan, HELDER_MSG_GOTO, number);
    } else if (next > plan->nquestions && !question->scope) {
        choice->goto_end = true;
        choice->goto_text = helder_xstrdup(helder_plan_msg(plan, HELDER_MSG_GOTO_END));
    }
}

static void set_choices(helder_plan *plan, router *route, helder_plan_item *item)
{
    const helder_node *question = item->node;
    helder_value value;
    memset(&value, 0, sizeof value);
    switch (question->u.question.qtype) {
    case HELDER_Q_YESNO:
        item->nchoices = 2;
        item->choices = helder_xcalloc(2, sizeof *item->choices);
        item->choices[0].value = "yes";
        item->choices[0].label = helder_plan_msg(plan, HELDER_MSG_YES);
        item->choices[1].value = "no";
        item->choices[1].label = helder_plan_msg(plan, HELDER_MSG_NO);
        for (unsigned i = 0; i < 2; i++) {
            value.kind = HELDER_VALUE_BOOLEAN;
            value.u.boolean = i == 0;
            if (route)
                route_choice(plan, route, item, &item->choices[i], value);
        }
        break;
    case HELDER_Q_CHOICE:
    case HELDER_Q_MULTICHOICE:
        item->nchoices = question->u.question.noptions;
        item->choices = helder_xcalloc(item->nchoices + 1, sizeof *item->choices);
        for (unsigned i = 0; i < item->nchoices; i++) {
            const helder_node *option = question->u.question.options[i];
            helder_plan_choice *choice = &item->choices[i];
            choice->option = option;
            choice->value = option->u.option.value ? option->u.option.value : "";
            choice->label = plan->items[option->index].label;
            if (!choice->label)
                choice->label = choice->value;
            if (route && question->u.question.qtype == HELDER_Q_CHOICE) {
                value.kind = HELDER_VALUE_STRING;
                value.u.string.text = choice->value;
                value.u.string.len = strlen(choice->value);
                route_choice(plan, route, item, choice, value);
            }
        }
        break;
    default:
        break;
    }
}

/* ---- building ---- */

int helder_plan_new(helder_plan **out, const helder_form *form, unsigned lang,
                    const helder_plan_options *opts)
{
    helder_plan_options defaults = HELDER_PLAN_OPTIONS_INIT;
    helder_plan *plan;
    router route;
    unsigned number = 0, part = 0;

    *out = NULL;
    if (!form || !form->root || form->has_errors || lang >= form->nlangs)
        return HELDER_EUSAGE;
    if (!opts)
        opts = &defaults;
    plan = helder_xcalloc(1, sizeof *plan);
    plan->form = form;
    plan->lang = lang;
    plan->lang_code = form->langs[lang];
    plan->rtl = helder_lang_rtl(plan->lang_code);
    plan->items = helder_xcalloc(form->nnodes + 1, sizeof *plan->items);

    /* Texts and numbers first: conditions name questions by number and options by label. */
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        helder_plan_item *item = &plan->items[i];
        item->node = node;
        item->title = helder_plan_resolve(form, &node->title, lang, &item->title_lang);
        item->label = helder_plan_resolve(form, &node->label, lang, &item->label_lang);
        item->hint = helder_plan_resolve(form, &node->hint, lang, &item->hint_lang);
        item->text = helder_plan_resolve(form, &node->text, lang, &item->text_lang);
        if (node->type == HELDER_NODE_QUESTION)
            item->number = ++number;
        else if (node->type == HELDER_NODE_SECTION)
            item->part = ++part;
    }
    plan->nquestions = number;
    plan->nsections = part;
    plan->questions = helder_xcalloc(number + 1, sizeof *plan->questions);
    for (size_t i = 0; i < form->nnodes; i++)
        if (plan->items[i].number)
            plan->questions[plan->items[i].number - 1] = &plan->items[i];
    plan->title = plan->items[form->root->index].title;
    plan->intro = plan->items[form->root->index].text;

    router_init(&route, form, opts->today);
    for (size_t i = 0; i < form->nnodes; i++) {
        helder_plan_item *item = &plan->items[i];
        set_only_if(plan, item);
        if (item->node->type == HELDER_NODE_QUESTION)
            set_choices(plan, opts->no_goto ? NULL : &route, item);
    }
    router_free(&route, form);
    *out = plan;
    return HELDER_OK;
}

void helder_plan_free(helder_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; i < plan->form->nnodes; i++) {
        helder_plan_item *item = &plan->items[i];
        free(item->only_if);
        for (unsigned c = 0; c < item->nchoices; c++)
            free(item->choices[c].goto_text);
        free(item->choices);
    }
    free(plan->items);
    free(plan->questions);
    free(plan);
}
