/* Lint rules about the shape of a form: missing-label, duplicate-option, too-few-options,
 * empty-section, unused-computed, duplicate-fact and forward-reference. Every rule is one pass
 * over form->nodes, with sorting where two nodes have to be compared, so the pass stays linear
 * (n log n) in the size of the form. Options on a type that takes none [options-not-allowed]
 * and a choice without options [missing-options] are errors the loader reports (model/load.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/lint.h"

/* ---- labels ---- */

static void check_label(lint_ctx *ctx, const helder_node *node)
{
    const helder_text *text;
    const char *what;
    char who[200];
    switch (node->type) {
    case HELDER_NODE_QUESTION:
    case HELDER_NODE_OPTION:
    case HELDER_NODE_DOCUMENT:
        text = &node->label;
        what = "label";
        break;
    case HELDER_NODE_FORM:
    case HELDER_NODE_SECTION:
    case HELDER_NODE_REPEAT:
    case HELDER_NODE_DOCUMENTS:
        text = &node->title;
        what = "title";
        break;
    case HELDER_NODE_NOTE:
        text = &node->text;
        what = "text";
        break;
    case HELDER_NODE_RULE:
    case HELDER_NODE_CONSTRAINT:
        text = &node->text;
        what = "message";
        break;
    default:
        return;
    }
    if (!text->present)
        lint_report(ctx, HELDER_RULE_MISSING_LABEL, node->pos, "%s has no %s",
                    lint_describe(node, who, sizeof who), what);
}

/* ---- options ---- */

static bool takes_options(helder_qtype qtype)
{
    return qtype == HELDER_Q_CHOICE || qtype == HELDER_Q_MULTICHOICE;
}

static int compare_options(const void *a, const void *b)
{
    const helder_node *left = *(const helder_node *const *)a;
    const helder_node *right = *(const helder_node *const *)b;
    int order = strcmp(left->u.option.value, right->u.option.value);
    if (order)
        return order;
    return left->index < right->index ? -1 : left->index > right->index;
}

static void check_duplicate_options(lint_ctx *ctx, const helder_node *question)
{
    unsigned count = 0, total = question->u.question.noptions;
    const helder_node **sorted = helder_xmalloc((total + 1) * sizeof *sorted);
    for (unsigned i = 0; i < total; i++)
        if (question->u.question.options[i]->u.option.value)
            sorted[count++] = question->u.question.options[i];
    qsort(sorted, count, sizeof *sorted, compare_options);
    for (unsigned i = 1; i < count; i++) {
        const helder_node *first = sorted[i - 1], *again = sorted[i];
        if (strcmp(first->u.option.value, again->u.option.value) != 0)
            continue;
        /* Name the first occurrence of a run, not the one just before. */
        unsigned run = i - 1;
        while (run > 0 && strcmp(sorted[run - 1]->u.option.value, again->u.option.value) == 0)
            run--;
        lint_report(ctx, HELDER_RULE_DUPLICATE_OPTION, again->u.option.value_pos,
                    "option value '%s' appears twice in question '%s' (first on line %u)",
                    again->u.option.value, question->id ? question->id : "?",
                    sorted[run]->pos.line);
    }
    free(sorted);
}

static void check_options(lint_ctx *ctx, const helder_node *question)
{
    unsigned noptions = question->u.question.noptions;
    const char *id = question->id ? question->id : "?";
    const char *type = helder_qtype_name(question->u.question.qtype);
    if (!takes_options(question->u.question.qtype) || noptions == 0)
        return; /* options-not-allowed and missing-options: the loader's */
    /* A simplified form's read-only answer keeps only the option it names (docs/simplify.md). */
    if (noptions == 1 && !(question->u.question.readonly && question->u.question.prefill))
        lint_report(ctx, HELDER_RULE_TOO_FEW_OPTIONS, question->pos,
                    "%s question '%s' has only one option; add the others or ask a yesno "
                    "question",
                    type, id);
    check_duplicate_options(ctx, question);
}

/* ---- empty sections ---- */

static void check_empty(lint_ctx *ctx, const helder_node *node)
{
    unsigned questions = 0, notes = 0, documents = 0;
    char who[200];
    for (const helder_node *child = node->first_child; child; child = child->next) {
        if (child->type == HELDER_NODE_QUESTION)
            questions++;
        else if (child->type == HELDER_NODE_NOTE)
            notes++;
        else if (child->type == HELDER_NODE_DOCUMENT)
            documents++;
        else if (child->type == HELDER_NODE_REPEAT)
            for (const helder_node *inner = child->first_child; inner; inner = inner->next)
                questions += inner->type == HELDER_NODE_QUESTION;
    }
    lint_describe(node, who, sizeof who);
    /* A section of notes only is an information page; a repeat of notes only asks nothing. */
    if (node->type == HELDER_NODE_SECTION && questions == 0 && notes == 0)
        lint_report(ctx, HELDER_RULE_EMPTY_SECTION, node->pos, "%s has no questions and no notes",
                    who);
    else if (node->type == HELDER_NODE_REPEAT && questions == 0)
        lint_report(ctx, HELDER_RULE_EMPTY_SECTION, node->pos, "%s has no questions", who);
    else if (node->type == HELDER_NODE_DOCUMENTS && documents == 0)
        lint_report(ctx, HELDER_RULE_EMPTY_SECTION, node->pos, "%s has no documents", who);
}

/* ---- unused computed values ---- */

static void mark_used(const helder_expr *ref, const helder_node *target, void *payload)
{
    bool *used = payload;
    (void)ref;
    used[target->index] = true;
}

static void check_unused_computed(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    bool *used = helder_xcalloc(form->nnodes + 1, sizeof *used);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_attr_expr *attrs[4];
        const char *names[4];
        size_t count = lint_node_attrs(form->nodes[i], attrs, names);
        for (size_t a = 0; a < count; a++)
            lint_expr_refs(attrs[a]->expr, mark_used, used);
    }
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_COMPUTED && node->id && !used[i])
            lint_report(ctx, HELDER_RULE_UNUSED_COMPUTED, node->pos,
                        "computed value '%s' is not used by any expression", node->id);
    }
    free(used);
}

/* ---- duplicate facts ---- */

static int compare_facts(const void *a, const void *b)
{
    const helder_node *left = *(const helder_node *const *)a;
    const helder_node *right = *(const helder_node *const *)b;
    int order = strcmp(left->u.question.fact, right->u.question.fact);
    if (order)
        return order;
    return left->index < right->index ? -1 : left->index > right->index;
}

/* Adds the when conditions of node and its ancestors to goals (at most max). */
static size_t add_shown_goals(const helder_node *node, lint_goal *goals, size_t count, size_t max)
{
    for (; node && count < max; node = node->parent)
        if (node->when.expr && node->when.type == HELDER_TYPE_BOOLEAN) {
            goals[count].expr = node->when.expr;
            goals[count++].want = true;
        }
    return count;
}

/* Whether both questions can be shown to one applicant. */
static bool can_both_be_shown(const helder_node *first, const helder_node *second)
{
    lint_goal goals[16];
    lint_domain domain = {0};
    size_t count = add_shown_goals(first, goals, 0, 8);
    count = add_shown_goals(second, goals, count, 16);
    return lint_domain_can(&domain, goals, count);
}

static void check_duplicate_facts(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    size_t count = 0;
    const helder_node **bound = helder_xmalloc((form->nnodes + 1) * sizeof *bound);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_QUESTION && node->u.question.fact && !node->scope && node->id)
            bound[count++] = node;
    }
    qsort(bound, count, sizeof *bound, compare_facts);
    for (size_t i = 1; i < count; i++) {
        const char *fact = bound[i]->u.question.fact;
        /* Compare with the earlier questions of the same fact; past a few, a long run of them
         * is reported without asking whether they exclude each other (keeps this linear). */
        unsigned compared = 0;
        for (size_t j = i; j > 0 && strcmp(bound[j - 1]->u.question.fact, fact) == 0; j--) {
            const helder_node *first = bound[j - 1];
            if (++compared <= 8 && !can_both_be_shown(first, bound[i]))
                continue;
            lint_report(ctx, HELDER_RULE_DUPLICATE_FACT, bound[i]->u.question.fact_pos,
                        "questions '%s' (line %u) and '%s' can both be shown and are bound "
                        "to the same fact '%s'",
                        first->id, first->pos.line, bound[i]->id, fact);
            break;
        }
    }
    free(bound);
}

/* ---- forward references ---- */

typedef struct {
    lint_ctx *ctx;
    const helder_node *node;   /* whose attribute this is */
    const helder_node *anchor; /* where it is asked: the node, or an option's question */
    const helder_attr_expr *attr;
    const char *name;
    const helder_node **latest; /* per computed value: the latest question it reads */
    const helder_node *reported[16];
    unsigned nreported;
} forward_ctx;

static void latest_read(const helder_expr *ref, const helder_node *target, void *payload)
{
    forward_ctx *fwd = payload;
    const helder_node **latest = &fwd->latest[fwd->node->index];
    const helder_node *read =
        target->type == HELDER_NODE_COMPUTED ? fwd->latest[target->index] : target;
    (void)ref;
    if (read && read->type != HELDER_NODE_COMPUTED && (!*latest || read->index > (*latest)->index))
        *latest = read;
}

static void check_forward(const helder_expr *ref, const helder_node *target, void *payload)
{
    forward_ctx *fwd = payload;
    const helder_node *later = target;
    char where[256];
    if (ref->op == HELDER_OP_PATH)
        return; /* r/q: the reference to the repeat r inside it speaks for it */
    if (target->type == HELDER_NODE_COMPUTED)
        later = fwd->latest[target->index];
    else if (target->type != HELDER_NODE_QUESTION && target->type != HELDER_NODE_REPEAT)
        return;
    if (!later || later == fwd->anchor || later->index <= fwd->anchor->index)
        return;
    for (unsigned i = 0; i < fwd->nreported; i++)
        if (fwd->reported[i] == target)
            return;
    if (fwd->nreported < sizeof fwd->reported / sizeof fwd->reported[0])
        fwd->reported[fwd->nreported++] = target;
    lint_attr_describe(fwd->node, fwd->name, where, sizeof where);
    if (target == later)
        lint_report(
            fwd->ctx, HELDER_RULE_FORWARD_REFERENCE, lint_expr_pos(fwd->ctx, fwd->attr, ref),
            "%s refers to %s '%s', which comes later in the form (line %u)", where,
            helder_node_type_name(target->type), target->id ? target->id : "?", target->pos.line);
    else
        lint_report(fwd->ctx, HELDER_RULE_FORWARD_REFERENCE,
                    lint_expr_pos(fwd->ctx, fwd->attr, ref),
                    "%s uses computed value '%s', which reads %s '%s' that comes later in the "
                    "form (line %u)",
                    where, target->id ? target->id : "?", helder_node_type_name(later->type),
                    later->id ? later->id : "?", later->pos.line);
}

/* Conditions and bounds must only read what the applicant has already been asked. Constraints,
 * rules, documents and computed values are checked or shown after the answers they read, so
 * they may refer anywhere; computed values count as the latest question they read. */
static void check_forward_references(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    const helder_node **latest = helder_xcalloc(form->nnodes + 1, sizeof *latest);
    for (size_t i = 0; i < form->ncomputed; i++) {
        forward_ctx fwd = {ctx, form->computed_order[i], NULL, NULL, NULL, latest, {NULL}, 0};
        lint_expr_refs(fwd.node->u.computed.value.expr, latest_read, &fwd);
    }
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        const helder_attr_expr *attrs[4];
        const char *names[4];
        size_t count;
        if (node->type == HELDER_NODE_RULE || node->type == HELDER_NODE_CONSTRAINT ||
            node->type == HELDER_NODE_DOCUMENTS || node->type == HELDER_NODE_DOCUMENT ||
            node->type == HELDER_NODE_COMPUTED)
            continue;
        count = lint_node_attrs(node, attrs, names);
        for (size_t a = 0; a < count; a++) {
            forward_ctx fwd = {ctx, node, node, attrs[a], names[a], latest, {NULL}, 0};
            if (node->type == HELDER_NODE_OPTION && node->parent)
                fwd.anchor = node->parent;
            lint_expr_refs(attrs[a]->expr, check_forward, &fwd);
        }
    }
    free(latest);
}

void lint_structure(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        check_label(ctx, node);
        if (node->type == HELDER_NODE_QUESTION)
            check_options(ctx, node);
        else if (node->type == HELDER_NODE_SECTION || node->type == HELDER_NODE_REPEAT ||
                 node->type == HELDER_NODE_DOCUMENTS)
            check_empty(ctx, node);
    }
    check_unused_computed(ctx);
    check_duplicate_facts(ctx);
    check_forward_references(ctx);
}
