/* The rules `helder check` reports (check_rules.def) and its built-in messages for applicants
 * (check_messages.def), with the formatting of a message in one catalogue language (messages.c).
 * Shared by check, the answer rules (answer.h) and the facts loader (facts.h), so that a fact and
 * an answer that break the same rule say so in the same words.
 */
#ifndef HELDER_MODEL_MESSAGES_H
#define HELDER_MODEL_MESSAGES_H

#include "helder.h"
#include "model/arena.h"
#include "model/model.h"

typedef enum {
#define HELDER_CHECK_RULE(id, name, severity, summary) HELDER_CHECK_RULE_##id,
#include "model/check_rules.def"
#undef HELDER_CHECK_RULE
    HELDER_CHECK_RULE__COUNT
} helder_check_rule;

/* One entry per built-in message; several messages may share a rule (below-min for numbers and
 * for dates). */
typedef enum {
    HELDER_MSG_NONE = 0,
#define HELDER_CHECK_MSG(id, rule, en, nl) HELDER_MSG_##id,
#include "model/check_messages.def"
#undef HELDER_CHECK_MSG
    HELDER_MSG__COUNT
} helder_check_msg;

const char *helder_check_rule_name(helder_check_rule rule);
helder_severity helder_check_rule_severity(helder_check_rule rule);
helder_check_rule helder_check_msg_rule(helder_check_msg msg);

/* Index of a message catalogue language for a form language tag: "nl" → nl, anything without a
 * catalogue → en. */
int helder_catalogue_lang(const char *lang);
const char *helder_catalogue_lang_name(int catalogue_lang);

/* Values for the {min}, {max}, {count}, {expected} and {value} placeholders. NULL: unused. */
typedef struct {
    const char *min, *max, *count, *expected, *value;
} helder_msg_args;

/* Formats msg in the catalogue language into the arena. */
const char *helder_msg_format(helder_arena *arena, helder_check_msg msg, int catalogue_lang,
                              const helder_msg_args *args);

#endif
