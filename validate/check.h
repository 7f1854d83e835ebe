/* Private to validate/: checking submissions against a compiled form. plan.c compiles a form
 * once; submission.c reads a submission into frames bound to it; check.c applies the rules.
 * Answers and facts are read with model/'s rules (answer.h, facts.h) and reported with its rules
 * and message catalogue (messages.h). See docs/check-output.md.
 */
#ifndef HELDER_VALIDATE_CHECK_H
#define HELDER_VALIDATE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helder.h"
#include "model/answer.h"
#include "model/arena.h"
#include "model/facts.h"
#include "model/index.h"
#include "model/messages.h"
#include "model/model.h"

/* ---- the plan (plan.c) ---- */

typedef struct {
    const helder_node **nodes;
    unsigned count;
} helder_plan_deps;

/* What the plan knows about one node, indexed by node->index. */
typedef struct {
    helder_plan_deps rel;    /* references of its own when and its ancestors' */
    helder_plan_deps req;    /* references of required (questions) */
    helder_plan_deps value;  /* references of the value (computed values) */
    helder_plan_deps checks; /* references of min, max, constraints and option conditions */
    helder_plan_deps test;   /* references of the test (rules) */
    /* The prefill of a simplified form, parsed once; prefill_msg != 0 when it does not parse. */
    bool has_prefill;
    int prefill_msg;
    helder_typed *prefill;
} helder_plan_node;

struct helder_check_plan {
    const helder_form *form;
    helder_arena arena;
    helder_form_index index;   /* ids, option values, fact keys */
    const helder_node **order; /* sections, repeats, questions, computed: dependencies first */
    size_t norder;
    helder_plan_node *nodes;     /* by node->index */
    const helder_node **checked; /* questions, repeats and rules in document order */
    size_t nchecked;
    /* simplify: a simplified form's prefilled repeat items (<item>), parsed once and used as a
     * facts group where --facts gives none; by repeat slot, NULL when the form has none. */
    helder_fact_group *prefill_groups;
};

/* ---- one submission (submission.c, check.c) ---- */

enum {
    HELDER_SOURCE_NONE = 0,
    HELDER_SOURCE_ANSWER, /* the submission */
    HELDER_SOURCE_FACT,   /* --facts */
    HELDER_SOURCE_PREFILL /* a simplified form's prefill */
};

/* State bits of a node (top level) or of a slot in an item. */
enum {
    HELDER_STATE_RELEVANT = 1,  /* its when and its ancestors' hold */
    HELDER_STATE_UNDECIDED = 2, /* relevance cannot be decided because of another error */
    HELDER_STATE_TAINTED = 4,   /* its value is not to be trusted (an error at or before it) */
    HELDER_STATE_INVALID = 8,   /* its own answer has an error */
    HELDER_STATE_DROPPED = 16   /* answered but not relevant: left out */
};

typedef struct {
    const char *text; /* trimmed; borrowed from the document, the facts or the arena */
    size_t len;       /* 0: no answer (an empty <answer/> is no answer) */
    size_t elem;      /* offset just past the <answer> start tag; 0 when none was given */
    unsigned char source;
    const helder_fact_value *fact; /* the fact for this question, when there is one */
    helder_typed typed;            /* valid once checked and not invalid */
} helder_answer;

typedef struct {
    helder_answer *answers; /* by slot */
    unsigned char *state;   /* by slot (items; top-level state lives in result->node_state) */
    unsigned nslots;
    size_t elem; /* offset just past the <item> start tag; 0 for an item from facts */
} helder_item_extra;

typedef struct {
    bool present; /* the submission has this <repeat> */
    bool from_facts;
    size_t elem;  /* offset just past the <repeat> start tag */
    size_t given; /* items in the submission (only the first max are read) */
    size_t count;
    helder_frame *frames; /* count frames: what the evaluator sees */
    helder_item_extra *extras;
} helder_repeat_data;

typedef struct {
    helder_check_finding finding;
    unsigned key_node; /* sort keys: form order */
    unsigned key_item;
    unsigned key_node2;
    unsigned seq;
} helder_finding_entry;

struct helder_check_result {
    const helder_check_plan *plan;
    const helder_check_options *opts;
    char *name;
    helder_arena arena;
    const char *source; /* the bytes checked, borrowed for the duration of the check */
    size_t source_len;
    helder_lines lines; /* built on the first finding that needs a line */
    bool lines_ready;
    const char *attrs[5]; /* form, version, xml:lang, reference, received */
    int lang;             /* index into form->langs */
    int catalogue_lang;
    bool readable; /* answers were read */

    helder_frame top;            /* top-level values and repeats, as the evaluator sees them */
    helder_answer *answers;      /* top-level answers by slot */
    unsigned char *node_state;   /* by node index */
    helder_repeat_data *repeats; /* by repeat slot */
    helder_env env;

    helder_finding_entry *entries;
    size_t nentries, cap;
    unsigned counts[3];
    unsigned seq;
    helder_check_finding *sorted; /* built on demand */
};

/* Names of the submission attributes, in result->attrs order. */
extern const char *const helder_submission_attr_names[5];

/* Read buf into result (safe XML, structure, form id and version, answers into frames).
 * Returns 0 when the answers were read, else HELDER_EINVALID or HELDER_ETOOBIG. */
int helder_submission_read(helder_check_result *result, const char *buf, size_t len);

/* Line of the start tag that ends just before byte offset elem (0 for 0), and the line table. */
unsigned helder_result_line(helder_check_result *result, size_t elem);
const helder_lines *helder_result_lines(helder_check_result *result);
/* Allocates count item frames for repeat into data. */
void helder_result_alloc_items(helder_check_result *result, const helder_node *repeat,
                               helder_repeat_data *data, size_t count);

/* Add a finding. node: the question, repeat or rule (NULL for the file); item: 1-based or 0. */
void helder_result_add(helder_check_result *result, helder_check_msg msg, const helder_node *node,
                       unsigned item, unsigned line, const helder_msg_args *args);
/* A finding about an id that is not in the form (unknown-question, misplaced-answer, ...). */
void helder_result_add_id(helder_check_result *result, helder_check_msg msg, const char *id,
                          size_t id_len, const char *repeat_id, unsigned item, unsigned line);
/* Forget every finding so far (when the file turns out not to be a submission after all). */
void helder_result_reset(helder_check_result *result);
/* Same with the message text given (the form's own, or a parser's) and an explicit rule name. */
void helder_result_add_text(helder_check_result *result, helder_severity severity, const char *rule,
                            const helder_node *node, unsigned item, unsigned line, unsigned col,
                            const char *message);

/* Apply the form's rules to the answers read (check.c). */
void helder_check_apply(helder_check_result *result);

#endif
