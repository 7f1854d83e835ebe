/* The render plan: what every renderer (HTML, PDF) needs beyond the model, computed once per
 * form and language. Question numbers; every text resolved in the language (falling back to
 * the form's default language); routing in plain words derived from the `when` conditions:
 * "Answer only if you answered Yes to question 4" for a conditional item, and, per option of a
 * yesno or choice question, "go to question 12" when choosing it skips the questions between.
 *
 * The plan borrows the form (which must outlive it) and never changes it. Strings it returns are
 * either borrowed from the form or owned by the plan; none is the caller's.
 */
#ifndef HELDER_RENDER_PLAN_H
#define HELDER_RENDER_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "render/messages.h"

/* One answer a yesno or choice question offers, with its routing. yesno questions get two
 * choices (Yes, then No) that have no option node. */
typedef struct {
    const char *value;         /* the answer as stored: option value, "yes" or "no" */
    const char *label;         /* resolved label ("Yes"/"No" from the catalogue for yesno) */
    const helder_node *option; /* the option node, or NULL for yes and no */
    unsigned goto_number;      /* choosing this skips to question goto_number; 0 when not */
    bool goto_end;             /* choosing this skips every remaining question */
    char *goto_text;           /* "go to question 12" / "go to the end…"; NULL without a jump */
} helder_plan_choice;

/* What the plan knows about one node of the form. */
typedef struct {
    const helder_node *node;
    unsigned number; /* questions: 1-based number in document order; 0 for other nodes */
    unsigned part;   /* sections: 1-based number in document order ("Part 2"); 0 otherwise */
    /* Texts resolved in the plan's language, NULL when the node has none. *_lang is the index in
     * form->langs of the language the text is actually in (differs after a fallback). */
    const char *title, *label, *hint, *text;
    unsigned title_lang, label_lang, hint_lang, text_lang;
    /* The node's own `when` in words: "Answer only if you chose 'Married' at question 7.", or a
     * generic sentence when the condition is too complex to say plainly (only_if_plain false).
     * NULL when the node has no condition. Owned by the plan. */
    char *only_if;
    bool only_if_plain;
    /* yesno and choice questions: the answers offered, in order; 0 and NULL otherwise.
     * Multichoice questions list their options too, without routing. */
    unsigned nchoices;
    helder_plan_choice *choices;
} helder_plan_item;

typedef struct {
    int32_t today; /* days since 1970-01-01, for conditions on today(): --today */
    bool no_goto;  /* leave goto_number/goto_text unset: the web form routes by showing and
                      hiding, and working out "go to question N" costs time on large forms */
} helder_plan_options;

#define HELDER_PLAN_OPTIONS_INIT                                                                   \
    {                                                                                              \
        0, false                                                                                   \
    }

typedef struct helder_plan {
    const helder_form *form; /* borrowed */
    unsigned lang;           /* index into form->langs */
    const char *lang_code;   /* form->langs[lang] */
    bool rtl;                /* the language is written right to left */
    const char *title;       /* the form's title and intro, resolved */
    const char *intro;
    helder_plan_item *items; /* form->nnodes entries, indexed by node->index */
    unsigned nquestions;
    const helder_plan_item **questions; /* questions[n - 1] is question number n */
    unsigned nsections;                 /* sections in document order, for "Part 2" */
} helder_plan;

/* Build the plan of `form` in form->langs[lang]. The form must have loaded without errors.
 * Returns 0 with *out set (the caller's, free with helder_plan_free), or HELDER_EUSAGE when lang
 * is out of range or the form has errors. */
int helder_plan_new(helder_plan **out, const helder_form *form, unsigned lang,
                    const helder_plan_options *opts);
void helder_plan_free(helder_plan *plan);

/* The item of a node of the plan's form. */
const helder_plan_item *helder_plan_item_of(const helder_plan *plan, const helder_node *node);

/* A catalogue message in the plan's language (English when helder has none for it). */
const char *helder_plan_msg(const helder_plan *plan, helder_msg id);

/* The index in form->langs of a language code, or -1. */
int helder_plan_find_lang(const helder_form *form, const char *code);

/* text in form->langs[lang], else in the default language, else in any language; NULL when the
 * text has no translation at all. *used (may be NULL) gets the language index found. */
const char *helder_plan_resolve(const helder_form *form, const helder_text *text, unsigned lang,
                                unsigned *used);

#endif
