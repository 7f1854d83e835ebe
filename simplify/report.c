/* The report of a simplification: the early no first, then every change in the order of the
 * form with what happened, the condition and what is left of it, the facts that decided it and
 * the line in the source form, the applicant's wording; then the summary and the burden
 * estimate (docs/simplify.md, "The report" and "Burden"). As text for people, JSON for tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "model/buffer.h"
#include "simplify/simplify.h"

/* ---- burden: seconds per question, by type (docs/simplify.md, "Burden") ---- */

double helder_burden_seconds(const helder_node *question)
{
    static const double seconds[HELDER_Q__COUNT] = {
        [HELDER_Q_TEXT] = 15,    [HELDER_Q_LONGTEXT] = 90,    [HELDER_Q_INTEGER] = 10,
        [HELDER_Q_DECIMAL] = 15, [HELDER_Q_DATE] = 15,        [HELDER_Q_YESNO] = 5,
        [HELDER_Q_CHOICE] = 8,   [HELDER_Q_MULTICHOICE] = 15, [HELDER_Q_EMAIL] = 15,
        [HELDER_Q_PHONE] = 15,   [HELDER_Q_COUNTRY] = 10,     [HELDER_Q_BSN] = 20,
        [HELDER_Q_IBAN] = 25,    [HELDER_Q_POSTCODE] = 10,    [HELDER_Q_FILE] = 60,
    };
    double base = seconds[question->u.question.qtype];
    /* Reading the options of a long list takes time too: one second per option past four. */
    if (question->u.question.noptions > 4)
        base += (double)(question->u.question.noptions - 4);
    return base;
}

/* ---- names ---- */

static const char *const kind_names[HELDER_CHANGE__COUNT] = {
    [HELDER_CHANGE_REMOVED] = "removed",
    [HELDER_CHANGE_CONDITION_TRUE] = "condition-true",
    [HELDER_CHANGE_CONDITION] = "condition-simplified",
    [HELDER_CHANGE_PREFILLED] = "prefilled",
    [HELDER_CHANGE_FORCED] = "answered",
    [HELDER_CHANGE_OPTION_REMOVED] = "option-removed",
    [HELDER_CHANGE_REQUIRED] = "required-simplified",
    [HELDER_CHANGE_BOUND] = "bound-simplified",
    [HELDER_CHANGE_CONSTRAINT_TRUE] = "constraint-removed",
    [HELDER_CHANGE_RULE_TRUE] = "rule-met",
    [HELDER_CHANGE_COMPUTED] = "computed-folded",
    [HELDER_CHANGE_EMPTY] = "empty-removed",
    [HELDER_CHANGE_ITEMS] = "items-prefilled",
    [HELDER_CHANGE_EARLY_NO] = "early-no",
};

/* What happened, in words, for the designer. */
static const char *const kind_words[HELDER_CHANGE__COUNT] = {
    [HELDER_CHANGE_REMOVED] = "removed: it never applies",
    [HELDER_CHANGE_CONDITION_TRUE] = "condition removed: it always holds",
    [HELDER_CHANGE_CONDITION] = "condition simplified",
    [HELDER_CHANGE_PREFILLED] = "prefilled from the facts",
    [HELDER_CHANGE_FORCED] = "answered: the only option left of a required choice",
    [HELDER_CHANGE_OPTION_REMOVED] = "option removed: it is never offered",
    [HELDER_CHANGE_REQUIRED] = "required simplified",
    [HELDER_CHANGE_BOUND] = "bound simplified",
    [HELDER_CHANGE_CONSTRAINT_TRUE] = "constraint removed: it always holds",
    [HELDER_CHANGE_RULE_TRUE] = "rule removed: the facts meet it",
    [HELDER_CHANGE_COMPUTED] = "computed value folded to a constant and removed",
    [HELDER_CHANGE_EMPTY] = "removed: nothing in it is left to ask or show",
    [HELDER_CHANGE_ITEMS] = "items given by the facts",
    [HELDER_CHANGE_EARLY_NO] = "fails on the facts alone",
};

/* "question 'x'", "option 'v' of question 'x'", "constraint 2 of question 'x'". */
static void describe_node(char *buf, size_t size, const helder_node *node)
{
    if (node->type == HELDER_NODE_OPTION) {
        snprintf(buf, size, "option '%s' of question '%s'",
                 node->u.option.value ? node->u.option.value : "?",
                 node->parent && node->parent->id ? node->parent->id : "?");
    } else if (node->type == HELDER_NODE_CONSTRAINT) {
        unsigned number = 1;
        for (const helder_node *at = node->prev; at; at = at->prev)
            number += at->type == HELDER_NODE_CONSTRAINT;
        snprintf(buf, size, "constraint %u of question '%s'", number,
                 node->parent && node->parent->id ? node->parent->id : "?");
    } else {
        snprintf(buf, size, "%s '%s'", helder_node_type_name(node->type),
                 node->id ? node->id : "?");
    }
}

static const char *node_id(const helder_node *node)
{
    if (node->type == HELDER_NODE_OPTION || node->type == HELDER_NODE_CONSTRAINT)
        return node->parent ? node->parent->id : NULL;
    return node->id;
}

/* ---- text ---- */

static void text_reason(helder_buf *out, const helder_simplify_result *result, unsigned id)
{
    const helder_reason *reason = &result->simp.reasons[id];
    switch (reason->kind) {
    case HELDER_REASON_FACT:
        helder_buf_printf(out, "fact %s = %s", reason->fact, reason->text ? reason->text : "");
        if (reason->item)
            helder_buf_printf(out, " (item %u of '%s')", reason->item,
                              reason->node->scope ? reason->node->scope->id : "?");
        if (reason->line)
            helder_buf_printf(out, " [facts line %u]", reason->line);
        break;
    case HELDER_REASON_GROUP:
        helder_buf_printf(out, "group %s with %ld item%s", reason->fact, reason->count,
                          reason->count == 1 ? "" : "s");
        if (reason->line)
            helder_buf_printf(out, " [facts line %u]", reason->line);
        break;
    case HELDER_REASON_FORCED:
        helder_buf_printf(out, "question '%s' answered '%s' (its only option)", reason->node->id,
                          reason->text ? reason->text : "");
        break;
    case HELDER_REASON_TODAY:
        helder_buf_printf(out, "today() anywhere from %s to %s",
                          result->today ? result->today : "?",
                          result->valid_until ? result->valid_until : "?");
        break;
    }
}

static void text_change(helder_buf *out, const helder_simplify_result *result,
                        const helder_change *change)
{
    const helder_form *form = result->simp.form;
    char what[256];
    describe_node(what, sizeof what, change->node);
    helder_buf_printf(out, "%s:%u: %s", form->file, change->node->pos.line, what);
    if (change->item)
        helder_buf_printf(out, " (item %u)", change->item);
    helder_buf_printf(out, ": %s", kind_words[change->kind]);
    if (change->value && change->kind != HELDER_CHANGE_ITEMS)
        helder_buf_printf(out, ": '%s'", change->value);
    else if (change->value)
        helder_buf_printf(out, ": %s", change->value);
    helder_buf_puts(out, "\n");
    if (change->condition)
        helder_buf_printf(out, "    %s: %s  =>  %s\n", change->attr ? change->attr : "condition",
                          change->condition, change->residual ? change->residual : "(open)");
    if (change->why.count) {
        helder_buf_puts(out, "    because: ");
        for (unsigned i = 0; i < change->why.count; i++) {
            if (i)
                helder_buf_puts(out, "; ");
            text_reason(out, result, change->why.ids[i]);
        }
        helder_buf_puts(out, "\n");
    }
    for (unsigned lang = 0; lang < form->nlangs; lang++) {
        const char *cat = helder_simplify_catalogue(form->langs[lang]);
        /* In text, only languages with a catalogue of their own: mixing English with an Arabic
         * label reads badly on a terminal. JSON has them all. */
        if (strcmp(cat, form->langs[lang]) != 0)
            continue;
        char *sentence = helder_simplify_sentence(result, change, cat, (int)lang);
        if (sentence)
            helder_buf_printf(out, "    applicant (%s): %s\n", form->langs[lang], sentence);
        free(sentence);
    }
}

static void text_summary(helder_buf *out, const helder_simplify_summary *sum)
{
    helder_buf_puts(out, "\nSummary (before -> after):\n");
    helder_buf_printf(out, "  questions to answer  %5u -> %u", sum->questions_before,
                      sum->questions_after);
    if (sum->prefilled)
        helder_buf_printf(out, " (and %u prefilled)", sum->prefilled);
    helder_buf_puts(out, "\n");
    helder_buf_printf(out, "  sections             %5u -> %u\n", sum->sections_before,
                      sum->sections_after);
    helder_buf_printf(out, "  documents            %5u -> %u\n", sum->documents_before,
                      sum->documents_after);
    helder_buf_printf(out, "  minutes (estimate)   %5.1f -> %.1f\n", sum->minutes_before,
                      sum->minutes_after);
}

static char *report_text(const helder_simplify_result *result, size_t *out_len)
{
    const helder_form *form = result->simp.form;
    helder_buf out = {NULL, 0, 0};
    size_t early = 0;
    helder_buf_puts(&out, "");
    helder_buf_printf(&out, "helder simplify: form %s version %s (%s)\n", form->id ? form->id : "?",
                      form->version ? form->version : "?", form->file);
    if (result->facts_digest)
        helder_buf_printf(&out, "facts: %s\n", result->facts_digest);
    if (result->today)
        helder_buf_printf(
            &out, "valid from %s to %s: conditions on today() decided for these days only\n",
            result->today, result->valid_until);
    else
        helder_buf_puts(&out, "no --today: conditions on today() are left as they are\n");
    for (size_t i = 0; i < result->nchanges; i++)
        early += result->changes[i].kind == HELDER_CHANGE_EARLY_NO;
    if (early) {
        helder_buf_printf(
            &out, "\nNOT ELIGIBLE: the facts alone make the application fail (%zu reason%s):\n",
            early, early == 1 ? "" : "s");
        for (size_t i = 0; i < result->nchanges; i++)
            if (result->changes[i].kind == HELDER_CHANGE_EARLY_NO)
                text_change(&out, result, &result->changes[i]);
    }
    helder_buf_printf(&out, "\nChanges (%zu):\n", result->nchanges - early);
    for (size_t i = 0; i < result->nchanges; i++)
        if (result->changes[i].kind != HELDER_CHANGE_EARLY_NO)
            text_change(&out, result, &result->changes[i]);
    text_summary(&out, &result->summary);
    *out_len = out.len;
    return out.data;
}

/* ---- JSON ---- */

static json_t *json_reason(const helder_simplify_result *result, unsigned id)
{
    const helder_reason *reason = &result->simp.reasons[id];
    static const char *const kinds[] = {"fact", "group", "answered", "today"};
    json_t *obj = json_object();
    json_object_set_new(obj, "kind", json_string(kinds[reason->kind]));
    if (reason->fact)
        json_object_set_new(obj, "fact", json_string(reason->fact));
    if (reason->node && reason->node->id)
        json_object_set_new(obj, reason->kind == HELDER_REASON_GROUP ? "repeat" : "question",
                            json_string(reason->node->id));
    if (reason->item)
        json_object_set_new(obj, "item", json_integer(reason->item));
    if (reason->text && reason->kind != HELDER_REASON_TODAY)
        json_object_set_new(obj, "value", json_string(reason->text));
    if (reason->kind == HELDER_REASON_GROUP)
        json_object_set_new(obj, "count", json_integer(reason->count));
    if (reason->kind == HELDER_REASON_TODAY) {
        json_object_set_new(obj, "from", json_string(result->today));
        json_object_set_new(obj, "until", json_string(result->valid_until));
    }
    if (reason->line)
        json_object_set_new(obj, "line", json_integer(reason->line));
    return obj;
}

static json_t *json_change(const helder_simplify_result *result, const helder_change *change)
{
    const helder_form *form = result->simp.form;
    json_t *obj = json_object();
    const char *id = node_id(change->node);
    json_object_set_new(obj, "change", json_string(kind_names[change->kind]));
    json_object_set_new(obj, "element", json_string(helder_node_type_name(change->node->type)));
    if (id)
        json_object_set_new(obj, "id", json_string(id));
    if (change->node->type == HELDER_NODE_OPTION && change->node->u.option.value)
        json_object_set_new(obj, "option", json_string(change->node->u.option.value));
    json_object_set_new(obj, "line", json_integer(change->node->pos.line));
    if (change->item)
        json_object_set_new(obj, "item", json_integer(change->item));
    if (change->attr)
        json_object_set_new(obj, "attribute", json_string(change->attr));
    if (change->condition)
        json_object_set_new(obj, "condition", json_string(change->condition));
    if (change->residual)
        json_object_set_new(obj, "residual", json_string(change->residual));
    if (change->value)
        json_object_set_new(obj, "value", json_string(change->value));
    json_t *why = json_array();
    for (unsigned i = 0; i < change->why.count; i++)
        json_array_append_new(why, json_reason(result, change->why.ids[i]));
    json_object_set_new(obj, "because", why);
    json_t *applicant = json_object();
    for (unsigned lang = 0; lang < form->nlangs; lang++) {
        char *sentence = helder_simplify_sentence(
            result, change, helder_simplify_catalogue(form->langs[lang]), (int)lang);
        if (sentence)
            json_object_set_new(applicant, form->langs[lang], json_string(sentence));
        free(sentence);
    }
    json_object_set_new(obj, "applicant", applicant);
    return obj;
}

static char *report_json(const helder_simplify_result *result, size_t *out_len)
{
    const helder_form *form = result->simp.form;
    const helder_simplify_summary *sum = &result->summary;
    json_t *root = json_object();
    json_object_set_new(root, "form", json_string(form->id ? form->id : ""));
    json_object_set_new(root, "version", json_string(form->version ? form->version : ""));
    json_object_set_new(root, "file", json_string(form->file));
    json_object_set_new(root, "facts_digest",
                        result->facts_digest ? json_string(result->facts_digest) : json_null());
    json_object_set_new(root, "valid_from",
                        result->today ? json_string(result->today) : json_null());
    json_object_set_new(root, "valid_until",
                        result->valid_until ? json_string(result->valid_until) : json_null());
    json_object_set_new(root, "known",
                        json_string(result->opts.known == HELDER_KNOWN_DROP ? "drop" : "confirm"));
    json_object_set_new(root, "eligible", json_boolean(result->eligible));
    json_t *early = json_array(), *changes = json_array();
    for (size_t i = 0; i < result->nchanges; i++)
        json_array_append_new(result->changes[i].kind == HELDER_CHANGE_EARLY_NO ? early : changes,
                              json_change(result, &result->changes[i]));
    json_object_set_new(root, "early_no", early);
    json_object_set_new(root, "changes", changes);
    json_t *summary = json_object();
    json_object_set_new(summary, "questions_before", json_integer(sum->questions_before));
    json_object_set_new(summary, "questions_after", json_integer(sum->questions_after));
    json_object_set_new(summary, "prefilled", json_integer(sum->prefilled));
    json_object_set_new(summary, "sections_before", json_integer(sum->sections_before));
    json_object_set_new(summary, "sections_after", json_integer(sum->sections_after));
    json_object_set_new(summary, "documents_before", json_integer(sum->documents_before));
    json_object_set_new(summary, "documents_after", json_integer(sum->documents_after));
    json_object_set_new(summary, "minutes_before", json_real(sum->minutes_before));
    json_object_set_new(summary, "minutes_after", json_real(sum->minutes_after));
    json_object_set_new(root, "summary", summary);
    char *dumped = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
    json_decref(root);
    size_t len = strlen(dumped);
    char *copy = helder_xmalloc(len + 2);
    memcpy(copy, dumped, len);
    copy[len] = '\n';
    copy[len + 1] = '\0';
    free(dumped);
    *out_len = len + 1;
    return copy;
}

int helder_simplify_result_report(char **out, size_t *out_len, const helder_simplify_result *result,
                                  helder_report_format format)
{
    size_t len = 0;
    *out = format == HELDER_REPORT_JSON ? report_json(result, &len) : report_text(result, &len);
    if (out_len)
        *out_len = len;
    return HELDER_OK;
}
