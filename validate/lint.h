/* Private interface between the lint driver and its rule files. */
#ifndef HELDER_VALIDATE_LINT_H
#define HELDER_VALIDATE_LINT_H

#include <stdbool.h>

#include "model/model.h"

typedef struct {
    const helder_form *form;
    const helder_lint_options *opts;
    helder_diag_sink *sink;
} lint_ctx;

typedef void (*lint_pass)(lint_ctx *ctx);

/* The passes, in the order they run (validate/lint_passes.c). */
extern const lint_pass lint_passes[];
extern const size_t lint_pass_count;

void lint_structure(lint_ctx *ctx); /* rules_structure.c: options, labels, sections, facts, refs */
void lint_facets(lint_ctx *ctx);    /* rules_facets.c: min/max, lengths, patterns, autocomplete */
void lint_logic(lint_ctx *ctx);     /* rules_logic.c: conditions that never or always hold */
void lint_language(lint_ctx *ctx);  /* rules_language.c: translations and plain language */

/* ---- helpers shared by the rule files (lint_util.c) ---- */

/* Emits a diagnostic for the form's file with the rule's own severity. */
void lint_report(lint_ctx *ctx, helder_rule rule, helder_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "question 'age'", "option 'yes' of question 'q'", "the constraint on question 'q'",
 * "the documents list", … Writes into buf and returns it. */
const char *lint_describe(const helder_node *node, char *buf, size_t size);

/* "the when of question 'x'", "the required condition of question 'x'", "the test of rule 'r'",
 * "the constraint on question 'q'", "computed value 'c'": an attribute (lint_node_attrs name). */
const char *lint_attr_describe(const helder_node *node, const char *name, char *buf, size_t size);

/* Position of expr (a node inside attr's tree) in the source file. */
helder_pos lint_expr_pos(const lint_ctx *ctx, const helder_attr_expr *attr,
                         const helder_expr *expr);

/* The expression attributes a node carries, with their attribute names: when; required, min,
 * max (questions); test (constraints, rules); value (computed). Returns how many were stored in
 * attrs/names (at most 4); absent attributes (src NULL) are left out. */
size_t lint_node_attrs(const helder_node *node, const helder_attr_expr **attrs, const char **names);

/* Calls fn for every REF and PATH node of expr whose target is resolved. */
void lint_expr_refs(const helder_expr *expr,
                    void (*fn)(const helder_expr *ref, const helder_node *target, void *payload),
                    void *payload);

/* A literal number or date (number, -number, date('YYYY-MM-DD')) as a double (dates as days
 * since 1970-01-01). Returns true when expr is one; *is_date says which. */
bool lint_literal_value(const helder_expr *expr, double *out, bool *is_date);

/* Whether the option values of a choice or multichoice question include value[0..len). */
const helder_node *lint_find_option(const helder_node *question, const char *value, size_t len);

/* ---- the domain analysis (lint_domain.c) ----
 *
 * Decides, over the answers a form allows, whether a set of conditions can all be true (or all
 * be false) at once. It knows the domains of yes/no and choice questions, number and date
 * intervals (with the min/max facets that are literals), repeat counts, age(), count-selected()
 * and string-length(), and follows and/or/not with Kleene's three-valued logic: an unanswered
 * question makes a comparison unknown, which is neither true nor false. Anything it does not
 * understand may be anything, so "cannot" answers are exact and "can" answers may be wrong. */
typedef struct {
    const helder_expr *expr; /* a checked boolean expression */
    bool want;               /* the truth value it must take */
} lint_goal;

typedef struct {
    /* Nodes (by node->index) that are never shown, hence never answered; may be NULL. */
    const bool *never_shown;
    /* Out: the question (or repeat) whose domain ran out on every path, or NULL when the cause
     * is not a single one. */
    const helder_node *culprit;
    /* Out: the analysis ran out of its step budget and answered "can". */
    bool gave_up;
} lint_domain;

/* Returns true when the goals can all hold at once for some answers. */
bool lint_domain_can(lint_domain *domain, const lint_goal *goals, size_t ngoals);

/* ---- plain language (jargon.c) ---- */

typedef struct lint_jargon lint_jargon;

/* The built-in list, extended with opts->jargon ("word or phrase" or "phrase = plain words"). */
lint_jargon *lint_jargon_new(const helder_lint_options *opts);
void lint_jargon_free(lint_jargon *jargon);

/* Words of a text: letters, digits, inner hyphens and apostrophes; bytes of non-ASCII letters
 * count as letters, common Unicode punctuation does not. */
typedef struct {
    size_t start, len;
    bool clause_start; /* first word, or a , ; : . ? ! or line break lies before it */
    bool in_parens;    /* inside ( … ) */
} lint_word;

typedef struct {
    lint_word *items;
    size_t count, cap;
} lint_words;

/* Splits text into words, reusing words->items. Free with lint_words_free. */
void lint_words_split(lint_words *words, const char *text);
void lint_words_free(lint_words *words);
/* One word at a time: returns false at the end of text. */
bool lint_next_word(const char *text, size_t *at, size_t *start, size_t *len);

typedef void (*lint_jargon_fn)(const char *found, size_t found_len, const char *plain,
                               const char *gloss, void *payload);
/* Calls fn for every jargon word or phrase among the words of text (whole words, ASCII
 * case-insensitive, not inside parentheses), once per entry, for the entries that apply to
 * language lang. plain is the alternative in that language (NULL: leave the word out; "": none
 * given), gloss an English translation of it or NULL. */
void lint_jargon_scan(lint_jargon *jargon, const char *text, const lint_words *words,
                      const char *lang, lint_jargon_fn fn, void *payload);

#endif
