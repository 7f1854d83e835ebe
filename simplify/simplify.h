/* Private to simplify/: partial evaluation (peval.c), the fixed point (simplify.c), what the
 * facts say (known.c), writing the simplified form (write.c), the report (report.c) and its
 * message catalogue (messages.c). docs/simplify.md describes what each part does and why.
 */
#ifndef HELDER_SIMPLIFY_SIMPLIFY_H
#define HELDER_SIMPLIFY_SIMPLIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helder.h"
#include "model/model.h"

/* ---- reasons: what decided something ---- */

typedef enum {
    HELDER_REASON_FACT,   /* a fact answered a question (node, item) */
    HELDER_REASON_GROUP,  /* a fact group gave the items of a repeat (node) */
    HELDER_REASON_FORCED, /* a required choice had one option left (node) */
    HELDER_REASON_TODAY   /* the validity window decided a condition on today() */
} helder_reason_kind;

typedef struct {
    helder_reason_kind kind;
    const helder_node *node; /* the question or repeat */
    unsigned item;           /* 1-based item of a repeat, 0 outside repeats */
    const char *fact;        /* the fact's name (FACT), the group's name (GROUP) */
    unsigned line;           /* the fact's line in the facts file; 0 when none */
    const char *text;        /* the value in canonical form (FACT, FORCED), else NULL */
    long count;              /* GROUP: number of items */
} helder_reason;

/* A set of reason ids (indices into the simplifier's table), sorted, without duplicates. */
typedef struct {
    unsigned *ids;
    unsigned count, cap;
} helder_reasons;

void helder_reasons_add(helder_reasons *set, unsigned id);
void helder_reasons_merge(helder_reasons *set, const helder_reasons *other);
void helder_reasons_free(helder_reasons *set);
void helder_reasons_move(helder_reasons *dst, helder_reasons *src);

/* ---- partial values ---- */

typedef enum {
    HELDER_PV_KNOWN,   /* a value, the same in every submission that agrees with the facts */
    HELDER_PV_NULL,    /* no answer (or unknown) in every such submission */
    HELDER_PV_RESIDUAL /* depends on what the applicant answers: expr says how */
} helder_pv_kind;

typedef struct {
    helder_pv_kind kind;
    helder_value value; /* KNOWN: strings borrowed from the facts, the form or the options */
    helder_expr *expr;  /* RESIDUAL: owned (free with helder_pv_free) */
    helder_type type;   /* static type of the expression it came from */
    helder_reasons why; /* the facts that decided it, or were folded into it */
} helder_pv;

void helder_pv_free(helder_pv *pv);

/* ---- what the facts say, by slot ---- */

typedef struct {
    bool known;
    helder_value value; /* strings borrowed from the facts or the form */
    const char *text;   /* canonical answer text, for prefill */
    size_t len;
    const char *fact; /* the fact's name; NULL for a forced choice */
    unsigned line;
    unsigned reason; /* id in the reason table */
} helder_known;

typedef struct {
    bool present; /* the facts give this repeat's items */
    long count;
    unsigned line;
    helder_known **items; /* count arrays indexed by the repeat's slots */
    unsigned reason;
} helder_known_group;

/* ---- the simplifier ---- */

enum { HELDER_REL_RESIDUAL = -1, HELDER_REL_FALSE = 0, HELDER_REL_TRUE = 1 };

/* Per node (by node->index): the decisions of the last pass. */
typedef struct {
    int rel;                /* effective relevance: this node's when and its ancestors' */
    helder_reasons rel_why; /* what decided rel */
    helder_pv when;         /* its own when (options, notes, documents, sections, ...) */
    helder_pv required;     /* questions */
    helder_pv min, max;     /* questions with bounds */
    helder_pv value;        /* computed: its value; constraint and rule: the test */
    bool forced;            /* a required choice answered by its only option */
    bool early_no;          /* the facts alone make this rule, constraint or facet fail */
} helder_node_state;

/* A repeat whose items the facts give: per item, per slot. */
typedef struct {
    bool applied; /* the group is used (see simplify.c: apply_group) */
    long count;
    int *rel;                /* count * nslots: relevance of each question or computed per item */
    helder_reasons *rel_why; /* count * nslots */
    helder_pv *value;        /* count * nslots: computed values per item */
} helder_repeat_state;

typedef struct helder_simplifier {
    const helder_form *form;
    const helder_simplify_options *opts;
    helder_known *top;          /* by top-level slot */
    helder_known_group *groups; /* by repeat slot */
    helder_reason *reasons;
    unsigned nreasons, cap_reasons;
    helder_node_state *nodes;     /* by node index */
    helder_repeat_state *repeats; /* by repeat slot */

    /* today(): the window [from, to]; while one day is tried, today_set and today. */
    bool has_window;
    int32_t window_from, window_to;
    bool today_set;
    int32_t today;
    bool used_today; /* the last evaluation read today() or age() */
    unsigned today_reason;

    const helder_node *assume_absent; /* while set, this question has no answer (pe_if) */

    helder_node *fake; /* value holders for folding through helder_expr_eval */
    unsigned nfake;
} helder_simplifier;

unsigned helder_reason_add(helder_simplifier *simp, const helder_reason *reason);

/* Where an expression is evaluated. */
typedef struct {
    const helder_node *repeat; /* the repeat whose items it sees, or NULL */
    long item;                 /* a known item of that repeat (0-based), or -1: any item */
    const helder_node *self;   /* the question whose own facets these are (it is relevant) */
} helder_scope;

/* Partial evaluation (peval.c). The result is the caller's (helder_pv_free). */
helder_pv helder_peval(helder_simplifier *simp, const helder_expr *expr, const helder_scope *scope);

/* A condition in a place where unknown means `unknown_as` (0: when and required, 1: tests),
 * evaluated as far as the facts (and the validity window) allow. Never returns PV_NULL: a
 * condition that is unknown in every submission is decided as unknown_as. */
helder_pv helder_peval_condition(helder_simplifier *simp, const helder_expr *expr,
                                 const helder_scope *scope, int unknown_as);
/* A value (computed, min, max), evaluated as far as the facts and the window allow. */
helder_pv helder_peval_value(helder_simplifier *simp, const helder_expr *expr,
                             const helder_scope *scope);

/* An expression for a partial value: a literal for KNOWN (NULL when it cannot be written as
 * one), the residual for RESIDUAL. Caller frees. */
helder_expr *helder_pv_to_expr(const helder_pv *pv);
/* Literal trees. */
helder_expr *helder_expr_boolean(bool truth);
helder_expr *helder_expr_literal(helder_value value, helder_type type);
helder_expr *helder_expr_copy(const helder_expr *expr);
/* An expression that is unknown in every submission, of the given type (docs/simplify.md). */
helder_expr *helder_expr_no_answer(helder_type type);
/* Replace what is left of "no answer" inside a residual by an expression that is unknown in
 * every submission (docs/simplify.md, "No answer inside a residual"). */
helder_expr *helder_expr_seal(helder_expr *expr);
/* Whether two KNOWN values are the same. */
bool helder_value_same(helder_value a, helder_value b);

/* Known values from the facts (known.c). facts may be NULL. */
void helder_known_load(helder_simplifier *simp, const helder_facts *facts);
void helder_known_free(helder_simplifier *simp);

/* ---- the result ---- */

typedef enum {
    HELDER_CHANGE_REMOVED,         /* not relevant: removed */
    HELDER_CHANGE_CONDITION_TRUE,  /* its when always holds: condition removed */
    HELDER_CHANGE_CONDITION,       /* its when was simplified */
    HELDER_CHANGE_PREFILLED,       /* answered by the facts */
    HELDER_CHANGE_FORCED,          /* a required choice answered by its only option */
    HELDER_CHANGE_OPTION_REMOVED,  /* an option that cannot apply */
    HELDER_CHANGE_REQUIRED,        /* required decided or simplified */
    HELDER_CHANGE_BOUND,           /* min or max folded or removed */
    HELDER_CHANGE_CONSTRAINT_TRUE, /* a constraint that always holds: removed */
    HELDER_CHANGE_RULE_TRUE,       /* an eligibility rule that the facts meet: removed */
    HELDER_CHANGE_COMPUTED,        /* a computed value folded to a constant: removed */
    HELDER_CHANGE_EMPTY,           /* a section or repeat with nothing left: removed */
    HELDER_CHANGE_ITEMS,           /* a repeat whose items the facts give */
    HELDER_CHANGE_EARLY_NO,        /* the facts alone make a rule, constraint or facet fail */
    HELDER_CHANGE__COUNT
} helder_change_kind;

typedef struct {
    helder_change_kind kind;
    const helder_node *node; /* the item changed (an option, a constraint, a question, ...) */
    const char *attr;        /* "when", "required", "min", "max", "test", "value" or NULL */
    char *condition;         /* the source expression, or NULL */
    char *residual;          /* what is left of it ("true()", "false()", an expression) */
    char *value;             /* PREFILLED, FORCED: the answer; ITEMS: the count */
    helder_reasons why;
    unsigned item; /* 1-based for a change in one item of a repeat, else 0 */
} helder_change;

struct helder_simplify_result {
    helder_simplifier simp;
    helder_simplify_options opts;
    char *form_xml;
    size_t form_len;
    helder_change *changes;
    size_t nchanges, cap_changes;
    bool eligible;
    helder_simplify_summary summary;
    char *facts_digest;
    char *today, *valid_until; /* as given, or NULL */
    bool *kept;                /* by node index: written to the simplified form */
    bool *visible;             /* by node index: kept and shown to the applicant */
    const helder_node **host;  /* by node index: the section a computed value moves to */
};

void helder_change_add(helder_simplify_result *result, helder_change_kind kind,
                       const helder_node *node, const char *attr, const char *condition,
                       const helder_expr *residual, const char *value, const helder_reasons *why,
                       unsigned item);

/* Whether an option is written: offered in some submission, named by a known answer (an early
 * no), or needed because its question would be left without options (simplify.c). */
bool helder_simplify_option_kept(const helder_simplify_result *result, const helder_node *option);

/* Whether a question's min (is_min) or max is written (simplify.c). */
bool helder_simplify_bound_written(const helder_simplify_result *result,
                                   const helder_node *question, bool is_min);

/* Writes the simplified form (write.c). */
void helder_simplify_write(helder_simplify_result *result);
/* Seconds an applicant needs for one question of this type (report.c; docs/simplify.md). */
double helder_burden_seconds(const helder_node *question);

/* Applicant wording (messages.c): the catalogue language for a form language ("nl" or "en"). */
const char *helder_simplify_catalogue(const char *lang);
/* The sentence for a change, in catalogue language cat with the form's texts in form language
 * lang (an index into form->langs). Caller frees. */
char *helder_simplify_sentence(const helder_simplify_result *result, const helder_change *change,
                               const char *cat, int lang);

#endif
