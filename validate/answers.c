/* Read access to the answers of a checked submission: what the submission gave (and the facts
 * or a simplified form's prefill filled in), with what the check made of each. One reader of
 * submissions for every caller: the PDF's filled copy and the server's summaries read answers
 * here, never from the XML themselves.
 */
#include <string.h>

#include "validate/check.h"

/* Answers are held when the file was read as a submission, or read with opts->salvage;
 * submission.c leaves result->answers NULL otherwise. */
static bool holds_answers(const helder_check_result *result)
{
    return result && result->answers != NULL;
}

/* helder_check_submission points the evaluator at the answers only when it applies the rules. */
static bool applied(const helder_check_result *result)
{
    return result->env.root != NULL;
}

static unsigned public_flags(const helder_check_result *result, unsigned char state)
{
    unsigned flags;
    if (!applied(result))
        return 0;
    flags = HELDER_ANSWER_CHECKED;
    if (state & HELDER_STATE_RELEVANT)
        flags |= HELDER_ANSWER_RELEVANT;
    if (state & HELDER_STATE_UNDECIDED)
        flags |= HELDER_ANSWER_UNDECIDED;
    if (!(state & (HELDER_STATE_RELEVANT | HELDER_STATE_UNDECIDED)))
        flags |= HELDER_ANSWER_DROPPED;
    if (state & HELDER_STATE_INVALID)
        flags |= HELDER_ANSWER_INVALID;
    return flags;
}

/* Fills out from an answer slot; false when the slot holds no answer. */
static bool describe(helder_check_answer *out, const helder_check_result *result,
                     const helder_node *question, unsigned item, const helder_answer *answer,
                     unsigned char state)
{
    memset(out, 0, sizeof *out);
    if (answer->source == HELDER_SOURCE_NONE)
        return false;
    out->question = question->id;
    out->repeat = question->scope ? question->scope->id : NULL;
    out->item = question->scope ? item : 0;
    out->flags = public_flags(result, state);
    out->source = answer->source == HELDER_SOURCE_ANSWER ? HELDER_ANSWER_GIVEN
                  : answer->source == HELDER_SOURCE_FACT ? HELDER_ANSWER_FACT
                                                         : HELDER_ANSWER_PREFILL;
    /* A known answer's text is its normalized text, set when the check took it (check.c). */
    out->text = answer->text;
    out->text_len = answer->len;
    if (!out->text || out->text_len == 0) {
        memset(out, 0, sizeof *out);
        return false;
    }
    /* As the cleaned submission writes it: an answer in error has no normalized form. A known
     * answer's text is its normalized text already. */
    if ((out->flags & HELDER_ANSWER_CHECKED) && !(out->flags & HELDER_ANSWER_INVALID) &&
        answer->typed.norm) {
        bool known = answer->source != HELDER_SOURCE_ANSWER;
        out->normalized = known ? answer->text : answer->typed.norm;
        out->normalized_len = known ? answer->len : answer->typed.norm_len;
    }
    return true;
}

int helder_check_result_readable(const helder_check_result *result)
{
    return holds_answers(result);
}

int helder_check_result_foreach_answer(const helder_check_result *result, helder_check_answer_fn fn,
                                       void *payload)
{
    helder_check_answer answer;
    if (!holds_answers(result))
        return 0;
    const helder_form *form = result->plan->form;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_QUESTION && !node->scope && node->slot >= 0) {
            if (describe(&answer, result, node, 0, &result->answers[node->slot],
                         result->node_state[node->index])) {
                int rc = fn(&answer, payload);
                if (rc != 0)
                    return rc;
            }
        } else if (node->type == HELDER_NODE_REPEAT && node->slot >= 0) {
            const helder_repeat_data *data = &result->repeats[node->slot];
            for (size_t item = 0; item < data->count; item++) {
                const helder_item_extra *extra = &data->extras[item];
                /* A repeat holds its questions as children (as the cleaned submission has it) */
                for (const helder_node *question = node->first_child; question;
                     question = question->next) {
                    if (question->type != HELDER_NODE_QUESTION || question->slot < 0 ||
                        (unsigned)question->slot >= extra->nslots)
                        continue;
                    if (!describe(&answer, result, question, (unsigned)item + 1,
                                  &extra->answers[question->slot], extra->state[question->slot]))
                        continue;
                    int rc = fn(&answer, payload);
                    if (rc != 0)
                        return rc;
                }
            }
        }
    }
    return 0;
}

int helder_check_result_answer(helder_check_answer *out, const helder_check_result *result,
                               const char *question, unsigned item)
{
    const helder_node *node;
    memset(out, 0, sizeof *out);
    if (!holds_answers(result) || !question)
        return 0;
    node = helder_form_find(result->plan->form, question);
    if (!node || node->type != HELDER_NODE_QUESTION || node->slot < 0)
        return 0;
    if (!node->scope) {
        if (item != 0)
            return 0;
        return describe(out, result, node, 0, &result->answers[node->slot],
                        result->node_state[node->index]);
    }
    if (node->scope->slot < 0 || item == 0)
        return 0;
    const helder_repeat_data *data = &result->repeats[node->scope->slot];
    if (item > data->count)
        return 0;
    const helder_item_extra *extra = &data->extras[item - 1];
    if ((unsigned)node->slot >= extra->nslots)
        return 0;
    return describe(out, result, node, item, &extra->answers[node->slot], extra->state[node->slot]);
}

/* What the submission holds for the repeat with id `repeat`; NULL when the form has none. */
static const helder_repeat_data *find_repeat(const helder_check_result *result, const char *repeat)
{
    const helder_node *node;
    if (!holds_answers(result) || !repeat)
        return NULL;
    node = helder_form_find(result->plan->form, repeat);
    if (!node || node->type != HELDER_NODE_REPEAT || node->slot < 0)
        return NULL;
    return &result->repeats[node->slot];
}

size_t helder_check_result_items(const helder_check_result *result, const char *repeat)
{
    const helder_repeat_data *data = find_repeat(result, repeat);
    return data ? data->count : 0;
}

int helder_check_result_repeat_given(const helder_check_result *result, const char *repeat)
{
    const helder_repeat_data *data = find_repeat(result, repeat);
    return data && (data->present || data->from_facts || data->count > 0);
}
