/* Applying a form's rules to one submission: relevance and computed values in the plan's
 * dependency order, then facets, option conditions, constraints, repeat counts and rules; the
 * result, its findings in form order, and the cleaned submission. A condition made unknown by an
 * answer that is itself in error stays undecided: one mistake, one finding (check-output.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "model/buffer.h"
#include "validate/check.h"

/* decide() results besides 1 (true), 0 (false) and -1 (unknown: does not apply). */
#define UNDECIDED (-2) /* unknown because something it reads is in error */
#define LIMIT_HIT (-3) /* a matches() pattern hit its match limit */

#define STATE_APPLIES (HELDER_STATE_RELEVANT | HELDER_STATE_UNDECIDED)

/* ---- findings ---- */

/* Only the line is wanted: helder_lines_pos would also count the characters of the column,
 * which on a submission written as one long line costs the whole line for every finding. */
unsigned helder_result_line(helder_check_result *result, size_t elem)
{
    const helder_lines *lines = helder_result_lines(result);
    if (elem == 0 || !lines || elem > lines->len)
        return 0;
    /* Back from the end of the start tag to its '<' (attribute values hold no raw '<'). */
    size_t at = elem - 1;
    while (at > 0 && lines->buf[at] != '<')
        at--;
    size_t low = 0, high = lines->nlines;
    while (high - low > 1) {
        size_t mid = low + (high - low) / 2;
        if (lines->starts[mid] <= at)
            low = mid;
        else
            high = mid;
    }
    return (unsigned)(low + 1);
}

const helder_lines *helder_result_lines(helder_check_result *result)
{
    if (!result->source)
        return NULL;
    if (!result->lines_ready) {
        helder_lines_init(&result->lines, result->source, result->source_len);
        result->lines_ready = true;
    }
    return &result->lines;
}

static helder_finding_entry *new_entry(helder_check_result *result, helder_severity severity)
{
    result->counts[severity]++;
    if (result->nentries >= result->opts->max_findings)
        return NULL;
    if (result->nentries == result->cap) {
        result->cap = result->cap ? result->cap * 2 : 16;
        result->entries = helder_xrealloc(result->entries, result->cap * sizeof *result->entries);
    }
    helder_finding_entry *entry = &result->entries[result->nentries++];
    memset(entry, 0, sizeof *entry);
    entry->finding.severity = severity;
    entry->seq = result->seq++;
    return entry;
}

/* Sort keys: findings follow the form, as the applicant meets the questions; inside a repeat,
 * item by item. Findings about the file and about ids the form lacks come first, by line. */
static void set_keys(helder_finding_entry *entry, const helder_node *node, unsigned item,
                     unsigned line)
{
    if (!node) {
        entry->key_node = 0;
        entry->key_item = 0;
        entry->key_node2 = line;
    } else if (node->scope) {
        entry->key_node = node->scope->index;
        entry->key_item = item;
        entry->key_node2 = node->index;
    } else {
        entry->key_node = node->index;
        entry->key_item = 0;
        entry->key_node2 = 0;
    }
}

static const char *node_label(const helder_check_result *result, const helder_node *node)
{
    if (!node)
        return NULL;
    if (node->type == HELDER_NODE_QUESTION)
        return helder_text_in(&node->label, result->lang);
    if (node->type == HELDER_NODE_REPEAT || node->type == HELDER_NODE_SECTION)
        return helder_text_in(&node->title, result->lang);
    return NULL;
}

static void fill_node(helder_check_result *result, helder_finding_entry *entry,
                      const helder_node *node, unsigned item, unsigned line)
{
    entry->finding.question = node ? node->id : NULL;
    entry->finding.repeat = node && node->scope ? node->scope->id : NULL;
    entry->finding.item = node && node->scope ? item : 0;
    entry->finding.label = node_label(result, node);
    entry->finding.line = line;
    set_keys(entry, node, item, line);
}

void helder_result_add(helder_check_result *result, helder_check_msg msg, const helder_node *node,
                       unsigned item, unsigned line, const helder_msg_args *args)
{
    helder_check_rule rule = helder_check_msg_rule(msg);
    helder_finding_entry *entry = new_entry(result, helder_check_rule_severity(rule));
    if (!entry)
        return;
    fill_node(result, entry, node, item, line);
    entry->finding.rule = helder_check_rule_name(rule);
    entry->finding.message = helder_msg_format(&result->arena, msg, result->catalogue_lang, args);
}

void helder_result_add_id(helder_check_result *result, helder_check_msg msg, const char *id,
                          size_t id_len, const char *repeat_id, unsigned item, unsigned line)
{
    helder_check_rule rule = helder_check_msg_rule(msg);
    helder_finding_entry *entry = new_entry(result, helder_check_rule_severity(rule));
    if (!entry)
        return;
    set_keys(entry, NULL, 0, line);
    entry->finding.rule = helder_check_rule_name(rule);
    entry->finding.question = helder_arena_strndup(&result->arena, id, id_len);
    entry->finding.repeat = repeat_id;
    entry->finding.item = repeat_id ? item : 0;
    entry->finding.line = line;
    entry->finding.message = helder_msg_format(&result->arena, msg, result->catalogue_lang, NULL);
}

void helder_result_reset(helder_check_result *result)
{
    result->nentries = 0;
    result->seq = 0;
    memset(result->counts, 0, sizeof result->counts);
}

void helder_result_add_text(helder_check_result *result, helder_severity severity, const char *rule,
                            const helder_node *node, unsigned item, unsigned line, unsigned col,
                            const char *message)
{
    helder_finding_entry *entry = new_entry(result, severity);
    if (!entry)
        return;
    fill_node(result, entry, node, item, line);
    entry->finding.col = col;
    entry->finding.rule = helder_arena_strndup(&result->arena, rule, strlen(rule));
    entry->finding.message = helder_arena_strndup(&result->arena, message, strlen(message));
}

/* The form's own message for a constraint or rule, in the result's language. */
static void add_form_message(helder_check_result *result, helder_check_msg fallback,
                             const helder_node *owner, const helder_node *node, unsigned item,
                             unsigned line)
{
    const char *text = helder_text_in(&owner->text, result->lang);
    if (!text) {
        helder_result_add(result, fallback, node, item, line, NULL);
        return;
    }
    helder_check_rule rule = helder_check_msg_rule(fallback);
    helder_finding_entry *entry = new_entry(result, helder_check_rule_severity(rule));
    if (!entry)
        return;
    fill_node(result, entry, node, item, line);
    entry->finding.rule = helder_check_rule_name(rule);
    /* Texts are plain and one line in the form, but a line break inside one must not break
     * the one-finding-per-line outputs. */
    char *copy = helder_arena_strndup(&result->arena, text, strlen(text));
    for (char *at = copy; *at; at++)
        if (*at == '\n' || *at == '\r' || *at == '\t')
            *at = ' ';
    entry->finding.message = copy;
}

/* ---- formatting numbers and dates for messages ---- */

static const char *format_number(helder_arena *arena, double number)
{
    char buf[64];
    if (number == floor(number) && fabs(number) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", number);
    else
        snprintf(buf, sizeof buf, "%.15g", number);
    return helder_arena_strndup(arena, buf, strlen(buf));
}

static const char *format_date(helder_check_result *result, int32_t days)
{
    static const char *const months[2][12] = {
        {"January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"},
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
         "oktober", "november", "december"},
    };
    char buf[64];
    int year;
    unsigned month, day;
    helder_date_civil(days, &year, &month, &day);
    /* "30 November 2026": a date an applicant reads without knowing ISO 8601. */
    int lang = strcmp(helder_catalogue_lang_name(result->catalogue_lang), "nl") == 0 ? 1 : 0;
    snprintf(buf, sizeof buf, "%u %s %d", day, months[lang][month - 1], year);
    return helder_arena_strndup(&result->arena, buf, strlen(buf));
}

/* ---- evaluation with taint ---- */

typedef struct {
    const helder_node *repeat; /* the repeat whose item is being checked, or NULL */
    helder_item_extra *extra;  /* that item */
    unsigned item;             /* 1-based, 0 at top level */
} context;

static bool dep_tainted(const helder_check_result *result, const helder_node *dep,
                        const context *ctx)
{
    if (dep->scope && ctx->repeat && dep->scope == ctx->repeat && ctx->extra && dep->slot >= 0)
        return ctx->extra->state[dep->slot] & HELDER_STATE_TAINTED;
    return result->node_state[dep->index] & HELDER_STATE_TAINTED;
}

static bool deps_tainted(const helder_check_result *result, const helder_plan_deps *deps,
                         const context *ctx)
{
    for (unsigned i = 0; i < deps->count; i++)
        if (dep_tainted(result, deps->nodes[i], ctx))
            return true;
    return false;
}

/* Truth of a condition: 1, 0, -1 (unknown: an answer it reads is missing), UNDECIDED or
 * LIMIT_HIT. `absent` is the answer when the attribute is not there. */
static int decide(helder_check_result *result, const helder_attr_expr *attr,
                  const helder_plan_deps *deps, const context *ctx, int absent)
{
    if (!attr->expr)
        return attr->src ? UNDECIDED : absent;
    unsigned hits = result->env.limit_hits;
    int truth = helder_value_truth(helder_expr_eval(attr->expr, &result->env));
    if (truth >= 0)
        return truth;
    if (result->env.limit_hits != hits)
        return LIMIT_HIT;
    return deps_tainted(result, deps, ctx) ? UNDECIDED : -1;
}

static unsigned char parent_state(const helder_check_result *result, const helder_node *node)
{
    if (!node->parent || node->parent->type == HELDER_NODE_FORM)
        return HELDER_STATE_RELEVANT;
    return result->node_state[node->parent->index];
}

/* Relevance of node: its parent's, and its own when. Unknown means it does not apply. */
static unsigned char relevance(helder_check_result *result, const helder_node *node,
                               const context *ctx)
{
    unsigned char parent = parent_state(result, node);
    const helder_plan_node *info = &result->plan->nodes[node->index];
    if (!(parent & STATE_APPLIES))
        return 0;
    int truth = decide(result, &node->when, &info->rel, ctx, 1);
    switch (truth) {
    case 1:
        return parent & STATE_APPLIES;
    case UNDECIDED:
        return HELDER_STATE_UNDECIDED;
    case LIMIT_HIT:
        helder_result_add(result, HELDER_MSG_NOT_CHECKED, node, ctx->item, 0, NULL);
        return HELDER_STATE_UNDECIDED;
    default:
        return 0;
    }
}

/* ---- pass 1: relevance and values, in dependency order ---- */

static unsigned item_line(helder_check_result *result, const context *ctx)
{
    return ctx->extra ? helder_result_line(result, ctx->extra->elem) : 0;
}

static void add_parse_error(helder_check_result *result, const helder_node *question,
                            const context *ctx, unsigned line, helder_parse_outcome outcome)
{
    char count[32], bound[32];
    helder_msg_args args = {NULL, NULL, NULL, NULL, NULL};
    snprintf(count, sizeof count, "%ld", outcome.count);
    snprintf(bound, sizeof bound, "%ld", outcome.bound);
    args.count = count;
    args.min = bound;
    args.max = bound;
    helder_result_add(result, outcome.msg, question, ctx->item, line, &args);
}

static void process_question(helder_check_result *result, const helder_node *question,
                             const context *ctx, helder_value *values, helder_answer *answers,
                             unsigned char *state_out)
{
    const helder_plan_node *info = &result->plan->nodes[question->index];
    helder_answer *answer = &answers[question->slot];
    helder_value *value = &values[question->slot];
    unsigned char state = relevance(result, question, ctx);

    if (answer->source == HELDER_SOURCE_NONE && answer->fact) {
        answer->source = HELDER_SOURCE_FACT;
        answer->typed = answer->fact->typed;
    } else if (answer->source == HELDER_SOURCE_NONE && info->has_prefill && !info->prefill_msg) {
        answer->source = HELDER_SOURCE_PREFILL;
        answer->typed = *info->prefill;
    }
    if (answer->source == HELDER_SOURCE_FACT || answer->source == HELDER_SOURCE_PREFILL) {
        /* The known answer's text, for helder_check_result_foreach_answer: its normalized form,
         * NUL-terminated (a trimmed fact points into the middle of its text). */
        const char *norm = answer->typed.norm;
        size_t len = answer->typed.norm_len;
        answer->text = norm && norm[len] == '\0'
                           ? norm
                           : helder_arena_strndup(&result->arena, norm ? norm : "", len);
        answer->len = len;
    }

    if (!(state & STATE_APPLIES)) {
        value->kind = HELDER_VALUE_ABSENT;
        if (answer->source == HELDER_SOURCE_ANSWER) {
            helder_result_add(result, HELDER_MSG_NOT_RELEVANT, question, ctx->item,
                              helder_result_line(result, answer->elem), NULL);
            state |= HELDER_STATE_DROPPED;
        }
        *state_out = state;
        return;
    }
    if (state & HELDER_STATE_UNDECIDED) {
        value->kind = HELDER_VALUE_UNKNOWN;
        *state_out = state | HELDER_STATE_TAINTED;
        return;
    }

    switch (answer->source) {
    case HELDER_SOURCE_ANSWER: {
        helder_parse_outcome outcome =
            helder_answer_parse(&answer->typed, &result->plan->index, question, answer->text,
                                answer->len, &result->arena);
        if (outcome.msg != HELDER_MSG_NONE) {
            add_parse_error(result, question, ctx, helder_result_line(result, answer->elem),
                            outcome);
            state |= HELDER_STATE_INVALID | HELDER_STATE_TAINTED;
            value->kind = HELDER_VALUE_UNKNOWN;
            break;
        }
        *value = answer->typed.value;
        const helder_typed *known =
            answer->fact ? &answer->fact->typed
            : info->has_prefill && !info->prefill_msg && question->u.question.readonly
                ? info->prefill
                : NULL;
        if (known && !helder_typed_equal(&answer->typed, known)) {
            helder_result_add(result, HELDER_MSG_FACT_MISMATCH, question, ctx->item,
                              helder_result_line(result, answer->elem), NULL);
            state |= HELDER_STATE_INVALID | HELDER_STATE_TAINTED;
        }
        break;
    }
    case HELDER_SOURCE_FACT:
    case HELDER_SOURCE_PREFILL:
        *value = answer->typed.value;
        break;
    default: {
        unsigned line = helder_result_line(result, answer->elem);
        value->kind = HELDER_VALUE_ABSENT;
        int required = decide(result, &question->u.question.required, &info->req, ctx, 0);
        if (required == 1) {
            helder_result_add(result, HELDER_MSG_REQUIRED, question, ctx->item,
                              line ? line : item_line(result, ctx), NULL);
            state |= HELDER_STATE_TAINTED;
        } else if (required == UNDECIDED) {
            state |= HELDER_STATE_TAINTED;
        } else if (required == LIMIT_HIT) {
            helder_result_add(result, HELDER_MSG_NOT_CHECKED, question, ctx->item, line, NULL);
            state |= HELDER_STATE_TAINTED;
        }
        break;
    }
    }
    *state_out = state;
}

/* A computed value has no relevance of its own: it is worked out wherever it stands, from its
 * inputs (which read no answer where they are not relevant). */
static void process_computed(helder_check_result *result, const helder_node *computed,
                             const context *ctx, helder_value *values, unsigned char *state_out)
{
    const helder_plan_node *info = &result->plan->nodes[computed->index];
    helder_value *value = &values[computed->slot];
    unsigned char state = HELDER_STATE_RELEVANT;
    unsigned hits = result->env.limit_hits;
    if (!computed->u.computed.value.expr) {
        value->kind = HELDER_VALUE_UNKNOWN;
        *state_out = state | HELDER_STATE_TAINTED;
        return;
    }
    *value = helder_expr_eval(computed->u.computed.value.expr, &result->env);
    if (result->env.limit_hits != hits) {
        helder_result_add(result, HELDER_MSG_NOT_CHECKED, computed, ctx->item, 0, NULL);
        value->kind = HELDER_VALUE_UNKNOWN;
        state |= HELDER_STATE_TAINTED;
    } else if (value->kind == HELDER_VALUE_UNKNOWN && deps_tainted(result, &info->value, ctx)) {
        state |= HELDER_STATE_TAINTED;
    }
    *state_out = state;
}

static bool repeat_has_answers(const helder_repeat_data *data)
{
    for (size_t i = 0; i < data->count; i++)
        for (unsigned s = 0; s < data->extras[i].nslots; s++)
            if (data->extras[i].answers[s].source == HELDER_SOURCE_ANSWER)
                return true;
    return data->given > data->count;
}

static void process_repeat(helder_check_result *result, const helder_node *repeat)
{
    context top = {NULL, NULL, 0};
    helder_repeat_data *data = &result->repeats[repeat->slot];
    helder_items *items = &result->top.repeats[repeat->slot];
    unsigned char state;
    result->env.item = NULL;
    state = relevance(result, repeat, &top);
    if (state & HELDER_STATE_UNDECIDED) {
        items->count = -1;
        state |= HELDER_STATE_TAINTED;
    } else if (state & HELDER_STATE_RELEVANT) {
        items->count = (long)data->count;
        items->items = data->frames;
    } else {
        items->count = 0;
        if (data->present && !data->from_facts && repeat_has_answers(data)) {
            helder_result_add(result, HELDER_MSG_NOT_RELEVANT, repeat, 0,
                              helder_result_line(result, data->elem), NULL);
            state |= HELDER_STATE_DROPPED;
        }
    }
    result->node_state[repeat->index] = state;
}

static void process_node(helder_check_result *result, const helder_node *node)
{
    context top = {NULL, NULL, 0};
    if (node->type == HELDER_NODE_SECTION) {
        unsigned char state = relevance(result, node, &top);
        if (state & HELDER_STATE_UNDECIDED)
            state |= HELDER_STATE_TAINTED;
        result->node_state[node->index] = state;
        return;
    }
    if (node->type == HELDER_NODE_REPEAT) {
        process_repeat(result, node);
        return;
    }
    if (!node->scope) {
        result->env.item = NULL;
        if (node->type == HELDER_NODE_QUESTION)
            process_question(result, node, &top, result->top.values, result->answers,
                             &result->node_state[node->index]);
        else
            process_computed(result, node, &top, result->top.values,
                             &result->node_state[node->index]);
        return;
    }
    /* Inside a repeat: once per item, each item seeing its own answers. */
    const helder_node *repeat = node->scope;
    unsigned char repeat_state = result->node_state[repeat->index];
    if (repeat_state & HELDER_STATE_UNDECIDED)
        result->node_state[node->index] |= HELDER_STATE_TAINTED;
    if (!(repeat_state & HELDER_STATE_RELEVANT))
        return;
    helder_repeat_data *data = &result->repeats[repeat->slot];
    for (size_t i = 0; i < data->count; i++) {
        context ctx = {repeat, &data->extras[i], (unsigned)i + 1};
        unsigned char *state = &data->extras[i].state[node->slot];
        result->env.item = &data->frames[i];
        if (node->type == HELDER_NODE_QUESTION)
            process_question(result, node, &ctx, data->frames[i].values, data->extras[i].answers,
                             state);
        else
            process_computed(result, node, &ctx, data->frames[i].values, state);
        if (*state & HELDER_STATE_TAINTED)
            result->node_state[node->index] |= HELDER_STATE_TAINTED;
    }
    result->env.item = NULL;
}

/* ---- pass 2: checks that read other answers ---- */

/* min/max of a number or date question, or how many options a multichoice takes. */
static void check_bounds(helder_check_result *result, const helder_node *question,
                         const context *ctx, const helder_value *value, size_t elem)
{
    const helder_attr_expr *bounds[2] = {&question->u.question.min, &question->u.question.max};
    bool multichoice = question->u.question.qtype == HELDER_Q_MULTICHOICE;
    for (int which = 0; which < 2; which++) {
        if (!bounds[which]->expr)
            continue;
        unsigned hits = result->env.limit_hits;
        helder_value bound = helder_expr_eval(bounds[which]->expr, &result->env);
        if (result->env.limit_hits != hits) {
            helder_result_add(result, HELDER_MSG_NOT_CHECKED, question, ctx->item,
                              helder_result_line(result, elem), NULL);
            continue;
        }
        helder_msg_args args = {NULL, NULL, NULL, NULL, NULL};
        bool outside;
        helder_check_msg msg;
        if (multichoice && value->kind == HELDER_VALUE_SET && bound.kind == HELDER_VALUE_NUMBER) {
            double count = (double)value->u.set.count;
            outside = which == 0 ? count < bound.u.number : count > bound.u.number;
            msg = which == 0 ? HELDER_MSG_TOO_FEW_SELECTED : HELDER_MSG_TOO_MANY_SELECTED;
        } else if (value->kind == HELDER_VALUE_NUMBER && bound.kind == HELDER_VALUE_NUMBER) {
            outside =
                which == 0 ? value->u.number < bound.u.number : value->u.number > bound.u.number;
            msg = which == 0 ? HELDER_MSG_BELOW_MIN_NUMBER : HELDER_MSG_ABOVE_MAX_NUMBER;
        } else if (value->kind == HELDER_VALUE_DATE && bound.kind == HELDER_VALUE_DATE) {
            outside = which == 0 ? value->u.date < bound.u.date : value->u.date > bound.u.date;
            msg = which == 0 ? HELDER_MSG_BELOW_MIN_DATE : HELDER_MSG_ABOVE_MAX_DATE;
        } else {
            continue; /* a bound that reads a missing answer cannot be checked: no finding */
        }
        if (!outside)
            continue;
        /* Formatted only now: most answers are within their bounds. */
        args.min = args.max = bound.kind == HELDER_VALUE_DATE
                                  ? format_date(result, bound.u.date)
                                  : format_number(&result->arena, bound.u.number);
        helder_result_add(result, msg, question, ctx->item, helder_result_line(result, elem),
                          &args);
    }
}

/* The chosen options must be available: their when must hold. */
static void check_options(helder_check_result *result, const helder_node *question,
                          const context *ctx, const helder_answer *answer, size_t elem)
{
    const helder_plan_node *info = &result->plan->nodes[question->index];
    const helder_value *value = &answer->typed.value;
    size_t count = value->kind == HELDER_VALUE_SET ? value->u.set.count : 1;
    for (size_t i = 0; i < count; i++) {
        const char *text =
            value->kind == HELDER_VALUE_SET ? value->u.set.items[i].text : value->u.string.text;
        size_t len =
            value->kind == HELDER_VALUE_SET ? value->u.set.items[i].len : value->u.string.len;
        int index = helder_index_option(&result->plan->index, question, text, len);
        if (index < 0)
            continue;
        const helder_node *option = question->u.question.options[index];
        int truth = decide(result, &option->when, &info->checks, ctx, 1);
        if (truth == LIMIT_HIT) {
            helder_result_add(result, HELDER_MSG_NOT_CHECKED, question, ctx->item,
                              helder_result_line(result, elem), NULL);
            return;
        }
        /* Unknown (an answer its condition reads is missing) is not available either. */
        if (truth == 0 || truth == -1) {
            helder_result_add(result, HELDER_MSG_OPTION_NOT_AVAILABLE, question, ctx->item,
                              helder_result_line(result, elem), NULL);
            return;
        }
    }
}

static void check_constraints(helder_check_result *result, const helder_node *question,
                              const context *ctx, size_t elem)
{
    const helder_plan_node *info = &result->plan->nodes[question->index];
    for (unsigned i = 0; i < question->u.question.nconstraints; i++) {
        const helder_node *constraint = question->u.question.constraints[i];
        if (decide(result, &constraint->when, &info->checks, ctx, 1) != 1)
            continue;
        int truth = decide(result, &constraint->u.constraint.test, &info->checks, ctx, 1);
        if (truth == LIMIT_HIT)
            helder_result_add(result, HELDER_MSG_NOT_CHECKED, question, ctx->item,
                              helder_result_line(result, elem), NULL);
        /* Only a constraint that is definitely false fails; each gives its own message. */
        if (truth == 0)
            add_form_message(result, HELDER_MSG_CONSTRAINT, constraint, question, ctx->item,
                             helder_result_line(result, elem));
    }
}

/* Every facet that fails is reported, in the order of docs/form-language.md, "Facets": option
 * availability, length, pattern, min/max, then each constraint. */
static void check_answer(helder_check_result *result, const helder_node *question,
                         const context *ctx, helder_answer *answer, unsigned char state)
{
    if (!(state & HELDER_STATE_RELEVANT) || (state & HELDER_STATE_INVALID) ||
        answer->source == HELDER_SOURCE_NONE)
        return;
    /* Lines are looked up only for findings: most answers have none. */
    size_t elem = answer->elem;
    helder_qtype qtype = question->u.question.qtype;
    if (qtype == HELDER_Q_CHOICE || qtype == HELDER_Q_MULTICHOICE)
        check_options(result, question, ctx, answer, elem);
    helder_parse_outcome outcome = helder_answer_length(question, &answer->typed);
    if (outcome.msg != HELDER_MSG_NONE)
        add_parse_error(result, question, ctx, helder_result_line(result, elem), outcome);
    outcome = helder_answer_pattern(question, &answer->typed);
    if (outcome.msg != HELDER_MSG_NONE)
        add_parse_error(result, question, ctx, helder_result_line(result, elem), outcome);
    check_bounds(result, question, ctx, &answer->typed.value, elem);
    check_constraints(result, question, ctx, elem);
}

static void check_repeat_count(helder_check_result *result, const helder_node *repeat)
{
    const helder_repeat_data *data = &result->repeats[repeat->slot];
    char bound[32];
    helder_msg_args args = {NULL, NULL, NULL, NULL, NULL};
    size_t count = data->given; /* as given, or as the facts give them (apply_facts) */
    if (!(result->node_state[repeat->index] & HELDER_STATE_RELEVANT))
        return;
    if (count < (size_t)repeat->u.repeat.min) {
        snprintf(bound, sizeof bound, "%ld", repeat->u.repeat.min);
        args.min = bound;
        helder_result_add(result, HELDER_MSG_TOO_FEW_ITEMS, repeat, 0,
                          helder_result_line(result, data->elem), &args);
    } else if (count > (size_t)repeat->u.repeat.max) {
        snprintf(bound, sizeof bound, "%ld", repeat->u.repeat.max);
        args.max = bound;
        helder_result_add(result, HELDER_MSG_TOO_MANY_ITEMS, repeat, 0,
                          helder_result_line(result, data->elem), &args);
    }
}

static void check_rule(helder_check_result *result, const helder_node *rule)
{
    context top = {NULL, NULL, 0};
    const helder_plan_node *info = &result->plan->nodes[rule->index];
    result->env.item = NULL;
    if (!(relevance(result, rule, &top) & HELDER_STATE_RELEVANT))
        return;
    int truth = decide(result, &rule->u.constraint.test, &info->test, &top, 1);
    if (truth == LIMIT_HIT)
        helder_result_add(result, HELDER_MSG_NOT_CHECKED, rule, 0, 0, NULL);
    else if (truth == 0)
        add_form_message(result, HELDER_MSG_RULE, rule, rule, 0, 0);
}

static void check_node(helder_check_result *result, const helder_node *node)
{
    if (node->type == HELDER_NODE_RULE) {
        check_rule(result, node);
        return;
    }
    if (node->type == HELDER_NODE_REPEAT) {
        check_repeat_count(result, node);
        return;
    }
    if (!node->scope) {
        context top = {NULL, NULL, 0};
        result->env.item = NULL;
        check_answer(result, node, &top, &result->answers[node->slot],
                     result->node_state[node->index]);
        return;
    }
    const helder_node *repeat = node->scope;
    if (!(result->node_state[repeat->index] & HELDER_STATE_RELEVANT))
        return;
    helder_repeat_data *data = &result->repeats[repeat->slot];
    for (size_t i = 0; i < data->count; i++) {
        context ctx = {repeat, &data->extras[i], (unsigned)i + 1};
        result->env.item = &data->frames[i];
        check_answer(result, node, &ctx, &data->extras[i].answers[node->slot],
                     data->extras[i].state[node->slot]);
    }
    result->env.item = NULL;
}

/* ---- facts ---- */

static void apply_facts(helder_check_result *result)
{
    const helder_facts *facts = result->opts->facts;
    const helder_form *form = result->plan->form;
    if (facts && facts->index != &result->plan->index)
        facts = NULL;
    if (!facts && !result->plan->prefill_groups)
        return;
    for (unsigned slot = 0; facts && slot < form->nslots; slot++)
        result->answers[slot].fact = facts->top[slot];
    for (unsigned r = 0; r < form->nrepeats; r++) {
        const helder_fact_group *group = facts ? &facts->groups[r] : NULL;
        const helder_node *repeat = form->repeat_nodes[r];
        helder_repeat_data *data = &result->repeats[r];
        /* simplify: a simplified form's prefilled items are a facts group of its own. */
        if ((!group || !group->present) && result->plan->prefill_groups)
            group = &result->plan->prefill_groups[r];
        if (!group || !group->present)
            continue;
        if (data->given == 0) {
            /* Known items fill a repeat the submission leaves empty. */
            size_t count = group->count;
            if (count > (size_t)repeat->u.repeat.max)
                count = (size_t)repeat->u.repeat.max;
            helder_result_alloc_items(result, repeat, data, count);
            data->from_facts = true;
            /* simplify: every item the facts give counts for min and max, also those past max
             * that are not read (as for a submission's own items). */
            data->given = group->count;
        } else if (data->given != group->count) {
            char expected[32];
            helder_msg_args args = {NULL, NULL, NULL, expected, NULL};
            snprintf(expected, sizeof expected, "%zu", group->count);
            helder_result_add(result, HELDER_MSG_FACT_COUNT_MISMATCH, repeat, 0,
                              helder_result_line(result, data->elem), &args);
        }
        for (size_t i = 0; i < data->count && i < group->count; i++)
            for (unsigned s = 0; s < repeat->u.repeat.nslots; s++)
                data->extras[i].answers[s].fact = group->items[i][s];
    }
}

void helder_check_apply(helder_check_result *result)
{
    const helder_check_plan *plan = result->plan;
    apply_facts(result);
    for (size_t i = 0; i < plan->norder; i++)
        process_node(result, plan->order[i]);
    for (size_t i = 0; i < plan->nchecked; i++)
        check_node(result, plan->checked[i]);
}

/* ---- the public entry points ---- */

int helder_check_today(long *out, const char *text)
{
    int32_t days;
    if (text) {
        if (helder_date_parse(&days, text, strlen(text)) != 0)
            return HELDER_EUSAGE;
        *out = days;
        return HELDER_OK;
    }
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    *out = helder_date_from_civil(local.tm_year + 1900, (unsigned)local.tm_mon + 1,
                                  (unsigned)local.tm_mday);
    return HELDER_OK;
}

static int compare_entries(const void *a, const void *b)
{
    const helder_finding_entry *left = a, *right = b;
    if (left->key_node != right->key_node)
        return left->key_node < right->key_node ? -1 : 1;
    if (left->key_item != right->key_item)
        return left->key_item < right->key_item ? -1 : 1;
    if (left->key_node2 != right->key_node2)
        return left->key_node2 < right->key_node2 ? -1 : 1;
    return left->seq < right->seq ? -1 : left->seq > right->seq;
}

/* simplify: a simplified form decided its conditions on today() for the days of its provenance
 * (valid-from to valid-until); on another day it is refused as a whole, like another version. */
static bool outside_window(helder_check_result *result)
{
    const helder_provenance *prov = &result->plan->form->provenance;
    int32_t from, until;
    if (!prov->present || !prov->valid_from || !prov->valid_until ||
        helder_date_parse(&from, prov->valid_from, strlen(prov->valid_from)) != 0 ||
        helder_date_parse(&until, prov->valid_until, strlen(prov->valid_until)) != 0 ||
        (result->env.today >= from && result->env.today <= until))
        return false;
    helder_msg_args args = {format_date(result, from), format_date(result, until), NULL, NULL,
                            NULL};
    helder_result_add(result, HELDER_MSG_FORM_EXPIRED, NULL, 0, 0, &args);
    return true;
}

int helder_check_submission(helder_check_result **out, const helder_check_plan *plan,
                            const char *buf, size_t len, const char *name,
                            const helder_check_options *opts)
{
    static const helder_check_options defaults = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = helder_xcalloc(1, sizeof *result);
    int rc;
    result->plan = plan;
    result->opts = opts ? opts : &defaults;
    result->name = helder_xstrdup(name ? name : "-");
    result->env.today = (int32_t)result->opts->today;
    if (result->opts->today == 0) {
        long today;
        helder_check_today(&today, NULL);
        result->env.today = (int32_t)today;
    }
    rc = helder_submission_read(result, buf, len);
    if (rc == HELDER_OK && outside_window(result))
        rc = HELDER_EINVALID;
    if (rc == HELDER_OK) {
        result->env.root = &result->top;
        helder_check_apply(result);
    }
    if (result->nentries > 1)
        qsort(result->entries, result->nentries, sizeof *result->entries, compare_entries);
    result->sorted = helder_arena_calloc(&result->arena, result->nentries ? result->nentries : 1,
                                         sizeof *result->sorted);
    for (size_t i = 0; i < result->nentries; i++)
        result->sorted[i] = result->entries[i].finding;
    /* The bytes and the options are the caller's; the result keeps only what it owns. */
    if (result->lines_ready)
        helder_lines_free(&result->lines);
    result->lines_ready = false;
    result->source = NULL;
    result->opts = NULL;
    *out = result;
    if (rc == HELDER_ETOOBIG)
        return rc;
    return result->counts[HELDER_SEVERITY_ERROR] ? HELDER_EINVALID : HELDER_OK;
}

void helder_check_result_free(helder_check_result *result)
{
    if (!result)
        return;
    if (result->lines_ready)
        helder_lines_free(&result->lines);
    free(result->entries);
    free(result->name);
    helder_arena_free(&result->arena);
    free(result);
}

int helder_check_result_valid(const helder_check_result *result)
{
    return result->counts[HELDER_SEVERITY_ERROR] == 0;
}

size_t helder_check_result_findings(const helder_check_result *result,
                                    const helder_check_finding **out)
{
    *out = result->sorted;
    return result->nentries;
}

unsigned helder_check_result_count(const helder_check_result *result, helder_severity severity)
{
    return result->counts[severity];
}

const char *helder_check_result_lang(const helder_check_result *result)
{
    const helder_form *form = result->plan->form;
    return form->nlangs ? form->langs[result->lang] : "en";
}

const char *helder_check_result_attr(const helder_check_result *result, const char *name)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(name, helder_submission_attr_names[i]) == 0)
            return result->attrs[i];
    return NULL;
}

/* ---- the cleaned submission ---- */

static void put_answer(helder_buf *out, const char *indent, const helder_node *question,
                       const helder_answer *answer, unsigned char state)
{
    if (!(state & HELDER_STATE_RELEVANT) || answer->source == HELDER_SOURCE_NONE)
        return;
    /* An answer in error is written as it was given: there is no normalized form of it. */
    bool parsed = !(state & HELDER_STATE_INVALID) && answer->typed.norm;
    const char *text = parsed ? answer->typed.norm : answer->text;
    size_t len = parsed ? answer->typed.norm_len : answer->len;
    helder_buf_puts(out, indent);
    helder_buf_puts(out, "<answer id=\"");
    helder_buf_puts(out, question->id);
    helder_buf_puts(out, "\">");
    helder_buf_xml_text(out, text, len);
    helder_buf_puts(out, "</answer>\n");
}

int helder_check_result_normalized(char **out, size_t *out_len, const helder_check_result *result)
{
    const helder_form *form = result->plan->form;
    helder_buf doc = {NULL, 0, 0};
    *out = NULL;
    *out_len = 0;
    if (!result->readable)
        return HELDER_EINVALID;
    helder_buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<submission xmlns=\"urn:helder:submission:1\"");
    for (int i = 0; i < 5; i++) {
        if (!result->attrs[i])
            continue;
        helder_buf_puts(&doc, " ");
        helder_buf_puts(&doc, helder_submission_attr_names[i]);
        helder_buf_puts(&doc, "=\"");
        helder_buf_xml_attr(&doc, result->attrs[i], strlen(result->attrs[i]));
        helder_buf_puts(&doc, "\"");
    }
    helder_buf_puts(&doc, ">\n");
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_QUESTION && !node->scope) {
            put_answer(&doc, "  ", node, &result->answers[node->slot],
                       result->node_state[node->index]);
        } else if (node->type == HELDER_NODE_REPEAT) {
            const helder_repeat_data *data = &result->repeats[node->slot];
            if (!(result->node_state[node->index] & HELDER_STATE_RELEVANT) || data->count == 0)
                continue;
            helder_buf_puts(&doc, "  <repeat id=\"");
            helder_buf_puts(&doc, node->id);
            helder_buf_puts(&doc, "\">\n");
            for (size_t item = 0; item < data->count; item++) {
                helder_buf_puts(&doc, "    <item>\n");
                for (const helder_node *child = node->first_child; child; child = child->next)
                    if (child->type == HELDER_NODE_QUESTION)
                        put_answer(&doc, "      ", child, &data->extras[item].answers[child->slot],
                                   data->extras[item].state[child->slot]);
                helder_buf_puts(&doc, "    </item>\n");
            }
            helder_buf_puts(&doc, "  </repeat>\n");
        }
    }
    helder_buf_puts(&doc, "</submission>\n");
    *out = doc.data;
    *out_len = doc.len;
    return HELDER_OK;
}
