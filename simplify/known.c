/* What the facts say, as simplify reads it: the facts are loaded and parsed by model/'s facts
 * loader (model/facts.c, one set of rules for reading facts and answers, the same as check's),
 * then copied here into known values by slot.
 */
#include <stdlib.h>
#include <string.h>

#include "model/facts.h"
#include "simplify/simplify.h"

static void known_from(helder_simplifier *simp, helder_known *known, const helder_node *question,
                       const helder_fact_value *fact, unsigned item)
{
    helder_reason reason;
    if (!fact)
        return;
    known->known = true;
    known->value = fact->typed.value;
    known->text = fact->typed.norm;
    known->len = fact->typed.norm_len;
    known->fact = fact->name;
    known->line = fact->line;
    memset(&reason, 0, sizeof reason);
    reason.kind = HELDER_REASON_FACT;
    reason.node = question;
    reason.item = item;
    reason.fact = fact->name;
    reason.line = fact->line;
    reason.text = fact->typed.norm;
    known->reason = helder_reason_add(simp, &reason);
}

void helder_known_load(helder_simplifier *simp, const helder_facts *facts)
{
    const helder_form *form = simp->form;
    simp->top = helder_xcalloc(form->nslots ? form->nslots : 1, sizeof *simp->top);
    simp->groups = helder_xcalloc(form->nrepeats ? form->nrepeats : 1, sizeof *simp->groups);
    if (!facts || facts->index->form != form)
        return;
    for (unsigned slot = 0; slot < form->nslots; slot++)
        known_from(simp, &simp->top[slot], form->slot_nodes[slot], facts->top[slot], 0);
    for (unsigned r = 0; r < form->nrepeats; r++) {
        const helder_fact_group *group = &facts->groups[r];
        const helder_node *repeat = form->repeat_nodes[r];
        helder_known_group *known = &simp->groups[r];
        helder_reason reason;
        if (!group->present)
            continue;
        known->present = true;
        known->count = (long)group->count;
        known->line = group->line;
        memset(&reason, 0, sizeof reason);
        reason.kind = HELDER_REASON_GROUP;
        reason.node = repeat;
        reason.fact = repeat->id;
        reason.line = group->line;
        reason.count = (long)group->count;
        known->reason = helder_reason_add(simp, &reason);
        known->items = helder_xcalloc(group->count ? group->count : 1, sizeof *known->items);
        for (size_t i = 0; i < group->count; i++) {
            unsigned nslots = repeat->u.repeat.nslots;
            known->items[i] = helder_xcalloc(nslots ? nslots : 1, sizeof *known->items[i]);
            for (const helder_node *child = repeat->first_child; child; child = child->next)
                if (child->type == HELDER_NODE_QUESTION && child->slot >= 0)
                    known_from(simp, &known->items[i][child->slot], child,
                               group->items[i][child->slot], (unsigned)i + 1);
        }
    }
}

void helder_known_free(helder_simplifier *simp)
{
    const helder_form *form = simp->form;
    for (unsigned r = 0; simp->groups && r < form->nrepeats; r++) {
        for (long i = 0; i < simp->groups[r].count && simp->groups[r].items; i++)
            free(simp->groups[r].items[i]);
        free(simp->groups[r].items);
    }
    free(simp->groups);
    free(simp->top);
}
